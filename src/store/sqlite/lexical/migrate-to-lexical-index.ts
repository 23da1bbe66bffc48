import type { Database } from "better-sqlite3";
import { createLexicalIndex, LEXICAL_SCHEMA } from "./create-lexical-index.ts";

/**
 * Migration step: creates Docent's own lexical index, fills it from the chunks already stored
 * (once, inside the migration's transaction) and drops the FTS5 table it replaces.
 */
export function migrateToLexicalIndex(database: Database): void {
  database.exec(LEXICAL_SCHEMA);
  const index = createLexicalIndex(database);
  const rows = database
    .prepare("SELECT fts_rowid AS doc, title, heading_path, text FROM chunks ORDER BY fts_rowid")
    .iterate() as IterableIterator<{ doc: number; title: string; heading_path: string; text: string }>;
  for (const row of rows) {
    const headings = (JSON.parse(row.heading_path) as string[]).join("\n");
    index.addChunk(row.doc, { title: row.title, headings, body: row.text });
  }
  index.flush();
  database.exec("DROP TABLE IF EXISTS chunks_fts");
}
