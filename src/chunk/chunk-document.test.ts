import { countTokens as encoderCount } from "gpt-tokenizer/encoding/cl100k_base";
import { describe, expect, it } from "vitest";
import { adversarialTexts } from "../../test/helpers/adversarial-text.ts";
import { randomMarkdown } from "../../test/helpers/random-markdown.ts";
import type { Block, Chunk, Document } from "../core/document.ts";
import { stableId } from "../core/hash.ts";
import { parseSourceFile } from "../ingest/parse-source-file.ts";
import { chunkDocument } from "./chunk-document.ts";
import { countTokens } from "./count-tokens.ts";

const OPTIONS = { targetTokens: 320, overlapTokens: 48 };

function documentOf(blocks: Block[], title = "Guide"): Document {
  return {
    id: stableId("guide.md"),
    source: "guide.md",
    url: "https://docs.example.com/guide/",
    title,
    format: "markdown",
    contentHash: "0".repeat(64),
    blocks,
  };
}

function heading(depth: number, text: string, anchor: string): Block {
  return { type: "heading", depth, text, anchor };
}

function paragraph(text: string): Block {
  return { type: "paragraph", text };
}

/** Distinct sentences, so each can be located in the output. */
function sentences(count: number, prefix = "Fact"): string[] {
  return Array.from(
    { length: count },
    (_, index) =>
      `${prefix} ${index + 1} says the widget ${index % 2 === 0 ? "spins" : "rests"} on day ${index + 1}.`,
  );
}

function pythonCode(lines: number): string {
  const body = Array.from(
    { length: lines },
    (_, index) => `    value_${index} = compute(${index}, "item-${index}")`,
  );
  return ["```python", "def handler():", ...body, "```"].join("\n");
}

function table(rows: number): string {
  const body = Array.from(
    { length: rows },
    (_, index) => `| option_${index} | ${index} | Sets level ${index} |`,
  );
  return ["| Name | Default | Meaning |", "| --- | --- | --- |", ...body].join("\n");
}

function isSingleVerbatimBlock(chunk: Chunk): boolean {
  const text = chunk.text.trim();
  const fenced = /^```[^\n]*\n[\s\S]*\n```$/u.test(text) && text.split(/^```/mu).length === 3;
  const tabular = text.split("\n").every((line) => line.startsWith("|"));
  return fenced || tabular;
}

describe("chunkDocument", () => {
  it("keeps a code block and a table whole, even when that leaves chunks below target", () => {
    const code = pythonCode(16);
    const tableText = table(14);
    expect(countTokens(code)).toBeGreaterThan(200);
    expect(countTokens(tableText)).toBeGreaterThan(150);
    const document = documentOf([
      heading(2, "Usage", "usage"),
      paragraph(sentences(12).join(" ")),
      { type: "code", text: code },
      paragraph("The table lists every option."),
      { type: "table", text: tableText },
    ]);
    const chunks = chunkDocument(document, OPTIONS);
    expect(chunks.filter((chunk) => chunk.text.includes(code))).toHaveLength(1);
    expect(chunks.filter((chunk) => chunk.text.includes(tableText))).toHaveLength(1);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.tokenCount).toBeLessThanOrEqual(OPTIONS.targetTokens);
  });

  it("splits a long section at sentence boundaries, each piece starting with the previous piece's last sentences", () => {
    const all = sentences(80);
    const document = documentOf([heading(2, "History", "history"), paragraph(all.join(" "))]);
    const chunks = chunkDocument(document, { targetTokens: 120, overlapTokens: 30 });
    expect(chunks.length).toBeGreaterThanOrEqual(8);
    for (const chunk of chunks) {
      expect(chunk.anchor).toBe("history");
      expect(chunk.tokenCount).toBeLessThanOrEqual(120);
      expect(all.some((sentence) => chunk.text.startsWith(sentence))).toBe(true);
      expect(all.some((sentence) => chunk.text.endsWith(sentence))).toBe(true);
    }
    for (let index = 1; index < chunks.length; index += 1) {
      const previous = chunks[index - 1]?.text ?? "";
      const firstSentence = all.find((sentence) => chunks[index]?.text.startsWith(sentence)) ?? "";
      expect(previous).toContain(firstSentence);
      expect(countTokens(firstSentence)).toBeLessThanOrEqual(30);
    }
    // Every sentence survives, in order.
    const lastSentence = all.at(-1) ?? "";
    expect(chunks.at(-1)?.text.endsWith(lastSentence)).toBe(true);
    for (const sentence of all) expect(chunks.some((chunk) => chunk.text.includes(sentence))).toBe(true);
  });

  it("never repeats text across two sections", () => {
    const document = documentOf([
      heading(2, "One", "one"),
      paragraph(sentences(40, "Alpha").join(" ")),
      heading(2, "Two", "two"),
      paragraph(sentences(40, "Beta").join(" ")),
    ]);
    const chunks = chunkDocument(document, { targetTokens: 100, overlapTokens: 40 });
    for (const chunk of chunks) {
      if (chunk.anchor === "one") expect(chunk.text).not.toContain("Beta");
      if (chunk.anchor === "two") expect(chunk.text).not.toContain("Alpha");
    }
    expect(chunks.find((chunk) => chunk.anchor === "two")?.text.startsWith("Beta 1 ")).toBe(true);
  });

  it("gives each chunk its heading path (title H1 excluded), nearest anchor and URL", () => {
    const document = documentOf([
      paragraph("Text before any heading."),
      heading(1, "Guide", "guide"),
      paragraph("What this guide covers."),
      heading(2, "Install", "install"),
      paragraph("Pick your platform."),
      heading(3, "On Linux", "on-linux"),
      paragraph("Run the package manager."),
      heading(3, "Empty heading", "empty-heading"),
      heading(2, "Configure", "configure"),
      paragraph("One line."),
    ]);
    const chunks = chunkDocument(document, OPTIONS);
    expect(
      chunks.map((chunk) => ({
        path: chunk.headingPath,
        anchor: chunk.anchor,
        url: chunk.url,
        ordinal: chunk.ordinal,
      })),
    ).toEqual([
      { path: [], anchor: null, url: "https://docs.example.com/guide/", ordinal: 0 },
      { path: [], anchor: "guide", url: "https://docs.example.com/guide/#guide", ordinal: 1 },
      { path: ["Install"], anchor: "install", url: "https://docs.example.com/guide/#install", ordinal: 2 },
      {
        path: ["Install", "On Linux"],
        anchor: "on-linux",
        url: "https://docs.example.com/guide/#on-linux",
        ordinal: 3,
      },
      {
        path: ["Configure"],
        anchor: "configure",
        url: "https://docs.example.com/guide/#configure",
        ordinal: 4,
      },
    ]);
    expect(chunks.every((chunk) => chunk.title === "Guide")).toBe(true);
    expect(chunks[4]?.text).toBe("One line.");
  });

  it("keeps an H1 that differs from the title in the heading path", () => {
    const document = documentOf([heading(1, "Reference", "reference"), paragraph("Body.")], "API");
    expect(chunkDocument(document, OPTIONS)[0]?.headingPath).toEqual(["Reference"]);
  });

  it("takes the title from front matter when parsed from Markdown", async () => {
    const markdown =
      "---\ntitle: Deploying Docent\n---\n\n# Deploy\n\nShip it.\n\n## Docker\n\nUse the image.\n";
    const parsed = await parseSourceFile({
      source: "ops/deploy.md",
      bytes: new TextEncoder().encode(markdown),
      contentHash: "h",
      baseUrl: "https://docs.example.com",
    });
    if (parsed.kind !== "document") throw new Error(parsed.reason);
    const chunks = chunkDocument(parsed.document, OPTIONS);
    expect(chunks.map((chunk) => [chunk.title, chunk.headingPath, chunk.url])).toEqual([
      ["Deploying Docent", ["Deploy"], "https://docs.example.com/ops/deploy/#deploy"],
      ["Deploying Docent", ["Deploy", "Docker"], "https://docs.example.com/ops/deploy/#docker"],
    ]);
  });

  it("keeps the ids of untouched sections when another section is edited, and changes only the edited hash", () => {
    const blocks = (middle: string): Block[] => [
      heading(2, "First", "first"),
      paragraph(sentences(30, "First").join(" ")),
      heading(2, "Second", "second"),
      paragraph(middle),
      heading(2, "Third", "third"),
      paragraph(sentences(30, "Third").join(" ")),
    ];
    const before = chunkDocument(documentOf(blocks("Original second section.")), {
      targetTokens: 100,
      overlapTokens: 20,
    });
    const after = chunkDocument(documentOf(blocks(`Rewritten. ${sentences(20, "New").join(" ")}`)), {
      targetTokens: 100,
      overlapTokens: 20,
    });
    const ofSection = (chunks: Chunk[], anchor: string): Chunk[] =>
      chunks.filter((chunk) => chunk.anchor === anchor);
    for (const anchor of ["first", "third"]) {
      expect(ofSection(after, anchor).map((chunk) => [chunk.id, chunk.contentHash])).toEqual(
        ofSection(before, anchor).map((chunk) => [chunk.id, chunk.contentHash]),
      );
    }
    expect(ofSection(after, "second")[0]?.id).toBe(ofSection(before, "second")[0]?.id);
    expect(ofSection(after, "second")[0]?.contentHash).not.toBe(ofSection(before, "second")[0]?.contentHash);
    // Third section's chunks moved in the document, so only ordinals differ.
    expect(ofSection(after, "third")[0]?.ordinal).toBeGreaterThan(
      ofSection(before, "third")[0]?.ordinal ?? 0,
    );
    expect(new Set(after.map((chunk) => chunk.id)).size).toBe(after.length);
  });

  it("keeps every chunk within the target, except a lone code block or table, which stays within twice it", () => {
    const document = documentOf([
      heading(2, "Mixed", "mixed"),
      paragraph(sentences(50).join(" ")),
      { type: "list", text: sentences(30, "- Item").join("\n") },
      { type: "code", text: pythonCode(40) },
      { type: "table", text: table(30) },
      paragraph(`One enormous sentence ${"without any full stop and ".repeat(120)}ends here.`),
      { type: "code", text: pythonCode(10) },
    ]);
    const chunks = chunkDocument(document, OPTIONS);
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBe(countTokens(chunk.text));
      expect(chunk.tokenCount).toBeLessThanOrEqual(OPTIONS.targetTokens * 2);
      if (chunk.tokenCount > OPTIONS.targetTokens) expect(isSingleVerbatimBlock(chunk)).toBe(true);
    }
  });

  it("splits an oversized code block only between lines, re-opening the fence in every part", () => {
    const code = pythonCode(200);
    expect(countTokens(code)).toBeGreaterThan(OPTIONS.targetTokens * 2);
    const chunks = chunkDocument(
      documentOf([heading(2, "Big", "big"), { type: "code", text: code }]),
      OPTIONS,
    );
    expect(chunks.length).toBeGreaterThan(2);
    const bodies: string[] = [];
    for (const chunk of chunks) {
      expect(chunk.tokenCount).toBeLessThanOrEqual(OPTIONS.targetTokens * 2);
      const lines = chunk.text.split("\n");
      expect(lines[0]).toBe("```python");
      expect(lines.at(-1)).toBe("```");
      bodies.push(...lines.slice(1, -1));
    }
    expect(bodies).toEqual(code.split("\n").slice(1, -1));
  });

  it("splits an oversized table between rows, repeating the header", () => {
    const tableText = table(120);
    const chunks = chunkDocument(
      documentOf([heading(2, "Options", "options"), { type: "table", text: tableText }]),
      OPTIONS,
    );
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.startsWith("| Name | Default | Meaning |\n| --- | --- | --- |\n| option_")).toBe(
        true,
      );
    }
    const rows = chunks.flatMap((chunk) => chunk.text.split("\n").slice(2));
    expect(rows).toEqual(tableText.split("\n").slice(2));
  });

  it("skips sections without body text and documents without any", () => {
    const document = documentOf([heading(1, "Guide", "guide"), heading(2, "Nothing here", "nothing-here")]);
    expect(chunkDocument(document, OPTIONS)).toEqual([]);
  });

  it("gives every chunk exactly the encoder's token count of its text, on random pages and odd text", async () => {
    const plain = { disallowedSpecial: new Set<string>() };
    const documents: Document[] = [];
    for (let seed = 1; seed <= 12; seed += 1) {
      const parsed = await parseSourceFile({
        source: `random-${seed}.md`,
        bytes: new TextEncoder().encode(randomMarkdown(seed)),
        contentHash: "0".repeat(64),
      });
      if (parsed.kind === "document") documents.push(parsed.document);
    }
    // Long paragraphs, lists and code of text on the edges of the tokenizer's pattern.
    const { text, below } = adversarialTexts(77);
    for (let index = 0; index < 12; index += 1) {
      const types = ["paragraph", "list", "code", "quote"] as const;
      const blocks: Block[] = Array.from({ length: 1 + below(4) }, () => ({
        type: types[below(types.length)] ?? "paragraph",
        text: Array.from({ length: 1 + below(30) }, () => `${text(2 + below(20))}. `).join(""),
      }));
      documents.push(documentOf(blocks));
    }
    expect(documents.length).toBeGreaterThan(20);
    let chunkCount = 0;
    for (const document of documents) {
      for (const options of [
        { targetTokens: 64, overlapTokens: 0 },
        { targetTokens: 64, overlapTokens: 32 },
        { targetTokens: 320, overlapTokens: 48 },
      ]) {
        for (const chunk of chunkDocument(document, options)) {
          chunkCount += 1;
          expect(chunk.tokenCount, JSON.stringify(chunk.text.slice(0, 80))).toBe(
            encoderCount(chunk.text, plain),
          );
        }
      }
    }
    expect(chunkCount).toBeGreaterThan(200);
  });
});
