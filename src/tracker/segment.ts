/**
 * One `track` argument, checked and read once: its addresses in canonical text, the header fields
 * the tracker needs, whether its options carry a Fast Open cookie, the payload length. Also what
 * follows from one segment alone: its role from its flags, the key of its connection.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { addressBytes, formatAddress } from '../address.ts';
import { TCP_FLAG_NAMES, TCP_MAX_OPTIONS_LENGTH } from '../constants.ts';
import { assertBoolean, assertInteger, describe, isBytes } from '../guards.ts';
import type { TcpFlags } from '../header/types.ts';
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
  /** The options carry a Fast Open cookie (RFC 7413 §4.1.1). */
  fastOpenCookie: boolean;
  payloadLength: number;
  payload: Uint8Array | undefined;
}

/**
 * Checks a `track` argument and reads what the tracker needs from it: each field is read once, into
 * the returned snapshot, so a getter that changes its answer cannot make the tracker act on a value
 * it did not check.
 */
export function readSegment(segment: TrackedSegment): Segment {
  if (typeof segment !== 'object' || segment === null)
    throw new TypeError(`segment must be an object, got ${describe(segment)}`);
  const header: unknown = segment.header;
  if (typeof header !== 'object' || header === null)
    throw new TypeError(`segment.header must be an object, got ${describe(header)}`);
  const h = header as TrackedSegment['header'];
  const srcPort = h.srcPort;
  assertInteger(srcPort, 'header.srcPort', 0, 0xffff);
  const dstPort = h.dstPort;
  assertInteger(dstPort, 'header.dstPort', 0, 0xffff);
  const seq = h.seq;
  assertInteger(seq, 'header.seq', 0, 0xffff_ffff);
  const ack = h.ack;
  assertInteger(ack, 'header.ack', 0, 0xffff_ffff);
  const flags = readFlags(h.flags);
  const fastOpenCookie = readFastOpenCookie(h.options ?? []);
  const payload: unknown = segment.payload;
  if (payload !== undefined && !isBytes(payload))
    throw new TypeError(`segment.payload must be a Uint8Array, got ${describe(payload)}`);
  const payloadLength = segment.payloadLength ?? payload?.length ?? 0;
  assertInteger(payloadLength, 'segment.payloadLength', 0, 0xffff_ffff);
  const src = parseAddress(segment.src, 'segment.src');
  const dst = parseAddress(segment.dst, 'segment.dst');
  return { src, dst, srcPort, dstPort, seq, ack, flags, fastOpenCookie, payloadLength, payload };
}

/** The flags, each read once and checked to be a boolean, as an object of the tracker's own. */
function readFlags(flags: unknown): TcpFlags {
  if (typeof flags !== 'object' || flags === null)
    throw new TypeError(`header.flags must be an object, got ${describe(flags)}`);
  const copy = {} as Record<keyof TcpFlags, boolean>;
  for (const name of TCP_FLAG_NAMES) {
    const value = (flags as TcpFlags)[name];
    assertBoolean(value, `header.flags.${name}`);
    copy[name] = value;
  }
  return copy;
}

/**
 * Whether the options carry a Fast Open cookie (RFC 7413 §4.1.1; an empty one only asks for one).
 * Each element is checked as far as the tracker reads it: an object with a `kind`, and for
 * `fastOpen` a `cookie` of bytes. At most 40 elements are looked at, whatever the array claims.
 */
function readFastOpenCookie(options: unknown): boolean {
  if (!Array.isArray(options))
    throw new TypeError(`header.options must be an array, got ${describe(options)}`);
  const count: number = options.length;
  // Each option takes at least one of the 40 option bytes.
  if (count > TCP_MAX_OPTIONS_LENGTH)
    throw new RangeError(`header.options must hold at most 40 options (40 option bytes), got ${count}`);
  let cookie = false;
  for (let i = 0; i < count; i++) {
    const option: unknown = options[i];
    if (typeof option !== 'object' || option === null)
      throw new TypeError(`header.options[${i}] must be an object, got ${describe(option)}`);
    const kind: unknown = (option as { kind?: unknown }).kind;
    if (typeof kind !== 'string')
      throw new TypeError(`header.options[${i}].kind must be a string, got ${describe(kind)}`);
    if (kind !== 'fastOpen') continue;
    const bytes: unknown = (option as { cookie?: unknown }).cookie;
    if (!isBytes(bytes))
      throw new TypeError(`header.options[${i}].cookie must be a Uint8Array, got ${describe(bytes)}`);
    if (bytes.length > 0) cookie = true;
  }
  return cookie;
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
