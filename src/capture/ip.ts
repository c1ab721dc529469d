/**
 * IPv4 (RFC 791) and IPv6 (RFC 8200) down to a TCP segment, walked the way tcpdump 4.99.3 walks them
 * (`print-ip.c`, `print-ip6.c`, `print-ip6opts.c`, `print-rt6.c`, `print-frag6.c`, `print-ah.c`),
 * keeping the text tcpdump prints for each layer on the way.
 *
 * @module
 */
import { ipv4Text, ipv6Text } from '../format/text.ts';
import { u16, u32 } from './frame.ts';
import type { LinkPayload } from './link.ts';

/**
 * What tcpdump prints for the layers in front of a TCP segment: the link layer, IPv4 (RFC 791) or
 * IPv6 with its extension headers (RFC 8200 §4).
 *
 * @example
 * ```ts
 * const layers: TcpdumpLayers = { prefix: 'IP6 2001:db8::1 > 2001:db8::2: HBH ', addresses: false, line: null };
 * ```
 */
export interface TcpdumpLayers {
  /**
   * The text before TCP's own: `IP `, `IP truncated-ip - 768 bytes missing! `,
   * `IP6 2001:db8::1 > 2001:db8::2: HBH `, `ethertype IPv4, IP ` (a VLAN tag in a Linux cooked header).
   */
  prefix: string;
  /**
   * Whether TCP's text starts with the addresses (`10.0.0.1.80 > 10.0.0.2.5000: `), as when TCP
   * follows the IP header directly, or with the ports alone (`80 > 5000: `), as after IPv6 extension
   * headers or AH.
   */
  addresses: boolean;
  /** The whole line when tcpdump stops before TCP (`IP bad-len 0`); null when it prints TCP. */
  line: string | null;
}

/**
 * A TCP segment (RFC 9293 §3.1) found in a frame, with the IPv4 (RFC 791) or IPv6 (RFC 8200) header
 * it came in. The address views are made when first read (most printing needs only the text forms),
 * so an object spread (`{ ...tcp }`) does not copy them.
 *
 * @example
 * ```ts
 * const tcp: CapturedTcp | null = dissectFrame(frame);
 * if (tcp !== null) console.log(tcp.src, tcp.dst, tcp.segment.length, tcp.segmentLength);
 * ```
 */
export interface CapturedTcp {
  /** IP version of the header in front of TCP. */
  ipVersion: 4 | 6;
  /** Source and destination address as tcpdump prints them. */
  src: string;
  dst: string;
  /** The addresses' bytes (4 or 16), views into the frame. */
  srcAddress: Uint8Array;
  dstAddress: Uint8Array;
  /**
   * The destination the checksum's pseudo-header uses: the last hop of an IPv4 source route option
   * (RFC 791 §3.1) or of an IPv6 Routing header (RFC 8200 §8.1), else `dstAddress`.
   */
  checksumDestination: Uint8Array;
  /** The segment's bytes as captured, cut where the IP packet ends (a view into the frame). */
  segment: Uint8Array;
  /** The segment's length by the IP header; more than `segment.length` when the capture cut it. */
  segmentLength: number;
  /** Whether the packet is the first fragment of a fragmented datagram (its checksum covers more). */
  fragmented: boolean;
  /** What tcpdump prints before TCP's text. */
  tcpdump: TcpdumpLayers;
}

/** IP protocol numbers (IANA): TCP, and the IPv6 extension headers tcpdump walks. */
const PROTOCOL = {
  HOP_BY_HOP: 0,
  TCP: 6,
  UDP: 17,
  ROUTING: 43,
  FRAGMENT: 44,
  AH: 51,
  DESTINATION: 60,
  DCCP: 33,
  SCTP: 132,
};
/** Protocols whose printers print the addresses themselves (tcpdump's `ip_print` / `ip6_print`). */
const PRINTS_OWN_ADDRESSES = new Set([PROTOCOL.TCP, PROTOCOL.UDP, PROTOCOL.DCCP, PROTOCOL.SCTP]);
const IPV4_HEADER = 20;
const IPV6_HEADER = 40;
/** RFC 791 §3.1: the more-fragments flag and the fragment offset in the flags/offset word. */
const IPV4_MORE_FRAGMENTS = 0x2000;
const IPV4_OFFSET_MASK = 0x1fff;
/** RFC 791 §3.1 option kinds: end, no-op, loose and strict source route. */
const IPV4_OPTION = { EOL: 0, NOP: 1, LSRR: 131, SSRR: 137 };
/** RFC 8200 §4.5: the offset bits of the fragment header's offset word. */
const IPV6_OFFSET_MASK = 0xfff8;
/** RFC 8200 §4.2 option types with fixed lengths tcpdump checks (`ip6_opt_process`). */
const IPV6_OPTION = { PAD1: 0, ROUTER_ALERT: 0x05, JUMBO: 0xc2, HOME_ADDRESS: 0xc9 };

/** Recently printed IPv4 addresses by their 32-bit value: captures repeat a few addresses. */
const IPV4_NAMES = new Map<number, string>();
const IPV4_NAMES_MAX = 4096;

/** An IPv4 address as text, from the cache when it was printed lately. */
function ipv4Name(bytes: Uint8Array, at: number): string {
  const key = u32(bytes, at, false);
  let name = IPV4_NAMES.get(key);
  if (name === undefined) {
    if (IPV4_NAMES.size >= IPV4_NAMES_MAX) IPV4_NAMES.clear();
    name = ipv4Text(bytes, at);
    IPV4_NAMES.set(key, name);
  }
  return name;
}

/**
 * {@link CapturedTcp} over the frame's bytes, making the address views on demand. One is made per
 * packet: the fields are `declare`d and set in the constructor, so no build step turns them into
 * `Object.defineProperty` calls.
 */
class CapturedSegment implements CapturedTcp {
  declare readonly ipVersion: 4 | 6;
  declare readonly src: string;
  declare readonly dst: string;
  declare readonly segment: Uint8Array;
  declare readonly segmentLength: number;
  declare readonly fragmented: boolean;
  declare readonly tcpdump: TcpdumpLayers;
  /** The IP packet's bytes, where its source address starts, and its final destination's offset (-1: none). */
  declare private readonly bytes: Uint8Array;
  declare private readonly addressAt: number;
  declare private readonly finalAt: number;

  constructor(
    ipVersion: 4 | 6,
    bytes: Uint8Array,
    addressAt: number,
    finalAt: number,
    segment: Uint8Array,
    segmentLength: number,
    fragmented: boolean,
    tcpdump: TcpdumpLayers,
  ) {
    this.ipVersion = ipVersion;
    this.bytes = bytes;
    this.addressAt = addressAt;
    this.finalAt = finalAt;
    this.src = ipVersion === 4 ? ipv4Name(bytes, addressAt) : ipv6Text(bytes, addressAt);
    this.dst = ipVersion === 4 ? ipv4Name(bytes, addressAt + 4) : ipv6Text(bytes, addressAt + 16);
    this.segment = segment;
    this.segmentLength = segmentLength;
    this.fragmented = fragmented;
    this.tcpdump = tcpdump;
  }

  get srcAddress(): Uint8Array {
    const size = this.ipVersion === 4 ? 4 : 16;
    return this.bytes.subarray(this.addressAt, this.addressAt + size);
  }

  get dstAddress(): Uint8Array {
    const size = this.ipVersion === 4 ? 4 : 16;
    return this.bytes.subarray(this.addressAt + size, this.addressAt + 2 * size);
  }

  get checksumDestination(): Uint8Array {
    if (this.finalAt < 0) return this.dstAddress;
    return this.bytes.subarray(this.finalAt, this.finalAt + (this.ipVersion === 4 ? 4 : 16));
  }
}

/**
 * Walks the IP packet the link layer points to, down to TCP.
 *
 * @param frame - the frame's captured bytes
 * @param link - where the IP header starts and ends, and what tcpdump printed for the link layer
 * @returns the TCP segment and tcpdump's text for the layers, or null when the packet does not carry
 *   a TCP segment tcpdump would print (another protocol, a later fragment, a header cut or invalid)
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

/** tcpdump's `ip_print` (4.99.3): IPv4 header, then TCP (after any AH headers). */
function walkIpv4(data: Uint8Array, at: number, length: number, linkPrefix: string): CapturedTcp | null {
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
    return new CapturedSegment(4, data, at + 12, finalAt, segment, length - headerLength, fragmented, {
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
  while (protocol === PROTOCOL.AH) {
    const ah = authenticationHeader(data, next, end);
    if (ah === null || ah.length > remaining) return null;
    prefix += ah.text;
    protocol = ah.next;
    next += ah.length;
    remaining -= ah.length;
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

/** tcpdump's `ip6_print` (4.99.3): the header, the extension headers, then TCP. */
function walkIpv6(data: Uint8Array, at: number, length: number, linkPrefix: string): CapturedTcp | null {
  if (data.length - at < IPV6_HEADER || length < IPV6_HEADER) return null;
  if (data[at]! >> 4 !== 6) return null;
  let prefix = `${linkPrefix}IP6 `;
  let payloadLength = u16(data, at + 4, false);
  let total: number;
  if (payloadLength !== 0) {
    total = payloadLength + IPV6_HEADER;
    if (length < total) prefix += `truncated-ip6 - ${total - length} bytes missing!`;
  } else {
    total = length + IPV6_HEADER;
  }
  const firstNext = data[at + 6]!;
  let next = firstNext;
  let end = Math.min(data.length, at + total);
  let finalAt = -1;
  let cursor = at;
  let advance = IPV6_HEADER;
  let remaining = total;
  let walked = 0;
  let foundExtension = false;
  let foundJumbo = false;
  let fragmented = false;
  // tcpdump's loop runs while its cursor is inside the capture; here every header either fails
  // (return null), or moves the cursor on by at least 8 bytes within it, so the walk ends in a return.
  for (;;) {
    if (remaining < advance) return null;
    cursor += advance;
    remaining -= advance;
    walked += advance;
    if (cursor === at + IPV6_HEADER && !PRINTS_OWN_ADDRESSES.has(next)) {
      prefix += `${ipv6Text(data, at + 8)} > ${ipv6Text(data, at + 24)}: `;
    }
    switch (next) {
      case PROTOCOL.HOP_BY_HOP:
      case PROTOCOL.DESTINATION: {
        if (cursor + 2 > end) return null;
        advance = (data[cursor + 1]! + 1) * 8;
        if (cursor + advance > end) return null;
        const hopByHop = next === PROTOCOL.HOP_BY_HOP;
        prefix += hopByHop ? 'HBH ' : 'DSTOPT ';
        if (hopByHop) {
          const jumbo = optionsJumbo(data, cursor + 2, cursor + advance, payloadLength);
          if (jumbo === null) return null;
          if (jumbo > 0) {
            foundJumbo = true;
            payloadLength = jumbo;
          }
        }
        foundExtension = true;
        next = data[cursor]!;
        break;
      }
      case PROTOCOL.FRAGMENT: {
        if (cursor + 8 > end) return null;
        const offset = u16(data, cursor + 2, false) & IPV6_OFFSET_MASK;
        const fragmentLength = (IPV6_HEADER + u16(data, at + 4, false) - (cursor - at) - 8) >>> 0;
        prefix += `frag (${offset}|${fragmentLength})`;
        if (offset !== 0) return null;
        prefix += ' ';
        advance = 8;
        if (end <= cursor + advance) return null;
        foundExtension = true;
        fragmented = true;
        next = data[cursor]!;
        break;
      }
      case PROTOCOL.ROUTING: {
        const routing = routingHeader(data, cursor, end);
        if (routing === null) return null;
        prefix += routing.text;
        if (routing.destination >= 0) finalAt = routing.destination;
        advance = routing.length;
        foundExtension = true;
        next = data[cursor]!;
        break;
      }
      default: {
        if (foundJumbo) {
          total = payloadLength + IPV6_HEADER;
          if (total < walked) return null;
          if (length < total) prefix += `truncated-ip6 - ${total - length} bytes missing!`;
          end = Math.min(data.length, at + total);
          remaining = total - walked;
        } else if (payloadLength === 0) {
          if (foundExtension) return null;
          end = Math.min(end, at + IPV6_HEADER);
          remaining = 0;
        }
        while (next === PROTOCOL.AH) {
          const ah = authenticationHeader(data, cursor, end);
          if (ah === null || ah.length > remaining) return null;
          prefix += ah.text;
          next = ah.next;
          cursor += ah.length;
          remaining -= ah.length;
        }
        if (next !== PROTOCOL.TCP) return null;
        const segment = data.subarray(cursor, Math.max(cursor, end));
        return new CapturedSegment(6, data, at + 8, finalAt, segment, remaining, fragmented, {
          prefix,
          addresses: firstNext === PROTOCOL.TCP,
          line: null,
        });
      }
    }
  }
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

/**
 * tcpdump's `rt6_print`: `RT6 (len=4, type=0 [Deprecated], segleft=1, [0]addr, [1]addr) ` for
 * types 0 and 2 (RFC 2460 §4.4, RFC 6275 §6.4) and the Segment Routing Header (type 4, RFC 8754);
 * null for another type or a cut header (tcpdump stops there). Also where the final destination the
 * checksum uses is (tcpdump's `ip6_finddst`), -1 for an empty route.
 */
function routingHeader(
  data: Uint8Array,
  at: number,
  end: number,
): { text: string; length: number; destination: number } | null {
  if (at + 8 > end) return null;
  const units = data[at + 1]!;
  const type = data[at + 2]!;
  let text = `RT6 (len=${units}, type=${type}${type === 0 ? ' [Deprecated]' : ''}, segleft=${data[at + 3]}`;
  const length = (units + 1) * 8;
  const first = at + 8;
  let count: number;
  let destination = -1;
  if (type === 0 || type === 2) {
    const reserved = u32(data, at + 4, false);
    if (reserved !== 0) text += `, rsv=0x${reserved.toString(16)}`;
    if (units % 2 === 1) return null;
    count = units / 2;
  } else if (type === 4) {
    const lastEntry = data[at + 4]!;
    const flags = data[at + 5]!;
    text += `, last-entry=${lastEntry}`;
    if (flags !== 0) text += `, flags=0x${flags.toString(16)}`;
    text += `, tag=${u16(data, at + 6, false).toString(16)}`;
    if (units % 2 === 1) return null;
    // tcpdump 4.99.3 prints the addresses the header's length holds, whatever Last Entry says.
    count = units / 2;
  } else {
    return null;
  }
  for (let i = 0; i < count; i++) {
    const address = first + 16 * i;
    if (address + 16 > end) return null;
    text += `, [${i}]${ipv6Text(data, address)}`;
  }
  if (count > 0) {
    // Types 0 and 2 list the route in order, the last hop last; an SRH lists it reversed (RFC 8754 §2).
    destination = type === 4 ? first : first + 16 * (count - 1);
  }
  return { text: `${text}) `, length, destination };
}
