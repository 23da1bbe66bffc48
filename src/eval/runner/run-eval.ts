import { randomUUID } from "node:crypto";
import { GROUNDED_PROMPT_TEMPLATE, templateVersion } from "../../answer/build-grounded-prompt.ts";
import { computeCostUsd, type ModelPrice } from "../../answer/usage/price-table.ts";
import type { Config } from "../../config/schema.ts";
import type { Answer, GenerateEvent, Generator, NumberedSource, Usage } from "../../core/answer.ts";
import { describeError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import { streamAnswer } from "../../pipeline/stream-answer.ts";
import type { Judge } from "../judge/create-judge.ts";
import { defaultScorers, scoreCase } from "../scorers/score-case.ts";
import type { ScoreResult, Scorer } from "../scorers/score-result.ts";
import type { EvalCase } from "../suite/eval-case.ts";
import type { Suite } from "../suite/load-suite.ts";
import type { EvalCorpus } from "./prepare-eval-corpus.ts";
import type { AttemptResult, CaseResult, RunFile } from "./run-file.ts";
import { summarizeRun } from "./summarize-run.ts";

export interface RunEvalOptions {
  readonly suites: readonly Suite[];
  readonly corpus: EvalCorpus;
  /** The folder the corpus was copied from, as given (recorded in the run file). */
  readonly docsDir: string;
  readonly config: Config;
  readonly generator: Generator;
  /** Label of this configuration in reports; default `provider:model`. */
  readonly label?: string;
  /** Answers per case; a case passes only when all pass (pass^N). Default 1. */
  readonly repeat?: number;
  /** Cases answered at the same time. Default 1. */
  readonly concurrency?: number;
  readonly scorers?: readonly Scorer[];
  /** Optional LLM judge: its verdict is added to each case's scores (advisory; see `createJudge`). */
  readonly judge?: Judge;
  /** Price of the model (`--price`); without one, the configured price table (`answer.prices` over the built-in one) prices the answer, and zero tokens cost 0. */
  readonly price?: ModelPrice;
  readonly onProgress?: (progress: { done: number; total: number; caseId: string }) => void;
  readonly signal?: AbortSignal;
  /** Injectable for tests. */
  readonly createId?: () => string;
  readonly clock?: () => Date;
}

interface Attempt {
  readonly answer: Answer | null;
  readonly sources: readonly NumberedSource[];
  readonly usage: Usage | null;
  readonly cost: number | null;
  readonly pass: boolean;
  readonly scores: ScoreResult[];
  readonly error: string | null;
}

/**
 * Answers every case of the suites `repeat` times through the real answer pipeline (retrieval,
 * grounded prompt, generator, citation check), scores each answer and returns the run file. A
 * failing case or a provider error is recorded in its case and never stops the run.
 */
export async function runEval(options: RunEvalOptions): Promise<RunFile> {
  const clock = options.clock ?? (() => new Date());
  const started = clock();
  const repeat = Math.max(1, options.repeat ?? 1);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const scorers = options.scorers ?? defaultScorers();
  const cases = options.suites.flatMap((suite) =>
    suite.cases.map((evalCase) => ({ suite: suite.name, evalCase })),
  );
  const tasks = cases.flatMap((entry, caseIndex) =>
    Array.from({ length: repeat }, (_, attempt) => ({ ...entry, caseIndex, attempt })),
  );
  const attempts: Attempt[][] = cases.map(() => []);
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (!task) break;
      const attempt = await answerCase(task.evalCase, options, scorers);
      (attempts[task.caseIndex] as Attempt[])[task.attempt] = attempt;
      done += 1;
      options.onProgress?.({ done, total: tasks.length, caseId: task.evalCase.id });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, tasks.length)) }, worker));

  const results = cases.map(({ suite, evalCase }, index) =>
    toCaseResult(suite, evalCase, attempts[index] ?? []),
  );
  const config = options.config;
  return {
    format: "docent-eval-run",
    formatVersion: 1,
    id: options.createId?.() ?? randomUUID(),
    startedAt: started.toISOString(),
    durationMs: clock().getTime() - started.getTime(),
    label: options.label ?? `${options.generator.provider}:${options.generator.modelId}`,
    suites: options.suites.map((suite) => ({
      file: suite.file,
      name: suite.name,
      hash: suite.hash,
      cases: suite.cases.length,
    })),
    suiteHash: sha256(options.suites.map((suite) => suite.hash).join("\n")),
    corpus: {
      dir: options.docsDir,
      hash: options.corpus.hash,
      version: options.corpus.version,
      documents: options.corpus.documents,
      chunks: options.corpus.chunks,
      planted: options.corpus.planted,
    },
    promptVersion: templateVersion(GROUNDED_PROMPT_TEMPLATE),
    provider: options.generator.provider,
    model: options.generator.modelId,
    retrieval: { ...config.retrieval },
    answerSettings: { ...config.answer },
    chunkSettings: { ...config.chunk },
    repeat,
    concurrency,
    judge: options.judge
      ? {
          provider: options.judge.provider,
          model: options.judge.modelId,
          rubricVersion: options.judge.rubricVersion,
        }
      : null,
    summary: summarizeRun(results),
    cases: results,
  };
}

/** Wraps a generator to capture the usage it reports. */
function capturingUsage(generator: Generator, onUsage: (usage: Usage) => void): Generator {
  return {
    provider: generator.provider,
    modelId: generator.modelId,
    async *generate(prompt, callOptions) {
      for await (const event of generator.generate(prompt, callOptions) as AsyncIterable<GenerateEvent>) {
        if (event.type === "usage") onUsage(event.usage);
        yield event;
      }
    },
  };
}

async function answerCase(
  evalCase: EvalCase,
  options: RunEvalOptions,
  scorers: readonly Scorer[],
): Promise<Attempt> {
  let usage: Usage | null = null;
  let sources: NumberedSource[] = [];
  try {
    let answer: Answer | null = null;
    const events = streamAnswer({
      store: options.corpus.store,
      generator: capturingUsage(options.generator, (reported) => {
        usage = reported;
      }),
      question: evalCase.question,
      config: options.config,
      signal: options.signal,
    });
    for await (const event of events) {
      if (event.type === "retrieval-done") {
        sources = event.retrieved.map((item, index) => ({ n: index + 1, chunk: item.chunk }));
      } else if (event.type === "finish") answer = event.answer;
      else if (event.type === "error") throw event.error;
    }
    if (answer === null) throw new Error("the answer stream ended without an answer");
    // An answer refused before the generator ran (a request for other users' data) reports its usage only on the answer.
    if (usage === null) {
      const { inputTokens, cachedInputTokens, outputTokens, estimated } = (answer as Answer).usage;
      usage = { inputTokens, cachedInputTokens, outputTokens, estimated };
    }
    // --price wins; else zero tokens cost 0, else the price table's cost the pipeline computed (null when unknown).
    const cost =
      options.price !== undefined
        ? costOf(usage, options.price)
        : (costOf(usage, undefined) ?? answer.usage.costUsd);
    const { pass, scores } = scoreCase({ evalCase, answer, sources, usage, costUsd: cost }, scorers);
    if (options.judge)
      scores.push(await options.judge.score({ evalCase, answer, sources }, { signal: options.signal }));
    return { answer, sources, usage, cost, pass, scores, error: null };
  } catch (error) {
    const message = describeError(error);
    return {
      answer: null,
      sources,
      usage,
      cost: costOf(usage, options.price),
      pass: false,
      scores: [{ name: "error", pass: false, score: 0, reason: `the answer failed: ${message}` }],
      error: message,
    };
  }
}

/** The cost of an answer at the `--price` given; without one, 0 for no tokens and null (unknown) otherwise. */
function costOf(usage: Usage | null, price: ModelPrice | undefined): number | null {
  if (usage === null) return price ? 0 : null;
  if (!price) return usage.inputTokens + usage.outputTokens + usage.cachedInputTokens === 0 ? 0 : null;
  return computeCostUsd(usage, PRICE_FLAG, { [PRICE_FLAG]: price });
}

/** The name `--price` is looked up under in its one-entry price table. */
const PRICE_FLAG = "--price";

function toCaseResult(suite: string, evalCase: EvalCase, attempts: readonly Attempt[]): CaseResult {
  const reported = attempts.find((attempt) => !attempt.pass) ?? attempts[0];
  const passCount = attempts.filter((attempt) => attempt.pass).length;
  const metricSums = new Map<string, { sum: number; count: number }>();
  for (const attempt of attempts) {
    for (const score of attempt.scores) {
      const entry = metricSums.get(score.name) ?? { sum: 0, count: 0 };
      entry.sum += score.score;
      entry.count += 1;
      metricSums.set(score.name, entry);
    }
  }
  const answer = reported?.answer ?? null;
  const costs = attempts.map((attempt) => attempt.cost);
  return {
    id: evalCase.id,
    kind: evalCase.kind,
    suite,
    question: evalCase.question,
    tags: evalCase.tags,
    requiredSourceUrls: evalCase.requiredSourceUrls,
    pass: attempts.length > 0 && passCount === attempts.length,
    passCount,
    flaky: passCount > 0 && passCount < attempts.length,
    scores: reported?.scores ?? [],
    metrics: Object.fromEntries([...metricSums].map(([name, { sum, count }]) => [name, sum / count])),
    answer: answer?.answer ?? "",
    refused: answer?.refused ?? false,
    citations: answer?.citations ?? [],
    retrieved: (answer?.retrieved ?? []).map(({ url, title, score }) => ({ url, title, score })),
    timings: answer?.timings ?? { retrieveMs: 0, generateMs: 0, totalMs: 0 },
    usage: reported?.usage ?? null,
    cost: costs.some((cost) => cost === null)
      ? null
      : costs.reduce<number>((sum, cost) => sum + (cost ?? 0), 0),
    error: reported?.error ?? null,
    attempts: attempts.map(
      (attempt): AttemptResult => ({
        pass: attempt.pass,
        totalMs: attempt.answer?.timings.totalMs ?? 0,
        error: attempt.error,
      }),
    ),
  };
}
