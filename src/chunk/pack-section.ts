import type { BodyBlock } from "./group-sections.ts";
import type { CountedText } from "./pack-greedily.ts";
import { PiecedText } from "./pieced-text.ts";
import { type BlockUnit, splitBlock } from "./split-block.ts";
import { splitSentences } from "./split-sentences.ts";
import { suffixTokenCounter } from "./suffix-token-counter.ts";
import { tailTokens } from "./tail-tokens.ts";
import { type RangeOfPieced, TokenTally, tallyStateOf } from "./token-tally.ts";

/** Size settings of {@link packSection}. */
export interface PackSectionOptions {
  /** Preferred (and, for prose, maximum) tokens per piece. Config `chunk.targetTokens`, default 320. */
  readonly targetTokens: number;
  /**
   * Tokens of the previous piece's tail repeated at the start of the next piece of the same
   * section. Config `chunk.overlapTokens`, default 48; capped at half of `targetTokens`.
   */
  readonly overlapTokens: number;
}

/** Separator between blocks in a chunk's text: a blank line, as in Markdown. */
const BLOCK_SEPARATOR = "\n\n";
/** Longest section text whose pieces are recorded (two 4-byte integers a character: 8 MB at most). */
const RECORDED_TEXT_LIMIT = (1 << 20) - 1;

/**
 * Packs one section's blocks into piece texts. Consecutive blocks share a piece while it stays
 * within `targetTokens`; a longer section is split between blocks, an overlong paragraph or list
 * between sentences. Code and tables are never cut below twice `targetTokens`, so a piece holding
 * a single code block or table may exceed the target (never twice the target). Every piece after
 * the first starts with up to `overlapTokens` of the previous piece's closing prose, whole
 * sentences preferred; no overlap follows a code block or table.
 *
 * @returns The pieces, Markdown, blocks joined by blank lines, with their token counts; empty for
 *   a section without body.
 */
export function packSection(blocks: readonly BodyBlock[], options: PackSectionOptions): CountedText[] {
  const targetTokens = Math.max(1, Math.floor(options.targetTokens));
  const overlapTokens = Math.max(
    0,
    Math.min(Math.floor(options.overlapTokens), Math.floor(targetTokens / 2)),
  );
  let whole = "";
  let nonEmpty = 0;
  let onlyBlock: BodyBlock | undefined;
  for (const block of blocks) {
    const text = block.text.trim();
    if (text.length === 0) continue;
    whole = nonEmpty === 0 ? text : `${whole}${BLOCK_SEPARATOR}${text}`;
    onlyBlock = nonEmpty === 0 ? block : undefined;
    nonEmpty += 1;
  }
  if (nonEmpty === 0) return [];
  // A section of one paragraph (or list) is cut between sentences: the count records where its
  // pieces end, so the cuts are counted without reading it again (up to a size, to bound memory).
  const isProse = onlyBlock !== undefined && onlyBlock.type !== "code" && onlyBlock.type !== "table";
  const recordPieces = isProse && whole.length <= RECORDED_TEXT_LIMIT;
  const wholeTally = tallyStateOf(whole, recordPieces);
  if (wholeTally.tokens <= targetTokens) return [{ text: whole, tokenCount: wholeTally.tokens }];

  // Two tokens of slack so a full prose unit still fits behind the overlap and a separator.
  const limits = {
    proseTokens: Math.max(1, targetTokens - overlapTokens - 2),
    verbatimTokens: targetTokens * 2,
  };
  const single = nonEmpty === 1;
  const pieced = recordPieces ? new PiecedText(whole) : undefined;
  const units = blocks.flatMap((block) => splitBlock(block, limits, single ? wholeTally : undefined, pieced));
  const pieces: CountedText[] = [];
  // The piece being filled: its text is its units' texts joined by blank lines.
  const current = new TokenTally();
  // A unit that is a range of the section's text is counted from its known pieces.
  const rangeOf = (unit: BlockUnit): RangeOfPieced | undefined =>
    pieced === undefined || unit.sourceStart === undefined
      ? undefined
      : { source: pieced, start: unit.sourceStart, length: unit.text.length };
  const startPiece = (unit: BlockUnit, previous: BlockUnit | undefined): void => {
    const overlap = previous === undefined ? "" : overlapText(previous, overlapTokens, pieced);
    if (overlap.length > 0) {
      current.reset(overlap);
      const joined = `${BLOCK_SEPARATOR}${unit.text}`;
      if (current.measure(joined, targetTokens, rangeOf(unit)) <= targetTokens) {
        current.append(joined);
        return;
      }
    }
    current.reset(unit.text, unit.tally);
  };
  let last: BlockUnit | undefined;
  for (const unit of units) {
    if (last === undefined) {
      startPiece(unit, undefined);
    } else {
      const joined = `${BLOCK_SEPARATOR}${unit.text}`;
      if (current.measure(joined, targetTokens, rangeOf(unit)) <= targetTokens) {
        current.append(joined);
      } else {
        pieces.push({ text: current.text, tokenCount: current.tokens });
        startPiece(unit, last);
      }
    }
    last = unit;
  }
  if (last !== undefined) pieces.push({ text: current.text, tokenCount: current.tokens });
  return pieces;
}

/**
 * The closing sentences of a prose unit within `maxTokens`; its last tokens when no sentence fits.
 * Counted as ranges of `pieced` when the unit is one.
 */
function overlapText(previous: BlockUnit, maxTokens: number, pieced: PiecedText | undefined): string {
  if (previous.kind !== "prose" || maxTokens === 0) return "";
  const text = previous.text;
  const sentences = splitSentences(text);
  // The sentences follow each other; a tail of them, trimmed, is a suffix of the trimmed text.
  const counted = text.trimEnd();
  const sourceStart = previous.sourceStart;
  const tokensFrom =
    pieced === undefined || sourceStart === undefined
      ? suffixTokenCounter(counted)
      : (start: number, limit: number) =>
          pieced.countRange(sourceStart + start, sourceStart + counted.length, limit);
  let tailStart = text.length;
  for (let index = sentences.length - 1; index >= 0; index -= 1) {
    const sentenceStart = tailStart - (sentences[index]?.length ?? 0);
    const contentStart = text.length - text.slice(sentenceStart).trimStart().length;
    const tokens = contentStart < counted.length ? tokensFrom(contentStart, maxTokens) : 0;
    if (tokens > maxTokens) break;
    tailStart = sentenceStart;
  }
  const tail = text.slice(tailStart).trim();
  if (tail.length > 0) return tail;
  return tailTokens(sentences.at(-1) ?? text, maxTokens);
}
