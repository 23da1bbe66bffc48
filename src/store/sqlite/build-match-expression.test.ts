import { describe, expect, it } from "vitest";
import { buildMatchExpression } from "./build-match-expression.ts";

describe("buildMatchExpression", () => {
  it("ORs the quoted terms", () => {
    expect(buildMatchExpression(["error", "handling"])).toBe('"error" OR "handling"');
  });

  it("doubles quotes and keeps operators and column syntax as plain strings", () => {
    expect(buildMatchExpression(['say"hi', "NOT", "title:x"])).toBe('"say""hi" OR "NOT" OR "title:x"');
  });

  it("drops blank terms and repeats, and gives null when nothing is left", () => {
    expect(buildMatchExpression(["a", " ", "a", ""])).toBe('"a"');
    expect(buildMatchExpression([])).toBeNull();
    expect(buildMatchExpression(["", "  "])).toBeNull();
  });
});
