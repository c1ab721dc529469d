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

const EMPTY: Uint8Array = new Uint8Array(0);

/** What {@link segmentSum} finds in a segment. */
interface SegmentSum {
  /** Sum of all words mod 0xFFFF, the checksum field included. */
  sum: number;
  /** Length in bytes. */
  length: number;
  /** The checksum field as it is. */
  field: number;
  /** The chunks holding the field's two bytes and where in them, as this pass read them. */
  high: Uint8Array;
  highAt: number;
  low: Uint8Array;
  lowAt: number;
}

/** The error for a segment shorter than the fixed header (RFC 9293 §3.1). */
export const tooShort = (length: number): RangeError =>
  new RangeError(`segment must hold at least ${TCP_MIN_HEADER_LENGTH} bytes (a TCP header), got ${length}`);

/** Checks `segment` and sums it, carrying byte parity across chunks. */
function segmentSum(segment: unknown): SegmentSum {
  const at = TCP_FIELD.CHECKSUM;
  if (isBytes(segment)) {
    if (segment.length < TCP_MIN_HEADER_LENGTH) throw tooShort(segment.length);
    const field = u16(segment, at);
    return {
      sum: sumWords(segment),
      length: segment.length,
      field,
      high: segment,
      highAt: at,
      low: segment,
      lowAt: at + 1,
    };
  }
  if (!Array.isArray(segment)) {
    throw new TypeError(
      `segment must be a Uint8Array or an array of Uint8Array chunks, got ${describe(segment)}`,
    );
  }
  let sum = 0;
  let length = 0;
  let field = 0;
  let high = EMPTY;
  let highAt = 0;
  let low = EMPTY;
  let lowAt = 0;
  // The array and each chunk are read once: writeTcpChecksum writes into the chunks this pass read.
  const count: number = segment.length;
  for (let i = 0; i < count; i++) {
    const chunk: unknown = segment[i];
    if (!isBytes(chunk)) assertBytes(chunk, `segment[${i}]`); // the label only when it throws
    const size = chunk.length;
    const s = sumWords(chunk);
    sum += length % 2 === 0 ? s : (s * 256) % MOD;
    if (length <= at && at < length + size) {
      high = chunk;
      highAt = at - length;
      field += chunk[highAt]! << 8;
    }
    if (length <= at + 1 && at + 1 < length + size) {
      low = chunk;
      lowAt = at + 1 - length;
      field += chunk[lowAt]!;
    }
    length += size;
  }
  if (length < TCP_MIN_HEADER_LENGTH) throw tooShort(length);
  return { sum: sum % MOD, length, field, high, highAt, low, lowAt };
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
  return checksumOf(segmentSum(segment), pseudo);
}

/** The checksum of a summed segment: its sum with the field counted as zero, plus the pseudo-header's. */
function checksumOf(s: SegmentSum, pseudo: PseudoHeader): number {
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
  const s = segmentSum(segment);
  const checksum = checksumOf(s, pseudo);
  // Into the bytes the sum was taken over, not a second walk of the segment that may find others.
  s.high[s.highAt] = checksum >>> 8;
  s.low[s.lowAt] = checksum & 0xff;
  return checksum;
}
