/** Front matter cut off the top of a Markdown file by {@link splitFrontMatter}. */
export interface FrontMatter {
  /** `yaml` for a `---` fence, `toml` for a `+++` fence. */
  readonly kind: "yaml" | "toml";
  /** The lines between the fences, without the line ending before the closing fence. */
  readonly value: string;
  /** Offset in the input where the Markdown after the closing fence line starts. */
  readonly bodyStart: number;
}

/**
 * Finds front matter with the rules of `remark-frontmatter` (micromark-extension-frontmatter),
 * so both Markdown parsers agree on where it ends: the first line is exactly `---` (YAML) or
 * `+++` (TOML) at column 1, optionally followed by spaces or tabs; it ends at the first later
 * line made of the same fence and optional spaces or tabs. Without a closing fence there is no
 * front matter (the opening line is then ordinary Markdown, e.g. a thematic break).
 *
 * @param markdown - The document, line endings already normalised to `\n`.
 * @returns The front matter, or null when the document has none.
 */
export function splitFrontMatter(markdown: string): FrontMatter | null {
  const kind = markdown.startsWith("---") ? "yaml" : markdown.startsWith("+++") ? "toml" : null;
  if (kind === null) return null;
  const fence = kind === "yaml" ? "---" : "+++";
  const openingEnd = markdown.indexOf("\n");
  if (openingEnd === -1 || !isFenceLine(markdown, 0, openingEnd, fence)) return null;
  let lineStart = openingEnd + 1;
  while (lineStart <= markdown.length) {
    const newline = markdown.indexOf("\n", lineStart);
    const lineEnd = newline === -1 ? markdown.length : newline;
    if (isFenceLine(markdown, lineStart, lineEnd, fence)) {
      return {
        kind,
        value: lineStart === openingEnd + 1 ? "" : markdown.slice(openingEnd + 1, lineStart - 1),
        bodyStart: newline === -1 ? markdown.length : newline + 1,
      };
    }
    if (newline === -1) return null;
    lineStart = newline + 1;
  }
  return null;
}

function isFenceLine(text: string, start: number, end: number, fence: string): boolean {
  if (!text.startsWith(fence, start)) return false;
  for (let index = start + fence.length; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09) return false;
  }
  return true;
}
