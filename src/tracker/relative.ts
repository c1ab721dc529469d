/**
 * tcpdump's relative sequence and acknowledgment numbers, the ones it prints without `-S`
 * (print-tcp.c in tcpdump 4.99, learnt, not copied). No RFC defines them.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { seqAdd } from '../seq.ts';
import type { Segment } from './segment.ts';

/** A segment's numbers as tcpdump prints them, and the base its SACK blocks are relative to. */
export interface RelativeNumbers {
  relSeq: number;
  relAck: number;
  sackBase: number;
}

/** Compares two byte strings as C's memcmp does (only the sign matters). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * tcpdump's table of first numbers per address/port pair. Only segments with ACK take part. The
 * pair of endpoints is put in one order (lower port first; equal ports, lower address bytes
 * first). The first ACK-carrying segment of a pair, and any segment with SYN and ACK, records its
 * seq and ack - 1 as the bases of the two directions and prints absolute numbers; later segments
 * print their numbers minus the bases, modulo 2^32.
 */
export class TcpdumpNumbers {
  /** `[seq base, ack base]` per pair, in tcpdump's order of its two endpoints. */
  readonly #bases = new Map<string, [number, number]>();

  /** The numbers tcpdump prints for `s`, recording bases as tcpdump does. */
  of(s: Segment): RelativeNumbers {
    if (!s.flags.ack) return { relSeq: s.seq, relAck: s.ack, sackBase: 0 };
    const reversed =
      s.srcPort > s.dstPort || (s.srcPort === s.dstPort && compareBytes(s.src.bytes, s.dst.bytes) > 0);
    const key = reversed
      ? `${s.dst.text} ${s.dstPort} ${s.src.text} ${s.srcPort}`
      : `${s.src.text} ${s.srcPort} ${s.dst.text} ${s.dstPort}`;
    const bases = this.#bases.get(key);
    if (bases === undefined || s.flags.syn) {
      // bases[0] belongs to the first endpoint in tcpdump's order, bases[1] to the second
      const recorded: [number, number] = reversed ? [seqAdd(s.ack, -1), s.seq] : [s.seq, seqAdd(s.ack, -1)];
      this.#bases.set(key, recorded);
      return { relSeq: s.seq, relAck: s.ack, sackBase: reversed ? recorded[0] : recorded[1] };
    }
    const [mine, theirs] = reversed ? [bases[1], bases[0]] : bases;
    return { relSeq: (s.seq - mine) >>> 0, relAck: (s.ack - theirs) >>> 0, sackBase: theirs };
  }
}
