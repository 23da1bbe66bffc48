import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../eval/compare/seeded-random.ts";
import { OpenRows } from "./open-rows.ts";
import {
  appendPosting,
  createPostings,
  decodeRow,
  encodeRow,
  type Postings,
  ROW_CAPACITY,
} from "./postings-codec.ts";

describe("OpenRows", () => {
  it("encodes every term's rows byte for byte as encodeRow does, with many terms interleaved, rows finished early and memory given back", () => {
    const next = seededRandom(11);
    const terms = 400;
    const rows = new OpenRows();
    const postings: Postings[] = Array.from({ length: terms }, () => createPostings());
    /** Per term, where each of its rows started in its postings, as finished. */
    const rowStarts: number[][] = Array.from({ length: terms }, () => [0]);
    const built: Array<Array<{ lastDoc: number; count: number; data: Buffer }>> = Array.from(
      { length: terms },
      () => [],
    );
    const finish = (term: number) => {
      const row = rows.finish(term);
      built[term]?.push({ lastDoc: row.lastDoc, count: row.count, data: Buffer.from(row.data) });
      rowStarts[term]?.push((postings[term] as Postings).count);
    };
    let shrinks = 0;
    for (let doc = 1; doc <= 6000; doc++) {
      // Zipf-like: low term ids are in most documents (rows fill), high ones in few.
      const distinct = 1 + Math.floor(next() * 60);
      const seen = new Set<number>();
      for (let index = 0; index < distinct; index++) seen.add(Math.floor(terms * next() ** 3));
      for (const term of seen) {
        const title = next() < 0.2 ? 1 + Math.floor(next() * 3) : 0;
        const headings = next() < 0.1 ? Math.floor(next() * 300) : 0;
        const body = Math.floor(next() * 200);
        const length = 1 + Math.floor(next() * 5000);
        appendPosting(postings[term] as Postings, doc, title, headings, body, length);
        rows.append(term, doc, title, headings, body, length);
        if (rows.full(term)) finish(term);
      }
      if (doc % 500 === 0) {
        // As under memory pressure: the largest rows are finished early, then memory is given back.
        const open = Array.from({ length: terms }, (_, term) => term).filter((term) => rows.count(term) > 0);
        open.sort((left, right) => rows.bytesOf(right) - rows.bytesOf(left));
        const before = rows.memoryBytes;
        for (const term of open.slice(0, 40)) finish(term);
        rows.shrink();
        expect(rows.memoryBytes).toBeLessThanOrEqual(before);
        shrinks++;
      }
    }
    for (let term = 0; term < terms; term++) if (rows.count(term) > 0) finish(term);
    expect(shrinks).toBe(12);

    let rowCount = 0;
    let partialRowsBeforeTheLast = 0;
    for (let term = 0; term < terms; term++) {
      const all = postings[term] as Postings;
      const starts = rowStarts[term] as number[];
      const rowsOfTerm = built[term] as Array<{ lastDoc: number; count: number; data: Buffer }>;
      expect(rowsOfTerm.length).toBe(starts.length - 1);
      const decoded = createPostings();
      for (const [index, row] of rowsOfTerm.entries()) {
        const expected = encodeRow(all, starts[index] as number, starts[index + 1] as number);
        expect(row.lastDoc).toBe(expected.lastDoc);
        expect(row.count).toBe(expected.count);
        expect(row.data.equals(Buffer.from(expected.data))).toBe(true);
        decodeRow(row.data, decoded);
        if (index < rowsOfTerm.length - 1 && row.count < ROW_CAPACITY) partialRowsBeforeTheLast++;
        rowCount++;
      }
      expect(Array.from(decoded.docs.subarray(0, decoded.count))).toEqual(
        Array.from(all.docs.subarray(0, all.count)),
      );
    }
    // Full rows, early (partial) rows before a term's last, and terms with a single row all occurred.
    expect(rowCount).toBeGreaterThan(terms * 2);
    expect(partialRowsBeforeTheLast).toBeGreaterThan(100);
    expect(built.some((rowsOfTerm) => rowsOfTerm.length === 1)).toBe(true);
  });

  it("forgets its open rows on reset, and the terms it had opened", () => {
    const rows = new OpenRows();
    rows.markOpened(3);
    rows.append(3, 10, 0, 0, 1, 5);
    rows.append(3, 12, 1, 0, 2, 5);
    expect(rows.isOpened(3)).toBe(true);
    expect(rows.count(3)).toBe(2);
    rows.reset();
    expect(rows.isOpened(3)).toBe(false);
    expect(rows.count(3)).toBe(0);
    // The next row starts from scratch: its first document is encoded from 0.
    rows.append(3, 20, 0, 0, 1, 7);
    const postings = createPostings();
    appendPosting(postings, 20, 0, 0, 1, 7);
    const row = rows.finish(3);
    expect(Buffer.from(row.data).equals(Buffer.from(encodeRow(postings, 0, 1).data))).toBe(true);
    expect(row.lastDoc).toBe(20);
  });
  it("keeps the open rows of retained terms under their new ids, byte for byte", () => {
    const next = seededRandom(5);
    const rows = new OpenRows();
    /** By term name: its postings, where its rows started, and the rows built. */
    const terms = Array.from({ length: 300 }, () => ({
      postings: createPostings(),
      starts: [0],
      built: [] as Buffer[],
    }));
    /** The current id of each term name, and the name of each id. */
    let idOfName = Array.from({ length: terms.length }, (_, name) => name);
    const finish = (name: number) => {
      const term = terms[name] as (typeof terms)[number];
      term.built.push(Buffer.from(rows.finish(idOfName[name] as number).data));
      term.starts.push(term.postings.count);
    };
    for (let doc = 1; doc <= 3000; doc++) {
      for (let name = 0; name < terms.length; name++) {
        if ((idOfName[name] as number) < 0 || next() > 0.3 / (1 + name / 20)) continue;
        const body = 1 + Math.floor(next() * 9);
        appendPosting((terms[name] as (typeof terms)[number]).postings, doc, 0, 0, body, 100 + doc);
        rows.append(idOfName[name] as number, doc, 0, 0, body, 100 + doc);
        if (rows.full(idOfName[name] as number)) finish(name);
      }
      if (doc % 1000 === 0) {
        // Keep every other live term, under ids 0, 1, 2, ... in the old order; finish the others.
        const newIdOf = new Int32Array(rows.termLimit).fill(-1);
        const byId = idOfName
          .map((id, name) => ({ id, name }))
          .filter(({ id }) => id >= 0)
          .sort((left, right) => left.id - right.id);
        let kept = 0;
        const renamed = idOfName.map(() => -1);
        for (const [position, { id, name }] of byId.entries()) {
          if (position % 2 === 0) {
            newIdOf[id] = kept;
            renamed[name] = kept++;
          } else if (rows.count(id) > 0) {
            finish(name);
          }
        }
        rows.retain(newIdOf, kept);
        rows.shrink();
        idOfName = renamed;
      }
    }
    let compared = 0;
    for (const [name, term] of terms.entries()) {
      const id = idOfName[name] as number;
      if (id >= 0 && rows.count(id) > 0) finish(name);
      for (const [index, data] of term.built.entries()) {
        const expected = encodeRow(
          term.postings,
          term.starts[index] as number,
          term.starts[index + 1] as number,
        );
        expect(data.equals(Buffer.from(expected.data))).toBe(true);
        compared++;
      }
      expect(term.starts.at(-1)).toBe(term.postings.count);
    }
    expect(compared).toBeGreaterThan(250);
  });
});
