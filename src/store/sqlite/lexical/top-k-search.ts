import { END, type TermCursor } from "./term-cursor.ts";

/** A scored chunk: `doc` is the chunk's row id in the index. */
export interface ScoredDoc {
  readonly doc: number;
  readonly score: number;
}

/**
 * The exact top `limit` documents by BM25 (the sum of the terms' scores), best first, ties
 * broken by the smaller document id, found with MaxScore dynamic pruning (Turtle and Flood,
 * 1995) plus block-max bounds:
 *
 * - terms are sorted by their best possible score; the longest prefix of weak terms whose bounds
 *   add up to no more than the current k-th best score is "non-essential": a document holding
 *   only those terms cannot enter the top k, so only documents of the essential terms are
 *   visited, in document order;
 * - a visited document is completed with the non-essential terms, strongest first, and dropped
 *   as soon as its partial score plus the remaining terms' bounds (the bound of the block that
 *   would hold it, read from the block header without decoding) cannot beat the k-th best.
 *
 * Every document that could score above the k-th best is scored in full, so the result equals
 * `exhaustiveTopK` over the same cursors (scores are summed in the query's phrase order in both).
 *
 * @param cursors - one per distinct index term.
 * @param phrases - the query's words in order, each as the index of its term's cursor; a term
 *   two words stem to counts twice, as in FTS5. Default: each cursor once, in order.
 */
export function maxScoreTopK(
  cursors: readonly TermCursor[],
  limit: number,
  phrases: readonly number[] = cursors.map((_, index) => index),
): ScoredDoc[] {
  if (limit <= 0) return [];
  const multiplicity = new Float64Array(cursors.length);
  for (const slot of phrases) multiplicity[slot] = (multiplicity[slot] as number) + 1;
  const slotsOfLive = cursors
    .map((_, index) => index)
    .filter((index) => (cursors[index] as TermCursor).doc !== END && (multiplicity[index] as number) > 0);
  if (slotsOfLive.length === 0) return [];
  // A term's bound counts once per query word it stands for.
  const bestOf = (slot: number) => (cursors[slot] as TermCursor).maxScore * (multiplicity[slot] as number);
  const slots = slotsOfLive.sort((left, right) => bestOf(left) - bestOf(right));
  const ordered = slots.map((slot) => cursors[slot] as TermCursor);
  const termCount = ordered.length;
  const prefixBound = new Float64Array(termCount);
  let running = 0;
  for (let index = 0; index < termCount; index++) {
    running += bestOf(slots[index] as number);
    prefixBound[index] = running;
  }
  const contributions = new Float64Array(cursors.length);
  const heap = new TopKHeap(limit);
  let threshold = Number.NEGATIVE_INFINITY;
  let firstEssential = 0;

  for (;;) {
    // Documents must score above the threshold to enter: a tie loses to the earlier document.
    while (firstEssential < termCount && (prefixBound[firstEssential] as number) <= threshold)
      firstEssential++;
    if (firstEssential >= termCount) break;

    let doc = END;
    for (let index = firstEssential; index < termCount; index++) {
      const cursorDoc = (ordered[index] as TermCursor).doc;
      if (cursorDoc < doc) doc = cursorDoc;
    }
    if (doc === END) break;

    contributions.fill(0);
    let partial = 0;
    for (let index = firstEssential; index < termCount; index++) {
      const cursor = ordered[index] as TermCursor;
      if (cursor.doc === doc) {
        const score = cursor.score();
        contributions[slots[index] as number] = score;
        partial += score * (multiplicity[slots[index] as number] as number);
        cursor.next();
      }
    }

    let competitive = true;
    for (let index = firstEssential - 1; index >= 0; index--) {
      const cursor = ordered[index] as TermCursor;
      const below = index > 0 ? (prefixBound[index - 1] as number) : 0;
      // Even with this term's block bound and every weaker term's best, the document loses.
      const times = multiplicity[slots[index] as number] as number;
      if (partial + cursor.upperBoundAt(doc) * times + below <= threshold) {
        competitive = false;
        break;
      }
      cursor.advance(doc);
      if (cursor.doc === doc) {
        const score = cursor.score();
        contributions[slots[index] as number] = score;
        partial += score * times;
      }
    }
    if (!competitive) continue;

    // Summed per query word, in the query's order, as FTS5 sums (bit-identical scores).
    let total = 0;
    for (const slot of phrases) total += contributions[slot] as number;
    if (heap.offer(doc, total)) threshold = heap.threshold();
  }
  return heap.sorted();
}

/**
 * The reference ranking: every posting of every term is scored, summed per document in the
 * phrases' order (see `maxScoreTopK`), and sorted (best first, ties by smaller document id). Used to test
 * `maxScoreTopK` and to measure what pruning saves.
 */
export function exhaustiveTopK(
  cursors: readonly TermCursor[],
  limit: number,
  phrases: readonly number[] = cursors.map((_, index) => index),
): ScoredDoc[] {
  const contributions = new Map<number, Float64Array>();
  for (const [slot, cursor] of cursors.entries()) {
    cursor.forEach((doc, score) => {
      let perTerm = contributions.get(doc);
      if (!perTerm) {
        perTerm = new Float64Array(cursors.length);
        contributions.set(doc, perTerm);
      }
      perTerm[slot] = score;
    });
  }
  return [...contributions]
    .map(([doc, perTerm]) => {
      let score = 0;
      for (const slot of phrases) score += perTerm[slot] as number;
      return { doc, score };
    })
    .sort((left, right) => right.score - left.score || left.doc - right.doc)
    .slice(0, Math.max(0, limit));
}

/** A bounded min-heap of the best documents seen; the root is the worst kept. */
class TopKHeap {
  private readonly docs: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.docs = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** The score a new document must beat once the heap is full; -Infinity before. */
  threshold(): number {
    return this.size < this.capacity ? Number.NEGATIVE_INFINITY : (this.scores[0] as number);
  }

  /** Keeps the document if it belongs in the top k; true when the heap is full afterwards. */
  offer(doc: number, score: number): boolean {
    if (this.size < this.capacity) {
      let index = this.size++;
      while (index > 0) {
        const parent = (index - 1) >>> 1;
        if (!this.worse(doc, score, parent)) break;
        this.docs[index] = this.docs[parent] as number;
        this.scores[index] = this.scores[parent] as number;
        index = parent;
      }
      this.docs[index] = doc;
      this.scores[index] = score;
      return this.size === this.capacity;
    }
    // Documents arrive in ascending order, so a tie with the root loses.
    if (score <= (this.scores[0] as number)) return false;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.worseAt(right, left) ? right : left;
      if (!this.worse(this.docs[child] as number, this.scores[child] as number, -1, doc, score)) break;
      this.docs[index] = this.docs[child] as number;
      this.scores[index] = this.scores[child] as number;
      index = child;
    }
    this.docs[index] = doc;
    this.scores[index] = score;
    return true;
  }

  /** Kept documents, best first, ties by smaller document. */
  sorted(): ScoredDoc[] {
    const result: ScoredDoc[] = [];
    for (let index = 0; index < this.size; index++) {
      result.push({ doc: this.docs[index] as number, score: this.scores[index] as number });
    }
    return result.sort((left, right) => right.score - left.score || left.doc - right.doc);
  }

  /** Is (doc, score) worse than the entry at `index` (or than (otherDoc, otherScore))? */
  private worse(doc: number, score: number, index: number, otherDoc?: number, otherScore?: number): boolean {
    const compareDoc = index >= 0 ? (this.docs[index] as number) : (otherDoc as number);
    const compareScore = index >= 0 ? (this.scores[index] as number) : (otherScore as number);
    return score < compareScore || (score === compareScore && doc > compareDoc);
  }

  private worseAt(first: number, second: number): boolean {
    return this.worse(this.docs[first] as number, this.scores[first] as number, second);
  }
}
