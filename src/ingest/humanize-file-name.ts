/**
 * A readable title from a source path: the file name without extension, dashes and underscores
 * as spaces, first letter capitalised (`getting-started.md` → `Getting started`). For `index` and
 * `README` files the folder name is used (`guide/index.md` → `Guide`).
 */
export function humanizeFileName(source: string): string {
  const segments = source.split("/").filter((segment) => segment.length > 0);
  let stem = (segments.pop() ?? source).replace(/\.[^.]+$/u, "");
  if (/^(index|readme)$/iu.test(stem) && segments.length > 0) stem = segments.pop() ?? stem;
  const words = stem.replace(/[-_]+/gu, " ").replace(/\s+/gu, " ").trim();
  if (words.length === 0) return source;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
