import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Chunk } from "../../src/core/document.ts";
import type { DocumentWrite, FieldWeights, Store } from "../../src/store/store.ts";
import { describeVectorStoreContract } from "./vector-store-contract.ts";

const EVEN: FieldWeights = { title: 1, headings: 1, body: 1 };

/** A document write with one chunk per text; ids and hashes derive from `source` and the text. */
export function documentWrite(
  source: string,
  texts: readonly string[],
  options: { title?: string; headingPath?: readonly string[]; contentHash?: string } = {},
): DocumentWrite {
  const documentId = `doc:${source}`;
  const title = options.title ?? `Title of ${source}`;
  const chunks: Chunk[] = texts.map((text, ordinal) => ({
    id: `${documentId}#${ordinal}:${text.length}`,
    documentId,
    ordinal,
    title,
    headingPath: options.headingPath ?? [],
    anchor: options.headingPath?.length ? `anchor-${ordinal}` : null,
    url: `https://docs.example/${source}${options.headingPath?.length ? `#anchor-${ordinal}` : ""}`,
    text,
    contentHash: `hash:${text}`,
    tokenCount: text.split(" ").length,
  }));
  return {
    document: {
      id: documentId,
      source,
      url: `https://docs.example/${source}`,
      title,
      format: "markdown",
      contentHash: options.contentHash ?? `hash-of-${source}-${texts.join("|")}`,
    },
    chunks,
  };
}

async function search(store: Store, terms: readonly string[], fieldWeights = EVEN, limit = 10) {
  return store.searchLexical({ terms, limit, fieldWeights });
}

/** Ids of a stored document's chunks, found through search on its unique page marker. */
async function chunkIdsOf(store: Store, documentId: string): Promise<string[]> {
  const marker = documentId.replace(/^doc:p(\d+)\.md$/, "$1");
  const hits = await store.searchLexical({ terms: ["page", marker], limit: 1000, fieldWeights: EVEN });
  return hits.map((hit) => hit.chunkId).filter((id) => id.startsWith(`${documentId}#`));
}

async function searchIds(store: Store, terms: readonly string[], fieldWeights = EVEN, limit = 10) {
  return (await search(store, terms, fieldWeights, limit)).map((hit) => hit.chunkId);
}

/**
 * Asserts that `store` finds exactly the chunks `reference` finds for each query, with the same
 * scores. Every match is compared (a limit above the chunk count), so ties at a cut cannot differ.
 */
async function expectSameRanking(
  store: Store,
  reference: Store,
  queries: ReadonlyArray<readonly string[]>,
): Promise<void> {
  const weights = { title: 5.2, headings: 2.6, body: 1.3 };
  for (const terms of queries) {
    const expected = await search(reference, terms, weights, 1000);
    const actual = await search(store, terms, weights, 1000);
    const expectedScores = new Map(expected.map((hit) => [hit.chunkId, hit.score]));
    expect(new Set(actual.map((hit) => hit.chunkId))).toEqual(new Set(expectedScores.keys()));
    for (const hit of actual) expect(hit.score).toBeCloseTo(expectedScores.get(hit.chunkId) ?? Number.NaN, 9);
  }
}

/**
 * The behaviour every `Store` must show, run against each implementation (SQLite now, Postgres
 * later), the way Drizzle runs one test suite against every driver.
 *
 * @param name - the implementation, shown in the test names.
 * @param createStore - makes a new, empty, writable store; called before every test. The suite
 *   closes it after the test.
 */
export function describeStoreContract(name: string, createStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await createStore();
    });

    afterEach(async () => {
      await store.close();
    });

    it("starts empty at corpus version 0", async () => {
      expect(await store.stats()).toEqual({ documents: 0, chunks: 0, corpusVersion: 0 });
      expect(await store.listDocuments()).toEqual([]);
      expect(await store.documentHashes()).toEqual(new Map());
      expect(await search(store, ["anything"])).toEqual([]);
    });

    it("gives back exactly the documents and chunks it was given", async () => {
      const write = documentWrite("guide/install.md", ["Install with npm.", "Then run the server."], {
        headingPath: ["Setup", "Install"],
      });
      await store.applyChanges({ upserts: [write], deletions: [] });

      const ids = write.chunks.map((chunk) => chunk.id);
      expect(await store.getChunks(ids)).toEqual(write.chunks);
      const [stored] = await store.listDocuments();
      expect(stored).toMatchObject({ ...write.document, chunkCount: 2 });
      expect(Number.isNaN(Date.parse(stored?.ingestedAt ?? ""))).toBe(false);
      expect(await store.documentHashes()).toEqual(
        new Map([["guide/install.md", write.document.contentHash]]),
      );
    });

    it("keeps unicode, empty heading paths and null anchors intact", async () => {
      const write = documentWrite("é.md", ["Crème brûlée — “quoted” 漢字 🙂"]);
      await store.applyChanges({ upserts: [write], deletions: [] });
      expect(await store.getChunks([write.chunks[0]?.id ?? ""])).toEqual(write.chunks);
      expect(await searchIds(store, ["creme"])).toEqual([write.chunks[0]?.id]);
    });

    it("replaces all of a document's chunks when it is written again", async () => {
      const first = documentWrite("a.md", ["alpha bravo", "charlie delta", "echo foxtrot"]);
      await store.applyChanges({ upserts: [first], deletions: [] });
      const second = documentWrite("a.md", ["golf hotel"]);
      await store.applyChanges({ upserts: [second], deletions: [] });

      expect(await store.getChunks(first.chunks.map((chunk) => chunk.id))).toEqual([]);
      expect(await search(store, ["alpha", "charlie", "echo"])).toEqual([]);
      expect(await searchIds(store, ["golf"])).toEqual([second.chunks[0]?.id]);
      expect(await store.stats()).toMatchObject({ documents: 1, chunks: 1 });
      expect((await store.listDocuments())[0]?.chunkCount).toBe(1);
      expect((await store.documentHashes()).get("a.md")).toBe(second.document.contentHash);
    });

    it("makes deleted documents' chunks unsearchable and unreadable", async () => {
      const kept = documentWrite("kept.md", ["shared word kept"]);
      const removed = documentWrite("removed.md", ["shared word removed"]);
      await store.applyChanges({ upserts: [kept, removed], deletions: [] });
      await store.applyChanges({ upserts: [], deletions: ["removed.md", "never-existed.md"] });

      expect(await searchIds(store, ["shared"])).toEqual([kept.chunks[0]?.id]);
      expect(await search(store, ["removed"])).toEqual([]);
      expect(await store.getChunks([removed.chunks[0]?.id ?? ""])).toEqual([]);
      expect((await store.listDocuments()).map((document) => document.source)).toEqual(["kept.md"]);
      expect(await store.stats()).toMatchObject({ documents: 1, chunks: 1 });
    });

    it("increments the corpus version by one per applied change set", async () => {
      const first = await store.applyChanges({ upserts: [documentWrite("a.md", ["one"])], deletions: [] });
      const second = await store.applyChanges({ upserts: [documentWrite("b.md", ["two"])], deletions: [] });
      const third = await store.applyChanges({ upserts: [], deletions: ["a.md"] });
      expect([first.corpusVersion, second.corpusVersion, third.corpusVersion]).toEqual([1, 2, 3]);
      expect((await store.stats()).corpusVersion).toBe(3);
    });

    it("records which corpus version last wrote each document", async () => {
      await store.applyChanges({
        upserts: [documentWrite("a.md", ["one"]), documentWrite("b.md", ["two"])],
        deletions: [],
      });
      await store.applyChanges({ upserts: [documentWrite("b.md", ["two, edited"])], deletions: [] });
      const versions = Object.fromEntries(
        (await store.listDocuments()).map((document) => [document.source, document.corpusVersion]),
      );
      expect(versions).toEqual({ "a.md": 1, "b.md": 2 });
    });

    it("keeps a crawled page's fetch state, replaces it on rewrite and has none for files", async () => {
      const fetchState = {
        requestedUrl: "https://docs.example/page",
        etag: 'W/"abc"',
        lastModified: "Tue, 01 Jul 2025 10:00:00 GMT",
        links: ["https://docs.example/other"],
      };
      await store.applyChanges({
        upserts: [
          { ...documentWrite("https://docs.example/page", ["page"]), fetchState },
          documentWrite("file.md", ["file"]),
        ],
        deletions: [],
      });
      const bySource = new Map((await store.listDocuments()).map((document) => [document.source, document]));
      expect(bySource.get("https://docs.example/page")?.fetchState).toEqual(fetchState);
      expect(bySource.get("file.md")?.fetchState).toBeNull();
      await store.applyChanges({
        upserts: [
          {
            ...documentWrite("https://docs.example/page", ["page v2"]),
            fetchState: { requestedUrl: "https://docs.example/page", etag: '"v2"' },
          },
        ],
        deletions: [],
      });
      expect(
        (await store.listDocuments()).find((document) => document.source.startsWith("https"))?.fetchState,
      ).toEqual({
        requestedUrl: "https://docs.example/page",
        etag: '"v2"',
      });
    });

    it("updates a page's fetch state without a new corpus version, ignoring unknown sources", async () => {
      const page = "https://docs.example/page";
      await store.applyChanges({
        upserts: [{ ...documentWrite(page, ["page"]), fetchState: { requestedUrl: page, etag: '"v1"' } }],
        deletions: [],
      });
      const refreshed = { requestedUrl: page, etag: '"v2"', lastModified: "Wed, 02 Jul 2025 10:00:00 GMT" };
      await store.updateFetchStates([
        { source: page, fetchState: refreshed },
        { source: "https://docs.example/never-stored", fetchState: refreshed },
      ]);
      const [stored] = await store.listDocuments();
      expect(stored?.fetchState).toEqual(refreshed);
      expect(stored?.corpusVersion).toBe(1);
      expect(await store.stats()).toEqual({ documents: 1, chunks: 1, corpusVersion: 1 });
      expect(await store.corpusHistory()).toHaveLength(1);
    });

    it("records every applied change set in the corpus history, newest first, with counts", async () => {
      expect(await store.corpusHistory()).toEqual([]);
      await store.applyChanges({
        upserts: [documentWrite("a.md", ["one"]), documentWrite("b.md", ["two", "three"])],
        deletions: [],
        note: { sources: ["/docs"], unchanged: 0 },
      });
      await store.applyChanges({
        upserts: [documentWrite("b.md", ["two, edited"]), documentWrite("c.md", ["four"])],
        deletions: ["a.md", "never-stored.md"],
        note: { sources: ["/docs", "https://docs.example/"], unchanged: 7 },
      });
      await store.applyChanges({ upserts: [], deletions: ["c.md"] });
      // A change set that fails is not recorded.
      const clash = documentWrite("d.md", ["x"]);
      await expect(
        store.applyChanges({
          upserts: [clash, { ...documentWrite("e.md", ["y"]), chunks: clash.chunks }],
          deletions: [],
        }),
      ).rejects.toThrow();

      const history = await store.corpusHistory();
      expect(history.map(({ appliedAt: _appliedAt, ...record }) => record)).toEqual([
        { version: 3, sources: [], added: 0, updated: 0, deleted: 1, unchanged: 0, documents: 1, chunks: 1 },
        {
          version: 2,
          sources: ["/docs", "https://docs.example/"],
          added: 1,
          updated: 1,
          deleted: 1,
          unchanged: 7,
          documents: 2,
          chunks: 2,
        },
        {
          version: 1,
          sources: ["/docs"],
          added: 2,
          updated: 0,
          deleted: 0,
          unchanged: 0,
          documents: 2,
          chunks: 3,
        },
      ]);
      expect(history.every((record) => !Number.isNaN(Date.parse(record.appliedAt)))).toBe(true);
      expect(history[0]?.version).toBe((await store.stats()).corpusVersion);
      expect(await store.corpusHistory({ limit: 1 })).toEqual(history.slice(0, 1));
    });

    it("applies nothing of a change set that fails part-way", async () => {
      const original = documentWrite("a.md", ["original text"]);
      await store.applyChanges({ upserts: [original], deletions: [] });
      const before = await store.stats();

      const replacement = documentWrite("a.md", ["replacement text"]);
      const clash = documentWrite("b.md", ["clashing text"]);
      // b.md reuses a chunk id of a.md's replacement: the write must fail as a whole.
      const broken = {
        ...clash,
        chunks: [{ ...(clash.chunks[0] as Chunk), id: replacement.chunks[0]?.id ?? "" }],
      };
      await expect(
        store.applyChanges({ upserts: [replacement, broken], deletions: ["other.md"] }),
      ).rejects.toThrow();

      expect(await store.stats()).toEqual(before);
      expect(await searchIds(store, ["original"])).toEqual([original.chunks[0]?.id]);
      expect(await search(store, ["replacement"])).toEqual([]);
      expect(await store.getChunks([original.chunks[0]?.id ?? ""])).toEqual(original.chunks);
      expect((await store.documentHashes()).get("a.md")).toBe(original.document.contentHash);
    });

    it("ranks by field weights: a heavier title or heading field wins", async () => {
      const inTitle = documentWrite("title.md", ["general notes about several unrelated matters"], {
        title: "Zebra",
      });
      const inBody = documentWrite("body.md", ["general notes about zebra and unrelated matters"], {
        title: "Notes",
      });
      const inHeading = documentWrite("heading.md", ["general notes about several unrelated things"], {
        title: "Misc",
        headingPath: ["Zebra"],
      });
      await store.applyChanges({ upserts: [inTitle, inBody, inHeading], deletions: [] });
      const [titleId, bodyId, headingId] = [inTitle, inBody, inHeading].map((write) => write.chunks[0]?.id);

      const titleFirst = await searchIds(store, ["zebra"], { title: 10, headings: 1, body: 1 });
      expect(titleFirst[0]).toBe(titleId);
      const bodyFirst = await searchIds(store, ["zebra"], { title: 1, headings: 1, body: 10 });
      expect(bodyFirst[0]).toBe(bodyId);
      const headingFirst = await searchIds(store, ["zebra"], { title: 1, headings: 10, body: 1 });
      expect(headingFirst[0]).toBe(headingId);
      expect(new Set(titleFirst)).toEqual(new Set([titleId, bodyId, headingId]));
    });

    it("scores higher-is-better, in descending order, and honours the limit", async () => {
      await store.applyChanges({
        upserts: [
          documentWrite("one.md", ["cache once among many other words here"]),
          documentWrite("three.md", ["cache cache cache invalidation"]),
          documentWrite("two.md", ["cache cache with words"]),
          documentWrite("none.md", ["nothing relevant"]),
        ],
        deletions: [],
      });
      const hits = await search(store, ["cache"]);
      expect(hits.map((hit) => hit.chunkId.split("#")[0])).toEqual([
        "doc:three.md",
        "doc:two.md",
        "doc:one.md",
      ]);
      const scores = hits.map((hit) => hit.score);
      expect(scores).toEqual([...scores].sort((left, right) => right - left));
      expect(scores.every((score) => Number.isFinite(score))).toBe(true);
      expect(await search(store, ["cache"], EVEN, 2)).toEqual(hits.slice(0, 2));
    });

    it("matches any of the terms, and a chunk with more of them ranks higher", async () => {
      await store.applyChanges({
        upserts: [
          documentWrite("both.md", ["configure the proxy timeout"]),
          documentWrite("one.md", ["configure the database"]),
          documentWrite("other.md", ["proxy settings"]),
        ],
        deletions: [],
      });
      const ids = await searchIds(store, ["proxy", "timeout"]);
      expect(ids[0]?.startsWith("doc:both.md")).toBe(true);
      expect(ids).toHaveLength(2);
    });

    it("matches inflected forms of a term (stemming)", async () => {
      await store.applyChanges({ upserts: [documentWrite("a.md", ["The server runs jobs"])], deletions: [] });
      expect(await searchIds(store, ["running", "job"])).toHaveLength(1);
    });

    it("treats terms as plain words: quotes, operators and column syntax never break a search", async () => {
      await store.applyChanges({
        upserts: [documentWrite("a.md", ["not near the title body"])],
        deletions: [],
      });
      expect(await search(store, [])).toEqual([]);
      expect(await search(store, ["", "  "])).toEqual([]);
      for (const term of ['a"b', "NOT", "NEAR", "AND", "title:", "body*", "(", "-", "^"]) {
        await expect(search(store, [term])).resolves.toBeInstanceOf(Array);
      }
      expect(await searchIds(store, ["NOT"])).toHaveLength(1);
    });

    it("returns chunks in the order asked, leaving out unknown ids", async () => {
      const write = documentWrite("a.md", ["first", "second", "third"]);
      await store.applyChanges({ upserts: [write], deletions: [] });
      const [first, second, third] = write.chunks;
      const chunks = await store.getChunks([third?.id ?? "", "missing", first?.id ?? "", second?.id ?? ""]);
      expect(chunks).toEqual([third, first, second]);
      expect(await store.getChunks([])).toEqual([]);
    });

    it("counts documents and chunks", async () => {
      await store.applyChanges({
        upserts: [documentWrite("a.md", ["1", "2", "3"]), documentWrite("b.md", ["4", "5"])],
        deletions: [],
      });
      expect(await store.stats()).toEqual({ documents: 2, chunks: 5, corpusVersion: 1 });
      const documents = await store.listDocuments();
      const counts = documents.map((document) => [document.source, document.chunkCount]);
      expect(counts.sort()).toEqual([
        ["a.md", 3],
        ["b.md", 2],
      ]);
    });

    it("rejects calls whose signal is already aborted", async () => {
      const signal = AbortSignal.abort();
      await expect(store.stats({ signal })).rejects.toThrow();
      await expect(
        store.searchLexical({ terms: ["x"], limit: 1, fieldWeights: EVEN }, { signal }),
      ).rejects.toThrow();
      await expect(store.applyChanges({ upserts: [], deletions: [] }, { signal })).rejects.toThrow();
      expect((await store.stats()).corpusVersion).toBe(0);
    });

    it("ranks after many replacements and deletions exactly as a store built from the final documents", async () => {
      const words = "cache proxy route token deploy schema index query worker retry".split(" ");
      const text = (seed: number, count: number) =>
        Array.from(
          { length: count },
          (_, index) => words[(seed * 7 + index * index * 3) % words.length],
        ).join(" ");
      const version = (source: number, round: number) =>
        documentWrite(
          `p${source}.md`,
          [text(source + round, 3 + ((source + round) % 9)), `page ${source} r${round}`],
          {
            title: `Page ${source} ${words[source % words.length]}`,
          },
        );
      for (let round = 0; round < 4; round++) {
        await store.applyChanges({
          upserts: Array.from({ length: 30 }, (_, source) => source)
            .filter((source) => (source + round) % 3 !== 0)
            .map((source) => version(source, round)),
          deletions: Array.from({ length: 30 }, (_, source) => `p${source}.md`).filter(
            (_, source) => (source + round) % 7 === 0,
          ),
        });
      }
      const fresh = await createStore();
      try {
        const finalDocuments = await store.listDocuments();
        const writes = await Promise.all(
          finalDocuments.map(async (document) => {
            const ids = (await store.listDocuments()).length > 0 ? await chunkIdsOf(store, document.id) : [];
            return { document, chunks: await store.getChunks(ids) };
          }),
        );
        await fresh.applyChanges({
          upserts: writes.map(({ document, chunks }) => ({
            document: {
              id: document.id,
              source: document.source,
              url: document.url,
              title: document.title,
              format: document.format,
              contentHash: document.contentHash,
            },
            chunks,
          })),
          deletions: [],
        });
        await expectSameRanking(store, fresh, [
          ["cache"],
          ["proxy", "retry"],
          words,
          ["page", "r3"],
          ["missing"],
        ]);
      } finally {
        await fresh.close();
      }
    });

    it("commits a sync session's parts as one change set, all visible at once", async () => {
      await store.applyChanges({ upserts: [documentWrite("old.md", ["stale gone words"])], deletions: [] });
      const sync = await store.beginSync();
      await sync.write([documentWrite("a.md", ["alpha streamed part"])]);
      await sync.delete(["old.md"]);
      await sync.write([documentWrite("b.md", ["beta streamed part"]), documentWrite("c.md", ["gamma"])]);
      await sync.write([documentWrite("a.md", ["alpha rewritten later"])]);
      expect(await sync.commit({ note: { sources: ["docs"], unchanged: 2 } })).toEqual({ corpusVersion: 2 });

      expect((await store.stats()).documents).toBe(3);
      expect(await search(store, ["gone"])).toEqual([]);
      expect(await searchIds(store, ["alpha"])).toEqual([
        documentWrite("a.md", ["alpha rewritten later"]).chunks[0]?.id,
      ]);
      expect((await searchIds(store, ["streamed"])).length).toBe(1);
      const [record] = await store.corpusHistory({ limit: 1 });
      expect(record).toMatchObject({
        version: 2,
        sources: ["docs"],
        added: 3,
        updated: 1,
        deleted: 1,
        unchanged: 2,
      });
      expect(record?.chunks).toBe(3);
      await expect(sync.write([documentWrite("d.md", ["late"])])).rejects.toThrow();
    });

    it("leaves the previous content whole when a sync session is rolled back or a part fails", async () => {
      const original = documentWrite("a.md", ["original text"]);
      await store.applyChanges({ upserts: [original], deletions: [] });
      const before = await store.stats();

      const sync = await store.beginSync();
      await sync.write([documentWrite("a.md", ["replacement text"]), documentWrite("b.md", ["more text"])]);
      await sync.delete(["a.md"]);
      await sync.rollback();
      await sync.rollback();
      expect(await store.stats()).toEqual(before);
      expect(await searchIds(store, ["original"])).toEqual([original.chunks[0]?.id]);
      expect(await search(store, ["replacement"])).toEqual([]);

      const failing = await store.beginSync();
      await failing.write([documentWrite("c.md", ["first part text"])]);
      const clash = documentWrite("d.md", ["clashing text"]);
      await expect(
        failing.write([
          { ...clash, chunks: [{ ...(clash.chunks[0] as Chunk), id: original.chunks[0]?.id ?? "" }] },
        ]),
      ).rejects.toThrow();
      await expect(failing.commit()).rejects.toThrow();
      expect(await store.stats()).toEqual(before);
      expect(await search(store, ["first"])).toEqual([]);
      expect(await store.getChunks([original.chunks[0]?.id ?? ""])).toEqual(original.chunks);
      // The store takes a new session (and plain change sets) afterwards.
      await store.applyChanges({ upserts: [documentWrite("e.md", ["after text"])], deletions: [] });
      expect((await store.stats()).corpusVersion).toBe(before.corpusVersion + 1);
    });

    it("refuses every call on a finished sync session, even while a newer session is open", async () => {
      const finished = await store.beginSync();
      await finished.write([documentWrite("a.md", ["first session text"])]);
      await finished.commit();
      const newer = await store.beginSync();
      await expect(finished.write([documentWrite("stale.md", ["stale handle text"])])).rejects.toThrow(
        /closed/,
      );
      await expect(finished.delete(["a.md"])).rejects.toThrow(/closed/);
      await expect(finished.commit()).rejects.toThrow(/closed/);
      await newer.write([documentWrite("b.md", ["second session text"])]);
      await newer.commit();
      expect(await search(store, ["stale"])).toEqual([]);
      expect((await searchIds(store, ["session"])).length).toBe(2);
      expect((await store.stats()).documents).toBe(2);
    });

    it("ranks after a session of many parts exactly as after one change set", async () => {
      const words = "cache proxy route token deploy schema index query worker retry".split(" ");
      const page = (source: number, round: number) =>
        documentWrite(`p${source}.md`, [
          Array.from(
            { length: 4 + ((source + round) % 7) },
            (_, index) => words[(source * 3 + index * round) % 10],
          ).join(" "),
        ]);
      const all = Array.from({ length: 700 }, (_, source) => page(source, 1));
      await store.applyChanges({ upserts: all.slice(0, 300), deletions: [] });
      const sync = await store.beginSync();
      for (let from = 300; from < 700; from += 90) await sync.write(all.slice(from, from + 90));
      await sync.write([page(5, 2), page(650, 2)]);
      await sync.delete(["p7.md", "p660.md"]);
      await sync.write([page(7, 3)]);
      await sync.commit();

      const reference = await createStore();
      try {
        const final = all.map((write, source) =>
          source === 5 || source === 650 ? page(source, 2) : source === 7 ? page(7, 3) : write,
        );
        await reference.applyChanges({ upserts: final.filter((_, source) => source !== 660), deletions: [] });
        await expectSameRanking(store, reference, [["cache"], ["proxy", "retry"], words]);
      } finally {
        await reference.close();
      }
    });
  });
  describeVectorStoreContract(name, createStore);
}
