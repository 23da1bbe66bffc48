import { describe, expect, it } from "vitest";
import { tailTokens } from "./tail-tokens.ts";

describe("tailTokens", () => {
  it("returns the closing words within the budget", () => {
    const tail = tailTokens("one two three four five six seven eight", 3);
    expect(tail).toBe("six seven eight");
    expect(tailTokens("anything", 0)).toBe("");
  });
});
