/**
 * The IP Authentication Header (RFC 4302) as tcpdump's `ah_print` prints it, and the walk over the
 * AH headers between IPv4 or IPv6 and TCP that `ip_print` and `ip6_print` both make.
 *
 * @module
 */
import { u16, u32 } from './frame.ts';
import { PROTOCOL } from './ip-protocol.ts';

/** tcpdump's `ah_print` (RFC 4302 §2): `AH(spi=0x...,seq=0x...,icv=0x...): `; null when cut. */
function authenticationHeader(
  data: Uint8Array,
  at: number,
  end: number,
): { text: string; next: number; length: number } | null {
  if (at + 12 > end) return null;
  const length = (data[at + 1]! + 2) * 4;
  if (at + length > end) return null;
  const reserved = u16(data, at + 2, false);
  let text = 'AH(';
  if (reserved !== 0) text += `reserved=0x${reserved.toString(16)}[MustBeZero],`;
  text += `spi=0x${u32(data, at + 4, false)
    .toString(16)
    .padStart(8, '0')},`;
  text += `seq=0x${u32(data, at + 8, false).toString(16)},icv=0x`;
  for (let i = at + 12; i < at + length; i++) text += data[i]!.toString(16).padStart(2, '0');
  return { text: `${text}): `, next: data[at]!, length };
}

/**
 * Where a walk over AH headers (RFC 4302 §2) ended: tcpdump's text for them, the protocol after the
 * last, where that starts and how many of the packet's bytes are left from there.
 *
 * @example
 * ```ts
 * const walked: AuthenticationWalk = { text: 'AH(spi=0x00001234,seq=0x1,icv=0x): ', next: 6, at: 32, remaining: 20 };
 * ```
 */
export interface AuthenticationWalk {
  /** `AH(spi=0x...,seq=0x...,icv=0x...): ` for each header walked. */
  text: string;
  /** The protocol number (IANA) after the last AH header. */
  next: number;
  /** Where that protocol's header starts. */
  at: number;
  /** The packet's bytes from `at` on, by the IP header's length. */
  remaining: number;
}

/**
 * Walks the AH headers (RFC 4302 §2) from `at` on, as tcpdump's `ip_print` and `ip6_print` loop
 * over `ah_print`, to the first header that is not AH.
 *
 * @param data - the frame's bytes, cut where the link layer ends
 * @param at - where the first AH header starts
 * @param end - where the packet's captured bytes end
 * @param remaining - the packet's bytes from `at` on, by the IP header's length
 * @returns the text and where the walk ended; null when a header is cut or runs past `remaining`
 *   (tcpdump stops there)
 * @example
 * ```ts
 * if (protocol === PROTOCOL.AH) {
 *   const ah = walkAuthentication(data, next, end, remaining);
 *   if (ah === null) return null;
 *   prefix += ah.text;
 * }
 * ```
 */
export function walkAuthentication(
  data: Uint8Array,
  at: number,
  end: number,
  remaining: number,
): AuthenticationWalk | null {
  const walked: AuthenticationWalk = { text: '', next: PROTOCOL.AH, at, remaining };
  while (walked.next === PROTOCOL.AH) {
    const ah = authenticationHeader(data, walked.at, end);
    if (ah === null || ah.length > walked.remaining) return null;
    walked.text += ah.text;
    walked.next = ah.next;
    walked.at += ah.length;
    walked.remaining -= ah.length;
  }
  return walked;
}
