import type { Chunk, Document } from "../core/document.ts";
import { sha256, stableId } from "../core/hash.ts";
import { groupSections } from "./group-sections.ts";
import { packSection } from "./pack-section.ts";

/** Chunk size settings; the `chunk` section of the configuration. */
export interface ChunkDocumentOptions {
  /**
   * Preferred tokens per chunk (cl100k_base). Sections longer than this are split; prose chunks
   * never exceed it, a chunk holding one code block or table may reach twice it. Default 320,
   * sensible range 64-2048: smaller finds precise passages, larger gives the answerer more context.
   */
  readonly targetTokens: number;
  /**
   * Tokens of a split piece's predecessor repeated at its start, so a sentence cut at a boundary
   * is still found whole. Default 48, range 0-256, capped at half of `targetTokens`.
   */
  readonly overlapTokens: number;
}

/**
 * Cuts a document into heading-aware chunks. Every heading starts a section; a chunk never spans
 * two sections, carries the headings above it and links to the nearest heading's anchor. Sections
 * without body text give no chunk. Ids depend only on the document, the section's anchor and the
 * piece's position within the section, so editing one section leaves other sections' ids alone.
 *
 * @param document - The parsed document.
 * @param options - The chunk sizes (config `chunk.targetTokens`, `chunk.overlapTokens`).
 * @returns The chunks in document order, `ordinal` counting from 0.
 */
export function chunkDocument(document: Document, options: ChunkDocumentOptions): Chunk[] {
  const chunks: Chunk[] = [];
  const usedIds = new Set<string>();
  for (const [sectionIndex, section] of groupSections(document).entries()) {
    const pieces = packSection(section.blocks, options);
    for (const [pieceIndex, { text, tokenCount }] of pieces.entries()) {
      let id = stableId(document.id, section.anchor ?? "", String(pieceIndex));
      // Only a duplicated explicit `{ #id }` can collide; disambiguate by section position.
      if (usedIds.has(id))
        id = stableId(document.id, section.anchor ?? "", String(pieceIndex), String(sectionIndex));
      usedIds.add(id);
      chunks.push({
        id,
        documentId: document.id,
        ordinal: chunks.length,
        title: document.title,
        headingPath: section.headingPath,
        anchor: section.anchor,
        url: section.anchor === null ? document.url : `${document.url}#${section.anchor}`,
        text,
        // Hashes `[...headingPath, text].join("\u0000")`; without a heading path, that is the text itself.
        contentHash: sha256(
          section.headingPath.length === 0 ? text : `${section.headingPath.join("\u0000")}\u0000${text}`,
        ),
        tokenCount,
      });
    }
  }
  return chunks;
}
