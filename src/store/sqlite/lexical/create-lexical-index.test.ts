import BetterSqlite3, { type Database } from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { averageLength, inverseDocumentFrequency, termScore } from "./bm25-score.ts";
import { createLexicalIndex, LEXICAL_SCHEMA, type LexicalFields } from "./create-lexical-index.ts";
import { indexTerms } from "./tokenize-for-index.ts";

/** A seeded generator (mulberry32), so every run sees the same corpus and queries. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words with a Zipf-like spread, so some terms are in most documents and some in few. */
const VOCABULARY = Array.from({ length: 300 }, (_, index) => `w${index}x`);
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

const analysedCache = new WeakMap<
  LexicalFields,
  { title: string[]; headings: string[]; body: string[]; length: number }
>();

/** BM25 computed straight from the texts, independent of postings, blocks and pruning. */
function referenceTopK(
  documents: ReadonlyMap<number, LexicalFields>,
  terms: readonly string[],
  weights: { title: number; headings: number; body: number },
  limit: number,
) {
  const analysed = [...new Set(terms.flatMap((term) => indexTerms(term)))];
  const perDocument = [...documents].map(([doc, fields]) => {
    let analysedFields = analysedCache.get(fields);
    if (!analysedFields) {
      const title = indexTerms(fields.title);
      const headings = indexTerms(fields.headings);
      const body = indexTerms(fields.body);
      analysedFields = { title, headings, body, length: title.length + headings.length + body.length };
      analysedCache.set(fields, analysedFields);
    }
    return { doc, ...analysedFields };
  });
  const statistics = {
    documentCount: perDocument.length,
    totalLength: perDocument.reduce((sum, document) => sum + document.length, 0),
  };
  const average = averageLength(statistics);
  const scores = new Map<number, number>();
  for (const term of analysed) {
    const count = (tokens: string[]) => tokens.filter((token) => token === term).length;
    const holders = perDocument.filter(
      (document) => count(document.title) + count(document.headings) + count(document.body) > 0,
    );
    if (holders.length === 0) continue;
    const idf = inverseDocumentFrequency(statistics.documentCount, holders.length);
    for (const document of holders) {
      const weighted =
        weights.title * count(document.title) +
        weights.headings * count(document.headings) +
        weights.body * count(document.body);
      scores.set(
        document.doc,
        (scores.get(document.doc) ?? 0) + termScore(idf, weighted, document.length, average),
      );
    }
  }
  return [...scores]
    .sort((left, right) => right[1] - left[1] || left[0] - right[0])
    .slice(0, limit)
    .map(([doc, score]) => ({ doc, score }));
}

let database: Database | undefined;
afterEach(() => database?.close());

function openIndex() {
  database = new BetterSqlite3(":memory:");
  database.exec(LEXICAL_SCHEMA);
  return { database, index: createLexicalIndex(database) };
}

describe("lexical index", () => {
  it("returns the exact top k after adds, deletions and replacements, for hundreds of random queries", () => {
    const next = random(42);
    const { database: db, index } = openIndex();
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
              documents.delete(doc);
            }
          }
        }
        const additions = round === 0 ? 1500 : 150;
        for (let count = 0; count < additions; count++) {
          const fields = randomFields(next);
          index.addChunk(nextDoc, fields);
          documents.set(nextDoc++, fields);
        }
      });
    }
    expect(documents.size).toBeGreaterThan(1000);

    let compared = 0;
    for (let query = 0; query < 300; query++) {
      const terms = Array.from({ length: 1 + Math.floor(next() * 12) }, () => randomText(next, 1));
      const weights =
        query % 3 === 0 ? { title: 1, headings: 1, body: 1 } : { title: 5.2, headings: 2.6, body: 1.3 };
      const limit = [1, 10, 10, 50, 200][query % 5] as number;
      const pruned = index.search(terms, weights, limit);
      const exhaustive = index.search(terms, weights, limit, "exhaustive");
      expect(pruned).toEqual(exhaustive);
      // The index itself agrees with BM25 computed from the texts (scores up to rounding).
      const reference = referenceTopK(documents, terms, weights, limit);
      expect(pruned.map((hit) => hit.doc)).toEqual(reference.map((hit) => hit.doc));
      for (const [position, hit] of pruned.entries()) {
        expect(hit.score).toBeCloseTo(reference[position]?.score ?? Number.NaN, 9);
      }
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
});
