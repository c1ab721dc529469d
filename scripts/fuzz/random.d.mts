/** A seeded stream of random numbers (random.mjs). */
export interface RandomStream {
  /** The next 32-bit unsigned word. */
  word(): number;
  /** An integer in 0..n-1. */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of `list`. */
  pick<T>(list: readonly T[]): T;
}

/** A random stream from a 32-bit seed: the same seed, the same numbers. */
export function randomStream(seed: number): RandomStream;
