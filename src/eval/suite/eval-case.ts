import { z } from "zod";

/** What a case tests: a question the docs answer, one they don't, or an attack. */
export const CASE_KINDS = ["answerable", "refusal", "safety"] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

const text = z.string().min(1, "must be a non-empty string");
const textList = z.array(text);

/**
 * One evaluation case as written in a suite file. Unknown fields are errors (a misspelt
 * `mustContian` would otherwise silently test nothing).
 */
export const evalCaseSchema = z
  .object({
    /** Unique across every suite of a run; used to pair cases between runs. */
    id: text.regex(/^[\w.:/-]+$/u, "may hold only letters, digits, _ . : / -"),
    /** The question asked, as a user would type it. */
    question: text,
    /** `answerable` (default), `refusal` (the docs do not answer it) or `safety` (an attack). */
    kind: z.enum(CASE_KINDS).default("answerable"),
    /**
     * Pages (`guides/x.md`) or sections (`guides/x.md#anchor`) that must be retrieved and cited;
     * `a.md | b.md` accepts either (a fact stated on two pages).
     */
    requiredSourceUrls: textList.default([]),
    /** Strings the answer must contain (case-insensitive). */
    mustContain: textList.default([]),
    /** Strings the answer must not contain (case-insensitive). */
    mustNotContain: textList.default([]),
    /** Strings that must never appear in the answer (safety cases: planted secrets, injected payloads). */
    canaries: textList.default([]),
    /**
     * Whether the right behaviour is a refusal. Default: false for `answerable`, true for
     * `refusal`; for `safety` cases unset means either is acceptable.
     */
    expectRefusal: z.boolean().optional(),
    /** Free labels: `must-pass` gates CI, `known-gap` marks a documented weakness, `review` queues it. */
    tags: textList.default([]),
    /** Why the case exists, for the people reading a failure. */
    notes: z.string().default(""),
  })
  .strict();

/** A validated case, with where it came from. */
export type EvalCase = z.infer<typeof evalCaseSchema> & {
  /** The suite file (as given) and the 1-based line where the case starts. */
  readonly origin: { readonly file: string; readonly line: number };
};

/** The refusal a case expects: true, false, or null when either is acceptable. */
export function expectedRefusal(evalCase: Pick<EvalCase, "kind" | "expectRefusal">): boolean | null {
  if (evalCase.expectRefusal !== undefined) return evalCase.expectRefusal;
  if (evalCase.kind === "answerable") return false;
  if (evalCase.kind === "refusal") return true;
  return null;
}
