/**
 * The exact sentence every generator gives when the sources do not hold the answer. The
 * grounded prompt asks language models to say it verbatim, the extractive answerer emits it,
 * and evaluations recognise a refusal by it.
 */
export const REFUSAL_MESSAGE = "I don't know based on the documentation.";

/** True when `answer` is a refusal: it contains {@link REFUSAL_MESSAGE} (case and spacing ignored). */
export function isRefusal(answer: string): boolean {
  const normalize = (text: string) => text.toLowerCase().replace(/[’]/gu, "'").replace(/\s+/gu, " ").trim();
  return normalize(answer).includes(normalize(REFUSAL_MESSAGE));
}
