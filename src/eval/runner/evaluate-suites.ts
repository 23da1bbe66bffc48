import type { Config } from "../../config/schema.ts";
import type { Generator } from "../../core/answer.ts";
import type { Judge } from "../judge/create-judge.ts";
import type { Scorer } from "../scorers/score-result.ts";
import type { Suite } from "../suite/load-suite.ts";
import { prepareEvalCorpus } from "./prepare-eval-corpus.ts";
import { type ModelPrice, runEval } from "./run-eval.ts";
import type { RunFile } from "./run-file.ts";

export interface EvaluateSuitesOptions {
  readonly suites: readonly Suite[];
  /** The docs folder to copy and index (planted pages of the suites are added to the copy). */
  readonly docsDir: string;
  /** How the docs folder is recorded in the run file (e.g. as given on the command line). */
  readonly docsLabel?: string;
  readonly config: Config;
  readonly generator: Generator;
  readonly label?: string;
  readonly repeat?: number;
  readonly concurrency?: number;
  readonly scorers?: readonly Scorer[];
  readonly judge?: Judge;
  readonly price?: ModelPrice;
  readonly onProgress?: (progress: { done: number; total: number; caseId: string }) => void;
  readonly signal?: AbortSignal;
}

/** Builds the run's own corpus (docs copy + planted pages, fresh index), runs the suites on it, and cleans up. */
export async function evaluateSuites(options: EvaluateSuitesOptions): Promise<RunFile> {
  const corpus = await prepareEvalCorpus({
    docsDir: options.docsDir,
    plantDirs: [...new Set(options.suites.flatMap((suite) => suite.plant))],
    config: options.config,
    signal: options.signal,
  });
  try {
    return await runEval({ ...options, corpus, docsDir: options.docsLabel ?? options.docsDir });
  } finally {
    await corpus.close();
  }
}
