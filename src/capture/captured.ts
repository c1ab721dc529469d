/**
 * What the IP walks hand back: the TCP segment found in a frame with its addresses, and the text
 * tcpdump prints for the layers in front of it (`CapturedTcp`, `TcpdumpLayers`).
 *
 * @module
 */
import { ipv4Text, ipv6Text } from '../address.ts';
import { u32 } from './frame.ts';

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
 *
 * @example
 * ```ts
 * // An IPv4 packet at `at`: its addresses at at + 12, no source route (-1).
 * return new CapturedSegment(4, data, at + 12, -1, segment, remaining, false, { prefix, addresses: true, line: null });
 * ```
 */
export class CapturedSegment implements CapturedTcp {
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
