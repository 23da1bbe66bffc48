import { countTokens } from "./count-tokens.ts";
import { cut, cutPiece } from "./cut-piece.ts";

/**
 * A counter of the tokens of `text.slice(start)` for any `start`, for packers that grow a tail
 * leftwards (overlap, last words): each count re-reads only the text before the positions an
 * earlier count passed, usually a word or a sentence, so all counts together cost about one
 * pass over the part of the text they reach. With a `limit`, a count over it may stop early and
 * return any number over it.
 */
export function suffixTokenCounter(text: string): (start: number, limit?: number) => number {
  const known = new Int32Array(text.length + 1).fill(-1);
  known[text.length] = 0;
  return (start, limit = Infinity) => {
    // The pattern matches whole code points: a start between the halves of a pair is counted apart.
    const code = text.charCodeAt(start);
    if (code >= 0xdc00 && code <= 0xdfff && start > 0) {
      const before = text.charCodeAt(start - 1);
      if (before >= 0xd800 && before <= 0xdbff) return countTokens(text.slice(start));
    }
    return countSuffixPieces(text, start, known, limit);
  };
}

/** Piece ends met by {@link countSuffixPieces} on its way, reused between calls. */
let path = new Int32Array(256);

/**
 * The tokens of `text.slice(start)`, given `known`: for some positions (at least `text.length`,
 * where it is 0), the tokens of the text from there (-1 elsewhere). Pieces are cut from `start`
 * until one ends at a known position: from a piece boundary on, the rest of the cut depends only
 * on the text after it, so the count from there is the known one. Every position passed is
 * recorded in `known`, so counting ever longer suffixes re-reads almost nothing. Stops early,
 * recording nothing, once the count passes `limit`.
 */
function countSuffixPieces(text: string, start: number, known: Int32Array, limit: number): number {
  const already = known[start] ?? -1;
  if (already >= 0) return already;
  let steps = 0;
  let tokens = 0;
  let position = start;
  while ((known[position] ?? -1) < 0) {
    const from = position;
    position = cutPiece(text, position);
    cut.scanned += position - from;
    tokens += cut.tokens;
    if (tokens > limit) return tokens;
    if (steps * 2 + 1 >= path.length) {
      const longer = new Int32Array(path.length * 2);
      longer.set(path);
      path = longer;
    }
    // Each piece end with the tokens counted up to it, to turn into suffix counts below.
    path[steps * 2] = position;
    path[steps * 2 + 1] = tokens;
    steps += 1;
  }
  const total = tokens + (known[position] ?? 0);
  known[start] = total;
  for (let step = 0; step < steps - 1; step += 1) {
    known[path[step * 2] ?? 0] = total - (path[step * 2 + 1] ?? 0);
  }
  return total;
}
