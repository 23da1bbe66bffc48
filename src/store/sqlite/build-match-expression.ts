/**
 * The FTS5 MATCH expression for a bag-of-words query: the OR of each term as a quoted string
 * (`"error" OR "handling"`), so a term can never be read as an operator (`NOT`, `NEAR`), a
 * column filter (`title:`) or a prefix (`*`). Quotes inside a term are doubled, FTS5's escape.
 * Terms that are empty once trimmed are dropped; repeats are kept once.
 *
 * The store no longer searches with FTS5 (see `lexical/`); this is kept for the FTS5 reference
 * that `lexical/create-lexical-index.test.ts` and `bench/retrieval-scale/` compare against.
 *
 * @param terms - analysed query terms (lower-case words, not stemmed: FTS5's porter tokenizer
 *   stems the quoted strings the same way it stemmed the indexed text).
 * @returns the expression, or `null` when no term is left (there is nothing to match).
 */
export function buildMatchExpression(terms: readonly string[]): string | null {
  const quoted = new Set<string>();
  for (const term of terms) {
    const trimmed = term.trim();
    if (trimmed) quoted.add(`"${trimmed.replaceAll('"', '""')}"`);
  }
  return quoted.size === 0 ? null : [...quoted].join(" OR ");
}
