import type { RetrievedChunk } from "../../src/core/answer.ts";

/** A retrieved chunk for unit tests: the id doubles as content hash, the URL is under docs.example.com. */
export function makeRetrievedChunk(
  id: string,
  title: string,
  text: string,
  headingPath: string[] = [],
): RetrievedChunk {
  return {
    chunk: {
      id,
      documentId: `document-${id}`,
      ordinal: 0,
      title,
      headingPath,
      anchor: null,
      url: `https://docs.example.com/${id}/`,
      text,
      contentHash: id,
      tokenCount: text.split(/\s+/).length,
    },
    score: 1,
    lexicalRank: 1,
  };
}
