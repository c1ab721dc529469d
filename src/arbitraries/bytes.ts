// Well-formed wire bytes: a canonical header encoded, then a random payload (`tcpHeaderBytes`).
import type { Arbitrary } from 'fast-check';
import { assertInteger } from '../guards.ts';
import { encode } from '../header.ts';
import { bytes, type FastCheckApi } from './api.ts';
import { headerArbitrary, planHeader, type TcpHeaderConstraints } from './header.ts';

/**
 * Settings for {@link tcpHeaderBytes}: those of {@link tcpHeader}, and the payload's length.
 *
 * @example
 * ```ts
 * const headersOnly: TcpHeaderBytesConstraints = { maxPayloadLength: 0 }; // headers without payload
 * ```
 */
export interface TcpHeaderBytesConstraints extends TcpHeaderConstraints {
  /** Longest payload after the header, 0..65535 bytes (default 32; 0 for the header alone). */
  maxPayloadLength?: number;
}

/**
 * Bytes that `decode` accepts: a {@link tcpHeader} encoded, then a random payload (RFC 9293 §3.1).
 * Among them are headers with non-zero bytes after an EOL, which are valid (that is padding, kept and
 * re-encoded as is), and headers whose options end in the zero fill `encode` adds.
 *
 * @param fc - your fast-check
 * @param constraints - those of {@link tcpHeader}, plus `maxPayloadLength`
 * @returns an arbitrary of segments: header bytes, then payload
 * @throws `TypeError` / `RangeError` as {@link tcpHeader}, and for `maxPayloadLength` out of 0..65535
 * @example
 * ```ts
 * fc.assert(fc.property(tcpHeaderBytes(fc), (segment) => {
 *   const { header, payload } = decodeSegment(segment); // never throws (RFC 9293 §3.1)
 *   expect(header.dataOffset * 4 + payload.length).toBe(segment.length);
 * }));
 * ```
 */
export function tcpHeaderBytes(
  fc: FastCheckApi,
  constraints: TcpHeaderBytesConstraints = {},
): Arbitrary<Uint8Array> {
  const label = 'tcpHeaderBytes constraints';
  const plan = planHeader(constraints, label, ['maxPayloadLength']);
  const maxPayload = constraints.maxPayloadLength ?? 32;
  assertInteger(maxPayload, `${label}.maxPayloadLength`, 0, 0xffff);
  return fc.tuple(headerArbitrary(fc, plan), bytes(fc, 0, maxPayload)).map(([header, payload]) => {
    const head = encode(header);
    const segment = new Uint8Array(head.length + payload.length);
    segment.set(head);
    segment.set(payload, head.length);
    return segment;
  });
}
