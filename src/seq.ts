/**
 * Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4, serial number arithmetic of RFC 1982).
 *
 * Sequence numbers are unsigned 32-bit integers that wrap: 0xFFFFFFFF + 1 is 0, and 0 comes after
 * 0xFFFFFFFF. Comparisons look at the signed distance between two numbers. Two numbers exactly
 * 2^31 apart are in no order (RFC 1982 §3.2 leaves the comparison undefined): {@link seqDiff} gives
 * -2^31 both ways and none of {@link seqLt}, {@link seqLe}, {@link seqGt}, {@link seqGe} holds.
 * Nothing here throws for a valid argument or returns a number outside 0..2^32-1.
 *
 * @module
 */
import { assertBoolean, assertInteger, describe } from './guards.ts';
import type { TcpFlags } from './header/types.ts';

/** The largest sequence number, 2^32 - 1. */
const SEQ_MAX = 0xffff_ffff;

/** Checks that `value` is a sequence number (an integer in 0..2^32-1). */
function assertSeq(value: unknown, label: string): asserts value is number {
  assertInteger(value, label, 0, SEQ_MAX);
}

/**
 * Adds `delta` to a sequence number, modulo 2^32 (RFC 1982 §3.1; RFC 9293 §3.4: "all arithmetic
 * dealing with sequence numbers must be performed modulo 2^32").
 *
 * @param seq - a sequence number, 0..2^32-1
 * @param delta - how far to move, -(2^32-1)..2^32-1 (negative moves back)
 * @returns `(seq + delta) mod 2^32`, in 0..2^32-1
 * @throws `TypeError` when an argument is not a number, `RangeError` when it is not an integer in range
 * @example
 * ```ts
 * seqAdd(0xffff_ffff, 1); // 0
 * seqAdd(0, -1);          // 4294967295
 * ```
 */
export function seqAdd(seq: number, delta: number): number {
  assertSeq(seq, 'seq');
  assertInteger(delta, 'delta', -SEQ_MAX, SEQ_MAX);
  return (seq + delta) >>> 0;
}

/**
 * The signed distance from `a` to `b`: how far `b` lies after `a` (negative when before), as a
 * 32-bit two's-complement number. Exactly 2^31 apart it is -2^31 whichever way round (RFC 1982
 * §3.2: undefined).
 *
 * @param a - a sequence number, 0..2^32-1
 * @param b - a sequence number, 0..2^32-1
 * @returns `b - a` modulo 2^32 mapped into -2^31..2^31-1
 * @throws `TypeError` / `RangeError` when an argument is not a sequence number
 * @example
 * ```ts
 * seqDiff(0xffff_fff0, 0x10); // 32
 * seqDiff(0x10, 0xffff_fff0); // -32
 * seqDiff(0, 0x8000_0000);    // -2147483648, and the same the other way round
 * ```
 */
export function seqDiff(a: number, b: number): number {
  assertSeq(a, 'a');
  assertSeq(b, 'b');
  return (b - a) | 0;
}

/**
 * Whether `a` comes before `b` (RFC 1982 §3.2: `b - a` mod 2^32 in 1..2^31-1).
 *
 * @param a - a sequence number, 0..2^32-1
 * @param b - a sequence number, 0..2^32-1
 * @returns true when `a` precedes `b`; false when equal, after, or exactly 2^31 apart
 * @throws `TypeError` / `RangeError` when an argument is not a sequence number
 * @example
 * ```ts
 * seqLt(0xffff_ffff, 0); // true: 0 follows 0xffffffff
 * ```
 */
export function seqLt(a: number, b: number): boolean {
  return seqDiff(a, b) > 0;
}

/**
 * Whether `a` comes before `b` or equals it: the `=<` of RFC 9293 §3.4's tests, so that the
 * second half of "SND.UNA < SEG.ACK =< SND.NXT" is `seqLe(SEG.ACK, SND.NXT)`.
 *
 * @param a - a sequence number, 0..2^32-1
 * @param b - a sequence number, 0..2^32-1
 * @returns `a === b || seqLt(a, b)`
 * @throws `TypeError` / `RangeError` when an argument is not a sequence number
 * @example
 * ```ts
 * seqLe(5, 5);                // true
 * seqLe(0xffff_fff0, 0x10);    // true: 0x10 follows 0xfffffff0 across the wrap
 * ```
 */
export function seqLe(a: number, b: number): boolean {
  return seqDiff(a, b) >= 0;
}

/**
 * Whether `a` comes after `b` (RFC 1982 §3.2: `a - b` mod 2^32 in 1..2^31-1).
 *
 * @param a - a sequence number, 0..2^32-1
 * @param b - a sequence number, 0..2^32-1
 * @returns true when `a` follows `b`; false when equal, before, or exactly 2^31 apart
 * @throws `TypeError` / `RangeError` when an argument is not a sequence number
 * @example
 * ```ts
 * seqGt(0, 0xffff_ffff); // true
 * ```
 */
export function seqGt(a: number, b: number): boolean {
  const distance = seqDiff(a, b);
  return distance < 0 && distance !== -0x8000_0000;
}

/**
 * Whether `a` comes after `b` or equals it: RFC 9293 §3.4's "RCV.NXT =< SEG.SEQ" is
 * `seqGe(SEG.SEQ, RCV.NXT)`.
 *
 * @param a - a sequence number, 0..2^32-1
 * @param b - a sequence number, 0..2^32-1
 * @returns `a === b || seqGt(a, b)`
 * @throws `TypeError` / `RangeError` when an argument is not a sequence number
 * @example
 * ```ts
 * seqGe(0, 0xffff_fff0); // true
 * ```
 */
export function seqGe(a: number, b: number): boolean {
  // Through seqDiff, so that both arguments are checked even when they are equal.
  const distance = seqDiff(a, b);
  return distance <= 0 && distance !== -0x8000_0000;
}

/**
 * Whether `seq` lies in the window of `size` numbers that starts at `start`, across the wrap:
 * `start <= seq < start + size` modulo 2^32, the test of RFC 9293 §3.10.7.4
 * ("RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND"). An empty window (size 0) holds nothing.
 *
 * @param seq - the number to test, 0..2^32-1
 * @param start - the window's first number, 0..2^32-1
 * @param size - how many numbers the window holds, 0..2^32-1
 * @returns true when `seq` is inside
 * @throws `TypeError` / `RangeError` when an argument is not an integer in its range
 * @example
 * ```ts
 * seqInWindow(2, 0xffff_fffe, 8); // true: the window is 0xfffffffe..5
 * seqInWindow(6, 0xffff_fffe, 8); // false
 * ```
 */
export function seqInWindow(seq: number, start: number, size: number): boolean {
  assertSeq(seq, 'seq');
  assertSeq(start, 'start');
  assertInteger(size, 'size', 0, SEQ_MAX);
  return (seq - start) >>> 0 < size;
}

/**
 * AccECN's 3-bit ACE counter: the AE (formerly NS), CWR and ECE flags read as one number, AE the
 * most significant bit (RFC 9768 §3.2.2). On a SYN or SYN-ACK the three bits negotiate AccECN
 * instead of counting (RFC 9768 §3.1); this function reads them either way.
 *
 * @param flags - an object with the booleans `ns` (AE), `cwr` and `ece`, such as a {@link TcpHeader}'s `flags`
 * @returns 0..7
 * @throws `TypeError` when `flags` is not an object or one of the three is not a boolean
 * @example
 * ```ts
 * aceCounter({ ns: true, cwr: false, ece: true }); // 5
 * ```
 */
export function aceCounter(flags: Pick<TcpFlags, 'ns' | 'cwr' | 'ece'>): number {
  if (typeof flags !== 'object' || flags === null)
    throw new TypeError(`flags must be an object, got ${describe(flags)}`);
  // Each flag read once: the value checked is the value used.
  const { ns, cwr, ece } = flags;
  assertBoolean(ns, 'flags.ns');
  assertBoolean(cwr, 'flags.cwr');
  assertBoolean(ece, 'flags.ece');
  return (ns ? 4 : 0) | (cwr ? 2 : 0) | (ece ? 1 : 0);
}

/**
 * How much sequence space a segment takes: its payload length, plus one for SYN and one for FIN
 * (RFC 9293 §3.4: "SEG.LEN = the number of octets occupied by the data in the segment (counting
 * SYN and FIN)").
 *
 * @param header - an object whose `flags` has the booleans `syn` and `fin`, such as a {@link TcpHeader}
 * @param payloadLength - bytes after the header, 0..2^32-1
 * @returns the segment length in sequence numbers
 * @throws `TypeError` when `header.flags` is missing or a flag is not a boolean; `RangeError` /
 *   `TypeError` for a bad `payloadLength`
 * @example
 * ```ts
 * segmentLength({ flags: { syn: true, fin: false } }, 0); // 1
 * segmentLength(decode(bytes), 5);                       // 5 for a data segment
 * ```
 */
export function segmentLength(
  header: { flags: Pick<TcpFlags, 'syn' | 'fin'> },
  payloadLength: number,
): number {
  if (typeof header !== 'object' || header === null)
    throw new TypeError(`header must be an object, got ${describe(header)}`);
  const flags: unknown = header.flags;
  if (typeof flags !== 'object' || flags === null)
    throw new TypeError(`header.flags must be an object, got ${describe(flags)}`);
  const { syn, fin } = flags as { syn?: unknown; fin?: unknown };
  assertBoolean(syn, 'header.flags.syn');
  assertBoolean(fin, 'header.flags.fin');
  assertInteger(payloadLength, 'payloadLength', 0, SEQ_MAX);
  return payloadLength + (syn ? 1 : 0) + (fin ? 1 : 0);
}
