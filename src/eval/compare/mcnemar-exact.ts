/** The result of an exact McNemar test on paired pass/fail outcomes. */
export interface McNemarResult {
  /** Cases that passed in the baseline and fail in the candidate. */
  readonly regressions: number;
  /** Cases that failed in the baseline and pass in the candidate. */
  readonly improvements: number;
  /** Two-sided exact p-value: probability of a split at least this uneven if flips were coin tosses. */
  readonly pValue: number;
}

/**
 * Exact McNemar test: only discordant pairs (cases that flipped) carry information; under the
 * null hypothesis each flip is equally likely to go either way, so the smaller count follows
 * Binomial(b + c, 1/2). Exact rather than chi-squared because evaluation suites are small and
 * flips are few. With no flips the p-value is 1.
 */
export function mcnemarExact(regressions: number, improvements: number): McNemarResult {
  const n = regressions + improvements;
  if (n === 0) return { regressions, improvements, pValue: 1 };
  const k = Math.min(regressions, improvements);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space to stay exact for large n.
  let logCoefficient = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logCoefficient += Math.log(n - i + 1) - Math.log(i);
    tail += Math.exp(logCoefficient - n * Math.LN2);
  }
  return { regressions, improvements, pValue: Math.min(1, 2 * tail) };
}
