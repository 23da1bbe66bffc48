import { type PiecedText, RangeTally } from "./pieced-text.ts";
import { type TallyState, TokenTally } from "./token-tally.ts";

/** A text and its exact token count. */
export interface CountedText {
  readonly text: string;
  readonly tokenCount: number;
  /** The tally state of `text`, when known, so a later tally can start from it (see {@link TokenTally}). */
  readonly tally?: TallyState;
  /** Where `text` starts in the {@link PiecedText} it was packed from, if it was. */
  readonly sourceStart?: number;
}

/** How {@link packGreedily} places a unit too long to stand alone. */
export interface OverlongSplit {
  /** Finished pieces, emitted in order. */
  readonly pieces: readonly CountedText[];
  /** Text that starts the next piece (more units may join it). */
  readonly rest: string;
}

/**
 * Packs consecutive units (sentences, words) into pieces of at most `maxTokens` tokens each,
 * greedily: a unit joins the current piece while the trimmed result stays within the budget,
 * else it starts the next piece; whitespace-only units always join. A unit over the budget on
 * its own is handed to `splitOverlong`. Pieces are trimmed; each comes with its token count (and,
 * except those from `splitOverlong`, its tally state).
 * Linear in the text: candidates are counted with a {@link TokenTally}, never from scratch. When
 * the units are the consecutive parts of a {@link PiecedText}'s text (from its start), they are
 * counted as ranges of it, reading almost nothing again.
 */
export function packGreedily(
  units: Iterable<string>,
  maxTokens: number,
  splitOverlong: (unit: string) => OverlongSplit,
  source?: PiecedText,
): CountedText[] {
  const pieces: CountedText[] = [];
  // While the piece is a range of `source` (until an overlong unit's rest starts one that is not).
  let current: TokenTally | RangeTally =
    source === undefined ? new TokenTally({ trim: true }) : new RangeTally(source);
  const flush = (): void => {
    const text = current.text.trim();
    if (text.length === 0) return;
    const piece = { text, tokenCount: current.tokens, tally: current.state };
    pieces.push(current instanceof RangeTally ? { ...piece, sourceStart: current.contentStart } : piece);
  };
  for (const unit of units) {
    if (unit.trim().length === 0 || current.measure(unit, maxTokens) <= maxTokens) {
      current.append(unit);
      continue;
    }
    flush();
    current.reset();
    if (current.measure(unit, maxTokens) <= maxTokens) {
      current.append(unit);
      continue;
    }
    const split = splitOverlong(unit);
    pieces.push(...split.pieces);
    if (current instanceof RangeTally) current = new TokenTally({ trim: true });
    current.reset(split.rest);
  }
  flush();
  return pieces;
}
