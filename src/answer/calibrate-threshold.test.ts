import { describe, expect, it } from "vitest";
import { isDocentError } from "../core/errors.ts";
import { calibrateThreshold } from "./calibrate-threshold.ts";

const answerable = (evidence: number) => ({ evidence, answerable: true });
const unanswerable = (evidence: number) => ({ evidence, answerable: false });

describe("calibrateThreshold", () => {
  it("separates perfectly separable samples at the midpoint of the gap", () => {
    const result = calibrateThreshold([
      unanswerable(0.1),
      unanswerable(0.3),
      answerable(0.7),
      answerable(0.9),
    ]);
    expect(result.threshold).toBeCloseTo(0.5);
    expect(result.accuracy).toBe(1);
    expect(result.balancedAccuracy).toBe(1);
    expect(result.falseRefusalRate).toBe(0);
    expect(result.falseAnswerRate).toBe(0);
  });

  it("maximises balanced accuracy, so the larger class does not decide alone", () => {
    // Nine answerable at 0.4-0.8, two unanswerable at 0.45 and 0.5.
    const samples = [
      ...[0.4, 0.55, 0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8].map(answerable),
      unanswerable(0.45),
      unanswerable(0.5),
    ];
    const result = calibrateThreshold(samples);
    // Plain accuracy would answer everything above 0.425 (one false refusal, two false answers = 9/11)
    // or refuse up to 0.525 (one false refusal, no false answers = 10/11); balanced accuracy picks the latter.
    expect(result.threshold).toBeCloseTo(0.525);
    expect(result.falseAnswerRate).toBe(0);
    expect(result.falseRefusalRate).toBeCloseTo(1 / 9);
  });

  it("breaks ties towards fewer false answers", () => {
    // Threshold 0.35 refuses one answerable; 0.65 answers... both give balanced accuracy 0.75.
    const result = calibrateThreshold([
      unanswerable(0.2),
      answerable(0.3),
      unanswerable(0.6),
      answerable(0.7),
    ]);
    const best = Math.max(...result.table.map((row) => row.balancedAccuracy));
    const tied = result.table.filter((row) => Math.abs(row.balancedAccuracy - best) < 1e-12);
    expect(tied.length).toBeGreaterThan(1);
    expect(result.falseAnswerRate).toBe(Math.min(...tied.map((row) => row.falseAnswerRate)));
    expect(result.threshold).toBeCloseTo(0.65);
  });

  it("lists every candidate threshold in ascending order, from answer-all to refuse-all", () => {
    const result = calibrateThreshold([unanswerable(0.2), answerable(0.8)]);
    expect(result.table.map((row) => row.threshold)).toEqual([0, 0.5, 0.9]);
    expect(result.table[0]?.falseAnswerRate).toBe(1);
    expect(result.table.at(-1)?.falseRefusalRate).toBe(1);
  });

  it("rejects samples without both classes or with evidence outside 0..1", () => {
    const expectInvalid = (run: () => unknown) => {
      try {
        run();
        expect.unreachable();
      } catch (error) {
        expect(isDocentError(error, "INPUT_INVALID")).toBe(true);
      }
    };
    expectInvalid(() => calibrateThreshold([answerable(0.5)]));
    expectInvalid(() => calibrateThreshold([]));
    expectInvalid(() => calibrateThreshold([answerable(1.5), unanswerable(0.1)]));
    expectInvalid(() => calibrateThreshold([answerable(Number.NaN), unanswerable(0.1)]));
  });
});
