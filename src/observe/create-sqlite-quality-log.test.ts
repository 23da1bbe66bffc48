import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import { createSqliteQualityLog } from "./create-sqlite-quality-log.ts";
import type { AnswerRecord } from "./quality-log.ts";
import { QUALITY_LOG_MIGRATIONS, QUALITY_LOG_SCHEMA_VERSION } from "./quality-log-migrations.ts";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const record = (id: string, createdAt: string, refused: boolean): AnswerRecord => ({
  id,
  createdAt,
  question: `question ${id}`,
  answer: "answer",
  refused,
  refusalReason: refused ? "no evidence" : null,
  userHash: null,
  conversationId: null,
  provider: "extractive",
  model: "extractive-v1",
  promptVersion: null,
  corpusVersion: 1,
  timings: { retrieveMs: 1, generateMs: 2, totalMs: id === "new" ? 30 : 10 },
  inputTokens: null,
  cachedInputTokens: null,
  cacheWriteInputTokens: null,
  outputTokens: null,
  costUsd: 0.01,
  truncated: false,
  attempts: [],
  error: null,
  retrievedIds: ["c1"],
  citedIds: refused ? [] : ["c1"],
  topSourceTitle: "Configuration",
});

it("joins feedback, groups gaps by topic, and deletes rows past retention", async () => {
  const folder = mkdtempSync(join(tmpdir(), "docent-quality-"));
  folders.push(folder);
  const path = join(folder, "index.db");
  await createSqliteStore({ path, mode: "write" }).close();
  const log = createSqliteQualityLog(path);
  await log.recordAnswer(record("old", "2026-01-01T10:00:00.000Z", true));
  await log.recordAnswer(record("new", "2026-03-01T10:00:00.000Z", false));
  expect(
    await log.recordFeedback({
      answerId: "old",
      rating: "down",
      comment: null,
      userHash: null,
      createdAt: "2026-01-01T11:00:00.000Z",
    }),
  ).toBe(true);
  expect(
    await log.recordFeedback({
      answerId: "missing",
      rating: "up",
      comment: null,
      userHash: null,
      createdAt: "2026-01-01T11:00:00.000Z",
    }),
  ).toBe(false);

  expect((await log.getAnswer("old"))?.feedback.map((item) => item.rating)).toEqual(["down"]);
  expect(await log.gaps({ since: "2025-12-01T00:00:00.000Z", limit: 10 })).toEqual([
    {
      topic: "Configuration",
      refused: 1,
      downRated: 1,
      examples: [{ answerId: "old", question: "question old" }],
    },
  ]);
  const days = await log.dailyStats({ since: "2025-12-01T00:00:00.000Z" });
  expect(days.map((day) => [day.day, day.answers, day.refusals, day.latencyP50Ms])).toEqual([
    ["2026-01-01", 1, 1, 10],
    ["2026-03-01", 1, 0, 30],
  ]);

  expect(await log.deleteOlderThan("2026-02-01T00:00:00.000Z")).toBe(2);
  expect(await log.getAnswer("old")).toBeNull();
  expect((await log.recentAnswers({ limit: 10 })).map((answer) => answer.id)).toEqual(["new"]);
  await log.close();
});

function newIndex(): string {
  const folder = mkdtempSync(join(tmpdir(), "docent-quality-"));
  folders.push(folder);
  return join(folder, "index.db");
}

const tables = (path: string) => {
  const database = new BetterSqlite3(path, { readonly: true });
  const names = (
    database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{
      name: string;
    }>
  ).map((row) => row.name);
  database.close();
  return names;
};

it("owns its tables: the store creates none, the log creates them on open with their own version", async () => {
  const path = newIndex();
  await createSqliteStore({ path, mode: "write" }).close();
  expect(tables(path).filter((name) => name.startsWith("quality_"))).toEqual([]);
  const log = createSqliteQualityLog(path);
  await log.recordAnswer({
    ...record("a", "2026-03-01T10:00:00.000Z", false),
    inputTokens: 1000,
    cachedInputTokens: 200,
    cacheWriteInputTokens: 300,
    truncated: true,
    attempts: [{ provider: "anthropic", model: "claude-sonnet-4-5", action: "fallback", error: "HTTP 529" }],
  });
  expect(await log.getAnswer("a")).toMatchObject({
    cachedInputTokens: 200,
    cacheWriteInputTokens: 300,
    truncated: true,
    attempts: [{ provider: "anthropic", action: "fallback", error: "HTTP 529" }],
  });
  await log.close();
  expect(tables(path)).toEqual(
    expect.arrayContaining(["quality_answers", "quality_feedback", "quality_log_schema"]),
  );
  // Opening again applies nothing twice.
  await createSqliteQualityLog(path).close();
});

it("adopts the tables an older index got from the store's migration 2, keeping their rows", async () => {
  const path = newIndex();
  await createSqliteStore({ path, mode: "write" }).close();
  // What index files written before the split hold: version-1 tables and a row, no version table.
  const database = new BetterSqlite3(path);
  QUALITY_LOG_MIGRATIONS[0]?.up(database);
  database
    .prepare(
      `INSERT INTO quality_answers (id, created_at, question, answer, refused, provider, model, corpus_version,
        total_ms, retrieved_ids, cited_ids) VALUES ('old', '2026-01-01T00:00:00.000Z', 'q', 'a', 0, 'extractive',
        'extractive-v1', 1, 12, '[]', '[]')`,
    )
    .run();
  database.close();
  const log = createSqliteQualityLog(path);
  expect(await log.getAnswer("old")).toMatchObject({
    question: "q",
    truncated: false,
    attempts: [],
    cachedInputTokens: null,
  });
  await log.close();
});

it("refuses a quality log written by a newer Docent", async () => {
  const path = newIndex();
  await createSqliteStore({ path, mode: "write" }).close();
  await createSqliteQualityLog(path).close();
  const database = new BetterSqlite3(path);
  database.prepare("UPDATE quality_log_schema SET version = ?").run(QUALITY_LOG_SCHEMA_VERSION + 1);
  database.close();
  expect(() => createSqliteQualityLog(path)).toThrow(
    /quality log in .* has schema version \d+, but this Docent reads up to/,
  );
});
