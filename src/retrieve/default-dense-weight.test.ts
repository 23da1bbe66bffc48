import { describe, expect, it } from "vitest";
import { DEFAULT_DENSE_WEIGHT, defaultDenseWeight } from "./default-dense-weight.ts";

describe("defaultDenseWeight", () => {
  it("gives a measured model its own weight, matched on the index's model key", () => {
    expect(defaultDenseWeight("tfjs:use-lite")).toEqual({ denseWeight: 0.2, source: "model-default" });
    expect(defaultDenseWeight("local:derived__glove-6B-100d-sif")).toEqual({
      denseWeight: 0.1,
      source: "model-default",
    });
  });

  it("gives any other model the conservative weight, and does not match a look-alike key", () => {
    expect(defaultDenseWeight("local:Xenova/bge-small-en-v1.5")).toEqual({
      denseWeight: DEFAULT_DENSE_WEIGHT,
      source: "default",
    });
    expect(defaultDenseWeight("openai-compatible:use-lite").source).toBe("default");
    expect(DEFAULT_DENSE_WEIGHT).toBeGreaterThan(0);
    expect(DEFAULT_DENSE_WEIGHT).toBeLessThanOrEqual(0.2);
  });
});
