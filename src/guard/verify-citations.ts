import type { Citation, NumberedSource } from "../core/answer.ts";

/** The answer text with only valid citations, and what was removed. */
export interface VerifiedCitations {
  /** The text with out-of-range citation markers removed. */
  readonly text: string;
  /** Distinct valid citations, in order of first appearance. */
  readonly citations: readonly Citation[];
  /** How many `[n]` markers referred to no provided source and were removed. */
  readonly removed: number;
}

const CITATION = /\[(\d{1,3})\]/g;

/**
 * Checks every `[n]` marker of an answer against the numbered sources it was given: a marker
 * that refers to no source (an invented citation) is removed and counted; valid ones become
 * Citations with the source's chunk id, URL and title.
 */
export function verifyCitations(text: string, sources: readonly NumberedSource[]): VerifiedCitations {
  const byNumber = new Map(sources.map((source) => [source.n, source]));
  const citations = new Map<number, Citation>();
  let removed = 0;
  const cleaned = text.replace(CITATION, (marker, digits: string) => {
    const n = Number(digits);
    const source = byNumber.get(n);
    if (!source) {
      removed += 1;
      return "";
    }
    if (!citations.has(n)) {
      citations.set(n, { n, chunkId: source.chunk.id, url: source.chunk.url, title: source.chunk.title });
    }
    return marker;
  });
  return {
    text: removed > 0 ? cleaned.replace(/ +([.,;:])/g, "$1") : cleaned,
    citations: [...citations.values()],
    removed,
  };
}
