import markdownItParser, { type MarkdownIt, type StateBlock, type StateInline } from "markdown-it";
import { isHtmlType7Start } from "./is-html-type-7-start.ts";

/** The `meta` markdown-it tokens get from this parser: where a table starts in the parsed text. */
export interface TableStart {
  /** Offset of the table's first character (after indentation and container markers). */
  readonly tableStartOffset: number;
}

/** The `meta` of fence tokens: whether a closing fence ends the block (else the container does). */
export interface FenceEnd {
  readonly closed: boolean;
}

const TILDE = 0x7e;
/** Delimiter markers of one-tilde and two-tilde runs: GFM pairs only runs of the same size. */
const SINGLE_TILDE_MARKER = -1;
const DOUBLE_TILDE_MARKER = -2;
const UNICODE_WHITESPACE = /\s/u;
const UNICODE_PUNCTUATION = /[\p{P}\p{S}]/u;

/**
 * Creates the markdown-it parser that reads plain Markdown the way remark-parse + remark-gfm do,
 * as far as Docent's blocks can tell: CommonMark, GFM tables, and GFM strikethrough with one or
 * two tildes (remark-gfm's default `singleTilde: true`; markdown-it's own rule knows only `~~`).
 * Links are never rejected (markdown-it drops `javascript:` links to text; micromark keeps the
 * link, so its text) and link text is never rewritten (autolinks keep their text as written).
 * Table tokens carry {@link TableStart} in `meta`, because Docent slices tables verbatim from the
 * source and markdown-it maps only whole lines.
 */
export function createMarkdownIt(): MarkdownIt {
  const markdownIt = markdownItParser("commonmark", { html: true }).enable(["table"]);
  markdownIt.validateLink = () => true;
  markdownIt.normalizeLink = (url) => url;
  markdownIt.normalizeLinkText = (text) => text;

  const tableRule = blockRule(markdownIt, "table");
  markdownIt.block.ruler.at(
    "table",
    (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
      const firstToken = state.tokens.length;
      const matched = tableRule(
        state,
        startLine,
        silent ? endLine : tableEndLine(state, startLine, endLine),
        silent,
      );
      const token = state.tokens[firstToken];
      if (matched && !silent && token !== undefined) {
        const meta: TableStart = { tableStartOffset: lineContentStart(state, startLine) };
        token.meta = { ...meta };
      }
      return matched;
    },
    { alt: ["paragraph", "reference"] },
  );
  const fenceRule = blockRule(markdownIt, "fence");
  markdownIt.block.ruler.at(
    "fence",
    (state: StateBlock, startLine: number, endLine: number, silent: boolean) => {
      const firstToken = state.tokens.length;
      const matched = fenceRule(state, startLine, endLine, silent);
      const token = state.tokens[firstToken];
      if (matched && !silent && token !== undefined) {
        const lastLine = state.line - 1;
        const closing = state.src.slice(lineContentStart(state, lastLine), state.eMarks[lastLine]);
        const meta: FenceEnd = {
          closed:
            lastLine > startLine &&
            closing.startsWith(token.markup.charAt(0).repeat(token.markup.length)) &&
            /^(`+|~+)[ \t]*$/u.test(closing),
        };
        token.meta = { ...meta };
      }
      return matched;
    },
    { alt: ["paragraph", "reference", "blockquote", "list"] },
  );

  const backticksRule = inlineRule(markdownIt, "backticks");
  markdownIt.inline.ruler.at("backticks", (state: StateInline, silent: boolean) => {
    const start = state.pos;
    const tokenCount = state.tokens.length;
    if (!backticksRule(state, silent)) return false;
    // An unmatched backtick run only goes to pending text: no token was pushed then.
    const token = state.tokens.length > tokenCount ? state.tokens[state.tokens.length - 1] : undefined;
    if (!silent && token?.type === "code_inline") {
      const fence = token.markup.length;
      token.content = codeSpanValue(state.src.slice(start + fence, state.pos - fence));
    }
    return true;
  });
  const escapeRule = inlineRule(markdownIt, "escape");
  markdownIt.inline.ruler.at("escape", (state: StateInline, silent: boolean) => {
    const tokenCount = state.tokens.length;
    if (!escapeRule(state, silent)) return false;
    const token = state.tokens.length > tokenCount ? state.tokens[state.tokens.length - 1] : undefined;
    // Marks a backslash line break: micromark keeps the spaces before it, unlike before other breaks.
    if (!silent && token?.type === "hardbreak") token.markup = "\\";
    return true;
  });
  markdownIt.inline.ruler.before("emphasis", "gfm_strikethrough", tokenizeTildes);
  markdownIt.inline.ruler2.before("emphasis", "gfm_strikethrough", dropMatchedTildes);
  return markdownIt;
}

function blockRule(
  markdownIt: MarkdownIt,
  name: string,
): (state: StateBlock, startLine: number, endLine: number, silent: boolean) => boolean {
  const rule = markdownIt.block.ruler.__rules__.find((candidate) => candidate.name === name)?.fn;
  if (rule === undefined) throw new Error(`markdown-it has no block rule ${name}`);
  return rule;
}

/** Offset of a line's first character after indentation and container markers. */
function lineContentStart(state: StateBlock, line: number): number {
  return (state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0);
}

/**
 * Where a table's rows must stop: micromark ends a table at a line that opens an HTML block of
 * type 7 (`<img src="x">` alone on its line); markdown-it would take it as a row.
 */
function tableEndLine(state: StateBlock, startLine: number, endLine: number): number {
  for (let line = startLine + 2; line < endLine; line += 1) {
    const start = lineContentStart(state, line);
    const end = state.eMarks[line] ?? start;
    if (start >= end || (state.sCount[line] ?? 0) < state.blkIndent) break;
    if (state.src.charCodeAt(start) === 0x3c && isHtmlType7Start(state.src.slice(start, end))) return line;
  }
  return endLine;
}

function inlineRule(markdownIt: MarkdownIt, name: string): (state: StateInline, silent: boolean) => boolean {
  const rule = markdownIt.inline.ruler.__rules__.find((candidate) => candidate.name === name)?.fn;
  if (rule === undefined) throw new Error(`markdown-it has no inline rule ${name}`);
  return rule;
}

/**
 * An inline code span's value as mdast has it: line endings and the indentation after them kept
 * (markdown-it turns line endings into spaces), one padding space or line ending removed from
 * each side when both sides have one and the code is not only spaces and line endings.
 */
function codeSpanValue(raw: string): string {
  const first = raw.charCodeAt(0);
  const last = raw.charCodeAt(raw.length - 1);
  const padded = (first === 0x20 || first === 0x0a) && (last === 0x20 || last === 0x0a);
  return padded && /[^ \n]/u.test(raw) ? raw.slice(1, -1) : raw;
}

/**
 * A run of one or two tildes becomes a delimiter with micromark's flanking rules (open when the
 * next character is not whitespace and, if it is punctuation, the previous one is whitespace or
 * punctuation; close mirrored); longer runs are plain text.
 */
function tokenizeTildes(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (silent || state.src.charCodeAt(start) !== TILDE) return false;
  let end = start;
  while (state.src.charCodeAt(end) === TILDE) end += 1;
  const token = state.push("text", "", 0);
  token.content = state.src.slice(start, end);
  const size = end - start;
  if (size <= 2) {
    const before = classifyCharacter(characterBefore(state.src, start));
    const after = classifyCharacter(state.src.codePointAt(end));
    state.delimiters.push({
      marker: size === 1 ? SINGLE_TILDE_MARKER : DOUBLE_TILDE_MARKER,
      length: 0,
      token: state.tokens.length - 1,
      end: -1,
      open: after === "other" || (after === "punctuation" && before !== "other"),
      close: before === "other" || (before === "punctuation" && after !== "other"),
    });
  }
  state.pos = end;
  return true;
}

/** Matched tilde runs are markup: their text goes (Docent keeps only the struck text). */
function dropMatchedTildes(state: StateInline): boolean {
  const lists = [state.delimiters, ...state.tokens_meta.map((meta) => meta?.delimiters ?? [])];
  for (const delimiters of lists) {
    for (const opener of delimiters) {
      if (opener.marker !== SINGLE_TILDE_MARKER && opener.marker !== DOUBLE_TILDE_MARKER) continue;
      const closer = opener.end >= 0 ? delimiters[opener.end] : undefined;
      if (closer === undefined) continue;
      const openerToken = state.tokens[opener.token];
      const closerToken = state.tokens[closer.token];
      if (openerToken !== undefined) openerToken.content = "";
      if (closerToken !== undefined) closerToken.content = "";
    }
  }
  return true;
}

function characterBefore(text: string, index: number): number | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.codePointAt(index - 2);
  }
  return low;
}

/** micromark's `classifyCharacter`: start/end of text and whitespace alike, punctuation, other. */
function classifyCharacter(code: number | undefined): "whitespace" | "punctuation" | "other" {
  if (code === undefined) return "whitespace";
  const character = String.fromCodePoint(code);
  if (UNICODE_WHITESPACE.test(character)) return "whitespace";
  if (UNICODE_PUNCTUATION.test(character)) return "punctuation";
  return "other";
}
