import { weightedFrequency } from "./bm25-score.ts";

/**
 * The on-disk format of posting rows. A row of `lexical_postings` holds up to `ROW_CAPACITY`
 * postings of one term, in ascending chunk (document) order, cut into blocks of `BLOCK_SIZE`.
 * The blob starts with a header describing each block (count, last document, the maximum
 * frequency in each field, the minimum chunk length, byte length), so a search can bound a
 * block's best score and skip it, or jump to the block holding a document, without decoding
 * postings. Numbers are unsigned LEB128 varints.
 *
 *   blob    = varint(blockCount) header{blockCount} data{blockCount}
 *   header  = varint(count) varint(lastDoc - previousLastDoc) varint(maxTitle) varint(maxHeadings)
 *             varint(maxBody) varint(minLength) varint(byteLength)
 *   data    = posting{count}
 *   posting = varint(doc - previousDoc) varint(body << 2 | hasTitle << 1 | hasHeadings)
 *             [varint(title)] [varint(headings)] varint(length)
 *
 * `previousLastDoc` and the first `previousDoc` of a row are 0; inside a row, a block's first
 * `previousDoc` is the previous block's last document.
 */

/** Postings per block: the unit that is skipped or decoded. */
export const BLOCK_SIZE = 64;
/** Postings per row: the unit rewritten when a chunk of the term is added or deleted. */
export const ROW_CAPACITY = 512;

/** Postings as parallel arrays (struct of arrays), in ascending `docs` order. */
export interface Postings {
  docs: Int32Array;
  titles: Int32Array;
  headings: Int32Array;
  bodies: Int32Array;
  lengths: Int32Array;
  count: number;
}

/** An empty, growable posting list. */
export function createPostings(capacity = 16): Postings {
  return {
    docs: new Int32Array(capacity),
    titles: new Int32Array(capacity),
    headings: new Int32Array(capacity),
    bodies: new Int32Array(capacity),
    lengths: new Int32Array(capacity),
    count: 0,
  };
}

/** Appends one posting, growing the arrays when full. */
export function appendPosting(
  postings: Postings,
  doc: number,
  title: number,
  headings: number,
  body: number,
  length: number,
): void {
  if (postings.count === postings.docs.length) {
    const capacity = postings.docs.length * 2;
    postings.docs = grow(postings.docs, capacity);
    postings.titles = grow(postings.titles, capacity);
    postings.headings = grow(postings.headings, capacity);
    postings.bodies = grow(postings.bodies, capacity);
    postings.lengths = grow(postings.lengths, capacity);
  }
  const index = postings.count++;
  postings.docs[index] = doc;
  postings.titles[index] = title;
  postings.headings[index] = headings;
  postings.bodies[index] = body;
  postings.lengths[index] = length;
}

function grow(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}

/** An encoded row and the summary columns stored beside it. */
export interface EncodedRow {
  readonly lastDoc: number;
  readonly count: number;
  readonly maxTitle: number;
  readonly maxHeadings: number;
  readonly maxBody: number;
  readonly minLength: number;
  readonly data: Uint8Array;
}

/** A growable byte buffer with varint writes. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Appends `value` (0 to 2^31 - 1) as an unsigned LEB128 varint. */
  varint(value: number): void {
    if (this.length + 5 > this.bytes.length) this.reserve(5);
    let remaining = value;
    while (remaining >= 0x80) {
      this.bytes[this.length++] = (remaining & 0x7f) | 0x80;
      remaining >>>= 7;
    }
    this.bytes[this.length++] = remaining;
  }

  /** Appends raw bytes. */
  append(bytes: Uint8Array, from = 0, to = bytes.length): void {
    this.reserve(to - from);
    this.bytes.set(bytes.subarray(from, to), this.length);
    this.length += to - from;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

const blockData = new ByteWriter(BLOCK_SIZE * 8);

/**
 * Encodes postings `from` (inclusive) to `to` (exclusive), at most `ROW_CAPACITY` of them, as
 * one row.
 */
export function encodeRow(postings: Postings, from: number, to: number): EncodedRow {
  const header = new ByteWriter(64);
  const data = new ByteWriter((to - from) * 6 + 16);
  const blockCount = Math.ceil((to - from) / BLOCK_SIZE);
  header.varint(blockCount);
  let previousLastDoc = 0;
  let rowMaxTitle = 0;
  let rowMaxHeadings = 0;
  let rowMaxBody = 0;
  let rowMinLength = 0x7fffffff;
  for (let blockStart = from; blockStart < to; blockStart += BLOCK_SIZE) {
    const blockEnd = Math.min(to, blockStart + BLOCK_SIZE);
    blockData.length = 0;
    let previousDoc = previousLastDoc;
    let maxTitle = 0;
    let maxHeadings = 0;
    let maxBody = 0;
    let minLength = 0x7fffffff;
    for (let index = blockStart; index < blockEnd; index++) {
      const doc = postings.docs[index] as number;
      const title = postings.titles[index] as number;
      const headings = postings.headings[index] as number;
      const body = postings.bodies[index] as number;
      const length = postings.lengths[index] as number;
      blockData.varint(doc - previousDoc);
      previousDoc = doc;
      blockData.varint(body * 4 + (title > 0 ? 2 : 0) + (headings > 0 ? 1 : 0));
      if (title > 0) blockData.varint(title);
      if (headings > 0) blockData.varint(headings);
      blockData.varint(length);
      if (title > maxTitle) maxTitle = title;
      if (headings > maxHeadings) maxHeadings = headings;
      if (body > maxBody) maxBody = body;
      if (length < minLength) minLength = length;
    }
    header.varint(blockEnd - blockStart);
    header.varint(previousDoc - previousLastDoc);
    header.varint(maxTitle);
    header.varint(maxHeadings);
    header.varint(maxBody);
    header.varint(minLength);
    header.varint(blockData.length);
    data.append(blockData.bytes, 0, blockData.length);
    previousLastDoc = previousDoc;
    if (maxTitle > rowMaxTitle) rowMaxTitle = maxTitle;
    if (maxHeadings > rowMaxHeadings) rowMaxHeadings = maxHeadings;
    if (maxBody > rowMaxBody) rowMaxBody = maxBody;
    if (minLength < rowMinLength) rowMinLength = minLength;
  }
  header.append(data.bytes, 0, data.length);
  return {
    lastDoc: previousLastDoc,
    count: to - from,
    maxTitle: rowMaxTitle,
    maxHeadings: rowMaxHeadings,
    maxBody: rowMaxBody,
    minLength: rowMinLength,
    data: header.bytes.slice(0, header.length),
  };
}

/** Block descriptions of one row, as read from its header. */
export interface RowHeader {
  readonly blockCount: number;
  /** Absolute last document of each block. */
  readonly lastDocs: number[];
  /** Document that the first delta of each block is relative to. */
  readonly bases: number[];
  readonly counts: number[];
  readonly maxTitles: number[];
  readonly maxHeadings: number[];
  readonly maxBodies: number[];
  readonly minLengths: number[];
  /** Byte offset of each block's postings in the blob. */
  readonly offsets: number[];
}

/** Reads the block descriptions of a row blob. */
export function decodeRowHeader(data: Uint8Array): RowHeader {
  const reader = { position: 0 };
  const blockCount = readVarint(data, reader);
  const header: RowHeader = {
    blockCount,
    lastDocs: [],
    bases: [],
    counts: [],
    maxTitles: [],
    maxHeadings: [],
    maxBodies: [],
    minLengths: [],
    offsets: [],
  };
  const byteLengths: number[] = [];
  let previousLastDoc = 0;
  for (let block = 0; block < blockCount; block++) {
    header.counts.push(readVarint(data, reader));
    header.bases.push(previousLastDoc);
    previousLastDoc += readVarint(data, reader);
    header.lastDocs.push(previousLastDoc);
    header.maxTitles.push(readVarint(data, reader));
    header.maxHeadings.push(readVarint(data, reader));
    header.maxBodies.push(readVarint(data, reader));
    header.minLengths.push(readVarint(data, reader));
    byteLengths.push(readVarint(data, reader));
  }
  let offset = reader.position;
  for (const byteLength of byteLengths) {
    header.offsets.push(offset);
    offset += byteLength;
  }
  return header;
}

/** Appends every posting of a row blob to `into`. */
export function decodeRow(data: Uint8Array, into: Postings): void {
  const header = decodeRowHeader(data);
  for (let block = 0; block < header.blockCount; block++) {
    const reader = { position: header.offsets[block] as number };
    let doc = header.bases[block] as number;
    const count = header.counts[block] as number;
    for (let index = 0; index < count; index++) {
      doc += readVarint(data, reader);
      const flags = readVarint(data, reader);
      const title = flags & 2 ? readVarint(data, reader) : 0;
      const headings = flags & 1 ? readVarint(data, reader) : 0;
      const length = readVarint(data, reader);
      appendPosting(into, doc, title, headings, flags >>> 2, length);
    }
  }
}

/**
 * Decodes one block into caller-owned arrays, with the weighted term frequency already summed
 * the way FTS5 sums it (see `weightedFrequency`). `bodySums[n]` must hold the body weight added
 * n times (`sequentialSums`), the fast path for the common posting with no title or heading hit.
 * Returns the posting count.
 */
export function decodeBlock(
  data: Uint8Array,
  offset: number,
  base: number,
  count: number,
  weights: { readonly title: number; readonly headings: number; readonly body: number },
  bodySums: Float64Array,
  docs: Int32Array,
  weightedFrequencies: Float64Array,
  lengths: Int32Array,
): number {
  let position = offset;
  let doc = base;
  for (let index = 0; index < count; index++) {
    // Inlined varint reads: this loop is the hot path of every search.
    let byte = data[position++] as number;
    let value = byte & 0x7f;
    let shift = 7;
    while (byte & 0x80) {
      byte = data[position++] as number;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    }
    doc += value;
    byte = data[position++] as number;
    let flags = byte & 0x7f;
    shift = 7;
    while (byte & 0x80) {
      byte = data[position++] as number;
      flags |= (byte & 0x7f) << shift;
      shift += 7;
    }
    const body = flags >>> 2;
    let title = 0;
    let headings = 0;
    if (flags & 2) {
      byte = data[position++] as number;
      title = byte & 0x7f;
      shift = 7;
      while (byte & 0x80) {
        byte = data[position++] as number;
        title |= (byte & 0x7f) << shift;
        shift += 7;
      }
    }
    if (flags & 1) {
      byte = data[position++] as number;
      headings = byte & 0x7f;
      shift = 7;
      while (byte & 0x80) {
        byte = data[position++] as number;
        headings |= (byte & 0x7f) << shift;
        shift += 7;
      }
    }
    byte = data[position++] as number;
    value = byte & 0x7f;
    shift = 7;
    while (byte & 0x80) {
      byte = data[position++] as number;
      value |= (byte & 0x7f) << shift;
      shift += 7;
    }
    docs[index] = doc;
    weightedFrequencies[index] =
      (flags & 3) === 0 && body < bodySums.length
        ? (bodySums[body] as number)
        : weightedFrequency(weights, title, headings, body);
    lengths[index] = value;
  }
  return count;
}

const sumsByWeight = new Map<number, Float64Array>();
/** How many repeated additions `sequentialSums` tabulates; rarer frequencies are summed on the spot. */
const TABULATED_FREQUENCIES = 256;

/** `weight` added 0, 1, 2, ... times, in floating point, as FTS5 adds it (cached per weight). */
export function sequentialSums(weight: number): Float64Array {
  let sums = sumsByWeight.get(weight);
  if (sums) return sums;
  sums = new Float64Array(TABULATED_FREQUENCIES);
  for (let count = 1; count < TABULATED_FREQUENCIES; count++)
    sums[count] = (sums[count - 1] as number) + weight;
  if (sumsByWeight.size > 64) sumsByWeight.clear();
  sumsByWeight.set(weight, sums);
  return sums;
}

function readVarint(data: Uint8Array, reader: { position: number }): number {
  let byte = data[reader.position++] as number;
  let value = byte & 0x7f;
  let shift = 7;
  while (byte & 0x80) {
    byte = data[reader.position++] as number;
    value |= (byte & 0x7f) << shift;
    shift += 7;
  }
  return value;
}
