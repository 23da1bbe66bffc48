import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataset } from "../../test/helpers/datasets.ts";
import { randomMarkdown } from "../../test/helpers/random-markdown.ts";
import { parseMarkdown } from "./parse-markdown.ts";
import { parseMarkdownWithMarkdownIt, whyRemarkIsNeeded } from "./parse-markdown-with-markdown-it.ts";
import { parseMarkdownWithRemark } from "./parse-markdown-with-remark.ts";
import { stripMkDocsSyntax } from "./strip-mkdocs-syntax.ts";

/** Both paths on one document: the remark reference, and markdown-it's result (null when it hands over). */
function bothPaths(markdown: string, source = "page.md") {
  return {
    remark: parseMarkdownWithRemark(markdown, { source, mdx: false }),
    markdownIt: parseMarkdownWithMarkdownIt(stripMkDocsSyntax(markdown), source),
  };
}

function fastBlocks(markdown: string) {
  const { remark, markdownIt } = bothPaths(markdown);
  expect(markdownIt, "markdown-it path taken").not.toBeNull();
  expect(markdownIt).toEqual(remark);
  return markdownIt?.kind === "parsed" ? markdownIt.blocks : [];
}

describe("markdown-it path gives remark's blocks", () => {
  it("on 400 seeded random documents of every construct, taking the fast path for most", () => {
    let fast = 0;
    for (let seed = 1; seed <= 400; seed += 1) {
      const markdown = randomMarkdown(seed);
      const { remark, markdownIt } = bothPaths(markdown);
      if (markdownIt !== null) {
        fast += 1;
        expect(markdownIt, `seed ${seed}: ${JSON.stringify(markdown)}`).toEqual(remark);
      }
      expect(parseMarkdown(markdown, { source: "page.md", mdx: false })).toEqual(remark);
    }
    // The generator mixes in constructs that go to remark; most documents must still be compared.
    expect(fast).toBeGreaterThan(180);
  }, 60_000);

  it("keeps micromark's readings where markdown-it differs by default", () => {
    // Single-tilde strikethrough (remark-gfm's default), a code span over a line break, a
    // backslash break keeping the space before it, a task box, a `javascript:` link's text.
    expect(
      fastBlocks("~40 loops~ to ~~gone~~ and `a\nb` then x \\\ny\n\n- [X]  done\n\n[t](javascript:x)"),
    ).toEqual([
      { type: "paragraph", text: "40 loops to gone and `a\nb` then x \ny" },
      { type: "list", text: "- [x] done" },
      { type: "paragraph", text: "t" },
    ]);
    // A lone open tag ends a table in GFM; markdown-it alone would take it as a row.
    expect(fastBlocks('| a |\n|---|\n| 1 |\n<img src="x.png">\n| 2 |').map((block) => block.text)).toEqual([
      "| a |\n|---|\n| 1 |",
      "| 2 |",
    ]);
    // TOML front matter is cut off (its title is not read); YAML's title is.
    expect(bothPaths("+++\ntitle = 'T'\n+++\n# Heading").markdownIt).toMatchObject({ title: "Heading" });
    expect(bothPaths("---\ntitle: From YAML\n---\n# Heading").markdownIt).toMatchObject({
      title: "From YAML",
    });
  });

  it("hands footnotes, unclosed front matter and other micromark quirks to remark, which keeps their text", () => {
    const cases = [
      ["Text[^1].\n\n[^1]: The note.", "footnotes"],
      ["---\n> quoted\n", "unclosed front matter"],
      ["a\n|-|\nb", "table header without a pipe"],
      ["See www.example.com/*path* now.", "markup inside a bare URL"],
    ] as const;
    for (const [markdown, reason] of cases) {
      expect(whyRemarkIsNeeded(stripMkDocsSyntax(markdown))).toBe(reason);
      expect(bothPaths(markdown).markdownIt).toBeNull();
      expect(parseMarkdown(markdown, { source: "page.md", mdx: false })).toEqual(
        parseMarkdownWithRemark(markdown, { source: "page.md", mdx: false }),
      );
    }
    expect(parseMarkdown("Text[^1].\n\n[^1]: The note.", { source: "page.md", mdx: false })).toMatchObject({
      blocks: [
        { type: "paragraph", text: "Text." },
        { type: "paragraph", text: "The note." },
      ],
    });
  });

  it("reports invalid YAML front matter exactly as remark's path does", () => {
    const markdown = "---\ntitle: [unclosed\n---\n\nText.";
    const { remark, markdownIt } = bothPaths(markdown, "guide/broken.md");
    expect(markdownIt).toEqual(remark);
    expect(markdownIt?.kind).toBe("invalid");
  });
});

const { path: docsRoot, available } = dataset("fastapi-docs/docs");

describe.skipIf(!available)("markdown-it path on the FastAPI docs (real pages)", () => {
  it("gives every page the blocks, title and warnings remark gives", async () => {
    const files = (await readdir(docsRoot, { recursive: true })).filter((file) => file.endsWith(".md"));
    expect(files.length).toBeGreaterThan(100);
    let fast = 0;
    for (const file of files) {
      const markdown = await readFile(join(docsRoot, file), "utf8");
      const { remark, markdownIt } = bothPaths(markdown, file);
      if (markdownIt !== null) fast += 1;
      expect(parseMarkdown(markdown, { source: file, mdx: false }), file).toEqual(remark);
    }
    expect(fast / files.length).toBeGreaterThan(0.9);
  }, 60_000);
});
