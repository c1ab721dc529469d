/**
 * A seeded random stream for the fuzz harness (sfc32 seeded by splitmix32): the same seed gives
 * the same cases on every machine, so a finding is replayed from its seed and case number.
 */

/** splitmix32: spreads one 32-bit seed over the four words sfc32 starts from. */
function splitmix(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A random stream from `seed` (a 32-bit integer).
 *
 * @example
 * const random = randomStream(42);
 * random.int(10); // 0..9
 */
export function randomStream(seed) {
  const start = splitmix(seed);
  let a = start();
  let b = start();
  let c = start();
  let d = start();
  /** The next 32-bit unsigned word (sfc32). */
  const word = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  return {
    word,
    /** An integer in 0..n-1 (n at most 2^32). */
    int: (n) => Math.floor((word() / 4294967296) * n),
    /** True with probability `p`. */
    chance: (p) => word() / 4294967296 < p,
    /** One element of `list`. */
    pick: (list) => list[Math.floor((word() / 4294967296) * list.length)],
  };
}
