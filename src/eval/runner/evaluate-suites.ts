import { prepareEvalCorpus } from "./prepare-eval-corpus.ts";
import { type RunEvalOptions, runEval } from "./run-eval.ts";
import type { RunFile } from "./run-file.ts";

/** The options of `runEval`, with a docs folder to build the corpus from in place of a corpus. */
export interface EvaluateSuitesOptions extends Omit<RunEvalOptions, "corpus" | "docsDir"> {
  /** The docs folder to copy and index (planted pages of the suites are added to the copy). */
  readonly docsDir: string;
  /** How the docs folder is recorded in the run file (e.g. as given on the command line). */
  readonly docsLabel?: string;
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
