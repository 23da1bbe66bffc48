import { describe, expect, it } from "vitest";
import { parseText } from "./parse-text.ts";

describe("parseText", () => {
  it("uses a short first line as title and splits paragraphs on blank lines", () => {
    expect(parseText("\nRelease checklist\n\nTag the commit.\nPush it.\n\n  \n\nAnnounce.\r\n")).toEqual({
      title: "Release checklist",
      blocks: [
        { type: "paragraph", text: "Release checklist" },
        { type: "paragraph", text: "Tag the commit.\nPush it." },
        { type: "paragraph", text: "Announce." },
      ],
    });
  });

  it("gives no title when the first line is long", () => {
    expect(parseText(`${"word ".repeat(30)}\n\nMore.`).title).toBeNull();
  });
});
