import type { Database } from "better-sqlite3";
import type { CollectionStatistics } from "./bm25-score.ts";
import { ChunkTermCounter } from "./chunk-term-counter.ts";
import { OpenRows } from "./open-rows.ts";
import { appendPosting, createPostings, decodeRow, encodeRow, ROW_CAPACITY } from "./postings-codec.ts";
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

/** Settings of the lexical index's write path. */
export interface LexicalIndexOptions {
  /**
   * Memory the index may hold while chunks are added (open rows, the term dictionary and its word
   * table), in bytes. Past it, the largest open rows are inserted early, as partial rows; when the
   * dictionary alone passes half of it (a very large vocabulary), it keeps up to half of its terms
   * (recent, frequent ones, with their open rows) and forgets the others, whose open rows are
   * inserted. Search reads all of a term's rows, so results do not change; a smaller budget only
   * makes more, shorter rows. The dictionary costs ~170 bytes a term, so the default, 32 MiB,
   * holds ~90k terms before it restarts (a 100k-chunk ingest of the benchmark corpus, 32k terms,
   * peaks at ~28 MB); sensible 16 MiB to 1 GiB. It is checked between chunks, so a chunk may pass
   * it by the growth of a buffer (up to half of it), and freed buffers return to the system at the
   * garbage collector's pace.
   */
  readonly memoryBudgetBytes?: number;
}

/** See `LexicalIndexOptions.memoryBudgetBytes`. */
export const DEFAULT_MEMORY_BUDGET_BYTES = 32 * 1024 * 1024;

/**
 * Docent's own BM25 index inside the SQLite file (tables `lexical_postings`, `lexical_stats`).
 * Writes go to the database inside the caller's transaction, so an index change commits or
 * rolls back together with the chunks it describes: a term's postings are encoded into its open
 * row as chunks are added, a row is inserted as soon as it is full, and the open (partial) rows
 * are inserted by `flush`. Memory is bounded by a budget (`LexicalIndexOptions`), not by the
 * number of chunks added nor by the vocabulary.
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
  /** The memory the write path holds now, in bytes, as counted against `LexicalIndexOptions.memoryBudgetBytes`. */
  memoryBytes(): number;
  /**
   * The best `limit` documents for the terms (any of them may match), best first.
   *
   * @param terms - query words; each is analysed like indexed text (so "running" finds "runs").
   *   A word repeated verbatim counts once; two words with the same stem count twice, as in the
   *   FTS5 `OR` query this index replaces.
   */
  search(terms: readonly string[], weights: Weights, limit: number, strategy?: LexicalStrategy): ScoredDoc[];
}

/** When the dictionary restarts, at most one term in this many is kept (see `restartDictionary`). */
const RETAINED_SHARE = 2;
/** A term's frequency in one field of a chunk is stored up to this value. */
const FIELD_LIMIT = 2 ** 16 - 1;

/**
 * Creates the lexical index over an open database holding the `lexical_*` tables (see
 * migrations). Statements are prepared once.
 */
export function createLexicalIndex(database: Database, options: LexicalIndexOptions = {}): LexicalIndex {
  const memoryBudget = options.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET_BYTES;
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
  /** Turns a chunk's text into term ids and counts (the term dictionary of the write path). */
  const counter = new ChunkTermCounter();
  /** The open row of every term (by id) added to since the last flush. */
  const rows = new OpenRows();
  let deletions = new Map<string, number[]>();
  /** The smallest document held in an open row (added, or read back from a partial row). */
  let firstOpenDoc = Number.POSITIVE_INFINITY;
  /** Whether a term may already have rows: unknown (null) until the first addition after a flush. */
  let mayHaveRows: boolean | null = null;
  let documentDelta = 0;
  let lengthDelta = 0;
  /** The document being added (the latest), and the first added since the dictionary restarted or rows were flushed (0: none yet). */
  let latestDoc = 0;
  let windowStartDoc = 0;

  /**
   * Opens the row of term `id` for this session. A term that already has a partial last row
   * continues it: the row is decoded into the open row once and deleted (it is inserted again,
   * longer, when full or flushed). Into an index that was empty when this batch of additions
   * began (a first ingest), no row is read back at all; nor is a row this session inserted early
   * to stay within the memory budget (the term simply starts a new row).
   */
  function openRow(id: number): void {
    rows.markOpened(id);
    mayHaveRows ??= statements.anyRow.get() !== undefined;
    if (!mayHaveRows) return;
    const last = statements.lastRow.get(counter.term(id)) as [number, number] | undefined;
    if (last === undefined || last[1] >= ROW_CAPACITY) return;
    const postings = createPostings(last[1]);
    decodeRow(statements.rowData.get(last[0]) as Uint8Array, postings);
    statements.deleteRow.run(last[0]);
    for (let posting = 0; posting < postings.count; posting++) {
      rows.append(
        id,
        postings.docs[posting] as number,
        postings.titles[posting] as number,
        postings.headings[posting] as number,
        postings.bodies[posting] as number,
        postings.lengths[posting] as number,
      );
    }
    if (postings.count > 0 && (postings.docs[0] as number) < firstOpenDoc)
      firstOpenDoc = postings.docs[0] as number;
  }

  function writeRow(id: number): void {
    const row = rows.finish(id);
    statements.insertRow.run(counter.term(id), row.lastDoc, row.count, row.data);
  }

  /** Inserts every open row; the next addition to a term continues from its stored rows. */
  function flushAdditions(): void {
    const limit = rows.termLimit;
    for (let id = 0; id < limit; id++) if (rows.count(id) > 0) writeRow(id);
    rows.reset();
    firstOpenDoc = Number.POSITIVE_INFINITY;
    mayHaveRows = null;
    windowStartDoc = 0;
  }

  /**
   * Keeps the write path within its memory budget (see `LexicalIndexOptions`). Called between
   * chunks, never while a chunk's term ids are in use.
   */
  function keepWithinBudget(): void {
    if (rows.memoryBytes + counter.memoryBytes <= memoryBudget) return;
    const limit = rows.termLimit;
    const vocabularyBytes = counter.memoryBytes + rows.termStateBytes;
    if (vocabularyBytes > memoryBudget / 2) {
      restartDictionary();
      return;
    }
    // Insert the largest open rows until they need half of what the vocabulary leaves, then give
    // the freed memory back.
    const target = (memoryBudget - vocabularyBytes) / 2;
    const open: number[] = [];
    for (let id = 0; id < limit; id++) if (rows.count(id) > 0) open.push(id);
    open.sort((left, right) => rows.bytesOf(right) - rows.bytesOf(left));
    for (const id of open) {
      if (rows.rowBytes <= target) break;
      writeRow(id);
    }
    rows.shrink();
  }

  /**
   * The vocabulary alone passes half the budget: keeps the terms likely to come back, with their
   * open rows (so the rows of common terms are not cut), inserts the open rows of the others and
   * forgets them (they get new ids if they come back). Kept: terms seen in the later half of the
   * documents added since the last restart, with two postings or more since opened, the most
   * frequent first, up to half of all (on 100k benchmark chunks with 238k terms under the
   * default budget, 29% fewer rows than forgetting every term).
   */
  function restartDictionary(): void {
    const recentFrom = latestDoc - (latestDoc - windowStartDoc) / 2;
    windowStartDoc = latestDoc;
    const termCount = counter.termCount;
    const byFrequency = Array.from({ length: termCount }, (_, id) => id)
      .filter((id) => rows.appendedSinceOpened(id) > 1 && rows.lastDocOf(id) >= recentFrom)
      .sort((left, right) => rows.appendedSinceOpened(right) - rows.appendedSinceOpened(left));
    const kept = new Uint8Array(termCount);
    for (const id of byFrequency.slice(0, Math.floor(termCount / RETAINED_SHARE))) kept[id] = 1;
    // New ids in the old order (what `retain` needs).
    const newIdOf = new Int32Array(Math.max(termCount, rows.termLimit)).fill(-1);
    let keptCount = 0;
    for (let id = 0; id < termCount; id++) {
      if (kept[id] === 1) newIdOf[id] = keptCount++;
      else if (rows.count(id) > 0) writeRow(id);
    }
    rows.retain(newIdOf, keptCount);
    counter.retain(newIdOf, keptCount);
    rows.shrink();
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
      latestDoc = doc;
      if (windowStartDoc === 0) windowStartDoc = doc;
      keepWithinBudget();
      const length = counter.count(fields);
      const { touched, touchedCount, counts } = counter;
      for (let index = 0; index < touchedCount; index++) {
        const id = touched[index] as number;
        if (!rows.isOpened(id)) openRow(id);
        rows.append(
          id,
          doc,
          Math.min(counts[4 * id + 1] as number, FIELD_LIMIT),
          Math.min(counts[4 * id + 2] as number, FIELD_LIMIT),
          Math.min(counts[4 * id + 3] as number, FIELD_LIMIT),
          length,
        );
        if (rows.full(id)) writeRow(id);
      }
      if (doc < firstOpenDoc) firstOpenDoc = doc;
      documentDelta++;
      lengthDelta += length;
    },

    removeChunk(doc, fields) {
      // A chunk held in an open row must be written before it can be removed.
      if (doc >= firstOpenDoc) flush();
      keepWithinBudget();
      const length = counter.count(fields);
      for (let index = 0; index < counter.touchedCount; index++) {
        const term = counter.term(counter.touched[index] as number);
        const docs = deletions.get(term);
        if (docs) docs.push(doc);
        else deletions.set(term, [doc]);
      }
      documentDelta--;
      lengthDelta -= length;
    },

    flush,

    discard() {
      rows.reset();
      deletions = new Map();
      firstOpenDoc = Number.POSITIVE_INFINITY;
      mayHaveRows = null;
      documentDelta = 0;
      lengthDelta = 0;
    },

    memoryBytes() {
      return rows.memoryBytes + counter.memoryBytes;
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
