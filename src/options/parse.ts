/**
 * Reading one option whose TLV the walk already found well-formed (RFC 9293 §3.2): the typed value
 * of each kind, or null when a fixed-size kind has a length its RFC does not allow.
 *
 * @module
 */
import { u16, u24, u32 } from '../bytes.ts';
import { TCP_OPTION_KIND as KIND, TCP_EXID } from '../constants.ts';
import { accEcnBodyAllowed, fastOpenCookieAllowed, fixedLengthAllowed } from './kinds.ts';
import type { SackBlock, TcpOption } from './types.ts';

/**
 * A plain `Uint8Array` copy of `b[start..end)`. Not `b.slice`: on a Node `Buffer` that returns a
 * view sharing the caller's memory (and a `Buffer`), and decoded byte fields must be copies.
 */
export function copyBytes(b: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = b[i]!;
  return out;
}

function readCounters(b: Uint8Array, start: number, end: number): number[] {
  const counters: number[] = [];
  for (let i = start; i < end; i += 3) counters.push(u24(b, i));
  return counters;
}

/**
 * Decodes one option whose TLV is valid (`length >= 2` and it fits: the walks check these first),
 * or returns null when its kind is a fixed-size one and `length` is not one of the lengths
 * {@link TCP_FIXED_OPTION_LENGTHS} allows (`OPTION_BAD_LENGTH`). Byte fields are copies.
 *
 * The common five kinds compare their length directly (a test holds them to the table), which is
 * cheaper on the decode path than the table lookup the other kinds get.
 */
export function parseOption(b: Uint8Array, at: number, kind: number, length: number): TcpOption | null {
  switch (kind) {
    case KIND.MSS:
      return length === 4 ? { kind: 'mss', mss: u16(b, at + 2) } : null;
    case KIND.WINDOW_SCALE:
      return length === 3 ? { kind: 'windowScale', shift: b[at + 2]! } : null;
    case KIND.SACK_PERMITTED:
      return length === 2 ? { kind: 'sackPermitted' } : null;
    case KIND.SACK: {
      // RFC 2018 §3: one to four blocks of 8 bytes.
      if (length !== 10 && length !== 18 && length !== 26 && length !== 34) return null;
      const blocks: SackBlock[] = [];
      for (let i = at + 2; i < at + length; i += 8) blocks.push({ left: u32(b, i), right: u32(b, i + 4) });
      return { kind: 'sack', blocks };
    }
    case KIND.TIMESTAMPS:
      return length === 10 ? { kind: 'timestamps', tsVal: u32(b, at + 2), tsEcr: u32(b, at + 6) } : null;
  }
  return fixedLengthAllowed(kind, length) ? parseOtherOption(b, at, kind, length) : null;
}

/**
 * {@link parseOption} for the kinds past the common five (kept apart so that the common path is
 * small enough for the compiler to inline into the option walk).
 */
function parseOtherOption(b: Uint8Array, at: number, kind: number, length: number): TcpOption {
  const end = at + length;
  switch (kind) {
    case KIND.MD5:
      return { kind: 'md5', digest: copyBytes(b, at + 2, end) };
    case KIND.USER_TIMEOUT: {
      const value = u16(b, at + 2);
      return { kind: 'userTimeout', minutes: value >= 0x8000, timeout: value & 0x7fff };
    }
    case KIND.AUTHENTICATION:
      if (length < 4) break;
      return {
        kind: 'authentication',
        keyId: b[at + 2]!,
        rNextKeyId: b[at + 3]!,
        mac: copyBytes(b, at + 4, end),
      };
    case KIND.MULTIPATH:
      if (length < 3) break;
      return { kind: 'multipath', subtype: b[at + 2]! >> 4, data: copyBytes(b, at + 2, end) };
    case KIND.FAST_OPEN:
      if (!fastOpenCookieAllowed(length - 2)) break;
      return { kind: 'fastOpen', cookie: copyBytes(b, at + 2, end) };
    case KIND.ACC_ECN_0:
    case KIND.ACC_ECN_1:
      if (!accEcnBodyAllowed(length - 2)) break;
      return {
        kind: 'accEcn',
        order: kind === KIND.ACC_ECN_0 ? 0 : 1,
        counters: readCounters(b, at + 2, end),
      };
    case KIND.EXPERIMENTAL_1:
    case KIND.EXPERIMENTAL_2:
      if (length < 4) break;
      return parseExperimental(b, at, kind, length);
  }
  return { kind: 'unknown', code: kind, data: copyBytes(b, at + 2, end) };
}

/** RFC 6994 §3: kinds 253/254 start with a 16-bit ExID; some ExIDs carry options we type. */
function parseExperimental(b: Uint8Array, at: number, code: 253 | 254, length: number): TcpOption {
  const exid = u16(b, at + 2);
  const body = length - 4;
  if (exid === TCP_EXID.FAST_OPEN && fastOpenCookieAllowed(body)) {
    return { kind: 'fastOpen', cookie: copyBytes(b, at + 4, at + length), code, exid };
  }
  if ((exid === TCP_EXID.ACC_ECN_0 || exid === TCP_EXID.ACC_ECN_1) && accEcnBodyAllowed(body)) {
    const order = exid === TCP_EXID.ACC_ECN_0 ? 0 : 1;
    return { kind: 'accEcn', order, counters: readCounters(b, at + 4, at + length), code, exid };
  }
  return { kind: 'experimental', code, exid, data: copyBytes(b, at + 4, at + length) };
}
