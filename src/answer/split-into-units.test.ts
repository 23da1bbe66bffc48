import { describe, expect, it } from "vitest";
import { cleanInlineMarkdown, splitIntoUnits } from "./split-into-units.ts";

describe("splitIntoUnits", () => {
  it("splits prose into sentences and keeps list items, table rows and code apart", () => {
    const text = [
      "# Title",
      "",
      "First sentence about e.g. sessions. Second sentence!",
      "It continues here.",
      "",
      "/// tip",
      "",
      "Admonition text.",
      "",
      "///",
      "",
      "* One item",
      "  that wraps.",
      "* Two item",
      "",
      "| Name | Type |",
      "| ---- | ---- |",
      "| `id` | int |",
      "",
      "Run it:",
      "",
      "```bash",
      "docent ask",
      "```",
      "",
      "{* ../../docs_src/example.py hl[3] *}",
    ].join("\n");
    expect(splitIntoUnits(text).map((unit) => [unit.kind, unit.text])).toEqual([
      ["sentence", "First sentence about e.g. sessions."],
      ["sentence", "Second sentence!"],
      ["sentence", "It continues here."],
      ["sentence", "Admonition text."],
      ["list-item", "One item that wraps."],
      ["list-item", "Two item"],
      ["table-row", "Name: `id`; Type: int"],
      ["sentence", "Run it:"],
      ["code", "```bash\ndocent ask\n```"],
    ]);
  });

  it("numbers units in order", () => {
    const units = splitIntoUnits("A one. A two.\n\n- item");
    expect(units.map((unit) => unit.index)).toEqual([0, 1, 2]);
  });
});

describe("cleanInlineMarkdown", () => {
  it("drops images, keeps link text, strips tags and emphasis, keeps code spans", () => {
    expect(
      cleanInlineMarkdown(
        '![logo](x.png) See [the **guide**](https://x.dev) for <abbr title="Application">API</abbr> *details* in `a*b*c`.',
      ),
    ).toBe("See the guide for API details in `a*b*c`.");
  });
});
