import type { CaseResult } from "../runner/run-file.ts";

/** Why a case needs a person's verdict. */
export type ReviewReason = "scorers-disagree" | "judge-disagrees" | "judge-uncertain" | "flaky" | "marked";

export interface ReviewItem {
  readonly result: CaseResult;
  readonly reasons: readonly ReviewReason[];
}

/**
 * The cases a person should look at:
 *
 * - `scorers-disagree`: exactly one content scorer failed while the others passed (a narrow
 *   failure: one scorer's opinion decides the verdict, so a person should confirm it);
 * - `judge-disagrees` / `judge-uncertain`: the LLM judge's verdict differs from the scorers', or
 *   its confidence is below 0.6 (only when a judge ran);
 * - `flaky`: some repeats passed and some failed;
 * - `marked`: the case is tagged `review`, or its id is in `marked`.
 *
 * Cases already labelled are left out unless `includeLabelled`.
 */
export function buildReviewQueue(
  cases: readonly CaseResult[],
  options: { marked?: ReadonlySet<string>; labelled?: ReadonlySet<string>; includeLabelled?: boolean } = {},
): ReviewItem[] {
  const queue: ReviewItem[] = [];
  for (const result of cases) {
    if (!options.includeLabelled && options.labelled?.has(result.id)) continue;
    const reasons: ReviewReason[] = [];
    const content = result.scores.filter(
      (score) => !["latency", "cost", "judge", "error"].includes(score.name),
    );
    const failing = content.filter((score) => !score.pass);
    if (failing.length === 1 && content.length >= 2) reasons.push("scorers-disagree");
    const judge = result.scores.find((score) => score.name === "judge");
    if (judge) {
      const deterministic = content.every((score) => score.pass);
      if (judge.pass !== deterministic) reasons.push("judge-disagrees");
      if (judge.score > 0.4 && judge.score < 0.6) reasons.push("judge-uncertain");
    }
    if (result.flaky) reasons.push("flaky");
    if (result.tags.includes("review") || options.marked?.has(result.id)) reasons.push("marked");
    if (reasons.length > 0) queue.push({ result, reasons });
  }
  return queue;
}
