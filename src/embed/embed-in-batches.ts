/**
 * Embeds `texts` through `run`, at most `maxBatchSize` at a time and in order, checking `signal`
 * before the first batch and after each one. The vectors come back in the order of `texts`.
 *
 * @param texts - the texts as the model should see them (prefixes already added).
 * @param maxBatchSize - most texts per call of `run` (at least 1).
 * @param run - embeds one batch, returning one vector per text in order.
 * @param signal - aborts between batches.
 */
export async function embedInBatches(
  texts: readonly string[],
  maxBatchSize: number,
  run: (batch: readonly string[]) => Promise<Float32Array[]>,
  signal?: AbortSignal,
): Promise<Float32Array[]> {
  signal?.throwIfAborted();
  const vectors: Float32Array[] = [];
  for (let start = 0; start < texts.length; start += maxBatchSize) {
    vectors.push(...(await run(texts.slice(start, start + maxBatchSize))));
    signal?.throwIfAborted();
  }
  return vectors;
}
