import { describe, expect, it } from "vitest";
import { makePdf } from "../../test/helpers/make-pdf.ts";
import { seededRandom } from "../eval/compare/seeded-random.ts";
import { parseHtml } from "./parse-html.ts";
import { parseMarkdown } from "./parse-markdown.ts";
import { parsePdf } from "./parse-pdf.ts";
import { parseSourceFile } from "./parse-source-file.ts";
import { parseText } from "./parse-text.ts";
import { parseSitemap } from "./web/parse-sitemap.ts";

const encoder = new TextEncoder();
const SEEDS = Array.from({ length: 40 }, (_, index) => index + 1);
const VALID: Record<string, Uint8Array> = {
  "page.md": encoder.encode(
    "---\ntitle: T\n---\n\n# Title { #t }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\ncode()\n```\n\n- item\n",
  ),
  "page.mdx": encoder.encode(
    'import X from "x";\n\n# Title\n\n<X prop={1}>text {value}</X>\n\nexport const a = 1;\n',
  ),
  "page.txt": encoder.encode("Title line\n\nA paragraph of plain text.\n"),
  "page.html": encoder.encode(
    '<!doctype html><html><head><title>T</title><link rel="canonical" href="/x"></head><body><nav>n</nav><main><h1 id="a">A</h1><p>text <b>bold</b></p><table><tr><td>1</td></tr></table><pre><code class="language-js">x()</code></pre></main></body></html>',
  ),
  "page.pdf": makePdf([["Page one text"], ["Page two text"]]),
};

function mutations(bytes: Uint8Array, seed: number): Uint8Array[] {
  const next = seededRandom(seed);
  const randomBytes = Uint8Array.from({ length: Math.floor(next() * 600) }, () => Math.floor(next() * 256));
  const truncated = bytes.slice(0, Math.floor(next() * bytes.length));
  const flipped = bytes.slice();
  for (let flips = 0; flips < 8; flips += 1) {
    const at = Math.floor(next() * flipped.length);
    flipped[at] = Math.floor(next() * 256);
  }
  const spliced = new Uint8Array([
    ...bytes.slice(0, Math.floor(bytes.length / 2)),
    ...randomBytes.slice(0, 64),
  ]);
  return [randomBytes, truncated, flipped, spliced];
}

describe("every parser survives random and truncated bytes", () => {
  it("parseSourceFile returns a document or a skip with a reason, never throws, for every format", async () => {
    let documents = 0;
    let skips = 0;
    for (const [source, bytes] of Object.entries(VALID)) {
      for (const seed of SEEDS) {
        for (const input of mutations(bytes, seed)) {
          const result = await parseSourceFile({ source, bytes: input, contentHash: "h" });
          if (result.kind === "document") {
            documents += 1;
            expect(result.document.title.length, `${source} seed ${seed}`).toBeGreaterThan(0);
            for (const block of result.document.blocks) expect(typeof block.text).toBe("string");
          } else {
            skips += 1;
            expect(result.reason.length, `${source} seed ${seed}`).toBeGreaterThan(0);
          }
        }
      }
    }
    // Both outcomes occur: the fuzzing reaches parsers, not only the up-front checks.
    expect(documents).toBeGreaterThan(50);
    expect(skips).toBeGreaterThan(50);
  }, 60_000);

  it("the format parsers accept any string without throwing", () => {
    for (const seed of SEEDS) {
      const next = seededRandom(seed);
      const alphabet = "<>/=\"' #*_`[](){}|-!:\n\tabcé漢&;\u0000\ud800";
      const text = Array.from({ length: 400 }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
      expect(() => parseHtml(text)).not.toThrow();
      expect(() => parseText(text)).not.toThrow();
      expect(() => parseMarkdown(text, { source: "x.md", mdx: false })).not.toThrow();
      expect(() => parseMarkdown(text, { source: "x.mdx", mdx: true })).not.toThrow();
      expect(["urlset", "index", "invalid"]).toContain(parseSitemap(text).kind);
      expect(["urlset", "index", "invalid"]).toContain(parseSitemap(`<urlset>${text}`).kind);
    }
  });

  it("deeply nested and unclosed HTML is read without a stack overflow", () => {
    const nested = `${"<div>".repeat(5000)}deep text${"</div>".repeat(10)}<h2>After`;
    const parsed = parseHtml(nested);
    expect(parsed.blocks.map((block) => block.text).join(" ")).toContain("deep text");
  });

  it("parsePdf turns every truncation of a valid PDF into a document or a reason", async () => {
    const pdf = VALID["page.pdf"] ?? new Uint8Array();
    for (let length = 0; length < pdf.length; length += Math.ceil(pdf.length / 25)) {
      const result = await parsePdf(pdf.slice(0, length));
      if (result.kind === "invalid") expect(result.reason.length).toBeGreaterThan(0);
    }
  }, 30_000);
});
