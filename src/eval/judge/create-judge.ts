import type { Generator } from "../../core/answer.ts";
import { DocentError, describeError } from "../../core/errors.ts";
import { sha256 } from "../../core/hash.ts";
import type { ScoreResult } from "../scorers/score-result.ts";
import { buildJudgePrompt, type JudgeInput } from "./build-judge-prompt.ts";
import type { JudgeCache } from "./judge-cache.ts";
import { type JudgeVerdict, parseJudgeReply } from "./parse-judge-reply.ts";

/** An LLM judge of answers, scoring by a written rubric. */
export interface Judge {
  readonly provider: string;
  readonly modelId: string;
  /** The rubric's hash (recorded in the run file). */
  readonly rubricVersion: string;
  /** The verdict on one answer as a `judge` score (see {@link judgeScore}); never throws. */
  score(input: JudgeInput, options?: { signal?: AbortSignal }): Promise<ScoreResult>;
}

export interface CreateJudgeOptions {
  /** The judge model, any {@link Generator} on an LLM provider (usually `createGenerator`). */
  readonly generator: Generator;
  /** The rubric text (the system message), e.g. `eval/judge/rubric.md`. */
  readonly rubric: string;
  /** The model under test: the judge refuses to be the same provider and model. */
  readonly underTest: { readonly provider: string; readonly modelId: string };
  /** Where verdicts are cached by input hash; no cache when absent. */
  readonly cache?: JudgeCache;
  /** Most output tokens of one verdict. Default 300. */
  readonly maxOutputTokens?: number;
}

/**
 * The judge's verdict as a score: `score` is the judge's probability that the answer passes
 * (its confidence for a pass, one minus it for a fail), so 0.4-0.6 marks an uncertain verdict
 * that `buildReviewQueue` sends to a human. The verdict is advisory: it is recorded with the case
 * and compared with the deterministic scorers, but does not change the case's pass.
 */
export function judgeScore(verdict: JudgeVerdict, cached: boolean): ScoreResult {
  return {
    name: "judge",
    pass: verdict.pass,
    score: verdict.pass ? verdict.confidence : 1 - verdict.confidence,
    reason: `${verdict.pass ? "pass" : "fail"} (confidence ${verdict.confidence.toFixed(2)}${cached ? ", cached" : ""}): ${verdict.reason}`,
  };
}

/**
 * Builds the optional LLM judge. It refuses (`CONFIG_INVALID`) to judge a model with itself
 * (same provider and model as the model under test) or to use the extractive answerer, which
 * cannot read a rubric. Each verdict is cached under sha256 of the judge's provider, model and
 * whole prompt (rubric, case, sources, answer); a cached verdict costs no call. A provider error
 * or an unreadable reply becomes an uncertain verdict (queued for review), never a failed run.
 */
export function createJudge(options: CreateJudgeOptions): Judge {
  const { generator, rubric, underTest, cache } = options;
  if (generator.provider === "extractive") {
    throw new DocentError(
      "CONFIG_INVALID",
      "The judge must be an LLM provider (--judge openai:<model>, anthropic:<model> or openai-compatible:<model>), not extractive",
    );
  }
  if (generator.provider === underTest.provider && generator.modelId === underTest.modelId) {
    throw new DocentError(
      "CONFIG_INVALID",
      `The judge ${generator.provider}:${generator.modelId} is the model under test: a model grading its own answers is biased; pick another judge model with --judge`,
      { details: { judge: `${generator.provider}:${generator.modelId}` } },
    );
  }
  const rubricVersion = sha256(rubric).slice(0, 12);
  return {
    provider: generator.provider,
    modelId: generator.modelId,
    rubricVersion,
    async score(input, callOptions = {}) {
      const prompt = buildJudgePrompt(input, rubric);
      const key = sha256([generator.provider, generator.modelId, prompt.system, prompt.user].join("\u0000"));
      const hit = cache?.get(key);
      if (hit) return judgeScore(hit, true);
      let text = "";
      try {
        for await (const event of generator.generate(prompt, {
          signal: callOptions.signal,
          maxOutputTokens: options.maxOutputTokens ?? 300,
        })) {
          if (event.type === "text-delta") text += event.text;
          else if (event.type === "error") throw event.error;
        }
      } catch (error) {
        return {
          name: "judge",
          pass: false,
          score: 0.5,
          reason: `the judge failed, so a person should decide: ${describeError(error)}`,
        };
      }
      const verdict = parseJudgeReply(text);
      // An unreadable reply is not cached: the next run asks again.
      if (!verdict.reason.startsWith("unreadable judge reply")) cache?.set(key, verdict);
      return judgeScore(verdict, false);
    },
  };
}
