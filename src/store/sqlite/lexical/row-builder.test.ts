import { describe, expect, it } from "vitest";
import { appendPosting, createPostings, decodeRow, encodeRow, ROW_CAPACITY } from "./postings-codec.ts";
import { RowBuilder } from "./row-builder.ts";

describe("RowBuilder", () => {
  it("encodes postings byte for byte as encodeRow does, row after row", () => {
    let state = 7;
    const next = (limit: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % limit;
    };
    for (const total of [1, 63, 64, 65, 511, 512, 513, 1500]) {
      const postings = createPostings();
      let doc = 0;
      for (let index = 0; index < total; index++) {
        doc += 1 + next(5000);
        appendPosting(postings, doc, next(3), next(4) === 0 ? next(200) : 0, next(300), 1 + next(2000));
      }
      const builder = new RowBuilder();
      const rows: Array<{ lastDoc: number; count: number; data: Uint8Array }> = [];
      for (let index = 0; index < total; index++) {
        builder.append(
          postings.docs[index] as number,
          postings.titles[index] as number,
          postings.headings[index] as number,
          postings.bodies[index] as number,
          postings.lengths[index] as number,
        );
        if (builder.full) rows.push({ ...builder.finish() });
      }
      if (builder.count > 0) rows.push({ ...builder.finish() });
      expect(rows.length).toBe(Math.ceil(total / ROW_CAPACITY));
      const decoded = createPostings();
      for (const [row, built] of rows.entries()) {
        const from = row * ROW_CAPACITY;
        const expected = encodeRow(postings, from, Math.min(total, from + ROW_CAPACITY));
        expect(built.lastDoc).toBe(expected.lastDoc);
        expect(built.count).toBe(expected.count);
        expect(Buffer.from(built.data).equals(Buffer.from(expected.data))).toBe(true);
        decodeRow(built.data, decoded);
      }
      expect(Array.from(decoded.docs.subarray(0, decoded.count))).toEqual(
        Array.from(postings.docs.subarray(0, total)),
      );
    }
  });
});
