/**
 * Some recorders write a mono call as stereo with the same signal on both channels. Split, that
 * would give the agent and the customer the same words (every insult attributed to both sides) and
 * neither side would ever dominate the other, so both would look silent. Such a file is mono.
 *
 * Identical within −30 dB: the energy of L − R is under 1/1000 of the energy of L + R. Lossy
 * stereo coding of a dual-mono source stays far below that; two real call legs never get near it.
 */
export function isDualMono(left: Int16Array, right: Int16Array, toleranceRatio = 1e-3): boolean {
  if (left.length !== right.length) return false;
  let diff = 0;
  let sum = 0;
  for (let i = 0; i < left.length; i++) {
    const l = left[i]!;
    const r = right[i]!;
    diff += (l - r) * (l - r);
    sum += (l + r) * (l + r);
  }
  // Two silent channels are "identical" too, but there is nothing to merge: keep them as they are.
  return sum > 0 && diff <= toleranceRatio * sum;
}
