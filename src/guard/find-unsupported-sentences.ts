import type { NumberedSource } from "../core/answer.ts";
import { contentStems } from "../retrieve/analyze-text.ts";

const CITATION = /\[(\d{1,3})\]/gu;
const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Sentences of an answer whose citations do not support them: the share of the sentence's
 * content words (stemmed, stop words dropped) found in the cited sources' title, headings and
 * text is below `minSupport`. Sentences without a citation, and those with fewer than 3 content
 * words, are not judged. Lexical overlap is a cheap proxy: a paraphrase can score low and a
 * wrong claim built from the source's words can score high, so this flags, it does not remove.
 *
 * @param minSupport - Share in 0..1; 0.3 by default (`answer.minSupport`). 0 disables the check.
 */
export function findUnsupportedSentences(
  text: string,
  sources: readonly NumberedSource[],
  minSupport = 0.3,
): string[] {
  if (minSupport <= 0) return [];
  const stemsBySource = new Map<number, Set<string>>();
  for (const { n, chunk } of sources) {
    stemsBySource.set(n, new Set(contentStems([chunk.title, ...chunk.headingPath, chunk.text].join("\n"))));
  }
  const unsupported: string[] = [];
  const prose = text.replace(/```[\s\S]*?```/gu, " ");
  for (const { segment } of segmenter.segment(prose)) {
    const sentence = segment.trim();
    const cited = [...sentence.matchAll(CITATION)].map((match) => Number(match[1]));
    const known = cited.map((n) => stemsBySource.get(n)).filter((stems) => stems !== undefined);
    if (known.length === 0) continue;
    const words = [...new Set(contentStems(sentence.replace(CITATION, " ")))];
    if (words.length < 3) continue;
    const supported = words.filter((word) => known.some((stems) => stems.has(word))).length;
    if (supported / words.length < minSupport) unsupported.push(sentence);
  }
  return unsupported;
}
