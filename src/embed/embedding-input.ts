import type { Chunk } from "../core/document.ts";
import { sha256 } from "../core/hash.ts";

/**
 * The text a chunk is embedded as: its title and heading path, then its text, so a passage
 * that never names its topic is still placed near questions about that topic.
 */
export function embeddingInput(chunk: Pick<Chunk, "title" | "headingPath" | "text">): string {
  const context = [chunk.title, ...chunk.headingPath].filter((part) => part.trim() !== "").join(" > ");
  return context ? `${context}\n\n${chunk.text}` : chunk.text;
}

/**
 * The cache key of a chunk's vector (per model): its content hash (heading path and text)
 * combined with the title, which is also embedded. A chunk whose key is unchanged is never
 * embedded again by the same model.
 */
export function embeddingKey(chunk: Pick<Chunk, "title" | "contentHash">): string {
  return sha256(`${chunk.title}\u0000${chunk.contentHash}`);
}
