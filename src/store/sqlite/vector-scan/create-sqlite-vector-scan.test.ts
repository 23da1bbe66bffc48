import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { documentWrite } from "../../../../test/store/store-contract.ts";
import type { DocumentWrite, Store, VectorHit } from "../../store.ts";
import { createSqliteStore } from "../create-sqlite-store.ts";
import { DEFAULT_VECTOR_SEARCH, type VectorSearchSettings } from "./vector-search-settings.ts";

const folder = mkdtempSync(join(tmpdir(), "docent-vector-scan-"));
let counter = 0;
const nextPath = () => join(folder, `index-${++counter}.db`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const MODEL = { key: "test:random", dimensions: 48 };
const EXACT: VectorSearchSettings = { ...DEFAULT_VECTOR_SEARCH, method: "exact" };

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}
const next = seededRandom(23);
const randomVector = () => Float32Array.from({ length: MODEL.dimensions }, next);

/** `documents` documents of 20 chunks each, with random vectors. */
function corpus(documents: number, prefix = "doc") {
  const upserts: DocumentWrite[] = Array.from({ length: documents }, (_, document) =>
    documentWrite(
      `${prefix}-${document}.md`,
      Array.from({ length: 20 }, (_, piece) => `${prefix} ${document} ${piece}`),
    ),
  );
  const vectors = upserts.flatMap((write) =>
    write.chunks.map((chunk) => ({ chunkId: chunk.id, key: `key:${chunk.id}`, vector: randomVector() })),
  );
  return { upserts, embeddings: { model: MODEL, vectors } };
}

async function search(store: Store, vector: Float32Array, limit = 10): Promise<VectorHit[]> {
  return store.searchVector({ vector, limit });
}

function expectSameHits(actual: readonly VectorHit[], expected: readonly VectorHit[]): void {
  expect(actual.map((hit) => hit.chunkId)).toEqual(expected.map((hit) => hit.chunkId));
  for (const [index, hit] of actual.entries()) expect(hit.score).toBeCloseTo(expected[index]?.score ?? 0, 5);
}

describe("binary-rescore vector search in the SQLite store", () => {
  it("keeps answering like exact search after close and reopen (read-only)", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write" });
    const { upserts, embeddings } = corpus(10);
    await writer.applyChanges({ upserts, deletions: [], embeddings });
    const query = randomVector();
    const beforeClose = await search(writer, query);
    await writer.close();

    const reader = createSqliteStore({ path, mode: "read" });
    const exact = createSqliteStore({ path, mode: "read", vectorSearch: EXACT });
    try {
      expectSameHits(await search(reader, query), await search(exact, query));
      expectSameHits(await search(reader, query), beforeClose);
    } finally {
      await reader.close();
      await exact.close();
    }
  });

  it("sees changes committed by another connection to the same file", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write" });
    const first = corpus(3, "first");
    await writer.applyChanges({ upserts: first.upserts, deletions: [], embeddings: first.embeddings });
    const reader = createSqliteStore({ path, mode: "read" });
    try {
      const target = first.embeddings.vectors[5];
      expect((await search(reader, target?.vector as Float32Array, 1))[0]?.chunkId).toBe(target?.chunkId);

      const second = corpus(2, "second");
      await writer.applyChanges({
        upserts: second.upserts,
        deletions: ["first-0.md"],
        embeddings: second.embeddings,
      });
      const added = second.embeddings.vectors[7];
      expect((await search(reader, added?.vector as Float32Array, 1))[0]?.chunkId).toBe(added?.chunkId);
      const hits = await search(reader, target?.vector as Float32Array, 100);
      expect(hits.map((hit) => hit.chunkId)).not.toContain(target?.chunkId);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it("returns exact scores from float16 copies too, and exact search's results when R covers every row", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write" });
    const { upserts, embeddings } = corpus(15);
    await writer.applyChanges({ upserts, deletions: [], embeddings });
    await writer.close();
    const half = createSqliteStore({
      path,
      mode: "read",
      vectorSearch: { ...DEFAULT_VECTOR_SEARCH, float32MemoryMb: 0, minimumCandidates: 1_000_000 },
    });
    const narrow = createSqliteStore({
      path,
      mode: "read",
      vectorSearch: { ...DEFAULT_VECTOR_SEARCH, float32MemoryMb: 0, minimumCandidates: 30, rescoreFactor: 1 },
    });
    const exact = createSqliteStore({ path, mode: "read", vectorSearch: EXACT });
    try {
      for (let query = 0; query < 5; query++) {
        const vector = randomVector();
        const expected = await search(exact, vector, 20);
        expectSameHits(await search(half, vector, 20), expected);
        // With few candidates some of the exact top may be missed, but every score is exact.
        const exactScores = new Map(
          (await search(exact, vector, 300)).map((hit) => [hit.chunkId, hit.score] as const),
        );
        const approximate = await search(narrow, vector, 20);
        expect(approximate).toHaveLength(20);
        for (const hit of approximate) expect(hit.score).toBeCloseTo(exactScores.get(hit.chunkId) ?? 2, 5);
      }
    } finally {
      await half.close();
      await narrow.close();
      await exact.close();
    }
  });

  it("inside an open sync session sees its uncommitted vectors, and forgets them after a rollback", async () => {
    const path = nextPath();
    const store = createSqliteStore({ path, mode: "write" });
    try {
      const first = corpus(2, "kept");
      await store.applyChanges({ upserts: first.upserts, deletions: [], embeddings: first.embeddings });
      const pending = corpus(1, "pending");
      const added = pending.embeddings.vectors[3];
      const session = await store.beginSync();
      await session.write(pending.upserts, { embeddings: pending.embeddings });
      expect((await search(store, added?.vector as Float32Array, 1))[0]?.chunkId).toBe(added?.chunkId);
      await session.rollback();
      const hits = await search(store, added?.vector as Float32Array, 100);
      expect(hits).toHaveLength(40);
      expect(hits.map((hit) => hit.chunkId)).not.toContain(added?.chunkId);
    } finally {
      await store.close();
    }
  });
});
