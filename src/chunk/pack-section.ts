import { countTokens, tailTokens } from "./count-tokens.ts";
import type { BodyBlock } from "./group-sections.ts";
import { type BlockUnit, splitBlock } from "./split-block.ts";
import { splitSentences } from "./split-sentences.ts";

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

/**
 * Packs one section's blocks into piece texts. Consecutive blocks share a piece while it stays
 * within `targetTokens`; a longer section is split between blocks, an overlong paragraph or list
 * between sentences. Code and tables are never cut below twice `targetTokens`, so a piece holding
 * a single code block or table may exceed the target (never twice the target). Every piece after
 * the first starts with up to `overlapTokens` of the previous piece's closing prose, whole
 * sentences preferred; no overlap follows a code block or table.
 *
 * @returns The piece texts, Markdown, blocks joined by blank lines; empty for a section without body.
 */
export function packSection(blocks: readonly BodyBlock[], options: PackSectionOptions): string[] {
  const targetTokens = Math.max(1, Math.floor(options.targetTokens));
  const overlapTokens = Math.max(
    0,
    Math.min(Math.floor(options.overlapTokens), Math.floor(targetTokens / 2)),
  );
  const texts = blocks.map((block) => block.text.trim()).filter((text) => text.length > 0);
  if (texts.length === 0) return [];
  const whole = texts.join(BLOCK_SEPARATOR);
  if (countTokens(whole) <= targetTokens) return [whole];

  // Two tokens of slack so a full prose unit still fits behind the overlap and a separator.
  const units = blocks.flatMap((block) =>
    splitBlock(block, {
      proseTokens: Math.max(1, targetTokens - overlapTokens - 2),
      verbatimTokens: targetTokens * 2,
    }),
  );
  const pieces: string[] = [];
  let current: BlockUnit[] = [];
  const startPiece = (unit: BlockUnit, previous: BlockUnit | undefined): BlockUnit[] => {
    const overlap = previous === undefined ? "" : overlapText(previous, overlapTokens);
    if (overlap.length === 0) return [unit];
    const withOverlap = `${overlap}${BLOCK_SEPARATOR}${unit.text}`;
    if (countTokens(withOverlap) > targetTokens) return [unit];
    return [{ kind: "prose", text: overlap, tokenCount: countTokens(overlap) }, unit];
  };
  for (const unit of units) {
    if (current.length === 0) {
      current = startPiece(unit, undefined);
      continue;
    }
    const candidate = [...current, unit].map((part) => part.text).join(BLOCK_SEPARATOR);
    if (countTokens(candidate) <= targetTokens) {
      current.push(unit);
      continue;
    }
    pieces.push(current.map((part) => part.text).join(BLOCK_SEPARATOR));
    current = startPiece(unit, current.at(-1));
  }
  if (current.length > 0) pieces.push(current.map((part) => part.text).join(BLOCK_SEPARATOR));
  return pieces;
}

/** The closing sentences of a prose unit within `maxTokens`; its last tokens when no sentence fits. */
function overlapText(previous: BlockUnit, maxTokens: number): string {
  if (previous.kind !== "prose" || maxTokens === 0) return "";
  const sentences = splitSentences(previous.text);
  let tail = "";
  for (let index = sentences.length - 1; index >= 0; index -= 1) {
    const candidate = (sentences[index] ?? "") + tail;
    if (countTokens(candidate.trim()) > maxTokens) break;
    tail = candidate;
  }
  if (tail.trim().length > 0) return tail.trim();
  return tailTokens(sentences.at(-1) ?? previous.text, maxTokens);
}
