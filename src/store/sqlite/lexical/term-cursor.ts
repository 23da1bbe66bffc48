import {
  averageLength,
  type CollectionStatistics,
  inverseDocumentFrequency,
  termScore,
} from "./bm25-score.ts";
import { BLOCK_SIZE, decodeBlock, decodeRowHeader, sequentialSums } from "./postings-codec.ts";

/** Past the last document: a cursor at END is exhausted. */
export const END = 0x7fffffff;

/** Field weights applied to term frequencies. */
export interface Weights {
  readonly title: number;
  readonly headings: number;
  readonly body: number;
}

/**
 * Upper bounds are raised by this relative margin, so a bound computed in a different order of
 * floating-point operations than the score it bounds can never fall below it.
 */
const BOUND_MARGIN = 1 + 1e-9;

/**
 * Walks one term's postings in ascending document order, decoding a block only when a document
 * in it is needed. Knows each block's score upper bound (from the block header's maximum field
 * frequencies and minimum length), so a search can skip blocks that cannot matter.
 */
export class TermCursor {
  /** The current document, or END. */
  doc = -1;
  readonly idf: number;
  readonly documentFrequency: number;
  /** The best score any posting of this term can give. */
  readonly maxScore: number;
  private readonly average: number;
  private readonly blockLastDocs: Int32Array;
  private readonly blockBases: Int32Array;
  private readonly blockCounts: Int32Array;
  private readonly blockOffsets: Int32Array;
  private readonly blockUpperBounds: Float64Array;
  private readonly blockData: Uint8Array[];
  private readonly blockTotal: number;
  private readonly weights: Weights;
  private readonly bodySums: Float64Array;
  private block = -1;
  private position = 0;
  private decodedCount = 0;
  private readonly docs = new Int32Array(BLOCK_SIZE);
  private readonly weightedFrequencies = new Float64Array(BLOCK_SIZE);
  private readonly lengths = new Int32Array(BLOCK_SIZE);

  /**
   * @param rows - the term's posting rows in ascending order, as `[docCount, blob]`.
   * @param statistics - collection statistics of the same snapshot.
   * @param logarithm - natural logarithm for the idf (see `inverseDocumentFrequency`).
   */
  constructor(
    rows: ReadonlyArray<readonly [number, Uint8Array]>,
    weights: Weights,
    statistics: CollectionStatistics,
    logarithm: (value: number) => number = Math.log,
  ) {
    this.weights = weights;
    this.bodySums = sequentialSums(weights.body);
    let documentFrequency = 0;
    let blockTotal = 0;
    const headers = rows.map(([count, data]) => {
      documentFrequency += count;
      const header = decodeRowHeader(data);
      blockTotal += header.blockCount;
      return { header, data };
    });
    this.documentFrequency = documentFrequency;
    this.idf = inverseDocumentFrequency(statistics.documentCount, documentFrequency, logarithm);
    this.average = averageLength(statistics);
    this.blockTotal = blockTotal;
    this.blockLastDocs = new Int32Array(blockTotal);
    this.blockBases = new Int32Array(blockTotal);
    this.blockCounts = new Int32Array(blockTotal);
    this.blockOffsets = new Int32Array(blockTotal);
    this.blockUpperBounds = new Float64Array(blockTotal);
    this.blockData = new Array<Uint8Array>(blockTotal);
    let index = 0;
    let maxScore = 0;
    for (const { header, data } of headers) {
      for (let block = 0; block < header.blockCount; block++, index++) {
        this.blockLastDocs[index] = header.lastDocs[block] as number;
        this.blockBases[index] = header.bases[block] as number;
        this.blockCounts[index] = header.counts[block] as number;
        this.blockOffsets[index] = header.offsets[block] as number;
        this.blockData[index] = data;
        const bestWeighted =
          weights.title * (header.maxTitles[block] as number) +
          weights.headings * (header.maxHeadings[block] as number) +
          weights.body * (header.maxBodies[block] as number);
        const bound =
          termScore(this.idf, bestWeighted, header.minLengths[block] as number, this.average) * BOUND_MARGIN;
        this.blockUpperBounds[index] = bound;
        if (bound > maxScore) maxScore = bound;
      }
    }
    this.maxScore = maxScore;
    this.loadBlock(0);
  }

  /** The score of the current document for this term. */
  score(): number {
    return termScore(
      this.idf,
      this.weightedFrequencies[this.position] as number,
      this.lengths[this.position] as number,
      this.average,
    );
  }

  /** Moves to the next posting. */
  next(): void {
    if (this.doc === END) return;
    if (++this.position < this.decodedCount) this.doc = this.docs[this.position] as number;
    else this.loadBlock(this.block + 1);
  }

  /** Moves to the first posting whose document is `target` or later. */
  advance(target: number): void {
    if (this.doc >= target) return;
    if ((this.blockLastDocs[this.block] as number) < target) {
      const block = this.findBlock(target, this.block + 1);
      this.loadBlock(block);
      if (this.doc >= target) return;
    }
    const docs = this.docs;
    let position = this.position;
    while ((docs[position] as number) < target) position++;
    this.position = position;
    this.doc = docs[position] as number;
  }

  /**
   * The upper bound of the block that would hold `target` (0 when no later posting exists),
   * without decoding it.
   */
  upperBoundAt(target: number): number {
    if (this.doc === END) return 0;
    if (this.doc >= target || (this.blockLastDocs[this.block] as number) >= target) {
      return this.blockUpperBounds[this.block] as number;
    }
    const block = this.findBlock(target, this.block + 1);
    return block < this.blockTotal ? (this.blockUpperBounds[block] as number) : 0;
  }

  /** Calls `visit` with every (document, score) of the term, from the current position. */
  forEach(visit: (doc: number, score: number) => void): void {
    while (this.doc !== END) {
      visit(this.doc, this.score());
      this.next();
    }
  }

  private findBlock(target: number, from: number): number {
    let low = from;
    let high = this.blockTotal;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.blockLastDocs[middle] as number) < target) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private loadBlock(block: number): void {
    this.block = block;
    this.position = 0;
    if (block >= this.blockTotal) {
      this.decodedCount = 0;
      this.doc = END;
      return;
    }
    this.decodedCount = decodeBlock(
      this.blockData[block] as Uint8Array,
      this.blockOffsets[block] as number,
      this.blockBases[block] as number,
      this.blockCounts[block] as number,
      this.weights,
      this.bodySums,
      this.docs,
      this.weightedFrequencies,
      this.lengths,
    );
    this.doc = this.docs[0] as number;
  }
}
