/**
 * One `track` argument, checked and read once: its addresses in canonical text, the header fields
 * the tracker needs, the payload length. Also what follows from one segment alone: its role from
 * its flags, the key of its connection, whether its SYN carries a Fast Open cookie.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { addressBytes, formatAddress } from '../address.ts';
import { TCP_FLAG_NAMES } from '../constants.ts';
import { assertBoolean, assertInteger, describe, isBytes } from '../guards.ts';
import type { TcpFlags } from '../header/types.ts';
import type { TcpOption } from '../options.ts';
import type { TcpSegmentRole, TrackedSegment } from './types.ts';

/** An address as bytes and in canonical text (RFC 5952 for IPv6). */
export interface ParsedAddress {
  bytes: Uint8Array;
  text: string;
}

/** Reads an address argument. */
function parseAddress(address: unknown, label: string): ParsedAddress {
  const bytes = addressBytes(address, label);
  return { bytes, text: formatAddress(bytes) };
}

/** The fields of one segment after checking. */
export interface Segment {
  src: ParsedAddress;
  dst: ParsedAddress;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  options: readonly TcpOption[];
  payloadLength: number;
  payload: Uint8Array | undefined;
}

/** Checks a `track` argument and reads what the tracker needs from it. */
export function readSegment(segment: TrackedSegment): Segment {
  if (typeof segment !== 'object' || segment === null)
    throw new TypeError(`segment must be an object, got ${describe(segment)}`);
  const header: unknown = segment.header;
  if (typeof header !== 'object' || header === null)
    throw new TypeError(`segment.header must be an object, got ${describe(header)}`);
  const h = header as TrackedSegment['header'];
  assertInteger(h.srcPort, 'header.srcPort', 0, 0xffff);
  assertInteger(h.dstPort, 'header.dstPort', 0, 0xffff);
  assertInteger(h.seq, 'header.seq', 0, 0xffff_ffff);
  assertInteger(h.ack, 'header.ack', 0, 0xffff_ffff);
  const flags: unknown = h.flags;
  if (typeof flags !== 'object' || flags === null)
    throw new TypeError(`header.flags must be an object, got ${describe(flags)}`);
  for (const name of TCP_FLAG_NAMES) assertBoolean((flags as TcpFlags)[name], `header.flags.${name}`);
  const options: unknown = h.options ?? [];
  if (!Array.isArray(options))
    throw new TypeError(`header.options must be an array, got ${describe(options)}`);
  const payload: unknown = segment.payload;
  if (payload !== undefined && !isBytes(payload))
    throw new TypeError(`segment.payload must be a Uint8Array, got ${describe(payload)}`);
  const payloadLength = segment.payloadLength ?? payload?.length ?? 0;
  assertInteger(payloadLength, 'segment.payloadLength', 0, 0xffff_ffff);
  return {
    src: parseAddress(segment.src, 'segment.src'),
    dst: parseAddress(segment.dst, 'segment.dst'),
    srcPort: h.srcPort,
    dstPort: h.dstPort,
    seq: h.seq,
    ack: h.ack,
    flags: flags as TcpFlags,
    options: options as readonly TcpOption[],
    payloadLength,
    payload,
  };
}

/** The role of a segment from its flags and payload alone. */
export function plainRole(s: Segment): TcpSegmentRole {
  if (s.flags.rst) return 'rst';
  if (s.flags.syn) return s.flags.ack ? 'syn-ack' : 'syn';
  if (s.flags.fin) return 'fin';
  return s.payloadLength > 0 ? 'data' : 'ack';
}

/** The same key for both directions of an address/port pair. */
export function connectionKey(s: Segment): string {
  const a = `${s.src.text} ${s.srcPort}`;
  const b = `${s.dst.text} ${s.dstPort}`;
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Whether a SYN's options carry a Fast Open cookie (RFC 7413 §4.1.1; an empty one only asks for one). */
export function hasFastOpenCookie(options: readonly TcpOption[]): boolean {
  return options.some((option) => option.kind === 'fastOpen' && option.cookie.length > 0);
}
