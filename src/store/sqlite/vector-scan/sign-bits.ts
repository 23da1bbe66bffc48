/** 32-bit words that hold one sign bit per dimension of a `dimensions`-wide vector. */
export function signWords(dimensions: number): number {
  return Math.ceil(dimensions / 32);
}

/**
 * Binary quantisation: writes one bit per dimension of `vector` into `target` from word
 * `targetWord` on, bit i set when `vector[i] - (centre?.[i] ?? 0)` is positive. Padding bits of
 * the last word stay 0 for every vector, so they never add to a Hamming distance.
 *
 * @param vector - the vector to quantise (any length; `signWords(vector.length)` words written).
 * @param centre - subtracted before taking signs (the corpus mean, so each bit splits the
 *   stored vectors about evenly); `null` for none.
 * @param target - the packed bits of all vectors, `signWords(d)` words per vector.
 */
export function quantiseSignBits(
  vector: ArrayLike<number>,
  centre: ArrayLike<number> | null,
  target: Uint32Array,
  targetWord = 0,
): void {
  const words = signWords(vector.length);
  for (let word = 0; word < words; word++) {
    let bits = 0;
    const first = word * 32;
    const last = Math.min(first + 32, vector.length);
    for (let i = first; i < last; i++) {
      if ((vector[i] as number) - (centre ? (centre[i] as number) : 0) > 0) bits |= 1 << (i - first);
    }
    target[targetWord + word] = bits >>> 0;
  }
}
