import { BLOCK_SIZE, ByteWriter, type EncodedRow, ROW_CAPACITY } from "./postings-codec.ts";

/** Numbers kept per finished block until the row is written (see the header in `postings-codec.ts`). */
const HEADER_FIELDS = 7;

/**
 * Encodes one term's postings straight into the row format of `postings-codec.ts` as they come,
 * a posting at a time, with no intermediate arrays: the write path of a bulk ingest. Its output
 * is byte for byte what `encodeRow` makes of the same postings (a test checks this). Holds at
 * most one row (`ROW_CAPACITY` postings); `finish` hands the row over and starts the next one.
 */
export class RowBuilder {
  /** Postings in the row being built. */
  count = 0;
  /** The smallest document in the row being built (Infinity when empty). */
  firstDoc = Number.POSITIVE_INFINITY;
  private data = new ByteWriter(16);
  private header: number[] = [];
  private blockPostings = 0;
  private blockStart = 0;
  private previousDoc = 0;
  private previousLastDoc = 0;
  private maxTitle = 0;
  private maxHeadings = 0;
  private maxBody = 0;
  private minLength = 0x7fffffff;

  /** Appends a posting; `doc` must be larger than every document in the row. */
  append(doc: number, title: number, headings: number, body: number, length: number): void {
    const data = this.data;
    if (this.count === 0) this.firstDoc = doc;
    data.varint(doc - this.previousDoc);
    this.previousDoc = doc;
    data.varint(body * 4 + (title > 0 ? 2 : 0) + (headings > 0 ? 1 : 0));
    if (title > 0) data.varint(title);
    if (headings > 0) data.varint(headings);
    data.varint(length);
    if (title > this.maxTitle) this.maxTitle = title;
    if (headings > this.maxHeadings) this.maxHeadings = headings;
    if (body > this.maxBody) this.maxBody = body;
    if (length < this.minLength) this.minLength = length;
    this.count++;
    if (++this.blockPostings === BLOCK_SIZE) this.closeBlock();
  }

  /** True when the row holds `ROW_CAPACITY` postings and must be finished before the next append. */
  get full(): boolean {
    return this.count >= ROW_CAPACITY;
  }

  /** The row's blob and summary; the builder is empty afterwards. Call only when `count > 0`. */
  finish(): Pick<EncodedRow, "lastDoc" | "count" | "data"> {
    if (this.blockPostings > 0) this.closeBlock();
    const blockCount = this.header.length / HEADER_FIELDS;
    const out = new ByteWriter(this.header.length * 3 + this.data.length + 5);
    out.varint(blockCount);
    for (const value of this.header) out.varint(value);
    out.append(this.data.bytes, 0, this.data.length);
    const row = { lastDoc: this.previousLastDoc, count: this.count, data: out.bytes.subarray(0, out.length) };
    this.data.length = 0;
    this.header = [];
    this.blockStart = 0;
    this.previousDoc = 0;
    this.previousLastDoc = 0;
    this.count = 0;
    this.firstDoc = Number.POSITIVE_INFINITY;
    return row;
  }

  private closeBlock(): void {
    this.header.push(
      this.blockPostings,
      this.previousDoc - this.previousLastDoc,
      this.maxTitle,
      this.maxHeadings,
      this.maxBody,
      this.minLength,
      this.data.length - this.blockStart,
    );
    this.previousLastDoc = this.previousDoc;
    this.blockStart = this.data.length;
    this.blockPostings = 0;
    this.maxTitle = 0;
    this.maxHeadings = 0;
    this.maxBody = 0;
    this.minLength = 0x7fffffff;
  }
}
