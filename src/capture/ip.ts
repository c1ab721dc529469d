/**
 * IP down to a TCP segment: the version the link layer names (or the header's version nibble)
 * picks the IPv4 (RFC 791) or IPv6 (RFC 8200) walk, each the way tcpdump 4.99.3 walks it.
 *
 * @module
 */
import type { CapturedTcp } from './captured.ts';
import { walkIpv4 } from './ipv4.ts';
import { walkIpv6 } from './ipv6.ts';
import type { LinkPayload } from './link.ts';

/**
 * Walks the IP packet the link layer points to, down to TCP.
 *
 * @param frame - the frame's captured bytes
 * @param link - where the IP header starts and ends, and what tcpdump printed for the link layer
 * @returns the TCP segment and tcpdump's text for the layers, or null when the packet does not carry
 *   a TCP segment tcpdump would print (another protocol, a later fragment, a header cut or invalid)
 * @example
 * ```ts
 * const link = linkPayload(frame.linkType, frame.data, frame.originalLength, {});
 * const tcp = link === null ? null : walkIp(frame.data, link);
 * ```
 */
export function walkIp(frame: Uint8Array, link: LinkPayload): CapturedTcp | null {
  const data = link.end < frame.length ? frame.subarray(0, link.end) : frame;
  const at = link.offset;
  const linkPrefix = link.prefix;
  if (link.network === 'ip') {
    // tcpdump's ipN_print: the version nibble decides.
    if (data.length <= at) return null;
    const version = data[at]! >> 4;
    if (version === 4) return walkIpv4(data, at, link.length, linkPrefix);
    if (version === 6) return walkIpv6(data, at, link.length, linkPrefix);
    return null;
  }
  return link.network === 'ipv4'
    ? walkIpv4(data, at, link.length, linkPrefix)
    : walkIpv6(data, at, link.length, linkPrefix);
}
