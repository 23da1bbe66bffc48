/** Bytes before a region's data: its owner (or -1 once freed) and its length, headers included. */
const HEADER_BYTES = 8;
const FIRST_ARENA_BYTES = 64 * 1024;

/**
 * Variable-size byte regions in one growable buffer, each owned by a number (a term id): a bump
 * allocator whose freed regions are reclaimed by sliding the live ones down, in place. The
 * buffer grows by half when a slide would not leave a third of it free, so a slide (a copy of
 * every live byte) happens at most once per third of the buffer allocated. Holding many small,
 * growing byte strings this way costs 8 bytes each and makes no garbage, where a `Uint8Array`
 * each would cost an object, a backing store and a collection when it grows.
 */
export class RegionArena {
  /** The buffer: a region's data is `bytes[start, start + size)`. Replaced when the arena grows or shrinks. */
  bytes: Uint8Array<ArrayBuffer> = new Uint8Array(FIRST_ARENA_BYTES);
  /** The same buffer as 32-bit numbers, for the headers (regions start at multiples of 4 bytes). */
  private words = new Int32Array(this.bytes.buffer);
  private top = 0;
  private live = 0;
  private readonly onMove: (owner: number, start: number) => void;

  /** @param onMove - told where a live region's data starts after it moved (on any `allocate` or `shrink`). */
  constructor(onMove: (owner: number, start: number) => void) {
    this.onMove = onMove;
  }

  /** The buffer's length in bytes. */
  get byteLength(): number {
    return this.bytes.byteLength;
  }

  /** Bytes of the live regions, headers included. */
  get liveBytes(): number {
    return this.live;
  }

  /**
   * A new region of `size` bytes (a multiple of 4) for `owner` (0 or more); returns where its data
   * starts. May move other regions first (see `onMove`).
   */
  allocate(owner: number, size: number): number {
    const total = HEADER_BYTES + size;
    if (this.top + total > this.bytes.length) this.makeRoom(total);
    const at = this.top;
    this.words[at >> 2] = owner;
    this.words[(at >> 2) + 1] = total;
    this.top += total;
    this.live += total;
    return at + HEADER_BYTES;
  }

  /** Frees the region whose data starts at `start`. */
  free(start: number): void {
    const header = (start - HEADER_BYTES) >> 2;
    this.words[header] = -1;
    this.live -= this.words[header + 1] as number;
  }

  /** Gives the region whose data starts at `start` to another owner. */
  setOwner(start: number, owner: number): void {
    this.words[(start - HEADER_BYTES) >> 2] = owner;
  }

  /** Frees every region. */
  clear(): void {
    this.top = 0;
    this.live = 0;
    if (this.bytes.length > FIRST_ARENA_BYTES) this.setBytes(new Uint8Array(FIRST_ARENA_BYTES));
  }

  /** Slides the live regions down and gives back all but half as much again as they need. */
  shrink(): void {
    this.slide();
    const length = Math.max(FIRST_ARENA_BYTES, roundUp(this.top * 1.5));
    if (length < this.bytes.length) this.resize(length);
  }

  private makeRoom(total: number): void {
    if (this.bytes.length - this.live - total >= this.bytes.length / 3) {
      this.slide();
      return;
    }
    this.resize(roundUp(Math.max(this.bytes.length * 1.5, (this.live + total) * 1.5)));
    this.slide();
  }

  /** Moves every live region down over the freed ones, in buffer order. */
  private slide(): void {
    const bytes = this.bytes;
    const words = this.words;
    let read = 0;
    let write = 0;
    while (read < this.top) {
      const owner = words[read >> 2] as number;
      const total = words[(read >> 2) + 1] as number;
      if (owner >= 0) {
        if (write !== read) {
          bytes.copyWithin(write, read, read + total);
          this.onMove(owner, write + HEADER_BYTES);
        }
        write += total;
      }
      read += total;
    }
    this.top = write;
  }

  /** Moves the buffer to one of `length` bytes; the old one is released at once (not at the next garbage collection). */
  private resize(length: number): void {
    this.setBytes(new Uint8Array(this.bytes.buffer.transfer(length)));
  }

  private setBytes(bytes: Uint8Array<ArrayBuffer>): void {
    this.bytes = bytes;
    this.words = new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2);
  }
}

/** `bytes` rounded up to a multiple of 4 KiB. */
function roundUp(bytes: number): number {
  return Math.ceil(bytes / 4096) * 4096;
}
