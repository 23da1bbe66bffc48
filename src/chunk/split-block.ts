import { countTokens } from "./count-tokens.ts";
import type { BodyBlock } from "./group-sections.ts";
import { type CountedText, type OverlongSplit, packGreedily } from "./pack-greedily.ts";
import type { PiecedText } from "./pieced-text.ts";
import { splitByTokens, splitByTokensCounted } from "./split-by-tokens.ts";
import { splitSentences } from "./split-sentences.ts";
import type { TallyState } from "./token-tally.ts";

/**
 * A piece of a block the packer places whole. `prose` units may be joined, cut and overlapped;
 * `verbatim` units (code and tables) are never overlapped and are shown exactly as written.
 */
export interface BlockUnit {
  readonly kind: "prose" | "verbatim";
  readonly text: string;
  /** The token tally state of `text`, when counting it left one (so packing need not count it again). */
  readonly tally?: TallyState;
  /** Where `text` starts in the {@link PiecedText} passed to {@link splitBlock}, when it is a range of it. */
  readonly sourceStart?: number;
}

/** Size limits for {@link splitBlock}. */
export interface SplitBlockOptions {
  /** Most tokens of one prose unit (paragraphs, lists, quotes, HTML text). */
  readonly proseTokens: number;
  /** Most tokens of one code or table unit; a larger block is cut at line boundaries. */
  readonly verbatimTokens: number;
}

/**
 * Cuts one block into units that fit the limits. Prose is cut at sentence boundaries, then at
 * word/token boundaries inside an overlong sentence. Code and tables stay whole up to
 * `verbatimTokens`; beyond it they are cut between lines, each part re-opened with the same code
 * fence (code) or the same header row (tables) so every part is still valid Markdown.
 *
 * @param textTally - The tally state of the block's trimmed text, when the caller already counted it.
 * @param pieced - The block's trimmed text with its pieces, when the caller has them.
 */
export function splitBlock(
  block: BodyBlock,
  options: SplitBlockOptions,
  textTally?: TallyState,
  pieced?: PiecedText,
): BlockUnit[] {
  const text = block.text.trim();
  if (text.length === 0) return [];
  const tokenCount = textTally?.tokens ?? countTokens(text);
  const whole = textTally === undefined ? { text } : { text, tally: textTally };
  if (block.type === "code" || block.type === "table") {
    if (tokenCount <= options.verbatimTokens) return [{ kind: "verbatim", ...whole }];
    const parts =
      block.type === "code"
        ? splitCodeAtLines(text, options.verbatimTokens)
        : splitTableAtLines(text, options.verbatimTokens);
    return parts.map((part) => ({ kind: "verbatim", text: part }));
  }
  if (tokenCount <= options.proseTokens) return [{ kind: "prose", ...whole }];
  return packSentences(text, options.proseTokens, pieced?.text === text ? pieced : undefined).map(
    ({ text: partText, tally, sourceStart }): BlockUnit => ({
      kind: "prose",
      text: partText,
      ...(tally === undefined ? {} : { tally }),
      ...(sourceStart === undefined ? {} : { sourceStart }),
    }),
  );
}

/** Packs whole sentences into parts of at most `maxTokens`; an overlong sentence is cut by tokens. */
function packSentences(text: string, maxTokens: number, pieced: PiecedText | undefined): CountedText[] {
  const split = (sentence: string): OverlongSplit => {
    const pieces = splitByTokensCounted(sentence, maxTokens);
    const last = pieces.pop()?.text ?? "";
    return { pieces, rest: last };
  };
  return packGreedily(splitSentences(text), maxTokens, split, pieced);
}

const FENCE_OPENING = /^(\s*)(`{3,}|~{3,})/u;

/** Cuts a fenced (or indented) code block between lines, re-fencing every part. */
function splitCodeAtLines(text: string, maxTokens: number): string[] {
  const lines = text.split("\n");
  const opening = FENCE_OPENING.exec(lines[0] ?? "");
  if (opening === null) return packLines(lines, "", "", maxTokens);
  const fence = `${opening[1] ?? ""}${opening[2] ?? ""}`;
  const lastLine = lines.at(-1)?.trim() ?? "";
  const isClosed = lines.length > 1 && lastLine.startsWith(opening[2] ?? "```") && /^[`~]+$/u.test(lastLine);
  const body = lines.slice(1, isClosed ? -1 : undefined);
  return packLines(body, `${lines[0]}\n`, `\n${fence}`, maxTokens);
}

/** Cuts a GFM table between rows, repeating the header row and delimiter row in every part. */
function splitTableAtLines(text: string, maxTokens: number): string[] {
  const lines = text.split("\n");
  const header = `${lines.slice(0, 2).join("\n")}\n`;
  return packLines(lines.slice(2), header, "", maxTokens);
}

/** Packs lines between a fixed prefix and suffix into parts of at most `maxTokens` tokens. */
function packLines(lines: readonly string[], prefix: string, suffix: string, maxTokens: number): string[] {
  const frameTokens = countTokens(prefix + suffix);
  const lineBudget = Math.max(1, maxTokens - frameTokens - 1);
  const parts: string[] = [];
  let current: string[] = [];
  let currentTokens = 0;
  const flush = (): void => {
    if (current.length > 0) parts.push(`${prefix}${current.join("\n")}${suffix}`);
    current = [];
    currentTokens = 0;
  };
  for (const line of lines) {
    const lineTokens = countTokens(line) + 1;
    if (lineTokens > lineBudget) {
      flush();
      for (const piece of splitByTokens(line, lineBudget)) parts.push(`${prefix}${piece}${suffix}`);
      continue;
    }
    if (currentTokens + lineTokens > lineBudget) flush();
    current.push(line);
    currentTokens += lineTokens;
  }
  flush();
  return parts;
}
