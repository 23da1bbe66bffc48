import { describe, expect, it } from "vitest";
import type { Block } from "../core/document.ts";
import { parseMarkdown } from "./parse-markdown.ts";

function parse(markdown: string, mdx = false) {
  const result = parseMarkdown(markdown, { source: mdx ? "page.mdx" : "page.md", mdx });
  if (result.kind !== "parsed") throw new Error(result.reason);
  return result;
}

function texts(blocks: readonly Block[]): string[] {
  return blocks.map((block) =>
    block.type === "heading" ? `${"#".repeat(block.depth)} ${block.text}` : block.text,
  );
}

describe("parseMarkdown", () => {
  it("keeps code blocks and tables verbatim and makes prose readable", () => {
    const code = '```python hl_lines="2"\n# Not a heading\nprint("**not bold**")\n///\n```';
    const table = "| Name | Value |\n|:-----|------:|\n| `a`  | **1** |";
    const { blocks } = parse(
      `# Title\n\nSee [the guide](https://example.com/guide) and \`inline()\` code, **bold** text ![logo](logo.png).\n\n${code}\n\n${table}\n\n- one [link](x)\n- two\n  1. nested\n- [x] done\n`,
    );
    expect(blocks).toEqual([
      { type: "heading", depth: 1, text: "Title", anchor: "title" },
      { type: "paragraph", text: "See the guide and `inline()` code, bold text ." },
      { type: "code", text: code },
      { type: "table", text: table },
      { type: "list", text: "- one link\n- two\n  1. nested\n- [x] done" },
    ]);
  });

  it("removes MkDocs admonition markers but keeps their content and titles", () => {
    const { blocks } = parse(
      [
        "/// tip",
        "",
        "Use `uv` to install.",
        "",
        "///",
        "",
        "/// note | Technical Details",
        "",
        "Starlette does the work.",
        "",
        "///",
        "",
        "//// tab | Python 3.10+",
        "",
        "```python",
        "x: int | None",
        "```",
        "",
        "////",
        "",
        '!!! warning "Careful"',
        "    This body is indented.",
        "",
        "    ```python",
        "    print(1)",
        "    ```",
        "",
        "After the admonition.",
      ].join("\n"),
    );
    expect(texts(blocks)).toEqual([
      "Use `uv` to install.",
      "Technical Details",
      "Starlette does the work.",
      "```python\nx: int | None\n```",
      "Careful",
      "This body is indented.",
      "```python\nprint(1)\n```",
      "After the admonition.",
    ]);
    expect(blocks.find((block) => block.text.startsWith("This body"))?.type).toBe("paragraph");
  });

  it("drops include directives and mkdocstrings blocks, which point at files we do not have", () => {
    const { blocks } = parse(
      [
        "# Reference",
        "",
        "Before.",
        "",
        "{* ../../docs_src/first_steps/tutorial001_py310.py hl[3] *}",
        "",
        "::: fastapi.FastAPI",
        "    options:",
        "        members:",
        "            - get",
        "",
        "After.",
      ].join("\n"),
    );
    expect(texts(blocks)).toEqual(["# Reference", "Before.", "After."]);
  });

  it("turns HTML blocks into their text", () => {
    const { blocks } = parse(
      '<div class="note">\n<p>Read <b>this</b> &amp; that.</p>\n</div>\n\n<img src="x.png">\n',
    );
    expect(blocks).toEqual([{ type: "html", text: "Read this & that." }]);
  });

  it("takes the title from front matter, else the first H1, else nothing", () => {
    expect(parse("---\ntitle: From YAML\nhide: [toc]\n---\n\n# Heading\n\nText.").title).toBe("From YAML");
    expect(parse("Intro.\n\n## Sub\n\n# Real Title { #real }\n\nText.").title).toBe("Real Title");
    expect(parse("Just text.").title).toBeNull();
  });

  it("rejects broken front matter naming the file and the YAML error", () => {
    const result = parseMarkdown("---\ntitle: [unclosed\n---\n\nText.", {
      source: "guide/broken.md",
      mdx: false,
    });
    expect(result.kind).toBe("invalid");
    if (result.kind === "invalid") {
      expect(result.reason).toContain("guide/broken.md");
      expect(result.reason).toMatch(/YAML/u);
      expect(result.reason).toMatch(/flow sequence|unclosed|line 1/iu);
    }
  });

  it("reads MDX: drops imports, exports and expressions, keeps text inside JSX, honours { #id }", () => {
    const result = parse(
      [
        "import { Tabs } from './tabs';",
        "export const meta = { draft: false };",
        "",
        "# Components { #components }",
        "",
        "Value is {props.value} today.",
        "",
        '<Callout kind="info">',
        "",
        "Remember to **save**.",
        "",
        "</Callout>",
        "",
        "{/* a comment */}",
      ].join("\n"),
      true,
    );
    expect(result.warnings).toEqual([]);
    expect(result.blocks).toEqual([
      { type: "heading", depth: 1, text: "Components", anchor: "components" },
      { type: "paragraph", text: "Value is  today." },
      { type: "paragraph", text: "Remember to save." },
    ]);
  });

  it("falls back to plain Markdown for MDX that does not parse, with a warning", () => {
    const result = parse(
      "import X from 'x';\n\n# Broken\n\n<div>\n\nUnclosed {expression\n\nStill readable.\n",
      true,
    );
    expect(result.warnings[0]).toMatch(/page\.mdx: MDX could not be parsed/u);
    expect(texts(result.blocks)).toContain("Still readable.");
    expect(texts(result.blocks).join("\n")).not.toContain("import X");
  });
});
