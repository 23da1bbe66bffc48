import { describe, expect, it } from "vitest";
import { createHeadingSlugger } from "./create-heading-slugger.ts";

function anchorsOf(headings: readonly string[]): string[] {
  const slugger = createHeadingSlugger();
  return headings.map((heading) => slugger.slug(heading).anchor);
}

describe("createHeadingSlugger", () => {
  it("makes GitHub-style slugs: lower case, spaces to dashes, punctuation removed", () => {
    expect(
      anchorsOf(["Hello World", "What's new?", "C++ & Rust", "FastAPI class", "Step 1: install (optional)"]),
    ).toEqual(["hello-world", "whats-new", "c--rust", "fastapi-class", "step-1-install-optional"]);
  });

  it("keeps non-Latin letters and drops emoji like GitHub", () => {
    expect(anchorsOf(["Überblick", "日本語の説明", "🚀 Launch"])).toEqual([
      "überblick",
      "日本語の説明",
      "-launch",
    ]);
  });

  it("makes duplicates unique within one document, and starts over for the next document", () => {
    expect(anchorsOf(["Intro", "Intro", "intro"])).toEqual(["intro", "intro-1", "intro-2"]);
    expect(anchorsOf(["Intro"])).toEqual(["intro"]);
  });

  it("honours MkDocs attr_list ids in all common spellings and removes them from the text", () => {
    const slugger = createHeadingSlugger();
    expect(slugger.slug("Motivation { #motivation }")).toEqual({ text: "Motivation", anchor: "motivation" });
    expect(slugger.slug("First Steps {#first-steps}")).toEqual({
      text: "First Steps",
      anchor: "first-steps",
    });
    expect(slugger.slug("Why { #why .important }")).toEqual({ text: "Why", anchor: "why" });
    expect(slugger.slug("Setup { .lead #set-up data-x=1 }")).toEqual({ text: "Setup", anchor: "set-up" });
    expect(slugger.slug("Legacy {: #legacy }")).toEqual({ text: "Legacy", anchor: "legacy" });
    expect(slugger.slug("Custom id { #My_ID }")).toEqual({ text: "Custom id", anchor: "My_ID" });
  });

  it("leaves braces that are not an attribute list in the text", () => {
    const slugger = createHeadingSlugger();
    expect(slugger.slug("Use {braces} in paths")).toEqual({
      text: "Use {braces} in paths",
      anchor: "use-braces-in-paths",
    });
    expect(slugger.slug("Path /items/{item_id}")).toEqual({
      text: "Path /items/{item_id}",
      anchor: "path-itemsitem_id",
    });
  });

  it("a class-only attribute list is removed but the anchor is still a slug", () => {
    expect(createHeadingSlugger().slug("Notes { .small }")).toEqual({ text: "Notes", anchor: "notes" });
  });

  it("never gives an auto slug that an explicit id already took", () => {
    expect(anchorsOf(["Overview { #intro }", "Intro"])).toEqual(["intro", "intro-1"]);
  });
});
