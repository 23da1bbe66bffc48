import {
  countPieces,
  isRecording,
  type RecordedPieces,
  recordedPieces,
  stableLimit,
  stablePoint,
} from "./count-tokens.ts";
import { cut, cutPiece } from "./cut-piece.ts";
import type { TallyState } from "./token-tally.ts";

/**
 * A text whose `cl100k_base` pieces are known, so the tokens of any range of it are counted by
 * re-reading only the range's two ends: packing a long paragraph sentence by sentence then costs
 * about nothing beyond the paragraph's own count.
 *
 * Why it is exact: cutting `text.slice(start, end)` from its start gives the same pieces as the
 * whole text's cut from `start`, up to the range's last non-whitespace character (the argument of
 * `TokenTally`: an end only changes pieces whose cut looked at it). A cut from `start` meets the
 * whole text's cut at the first piece end the two share, and from there they are the same pieces;
 * so the range's count is the pieces cut from `start` to that point, the whole text's pieces from
 * there to its last piece boundary before the range's last non-whitespace character (known), and
 * the range's remaining end cut on its own.
 */
export class PiecedText {
  readonly text: string;
  /** Where the pieces of `text` end (shared with the counter; recorded again if overwritten). */
  #pieces: RecordedPieces;
  /** After {@link countRange}: the range's stable part (see `TallyState`), relative to its start. */
  rangeStableEnd = 0;
  rangeStableTokens = 0;

  /** The pieces of `text`, taken from its last count with `record` when there was one. */
  constructor(text: string) {
    this.text = text;
    this.#pieces = recordedPieces(text);
  }

  /** The tokens of the pieces before `index` when a piece of the whole text ends there, else -1. */
  #tokensBefore(index: number): number {
    const pieces = this.#pieces;
    return pieces.marks[index] === pieces.generation ? (pieces.tokensBefore[index] ?? 0) : -1;
  }

  /**
   * The tokens of `prefix + text.slice(start, end)` (the prefix is empty by default); when that is
   * over `limit`, possibly an early number over `limit`. Leaves the stable part of that text (see
   * `TallyState`) in {@link rangeStableEnd} and {@link rangeStableTokens} (unfinished when over
   * `limit`).
   */
  countRange(start: number, end: number, limit = Infinity, prefix = ""): number {
    this.rangeStableEnd = 0;
    this.rangeStableTokens = 0;
    const range = end > start ? this.text.slice(start, end) : "";
    const counted = prefix.length === 0 ? range : prefix + range;
    if (counted.length === 0) return 0;
    const last = stableLimit(counted);
    // All whitespace, or ending in half a surrogate pair (the cut may differ there): count it all.
    if (last < prefix.length) {
      const tokens = countPieces(counted, last, limit);
      this.rangeStableEnd = stablePoint.end;
      this.rangeStableTokens = stablePoint.tokens;
      return tokens;
    }
    if (!isRecording(this.#pieces)) this.#pieces = recordedPieces(this.text);
    // Its own cut, until that meets a piece end of the whole text's cut inside the range.
    const offset = start - prefix.length;
    let tokens = 0;
    let position = 0;
    let met = -1;
    while (position < counted.length) {
      const from = position;
      position = cutPiece(counted, position);
      cut.scanned += position - from;
      tokens += cut.tokens;
      if (tokens > limit) return tokens;
      if (position <= last) {
        this.rangeStableEnd = position;
        this.rangeStableTokens = tokens;
        if (position >= prefix.length && this.#tokensBefore(offset + position) >= 0) {
          met = offset + position;
          break;
        }
      }
    }
    if (met < 0) return tokens;
    // The whole text's pieces from there to its last piece end at or before `last`.
    let known = offset + last;
    while (this.#tokensBefore(known) < 0) known -= 1;
    tokens += this.#tokensBefore(known) - this.#tokensBefore(met);
    if (tokens > limit) return tokens;
    this.rangeStableEnd = known - offset;
    this.rangeStableTokens = tokens;
    // The rest, cut on its own.
    const rest = this.text.slice(known, end);
    const restTokens = countPieces(rest, offset + last - known, limit - tokens);
    if (stablePoint.end > 0) {
      this.rangeStableEnd = known - offset + stablePoint.end;
      this.rangeStableTokens = tokens + stablePoint.tokens;
    }
    return tokens + restTokens;
  }
}

/**
 * A {@link TokenTally} (trimming) for text that grows by consecutive pieces of a
 * {@link PiecedText}, from some position of it: the same questions, each answered by
 * {@link PiecedText.countRange} without scanning the text in between.
 */
export class RangeTally {
  readonly #source: PiecedText;
  /** Where the text begins and ends in the source. */
  #start: number;
  #end: number;
  /** Where its non-whitespace content begins and ends (-1 before any). */
  #contentStart = -1;
  #contentEnd = -1;
  #tokens = 0;
  #state: TallyState = { tokens: 0, stableEnd: 0, stableTokens: 0 };
  /** The last {@link measure}, to append from. */
  #measured: string | undefined;
  #measuredContentStart = -1;
  #measuredContentEnd = -1;
  #measuredTokens = 0;
  #measuredState: TallyState = this.#state;

  /** An empty tally whose text starts at `start` in `source`. */
  constructor(source: PiecedText, start = 0) {
    this.#source = source;
    this.#start = start;
    this.#end = start;
  }

  /** Everything appended since the last reset, untrimmed. */
  get text(): string {
    return this.#source.text.slice(this.#start, this.#end);
  }

  /** The tokens of `text.trim()`. */
  get tokens(): number {
    return this.#tokens;
  }

  /** The tally state of `text.trim()`. */
  get state(): TallyState {
    return this.#state;
  }

  /** Where `text.trim()` starts in the source (-1 while it is empty). */
  get contentStart(): number {
    return this.#contentStart;
  }

  /** Empties the text; it starts again where it ended in the source. */
  reset(): void {
    this.#start = this.#end;
    this.#contentStart = -1;
    this.#contentEnd = -1;
    this.#tokens = 0;
    this.#state = { tokens: 0, stableEnd: 0, stableTokens: 0 };
    this.#measured = undefined;
  }

  /**
   * The tokens of `(text + extra).trim()`, where `extra` is the source's text right after `text`;
   * over `limit`, possibly an early number over it.
   */
  measure(extra: string, limit = Infinity): number {
    const trimmedEnd = extra.trimEnd().length;
    this.#measured = extra;
    if (trimmedEnd === 0) {
      this.#measuredContentStart = this.#contentStart;
      this.#measuredContentEnd = this.#contentEnd;
      this.#measuredTokens = this.#tokens;
      this.#measuredState = this.#state;
      return this.#tokens;
    }
    const contentStart =
      this.#contentStart >= 0 ? this.#contentStart : this.#end + (extra.length - extra.trimStart().length);
    const contentEnd = this.#end + trimmedEnd;
    const source = this.#source;
    const tokens = source.countRange(contentStart, contentEnd, limit);
    if (tokens > limit) {
      this.#measured = undefined;
      return tokens;
    }
    this.#measuredContentStart = contentStart;
    this.#measuredContentEnd = contentEnd;
    this.#measuredTokens = tokens;
    this.#measuredState = {
      tokens,
      stableEnd: source.rangeStableEnd,
      stableTokens: source.rangeStableTokens,
    };
    return tokens;
  }

  /** Appends `extra`, the source's text right after `text`. */
  append(extra: string): void {
    if (this.#measured !== extra) this.measure(extra);
    this.#end += extra.length;
    this.#contentStart = this.#measuredContentStart;
    this.#contentEnd = this.#measuredContentEnd;
    this.#tokens = this.#measuredTokens;
    this.#state = this.#measuredState;
    this.#measured = undefined;
  }
}
