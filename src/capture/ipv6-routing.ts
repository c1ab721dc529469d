/**
 * The IPv6 Routing header (RFC 8200 §4.4) as tcpdump's `rt6_print` prints it (`print-rt6.c`), with
 * where the final destination the checksum's pseudo-header uses is (`ip6_finddst`).
 *
 * @module
 */
import { ipv6Text } from '../address.ts';
import { u16, u32 } from './frame.ts';

/**
 * A Routing header (RFC 8200 §4.4) walked: tcpdump's text for it, its length, and where its final
 * destination is (-1 for an empty route).
 *
 * @example
 * ```ts
 * const routing: RoutingHeader = { text: 'RT6 (len=2, type=0 [Deprecated], segleft=1, [0]2001:db8::9) ', length: 24, destination: 56 };
 * ```
 */
export interface RoutingHeader {
  /** `RT6 (len=..., type=..., segleft=..., [0]addr, ...) `. */
  text: string;
  /** The header's length in bytes. */
  length: number;
  /** Where the final destination's 16 bytes start; -1 when the route is empty. */
  destination: number;
}

/**
 * tcpdump's `rt6_print`: `RT6 (len=4, type=0 [Deprecated], segleft=1, [0]addr, [1]addr) ` for
 * types 0 and 2 (RFC 2460 §4.4, RFC 6275 §6.4) and the Segment Routing Header (type 4, RFC 8754);
 * null for another type or a cut header (tcpdump stops there). Also where the final destination the
 * checksum uses is (tcpdump's `ip6_finddst`), -1 for an empty route.
 *
 * @param data - the frame's bytes, cut where the link layer ends
 * @param at - where the Routing header starts
 * @param end - where the packet's captured bytes end
 * @example
 * ```ts
 * const routing = routingHeader(data, cursor, end);
 * if (routing !== null && routing.destination >= 0) finalAt = routing.destination;
 * ```
 */
export function routingHeader(data: Uint8Array, at: number, end: number): RoutingHeader | null {
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
