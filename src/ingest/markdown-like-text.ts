/**
 * Text as a block quote: each line prefixed with `> ` (`>` alone on blank lines).
 *
 * @param text - The quote's content as Markdown-like text.
 */
export function quoteText(text: string): string {
  return text.length === 0 ? "" : text.replace(/^/gmu, "> ").replace(/^> $/gmu, ">");
}

/**
 * A code block as a backtick fence long enough for any fence inside the code.
 *
 * @param lang - The first word of the info string, if any.
 * @param meta - The rest of the info string, if any.
 * @param value - The code, without a final line ending.
 */
export function fencedCode(
  lang: string | null | undefined,
  meta: string | null | undefined,
  value: string,
): string {
  const longestRun = Math.max(2, ...Array.from(value.matchAll(/^`{3,}/gmu), (match) => match[0].length));
  const fence = "`".repeat(longestRun + 1);
  const info = [lang, meta]
    .filter((part) => part !== null && part !== undefined && part.length > 0)
    .join(" ");
  return `${fence}${info}\n${value}\n${fence}`;
}
