import { BLOCK_SIZE, ROW_CAPACITY } from "./postings-codec.ts";
import { RegionArena } from "./region-arena.ts";

/** A finished row: `data` is a view that stays valid only until the next `finish`. */
export interface FinishedRow {
  readonly lastDoc: number;
  readonly count: number;
  readonly data: Uint8Array;
}

/** Numbers kept per closed block until its row is finished (see the header in `postings-codec.ts`). */
const HEADER_FIELDS = 7;
const HEADER_SLOT = HEADER_FIELDS * (ROW_CAPACITY / BLOCK_SIZE);
/** The most bytes one posting takes: five varints (see `append`). */
const POSTING_BYTES = 25;
/** A term's first region of the arena, in bytes; regions grow by half as they fill. */
const FIRST_REGION_BYTES = 24;
const FIRST_HEADER_SLOTS = 16;

// A term's state: STRIDE consecutive numbers (one cache line), at these offsets.
/** Postings in the open row. */
const COUNT = 0;
/** Where the row's postings start in the arena. */
const REGION_START = 1;
/** Bytes of the term's region (0: none). */
const REGION_SIZE = 2;
/** Bytes of postings written in the region. */
const LENGTH = 3;
/** Postings in the open block, and where they start in the region. */
const BLOCK_POSTINGS = 4;
const BLOCK_START = 5;
const PREVIOUS_DOC = 6;
/** The last document of the previous block (0 at the start of a row). */
const PREVIOUS_LAST_DOC = 7;
/** The open block's maximum field frequencies and minimum length. */
const MAX_TITLE = 8;
const MAX_HEADINGS = 9;
const MAX_BODY = 10;
const MIN_LENGTH = 11;
/** The header slot holding the row's closed blocks, or -1. */
const HEADER_SLOT_OF = 12;
/** The session (`epoch`) in which the row was last opened. */
const OPENED_EPOCH = 13;
/** Postings appended since the term was opened, all rows together. */
const APPENDED = 14;
const STRIDE = 16;

/**
 * The open (partial) rows of many terms, encoded straight into the row format of
 * `postings-codec.ts` as postings come, one posting at a time: the write path of a bulk ingest.
 * Every row is byte for byte what `encodeRow` makes of the same postings (a test checks this).
 *
 * Terms are small integer ids (see `ChunkTermCounter`). A term's state is 16 numbers in one typed
 * array and its postings a region of a `RegionArena`, which grows by half (moves) when full and is
 * freed when the row is finished. So the open rows of a large vocabulary cost 64 bytes a term
 * plus their encoded postings, with no object per term for the garbage collector and almost no
 * garbage. Closed blocks' headers wait in fixed slots of one array.
 */
export class OpenRows {
  private capacity = 0;
  private state = new Int32Array(0);
  private epoch = 1;

  private readonly arena = new RegionArena((term, start) => {
    this.state[term * STRIDE + REGION_START] = start;
  });
  private headers = new Int32Array(HEADER_SLOT * FIRST_HEADER_SLOTS);
  private freeHeaderSlots: number[] = [];
  private headerSlotCount = 0;
  private headerSlotsInUse = 0;
  private scratch = new Uint8Array(16 * 1024);

  /** Every term id below this may hold an open row. */
  get termLimit(): number {
    return this.capacity;
  }

  /** Memory allocated for open rows, in bytes: per-term state, the arena, header slots, scratch space. */
  get memoryBytes(): number {
    return this.state.byteLength + this.arena.byteLength + this.headers.byteLength + this.scratch.byteLength;
  }

  /** Memory of the per-term state, in bytes (it grows with the vocabulary, not with the rows). */
  get termStateBytes(): number {
    return this.state.byteLength;
  }

  /** Memory the open rows need, in bytes: their regions and header slots (at most `memoryBytes`). */
  get rowBytes(): number {
    return this.arena.liveBytes + this.headerSlotsInUse * HEADER_SLOT * 4;
  }

  /** Postings in the term's open row. */
  count(term: number): number {
    return term < this.capacity ? (this.state[term * STRIDE + COUNT] as number) : 0;
  }

  /** Bytes held for the term's open row (its region and header slot). */
  bytesOf(term: number): number {
    if (term >= this.capacity) return 0;
    const base = term * STRIDE;
    return (
      (this.state[base + REGION_SIZE] as number) +
      ((this.state[base + HEADER_SLOT_OF] as number) >= 0 ? HEADER_SLOT * 4 : 0)
    );
  }

  /** Whether the term's row was opened since the last `reset` (see `markOpened`). */
  isOpened(term: number): boolean {
    return term < this.capacity && this.state[term * STRIDE + OPENED_EPOCH] === this.epoch;
  }

  /** Records that the term's row is open in this session; `reset` forgets it. */
  markOpened(term: number): void {
    if (term >= this.capacity) this.growTerms(term + 1);
    this.state[term * STRIDE + OPENED_EPOCH] = this.epoch;
    this.state[term * STRIDE + APPENDED] = 0;
  }

  /** The last document appended to the term since it was opened (0 if none). */
  lastDocOf(term: number): number {
    return this.isOpened(term) && (this.state[term * STRIDE + APPENDED] as number) > 0
      ? (this.state[term * STRIDE + PREVIOUS_DOC] as number)
      : 0;
  }

  /** Postings appended to the term since it was opened, in all its rows (how frequent it is). */
  appendedSinceOpened(term: number): number {
    return this.isOpened(term) ? (this.state[term * STRIDE + APPENDED] as number) : 0;
  }

  /**
   * Keeps only some terms' state and open rows, under new ids: `newIdOf[term]` is a kept term's
   * new id (kept terms keep their order: 0, 1, 2, ...) or -1. Finish the rows of the others first.
   */
  retain(newIdOf: Int32Array, keptCount: number): void {
    const capacity = Math.max(1024, 2 ** Math.ceil(Math.log2(keptCount + 1)));
    const state = new Int32Array(capacity * STRIDE);
    for (let base = 0; base < state.length; base += STRIDE) state[base + HEADER_SLOT_OF] = -1;
    for (let term = 0; term < this.capacity; term++) {
      const newId = term < newIdOf.length ? (newIdOf[term] as number) : -1;
      if (newId < 0) continue;
      const base = term * STRIDE;
      state.set(this.state.subarray(base, base + STRIDE), newId * STRIDE);
      if ((this.state[base + REGION_SIZE] as number) > 0) {
        this.arena.setOwner(this.state[base + REGION_START] as number, newId);
      }
    }
    this.state = state;
    this.capacity = capacity;
  }

  /** Appends a posting to the term's open row; `doc` must be larger than every document in it. */
  append(term: number, doc: number, title: number, headings: number, body: number, length: number): void {
    if (term >= this.capacity) this.growTerms(term + 1);
    const base = term * STRIDE;
    if ((this.state[base + LENGTH] as number) + POSTING_BYTES > (this.state[base + REGION_SIZE] as number)) {
      this.growRegion(term);
    }
    const state = this.state;
    const arena = this.arena.bytes;
    const start = state[base + REGION_START] as number;
    let position = start + (state[base + LENGTH] as number);
    const count = state[base + COUNT] as number;
    if (count === 0) {
      state[base + PREVIOUS_DOC] = 0;
      state[base + PREVIOUS_LAST_DOC] = 0;
    }
    // varint(doc - previousDoc) varint(body << 2 | hasTitle << 1 | hasHeadings) [title] [headings] varint(length)
    position = writeVarint(arena, position, doc - (state[base + PREVIOUS_DOC] as number));
    position = writeVarint(arena, position, body * 4 + (title > 0 ? 2 : 0) + (headings > 0 ? 1 : 0));
    if (title > 0) position = writeVarint(arena, position, title);
    if (headings > 0) position = writeVarint(arena, position, headings);
    position = writeVarint(arena, position, length);
    state[base + LENGTH] = position - start;
    state[base + PREVIOUS_DOC] = doc;
    const blockPostings = state[base + BLOCK_POSTINGS] as number;
    if (blockPostings === 0) {
      state[base + MAX_TITLE] = title;
      state[base + MAX_HEADINGS] = headings;
      state[base + MAX_BODY] = body;
      state[base + MIN_LENGTH] = length;
    } else {
      if (title > (state[base + MAX_TITLE] as number)) state[base + MAX_TITLE] = title;
      if (headings > (state[base + MAX_HEADINGS] as number)) state[base + MAX_HEADINGS] = headings;
      if (body > (state[base + MAX_BODY] as number)) state[base + MAX_BODY] = body;
      if (length < (state[base + MIN_LENGTH] as number)) state[base + MIN_LENGTH] = length;
    }
    state[base + COUNT] = count + 1;
    state[base + APPENDED] = (state[base + APPENDED] as number) + 1;
    if (blockPostings + 1 === BLOCK_SIZE) this.closeBlock(term);
    else state[base + BLOCK_POSTINGS] = blockPostings + 1;
  }

  /** True when the term's row holds `ROW_CAPACITY` postings and must be finished before the next append. */
  full(term: number): boolean {
    return (this.state[term * STRIDE + COUNT] as number) >= ROW_CAPACITY;
  }

  /**
   * The term's row as a blob and its summary; the term has no open row afterwards (its next
   * posting starts a new row). Call only when `count(term) > 0`.
   */
  finish(term: number): FinishedRow {
    const state = this.state;
    const base = term * STRIDE;
    const count = state[base + COUNT] as number;
    const openPostings = state[base + BLOCK_POSTINGS] as number;
    const closedBlocks = (count - openPostings) / BLOCK_SIZE;
    const length = state[base + LENGTH] as number;
    const needed = 5 + (closedBlocks + 1) * HEADER_FIELDS * 5 + length;
    if (needed > this.scratch.length) this.scratch = new Uint8Array(needed * 2);
    const out = this.scratch;
    let position = writeVarint(out, 0, closedBlocks + (openPostings > 0 ? 1 : 0));
    const slot = state[base + HEADER_SLOT_OF] as number;
    const headers = this.headers;
    for (let index = 0; index < closedBlocks * HEADER_FIELDS; index++) {
      position = writeVarint(out, position, headers[slot * HEADER_SLOT + index] as number);
    }
    let lastDoc = state[base + PREVIOUS_LAST_DOC] as number;
    if (openPostings > 0) {
      const previousDoc = state[base + PREVIOUS_DOC] as number;
      position = writeVarint(out, position, openPostings);
      position = writeVarint(out, position, previousDoc - lastDoc);
      position = writeVarint(out, position, state[base + MAX_TITLE] as number);
      position = writeVarint(out, position, state[base + MAX_HEADINGS] as number);
      position = writeVarint(out, position, state[base + MAX_BODY] as number);
      position = writeVarint(out, position, state[base + MIN_LENGTH] as number);
      position = writeVarint(out, position, length - (state[base + BLOCK_START] as number));
      lastDoc = previousDoc;
    }
    const arena = this.arena.bytes;
    const start = state[base + REGION_START] as number;
    for (let index = start; index < start + length; index++) out[position++] = arena[index] as number;
    this.release(term);
    return { lastDoc, count, data: out.subarray(0, position) };
  }

  /**
   * Drops every open row (after they were finished, or when their transaction rolled back) and
   * starts a new session: no term counts as opened any more.
   */
  reset(): void {
    const state = this.state;
    for (let base = 0; base < state.length; base += STRIDE) {
      state[base + COUNT] = 0;
      state[base + REGION_SIZE] = 0;
      state[base + LENGTH] = 0;
      state[base + BLOCK_POSTINGS] = 0;
      state[base + BLOCK_START] = 0;
      state[base + HEADER_SLOT_OF] = -1;
    }
    this.epoch++;
    this.arena.clear();
    this.freeHeaderSlots = [];
    this.headerSlotCount = 0;
    this.headerSlotsInUse = 0;
    if (this.headers.length > HEADER_SLOT * FIRST_HEADER_SLOTS) {
      this.headers = new Int32Array(HEADER_SLOT * FIRST_HEADER_SLOTS);
    }
  }

  /**
   * Gives back memory after rows were finished: the arena (and the header slots) shrink to half
   * as much again as the open rows need.
   */
  shrink(): void {
    this.arena.shrink();
    const slots = Math.max(FIRST_HEADER_SLOTS, Math.ceil(this.headerSlotsInUse * 1.5));
    if (slots * HEADER_SLOT < this.headers.length) {
      const headers = new Int32Array(slots * HEADER_SLOT);
      let next = 0;
      for (let base = 0; base < this.state.length; base += STRIDE) {
        const slot = this.state[base + HEADER_SLOT_OF] as number;
        if (slot < 0) continue;
        headers.set(this.headers.subarray(slot * HEADER_SLOT, (slot + 1) * HEADER_SLOT), next * HEADER_SLOT);
        this.state[base + HEADER_SLOT_OF] = next++;
      }
      this.headers = headers;
      this.headerSlotCount = next;
      this.freeHeaderSlots = [];
    }
  }

  private closeBlock(term: number): void {
    const state = this.state;
    const base = term * STRIDE;
    let slot = state[base + HEADER_SLOT_OF] as number;
    if (slot < 0) slot = this.takeHeaderSlot(term);
    const closedBlocks = ((state[base + COUNT] as number) - BLOCK_SIZE) / BLOCK_SIZE;
    const at = slot * HEADER_SLOT + closedBlocks * HEADER_FIELDS;
    const headers = this.headers;
    const previousDoc = state[base + PREVIOUS_DOC] as number;
    const length = state[base + LENGTH] as number;
    headers[at] = BLOCK_SIZE;
    headers[at + 1] = previousDoc - (state[base + PREVIOUS_LAST_DOC] as number);
    headers[at + 2] = state[base + MAX_TITLE] as number;
    headers[at + 3] = state[base + MAX_HEADINGS] as number;
    headers[at + 4] = state[base + MAX_BODY] as number;
    headers[at + 5] = state[base + MIN_LENGTH] as number;
    headers[at + 6] = length - (state[base + BLOCK_START] as number);
    state[base + PREVIOUS_LAST_DOC] = previousDoc;
    state[base + BLOCK_START] = length;
    state[base + BLOCK_POSTINGS] = 0;
  }

  private takeHeaderSlot(term: number): number {
    let slot = this.freeHeaderSlots.pop();
    if (slot === undefined) {
      slot = this.headerSlotCount++;
      if ((slot + 1) * HEADER_SLOT > this.headers.length) {
        const grown = new Int32Array(this.headers.length * 2);
        grown.set(this.headers);
        this.headers = grown;
      }
    }
    this.headerSlotsInUse++;
    this.state[term * STRIDE + HEADER_SLOT_OF] = slot;
    return slot;
  }

  /** Frees the term's region and header slot and empties its row. */
  private release(term: number): void {
    const state = this.state;
    const base = term * STRIDE;
    if ((state[base + REGION_SIZE] as number) > 0) this.arena.free(state[base + REGION_START] as number);
    state[base + REGION_SIZE] = 0;
    state[base + LENGTH] = 0;
    state[base + COUNT] = 0;
    state[base + BLOCK_POSTINGS] = 0;
    state[base + BLOCK_START] = 0;
    const slot = state[base + HEADER_SLOT_OF] as number;
    if (slot >= 0) {
      this.freeHeaderSlots.push(slot);
      this.headerSlotsInUse--;
      state[base + HEADER_SLOT_OF] = -1;
    }
  }

  /**
   * Gives the term a region half as large again (a multiple of 4 bytes, room for a posting at
   * least), with its postings.
   */
  private growRegion(term: number): void {
    const base = term * STRIDE;
    const oldSize = this.state[base + REGION_SIZE] as number;
    const length = this.state[base + LENGTH] as number;
    const size = Math.max(FIRST_REGION_BYTES, (oldSize * 1.5 + 3) & ~3, (length + POSTING_BYTES + 3) & ~3);
    // Allocating may move the old region: its start is read afterwards.
    const start = this.arena.allocate(term, size);
    if (oldSize > 0) {
      const oldStart = this.state[base + REGION_START] as number;
      this.arena.bytes.copyWithin(start, oldStart, oldStart + length);
      this.arena.free(oldStart);
    }
    this.state[base + REGION_START] = start;
    this.state[base + REGION_SIZE] = size;
  }

  private growTerms(needed: number): void {
    const capacity = Math.max(1024, this.capacity * 2, needed);
    // The old buffer is moved (released at once), the new numbers are zeros.
    const state = new Int32Array(this.state.buffer.transfer(capacity * STRIDE * 4));
    for (let base = this.capacity * STRIDE; base < state.length; base += STRIDE)
      state[base + HEADER_SLOT_OF] = -1;
    this.state = state;
    this.capacity = capacity;
  }
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  let position = at;
  let remaining = value;
  while (remaining >= 0x80) {
    out[position++] = (remaining & 0x7f) | 0x80;
    remaining >>>= 7;
  }
  out[position++] = remaining;
  return position;
}
