import { tokenizeWords } from "./analyze-text.ts";

/** Word trigrams of a text (single words for texts shorter than three words). */
export function wordShingles(text: string): Set<string> {
  const words = tokenizeWords(text);
  if (words.length < 3) return new Set(words);
  const shingles = new Set<string>();
  for (let i = 0; i + 3 <= words.length; i += 1) shingles.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return shingles;
}

/** Jaccard overlap of two sets: |A ∩ B| / |A ∪ B|; 1 for two empty sets. */
export function jaccard(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const item of left) if (right.has(item)) shared += 1;
  return shared / (left.size + right.size - shared);
}

/**
 * Keeps items in order, dropping any whose text is a near duplicate of an item kept before it:
 * the same content hash, or word-trigram Jaccard overlap of at least `threshold` (0-1; 1 drops
 * exact copies only, 0.9 also drops a page copied with a changed line or two).
 */
export function removeNearDuplicates<Item>(
  items: readonly Item[],
  describe: (item: Item) => { readonly text: string; readonly contentHash: string },
  threshold: number,
): Item[] {
  const kept: Item[] = [];
  const keptHashes = new Set<string>();
  const keptShingles: Array<Set<string>> = [];
  for (const item of items) {
    const { text, contentHash } = describe(item);
    if (keptHashes.has(contentHash)) continue;
    if (threshold < 1) {
      // Shingles only when they can decide something: at 1 the content hash is the test.
      const shingles = wordShingles(text);
      if (
        keptShingles.some(
          (other) => couldReach(shingles, other, threshold) && jaccard(shingles, other) >= threshold,
        )
      )
        continue;
      keptShingles.push(shingles);
    }
    kept.push(item);
    keptHashes.add(contentHash);
  }
  return kept;
}

/** Jaccard is at most min(|A|, |B|) / max(|A|, |B|): skips pairs whose sizes alone rule them out. */
function couldReach(left: ReadonlySet<string>, right: ReadonlySet<string>, threshold: number): boolean {
  const larger = Math.max(left.size, right.size);
  return larger === 0 || Math.min(left.size, right.size) / larger >= threshold;
}
