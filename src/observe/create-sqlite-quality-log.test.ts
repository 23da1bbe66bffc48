import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { createSqliteStore } from "../store/sqlite/create-sqlite-store.ts";
import { createSqliteQualityLog } from "./create-sqlite-quality-log.ts";
import type { AnswerRecord } from "./quality-log.ts";

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
  outputTokens: null,
  costUsd: 0.01,
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
