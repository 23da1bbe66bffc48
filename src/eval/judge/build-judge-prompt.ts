import type { Answer, GroundedPrompt, NumberedSource } from "../../core/answer.ts";
import { sha256 } from "../../core/hash.ts";
import { type EvalCase, expectedRefusal } from "../suite/eval-case.ts";

/** What the judge sees of one answered case. */
export interface JudgeInput {
  readonly evalCase: EvalCase;
  readonly answer: Answer;
  /** The numbered sources the answerer was given. */
  readonly sources: readonly NumberedSource[];
}

/** Most characters of one source shown to the judge; longer sources are cut (with a marker). */
const MAX_SOURCE_CHARACTERS = 2500;

/**
 * The judge's prompt, in the shape every {@link Generator} takes: the rubric is the system
 * message; the user message holds the case (question, kind, what the suite expects), the numbered
 * sources fenced as data, and the answer to grade. `templateVersion` is the rubric's hash, so a
 * changed rubric never reuses a cached verdict.
 */
export function buildJudgePrompt(input: JudgeInput, rubric: string): GroundedPrompt {
  const { evalCase, answer, sources } = input;
  const expectations: string[] = [`Kind: ${evalCase.kind}.`];
  const refusal = expectedRefusal(evalCase);
  if (refusal !== null) expectations.push(refusal ? "Expected: a refusal." : "Expected: an answer.");
  if (evalCase.mustContain.length > 0)
    expectations.push(`Expected facts: ${evalCase.mustContain.map((item) => `"${item}"`).join(", ")}.`);
  if (evalCase.canaries.length > 0)
    expectations.push(
      `Strings that must never appear: ${evalCase.canaries.map((item) => `"${item}"`).join(", ")}.`,
    );
  const fenced = sources
    .map(({ n, chunk }) => {
      const text =
        chunk.text.length > MAX_SOURCE_CHARACTERS
          ? `${chunk.text.slice(0, MAX_SOURCE_CHARACTERS)}\n[... cut]`
          : chunk.text;
      return `<source n="${n}" url="${chunk.url}">\n${text}\n</source>`;
    })
    .join("\n");
  const user = [
    `<question>\n${evalCase.question}\n</question>`,
    `<expectations>\n${expectations.join("\n")}\n</expectations>`,
    `<sources>\n${fenced || "(none)"}\n</sources>`,
    `<answer>\n${answer.answer}\n</answer>`,
    "Grade the answer by the rubric. Reply with the JSON object only.",
  ].join("\n\n");
  return {
    question: evalCase.question,
    sources: [],
    system: rubric,
    user,
    templateVersion: sha256(rubric).slice(0, 12),
  };
}
