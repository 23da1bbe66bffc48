/**
 * Calibrates `answer.refusalThreshold` on labelled questions.
 *
 *   node bench/calibrate-refusal.ts [--docs <folder>] [--questions <file.jsonl>] [--set key=value]... [--verbose]
 *
 * Ingests the docs folder into a temporary SQLite index, runs every question through `retrieve`
 * (configuration defaults) and `scoreEvidence`, then prints the threshold table and the chosen
 * threshold (maximum balanced accuracy; ties go to fewer false answers). Defaults: the FastAPI
 * docs from the shared datasets and `eval/calibration/fastapi-questions.jsonl`.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildGroundedPrompt } from "../src/answer/build-grounded-prompt.ts";
import { calibrateThreshold } from "../src/answer/calibrate-threshold.ts";
import { scoreEvidence } from "../src/answer/score-evidence.ts";
import { loadConfig, parseSetting } from "../src/config/index.ts";
import { ingestFolders } from "../src/pipeline/ingest-folders.ts";
import { retrieve } from "../src/retrieve/retrieve.ts";
import { createSqliteStore } from "../src/store/sqlite/create-sqlite-store.ts";
import { datasetsRoot, REPOSITORY_ROOT } from "../test/helpers/datasets.ts";

interface LabelledQuestion {
  readonly id: string;
  readonly question: string;
  readonly answerable: boolean;
  readonly source?: string;
  readonly kind?: string;
}

const { values } = parseArgs({
  options: {
    docs: { type: "string", default: join(datasetsRoot(), "fastapi-docs", "docs") },
    questions: {
      type: "string",
      default: join(REPOSITORY_ROOT, "eval", "calibration", "fastapi-questions.jsonl"),
    },
    set: { type: "string", multiple: true, default: [] },
    verbose: { type: "boolean", default: false },
  },
});

const { config } = loadConfig({ cwd: process.cwd(), overrides: values.set.map(parseSetting) });
const questions: LabelledQuestion[] = readFileSync(resolve(values.questions), "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as LabelledQuestion);

const folder = mkdtempSync(join(tmpdir(), "docent-calibrate-"));
const store = createSqliteStore({ path: join(folder, "index.db"), mode: "write" });
try {
  const ingest = await ingestFolders({ store, paths: [resolve(values.docs)], config, cwd: process.cwd() });
  console.log(
    `Indexed ${ingest.chunks} chunks from ${values.docs}; ${questions.length} questions, topK ${config.retrieval.topK}.`,
  );

  const samples: Array<{ evidence: number; answerable: boolean }> = [];
  const rows: Array<{ question: LabelledQuestion; evidence: number; sourceHit: boolean; missing: string }> =
    [];
  for (const question of questions) {
    const retrieved = await retrieve(store, question.question, config.retrieval);
    const prompt = buildGroundedPrompt(question.question, retrieved);
    const report = scoreEvidence(question.question, prompt.sources, {
      maxSentences: config.answer.maxSentences,
    });
    samples.push({ evidence: report.evidence, answerable: question.answerable });
    const expected = question.source;
    const sourceHit =
      expected !== undefined &&
      retrieved.some((item) => item.chunk.url.includes(expected.replace(/\.md$/u, "")));
    const missing = report.terms
      .filter((term) => term.coverage === 0)
      .map((term) => term.word)
      .join(" ");
    rows.push({ question, evidence: report.evidence, sourceHit, missing });
  }

  if (values.verbose) {
    for (const row of [...rows].sort((a, b) => a.evidence - b.evidence)) {
      const label = row.question.answerable
        ? `answerable${row.sourceHit ? "" : " (page not retrieved)"}`
        : row.question.kind;
      console.log(
        `${row.evidence.toFixed(3)}  ${label?.padEnd(32)} ${row.question.question}  [missing: ${row.missing}]`,
      );
    }
  }

  const result = calibrateThreshold(samples);
  console.log("\nthreshold  balanced-acc  accuracy  false-refusal  false-answer");
  for (const row of result.table) {
    const mark = row.threshold === result.threshold ? "  <- chosen" : "";
    console.log(
      `${row.threshold.toFixed(3).padStart(9)}  ${row.balancedAccuracy.toFixed(3).padStart(12)}  ${row.accuracy.toFixed(3).padStart(8)}  ${row.falseRefusalRate.toFixed(3).padStart(13)}  ${row.falseAnswerRate.toFixed(3).padStart(12)}${mark}`,
    );
  }
  const byKind = (kind: string) =>
    rows.filter((row) => !row.question.answerable && row.question.kind === kind);
  const answeredShare = (list: typeof rows) =>
    list.length === 0 ? 0 : list.filter((row) => row.evidence >= result.threshold).length / list.length;
  const answerable = rows.filter((row) => row.question.answerable);
  console.log(
    `\nChosen refusalThreshold ${result.threshold.toFixed(3)}: balanced accuracy ${result.balancedAccuracy.toFixed(3)}, ` +
      `accuracy ${result.accuracy.toFixed(3)}, false refusals ${(100 * result.falseRefusalRate).toFixed(1)}% ` +
      `of ${answerable.length} answerable, false answers ${(100 * result.falseAnswerRate).toFixed(1)}% of ` +
      `${rows.length - answerable.length} unanswerable (off-topic answered ${(100 * answeredShare(byKind("off-topic"))).toFixed(1)}%, ` +
      `near-miss answered ${(100 * answeredShare(byKind("near-miss"))).toFixed(1)}%).`,
  );
  console.log(
    `Expected page among the retrieved sources for ${answerable.filter((row) => row.sourceHit).length} of ${answerable.length} answerable questions.`,
  );
} finally {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
}
