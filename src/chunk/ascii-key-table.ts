/**
 * A hash table from short ASCII strings to small non-negative integers, looked up by a range of a
 * larger string without making a string of it. Token counting looks up tens of millions of
 * pieces; a `Map` would need a new string for each and scattered memory for its entries.
 *
 * Keys are packed 4 characters (7 bits each, earliest highest) to a 28-bit word. Each slot is 8
 * integers (32 bytes, half a cache line): the key's hash; its length plus its value times 2^9
 * (0: empty slot); its first four words (the first 16 characters, 0 where the key is shorter);
 * and, for a key over 16 characters, the offset of its remaining words in a shared arena. A hit
 * compares the whole key, so it is exact.
 */
export class AsciiKeyTable {
  /** Longest key; longer ones are never stored (and never found). */
  static readonly LONGEST_KEY = 256;
  readonly #slots: Int32Array;
  readonly #mask: number;
  readonly #arena: Int32Array;
  readonly #entryLimit: number;
  #arenaUsed = 0;
  #entries = 0;
  /** The words of the last key packed after its first 16 characters. */
  readonly #rest = new Int32Array((AsciiKeyTable.LONGEST_KEY - 16) / 4);
  #restWords = 0;
  #word0 = 0;
  #word1 = 0;
  #word2 = 0;
  #word3 = 0;
  #hash = 0;

  /**
   * @param slotCount - Slots (rounded up to a power of two); at most `fill` of them are used.
   * @param arenaWords - Words for the characters of keys past their 16th (4 characters a word).
   * @param fill - Most entries as a share of the slots before {@link set} refuses (0-1).
   */
  constructor(slotCount: number, arenaWords: number, fill = 0.5) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, slotCount)));
    this.#slots = new Int32Array(slots * 8);
    this.#mask = this.#slots.length - 1;
    this.#arena = new Int32Array(arenaWords);
    this.#entryLimit = Math.floor(slots * fill);
  }

  /** Entries stored. */
  get size(): number {
    return this.#entries;
  }

  /** The value of the key `text.slice(start, end)` (ASCII), or -1 when absent. */
  get(text: string, start: number, end: number): number {
    const length = end - start;
    if (length > AsciiKeyTable.LONGEST_KEY || length <= 0) return -1;
    this.#pack(text, start, end);
    return this.#find(length, this.#hash, this.#word0, this.#word1, this.#word2, this.#word3);
  }

  /**
   * {@link get} for a key of 1 to 16 characters the caller packed itself: characters 1-4 in
   * `word0`, 5-8 in `word1` and so on, 7 bits each, earliest highest; 0 for words past the end.
   */
  getPacked(length: number, word0: number, word1: number, word2: number, word3: number): number {
    return this.#find(length, hashOf(length, word0, word1, word2, word3), word0, word1, word2, word3);
  }

  /**
   * Stores `value` (0 to 2^22 - 1) for the key `text.slice(start, end)`, which must be absent.
   * Returns false, storing nothing, when the key is too long or the table or arena is full.
   */
  set(text: string, start: number, end: number, value: number): boolean {
    const length = end - start;
    if (length > AsciiKeyTable.LONGEST_KEY || length <= 0 || this.#entries >= this.#entryLimit) return false;
    this.#pack(text, start, end);
    const restWords = this.#restWords;
    if (this.#arenaUsed + restWords > this.#arena.length) return false;
    const slots = this.#slots;
    let slot = (this.#hash << 3) & this.#mask;
    while ((slots[slot + 1] ?? 0) !== 0) slot = (slot + 8) & this.#mask;
    slots[slot] = this.#hash;
    slots[slot + 1] = length | (value << 9);
    slots[slot + 2] = this.#word0;
    slots[slot + 3] = this.#word1;
    slots[slot + 4] = this.#word2;
    slots[slot + 5] = this.#word3;
    if (restWords > 0) {
      this.#arena.set(this.#rest.subarray(0, restWords), this.#arenaUsed);
      slots[slot + 6] = this.#arenaUsed;
      this.#arenaUsed += restWords;
    }
    this.#entries += 1;
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.#slots.fill(0);
    this.#arenaUsed = 0;
    this.#entries = 0;
  }

  /**
   * The value of the key of `length` characters with this hash and first words, or -1; a key
   * over 16 characters also compares its remaining words, left in `#rest` by `#pack`.
   */
  #find(length: number, hash: number, word0: number, word1: number, word2: number, word3: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    let slot = (hash << 3) & mask;
    for (let stored = slots[slot + 1] ?? 0; stored !== 0; stored = slots[slot + 1] ?? 0) {
      if (
        slots[slot] === hash &&
        (stored & 0x1ff) === length &&
        slots[slot + 2] === word0 &&
        slots[slot + 3] === word1 &&
        slots[slot + 4] === word2 &&
        slots[slot + 5] === word3 &&
        (length <= 16 || this.#sameRest(slots[slot + 6] ?? 0))
      )
        return stored >>> 9;
      slot = (slot + 8) & mask;
    }
    return -1;
  }

  /** Packs the key into `#word0`-`#word3` and `#rest`, and hashes it. */
  #pack(text: string, start: number, end: number): void {
    let word0 = 0;
    let word1 = 0;
    let word2 = 0;
    let word3 = 0;
    const head = Math.min(end, start + 16);
    for (let index = start; index < head; index += 1) {
      const code = text.charCodeAt(index);
      const offset = index - start;
      if (offset < 4) word0 = (word0 << 7) | code;
      else if (offset < 8) word1 = (word1 << 7) | code;
      else if (offset < 12) word2 = (word2 << 7) | code;
      else word3 = (word3 << 7) | code;
    }
    this.#word0 = word0;
    this.#word1 = word1;
    this.#word2 = word2;
    this.#word3 = word3;
    let hash = hashOf(end - start, word0, word1, word2, word3);
    let restWords = 0;
    let word = 0;
    for (let index = head; index < end; index += 1) {
      word = (word << 7) | text.charCodeAt(index);
      if ((index - head) % 4 === 3 || index === end - 1) {
        this.#rest[restWords] = word;
        restWords += 1;
        hash = Math.imul(hash ^ word, 0x9e3779b1);
        hash ^= hash >>> 15;
        word = 0;
      }
    }
    this.#hash = hash;
    this.#restWords = restWords;
  }

  #sameRest(offset: number): boolean {
    const arena = this.#arena;
    const rest = this.#rest;
    for (let index = 0; index < this.#restWords; index += 1) {
      if (arena[offset + index] !== rest[index]) return false;
    }
    return true;
  }
}

/** The hash of a key from its length and first four packed words. */
function hashOf(length: number, word0: number, word1: number, word2: number, word3: number): number {
  let hash = Math.imul(length ^ word0, 0x9e3779b1);
  hash = Math.imul(hash ^ (hash >>> 15) ^ word1, 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13) ^ word2, 0xc2b2ae35);
  hash = Math.imul(hash ^ (hash >>> 16) ^ word3, 0x27d4eb2f);
  return hash ^ (hash >>> 15);
}
