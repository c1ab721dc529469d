/**
 * tcpdump's relative sequence and acknowledgment numbers, the ones it prints without `-S`
 * (print-tcp.c in tcpdump 4.99, learnt, not copied). No RFC defines them.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { seqAdd } from '../seq.ts';
import { PairLimitError, PairTable } from './pair-table.ts';
import type { Segment } from './segment.ts';

/** A segment's numbers as tcpdump prints them, and the base its SACK blocks are relative to. */
export interface RelativeNumbers {
  relSeq: number;
  relAck: number;
  sackBase: number;
}

/**
 * How many address/port pairs the relative numbers follow unless told otherwise: 4 Mi, about
 * 160 MB of IPv4 pairs (a million take about 32 MB; growing holds the old slots for a moment too).
 */
export const DEFAULT_PAIR_LIMIT: number = 1 << 22;

/** Compares two byte strings as C's memcmp does (only the sign matters). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Writes `address` (4 or 16 bytes) big-endian into `words` from `at`, as many words as `count`. */
function putAddress(words: Uint32Array, at: number, address: Uint8Array, count: number): void {
  for (let w = 0; w < count; w++) {
    const i = 4 * w;
    words[at + w] =
      i < address.length
        ? (address[i]! << 24) | (address[i + 1]! << 16) | (address[i + 2]! << 8) | address[i + 3]!
        : 0;
  }
}

/**
 * tcpdump's table of first numbers per address/port pair. Only segments with ACK take part. The
 * pair of endpoints is put in one order (lower port first; equal ports, lower address bytes
 * first). The first ACK-carrying segment of a pair, and any segment with SYN and ACK, records its
 * seq and ack - 1 as the bases of the two directions and prints absolute numbers; later segments
 * print their numbers minus the bases, modulo 2^32.
 *
 * The bases live in compact tables ({@link PairTable}), one for IPv4 pairs and one for the rest, so
 * memory grows by tens of bytes per pair; past `limit` pairs of both together, a new one is a
 * `PairLimitError`.
 */
export class TcpdumpNumbers {
  /** IPv4 pairs: two addresses and the two ports, 3 words. */
  readonly #v4: PairTable;
  /** Other pairs: two addresses of 4 words (an IPv4 one zero-filled), the ports, the families. */
  readonly #v6: PairTable;
  /** The most pairs of both tables together, and the error's text past it. */
  readonly #limit: number;
  readonly #what: string;

  /**
   * @param limit - the most address/port pairs to follow, of each family
   * @param raise - how to raise the limit, for the error's message
   */
  constructor(limit: number = DEFAULT_PAIR_LIMIT, raise = 'raise the limit to follow more') {
    this.#limit = limit;
    this.#what = `address/port pairs for relative numbers (the limit); ${raise}`;
    this.#v4 = new PairTable(3, limit, this.#what);
    this.#v6 = new PairTable(10, limit, this.#what);
  }

  /** Pairs followed. */
  get size(): number {
    return this.#v4.size + this.#v6.size;
  }

  /** Bytes of the tables' arrays. */
  get byteLength(): number {
    return this.#v4.byteLength + this.#v6.byteLength;
  }

  /** The numbers tcpdump prints for `s`, recording bases as tcpdump does. */
  of(s: Segment): RelativeNumbers {
    return this.numbers(
      s.src.bytes,
      s.dst.bytes,
      s.srcPort,
      s.dstPort,
      s.seq,
      s.ack,
      s.flags.syn,
      s.flags.ack,
    );
  }

  /**
   * The numbers tcpdump prints for a segment from `src`:`srcPort` to `dst`:`dstPort`.
   *
   * @throws `PairLimitError` for a new pair past the limit; nothing is recorded then
   */
  numbers(
    src: Uint8Array,
    dst: Uint8Array,
    srcPort: number,
    dstPort: number,
    seq: number,
    ack: number,
    syn: boolean,
    ackFlag: boolean,
  ): RelativeNumbers {
    if (!ackFlag) return { relSeq: seq, relAck: ack, sackBase: 0 };
    const reversed = srcPort > dstPort || (srcPort === dstPort && compareBytes(src, dst) > 0);
    const [first, second] = reversed ? [dst, src] : [src, dst];
    const ports = (((reversed ? dstPort : srcPort) << 16) | (reversed ? srcPort : dstPort)) >>> 0;
    let table: PairTable;
    if (first.length === 4 && second.length === 4) {
      table = this.#v4;
      putAddress(table.key, 0, first, 1);
      putAddress(table.key, 1, second, 1);
      table.key[2] = ports;
    } else {
      table = this.#v6;
      putAddress(table.key, 0, first, 4);
      putAddress(table.key, 4, second, 4);
      table.key[8] = ports;
      table.key[9] = (first.length === 4 ? 1 : 0) | (second.length === 4 ? 2 : 0);
    }
    const slot = table.find();
    // The limit counts the pairs of both tables: a new pair past it is refused, nothing recorded.
    if (slot < 0 && this.size >= this.#limit) throw new PairLimitError(this.#limit, this.#what);
    if (slot < 0 || syn) {
      // The first base belongs to the first endpoint in tcpdump's order, the second to the other.
      const base0 = reversed ? seqAdd(ack, -1) : seq;
      const base1 = reversed ? seq : seqAdd(ack, -1);
      table.set(base0, base1);
      return { relSeq: seq, relAck: ack, sackBase: reversed ? base0 : base1 };
    }
    const base0 = table.first(slot);
    const base1 = table.second(slot);
    const mine = reversed ? base1 : base0;
    const theirs = reversed ? base0 : base1;
    return { relSeq: (seq - mine) >>> 0, relAck: (ack - theirs) >>> 0, sackBase: theirs };
  }
}
