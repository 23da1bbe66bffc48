const sentenceSegmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * Splits text into sentences with `Intl.Segmenter` (Unicode UAX #29 rules; a line break also ends
 * a sentence, so list items come out one per entry). Each sentence keeps its trailing whitespace,
 * so joining the result gives back the input exactly.
 */
export function splitSentences(text: string): string[] {
  return Array.from(sentenceSegmenter.segment(text), (segment) => segment.segment);
}
