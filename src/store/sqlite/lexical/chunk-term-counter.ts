import {
  continuesToken,
  readIndexToken,
  startsToken,
  stemToken,
  type TokenEnd,
} from "./tokenize-for-index.ts";
import { WordTable } from "./word-table.ts";

/** The fields of a chunk, as `ChunkTermCounter.count` reads them. */
export interface CountedFields {
  readonly title: string;
  readonly headings: string;
  readonly body: string;
}

/** ASCII letters and digits as their folded (lower-case) code; 0 for every other ASCII character. */
const FOLDED = Uint8Array.from({ length: 128 }, (_, code) => {
  if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122)) return code;
  if (code >= 65 && code <= 90) return code + 32;
  return 0;
});
/** FNV-1a, 32 bits. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
/** Longer ASCII words skip the word table (FTS5 leaves tokens over 64 bytes unstemmed). */
const MAXIMUM_WORD_LENGTH = 64;
/** Chunk numbers (stamps) start again at 1 when they reach this. */
const STAMP_LIMIT = 2 ** 30;
/** Estimated bytes per dictionary term beyond the typed arrays: its string, its map entry, its array slot. */
const TERM_OVERHEAD_BYTES = 88;

/** Options of a `ChunkTermCounter`; the defaults suit an ingest. */
export interface ChunkTermCounterOptions {
  /**
   * Distinct words the word table remembers before it starts over (it is a cache: forgetting it
   * only costs re-stemming). Default 131,072 (~5 MB: 32 bytes a word and its characters); sensible 1,024 to 1,048,576.
   */
  readonly maximumWords?: number;
}

/**
 * Counts the index terms of a chunk per field, as integer term ids: the write path of the
 * lexical index. Makes exactly the terms of `forEachIndexTerm` (a test compares them on every
 * kind of text) but finds a plain ASCII word without slicing or stemming it: its characters are
 * folded and hashed as they are scanned and looked up in an open-addressing word table (typed
 * arrays, each hit verified character by character) that maps it to its term id. A word is
 * stemmed once, when first seen; a token holding non-ASCII characters takes the exact path of
 * `readIndexToken`.
 *
 * Term ids are dense (0, 1, 2, ...) and name a distinct term (a stem) until `retain`, so callers
 * keep per-term state in arrays indexed by them.
 */
export class ChunkTermCounter {
  /** The distinct terms of the last counted chunk, in order of first occurrence (`touchedCount` of them). */
  touched = new Int32Array(256);
  touchedCount = 0;
  /**
   * Per term id, four numbers: at `4 * id + 1`, `+ 2` and `+ 3` its occurrences in the last
   * counted chunk's title, headings and body (valid for the touched ids); at `4 * id` the number
   * of the chunk that last touched it.
   */
  counts = new Int32Array(4 * 1024);

  private readonly terms: string[] = [];
  private readonly idOfTerm = new Map<string, number>();
  private stamp = 0;

  private readonly words: WordTable;
  private readonly tokenEnd: TokenEnd = { index: 0 };

  constructor(options: ChunkTermCounterOptions = {}) {
    this.words = new WordTable(Math.max(16, options.maximumWords ?? 131_072));
  }

  /** How many terms have ids (the largest id plus one). */
  get termCount(): number {
    return this.terms.length;
  }

  /** The term an id names. */
  term(id: number): string {
    return this.terms[id] as string;
  }

  /** An estimate of the memory held by the dictionary and the word table, in bytes. */
  get memoryBytes(): number {
    return (
      this.terms.length * TERM_OVERHEAD_BYTES +
      this.counts.byteLength +
      this.touched.byteLength +
      this.words.byteLength
    );
  }

  /**
   * Counts the terms of a chunk into `touched` and `counts` and returns its length (its
   * number of tokens, all fields together).
   */
  count(fields: CountedFields): number {
    if (++this.stamp === STAMP_LIMIT) {
      // Stamps restart before they would overflow their 32 bits.
      for (let base = 0; base < this.counts.length; base += 4) this.counts[base] = 0;
      this.stamp = 1;
    }
    this.touchedCount = 0;
    return this.scan(fields.title, 1) + this.scan(fields.headings, 2) + this.scan(fields.body, 3);
  }

  /** The id of a term, given one if it has none. */
  idOf(term: string): number {
    let id = this.idOfTerm.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.idOfTerm.set(term, id);
      if (4 * id >= this.counts.length) this.counts = growInt32(this.counts, 2 * this.counts.length);
    }
    return id;
  }

  /**
   * Keeps only some terms, under new ids (and the words that name them): `newIdOf[id]` is a kept
   * term's new id (the kept terms keep their order: 0, 1, 2, ...) or -1.
   */
  retain(newIdOf: Int32Array, keptCount: number): void {
    const terms = this.terms;
    this.idOfTerm.clear();
    for (let id = 0; id < terms.length; id++) {
      const newId = newIdOf[id] as number;
      if (newId < 0) continue;
      const term = terms[id] as string;
      terms[newId] = term;
      this.idOfTerm.set(term, newId);
    }
    terms.length = keptCount;
    this.counts = new Int32Array(4 * Math.max(1024, 2 ** Math.ceil(Math.log2(keptCount + 1))));
    this.touchedCount = 0;
    this.words.retain(newIdOf);
  }

  private scan(text: string, field: number): number {
    const length = text.length;
    let tokens = 0;
    let index = 0;
    while (index < length) {
      let code = text.charCodeAt(index);
      if (code >= 128) {
        const codePoint = text.codePointAt(index) as number;
        if (startsToken(codePoint)) {
          this.add(this.idOf(readIndexToken(text, index, this.tokenEnd)), field);
          tokens++;
          index = this.tokenEnd.index;
        } else {
          index += codePoint > 0xffff ? 2 : 1;
        }
        continue;
      }
      let folded = FOLDED[code] as number;
      if (folded === 0) {
        index++;
        continue;
      }
      // A token: fold and hash its ASCII characters as they come.
      const start = index;
      let hash = FNV_OFFSET;
      do {
        hash = Math.imul(hash ^ folded, FNV_PRIME);
        if (++index === length) break;
        code = text.charCodeAt(index);
        folded = code < 128 ? (FOLDED[code] as number) : 0;
      } while (folded !== 0);
      let id: number;
      if (index < length && code >= 128 && continuesToken(text.codePointAt(index) as number)) {
        // The token goes on with a non-ASCII letter or diacritic: the exact path, from its start.
        id = this.idOf(readIndexToken(text, start, this.tokenEnd));
        index = this.tokenEnd.index;
      } else if (index - start > MAXIMUM_WORD_LENGTH) {
        id = this.idOf(text.slice(start, index).toLowerCase());
      } else {
        id = this.words.find(text, start, index, hash);
        if (id < 0) {
          // A new word: stem it once and remember it.
          id = this.idOf(stemToken(text.slice(start, index).toLowerCase(), true));
          this.words.add(text, start, index, hash, id);
        }
      }
      this.add(id, field);
      tokens++;
    }
    return tokens;
  }

  /** Counts one occurrence of term `id` in `field` (1 title, 2 headings, 3 body). */
  private add(id: number, field: number): void {
    const counts = this.counts;
    const base = 4 * id;
    if (counts[base] !== this.stamp) {
      counts[base] = this.stamp;
      counts[base + 1] = 0;
      counts[base + 2] = 0;
      counts[base + 3] = 0;
      if (this.touchedCount === this.touched.length) {
        const grown = new Int32Array(this.touched.length * 2);
        grown.set(this.touched);
        this.touched = grown;
      }
      this.touched[this.touchedCount++] = id;
    }
    counts[base + field] = (counts[base + field] as number) + 1;
  }
}

/** `array` with room for `capacity` numbers (zeros after its own); its old buffer is released at once. */
function growInt32(array: Int32Array<ArrayBuffer>, capacity: number): Int32Array<ArrayBuffer> {
  return new Int32Array(array.buffer.transfer(capacity * 4));
}
