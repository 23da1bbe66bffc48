import { describe, expect, it } from "vitest";
import { quantiseSignBits, signWords } from "./sign-bits.ts";

describe("quantiseSignBits", () => {
  it("sets bit i of the packed words when dimension i is positive, leaving padding bits 0", () => {
    const vector = Float32Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 0.5 : -0.5));
    const target = new Uint32Array(signWords(40));
    quantiseSignBits(vector, null, target);
    expect(target).toHaveLength(2);
    for (let i = 0; i < 64; i++) {
      const bit = ((target[i >> 5] as number) >>> (i & 31)) & 1;
      expect(bit).toBe(i < 40 && i % 3 === 0 ? 1 : 0);
    }
  });

  it("takes signs about the centre, and writes at the given word", () => {
    const target = new Uint32Array(3).fill(0xffffffff);
    quantiseSignBits([0.2, 0.4, -0.1], [0.3, 0.3, -0.3], target, 1);
    expect(target[0]).toBe(0xffffffff);
    expect(target[1]).toBe(0b110);
    expect(target[2]).toBe(0xffffffff);
  });

  it("counts zero (and a value equal to the centre) as not positive", () => {
    const target = new Uint32Array(1);
    quantiseSignBits([0, 1, 0.5], [0, 0, 0.5], target);
    expect(target[0]).toBe(0b010);
  });
});
