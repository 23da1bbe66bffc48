/** Numbers per slot: the word's hash, where its characters start, its length (0: empty slot), its term id. */
const SLOT = 4;
const FIRST_SLOTS = 1024;
const FIRST_CHARACTERS = 4096;

/**
 * A map from plain ASCII words (letters and digits, found by their folded characters in a
 * string) to term ids, for `ChunkTermCounter`: open addressing with linear probing in one typed
 * array, a slot holding the word's hash, length, term id and where its characters are kept, so a
 * lookup touches one slot and the word's characters, and allocates nothing. At most half the
 * slots are used. It is a cache: when it holds `maximumWords` it starts over.
 */
export class WordTable {
  private slots = new Int32Array(FIRST_SLOTS * SLOT);
  private wordCount = 0;
  /** The folded characters of every word, one after another. */
  private characters = new Uint8Array(FIRST_CHARACTERS);
  private charactersLength = 0;
  private readonly maximumWords: number;

  /** @param maximumWords - words held before the table starts over. */
  constructor(maximumWords: number) {
    this.maximumWords = maximumWords;
  }

  /** Memory held, in bytes. */
  get byteLength(): number {
    return this.slots.byteLength + this.characters.byteLength;
  }

  /**
   * The term id of the word `text[start, end)` (ASCII letters and digits, matched folded to lower
   * case), or -1. `hash` is the FNV-1a hash of its folded characters.
   */
  find(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const characters = this.characters;
    const length = end - start;
    const mask = slots.length / SLOT - 1;
    let slot = hash & mask;
    for (;;) {
      const base = slot * SLOT;
      const slotLength = slots[base + 2] as number;
      if (slotLength === 0) return -1;
      if (slotLength === length && slots[base] === hash) {
        let offset = slots[base + 1] as number;
        let index = start;
        // Letters and digits fold with the 0x20 bit (digits have it already).
        while (index < end && characters[offset] === (text.charCodeAt(index) | 0x20)) {
          index++;
          offset++;
        }
        if (index === end) return slots[base + 3] as number;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Remembers that the word `text[start, end)` (absent, see `find`) names term `id`. */
  add(text: string, start: number, end: number, hash: number, id: number): void {
    if (this.wordCount >= this.maximumWords) this.clear(false);
    else if (2 * (this.wordCount + 1) * SLOT > this.slots.length) this.rehash(this.slots.length * 2);
    const length = end - start;
    if (this.charactersLength + length > this.characters.length) {
      const grown = new Uint8Array(Math.max(this.characters.length * 2, this.charactersLength + length));
      grown.set(this.characters.subarray(0, this.charactersLength));
      this.characters = grown;
    }
    const characterStart = this.charactersLength;
    for (let index = start; index < end; index++) {
      this.characters[this.charactersLength++] = text.charCodeAt(index) | 0x20;
    }
    this.insert(hash, characterStart, length, id);
  }

  /** Keeps the words of kept terms, under the terms' new ids (`newIdOf[id]`, or -1 for a forgotten term). */
  retain(newIdOf: Int32Array): void {
    const old = this.slots;
    const oldCharacters = this.characters;
    let keptWords = 0;
    let keptCharacters = 0;
    for (let base = 0; base < old.length; base += SLOT) {
      if (old[base + 2] === 0 || (newIdOf[old[base + 3] as number] as number) < 0) continue;
      keptWords++;
      keptCharacters += old[base + 2] as number;
    }
    this.slots = new Int32Array(Math.max(FIRST_SLOTS, 2 ** Math.ceil(Math.log2(2 * keptWords + 1))) * SLOT);
    this.characters = new Uint8Array(Math.max(FIRST_CHARACTERS, 2 * keptCharacters));
    this.wordCount = 0;
    this.charactersLength = 0;
    for (let base = 0; base < old.length; base += SLOT) {
      const length = old[base + 2] as number;
      const newId = length === 0 ? -1 : (newIdOf[old[base + 3] as number] as number);
      if (newId < 0) continue;
      const start = old[base + 1] as number;
      this.characters.set(oldCharacters.subarray(start, start + length), this.charactersLength);
      this.insert(old[base] as number, this.charactersLength, length, newId);
      this.charactersLength += length;
    }
  }

  /** Forgets every word; `release` gives the memory back too (else it is reused). */
  clear(release: boolean): void {
    this.wordCount = 0;
    this.charactersLength = 0;
    if (!release) {
      this.slots.fill(0);
      return;
    }
    this.slots = new Int32Array(FIRST_SLOTS * SLOT);
    this.characters = new Uint8Array(FIRST_CHARACTERS);
  }

  private insert(hash: number, characterStart: number, length: number, id: number): void {
    const slots = this.slots;
    const mask = slots.length / SLOT - 1;
    let slot = hash & mask;
    while (slots[slot * SLOT + 2] !== 0) slot = (slot + 1) & mask;
    const base = slot * SLOT;
    slots[base] = hash;
    slots[base + 1] = characterStart;
    slots[base + 2] = length;
    slots[base + 3] = id;
    this.wordCount++;
  }

  private rehash(length: number): void {
    const old = this.slots;
    this.slots = new Int32Array(length);
    this.wordCount = 0;
    for (let base = 0; base < old.length; base += SLOT) {
      if (old[base + 2] === 0) continue;
      this.insert(
        old[base] as number,
        old[base + 1] as number,
        old[base + 2] as number,
        old[base + 3] as number,
      );
    }
  }
}
