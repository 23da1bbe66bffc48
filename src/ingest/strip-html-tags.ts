const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
};

/**
 * The visible text of an HTML fragment: comments, `<script>`/`<style>` content and tags removed,
 * common entities decoded, runs of blank lines collapsed. Deliberately tiny (a regex, not a
 * parser): good enough for HTML blocks inside Markdown.
 */
export function stripHtmlTags(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/gu, "")
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/giu, "")
    .replace(/<\/?[a-zA-Z][^>]*>/gu, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (entity, name: string) => decodeEntity(entity, name))
    .replace(/[ \t]+\n/gu, "\n")
    .replace(/\n{3,}/gu, "\n\n")
    .trim();
}

function decodeEntity(entity: string, name: string): string {
  if (name.startsWith("#x") || name.startsWith("#X"))
    return safeCodePoint(Number.parseInt(name.slice(2), 16), entity);
  if (name.startsWith("#")) return safeCodePoint(Number.parseInt(name.slice(1), 10), entity);
  return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
}

function safeCodePoint(codePoint: number, fallback: string): string {
  return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff
    ? String.fromCodePoint(codePoint)
    : fallback;
}
