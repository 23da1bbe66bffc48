import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dataset } from "../../test/helpers/datasets.ts";
import { chunkDocument } from "../chunk/chunk-document.ts";
import type { Chunk, Document } from "../core/document.ts";
import { parseSourceFile } from "./parse-source-file.ts";
import { readSourceFile } from "./read-source-file.ts";
import type { SkippedSource } from "./scan-folder.ts";
import { scanFolder } from "./scan-folder.ts";

const { path: docsRoot, available } = dataset("fastapi-docs/docs");
const TARGET_TOKENS = 320;
const OVERLAP_TOKENS = 48;

/** A chunk that is one fenced code block or one table: the only chunks allowed over the target. */
function isSingleVerbatimBlock(text: string): boolean {
  const isFenced =
    /^(`{3,}|~{3,})[^\n]*\n[\s\S]*\n\1$/u.test(text) && text.split(/^(?:`{3,}|~{3,})/mu).length === 3;
  const isTable = text.split("\n").every((line) => line.trimStart().startsWith("|"));
  return isFenced || isTable;
}

describe.skipIf(!available)("ingesting the FastAPI docs (155 real pages)", () => {
  const documents: Document[] = [];
  const skipped: SkippedSource[] = [];
  const chunksBySource = new Map<string, Chunk[]>();
  const chunks: Chunk[] = [];

  beforeAll(async () => {
    const started = performance.now();
    const scan = await scanFolder(docsRoot, { extensions: [".md", ".markdown", ".mdx", ".txt"] });
    skipped.push(...scan.skipped);
    for (const file of scan.files) {
      const read = await readSourceFile(file, { maxFileBytes: 5 * 1024 * 1024 });
      if (read.kind === "skipped") {
        skipped.push(read);
        continue;
      }
      const parsed = await parseSourceFile({
        source: file.source,
        bytes: read.bytes,
        contentHash: read.contentHash,
      });
      if (parsed.kind === "skipped") {
        skipped.push(parsed);
        continue;
      }
      documents.push(parsed.document);
      const documentChunks = chunkDocument(parsed.document, {
        targetTokens: TARGET_TOKENS,
        overlapTokens: OVERLAP_TOKENS,
      });
      chunksBySource.set(file.source, documentChunks);
      chunks.push(...documentChunks);
    }
    const seconds = (performance.now() - started) / 1000;
    const tokens = chunks.map((chunk) => chunk.tokenCount);
    const mean = tokens.reduce((sum, count) => sum + count, 0) / tokens.length;
    process.stderr.write(
      `FastAPI docs: ${documents.length} documents, ${chunks.length} chunks, mean ${mean.toFixed(1)} tokens, max ${Math.max(...tokens)}, ingest+chunk ${seconds.toFixed(2)} s\n`,
    );
  });

  it("reads all 155 pages without skipping any", () => {
    expect(skipped).toEqual([]);
    expect(documents).toHaveLength(155);
    expect(new Set(documents.map((document) => document.id)).size).toBe(155);
  });

  it("produces a sensible number of chunks, each with a title, URL and unique id", () => {
    expect(chunks.length).toBeGreaterThan(1800);
    expect(chunks.length).toBeLessThan(2500);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(chunks.length);
    for (const chunk of chunks) {
      expect(chunk.title.trim().length).toBeGreaterThan(0);
      expect(chunk.text.trim().length).toBeGreaterThan(0);
      expect(chunk.url.length).toBeGreaterThan(0);
    }
  });

  it("uses the pages' { #id } anchors: first-steps.md links to its own explicit ids", () => {
    const anchors = [
      ...new Set((chunksBySource.get("tutorial/first-steps.md") ?? []).map((chunk) => chunk.anchor)),
    ];
    expect(anchors.slice(0, 5)).toEqual([
      "first-steps",
      "check-it",
      "interactive-api-docs",
      "alternative-api-docs",
      "openapi",
    ]);
    expect(anchors).toContain("step-1-import-fastapi");
    expect(anchors).toContain("recap");
    const firstSteps = documents.find((document) => document.source === "tutorial/first-steps.md");
    expect(firstSteps?.title).toBe("First Steps");
    expect(firstSteps?.blocks.some((block) => block.type === "heading" && block.text.includes("{"))).toBe(
      false,
    );
  });

  it("every anchor of a page written with { #id } headings is one of that page's ids", async () => {
    let checkedPages = 0;
    for (const [source, documentChunks] of chunksBySource) {
      const raw = await readFile(join(docsRoot, source), "utf8");
      const explicitIds = new Set(
        Array.from(raw.matchAll(/^#{1,6} .*\{ #([^\s}]+) \}\s*$/gmu), (match) => match[1]),
      );
      if (explicitIds.size === 0) continue;
      checkedPages += 1;
      for (const chunk of documentChunks) {
        if (chunk.anchor !== null) expect(explicitIds, `${source}#${chunk.anchor}`).toContain(chunk.anchor);
      }
    }
    expect(checkedPages).toBeGreaterThan(100);
  });

  it("keeps chunks within the target, except a lone code block or table, never beyond twice the target", () => {
    const oversized = chunks.filter((chunk) => chunk.tokenCount > TARGET_TOKENS);
    for (const chunk of oversized) {
      expect(isSingleVerbatimBlock(chunk.text), chunk.url).toBe(true);
      expect(chunk.tokenCount).toBeLessThanOrEqual(TARGET_TOKENS * 2);
    }
  });

  it("leaves no MkDocs directives in chunk text: no includes, admonition markers or mkdocstrings", () => {
    for (const chunk of chunks) {
      expect(chunk.text, chunk.url).not.toMatch(/\{\*\s*\.\.\/.*\*\}/u);
      expect(chunk.text, chunk.url).not.toMatch(/^\/{3,}( |$)/mu);
      expect(chunk.text, chunk.url).not.toMatch(/^::: /mu);
    }
    const references = chunksBySource.get("reference/fastapi.md") ?? [];
    expect(references.map((chunk) => chunk.text).join("\n")).not.toContain("openapi_version");
  });
});
