import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { describeStoreContract, documentWrite } from "../../../test/store/store-contract.ts";
import { isDocentError } from "../../core/errors.ts";
import { createSqliteStore } from "./create-sqlite-store.ts";
import { SCHEMA_VERSION } from "./migrations.ts";

const folder = mkdtempSync(join(tmpdir(), "docent-sqlite-store-"));
let counter = 0;
const nextPath = () => join(folder, `index-${++counter}`, "index.db");

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describeStoreContract("sqlite", async () => createSqliteStore({ path: nextPath(), mode: "write" }));

describe("createSqliteStore", () => {
  it("refuses to open a missing file in read mode, saying how to build one", () => {
    const path = join(folder, "missing", "index.db");
    expect(() => createSqliteStore({ path, mode: "read" })).toThrow(
      expect.objectContaining({ code: "INDEX_MISSING", message: expect.stringContaining("docent ingest") }),
    );
  });

  it("creates parent folders in write mode and keeps data after close and reopen", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write", now: () => new Date("2025-01-02T03:04:05Z") });
    const write = documentWrite("a.md", ["persistent words"]);
    await writer.applyChanges({ upserts: [write], deletions: [] });
    await writer.close();

    const reader = createSqliteStore({ path, mode: "read" });
    expect(reader.kind).toBe("sqlite");
    expect(reader.location).toBe(path);
    expect(await reader.stats()).toEqual({ documents: 1, chunks: 1, corpusVersion: 1 });
    expect(await reader.getChunks([write.chunks[0]?.id ?? ""])).toEqual(write.chunks);
    expect((await reader.listDocuments())[0]?.ingestedAt).toBe("2025-01-02T03:04:05.000Z");
    const hits = await reader.searchLexical({
      terms: ["persistent"],
      limit: 5,
      fieldWeights: { title: 1, headings: 1, body: 1 },
    });
    expect(hits.map((hit) => hit.chunkId)).toEqual([write.chunks[0]?.id]);
    await expect(reader.applyChanges({ upserts: [], deletions: [] })).rejects.toThrow(/read-only/);
    await reader.close();
  });

  it("uses a WAL journal and records the schema version", async () => {
    const path = nextPath();
    await createSqliteStore({ path, mode: "write" }).close();
    const database = new BetterSqlite3(path, { readonly: true });
    expect(database.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(database.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    database.close();
  });

  it("refuses a file written by a newer schema, in both modes", async () => {
    const path = nextPath();
    await createSqliteStore({ path, mode: "write" }).close();
    const database = new BetterSqlite3(path);
    database.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    database.close();
    for (const mode of ["read", "write"] as const) {
      let caught: unknown;
      try {
        createSqliteStore({ path, mode });
      } catch (error) {
        caught = error;
      }
      expect(isDocentError(caught, "INDEX_INCOMPATIBLE")).toBe(true);
      expect((caught as Error).message).toMatch(/schema version \d+.*upgrade Docent/);
    }
  });

  it("refuses a file that is not a SQLite database", () => {
    const path = join(folder, "not-a-database.db");
    writeFileSync(path, "this is plain text, not SQLite ".repeat(100));
    expect(() => createSqliteStore({ path, mode: "read" })).toThrow(
      expect.objectContaining({ code: "INDEX_INCOMPATIBLE" }),
    );
  });

  it("migrates an empty file opened in read mode instead of failing on missing tables", async () => {
    const path = join(folder, "empty.db");
    writeFileSync(path, "");
    const store = createSqliteStore({ path, mode: "read" });
    expect(await store.stats()).toEqual({ documents: 0, chunks: 0, corpusVersion: 0 });
    await store.close();
  });

  it("sees writes made by another connection to the same file", async () => {
    const path = nextPath();
    const writer = createSqliteStore({ path, mode: "write" });
    await writer.applyChanges({ upserts: [], deletions: [] });
    const reader = createSqliteStore({ path, mode: "read" });
    await writer.applyChanges({ upserts: [documentWrite("a.md", ["fresh"])], deletions: [] });
    expect(await reader.stats()).toEqual({ documents: 1, chunks: 1, corpusVersion: 2 });
    await reader.close();
    await writer.close();
  });
});
