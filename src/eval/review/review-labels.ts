import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import { DocentError } from "../../core/errors.ts";
import type { HumanVerdict } from "../runner/summarize-run.ts";

const labelSchema = z.object({
  caseId: z.string().min(1),
  pass: z.boolean(),
  note: z.string().default(""),
  /** ISO time the label was given. */
  labelledAt: z.string(),
  /** The automatic verdict when the human labelled it (deterministic scorers). */
  automaticPass: z.boolean(),
  /** The judge's verdict, when a judge ran. */
  judgePass: z.boolean().nullable().default(null),
});

const labelsFileSchema = z.object({
  format: z.literal("docent-review-labels"),
  runId: z.string(),
  labels: z.array(labelSchema),
});

/** A human label of one case. */
export type ReviewLabel = z.infer<typeof labelSchema>;
/** The labels of one run, stored next to it as `<run>.labels.json`. */
export type ReviewLabels = z.infer<typeof labelsFileSchema>;

/** Where the labels of a run file live: `run.json` -> `run.labels.json`. */
export function labelsPathFor(runPath: string): string {
  return runPath.replace(/(\.json)?$/u, ".labels.json");
}

/** Reads a labels file; a missing file is an empty set of labels. */
export function readReviewLabels(path: string, runId: string): ReviewLabels {
  if (!existsSync(path)) return { format: "docent-review-labels", runId, labels: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new DocentError("INPUT_INVALID", `Labels file ${path} is not valid JSON: fix or delete it`, {
      cause: error,
    });
  }
  const result = labelsFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DocentError(
      "INPUT_INVALID",
      `Labels file ${path}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "invalid"}`,
    );
  }
  if (result.data.runId !== runId) {
    throw new DocentError(
      "INPUT_INVALID",
      `Labels file ${path} belongs to run ${result.data.runId}, not ${runId}`,
    );
  }
  return result.data;
}

/** Writes the labels (the latest label of a case replaces earlier ones). */
export function writeReviewLabels(path: string, labels: ReviewLabels): void {
  writeFileSync(path, `${JSON.stringify(labels, null, 2)}\n`);
}

/** Adds or replaces the label of a case. */
export function withLabel(labels: ReviewLabels, label: ReviewLabel): ReviewLabels {
  return { ...labels, labels: [...labels.labels.filter((item) => item.caseId !== label.caseId), label] };
}

/** Labels as verdicts by case id, for reports and summaries. */
export function verdictsOf(labels: ReviewLabels): Map<string, HumanVerdict & { readonly note: string }> {
  return new Map(labels.labels.map((label) => [label.caseId, { pass: label.pass, note: label.note }]));
}
