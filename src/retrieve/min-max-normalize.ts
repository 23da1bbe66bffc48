/**
 * Scales scores to 0-1 by min-max: the best becomes 1, the worst 0. When all scores are equal
 * (including a single score) every one becomes 1, so a lone hit is not mistaken for a miss.
 */
export function minMaxNormalize(scores: readonly number[]): number[] {
  if (scores.length === 0) return [];
  let minimum = Infinity;
  let maximum = -Infinity;
  for (const score of scores) {
    if (score < minimum) minimum = score;
    if (score > maximum) maximum = score;
  }
  const range = maximum - minimum;
  return scores.map((score) => (range > 0 ? (score - minimum) / range : 1));
}
