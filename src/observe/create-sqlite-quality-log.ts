import BetterSqlite3 from "better-sqlite3";
import { percentile } from "../core/percentile.ts";
import type {
  AnswerRecord,
  AnswerWithFeedback,
  DailyStats,
  FeedbackRecord,
  QualityLog,
  TopicGap,
} from "./quality-log.ts";
import { migrateQualityLog } from "./quality-log-migrations.ts";

interface AnswerRow {
  id: string;
  created_at: string;
  question: string;
  answer: string;
  refused: number;
  refusal_reason: string | null;
  user_hash: string | null;
  conversation_id: string | null;
  provider: string;
  model: string;
  prompt_version: string | null;
  corpus_version: number;
  retrieve_ms: number | null;
  generate_ms: number | null;
  total_ms: number;
  input_tokens: number | null;
  cached_input_tokens: number | null;
  cache_write_input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  truncated: number;
  attempts: string;
  error: string | null;
  retrieved_ids: string;
  cited_ids: string;
  top_source_title: string | null;
}

interface FeedbackRow {
  answer_id: string;
  created_at: string;
  rating: "up" | "down";
  comment: string | null;
  user_hash: string | null;
}

function toRecord(row: AnswerRow): AnswerRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    question: row.question,
    answer: row.answer,
    refused: row.refused === 1,
    refusalReason: row.refusal_reason,
    userHash: row.user_hash,
    conversationId: row.conversation_id,
    provider: row.provider,
    model: row.model,
    promptVersion: row.prompt_version,
    corpusVersion: row.corpus_version,
    timings: { retrieveMs: row.retrieve_ms, generateMs: row.generate_ms, totalMs: row.total_ms },
    inputTokens: row.input_tokens,
    cachedInputTokens: row.cached_input_tokens,
    cacheWriteInputTokens: row.cache_write_input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    truncated: row.truncated === 1,
    attempts: JSON.parse(row.attempts) as AnswerRecord["attempts"],
    error: row.error,
    retrievedIds: JSON.parse(row.retrieved_ids) as string[],
    citedIds: JSON.parse(row.cited_ids) as string[],
    topSourceTitle: row.top_source_title,
  };
}

function toFeedback(row: FeedbackRow): FeedbackRecord {
  return {
    answerId: row.answer_id,
    createdAt: row.created_at,
    rating: row.rating,
    comment: row.comment,
    userHash: row.user_hash,
  };
}

/**
 * The quality log in the index's SQLite file (tables `quality_answers`, `quality_feedback`,
 * created or brought up to date on open by `migrateQualityLog`, with their own version table).
 * Opens its own writable connection, so the index itself can stay read-only for the server.
 *
 * @param path - the index file; it must exist (write it with `docent ingest` first).
 */
export function createSqliteQualityLog(path: string): QualityLog {
  const database = new BetterSqlite3(path, { fileMustExist: true });
  database.pragma("journal_mode = WAL");
  database.pragma("busy_timeout = 5000");
  migrateQualityLog(database, path);
  const insertAnswer = database.prepare(`
    INSERT INTO quality_answers (id, created_at, question, answer, refused, refusal_reason, user_hash,
      conversation_id, provider, model, prompt_version, corpus_version, retrieve_ms, generate_ms, total_ms,
      input_tokens, output_tokens, cost_usd, error, retrieved_ids, cited_ids, top_source_title,
      cached_input_tokens, cache_write_input_tokens, truncated, attempts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const answerExists = database.prepare("SELECT 1 FROM quality_answers WHERE id = ?");
  const insertFeedback = database.prepare(
    "INSERT INTO quality_feedback (answer_id, created_at, rating, comment, user_hash) VALUES (?, ?, ?, ?, ?)",
  );
  const feedbackFor = database.prepare(
    "SELECT answer_id, created_at, rating, comment, user_hash FROM quality_feedback WHERE answer_id = ? ORDER BY id",
  );
  const recentRows = database.prepare("SELECT * FROM quality_answers ORDER BY created_at DESC LIMIT ?");
  const answerById = database.prepare("SELECT * FROM quality_answers WHERE id = ?");
  const dailyRows = database.prepare(
    "SELECT substr(created_at, 1, 10) AS day, total_ms, refused, error, cost_usd FROM quality_answers WHERE created_at >= ? ORDER BY created_at",
  );
  const withFeedback = (row: AnswerRow): AnswerWithFeedback => ({
    ...toRecord(row),
    feedback: (feedbackFor.all(row.id) as FeedbackRow[]).map(toFeedback),
  });

  return {
    kind: "sqlite",
    async recordAnswer(record) {
      insertAnswer.run(
        record.id,
        record.createdAt,
        record.question,
        record.answer,
        record.refused ? 1 : 0,
        record.refusalReason,
        record.userHash,
        record.conversationId,
        record.provider,
        record.model,
        record.promptVersion,
        record.corpusVersion,
        record.timings.retrieveMs,
        record.timings.generateMs,
        record.timings.totalMs,
        record.inputTokens,
        record.outputTokens,
        record.costUsd,
        record.error,
        JSON.stringify(record.retrievedIds),
        JSON.stringify(record.citedIds),
        record.topSourceTitle,
        record.cachedInputTokens,
        record.cacheWriteInputTokens,
        record.truncated ? 1 : 0,
        JSON.stringify(record.attempts),
      );
    },
    async recordFeedback(record) {
      if (!answerExists.get(record.answerId)) return false;
      insertFeedback.run(record.answerId, record.createdAt, record.rating, record.comment, record.userHash);
      return true;
    },
    async recentAnswers({ limit }) {
      const rows = recentRows.all(limit) as AnswerRow[];
      return rows.map(withFeedback);
    },
    async getAnswer(id) {
      const row = answerById.get(id) as AnswerRow | undefined;
      return row ? withFeedback(row) : null;
    },
    async gaps({ since, limit }) {
      const rows = database
        .prepare(`
          SELECT a.id, a.question, a.refused, a.top_source_title,
            EXISTS (SELECT 1 FROM quality_feedback f WHERE f.answer_id = a.id AND f.rating = 'down') AS down_rated
          FROM quality_answers a
          WHERE a.created_at >= ? AND (a.refused = 1
            OR EXISTS (SELECT 1 FROM quality_feedback f WHERE f.answer_id = a.id AND f.rating = 'down'))
          ORDER BY a.created_at DESC`)
        .all(since) as Array<{
        id: string;
        question: string;
        refused: number;
        top_source_title: string | null;
        down_rated: number;
      }>;
      const byTopic = new Map<
        string,
        { refused: number; downRated: number; examples: TopicGap["examples"][number][] }
      >();
      for (const row of rows) {
        const topic = row.top_source_title ?? "(no matching page)";
        const gap = byTopic.get(topic) ?? { refused: 0, downRated: 0, examples: [] };
        gap.refused += row.refused;
        gap.downRated += row.down_rated;
        if (gap.examples.length < 5) gap.examples.push({ answerId: row.id, question: row.question });
        byTopic.set(topic, gap);
      }
      return [...byTopic.entries()]
        .map(([topic, gap]) => ({ topic, ...gap }))
        .sort((a, b) => b.refused + b.downRated - (a.refused + a.downRated) || a.topic.localeCompare(b.topic))
        .slice(0, limit);
    },
    async dailyStats({ since }) {
      const rows = dailyRows.all(since) as Array<{
        day: string;
        total_ms: number;
        refused: number;
        error: string | null;
        cost_usd: number | null;
      }>;
      const days = new Map<string, typeof rows>();
      for (const row of rows) {
        const list = days.get(row.day);
        if (list) list.push(row);
        else days.set(row.day, [row]);
      }
      return [...days.entries()].map(([day, list]): DailyStats => {
        const latencies = list.map((row) => row.total_ms);
        return {
          day,
          answers: list.length,
          errors: list.filter((row) => row.error !== null).length,
          refusals: list.filter((row) => row.refused === 1).length,
          costUsd: list.reduce((sum, row) => sum + (row.cost_usd ?? 0), 0),
          latencyP50Ms: percentile(latencies, 50),
          latencyP95Ms: percentile(latencies, 95),
          latencyP99Ms: percentile(latencies, 99),
        };
      });
    },
    async deleteOlderThan(before) {
      return database.transaction(() => {
        const feedback = database
          .prepare(
            "DELETE FROM quality_feedback WHERE created_at < ? OR answer_id IN (SELECT id FROM quality_answers WHERE created_at < ?)",
          )
          .run(before, before).changes;
        const answers = database
          .prepare("DELETE FROM quality_answers WHERE created_at < ?")
          .run(before).changes;
        return feedback + answers;
      })();
    },
    async close() {
      database.close();
    },
  };
}
