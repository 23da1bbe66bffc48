import { createHeadingSlugger } from "../chunk/create-heading-slugger.ts";
import { createMarkdownIt } from "./create-markdown-it.ts";
import { markdownItToBlocks } from "./markdown-it-to-blocks.ts";
import { markdownTitle } from "./markdown-title.ts";
import type { ParseMarkdownResult } from "./parse-markdown.ts";
import { readFrontMatterTitle } from "./read-front-matter-title.ts";
import { splitFrontMatter } from "./split-front-matter.ts";

const markdownIt = createMarkdownIt();

/**
 * Why a plain Markdown text (MkDocs syntax already stripped) must be parsed by remark rather than
 * markdown-it, or null when markdown-it gives the same blocks. A cheap scan, run before parsing:
 * - `[^`: GFM footnotes (markdown-it has none; a definition would even read as a link definition);
 * - a lone carriage return, or a byte order mark: both parsers read them, but line maps and
 *   offsets then disagree with the text Docent slices code and tables from;
 * - `*` or `_` touching `~`: micromark lets emphasis open or close next to a strikethrough tilde
 *   whatever the flanking rules say; markdown-it follows the rules;
 * - an unclosed front matter fence, a table whose header row has no pipe, a list right after a
 *   link definition, markup inside a bare URL (see the functions and constants below);
 * - a tab after a quote marker, or a quoted blank line with two or more spaces: micromark counts
 *   the tab's columns and the list looseness around such lines its own way;
 * - a `===` setext underline indented or quoted (inside a list or quote): micromark and markdown-it
 *   disagree on which lines it takes up;
 * - a quote opening with an ordered list right after a paragraph, `[label][` with no closing `]`
 *   (micromark then reads no shortcut link);
 * - a line ending with an empty list item (see `EMPTY_LIST_ITEM`);
 * - a run of 3 `*` or `_` in a text that also has a run that can both open and close: micromark applies
 *   CommonMark's "multiple of 3" rule to what is left of a partly used run, markdown-it to the
 *   whole run, so `*a***b 2*3 c**` differs.
 */
export function whyRemarkIsNeeded(text: string): string | null {
  if (text.includes("[^")) return "footnotes";
  if (text.includes("\r")) return "carriage return";
  if (text.charCodeAt(0) === 0xfeff) return "byte order mark";
  if (/[*_]~|~[*_]/u.test(text)) return "emphasis next to a tilde";
  if (OPENING_FENCE_LINE.test(text) && splitFrontMatter(text) === null) return "unclosed front matter";
  if (hasTableWithoutPipeInHeader(text)) return "table header without a pipe";
  // Each line-by-line pattern runs only when a cheap test says it can match.
  const hasDefinition = text.includes("]:");
  if (hasDefinition && DEFINITION_BEFORE_INTERRUPTION.test(text)) {
    return "list or indented line right after a link definition";
  }
  if (hasDefinition && NESTED_DEFINITION.test(text)) return "link definition in a list or quote";
  if (LINE_ENDING_WITH_MARKER.test(text) && EMPTY_LIST_ITEM.test(text)) return "empty list item";
  if (/\*{3}|_{3}/u.test(text) && BOTH_FLANKING_RUN.test(text))
    return "emphasis runs micromark sizes differently";
  if (hasRiskyLiteralUrl(text)) return "markup inside a bare URL";
  const hasQuote = QUOTE_MARKER.test(text);
  if (hasQuote && /^[ \t]*>[ \t>]*(?:\t|[ \t]{2,}$)/mu.test(text))
    return "tab or blank line with spaces inside a quote";
  if (/=[ \t]*(?:\n|$)/u.test(text) && /^(?:[ \t]*>[ \t>]*| {2,}|\t)=+[ \t]*$/mu.test(text)) {
    return "setext underline inside a list or quote";
  }
  if (hasQuote && QUOTE_INTERRUPTING_WITH_LIST.test(text))
    return "quote opening with a list right after a paragraph";
  if (/\]\[(?![^[\]\n]*\])/u.test(text)) return "link label followed by an unclosed bracket";
  return null;
}

/** Some line starts with `>` (after indentation). */
const QUOTE_MARKER = /(?:^|\n)[ \t]*>/u;
/** Some line ends with a list marker (a cheap test before {@link EMPTY_LIST_ITEM}). */
const LINE_ENDING_WITH_MARKER = /(?:[-*+]|\d[.)])[ \t]*(?:\n|$)/u;
/** A first line that opens front matter; micromark, failing to find its end, then misreads quotes. */
const OPENING_FENCE_LINE = /^(?:---|\+\+\+)[ \t]*\n/u;
/**
 * A link reference definition directly followed by a list item, an indented line, an HTML tag or
 * what may be a title (`"`, `'`, `(`): micromark reads the definition as paragraph content, which
 * only a list starting at 1 with text may interrupt and which an indented line or a lone tag
 * continues, and reads titles its own way; markdown-it ends the definition there.
 */
const DEFINITION_BEFORE_INTERRUPTION =
  /^ {0,3}\[[^\]\n]+\]:.*\n(?:[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)| {4}|\t| {0,3}[<"'(])/mu;
/**
 * A `*` run that can both open and close emphasis (letters or punctuation on both sides, as in
 * `2*3` or `)*(`), or such a `_` run (punctuation on both sides).
 */
const BOTH_FLANKING_RUN =
  /(?<=[^\s*\p{P}\p{S}])\*+(?=[^\s*\p{P}\p{S}])|(?<=[\p{P}\p{S}])(?<![*_])(?:\*+|_+)(?![\s*_])(?=[\p{P}\p{S}])/u;
/**
 * A quote right after a paragraph line whose first line opens an ordered list not starting at 1:
 * micromark then reads the list as a paragraph (as if it still interrupted the outer paragraph).
 */
const QUOTE_INTERRUPTING_WITH_LIST = /^[ \t]*[^\s>].*\n[ \t]*>[ \t>]*(?!1[.)])\d{1,9}[.)]/mu;
/**
 * A link definition in a quote, a list item or on an indented line: mdast keeps a node for it,
 * which counts for list looseness, and micromark may read the next line as lazy paragraph content;
 * markdown-it has no token for it.
 */
const NESTED_DEFINITION = /^(?:[ \t]*>[ \t>]*|[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+|[ \t]+)\[[^\]\n]+\]:/mu;
/**
 * A line ending with an empty list item (`-`, `- *`, `1.`; not a `- - -` thematic break): micromark
 * reads those, and what follows them, its own way.
 */
const EMPTY_LIST_ITEM =
  /^(?![ \t>]*([-*_])(?:[ \t]*\1){2,}[ \t]*$)[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*(?:[-*+]|\d{1,9}[.)])[ \t]*$/mu;
/** Where a GFM bare URL (autolink literal) starts, and the rest of it up to whitespace or `<`. */
const LITERAL_URL = /(?:https?:\/\/|www\.)[^\s<]*/giu;

/**
 * Whether a bare URL holds characters markdown-it would read as markup: GFM (micromark) takes the
 * whole URL as a link, so `*`, `~`, backticks, `![`, escapes, entities and `_` at a word edge stay
 * literal there (and a `[` after it opens no link), while markdown-it (its bare-URL linkify is off) may read emphasis, an image...
 * URLs right after `(`, `<`, a quote or `=` are skipped (link destinations, autolinks, HTML
 * attributes: no literal starts there); a URL ends at a backtick when a backtick opened it (a URL in a code span; otherwise a backtick in
 * it is markup for markdown-it) and before
 * `](` or `][` (what follows is a link's destination).
 */
function hasRiskyLiteralUrl(text: string): boolean {
  if (!text.includes("www.") && !/https?:\/\//iu.test(text)) return false;
  for (const match of text.matchAll(LITERAL_URL)) {
    // In a link destination `](`, an autolink `<` or an HTML attribute, a URL is no literal.
    if (/[(<"'=]/u.test(text.charAt(match.index - 1))) continue;
    let url = match[0];
    // A backtick ends a URL written in a code span (read as code by both parsers).
    const codeEnd = url.indexOf("`");
    if (codeEnd !== -1) {
      if (text.charAt(match.index - 1) !== "`") return true;
      url = url.slice(0, codeEnd);
    }
    const linkEnd = url.search(/\]\(|\]\[/u);
    if (linkEnd !== -1) url = url.slice(0, linkEnd);
    if (/[*~\\[]|&#?\w+;|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_/u.test(url)) return true;
  }
  return false;
}
/** A line that can be a GFM table delimiter row (`|---|:-:|`, `--|--`, `:-:`). */
const DELIMITER_ROW = /^[ \t>]*(?=[|:-])[|: \t-]*-[|: \t-]*$/gmu;

/**
 * Whether a possible delimiter row sits where GFM and markdown-it disagree: with a pipe or a colon
 * under a line without a pipe, GFM makes a table (`a\n|-|`) and markdown-it, which wants a pipe in
 * the header row, a paragraph; made only of dashes under a line with a pipe, GFM makes a setext
 * heading and markdown-it a one-column table.
 */
function hasTableWithoutPipeInHeader(text: string): boolean {
  for (const match of text.matchAll(DELIMITER_ROW)) {
    const row = match[0];
    const previousLineEnd = match.index - 1;
    if (previousLineEnd < 0) continue;
    const previousLine = text.slice(text.lastIndexOf("\n", previousLineEnd - 1) + 1, previousLineEnd);
    if (previousLine.trim().length === 0) continue;
    const hasPipe = previousLine.includes("|");
    // `a\n|-|`: GFM table, markdown-it paragraph. `| a |\n---`: GFM setext heading, markdown-it table.
    if (row.includes("|") || row.includes(":") ? !hasPipe : hasPipe) return true;
  }
  return false;
}

/**
 * The markdown-it path of `parseMarkdown` for plain Markdown (not MDX): the same title, blocks,
 * warnings and invalid-front-matter reasons as `parseMarkdownWithRemark`, several times faster.
 * Returns null when the document holds something this path cannot read exactly like remark (see
 * {@link whyRemarkIsNeeded} and `NeedsRemarkError`); the caller then uses remark.
 *
 * @param text - The Markdown with MkDocs syntax already stripped (`stripMkDocsSyntax`).
 * @param source - The file's path, named in reasons.
 */
export function parseMarkdownWithMarkdownIt(text: string, source: string): ParseMarkdownResult | null {
  if (whyRemarkIsNeeded(text) !== null) return null;
  const frontMatter = splitFrontMatter(text);
  let frontMatterTitle: string | null = null;
  if (frontMatter?.kind === "yaml") {
    const read = readFrontMatterTitle(frontMatter.value, source);
    if (read.kind === "invalid") return read;
    frontMatterTitle = read.title;
  }
  const body = frontMatter === null ? text : text.slice(frontMatter.bodyStart);
  try {
    const blocks = markdownItToBlocks(markdownIt.parse(body, {}), body, createHeadingSlugger());
    return { kind: "parsed", title: markdownTitle(frontMatterTitle, blocks), blocks, warnings: [] };
  } catch {
    // A `NeedsRemarkError` (something found only while converting), or a fault of the converter:
    // either way remark, the reference, reads the page instead of the page being lost.
    return null;
  }
}
