import { DocentError } from "../core/errors.ts";

/** One labelled question: its evidence score and whether the documentation answers it. */
export interface CalibrationSample {
  /** The score compared to the threshold (0..1); the answerer answers when evidence ≥ threshold. */
  readonly evidence: number;
  /** True when the documentation holds the answer (the answerer should answer). */
  readonly answerable: boolean;
}

/** How one candidate threshold does on the samples. */
export interface ThresholdRow {
  readonly threshold: number;
  /** Mean of the answer rate on answerable and the refusal rate on unanswerable samples. */
  readonly balancedAccuracy: number;
  /** Share of all samples decided correctly. */
  readonly accuracy: number;
  /** Share of answerable samples refused. */
  readonly falseRefusalRate: number;
  /** Share of unanswerable samples answered. */
  readonly falseAnswerRate: number;
}

/** The chosen threshold with its figures, and the figures of every candidate. */
export interface CalibrationResult extends ThresholdRow {
  /** Every candidate threshold, ascending. */
  readonly table: readonly ThresholdRow[];
}

function evaluate(samples: readonly CalibrationSample[], threshold: number): ThresholdRow {
  let answerable = 0;
  let unanswerable = 0;
  let falseRefusals = 0;
  let falseAnswers = 0;
  for (const sample of samples) {
    const answered = sample.evidence >= threshold;
    if (sample.answerable) {
      answerable += 1;
      if (!answered) falseRefusals += 1;
    } else {
      unanswerable += 1;
      if (answered) falseAnswers += 1;
    }
  }
  const falseRefusalRate = falseRefusals / answerable;
  const falseAnswerRate = falseAnswers / unanswerable;
  return {
    threshold,
    balancedAccuracy: 1 - (falseRefusalRate + falseAnswerRate) / 2,
    accuracy: 1 - (falseRefusals + falseAnswers) / samples.length,
    falseRefusalRate,
    falseAnswerRate,
  };
}

/**
 * Chooses the refusal threshold from labelled samples. Candidates are 0 (answer everything),
 * the midpoints between consecutive distinct evidence values, and a value above the largest
 * (refuse everything, capped at 1). The winner maximises balanced accuracy, so a set with more
 * answerable than unanswerable questions does not pull the threshold down; ties go to the
 * higher threshold (fewer false answers). Pure.
 *
 * @throws DocentError `INPUT_INVALID` when the samples lack either class or hold an evidence outside 0..1.
 */
export function calibrateThreshold(samples: readonly CalibrationSample[]): CalibrationResult {
  if (!samples.some((sample) => sample.answerable) || !samples.some((sample) => !sample.answerable)) {
    throw new DocentError(
      "INPUT_INVALID",
      "Calibration needs both answerable and unanswerable questions: add questions of the missing kind.",
      { details: { samples: samples.length } },
    );
  }
  const invalid = samples.find((sample) => !(sample.evidence >= 0 && sample.evidence <= 1));
  if (invalid) {
    throw new DocentError(
      "INPUT_INVALID",
      `Evidence must be a number from 0 to 1, got ${invalid.evidence}.`,
      {
        details: { evidence: invalid.evidence },
      },
    );
  }
  const values = [...new Set(samples.map((sample) => sample.evidence))].sort((a, b) => a - b);
  const candidates = new Set<number>([0]);
  for (let i = 1; i < values.length; i++) candidates.add(((values[i - 1] ?? 0) + (values[i] ?? 0)) / 2);
  const largest = values[values.length - 1] ?? 0;
  candidates.add(largest < 1 ? (largest + 1) / 2 : 1);
  const table = [...candidates].sort((a, b) => a - b).map((threshold) => evaluate(samples, threshold));
  let best = table[0] as ThresholdRow;
  for (const row of table) {
    const better =
      row.balancedAccuracy > best.balancedAccuracy + 1e-12 ||
      (Math.abs(row.balancedAccuracy - best.balancedAccuracy) <= 1e-12 &&
        row.falseAnswerRate <= best.falseAnswerRate);
    if (better) best = row;
  }
  return { ...best, table };
}
