/** @module observe: the quality log (answers with traces, feedback, retention) and Prometheus metrics. */
export { createMetrics, type DocentMetrics } from "./create-metrics.ts";
export { createSqliteQualityLog } from "./create-sqlite-quality-log.ts";
export type {
  AnswerRecord,
  AnswerWithFeedback,
  DailyStats,
  FeedbackRecord,
  QualityLog,
  TopicGap,
} from "./quality-log.ts";
export {
  migrateQualityLog,
  QUALITY_LOG_MIGRATIONS,
  QUALITY_LOG_SCHEMA_VERSION,
  type QualityLogMigration,
} from "./quality-log-migrations.ts";
