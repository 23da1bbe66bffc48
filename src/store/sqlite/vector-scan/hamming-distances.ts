/**
 * Hamming distance from `query` to every packed bit vector of `bits` (`words` 32-bit words
 * each), written to `distances[row]`: the number of dimensions whose signs differ, an estimate
 * of the angle between the vectors (SimHash: angle ~ pi x distance / dimensions). Popcount by
 * the SWAR bit trick on XORed words, two at a time.
 *
 * @param rows - how many vectors of `bits` to measure (the rest of `bits` is spare capacity).
 */
export function hammingDistances(
  bits: Uint32Array,
  words: number,
  rows: number,
  query: Uint32Array,
  distances: Uint16Array,
): void {
  const pairs = words >>> 1;
  const odd = (words & 1) === 1;
  let offset = 0;
  for (let row = 0; row < rows; row++) {
    // Per-byte counts of word pairs are summed (at most 16 per pair, so 8 pairs fit a byte) and
    // folded into one number every 8 pairs instead of once per word.
    let bytes = 0;
    let distance = 0;
    for (let pair = 0; pair < pairs; pair++) {
      let left = (bits[offset] as number) ^ (query[2 * pair] as number);
      let right = (bits[offset + 1] as number) ^ (query[2 * pair + 1] as number);
      offset += 2;
      left -= (left >>> 1) & 0x55555555;
      right -= (right >>> 1) & 0x55555555;
      const nibbles =
        (left & 0x33333333) +
        ((left >>> 2) & 0x33333333) +
        (right & 0x33333333) +
        ((right >>> 2) & 0x33333333);
      bytes += (nibbles & 0x0f0f0f0f) + ((nibbles >>> 4) & 0x0f0f0f0f);
      if ((pair & 7) === 7) {
        distance += sumOfBytes(bytes);
        bytes = 0;
      }
    }
    distance += sumOfBytes(bytes);
    if (odd) distance += popcount32((bits[offset++] as number) ^ (query[words - 1] as number));
    distances[row] = distance;
  }
}

/** The sum of the four bytes of a 32-bit integer (each byte at most 255). */
function sumOfBytes(value: number): number {
  const halves = (value & 0x00ff00ff) + ((value >>> 8) & 0x00ff00ff);
  return (halves & 0xffff) + (halves >>> 16);
}

/** Set bits of a 32-bit integer. */
export function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
