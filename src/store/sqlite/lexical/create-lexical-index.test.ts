import BetterSqlite3, { type Database } from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { seededRandom } from "../../../eval/compare/seeded-random.ts";
import { buildMatchExpression } from "../build-match-expression.ts";
import { ChunkTermCounter } from "./chunk-term-counter.ts";
import {
  createLexicalIndex,
  LEXICAL_SCHEMA,
  type LexicalFields,
  type LexicalIndex,
  type LexicalIndexOptions,
} from "./create-lexical-index.ts";
import { OpenRows } from "./open-rows.ts";

/**
 * Words with a Zipf-like spread, so some terms are in most documents and some in few; some share
 * a stem, so a query can hold two words for one term.
 */
const VOCABULARY = [
  ...[
    "connect",
    "connected",
    "connecting",
    "answer",
    "answering",
    "answers",
    "Index",
    "indexes",
    "ÉCOLE",
    "école",
  ],
  ...Array.from({ length: 290 }, (_, index) => `w${index}x`),
];
function randomText(next: () => number, words: number): string {
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    out.push(VOCABULARY[Math.floor(VOCABULARY.length * next() ** 2.5)] as string);
  }
  return out.join(" ");
}
function randomFields(next: () => number): LexicalFields {
  return {
    title: randomText(next, 1 + Math.floor(next() * 4)),
    headings: next() < 0.5 ? "" : randomText(next, 1 + Math.floor(next() * 5)),
    body: randomText(next, 5 + Math.floor(next() * 120)),
  };
}

/**
 * The reference: SQLite FTS5's own `bm25()` over a contentless table kept in step with the index
 * (the ranking Docent shipped before its own index), queried as Docent queried it.
 */
function createFts5Reference(database: Database) {
  database.exec(`CREATE VIRTUAL TABLE reference USING fts5(title, headings, body, content = '',
    contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2')`);
  const insert = database.prepare("INSERT INTO reference (rowid, title, headings, body) VALUES (?, ?, ?, ?)");
  const remove = database.prepare("DELETE FROM reference WHERE rowid = ?");
  const search = database
    .prepare(
      `SELECT rowid, bm25(reference, ?, ?, ?) FROM reference WHERE reference MATCH ?
       ORDER BY bm25(reference, ?, ?, ?), rowid LIMIT ?`,
    )
    .raw(true);
  return {
    add: (doc: number, fields: LexicalFields) => insert.run(doc, fields.title, fields.headings, fields.body),
    remove: (doc: number) => remove.run(doc),
    search(
      terms: readonly string[],
      weights: { title: number; headings: number; body: number },
      limit: number,
    ) {
      const match = buildMatchExpression(terms);
      if (match === null) return [];
      const { title, headings, body } = weights;
      const rows = search.all(title, headings, body, match, title, headings, body, limit) as Array<
        [number, number]
      >;
      return rows.map(([doc, score]) => ({ doc, score: -score }));
    },
  };
}

let databases: Database[] = [];
afterEach(() => {
  for (const open of databases) open.close();
  databases = [];
  vi.restoreAllMocks();
});

function openIndex(options?: LexicalIndexOptions) {
  const database = new BetterSqlite3(":memory:");
  databases.push(database);
  database.exec(LEXICAL_SCHEMA);
  return { database, index: createLexicalIndex(database, options) };
}

/** Rows of a term that hold fewer than 512 postings although a later row of the term exists. */
function partialRowsBeforeTheLast(database: Database): number {
  return database
    .prepare(
      `SELECT count(*) FROM lexical_postings AS row WHERE doc_count < 512 AND EXISTS
         (SELECT 1 FROM lexical_postings AS later WHERE later.term = row.term AND later.last_doc > row.last_doc)`,
    )
    .pluck()
    .get() as number;
}

type LexicalWeights = { title: number; headings: number; body: number };

describe("lexical index", () => {
  it("ranks exactly as FTS5's bm25() after adds, deletions and replacements, for hundreds of random queries", () => {
    const next = seededRandom(42);
    const { database: db, index } = openIndex();
    const reference = createFts5Reference(db);
    const documents = new Map<number, LexicalFields>();
    let nextDoc = 1;
    const write = db.transaction((operations: () => void) => {
      operations();
      index.flush();
    });
    // Several change sets: big first load (rows fill and split), then mixed edits.
    for (let round = 0; round < 6; round++) {
      write(() => {
        const live = [...documents.keys()];
        if (round > 0) {
          for (const doc of live) {
            if (next() < 0.15) {
              index.removeChunk(doc, documents.get(doc) as LexicalFields);
              reference.remove(doc);
              documents.delete(doc);
            }
          }
        }
        const additions = round === 0 ? 1500 : 150;
        for (let count = 0; count < additions; count++) {
          const fields = randomFields(next);
          index.addChunk(nextDoc, fields);
          reference.add(nextDoc, fields);
          documents.set(nextDoc++, fields);
        }
      });
    }
    expect(documents.size).toBeGreaterThan(1000);

    let compared = 0;
    for (let query = 0; query < 300; query++) {
      const terms = [
        ...new Set(
          Array.from({ length: 1 + Math.floor(next() * 12) }, () => randomText(next, 1).toLowerCase()),
        ),
      ];
      const weights =
        query % 3 === 0 ? { title: 1, headings: 1, body: 1 } : { title: 5.2, headings: 2.6, body: 1.3 };
      const limit = [1, 10, 10, 50, 200][query % 5] as number;
      const pruned = index.search(terms, weights, limit);
      const exhaustive = index.search(terms, weights, limit, "exhaustive");
      expect(pruned).toEqual(exhaustive);
      // The same chunks in the same order with the same scores, to the bit, as FTS5.
      expect(pruned).toEqual(reference.search(terms, weights, limit));
      compared += pruned.length;
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it("leaves nothing of a rolled-back change and keeps working after it", () => {
    const { database: db, index } = openIndex();
    const fields = { title: "Alpha", headings: "", body: "alpha beta" };
    db.transaction(() => {
      index.addChunk(1, fields);
      index.flush();
    })();
    const failing = db.transaction(() => {
      index.removeChunk(1, fields);
      index.addChunk(2, { title: "Gamma", headings: "", body: "gamma" });
      index.flush();
      throw new Error("interrupted");
    });
    expect(() => failing()).toThrow("interrupted");
    index.discard();
    const even = { title: 1, headings: 1, body: 1 };
    expect(index.search(["alpha"], even, 10).map((hit) => hit.doc)).toEqual([1]);
    expect(index.search(["gamma"], even, 10)).toEqual([]);
    db.transaction(() => {
      index.addChunk(3, { title: "Delta", headings: "", body: "alpha delta" });
      index.flush();
    })();
    expect(index.search(["alpha"], even, 10).map((hit) => hit.doc)).toEqual([1, 3]);
  });

  it("handles a chunk removed in the change that added it, and a reused row id", () => {
    const { database: db, index } = openIndex();
    const even = { title: 1, headings: 1, body: 1 };
    db.transaction(() => {
      index.addChunk(1, { title: "", headings: "", body: "kept word" });
      index.addChunk(2, { title: "", headings: "", body: "short lived word" });
      index.removeChunk(2, { title: "", headings: "", body: "short lived word" });
      index.addChunk(2, { title: "", headings: "", body: "replacement word" });
      index.flush();
    })();
    expect(index.search(["lived"], even, 10)).toEqual([]);
    expect(index.search(["word"], even, 10).map((hit) => hit.doc)).toEqual([1, 2]);
    expect(index.search(["replacement"], even, 10).map((hit) => hit.doc)).toEqual([2]);
  });
  it("ranks identically whatever its memory budget: rows written early, the dictionary restarted, across sessions", () => {
    const shrink = vi.spyOn(OpenRows.prototype, "shrink");
    const retain = vi.spyOn(ChunkTermCounter.prototype, "retain");
    const next = seededRandom(9);
    const reference = openIndex();
    const fts5 = createFts5Reference(reference.database);
    // 400 KB: the largest open rows are written early; 230 KB: the vocabulary (counted with its
    // fixed tables) passes half the budget every few chunks, so the dictionary restarts.
    const budgets = [400_000, 230_000].map((memoryBudgetBytes) => openIndex({ memoryBudgetBytes }));
    const all = [reference, ...budgets];
    const documents = new Map<number, LexicalFields>();
    let nextDoc = 1;
    const peakMemory = all.map(() => 0);
    for (let round = 0; round < 5; round++) {
      const removals = round === 0 ? [] : [...documents.keys()].filter(() => next() < 0.15);
      const additions = Array.from({ length: round === 0 ? 1200 : 150 }, () => randomFields(next));
      for (const [which, { database, index }] of all.entries()) {
        database.transaction(() => {
          let doc = nextDoc;
          for (const removed of removals) index.removeChunk(removed, documents.get(removed) as LexicalFields);
          for (const [position, fields] of additions.entries()) {
            index.addChunk(doc++, fields);
            peakMemory[which] = Math.max(peakMemory[which] as number, index.memoryBytes());
            // A chunk removed in the change that added it (open rows are written first).
            if (position === 70) index.removeChunk(doc - 1, fields);
          }
          index.flush();
        })();
      }
      for (const removed of removals) {
        fts5.remove(removed);
        documents.delete(removed);
      }
      for (const [position, fields] of additions.entries()) {
        if (position !== 70) {
          fts5.add(nextDoc, fields);
          documents.set(nextDoc, fields);
        }
        nextDoc++;
      }
      if (round === 0) {
        // A first ingest writes partial rows before a term's last only when memory runs short.
        expect(partialRowsBeforeTheLast(reference.database)).toBe(0);
        for (const { database } of budgets) expect(partialRowsBeforeTheLast(database)).toBeGreaterThan(50);
      }
    }
    expect(shrink).toHaveBeenCalled();
    expect(retain).toHaveBeenCalled();
    const rowCount = (database: Database) =>
      database.prepare("SELECT count(*) FROM lexical_postings").pluck().get() as number;
    for (const { database } of budgets)
      expect(rowCount(database)).toBeGreaterThan(rowCount(reference.database));
    // Unbounded, the index needs more than 400 KB; bounded, it stays near its budget (checked
    // between chunks, so a chunk may pass it by the growth of a buffer).
    expect(peakMemory[0]).toBeGreaterThan(500_000);
    expect(peakMemory[1]).toBeLessThan(400_000 * 1.5);
    expect(peakMemory[2]).toBeLessThan(230_000 * 1.5);

    const search = (index: LexicalIndex, terms: string[], weights: LexicalWeights, limit: number) =>
      index.search(terms, weights, limit);
    let compared = 0;
    for (let query = 0; query < 150; query++) {
      const terms = [
        ...new Set(
          Array.from({ length: 1 + Math.floor(next() * 10) }, () => randomText(next, 1).toLowerCase()),
        ),
      ];
      const weights: LexicalWeights =
        query % 2 === 0 ? { title: 1, headings: 1, body: 1 } : { title: 5.2, headings: 2.6, body: 1.3 };
      const limit = [1, 10, 50, 200][query % 4] as number;
      const expected = search(reference.index, terms, weights, limit);
      expect(expected).toEqual(fts5.search(terms, weights, limit));
      for (const { index } of budgets) {
        expect(search(index, terms, weights, limit)).toEqual(expected);
        expect(index.search(terms, weights, limit, "exhaustive")).toEqual(expected);
      }
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(2000);
  });
});
