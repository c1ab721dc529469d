/**
 * The hand-written baseline for the checksum benchmark: the plain loop over 16-bit words,
 * `(b[i] << 8) | b[i + 1]`, one word per turn, folded once at the end (RFC 1071 §4.1 without any of
 * its speed-ups). Built and loaded the same way as the library (see checksum.bench.ts).
 */

/**
 * The ones' complement sum of `b` as big-endian 16-bit words, folded to 16 bits.
 *
 * @param b - the bytes
 * @returns the folded sum
 */
export function baselineSum(b: Uint8Array): number {
  let sum = 0;
  const even = b.length & ~1;
  for (let i = 0; i < even; i += 2) sum += (b[i]! << 8) | b[i + 1]!;
  if (b.length & 1) sum += b[even]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}
