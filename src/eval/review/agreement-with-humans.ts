import { type Agreement, cohenKappa } from "./cohen-kappa.ts";
import type { ReviewLabels } from "./review-labels.ts";

/** How often the automatic raters agree with the human labels of a run. */
export interface AgreementWithHumans {
  /** The LLM judge against the humans, over the labelled cases the judge graded (null without any). */
  readonly judge: Agreement | null;
  /** The deterministic scorers' verdict against the humans, over every labelled case. */
  readonly scorers: Agreement;
}

/**
 * Cohen's κ of the judge and of the scorers against human labels, kept apart: the judge's κ is
 * computed only over cases it graded, so a run without a judge never reports a judge agreement.
 */
export function agreementWithHumans(labels: ReviewLabels): AgreementWithHumans {
  const judged = labels.labels.filter((label) => label.judgePass !== null);
  return {
    judge:
      judged.length > 0
        ? cohenKappa(judged.map((label) => [label.judgePass === true, label.pass] as const))
        : null,
    scorers: cohenKappa(labels.labels.map((label) => [label.automaticPass, label.pass] as const)),
  };
}

/** One line per rater for a terminal: `judge–human: 4 label(s), 75% observed, Cohen's κ 0.50`. */
export function formatAgreement(agreement: AgreementWithHumans): string {
  const line = (name: string, value: Agreement) =>
    `${name}: ${value.items} label(s), ${(value.observed * 100).toFixed(0)}% observed, Cohen's κ ${value.kappa === null ? "-" : value.kappa.toFixed(2)}`;
  return [
    agreement.judge ? line("Judge–human agreement", agreement.judge) : null,
    line("Scorer–human agreement", agreement.scorers),
  ]
    .filter((text): text is string => text !== null)
    .join("\n");
}
