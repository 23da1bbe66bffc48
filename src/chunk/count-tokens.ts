import { cut, cutPiece } from "./cut-piece.ts";

/**
 * Token counting for chunk sizes, with the `cl100k_base` encoding (GPT-4 / text-embedding-3).
 * Only this encoding's module is imported so start-up stays cheap (about 0.1 s, half of
 * `o200k_base`). Chunk sizes are budgets, not model limits, so any modern BPE is close enough.
 */

/**
 * The number of tokens of `text` in the `cl100k_base` encoding. Exactly `gpt-tokenizer`'s count:
 * the encoder cuts text into pieces with one regular expression and merges bytes only inside a
 * piece, and a piece cut again is itself, so the count is the sum of the pieces' counts, each
 * encoded once and then looked up (tests compare both on real pages and on random text). Where
 * the characters involved are ASCII, a hand-written scanner makes the regular expression's cuts;
 * elsewhere the regular expression does.
 */
export function countTokens(text: string): number {
  return text.length === 0 ? 0 : countPieces(text, -1, Infinity);
}

/**
 * Where the last {@link countPieces} call found its last piece ending at or before its
 * `stableLimit` (0 when none did), and the tokens of the pieces before that point.
 */
export const stablePoint = { end: 0, tokens: 0 };

/**
 * The characters the token counter has scanned since the process started: a measure of how often
 * chunking re-reads text (the benchmark divides it by the corpus size).
 */
export function countedCharacters(): number {
  return cut.scanned;
}

/** The piece ends of the last counted text that asked for them (see {@link recordedPieces}). */
const recording = {
  text: "",
  /** Where a piece of that text ends, `generation`; anything else elsewhere (stale from earlier texts). */
  marks: new Int32Array(0),
  /** There, the tokens of the pieces before. */
  tokensBefore: new Int32Array(0),
  generation: 0,
};

/**
 * The tokens of `text`, piece by piece. Also records in {@link stablePoint} the end of the last
 * piece ending at or before `stableLimit` (pass -1 when not needed). Stops as soon as the count
 * passes `tokenLimit`, returning a number over it (and leaving {@link stablePoint} unfinished):
 * a packer asking "does this still fit?" needs no more. With `record`, also keeps where every
 * piece ends, for {@link recordedPieces} (a whole count, without `tokenLimit`).
 */
export function countPieces(text: string, stableLimit: number, tokenLimit: number, record = false): number {
  const end = text.length;
  cut.scanned += end;
  const marks = record ? startRecording(text) : recording.marks;
  const generation = recording.generation;
  const tokensBefore = recording.tokensBefore;
  let tokens = 0;
  let stableEnd = 0;
  let stableTokens = 0;
  for (let start = 0; start < end; ) {
    start = cutPiece(text, start);
    tokens += cut.tokens;
    if (tokens > tokenLimit) {
      cut.scanned -= end - start;
      break;
    }
    if (start <= stableLimit) {
      stableEnd = start;
      stableTokens = tokens;
    }
    if (record) {
      marks[start] = generation;
      tokensBefore[start] = tokens;
    }
  }
  stablePoint.end = stableEnd;
  stablePoint.tokens = stableTokens;
  return tokens;
}

/** Makes room to record the pieces of `text` and starts a new generation of marks. */
function startRecording(text: string): Int32Array {
  if (recording.marks.length <= text.length) {
    const size = 2 ** Math.ceil(Math.log2(text.length + 1));
    recording.marks = new Int32Array(size);
    recording.tokensBefore = new Int32Array(size);
    recording.generation = 0;
  }
  if (recording.generation === 0x7fffffff) {
    recording.marks.fill(0);
    recording.generation = 0;
  }
  recording.generation += 1;
  recording.text = text;
  recording.marks[0] = recording.generation;
  recording.tokensBefore[0] = 0;
  return recording.marks;
}

/**
 * The piece ends of `text`: `marks[index] === generation` where a piece ends (0 and `text.length`
 * among them), with `tokensBefore[index]` the tokens of the pieces before. Valid until another
 * text is recorded (see {@link isRecording}); from the last count of `text` with `record`, else
 * from a new count.
 */
export interface RecordedPieces {
  readonly marks: Int32Array;
  readonly tokensBefore: Int32Array;
  readonly generation: number;
}

/** The {@link RecordedPieces} of `text`, counting it (with `record`) unless it was the last recorded. */
export function recordedPieces(text: string): RecordedPieces {
  if (recording.text !== text || recording.generation === 0) countPieces(text, -1, Infinity, true);
  return { marks: recording.marks, tokensBefore: recording.tokensBefore, generation: recording.generation };
}

/** Whether `pieces` is still the current recording (no other text was recorded since). */
export function isRecording(pieces: RecordedPieces): boolean {
  return pieces.generation === recording.generation && pieces.marks === recording.marks;
}

/**
 * The last index a stable piece of `text` may end at: its last non-whitespace character, or -1
 * (nothing stable) when `text` ends in a high surrogate whose low half may still be appended.
 * See `TokenTally` for why pieces ending there or earlier are cut the same in any longer text.
 */
export function stableLimit(text: string): number {
  const last = text.trimEnd().length - 1;
  if (last < 0) return -1;
  if (last === text.length - 1) {
    const code = text.charCodeAt(last);
    if (code >= 0xd800 && code <= 0xdbff) return -1;
  }
  return last;
}
