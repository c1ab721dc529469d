/**
 * Incremental checksum updates (RFC 1624): the checksum after bytes it covers changed, without
 * summing the rest again, and the NAT rewrites of ports, sequence and acknowledgment numbers and
 * addresses built on it (RFC 3022 §4.2).
 *
 * Internal: not exported from the package; its exports are, from the package's entry.
 *
 * @module
 */
import { addressBytes, type IpAddress } from '../address.ts';
import { u16, w16, w32 } from '../bytes.ts';
import { TCP_FIELD, TCP_MIN_HEADER_LENGTH } from '../constants.ts';
import { assertBytes, assertInteger, describe } from '../guards.ts';
import { addressSum } from './pseudo-header.ts';
import { complement, MOD, sumWords } from './sum.ts';
import { tooShort } from './tcp.ts';

/** RFC 1624 eqn. 3 on sums mod 0xFFFF: HC' = ~(~HC + ~m + m'). */
function adjust(checksum: number, oldSum: number, newSum: number): number {
  return complement((MOD - (checksum % MOD) + (MOD - oldSum) + newSum) % MOD);
}

/**
 * Updates a checksum after bytes it covers changed, without summing the rest again (RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m')). Equals a full recompute whenever `checksum` was right; a wrong checksum
 * stays wrong by the same amount. The result is never 0xFFFF (RFC 1624 §3: 0x0000 instead).
 *
 * The bytes are summed as 16-bit words starting at an even offset of the segment (or pseudo-header);
 * for a field at an odd offset, include the byte before it in both.
 *
 * @param checksum - the checksum before the change, 0..65535
 * @param oldBytes - the bytes as they were
 * @param newBytes - the bytes as they are now, as long as `oldBytes`
 * @returns the updated checksum
 * @throws `TypeError` for arguments of the wrong type; `RangeError` for a checksum out of range or
 *   byte strings of different lengths
 * @example
 * ```ts
 * // NAT: the source address 10.0.0.1 became 203.0.113.5
 * const fixed = updateChecksum(checksum, Uint8Array.of(10, 0, 0, 1), Uint8Array.of(203, 0, 113, 5));
 * ```
 */
export function updateChecksum(checksum: number, oldBytes: Uint8Array, newBytes: Uint8Array): number {
  assertInteger(checksum, 'checksum', 0, 0xffff);
  assertBytes(oldBytes, 'oldBytes');
  assertBytes(newBytes, 'newBytes');
  if (oldBytes.length !== newBytes.length) {
    throw new RangeError(
      `newBytes must be as long as oldBytes (${oldBytes.length} bytes), got ${newBytes.length}`,
    );
  }
  return adjust(checksum, sumWords(oldBytes), sumWords(newBytes));
}

/** Checks the segment given to a rewrite helper: bytes holding at least the fixed header. */
function assertHeaderBytes(segment: unknown): asserts segment is Uint8Array {
  assertBytes(segment, 'segment');
  if (segment.length < TCP_MIN_HEADER_LENGTH) throw tooShort(segment.length);
}

/** Replaces the word sums `oldSum` by `newSum` in the segment's checksum field; returns the result. */
function fixChecksum(segment: Uint8Array, oldSum: number, newSum: number): number {
  const checksum = adjust(u16(segment, TCP_FIELD.CHECKSUM), oldSum, newSum);
  w16(segment, TCP_FIELD.CHECKSUM, checksum);
  return checksum;
}

function rewrite16(segment: Uint8Array, at: number, value: number, label: string): number {
  assertHeaderBytes(segment);
  assertInteger(value, label, 0, 0xffff);
  const old = u16(segment, at);
  w16(segment, at, value);
  return fixChecksum(segment, old % MOD, value % MOD);
}

function rewrite32(segment: Uint8Array, at: number, value: number, label: string): number {
  assertHeaderBytes(segment);
  assertInteger(value, label, 0, 0xffffffff);
  const old = (u16(segment, at) + u16(segment, at + 2)) % MOD;
  w32(segment, at, value);
  return fixChecksum(segment, old, ((value >>> 16) + (value & 0xffff)) % MOD);
}

/**
 * Sets the source port of a segment and updates its checksum to match (RFC 1624), reading and
 * writing only the 20-byte fixed header: the payload is not read, so the header alone will do.
 * The checksum must have been complete (not an offload partial sum, see `pseudoHeaderSum`).
 *
 * @param segment - the segment, or at least its header, starting at the TCP header; changed
 * @param port - the new source port, 0..65535
 * @returns the new checksum, also written to the segment
 * @throws `TypeError` for a segment that is not a `Uint8Array`; `RangeError` for a port out of
 *   range or fewer than 20 bytes
 * @example
 * ```ts
 * rewriteSrcPort(segment, 40000); // NAT: 10.0.0.1:5000 leaves as 203.0.113.5:40000
 * rewriteAddress(segment, '10.0.0.1', '203.0.113.5');
 * ```
 */
export function rewriteSrcPort(segment: Uint8Array, port: number): number {
  return rewrite16(segment, TCP_FIELD.SRC_PORT, port, 'port');
}

/**
 * Sets the destination port of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does.
 *
 * @param segment - the segment, or at least its header; changed
 * @param port - the new destination port, 0..65535
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}
 * @example
 * ```ts
 * rewriteDstPort(segment, 8080); // port forwarding: 80 to 8080
 * ```
 */
export function rewriteDstPort(segment: Uint8Array, port: number): number {
  return rewrite16(segment, TCP_FIELD.DST_PORT, port, 'port');
}

/**
 * Sets the sequence number of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does. For a shift by a delta, as a proxy that inserts bytes does, pass
 * `seqAdd(seq, delta)`.
 *
 * @param segment - the segment, or at least its header; changed
 * @param seq - the new sequence number, 0..2^32-1 (RFC 9293 §3.1)
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}, with `seq` in 0..4294967295
 * @example
 * ```ts
 * const seq = ((segment[4] << 24) | (segment[5] << 16) | (segment[6] << 8) | segment[7]) >>> 0;
 * rewriteSeq(segment, (seq + 1000) >>> 0);
 * ```
 */
export function rewriteSeq(segment: Uint8Array, seq: number): number {
  return rewrite32(segment, TCP_FIELD.SEQ, seq, 'seq');
}

/**
 * Sets the acknowledgment number of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does.
 *
 * @param segment - the segment, or at least its header; changed
 * @param ack - the new acknowledgment number, 0..2^32-1 (RFC 9293 §3.1)
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}, with `ack` in 0..4294967295
 * @example
 * ```ts
 * rewriteAck(segment, 0x12345678);
 * ```
 */
export function rewriteAck(segment: Uint8Array, ack: number): number {
  return rewrite32(segment, TCP_FIELD.ACK, ack, 'ack');
}

/**
 * Updates a segment's checksum for an IP address that changed in the IP header (the source or the
 * destination: the pseudo-header sums both alike, RFC 9293 §3.1, RFC 8200 §8.1), as NAT does
 * (RFC 3022 §4.2, RFC 1624). The segment holds no address, so only its checksum changes; rewriting
 * the IP header is the caller's part.
 *
 * @param segment - the segment, or at least its header; its checksum is changed
 * @param oldAddress - the address before, text or 4 / 16 bytes
 * @param newAddress - the address after, of the same IP version
 * @returns the new checksum, also written to the segment
 * @throws `TypeError` for an address that is not one or addresses of different IP versions, and
 *   as {@link rewriteSrcPort}
 * @example
 * ```ts
 * rewriteAddress(segment, '10.0.0.1', '203.0.113.5');
 * rewriteAddress(segment6, '2001:db8::1', '2001:db8:1::1');
 * ```
 */
export function rewriteAddress(segment: Uint8Array, oldAddress: IpAddress, newAddress: IpAddress): number {
  assertHeaderBytes(segment);
  const before = addressBytes(oldAddress, 'oldAddress');
  const after = addressBytes(newAddress, 'newAddress');
  if (before.length !== after.length) {
    throw new TypeError(
      `oldAddress and newAddress must be of the same IP version, got ${describe(oldAddress)} and ${describe(newAddress)}`,
    );
  }
  return fixChecksum(segment, addressSum(before), addressSum(after));
}
