/**
 * Link layers: where the IP packet starts in a frame, for each supported LINKTYPE_ value
 * (https://www.tcpdump.org/linktypes.html), walked the way tcpdump 4.99 walks them. None of these
 * print anything before the IP layer in tcpdump's default output (no `-e`).
 *
 * @module
 */
import { describe } from '../guards.ts';
import { u16, u32 } from './frame.ts';

/**
 * The link types the dissector walks (LINKTYPE_ values of draft-ietf-opsawg-pcaplinktype, listed at
 * tcpdump.org/linktypes.html).
 *
 * @example
 * ```ts
 * if (frame.linkType === LINK_TYPE.ETHERNET) console.log('Ethernet');
 * ```
 */
export const LINK_TYPE = {
  /** BSD loopback: a 4-byte address family in the capturing host's byte order. */
  NULL: 0,
  /** Ethernet II with any number of 802.1Q / 802.1ad tags, or IEEE 802.3 with 802.2 LLC / SNAP. */
  ETHERNET: 1,
  /** PPP (RFC 1661), with or without address and control bytes, compressed protocol field allowed. */
  PPP: 9,
  /** Raw IP: IPv4 or IPv6 by the version nibble. */
  RAW: 101,
  /** OpenBSD loopback: a 4-byte address family in network byte order. */
  LOOP: 108,
  /** Linux cooked capture v1: a 16-byte header ending in the protocol type. */
  LINUX_SLL: 113,
  /** ARCNET with the Linux header (RFC 1051 and RFC 1201 framing). */
  ARCNET_LINUX: 129,
  /** Juniper Ethernet: the "MGC" header with extensions, then Ethernet. */
  JUNIPER_ETHER: 178,
  /** Raw IPv4 (walked like raw IP, as tcpdump does). */
  IPV4: 228,
  /** Raw IPv6 (walked like raw IP, as tcpdump does). */
  IPV6: 229,
  /** IP over InfiniBand: a 44-byte pseudo-header ending in the EtherType. */
  IPOIB: 242,
  /** Linux cooked capture v2: a 20-byte header starting with the protocol type. */
  LINUX_SLL2: 276,
} as const;

/**
 * What follows the link layer: IPv4 (RFC 791), IPv6 (RFC 8200), or either by the version nibble
 * (tcpdump's `ipN_print`).
 *
 * @example
 * ```ts
 * const network: NetworkLayer = 'ip';
 * ```
 */
export type NetworkLayer = 'ipv4' | 'ipv6' | 'ip';

/**
 * Where the network layer (RFC 791 / RFC 8200) starts in a frame.
 *
 * @example
 * ```ts
 * const ethernetIpv4: LinkPayload = { network: 'ipv4', offset: 14, length: 60, prefix: '', end: 74 };
 * ```
 */
export interface LinkPayload {
  /** Which IP the link layer says follows. */
  network: NetworkLayer;
  /** Offset of the network header in the frame's bytes. */
  offset: number;
  /** Bytes of the frame on the wire after the link header (tcpdump's `length`). */
  length: number;
  /**
   * What tcpdump prints for the link layer without `-e`: empty except for Linux cooked captures, where
   * v2 gives the interface and direction (`lo    In  `) and a VLAN tag gives `ethertype IPv4, `.
   */
  prefix: string;
  /**
   * Where the link layer's payload ends in the captured bytes: the frame's end, or less for an IEEE
   * 802.3 frame whose length field says so.
   */
  end: number;
}

/**
 * Options of {@link linkPayload}, for the link types of draft-ietf-opsawg-pcaplinktype that need them.
 *
 * @example
 * ```ts
 * const options: LinkOptions = { interfaceName: (index) => (index === 1 ? 'lo' : undefined) };
 * ```
 */
export interface LinkOptions {
  /**
   * The name of a network interface by index, for Linux cooked v2 headers: tcpdump looks the index
   * up on the machine that reads the file (`if_indextoname`) and prints `?` when it finds none.
   * Default: none found.
   */
  interfaceName?: (index: number) => string | undefined;
}

/** EtherTypes (IEEE 802 numbers). */
const ETHERTYPE = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8,
  VLAN_9100: 0x9100,
  VLAN_9200: 0x9200,
};
/** Largest value of the type field that is an IEEE 802.3 length instead. */
const MAX_802_3_LENGTH = 1500;
/** IEEE 802.2 LLC: unnumbered information, the IP and SNAP SAPs, and the SNAP OUIs for EtherTypes. */
const LLC = { UI: 0x03, SAP_IP: 0x06, SAP_SNAP: 0xaa, OUI_ETHER: 0x000000, OUI_CISCO_90: 0x0000f8 };
/** PPP protocol numbers (RFC 1332, RFC 5072) and the address/control bytes (RFC 1662 §3.1). */
const PPP = { IP: 0x21, IPV6: 0x57, ADDRESS_CONTROL: 0xff03, PPPD_IN: 0x0003, PPPD_OUT: 0x0103 };
/** BSD address families for IPv4 and the three IPv6 values (NetBSD/OpenBSD, FreeBSD, Darwin). */
const AF = { INET: 2, INET6: [24, 28, 30] };
/** ARCNET protocol IDs for IP (RFC 1201 and RFC 1051) and IPv6 (RFC 2497). */
const ARCNET = { IP: 212, IP_OLD: 240, IPV6: 0xc4, ARP_OLD: 241, DIAGNOSE: 0x80 };
/** tcpdump's header sizes (`print-arcnet.c`, `print-ipoib.c`, `print-sll.c`). */
const ARCNET_HEADER_OLD = 5;
const ARCNET_HEADER = 8;
const IPOIB_HEADER = 44;
const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const ETHERNET_HEADER = 14;
/** Juniper "MGC" magic and flags (`print-juniper.c`). */
const JUNIPER = { MAGIC: 0x4d4743, FLAG_EXTENSIONS: 0x80, FLAG_NO_L2: 0x02 };

const SUPPORTED: ReadonlySet<number> = new Set(Object.values(LINK_TYPE));

/**
 * Whether the dissector walks frames of this link type (a LINKTYPE_ value of
 * draft-ietf-opsawg-pcaplinktype).
 *
 * @param linkType - a LINKTYPE_ value
 * @returns true for the types in {@link LINK_TYPE}
 * @example
 * ```ts
 * isSupportedLinkType(1); // true (Ethernet)
 * isSupportedLinkType(147); // false (user-defined)
 * ```
 */
export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}

function fromEtherType(
  type: number,
  offset: number,
  length: number,
  end: number,
  prefix = '',
): LinkPayload | null {
  if (type === ETHERTYPE.IPV4) return { network: 'ipv4', offset, length, prefix, end };
  if (type === ETHERTYPE.IPV6) return { network: 'ipv6', offset, length, prefix, end };
  return null;
}

/** tcpdump's names for the EtherTypes a cooked header's VLAN tag can announce before IP. */
const ETHERTYPE_NAMES: Readonly<Record<number, string>> = {
  [ETHERTYPE.IPV4]: 'IPv4',
  [ETHERTYPE.IPV6]: 'IPv6',
  [ETHERTYPE.VLAN]: '802.1Q',
};

/**
 * The protocol field of a Linux cooked header at `at`, then the header's end; 802.1Q tags after it
 * are skipped, each printed as `ethertype <inner>, ` (tcpdump's `sll_print` / `sll2_print`).
 */
function cooked(
  data: Uint8Array,
  type: number,
  at: number,
  length: number,
  prefix: string,
): LinkPayload | null {
  let text = prefix;
  let protocol = type;
  let offset = at;
  while (protocol === ETHERTYPE.VLAN) {
    if (data.length < offset + 4) return null;
    protocol = u16(data, offset + 2, false);
    const name = ETHERTYPE_NAMES[protocol];
    if (name === undefined) return null;
    text += `ethertype ${name}, `;
    offset += 4;
  }
  return fromEtherType(protocol, offset, length - offset, data.length, text);
}

/** Linux packet types as tcpdump abbreviates them (`sll_pkttype_values`). */
const PACKET_TYPES: readonly string[] = ['In', 'B', 'M', 'P', 'Out'];

/**
 * Ethernet II from `at`: skips VLAN tags (IEEE 802.1Q, 802.1ad and the 0x9100/0x9200 variants), which
 * tcpdump prints only with `-e`. `length` is the whole frame's, as for every walker here.
 */
function ethernet(data: Uint8Array, at: number, length: number): LinkPayload | null {
  if (data.length - at < ETHERNET_HEADER) return null;
  let i = at + 12;
  let type = u16(data, i, false);
  while (
    type === ETHERTYPE.VLAN ||
    type === ETHERTYPE.QINQ ||
    type === ETHERTYPE.VLAN_9100 ||
    type === ETHERTYPE.VLAN_9200
  ) {
    i += 4;
    if (data.length < i + 2) return null;
    type = u16(data, i, false);
  }
  const offset = i + 2;
  if (type > MAX_802_3_LENGTH) return fromEtherType(type, offset, length - offset, data.length);
  // IEEE 802.3: the field is the payload's length, which bounds what follows; IP rides in 802.2 LLC.
  return llc(data, offset, type, Math.min(data.length, offset + type));
}

/**
 * IEEE 802.2 LLC (tcpdump's `llc_print`): IP with the IP SAP (RFC 948), or a SNAP header (RFC 1042)
 * whose OUI 00-00-00 or 00-00-F8 says an EtherType follows.
 */
function llc(data: Uint8Array, at: number, length: number, end: number): LinkPayload | null {
  if (end - at < 3 || length < 3) return null;
  const dsap = data[at]! & ~1;
  const ssap = data[at + 1]! & ~1;
  if (data[at + 2] !== LLC.UI) return null;
  if (dsap === LLC.SAP_IP && ssap === LLC.SAP_IP)
    return fromEtherType(ETHERTYPE.IPV4, at + 3, length - 3, end);
  if (dsap !== LLC.SAP_SNAP || ssap !== LLC.SAP_SNAP || end - at < 8 || length < 8) return null;
  const oui = (data[at + 3]! << 16) | (data[at + 4]! << 8) | data[at + 5]!;
  if (oui !== LLC.OUI_ETHER && oui !== LLC.OUI_CISCO_90) return null;
  return fromEtherType(u16(data, at + 6, false), at + 8, length - 8, end);
}

function loopback(family: number, length: number, end: number): LinkPayload | null {
  if (family === AF.INET) return fromEtherType(ETHERTYPE.IPV4, 4, length - 4, end);
  if (AF.INET6.includes(family)) return fromEtherType(ETHERTYPE.IPV6, 4, length - 4, end);
  return null;
}

function ppp(data: Uint8Array, length: number): LinkPayload | null {
  let i = 0;
  if (data.length < 2) return null;
  const first = u16(data, 0, false);
  if (first === PPP.ADDRESS_CONTROL || first === PPP.PPPD_IN || first === PPP.PPPD_OUT) i = 2;
  if (data.length < i + 2) return null;
  let protocol: number;
  if (data[i]! % 2 === 1) {
    // Protocol-field compression (RFC 1661 §6.5): one byte.
    protocol = data[i]!;
    i += 1;
  } else {
    protocol = u16(data, i, false);
    i += 2;
  }
  if (protocol === PPP.IP) return fromEtherType(ETHERTYPE.IPV4, i, length - i, data.length);
  if (protocol === PPP.IPV6) return fromEtherType(ETHERTYPE.IPV6, i, length - i, data.length);
  return fromEtherType(protocol, i, length - i, data.length);
}

function arcnet(data: Uint8Array, length: number): LinkPayload | null {
  if (data.length < ARCNET_HEADER_OLD) return null;
  const type = data[4]!;
  const old = type === ARCNET.IP_OLD || type === ARCNET.ARP_OLD || type === ARCNET.DIAGNOSE;
  const header = old ? ARCNET_HEADER_OLD : ARCNET_HEADER;
  if (data.length < header) return null;
  if (type === ARCNET.IP || type === ARCNET.IP_OLD)
    return fromEtherType(ETHERTYPE.IPV4, header, length - header, data.length);
  if (type === ARCNET.IPV6) return fromEtherType(ETHERTYPE.IPV6, header, length - header, data.length);
  return null;
}

function juniperEther(data: Uint8Array, length: number): LinkPayload | null {
  if (data.length < 4 || ((data[0]! << 16) | (data[1]! << 8) | data[2]!) !== JUNIPER.MAGIC) return null;
  const flags = data[3]!;
  let header = 4;
  if (flags & JUNIPER.FLAG_EXTENSIONS) {
    if (data.length < 6) return null;
    header += 2 + u16(data, 4, false);
  }
  if (flags & JUNIPER.FLAG_NO_L2) {
    // No link header: tcpdump skips 4 more bytes and guesses the IP version (`ip_heuristic_guess`).
    header += 4;
    if (data.length <= header) return null;
    return { network: 'ip', offset: header, length: length - header, prefix: '', end: data.length };
  }
  if (data.length < header) return null;
  return ethernet(data, header, length);
}

/**
 * Finds the IP packet in a frame, walking the link layer as tcpdump 4.99 does: Ethernet II (RFC 894),
 * IEEE 802.3 with LLC / SNAP (RFC 1042), PPP (RFC 1661), and the others of {@link LINK_TYPE}.
 *
 * @param linkType - the frame's LINKTYPE_ value
 * @param data - the captured bytes
 * @param originalLength - the frame's length on the wire
 * @param options - `interfaceName` for Linux cooked v2 headers
 * @returns where the IP header starts, which version the link layer announces and what tcpdump
 *   prints for the link layer; null when the frame carries no IP (another protocol, a link type not
 *   in {@link LINK_TYPE}, or a cut header)
 * @example
 * ```ts
 * const payload = linkPayload(frame.linkType, frame.data, frame.originalLength);
 * if (payload?.network === 'ipv4') console.log('IPv4 at byte', payload.offset);
 * ```
 */
export function linkPayload(
  linkType: number,
  data: Uint8Array,
  originalLength: number,
  options: LinkOptions = {},
): LinkPayload | null {
  const length = Math.max(originalLength, data.length);
  switch (linkType) {
    case LINK_TYPE.ETHERNET:
      return ethernet(data, 0, length);
    case LINK_TYPE.RAW:
    case LINK_TYPE.IPV4:
    case LINK_TYPE.IPV6:
      return data.length > 0 ? { network: 'ip', offset: 0, length, prefix: '', end: data.length } : null;
    case LINK_TYPE.LINUX_SLL:
      if (data.length < SLL_HEADER) return null;
      return cooked(data, u16(data, 14, false), SLL_HEADER, length, '');
    case LINK_TYPE.LINUX_SLL2: {
      if (data.length < SLL2_HEADER) return null;
      const given: unknown = options.interfaceName?.(u32(data, 4, false));
      if (given !== undefined && typeof given !== 'string')
        throw new TypeError(`interfaceName must return a string or undefined, got ${describe(given)}`);
      const name = given ?? '?';
      const direction = PACKET_TYPES[data[10]!] ?? '?';
      return cooked(
        data,
        u16(data, 0, false),
        SLL2_HEADER,
        length,
        `${name.padEnd(5)} ${direction.padEnd(3)} `,
      );
    }
    case LINK_TYPE.NULL: {
      if (data.length < 4) return null;
      // Host byte order: a value with bits in the upper half was written by the other endianness.
      const family = u32(data, 0, false);
      return loopback(family & 0xffff0000 ? u32(data, 0, true) : family, length, data.length);
    }
    case LINK_TYPE.LOOP:
      return data.length < 4 ? null : loopback(u32(data, 0, false), length, data.length);
    case LINK_TYPE.PPP:
      return ppp(data, length);
    case LINK_TYPE.ARCNET_LINUX:
      return arcnet(data, length);
    case LINK_TYPE.JUNIPER_ETHER:
      return juniperEther(data, length);
    case LINK_TYPE.IPOIB:
      if (data.length < IPOIB_HEADER) return null;
      return fromEtherType(u16(data, 40, false), IPOIB_HEADER, length - IPOIB_HEADER, data.length);
    default:
      return null;
  }
}
