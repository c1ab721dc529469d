/**
 * The pseudo-header the TCP checksum covers: the IPv4 one of RFC 9293 §3.1 and the IPv6 one of
 * RFC 8200 §8.1, checked and summed.
 *
 * Internal: not exported from the package; `PseudoHeader` and {@link pseudoHeaderSum} are, from the
 * package's entry.
 *
 * @module
 */
import { addressBytes, type IpAddress } from '../address.ts';
import { assertInteger, describe } from '../guards.ts';
import { MOD } from './sum.ts';

/**
 * The addresses and length of the pseudo-header the TCP checksum covers (RFC 9293 §3.1 for IPv4,
 * RFC 8200 §8.1 for IPv6).
 *
 * For IPv6 with a routing header, `dst` is the final destination, not the next hop (RFC 8200 §8.1).
 *
 * @example
 * ```ts
 * const pseudo: PseudoHeader = { src: '192.0.2.1', dst: '198.51.100.7' };
 * const v6: PseudoHeader = { src: '2001:db8::1', dst: Uint8Array.from(dstBytes), length: 1480 };
 * ```
 */
export interface PseudoHeader {
  /** Source address: text, or 4 (IPv4) or 16 (IPv6) bytes. */
  src: IpAddress;
  /** Destination address, of the same IP version as `src`. */
  dst: IpAddress;
  /**
   * The upper-layer length in the pseudo-header: 0..65535 for IPv4 (16 bits), 0..2^32-1 for IPv6
   * (32 bits, RFC 8200 §8.1). Default: the segment's length in bytes, which is right in nearly every
   * case, including TSO captures whose IPv4 total length field is 0.
   */
  length?: number;
}

/** The protocol number of TCP, the next-header byte of the pseudo-header (RFC 9293 §3.1, IANA). */
const IP_PROTOCOL_TCP = 6;
/** The pseudo-header's length field: 16 bits for IPv4 (RFC 9293 §3.1), 32 for IPv6 (RFC 8200 §8.1). */
const IPV4_MAX_LENGTH = 0xffff;
const IPV6_MAX_LENGTH = 0xffffffff;

/** Sum mod 0xFFFF of the big-endian 16-bit words of an address (4 or 16 bytes). */
export function addressSum(address: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < address.length; i += 2) sum += (address[i]! << 8) | address[i + 1]!;
  return sum % MOD;
}

/**
 * Checks `pseudo` and returns the sum mod 0xFFFF of its pseudo-header, whose length field holds
 * `length` (or `pseudo.length` when that is set). `segmentLength` is the segment's real length, for
 * the IPv4 limit; `lengthLabel` names where the length came from.
 */
function pseudoSum(pseudo: unknown, length: unknown, lengthLabel: string, segmentLength?: number): number {
  if (typeof pseudo !== 'object' || pseudo === null) {
    throw new TypeError(`pseudo must be an object { src, dst, length? }, got ${describe(pseudo)}`);
  }
  const { src, dst } = pseudo as { src?: unknown; dst?: unknown };
  const srcBytes = addressBytes(src, 'pseudo.src');
  const dstBytes = addressBytes(dst, 'pseudo.dst');
  if (srcBytes.length !== dstBytes.length) {
    throw new TypeError(
      `pseudo.src and pseudo.dst must be of the same IP version, got ${describe(src)} and ${describe(dst)}`,
    );
  }
  const ipv4 = srcBytes.length === 4;
  const max = ipv4 ? IPV4_MAX_LENGTH : IPV6_MAX_LENGTH;
  if (segmentLength !== undefined && segmentLength > max) {
    throw new RangeError(
      ipv4
        ? `an IPv4 segment must be at most 65535 bytes (the pseudo-header's length is 16 bits, RFC 9293 §3.1), got ${segmentLength}`
        : `an IPv6 segment must be at most 4294967295 bytes (RFC 8200 §8.1), got ${segmentLength}`,
    );
  }
  assertInteger(length, lengthLabel, 0, max);
  // IPv4: src, dst, zero + protocol, TCP length (RFC 9293 §3.1). IPv6: src, dst, 32-bit length,
  // three zero bytes + next header (RFC 8200 §8.1). Either way the same words, mod 0xFFFF.
  return (
    (addressSum(srcBytes) + addressSum(dstBytes) + IP_PROTOCOL_TCP + (length >>> 16) + (length & 0xffff)) %
    MOD
  );
}

/**
 * The partial checksum that checksum offload leaves in the field (Linux `CHECKSUM_PARTIAL`): the
 * folded ones' complement sum of the pseudo-header alone, not complemented (RFC 9293 §3.1,
 * RFC 8200 §8.1). A captured segment whose checksum equals this was captured on the sending host
 * before the NIC finished it.
 *
 * @param pseudo - the addresses (and, if `length` is not given, the length)
 * @param length - the upper-layer length, default `pseudo.length`
 * @returns 0x0001..0xFFFF (the sum is never zero, since the protocol number is in it)
 * @throws `TypeError` for addresses that are not addresses or of different IP versions, or no
 *   length at all; `RangeError` for a length beyond 0..65535 (IPv4) or 0..2^32-1 (IPv6)
 * @example
 * ```ts
 * const partial = pseudoHeaderSum({ src: '10.0.0.1', dst: '10.0.0.2' }, segment.length);
 * const offloaded = ((segment[16] << 8) | segment[17]) === partial;
 * ```
 */
export function pseudoHeaderSum(pseudo: PseudoHeader, length?: number): number {
  const given = length ?? (typeof pseudo === 'object' && pseudo !== null ? pseudo.length : undefined);
  const sum = pseudoSum(pseudo, given, length === undefined ? 'pseudo.length' : 'length');
  return sum === 0 ? MOD : sum; // end-around carry folds a non-zero multiple of 0xFFFF to 0xFFFF
}

/** The pseudo-header's sum for a segment: `pseudo.length`, or the segment's own length. */
export function pseudoSumFor(pseudo: unknown, segmentLength: number): number {
  const given =
    typeof pseudo === 'object' && pseudo !== null ? (pseudo as { length?: unknown }).length : undefined;
  return pseudoSum(pseudo, given ?? segmentLength, 'pseudo.length', segmentLength);
}
