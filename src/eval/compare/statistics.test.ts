import { describe, expect, it } from "vitest";
import { cohenKappa } from "../review/cohen-kappa.ts";
import { mcnemarExact } from "./mcnemar-exact.ts";
import { pairedBootstrap } from "./paired-bootstrap.ts";
import { seededRandom } from "./seeded-random.ts";

describe("mcnemarExact", () => {
  it("gives the two-sided exact binomial p-value of the flips", () => {
    expect(mcnemarExact(6, 0).pValue).toBeCloseTo(0.03125, 10); // 2 * 0.5^6
    expect(mcnemarExact(10, 2).pValue).toBeCloseTo(0.0385742, 6); // 2 * P(X<=2), X~B(12,.5) = 2*79/4096
    expect(mcnemarExact(5, 5).pValue).toBe(1);
    expect(mcnemarExact(0, 0).pValue).toBe(1);
    expect(mcnemarExact(1, 0).pValue).toBe(1);
    expect(mcnemarExact(600, 400).pValue).toBeLessThan(1e-9);
  });
});

describe("pairedBootstrap", () => {
  const baseline = Array.from({ length: 40 }, () => 1);
  const candidate = baseline.map((value, index) => (index % 5 === 0 ? 0 : value));
  it("is reproducible with a seed and brackets the observed delta", () => {
    const first = pairedBootstrap(baseline, candidate, { seed: 7 });
    expect(pairedBootstrap(baseline, candidate, { seed: 7 })).toEqual(first);
    expect(first.delta).toBeCloseTo(-0.2, 10);
    expect(first.low).toBeLessThan(first.delta);
    expect(first.high).toBeGreaterThan(first.delta);
    expect(first.high).toBeLessThan(0); // 8 of 40 cases dropped: significant
  });
  it("does not call a single flip out of 40 a significant drop", () => {
    const oneFlip = baseline.map((value, index) => (index === 3 ? 0 : value));
    expect(pairedBootstrap(baseline, oneFlip, { seed: 1 }).high).toBe(0);
  });
  it("rejects unpaired samples", () => {
    expect(() => pairedBootstrap([1], [1, 0])).toThrow(/paired/);
  });
});

describe("seededRandom", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe("cohenKappa", () => {
  it("matches a hand-computed example", () => {
    // 20 items: both pass 10, both fail 5, rater A pass / B fail 3, A fail / B pass 2.
    const pairs: Array<[boolean, boolean]> = [
      ...Array.from({ length: 10 }, (): [boolean, boolean] => [true, true]),
      ...Array.from({ length: 5 }, (): [boolean, boolean] => [false, false]),
      ...Array.from({ length: 3 }, (): [boolean, boolean] => [true, false]),
      ...Array.from({ length: 2 }, (): [boolean, boolean] => [false, true]),
    ];
    const result = cohenKappa(pairs);
    // po = 0.75; pe = 0.65*0.6 + 0.35*0.4 = 0.53; kappa = 0.22/0.47
    expect(result.observed).toBeCloseTo(0.75, 10);
    expect(result.kappa).toBeCloseTo(0.22 / 0.47, 10);
  });
  it("handles no items, perfect agreement and total disagreement", () => {
    expect(cohenKappa([]).kappa).toBeNull();
    expect(
      cohenKappa([
        [true, true],
        [false, false],
      ]).kappa,
    ).toBe(1);
    expect(
      cohenKappa([
        [true, false],
        [false, true],
      ]).kappa,
    ).toBe(-1);
  });
});
