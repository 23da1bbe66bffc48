/**
 * An MkDocs `attr_list` block at the end of a heading: `{ #id }`, `{#id}`, `{ #id .class }`,
 * `{ .class #id key=value }`. Every item must look like an attribute, so `Use {braces}` is left alone.
 */
const ATTRIBUTE_LIST =
  /\s*\{:?\s*((?:(?:#[^\s{}#]+|\.[^\s{}#.]+|[\w-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+))\s*)+)\}\s*$/u;

/**
 * Splits an explicit anchor off a heading's text.
 *
 * @param headingText - The heading's text, markup removed, e.g. `Motivation { #motivation }`.
 * @returns The text without the attribute list and the explicit id, or `null` when there is none.
 *
 * @example
 * parseExplicitHeadingId("Motivation { #motivation }") // { text: "Motivation", id: "motivation" }
 */
export function parseExplicitHeadingId(headingText: string): { text: string; id: string | null } {
  const match = ATTRIBUTE_LIST.exec(headingText);
  if (match === null || match.index === 0) return { text: headingText.trim(), id: null };
  const items = match[1]?.trim().split(/\s+/u) ?? [];
  const idItem = items.find((item) => item.startsWith("#"));
  return {
    text: headingText.slice(0, match.index).trim(),
    id: idItem === undefined ? null : idItem.slice(1),
  };
}
