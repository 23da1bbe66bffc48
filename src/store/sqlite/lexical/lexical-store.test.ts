import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { documentWrite } from "../../../../test/store/store-contract.ts";
import { createSqliteStore } from "../create-sqlite-store.ts";
import { MIGRATIONS, SCHEMA_VERSION } from "../migrations.ts";

const folder = mkdtempSync(join(tmpdir(), "docent-lexical-store-"));
let counter = 0;
const nextPath = () => join(folder, `index-${++counter}.db`);
const WEIGHTS = { title: 5.2, headings: 2.6, body: 1.3 };

afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("the SQLite store's lexical index", () => {
  it("answers the same after close and reopen, without rebuilding", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write" });
    await writer.applyChanges({
      upserts: Array.from({ length: 40 }, (_, index) =>
        documentWrite(`page-${index}.md`, [
          `routing and caching notes ${index}`,
          `deploy step ${index % 7} cache`,
        ]),
      ),
      deletions: [],
    });
    await writer.applyChanges({ upserts: [], deletions: ["page-3.md", "page-4.md"] });
    const query = { terms: ["cache", "deploy", "3"], limit: 10, fieldWeights: WEIGHTS };
    const before = await writer.searchLexical(query);
    await writer.close();

    const reader = createSqliteStore({ path, mode: "read" });
    expect(await reader.searchLexical(query)).toEqual(before);
    expect(before.length).toBe(10);
    expect(before.some((hit) => hit.chunkId.startsWith("doc:page-3.md"))).toBe(false);
    await reader.close();
  });

  it("migrates an index written with the FTS5 table: builds the postings from its chunks once", async () => {
    const path = nextPath();
    const database = new BetterSqlite3(path);
    database.transaction(() => {
      for (const migration of MIGRATIONS.filter((step) => step.version <= 4)) {
        migration.up(database);
        database.pragma(`user_version = ${migration.version}`);
      }
      database
        .prepare(
          "INSERT INTO documents (id, source, url, title, format, content_hash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          "doc:old.md",
          "old.md",
          "https://docs.example/old.md",
          "Old page",
          "markdown",
          "h",
          "2025-01-01",
        );
      database
        .prepare(
          `INSERT INTO chunks (id, document_id, ordinal, title, heading_path, anchor, url, text, content_hash, token_count)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          "doc:old.md#0",
          "doc:old.md",
          0,
          "Old page",
          '["Proxies"]',
          null,
          "u",
          "Configure proxies.",
          "c",
          2,
        );
    })();
    database.close();

    const store = createSqliteStore({ path, mode: "read" });
    const hits = await store.searchLexical({ terms: ["proxy"], limit: 5, fieldWeights: WEIGHTS });
    expect(hits.map((hit) => hit.chunkId)).toEqual(["doc:old.md#0"]);
    await store.close();
    const migrated = new BetterSqlite3(path, { readonly: true });
    expect(migrated.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    const fts = migrated.prepare("SELECT name FROM sqlite_master WHERE name = 'chunks_fts'").all();
    expect(fts).toEqual([]);
    migrated.close();
  });
});
