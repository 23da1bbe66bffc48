import { describe, expect, it } from "vitest";
import { createPathFilter } from "./create-path-filter.ts";

describe("createPathFilter", () => {
  it("keeps everything without globs, and applies include then exclude", () => {
    expect(createPathFilter({})("any/where.md")).toBe(true);
    const accepts = createPathFilter({ include: ["guide/**", "*.md"], exclude: ["**/drafts/**"] });
    expect(accepts("guide/install.md")).toBe(true);
    expect(accepts("readme.md")).toBe(true);
    expect(accepts("api/ref.md")).toBe(false);
    expect(accepts("guide/drafts/next.md")).toBe(false);
  });
});
