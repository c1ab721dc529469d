/**
 * A whole segment in one call: the header encoded, the payload appended and, given a pseudo-header,
 * the TCP checksum written (RFC 9293 §3.1). It sits above both the header codec and the checksum.
 *
 * Internal: not exported from the package; {@link encodeSegment} is, from the package's entry.
 *
 * @module
 */
import type { PseudoHeader } from './checksum/pseudo-header.ts';
import { writeTcpChecksum } from './checksum/tcp.ts';
import { assertBytes } from './guards.ts';
import { type EncodeOptions, encode, type TcpHeaderInit } from './header.ts';

/**
 * Encodes a header and appends the payload: the whole segment in one new array (docs/rules.md E1-E8). With a
 * pseudo-header, the checksum is computed over both and written (RFC 9293 §3.1), whatever
 * `header.checksum` said; without one, `header.checksum` is written as given (default 0).
 *
 * @param header - as for `encode`
 * @param payload - the bytes after the header (copied)
 * @param pseudo - the addresses for the checksum; leave out to keep `header.checksum`
 * @param options - `{ craft: true }` as for `encode`
 * @returns header and payload
 * @throws `TypeError` / `RangeError` as `encode` and `tcpChecksum`
 * @example
 * ```ts
 * const segment = encodeSegment(
 *   { srcPort: 443, dstPort: 50000, seq: 1, ack: 1, flags: { ack: true, psh: true }, window: 512 },
 *   new TextEncoder().encode('hello'),
 *   { src: '192.0.2.1', dst: '198.51.100.7' },
 * );
 * ```
 */
export function encodeSegment(
  header: TcpHeaderInit,
  payload: Uint8Array,
  pseudo?: PseudoHeader,
  options: EncodeOptions = {},
): Uint8Array {
  assertBytes(payload, 'payload');
  // One encode, not a length then a write: two passes over `header` could read two different
  // headers, and the payload would then sit where the header's data offset does not say.
  const head = encode(header, options);
  const segment = new Uint8Array(head.length + payload.length);
  segment.set(head);
  segment.set(payload, head.length);
  if (pseudo !== undefined) writeTcpChecksum(segment, pseudo);
  return segment;
}
