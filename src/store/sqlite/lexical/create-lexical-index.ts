import type { Database } from "better-sqlite3";
import type { CollectionStatistics } from "./bm25-score.ts";
import { appendPosting, createPostings, decodeRow, encodeRow, ROW_CAPACITY } from "./postings-codec.ts";
import { RowBuilder } from "./row-builder.ts";
import { TermCursor, type Weights } from "./term-cursor.ts";
import { forEachIndexTerm } from "./tokenize-for-index.ts";
import { exhaustiveTopK, maxScoreTopK, type ScoredDoc } from "./top-k-search.ts";

/** The searchable fields of a chunk. */
export interface LexicalFields {
  readonly title: string;
  readonly headings: string;
  readonly body: string;
}

/** How a search finds its top k. */
export type LexicalStrategy = "max-score" | "exhaustive";

/**
 * Docent's own BM25 index inside the SQLite file (tables `lexical_postings`, `lexical_stats`).
 * Writes go to the database inside the caller's transaction, so an index change commits or
 * rolls back together with the chunks it describes: a term's postings are encoded into its open
 * row as chunks are added, a row is inserted as soon as it is full, and the open (partial) rows
 * are inserted by `flush`. Memory is bounded by the vocabulary (at most one open row per term),
 * not by the number of chunks added.
 */
export interface LexicalIndex {
  /** Indexes a chunk under `doc`, which must be larger than every document already indexed. */
  addChunk(doc: number, fields: LexicalFields): void;
  /** Un-indexes a chunk; `fields` must be the text it was indexed with. */
  removeChunk(doc: number, fields: LexicalFields): void;
  /** Writes buffered deletions, open rows and statistics. Call before the transaction commits. */
  flush(): void;
  /** Forgets buffered changes (after a rolled-back transaction). */
  discard(): void;
  /**
   * The best `limit` documents for the terms (any of them may match), best first.
   *
   * @param terms - query words; each is analysed like indexed text (so "running" finds "runs").
   *   A word repeated verbatim counts once; two words with the same stem count twice, as in the
   *   FTS5 `OR` query this index replaces.
   */
  search(terms: readonly string[], weights: Weights, limit: number, strategy?: LexicalStrategy): ScoredDoc[];
}

/** Frequencies per field are packed into one number while counting a chunk's terms (title and headings below 2^16 each, body below 2^21, exact in a double). */
const FIELD_SHIFT = 2 ** 16;
const FIELD_LIMIT = FIELD_SHIFT - 1;

/**
 * Creates the lexical index over an open database holding the `lexical_*` tables (see
 * migrations). Statements are prepared once.
 */
export function createLexicalIndex(database: Database): LexicalIndex {
  const statements = {
    rowContaining: database.prepare(
      "SELECT id, data FROM lexical_postings WHERE term = ? AND last_doc >= ? ORDER BY last_doc LIMIT 1",
    ),
    lastRow: database
      .prepare("SELECT id, doc_count FROM lexical_postings WHERE term = ? ORDER BY last_doc DESC LIMIT 1")
      .raw(true),
    rowData: database.prepare("SELECT data FROM lexical_postings WHERE id = ?").pluck(),
    insertRow: database.prepare(
      "INSERT INTO lexical_postings (term, last_doc, doc_count, data) VALUES (?, ?, ?, ?)",
    ),
    updateRow: database.prepare(
      "UPDATE lexical_postings SET last_doc = ?, doc_count = ?, data = ? WHERE id = ?",
    ),
    deleteRow: database.prepare("DELETE FROM lexical_postings WHERE id = ?"),
    anyRow: database.prepare("SELECT 1 FROM lexical_postings LIMIT 1").pluck(),
    termRows: database
      .prepare("SELECT doc_count, data FROM lexical_postings WHERE term = ? ORDER BY last_doc")
      .raw(true),
    statistics: database
      .prepare("SELECT document_count, total_length FROM lexical_stats WHERE id = 1")
      .raw(true),
    logarithm: database.prepare("SELECT ln(?)").pluck(),
    updateStatistics: database.prepare(
      "UPDATE lexical_stats SET document_count = document_count + ?, total_length = total_length + ? WHERE id = 1",
    ),
  };
  /** The open row of every term added to since the last flush. */
  const builders = new Map<string, RowBuilder>();
  let deletions = new Map<string, number[]>();
  /** The smallest document held in an open row (added, or read back from a partial row). */
  let firstOpenDoc = Number.POSITIVE_INFINITY;
  /** Whether a term may already have rows: unknown (null) until the first addition after a flush. */
  let mayHaveRows: boolean | null = null;
  let documentDelta = 0;
  let lengthDelta = 0;
  const counts = new Map<string, number>();

  /** Counts the chunk's terms per field into `counts` (packed) and returns its length. */
  function countTerms(fields: LexicalFields): number {
    counts.clear();
    let length = 0;
    const count = (shift: number) => (term: string) => {
      length++;
      counts.set(term, (counts.get(term) ?? 0) + shift);
    };
    forEachIndexTerm(fields.title, count(1));
    forEachIndexTerm(fields.headings, count(FIELD_SHIFT));
    forEachIndexTerm(fields.body, count(FIELD_SHIFT * FIELD_SHIFT));
    return length;
  }

  /**
   * The open row of `term`. A term that already has a partial last row continues it: the row is
   * decoded into the builder once and deleted (it is inserted again, longer, when full or
   * flushed). Into an index that was empty when this batch of additions began (a first ingest),
   * no row is read back at all.
   */
  function openRow(term: string): RowBuilder {
    const builder = new RowBuilder();
    builders.set(term, builder);
    mayHaveRows ??= statements.anyRow.get() !== undefined;
    if (!mayHaveRows) return builder;
    const last = statements.lastRow.get(term) as [number, number] | undefined;
    if (last === undefined || last[1] >= ROW_CAPACITY) return builder;
    const postings = createPostings(last[1]);
    decodeRow(statements.rowData.get(last[0]) as Uint8Array, postings);
    statements.deleteRow.run(last[0]);
    for (let posting = 0; posting < postings.count; posting++) {
      builder.append(
        postings.docs[posting] as number,
        postings.titles[posting] as number,
        postings.headings[posting] as number,
        postings.bodies[posting] as number,
        postings.lengths[posting] as number,
      );
    }
    if (builder.firstDoc < firstOpenDoc) firstOpenDoc = builder.firstDoc;
    return builder;
  }

  function writeRow(term: string, builder: RowBuilder): void {
    const row = builder.finish();
    statements.insertRow.run(term, row.lastDoc, row.count, row.data);
  }

  /** Inserts every open row; the next addition to a term continues from its stored rows. */
  function flushAdditions(): void {
    for (const [term, builder] of builders) if (builder.count > 0) writeRow(term, builder);
    builders.clear();
    firstOpenDoc = Number.POSITIVE_INFINITY;
    mayHaveRows = null;
  }

  function flushDeletions(): void {
    for (const [term, docs] of deletions) {
      docs.sort((left, right) => left - right);
      let index = 0;
      while (index < docs.length) {
        const row = statements.rowContaining.get(term, docs[index]) as
          | { id: number; data: Uint8Array }
          | undefined;
        if (!row) break;
        const postings = createPostings(ROW_CAPACITY);
        decodeRow(row.data, postings);
        const lastDoc = postings.docs[postings.count - 1] as number;
        const removed = new Set<number>();
        while (index < docs.length && (docs[index] as number) <= lastDoc)
          removed.add(docs[index++] as number);
        const kept = createPostings(postings.count);
        for (let posting = 0; posting < postings.count; posting++) {
          const doc = postings.docs[posting] as number;
          if (removed.has(doc)) continue;
          appendPosting(
            kept,
            doc,
            postings.titles[posting] as number,
            postings.headings[posting] as number,
            postings.bodies[posting] as number,
            postings.lengths[posting] as number,
          );
        }
        if (kept.count === 0) {
          statements.deleteRow.run(row.id);
        } else {
          const encoded = encodeRow(kept, 0, kept.count);
          statements.updateRow.run(encoded.lastDoc, encoded.count, encoded.data, row.id);
        }
      }
    }
    deletions = new Map();
  }

  function flush(): void {
    // Deletions first: a new chunk may reuse the row id of a chunk deleted in the same change.
    if (deletions.size > 0) flushDeletions();
    flushAdditions();
    if (documentDelta !== 0 || lengthDelta !== 0) statements.updateStatistics.run(documentDelta, lengthDelta);
    documentDelta = 0;
    lengthDelta = 0;
  }

  const logarithms = new Map<number, number>();
  /** C's `log()` through SQLite, as FTS5 computes its idf (memoised: few distinct arguments). */
  function logarithm(value: number): number {
    let result = logarithms.get(value);
    if (result === undefined) {
      if (logarithms.size >= 100_000) logarithms.clear();
      result = statements.logarithm.get(value) as number;
      logarithms.set(value, result);
    }
    return result;
  }

  function readStatistics(): CollectionStatistics {
    const row = statements.statistics.get() as [number, number] | undefined;
    return { documentCount: row?.[0] ?? 0, totalLength: row?.[1] ?? 0 };
  }

  const searchSnapshot = database.transaction(
    (terms: readonly string[], weights: Weights, limit: number, strategy: LexicalStrategy): ScoredDoc[] => {
      const statistics = readStatistics();
      // As the FTS5 query `"w1" OR "w2" ...` did: one phrase per distinct query word, so two words
      // with one stem ("answer", "answering") count that term twice.
      const slotOfTerm = new Map<string, number>();
      const cursors: TermCursor[] = [];
      const phrases: number[] = [];
      for (const word of new Set(terms.map((term) => term.trim()))) {
        forEachIndexTerm(word, (term) => {
          let slot = slotOfTerm.get(term);
          if (slot === undefined) {
            slot = -1;
            const rows = statements.termRows.all(term) as Array<[number, Uint8Array]>;
            if (rows.length > 0) {
              slot = cursors.length;
              cursors.push(new TermCursor(rows, weights, statistics, logarithm));
            }
            slotOfTerm.set(term, slot);
          }
          if (slot >= 0) phrases.push(slot);
        });
      }
      return strategy === "exhaustive"
        ? exhaustiveTopK(cursors, limit, phrases)
        : maxScoreTopK(cursors, limit, phrases);
    },
  );

  return {
    addChunk(doc, fields) {
      // Rows read back below must no longer hold chunks removed before this one.
      if (deletions.size > 0) flushDeletions();
      const length = countTerms(fields);
      for (const [term, packed] of counts) {
        const title = Math.min(packed % FIELD_SHIFT, FIELD_LIMIT);
        const headings = Math.min(Math.floor(packed / FIELD_SHIFT) % FIELD_SHIFT, FIELD_LIMIT);
        const body = Math.min(Math.floor(packed / (FIELD_SHIFT * FIELD_SHIFT)), FIELD_LIMIT);
        const builder = builders.get(term) ?? openRow(term);
        builder.append(doc, title, headings, body, length);
        if (builder.full) writeRow(term, builder);
      }
      if (doc < firstOpenDoc) firstOpenDoc = doc;
      documentDelta++;
      lengthDelta += length;
    },

    removeChunk(doc, fields) {
      // A chunk held in an open row must be written before it can be removed.
      if (doc >= firstOpenDoc) flush();
      const length = countTerms(fields);
      for (const term of counts.keys()) {
        const docs = deletions.get(term);
        if (docs) docs.push(doc);
        else deletions.set(term, [doc]);
      }
      documentDelta--;
      lengthDelta -= length;
    },

    flush,

    discard() {
      builders.clear();
      deletions = new Map();
      firstOpenDoc = Number.POSITIVE_INFINITY;
      mayHaveRows = null;
      documentDelta = 0;
      lengthDelta = 0;
    },

    search(terms, weights, limit, strategy = "max-score") {
      if (limit <= 0 || terms.length === 0) return [];
      return searchSnapshot(terms, weights, Math.floor(limit), strategy);
    },
  };
}

/** The SQL that creates the lexical index's tables (used by the migration). */
export const LEXICAL_SCHEMA = `
  CREATE TABLE lexical_postings (
    id INTEGER PRIMARY KEY,
    term TEXT NOT NULL,
    last_doc INTEGER NOT NULL,
    doc_count INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE UNIQUE INDEX lexical_postings_by_term ON lexical_postings(term, last_doc);
  CREATE TABLE lexical_stats (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document_count INTEGER NOT NULL,
    total_length INTEGER NOT NULL
  );
  INSERT INTO lexical_stats (id, document_count, total_length) VALUES (1, 0, 0);
`;
