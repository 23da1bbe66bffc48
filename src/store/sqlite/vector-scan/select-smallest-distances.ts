/**
 * The rows with the `count` smallest distances, in row order, in O(rows + maxDistance) time: a
 * histogram of the (small integer) distances gives the cut-off distance, then one pass collects
 * every row below it and, in row order, as many rows at it as still fit. All rows when
 * `count >= rows`.
 *
 * @param distances - one distance per row, each at most `maxDistance`.
 */
export function selectSmallestDistances(
  distances: Uint16Array,
  rows: number,
  count: number,
  maxDistance: number,
): Int32Array {
  if (count >= rows) return Int32Array.from({ length: rows }, (_, row) => row);
  if (count <= 0) return new Int32Array(0);
  const histogram = new Uint32Array(maxDistance + 1);
  for (let row = 0; row < rows; row++) {
    const distance = distances[row] as number;
    histogram[distance] = (histogram[distance] as number) + 1;
  }
  let cutoff = 0;
  let below = 0;
  while (below + (histogram[cutoff] as number) < count) below += histogram[cutoff++] as number;
  let atCutoff = count - below;
  const selected = new Int32Array(count);
  let filled = 0;
  for (let row = 0; row < rows && filled < count; row++) {
    const distance = distances[row] as number;
    if (distance < cutoff) selected[filled++] = row;
    else if (distance === cutoff && atCutoff > 0) {
      selected[filled++] = row;
      atCutoff -= 1;
    }
  }
  return selected;
}
