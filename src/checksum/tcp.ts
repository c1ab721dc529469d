/**
 * The TCP checksum (RFC 9293 §3.1): the ones' complement of the ones' complement sum of the
 * pseudo-header and the whole segment, computed, verified and written.
 *
 * - The segment's checksum field counts as zero: its word is taken out of the sum again.
 * - TCP never sends 0xFFFF for a sum of zero (only UDP maps 0 to 0xFFFF, RFC 768): the computed
 *   checksum is 0x0000 then, and verifying accepts 0x0000 and 0xFFFF alike, since both add nothing
 *   mod 0xFFFF.
 * - A segment may come as a list of chunks; a chunk of odd length shifts the byte pairing of the ones
 *   that follow (RFC 1071 §2 (B)), and the checksum field may span two chunks.
 *
 * Internal: not exported from the package; its exports are, from the package's entry.
 *
 * @module
 */
import { u16 } from '../bytes.ts';
import { TCP_FIELD, TCP_MIN_HEADER_LENGTH } from '../constants.ts';
import { assertBytes, describe, isBytes } from '../guards.ts';
import { type PseudoHeader, pseudoSumFor } from './pseudo-header.ts';
import { complement, MOD, sumWords } from './sum.ts';

/**
 * A TCP segment's bytes, header then payload: one `Uint8Array`, or a list of chunks in order (for
 * example the header and the payload apart); a chunk of odd length shifts the byte pairing of the
 * ones that follow, as RFC 9293 §3.1 sums the segment as one byte string.
 *
 * @example
 * ```ts
 * const whole: SegmentBytes = segment;
 * const apart: SegmentBytes = [headerBytes, payload];
 * ```
 */
export type SegmentBytes = Uint8Array | readonly Uint8Array[];

/** What {@link segmentSum} finds in a segment. */
interface SegmentSum {
  /** Sum of all words mod 0xFFFF, the checksum field included. */
  sum: number;
  /** Length in bytes. */
  length: number;
  /** The checksum field as it is. */
  field: number;
}

/** The error for a segment shorter than the fixed header (RFC 9293 §3.1). */
export const tooShort = (length: number): RangeError =>
  new RangeError(`segment must hold at least ${TCP_MIN_HEADER_LENGTH} bytes (a TCP header), got ${length}`);

/** Checks `segment` and sums it, carrying byte parity across chunks. */
function segmentSum(segment: unknown): SegmentSum {
  const at = TCP_FIELD.CHECKSUM;
  if (isBytes(segment)) {
    if (segment.length < TCP_MIN_HEADER_LENGTH) throw tooShort(segment.length);
    return { sum: sumWords(segment), length: segment.length, field: u16(segment, at) };
  }
  if (!Array.isArray(segment)) {
    throw new TypeError(
      `segment must be a Uint8Array or an array of Uint8Array chunks, got ${describe(segment)}`,
    );
  }
  let sum = 0;
  let length = 0;
  let field = 0;
  for (let i = 0; i < segment.length; i++) {
    const chunk: unknown = segment[i];
    if (!isBytes(chunk)) assertBytes(chunk, `segment[${i}]`); // the label only when it throws
    const s = sumWords(chunk);
    sum += length % 2 === 0 ? s : (s * 256) % MOD;
    if (length <= at && at < length + chunk.length) field += chunk[at - length]! << 8;
    if (length <= at + 1 && at + 1 < length + chunk.length) field += chunk[at + 1 - length]!;
    length += chunk.length;
  }
  if (length < TCP_MIN_HEADER_LENGTH) throw tooShort(length);
  return { sum: sum % MOD, length, field };
}

/**
 * Computes the TCP checksum of a segment (RFC 9293 §3.1): over the pseudo-header and every byte of
 * the segment, with the checksum field counted as zero. A zero sum gives 0x0000; TCP does not map it
 * to 0xFFFF.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order
 * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
 * @returns the checksum, 0x0000..0xFFFE
 * @throws `TypeError` for a segment that is not bytes, an address that is not one, or addresses of
 *   different IP versions; `RangeError` for a segment under 20 bytes, an IPv4 segment over 65535
 *   bytes, or a `pseudo.length` out of range
 * @example
 * ```ts
 * const checksum = tcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' });
 * const same = tcpChecksum([header, payload], { src: '2001:db8::1', dst: '2001:db8::2' });
 * ```
 */
export function tcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): number {
  const s = segmentSum(segment);
  const p = pseudoSumFor(pseudo, s.length);
  return complement((s.sum + MOD - (s.field % MOD) + p) % MOD);
}

/**
 * Whether a segment's checksum is right (RFC 9293 §3.1): the sum over pseudo-header and segment,
 * checksum field included, is zero. Both 0x0000 and 0xFFFF pass where the right checksum is 0x0000.
 * A segment captured with checksum offload (its field holds `pseudoHeaderSum`) fails.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order
 * @param pseudo - as for {@link tcpChecksum}
 * @returns true when the checksum is right
 * @throws as {@link tcpChecksum}
 * @example
 * ```ts
 * if (!verifyTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' })) console.log('bad');
 * ```
 */
export function verifyTcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): boolean {
  const s = segmentSum(segment);
  return (s.sum + pseudoSumFor(pseudo, s.length)) % MOD === 0;
}

/** Writes a 16-bit checksum at the field's place, which may span two chunks. */
export function storeChecksum(segment: SegmentBytes, checksum: number): void {
  const at = TCP_FIELD.CHECKSUM;
  if (isBytes(segment)) {
    segment[at] = checksum >>> 8;
    segment[at + 1] = checksum & 0xff;
    return;
  }
  let start = 0;
  for (const chunk of segment) {
    if (start <= at && at < start + chunk.length) chunk[at - start] = checksum >>> 8;
    if (start <= at + 1 && at + 1 < start + chunk.length) chunk[at + 1 - start] = checksum & 0xff;
    start += chunk.length;
    if (start > at + 1) return;
  }
}

/**
 * Computes the checksum as {@link tcpChecksum} does and writes it into the segment's checksum field
 * (bytes 16-17, RFC 9293 §3.1), in whichever chunk holds them.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order; changed
 * @param pseudo - as for {@link tcpChecksum}
 * @returns the checksum written
 * @throws as {@link tcpChecksum}; nothing is written then
 * @example
 * ```ts
 * writeTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' });
 * verifyTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' }); // true
 * ```
 */
export function writeTcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): number {
  const checksum = tcpChecksum(segment, pseudo);
  storeChecksum(segment, checksum);
  return checksum;
}
