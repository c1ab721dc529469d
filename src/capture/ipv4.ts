/**
 * IPv4 (RFC 791) down to a TCP segment, walked the way tcpdump 4.99.3's `ip_print` walks it
 * (`print-ip.c`): the header, the source route the checksum uses, then any AH headers.
 *
 * @module
 */
import { ipv4Text } from '../address.ts';
import { walkAuthentication } from './ah.ts';
import { CapturedSegment, type CapturedTcp } from './captured.ts';
import { u16 } from './frame.ts';
import { PROTOCOL } from './ip-protocol.ts';

const IPV4_HEADER = 20;
/** RFC 791 §3.1: the more-fragments flag and the fragment offset in the flags/offset word. */
const IPV4_MORE_FRAGMENTS = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;
/** RFC 791 §3.1 option kinds: end, no-op, loose and strict source route. */
const IPV4_OPTION = { EOL: 0, NOP: 1, LSRR: 131, SSRR: 137 };

/**
 * tcpdump's `ip_print` (4.99.3): the IPv4 header (RFC 791 §3.1), then TCP (after any AH headers,
 * RFC 4302).
 *
 * @param data - the frame's bytes, cut where the link layer ends
 * @param at - where the IPv4 header starts
 * @param length - the packet's length by the link layer (or the record's original length)
 * @param linkPrefix - what tcpdump printed for the link layer
 * @returns the TCP segment and tcpdump's text for the layers; null when tcpdump would print no TCP
 * @example
 * ```ts
 * const tcp = walkIpv4(data, link.offset, link.length, link.prefix);
 * ```
 */
export function walkIpv4(
  data: Uint8Array,
  at: number,
  length: number,
  linkPrefix: string,
): CapturedTcp | null {
  if (data.length - at < IPV4_HEADER || length < IPV4_HEADER) return null;
  if (data[at]! >> 4 !== 4) return null;
  const headerLength = (data[at]! & 0x0f) * 4;
  if (headerLength < IPV4_HEADER) return null;
  const totalLength = u16(data, at + 2, false);
  let prefix = `${linkPrefix}IP `;
  if (length < totalLength) prefix += `truncated-ip - ${totalLength - length} bytes missing! `;
  const flagsOffset = u16(data, at + 6, false);
  // Only the first fragment holds the TCP header (RFC 791 §3.2); tcpdump prints `ip-proto-6` for others.
  const laterFragment = (flagsOffset & IPV4_OFFSET_MASK) !== 0;
  let protocol = data[at + 9]!;
  const finalAt = ipv4FinalDestination(data, at, headerLength);
  const fragmented = (flagsOffset & IPV4_MORE_FRAGMENTS) !== 0;
  if (totalLength < headerLength) {
    // tcpdump is built without GUESS_TSO: it stops here. The segment, as Wireshark takes it, runs to
    // the end of the frame (a TSO send with total length 0).
    if (protocol !== PROTOCOL.TCP || laterFragment) return null;
    const line = `${prefix}bad-len ${totalLength}`;
    const segment = data.subarray(at + headerLength);
    // A header that claims more bytes than the packet holds leaves no segment: length 0, never below.
    const segmentLength = Math.max(0, length - headerLength);
    return new CapturedSegment(4, data, at + 12, finalAt, segment, segmentLength, fragmented, {
      prefix,
      addresses: true,
      line,
    });
  }
  if (laterFragment || data.length - at < headerLength) return null;
  const end = Math.min(data.length, at + totalLength);
  if (protocol !== PROTOCOL.TCP) prefix += `${ipv4Text(data, at + 12)} > ${ipv4Text(data, at + 16)}: `;
  let next = at + headerLength;
  let remaining = totalLength - headerLength;
  if (protocol === PROTOCOL.AH) {
    const ah = walkAuthentication(data, next, end, remaining);
    if (ah === null) return null;
    prefix += ah.text;
    protocol = ah.next;
    next = ah.at;
    remaining = ah.remaining;
  }
  if (protocol !== PROTOCOL.TCP) return null;
  const segment = data.subarray(next, Math.max(next, end));
  return new CapturedSegment(4, data, at + 12, finalAt, segment, remaining, fragmented, {
    prefix,
    addresses: data[at + 9] === PROTOCOL.TCP,
    line: null,
  });
}

/**
 * Where the last address of the first loose or strict source route option is (tcpdump's
 * `ip_finddst`, which stops at the first route of 7 bytes or more), which the checksum's
 * pseudo-header uses; -1 without one.
 */
function ipv4FinalDestination(data: Uint8Array, at: number, headerLength: number): number {
  let i = at + IPV4_HEADER;
  const end = Math.min(at + headerLength, data.length);
  while (i < end) {
    const kind = data[i]!;
    if (kind === IPV4_OPTION.EOL) break;
    let length = 1;
    if (kind !== IPV4_OPTION.NOP) {
      if (i + 1 >= end) break;
      length = data[i + 1]!;
      if (length < 2 || i + length > end) break;
    }
    if ((kind === IPV4_OPTION.LSRR || kind === IPV4_OPTION.SSRR) && length >= 7) return i + length - 4;
    i += length;
  }
  return -1;
}
