/**
 * IPv6 (RFC 8200) down to a TCP segment, walked the way tcpdump 4.99.3's `ip6_print` walks it
 * (`print-ip6.c`, `print-ip6opts.c`, `print-frag6.c`): the header, then the extension headers one
 * step each (Hop-by-Hop and Destination Options, Fragment, Routing), then AH and TCP.
 *
 * @module
 */
import { ipv6Text } from '../address.ts';
import { walkAuthentication } from './ah.ts';
import { CapturedSegment, type CapturedTcp } from './captured.ts';
import { u16, u32 } from './frame.ts';
import { PROTOCOL } from './ip-protocol.ts';
import { routingHeader } from './ipv6-routing.ts';

/** Protocols whose printers print the addresses themselves (tcpdump's `ip_print` / `ip6_print`). */
const PRINTS_OWN_ADDRESSES = new Set([PROTOCOL.TCP, PROTOCOL.UDP, PROTOCOL.DCCP, PROTOCOL.SCTP]);
const IPV6_HEADER = 40;
/** RFC 8200 §4.5: the offset bits of the fragment header's offset word. */
const IPV6_OFFSET_MASK = 0xfff8;
/** RFC 8200 §4.2 option types with fixed lengths tcpdump checks (`ip6_opt_process`). */
const IPV6_OPTION = { PAD1: 0, ROUTER_ALERT: 0x05, JUMBO: 0xc2, HOME_ADDRESS: 0xc9 };

/** Where tcpdump's walk over an IPv6 packet is, and what it has printed and found on the way. */
interface Ipv6Walk {
  /** The frame's bytes, where the IPv6 header starts, and the packet's length by the link layer. */
  readonly data: Uint8Array;
  readonly at: number;
  readonly length: number;
  /** The text so far. */
  prefix: string;
  /** The IPv6 header's Payload Length, or the Jumbo Payload length (RFC 2675) once one is found. */
  payloadLength: number;
  /** The header at `cursor`: its protocol number, and how far the next one is from it. */
  next: number;
  cursor: number;
  advance: number;
  /** Where the packet's captured bytes end, the bytes left of it past `cursor`, and those walked. */
  end: number;
  remaining: number;
  walked: number;
  /** Where the Routing header's final destination is; -1: none. */
  finalAt: number;
  foundExtension: boolean;
  foundJumbo: boolean;
  fragmented: boolean;
}

/**
 * tcpdump's `ip6_print` (4.99.3): the IPv6 header (RFC 8200 §3), the extension headers (§4), then
 * TCP (after any AH headers, RFC 4302).
 *
 * @param data - the frame's bytes, cut where the link layer ends
 * @param at - where the IPv6 header starts
 * @param length - the packet's length by the link layer (or the record's original length)
 * @param linkPrefix - what tcpdump printed for the link layer
 * @returns the TCP segment and tcpdump's text for the layers; null when tcpdump would print no TCP
 * @example
 * ```ts
 * const tcp = walkIpv6(data, link.offset, link.length, link.prefix);
 * ```
 */
export function walkIpv6(
  data: Uint8Array,
  at: number,
  length: number,
  linkPrefix: string,
): CapturedTcp | null {
  if (data.length - at < IPV6_HEADER || length < IPV6_HEADER) return null;
  if (data[at]! >> 4 !== 6) return null;
  const walk = startWalk(data, at, length, linkPrefix);
  const firstNext = walk.next;
  // tcpdump's loop runs while its cursor is inside the capture; here every header either fails
  // (return null), or moves the cursor on by at least 8 bytes within it, so the walk ends in a return.
  for (;;) {
    if (walk.remaining < walk.advance) return null;
    walk.cursor += walk.advance;
    walk.remaining -= walk.advance;
    walk.walked += walk.advance;
    if (walk.cursor === at + IPV6_HEADER && !PRINTS_OWN_ADDRESSES.has(walk.next)) {
      walk.prefix += `${ipv6Text(data, at + 8)} > ${ipv6Text(data, at + 24)}: `;
    }
    switch (walk.next) {
      case PROTOCOL.HOP_BY_HOP:
      case PROTOCOL.DESTINATION:
        if (!optionsHeader(walk)) return null;
        break;
      case PROTOCOL.FRAGMENT:
        if (!fragmentHeader(walk)) return null;
        break;
      case PROTOCOL.ROUTING:
        if (!routingStep(walk)) return null;
        break;
      default:
        return upperLayer(walk, firstNext);
    }
  }
}

/** The walk at the IPv6 header: its Payload Length, and the packet's end by it (or by the link layer for 0). */
function startWalk(data: Uint8Array, at: number, length: number, linkPrefix: string): Ipv6Walk {
  let prefix = `${linkPrefix}IP6 `;
  const payloadLength = u16(data, at + 4, false);
  let total: number;
  if (payloadLength !== 0) {
    total = payloadLength + IPV6_HEADER;
    if (length < total) prefix += `truncated-ip6 - ${total - length} bytes missing!`;
  } else {
    total = length + IPV6_HEADER;
  }
  return {
    data,
    at,
    length,
    prefix,
    payloadLength,
    next: data[at + 6]!,
    cursor: at,
    advance: IPV6_HEADER,
    end: Math.min(data.length, at + total),
    remaining: total,
    walked: 0,
    finalAt: -1,
    foundExtension: false,
    foundJumbo: false,
    fragmented: false,
  };
}

/** A Hop-by-Hop or Destination Options header (RFC 8200 §4.3, §4.6); false where tcpdump stops. */
function optionsHeader(walk: Ipv6Walk): boolean {
  const { data, cursor } = walk;
  if (cursor + 2 > walk.end) return false;
  walk.advance = (data[cursor + 1]! + 1) * 8;
  if (cursor + walk.advance > walk.end) return false;
  const hopByHop = walk.next === PROTOCOL.HOP_BY_HOP;
  walk.prefix += hopByHop ? 'HBH ' : 'DSTOPT ';
  if (hopByHop) {
    const jumbo = optionsJumbo(data, cursor + 2, cursor + walk.advance, walk.payloadLength);
    if (jumbo === null) return false;
    if (jumbo > 0) {
      walk.foundJumbo = true;
      walk.payloadLength = jumbo;
    }
  }
  walk.foundExtension = true;
  walk.next = data[cursor]!;
  return true;
}

/**
 * tcpdump's `frag6_print` (RFC 8200 §4.5): `frag (offset|length) `; false where tcpdump stops,
 * as at a later fragment (only the first holds the TCP header).
 */
function fragmentHeader(walk: Ipv6Walk): boolean {
  const { data, at, cursor } = walk;
  if (cursor + 8 > walk.end) return false;
  const offset = u16(data, cursor + 2, false) & IPV6_OFFSET_MASK;
  const fragmentLength = (IPV6_HEADER + u16(data, at + 4, false) - (cursor - at) - 8) >>> 0;
  walk.prefix += `frag (${offset}|${fragmentLength})`;
  if (offset !== 0) return false;
  walk.prefix += ' ';
  walk.advance = 8;
  if (walk.end <= cursor + walk.advance) return false;
  walk.foundExtension = true;
  walk.fragmented = true;
  walk.next = data[cursor]!;
  return true;
}

/** A Routing header (RFC 8200 §4.4), keeping its final destination; false where tcpdump stops. */
function routingStep(walk: Ipv6Walk): boolean {
  const routing = routingHeader(walk.data, walk.cursor, walk.end);
  if (routing === null) return false;
  walk.prefix += routing.text;
  if (routing.destination >= 0) walk.finalAt = routing.destination;
  walk.advance = routing.length;
  walk.foundExtension = true;
  walk.next = walk.data[walk.cursor]!;
  return true;
}

/**
 * Past the extension headers: the packet's end by a Jumbo Payload length (RFC 2675) or a zero
 * Payload Length, then any AH headers, then TCP; null when tcpdump prints no TCP.
 */
function upperLayer(walk: Ipv6Walk, firstNext: number): CapturedTcp | null {
  const { data, at, length } = walk;
  if (walk.foundJumbo) {
    const total = walk.payloadLength + IPV6_HEADER;
    if (total < walk.walked) return null;
    if (length < total) walk.prefix += `truncated-ip6 - ${total - length} bytes missing!`;
    walk.end = Math.min(data.length, at + total);
    walk.remaining = total - walk.walked;
  } else if (walk.payloadLength === 0) {
    if (walk.foundExtension) return null;
    walk.end = Math.min(walk.end, at + IPV6_HEADER);
    walk.remaining = 0;
  }
  if (walk.next === PROTOCOL.AH) {
    const ah = walkAuthentication(data, walk.cursor, walk.end, walk.remaining);
    if (ah === null) return null;
    walk.prefix += ah.text;
    walk.next = ah.next;
    walk.cursor = ah.at;
    walk.remaining = ah.remaining;
  }
  if (walk.next !== PROTOCOL.TCP) return null;
  const { cursor, end } = walk;
  const segment = data.subarray(cursor, Math.max(cursor, end));
  return new CapturedSegment(6, data, at + 8, walk.finalAt, segment, walk.remaining, walk.fragmented, {
    prefix: walk.prefix,
    addresses: firstNext === PROTOCOL.TCP,
    line: null,
  });
}

/**
 * tcpdump's `ip6_opt_process` over a Hop-by-Hop header's options (RFC 8200 §4.2): the Jumbo Payload
 * length (RFC 2675) when a valid one is there, 0 when none is, null when an option is malformed
 * (tcpdump stops there).
 */
function optionsJumbo(data: Uint8Array, start: number, end: number, payloadLength: number): number | null {
  let jumbo = 0;
  let seen = false;
  for (let i = start; i < end; ) {
    const type = data[i]!;
    let length = 1;
    if (type !== IPV6_OPTION.PAD1) {
      if (end - i < 2) return null;
      length = data[i + 1]! + 2;
    }
    if (end - i < length) return null;
    if (type === IPV6_OPTION.ROUTER_ALERT && length !== 4) return null;
    if (type === IPV6_OPTION.HOME_ADDRESS && length < 18) return null;
    if (type === IPV6_OPTION.JUMBO) {
      if (length !== 6) return null;
      const value = u32(data, i + 2, false);
      // Only the first, with a zero payload length in the IPv6 header and at least 65536, counts.
      if (!seen && payloadLength === 0 && value >= 65536) jumbo = value;
      seen = true;
    }
    i += length;
  }
  return jumbo;
}
