import { countPieces, stableLimit, stablePoint } from "./count-tokens.ts";
import type { PiecedText } from "./pieced-text.ts";

/** Options of a {@link TokenTally}. */
export interface TokenTallyOptions {
  /**
   * Count the text as `text.trim()` would read (leading and trailing whitespace left out), as
   * packers that trim their pieces do. Default false: the text exactly as appended.
   */
  readonly trim?: boolean;
}

/**
 * Where the end of a text given to {@link TokenTally.measure} lies in a {@link PiecedText}: its
 * last `length` characters are `source.text.slice(start, start + length)`.
 */
export interface RangeOfPieced {
  readonly source: PiecedText;
  readonly start: number;
  readonly length: number;
}

/**
 * What a {@link TokenTally} knows of the text it counts (`text.trim()` when trimming), so a tally
 * holding exactly that text can start from it without scanning it again.
 */
export interface TallyState {
  /** Tokens of the counted text. */
  readonly tokens: number;
  /** Where its stable pieces end (an index into the counted text). */
  readonly stableEnd: number;
  /** Tokens of its stable pieces. */
  readonly stableTokens: number;
}

/**
 * The exact `cl100k_base` token count of a text that grows at its end, kept up to date in time
 * linear in what is appended: packing asks "how many tokens if I add this?" for every sentence or
 * word, and counting each candidate from scratch made packing quadratic.
 *
 * Why it is exact: the count of a text is the sum of its pieces' counts (see `countTokens`), and
 * appending only changes pieces whose cut looked at the end of the text. The pattern's cut of a
 * piece `[start, end)` examines characters up to `end` (letters, digits, punctuation and its line
 * breaks end where the next character does not belong), and a whitespace piece examines its
 * whole whitespace run and the first character after it (`\s+$`, `\s+(?!\S)`). So every piece
 * ending at or before the last non-whitespace character of the text is cut the same way in any
 * longer text: it is "stable". The tally keeps the tokens of the stable pieces and the text after
 * them, and re-scans only that tail (usually the last word) plus the new text. A text ending in
 * half of a surrogate pair moves nothing to the stable part, since the other half may follow.
 */
export class TokenTally {
  readonly #trim: boolean;
  /** Everything appended since the last reset. */
  #text = "";
  /** Trimming: whether a non-whitespace character has been appended (the counted text has begun). */
  #begun: boolean;
  /** The text after the stable pieces (when trimming, starting no earlier than the counted text). */
  #tail = "";
  #stableTokens = 0;
  #tokens = 0;
  /** The last {@link measure}: what it appended, and the state appending it leads to. */
  #measured: string | undefined;
  #measuredTail = "";
  #measuredStableTokens = 0;
  #measuredTokens = 0;

  constructor(options: TokenTallyOptions = {}) {
    this.#trim = options.trim ?? false;
    this.#begun = !this.#trim;
  }

  /** Everything appended since the last reset, untrimmed. */
  get text(): string {
    return this.#text;
  }

  /** The tokens of {@link text} (of `text.trim()` when trimming). */
  get tokens(): number {
    return this.#tokens;
  }

  /** The counted text's tokens and stable part, to seed another tally with (see {@link reset}). */
  get state(): TallyState {
    if (!this.#begun) return { tokens: 0, stableEnd: 0, stableTokens: 0 };
    const countedStart = this.#trim ? this.#text.length - this.#text.trimStart().length : 0;
    return {
      tokens: this.#tokens,
      stableEnd: this.#text.length - this.#tail.length - countedStart,
      stableTokens: this.#stableTokens,
    };
  }

  /**
   * Starts again from `text` (empty by default). With `state`, the {@link state} of a tally whose
   * counted text was exactly `text`, nothing is scanned.
   */
  reset(text = "", state?: TallyState): void {
    this.#text = "";
    this.#begun = !this.#trim;
    this.#tail = "";
    this.#stableTokens = 0;
    this.#tokens = 0;
    this.#measured = undefined;
    if (text.length === 0) return;
    if (state === undefined) {
      this.append(text);
      return;
    }
    this.#text = text;
    this.#begun = true;
    this.#tail = text.slice(state.stableEnd);
    this.#stableTokens = state.stableTokens;
    this.#tokens = state.tokens;
  }

  /**
   * The tokens the text would have with `extra` appended (trimmed when trimming); changes nothing.
   * When that is over `limit`, the scan may stop there and return any number over `limit`. When
   * `extra` ends with a range of a {@link PiecedText} (`within`), that range is not scanned again
   * (used without trimming only).
   */
  measure(extra: string, limit = Infinity, within?: RangeOfPieced): number {
    if (within !== undefined && !this.#trim && within.length <= extra.length) {
      return this.#measureRange(extra, limit, within);
    }
    let scan = this.#tail + extra;
    if (!this.#begun) scan = scan.trimStart();
    // Only the counted text is scanned: when trimming, up to its last non-whitespace character.
    const counted = this.#trim ? scan.trimEnd() : scan;
    let tokens = 0;
    let stableEnd = 0;
    let stableTokens = 0;
    if (counted.length > 0) {
      tokens = countPieces(counted, stableLimit(counted), limit - this.#stableTokens);
      if (this.#stableTokens + tokens > limit) {
        // Possibly a partial count: nothing to append from.
        this.#measured = undefined;
        return this.#stableTokens + tokens;
      }
      stableEnd = stablePoint.end;
      stableTokens = stablePoint.tokens;
    }
    this.#measured = extra;
    this.#measuredTail = scan.slice(stableEnd);
    this.#measuredStableTokens = this.#stableTokens + stableTokens;
    this.#measuredTokens = this.#stableTokens + tokens;
    return this.#measuredTokens;
  }

  /**
   * {@link measure} when `extra` ends with a range of a {@link PiecedText}: that range is counted
   * from the pieces already known (see `PiecedText.countRange`), the rest scanned as usual.
   */
  #measureRange(extra: string, limit: number, within: RangeOfPieced): number {
    const prefix = this.#tail + extra.slice(0, extra.length - within.length);
    const { source, start, length } = within;
    const tokens = source.countRange(start, start + length, limit - this.#stableTokens, prefix);
    if (this.#stableTokens + tokens > limit) {
      this.#measured = undefined;
      return this.#stableTokens + tokens;
    }
    this.#measured = extra;
    this.#measuredTail = (this.#tail + extra).slice(source.rangeStableEnd);
    this.#measuredStableTokens = this.#stableTokens + source.rangeStableTokens;
    this.#measuredTokens = this.#stableTokens + tokens;
    return this.#measuredTokens;
  }

  /** Appends `extra`, reusing the scan of a {@link measure} of the same text just before. */
  append(extra: string): void {
    if (this.#measured !== extra) this.measure(extra);
    this.#text += extra;
    this.#tail = this.#measuredTail;
    this.#stableTokens = this.#measuredStableTokens;
    this.#tokens = this.#measuredTokens;
    if (!this.#begun) this.#begun = this.#tail.length > 0 || this.#stableTokens > 0;
    this.#measured = undefined;
  }
}

/**
 * The {@link TallyState} of `text` counted as it is (untrimmed), in one scan; with `record`, the
 * scan also keeps where its pieces end (see `recordedPieces`).
 */
export function tallyStateOf(text: string, record = false): TallyState {
  if (text.length === 0) return { tokens: 0, stableEnd: 0, stableTokens: 0 };
  const tokens = countPieces(text, stableLimit(text), Infinity, record);
  return { tokens, stableEnd: stablePoint.end, stableTokens: stablePoint.tokens };
}
