/**
 * A compact table from an address/port pair to two 32-bit numbers, in typed arrays: what tcpdump's
 * relative numbers need per connection, in 21 bytes a slot for IPv4 and 49 for the rest, with no
 * object per entry (open addressing, linear probing; at three quarters full it grows by half, so a
 * slot holds a pair 50% to 75% of the time, and growing holds the old slots and 1.5 times as many
 * new ones for a moment). A million IPv4 pairs take about 32 MB; a `Map` of strings and arrays took
 * about 1.8 KB a pair.
 *
 * Internal to the tracker.
 *
 * @module
 */

/**
 * The error a table throws when one more pair would pass its limit: a `RangeError` to the caller,
 * this class only so that the command line can tell it from others and name its own flag.
 */
export class PairLimitError extends RangeError {
  /** The limit that was reached. */
  readonly limit: number;

  /**
   * @param limit - the limit reached
   * @param what - what was counted, and how to raise the limit
   */
  constructor(limit: number, what: string) {
    super(`more than ${limit} ${what}`);
    this.limit = limit;
  }
}

/**
 * The hash's starting value, drawn once per process: the mixing is invertible, so with a fixed
 * start a capture could be crafted whose pairs all land in one run of slots, and every lookup would
 * walk it (time quadratic in the pairs). Unknown to whoever writes the capture, it cannot.
 */
const HASH_SEED = /* @__PURE__ */ Math.floor(Math.random() * 4294967296) >>> 0;

/** Slots a new table starts with. */
const INITIAL_SLOTS = 1024;

/**
 * Address/port pairs of one address family, each with two 32-bit values. A key is `keyWords`
 * 32-bit words (two addresses and the two ports: 3 words for IPv4, 9 for IPv6), written by the
 * caller into {@link key} before each {@link find}.
 */
export class PairTable {
  /** The key of the next {@link find}: the caller writes it here. */
  readonly key: Uint32Array;
  readonly #keyWords: number;
  readonly #stride: number;
  readonly #limit: number;
  readonly #what: string;
  #slots: Uint32Array;
  #used: Uint8Array;
  #size = 0;

  /**
   * @param keyWords - 32-bit words per key
   * @param limit - the most pairs it holds; one more is a {@link PairLimitError}
   * @param what - what a pair is and how to raise the limit, for that error's message
   */
  constructor(keyWords: number, limit: number, what: string) {
    this.key = new Uint32Array(keyWords);
    this.#keyWords = keyWords;
    this.#stride = keyWords + 2;
    this.#limit = limit;
    this.#what = what;
    this.#slots = new Uint32Array(INITIAL_SLOTS * this.#stride);
    this.#used = new Uint8Array(INITIAL_SLOTS);
  }

  /** Pairs held. */
  get size(): number {
    return this.#size;
  }

  /** Bytes of the table's arrays: what it holds in memory, about. */
  get byteLength(): number {
    return this.#slots.byteLength + this.#used.byteLength;
  }

  /** Slots the table has. */
  get capacity(): number {
    return this.#used.length;
  }

  /** The slot of {@link key}, or -1 when the table does not hold it. */
  find(): number {
    const slot = this.#probe(this.key, this.#slots, this.#used);
    return this.#used[slot] === 1 ? slot : -1;
  }

  /** The first of a held slot's two values. */
  first(slot: number): number {
    return this.#slots[slot * this.#stride + this.#keyWords]!;
  }

  /** The second of a held slot's two values. */
  second(slot: number): number {
    return this.#slots[slot * this.#stride + this.#keyWords + 1]!;
  }

  /**
   * Sets the two values of {@link key}, adding it when the table does not hold it.
   *
   * @throws {@link PairLimitError} when adding it would pass the limit; the table is unchanged then
   */
  set(first: number, second: number): void {
    let slot = this.#probe(this.key, this.#slots, this.#used);
    if (this.#used[slot] === 0) {
      if (this.#size >= this.#limit) throw new PairLimitError(this.#limit, this.#what);
      if ((this.#size + 1) * 4 > this.#used.length * 3) {
        this.#grow();
        slot = this.#probe(this.key, this.#slots, this.#used);
      }
      this.#used[slot] = 1;
      this.#size++;
      this.#slots.set(this.key, slot * this.#stride);
    }
    const at = slot * this.#stride + this.#keyWords;
    this.#slots[at] = first;
    this.#slots[at + 1] = second;
  }

  /** The slot holding `key` in `slots`, or the empty slot where it would go. */
  #probe(key: Uint32Array, slots: Uint32Array, used: Uint8Array): number {
    const words = this.#keyWords;
    const stride = this.#stride;
    const capacity = used.length;
    let hash = HASH_SEED;
    for (let w = 0; w < words; w++) hash = Math.imul(hash ^ key[w]!, 0x01000193) ^ (hash >>> 15);
    hash = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) ^ (hash >>> 13);
    // The hash's share of the capacity (Lemire's reduction), for a capacity that is no power of 2.
    const start = Math.floor(((hash >>> 0) * capacity) / 4294967296);
    for (let slot = start; ; slot = slot + 1 === capacity ? 0 : slot + 1) {
      if (used[slot] === 0) return slot;
      const base = slot * stride;
      let w = 0;
      while (w < words && slots[base + w] === key[w]) w++;
      if (w === words) return slot;
    }
  }

  /** Takes half as many slots again and places every held pair again. */
  #grow(): void {
    const oldSlots = this.#slots;
    const oldUsed = this.#used;
    const stride = this.#stride;
    const capacity = Math.floor(oldUsed.length * 1.5);
    const slots = new Uint32Array(capacity * stride);
    const used = new Uint8Array(capacity);
    const key = new Uint32Array(this.#keyWords);
    for (let old = 0; old < oldUsed.length; old++) {
      if (oldUsed[old] === 0) continue;
      const from = old * stride;
      for (let w = 0; w < this.#keyWords; w++) key[w] = oldSlots[from + w]!;
      const slot = this.#probe(key, slots, used);
      used[slot] = 1;
      slots.set(oldSlots.subarray(from, from + stride), slot * stride);
    }
    this.#slots = slots;
    this.#used = used;
  }
}
