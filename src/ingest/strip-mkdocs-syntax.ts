/** Options of {@link stripMkDocsSyntax}. */
export interface StripMkDocsSyntaxOptions {
  /**
   * Escape the `{` of a heading's `{ #id }` attribute list, so MDX reads it as text rather than
   * as a JavaScript expression (which fails to parse). Set for `.mdx` files.
   */
  readonly escapeHeadingAttributes?: boolean;
}

const FENCE_OPENING = /^\s*(`{3,}|~{3,})(.*)$/u;
/** `/// tip`, `/// note | Title`, `//// tab | Python 3.10+` (pymdownx blocks). */
const BLOCK_OPENING = /^\s*\/{3,}\s*([A-Za-z][\w-]*)(?:\s*\|\s*(.*?))?\s*$/u;
const BLOCK_CLOSING = /^\s*\/{3,}\s*$/u;
/** `!!! note "Title"`, `??? tip`, `???+ warning` (Python-Markdown admonitions; body indented 4). */
const ADMONITION_OPENING = /^(\s*)(?:!!!|\?\?\?\+?)\s*([\w-]+)?(?:\s+"(.*)")?\s*$/u;
/** `{* ../../docs_src/app.py hl[3] *}`: an include of a file we do not have. */
const INCLUDE_DIRECTIVE = /\{\*[^\n]*?\*\}/gu;
/** `::: fastapi.FastAPI` (mkdocstrings), followed by indented options. */
const MKDOCSTRINGS_DIRECTIVE = /^(\s*):::\s+\S/u;
/** `--8<-- "file.md"` (pymdownx snippets). */
const SNIPPET_DIRECTIVE = /^\s*-{2,}8<-{2,}/u;
const HEADING_ATTRIBUTES = /^(\s{0,3}#{1,6}\s.*?)\{(\s*[#.][^{}]*\}\s*)$/u;

/**
 * Removes MkDocs extensions that would otherwise show up as noise in the text, keeping their
 * content: admonition markers (`/// tip | Title` ... `///`, `!!! note "Title"` with its indented
 * body dedented), whose titles stay as a line of text (tab titles are dropped); include directives
 * (`{* file *}`), mkdocstrings `::: module.Name` blocks and snippet lines are dropped. Lines inside
 * code fences are never touched. Removed lines become blank lines, so the blocks around them stay
 * separate.
 */
export function stripMkDocsSyntax(markdown: string, options: StripMkDocsSyntaxOptions = {}): string {
  const output: string[] = [];
  let fence: { character: string; length: number } | null = null;
  const admonitionIndents: number[] = [];
  let mkdocstringsIndent: number | null = null;

  for (const rawLine of markdown.split(/\r?\n/u)) {
    const isBlank = rawLine.trim().length === 0;
    const expanded = rawLine.replace(/^[ \t]+/u, (indent) => indent.replace(/\t/gu, "    "));
    const indent = expanded.length - expanded.trimStart().length;
    if (!isBlank && fence === null) {
      while (admonitionIndents.length > 0 && indent < (admonitionIndents.at(-1) ?? 0))
        admonitionIndents.pop();
    }
    // Tabs are expanded only inside `!!!` bodies, which must be dedented; elsewhere lines stay verbatim.
    const line = admonitionIndents.length > 0 ? dedent(expanded, admonitionIndents.at(-1) ?? 0) : rawLine;

    if (fence !== null) {
      output.push(line);
      const closing = /^\s*(`{3,}|~{3,})\s*$/u.exec(line);
      if (closing?.[1]?.startsWith(fence.character) && closing[1].length >= fence.length) fence = null;
      continue;
    }
    if (mkdocstringsIndent !== null) {
      if (isBlank || indent > mkdocstringsIndent) {
        output.push("");
        continue;
      }
      mkdocstringsIndent = null;
    }
    const opening = FENCE_OPENING.exec(line);
    if (opening !== null && !(opening[1]?.startsWith("`") && opening[2]?.includes("`"))) {
      fence = { character: opening[1]?.charAt(0) ?? "`", length: opening[1]?.length ?? 3 };
      output.push(line);
      continue;
    }
    const block = BLOCK_OPENING.exec(line);
    if (block !== null) {
      const title = block[2]?.trim() ?? "";
      output.push("", block[1] !== "tab" && title.length > 0 ? title : "", "");
      continue;
    }
    const admonition = ADMONITION_OPENING.exec(line);
    if (admonition !== null) {
      admonitionIndents.push(indent + 4);
      const title = admonition[3]?.trim() ?? "";
      output.push("", title, "");
      continue;
    }
    const mkdocstrings = MKDOCSTRINGS_DIRECTIVE.exec(line);
    if (mkdocstrings !== null) {
      mkdocstringsIndent = (mkdocstrings[1] ?? "").length;
      output.push("");
      continue;
    }
    if (BLOCK_CLOSING.test(line) || SNIPPET_DIRECTIVE.test(line)) {
      output.push("");
      continue;
    }
    let cleaned = line.includes("{*") ? line.replace(INCLUDE_DIRECTIVE, "") : line;
    if (cleaned !== line && cleaned.trim().length === 0) cleaned = "";
    if (options.escapeHeadingAttributes) cleaned = cleaned.replace(HEADING_ATTRIBUTES, "$1\\{$2");
    output.push(cleaned);
  }
  return output.join("\n");
}

/** Removes up to `columns` leading spaces. */
function dedent(line: string, columns: number): string {
  if (columns === 0) return line;
  let index = 0;
  while (index < columns && line.charAt(index) === " ") index += 1;
  return line.slice(index);
}
