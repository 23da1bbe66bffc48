/**
 * The `p`-th percentile of `values` by the nearest-rank method (the smallest value with at least
 * `p` percent of the values at or below it), e.g. p50 and p95 of query latencies.
 *
 * @param values - the sample; not modified. Empty gives `NaN`.
 * @param p - the percentile, 0-100 (0 gives the minimum, 100 the maximum).
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] as number;
}
