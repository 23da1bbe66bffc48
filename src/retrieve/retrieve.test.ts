import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentWrite } from "../../test/store/store-contract.ts";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import type { Store } from "../store/store.ts";
import { retrieve } from "./retrieve.ts";

const fieldWeights = { title: 1, headings: 1, body: 1 };
const folder = mkdtempSync(join(tmpdir(), "docent-retrieve-"));
let store: Store;

beforeAll(async () => {
  store = createSqliteStore({ path: join(folder, "index.db"), mode: "write" });
  await store.applyChanges({
    upserts: [
      documentWrite("proxy.md", ["Set the proxy timeout in seconds. The proxy timeout defaults to 30."]),
      // The same passage copied into a second page: a duplicate by content hash.
      documentWrite("copy/proxy.md", ["Set the proxy timeout in seconds. The proxy timeout defaults to 30."]),
      documentWrite("database.md", ["The database timeout is separate from the proxy."]),
      documentWrite("logging.md", ["Logs go to standard error."]),
    ],
    deletions: [],
  });
});

afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("retrieve", () => {
  it("returns the best chunks first, with their lexical rank and a higher-is-better score", async () => {
    const results = await retrieve(store, "How do I set the proxy timeout?", {
      topK: 5,
      candidates: 50,
      fieldWeights,
    });
    expect(results.map((result) => result.chunk.documentId)).toEqual(["doc:proxy.md", "doc:database.md"]);
    expect(results.map((result) => result.lexicalRank)).toEqual([1, 3]);
    expect(results[0]?.score).toBeGreaterThan(results[1]?.score ?? Number.POSITIVE_INFINITY);
  });

  it("drops exact duplicates, keeping the better-ranked copy", async () => {
    const results = await retrieve(store, "proxy timeout", { topK: 5, candidates: 50, fieldWeights });
    const hashes = results.map((result) => result.chunk.contentHash);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(results[0]?.lexicalRank).toBe(1);
  });

  it("returns at most topK chunks, fetching at least topK candidates", async () => {
    const results = await retrieve(store, "proxy timeout logs", { topK: 1, candidates: 0, fieldWeights });
    expect(results).toHaveLength(1);
  });

  it("returns nothing for a question without content words, or without matches", async () => {
    for (const question of ["", "   ", "What is it?", "how do I do this"]) {
      expect(await retrieve(store, question, { topK: 5, candidates: 50, fieldWeights })).toEqual([]);
    }
    expect(await retrieve(store, "kubernetes", { topK: 5, candidates: 50, fieldWeights })).toEqual([]);
  });

  it("uses a custom query analyser when given one", async () => {
    const results = await retrieve(store, "ignored", {
      topK: 5,
      candidates: 50,
      fieldWeights,
      analyzeQuery: () => ["logs"],
    });
    expect(results.map((result) => result.chunk.documentId)).toEqual(["doc:logging.md"]);
  });

  it("lets a reranker reorder the fused head, and caps chunks per document", async () => {
    const reranker = {
      provider: "test",
      modelId: "prefers-logs",
      async rerank(_question: string, passages: readonly string[]) {
        return passages.map((text) => (text.startsWith("Logs") ? 10 : 0));
      },
    };
    const results = await retrieve(store, "proxy timeout logs", {
      topK: 5,
      candidates: 50,
      fieldWeights,
      reranker,
    });
    expect(results[0]?.chunk.documentId).toBe("doc:logging.md");
    expect(results[0]?.score).toBe(10);
    const capped = await retrieve(store, "proxy timeout logs database", {
      topK: 5,
      candidates: 50,
      fieldWeights,
      maxChunksPerDocument: 1,
    });
    const documents = capped.map((result) => result.chunk.documentId);
    expect(new Set(documents).size).toBe(documents.length);
  });

  it("stops when the signal is aborted", async () => {
    await expect(
      retrieve(store, "proxy", { topK: 5, candidates: 50, fieldWeights, signal: AbortSignal.abort() }),
    ).rejects.toThrow();
  });
});
