/**
 * One option from its object to its bytes (RFC 9293 §3.2): each field is read once into a local,
 * checked, and written from that local. A getter or Proxy that answers differently on a second read
 * is never asked twice, so no byte is written that was not checked, and the length returned is the
 * length written. Errors name the field by its path (`options[2].blocks[0].left`).
 *
 * The kinds stacks send on every connection are checked and written in {@link encodeOption}
 * itself, small enough to be inlined into the header encoder (docs/performance.md P3); the others
 * by the table {@link OTHER_KINDS}, where a kind left out is a compile error.
 *
 * @module
 */
import { w16, w24, w32 } from '../bytes.ts';
import { TCP_OPTION_KIND as KIND, TCP_EXID } from '../constants.ts';
import { bytesLength, describe, integerError } from '../guards.ts';
import {
  fastOpenCookieAllowed,
  fixedLengthAllowed,
  OPTION_KINDS,
  TCP_FIXED_OPTION_LENGTHS,
} from './kinds.ts';
import type { SackBlock, TcpOption, TcpOptionKind } from './types.ts';

/** `path[index]` (the path alone for an index below 0), then `field`: built only for an error. */
const labelOf = (path: string, index: number, field: string): string =>
  `${index < 0 ? path : `${path}[${index}]`}${field}`;

/*
 * The checks of one field, with the label built only when one fails: a label built for every
 * option would be an allocation per call, and encodeInto allocates nothing (docs/rules.md E8).
 */

/** Throws unless `value` is an integer in `min..max`, naming `path[index]field`. */
function integer(
  value: unknown,
  path: string,
  index: number,
  field: string,
  min: number,
  max: number,
): asserts value is number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    throw integerError(value, labelOf(path, index, field), min, max);
  }
}

/** Throws unless `value` is a boolean, naming `path[index]field`. */
function boolean(value: unknown, path: string, index: number, field: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${labelOf(path, index, field)} must be a boolean, got ${describe(value)}`);
  }
}

/** `value`'s length, read once, when it is a Uint8Array of a whole length; else bytesLength's error. */
function lengthOfBytes(value: unknown, path: string, index: number, field: string): number {
  if (value instanceof Uint8Array && ArrayBuffer.isView(value)) {
    const n: unknown = value.length;
    if (typeof n === 'number' && n >>> 0 === n) return n;
  }
  return bytesLength(value, labelOf(path, index, field));
}

/** The error for an integer `field` of a common option that failed its check, out of the hot code. */
const fieldError = (value: unknown, path: string, index: number, field: string, max: number): Error =>
  integerError(value, labelOf(path, index, field), 0, max);

/** Writes a TLV header and returns the position after it. */
function tlv(t: Uint8Array, at: number, kind: number, length: number): number {
  t[at] = kind;
  t[at + 1] = length;
  return at + 2;
}

/** Copies `source[start..n)` to `t` from `at + start`, reading each byte once by its index. */
function putBytes(source: Uint8Array, start: number, n: number, t: Uint8Array, at: number): void {
  for (let j = start; j < n; j++) t[at + j] = source[j]!;
}

/**
 * Checks the `code` / `exid` pair of an option that may be carried in kind 253 / 254 (RFC 6994 §3);
 * returns whether it is.
 */
function checkExperimentalCarrier(
  code: unknown,
  exid: unknown,
  allowedExid: number,
  path: string,
  index: number,
  craft: boolean,
): boolean {
  if (code === undefined) {
    if (exid !== undefined) {
      throw new RangeError(
        `${labelOf(path, index, '')}.exid must be left out unless ${labelOf(path, index, '')}.code is 253 or 254`,
      );
    }
    return false;
  }
  if (code !== KIND.EXPERIMENTAL_1 && code !== KIND.EXPERIMENTAL_2) {
    throw new RangeError(
      `${labelOf(path, index, '')}.code must be 253, 254 or left out, got ${describe(code)}`,
    );
  }
  integer(exid, path, index, '.exid', 0, 0xffff);
  if (!craft && exid !== allowedExid) {
    const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;
    throw new RangeError(
      `${labelOf(path, index, '')}.exid must be ${hex(allowedExid)} for this option, got ${hex(exid)}`,
    );
  }
  return true;
}

/** Writes kind, length, the ExID when one is given, then `n` bytes of `body`, when they fit in `t`. */
function putCarried(
  t: Uint8Array,
  at: number,
  code: number,
  exid: number | undefined,
  body: Uint8Array,
  n: number,
): number {
  const length = (exid === undefined ? 2 : 4) + n;
  if (at + length <= t.length) {
    let i = tlv(t, at, code, length);
    if (exid !== undefined) {
      w16(t, i, exid);
      i += 2;
    }
    putBytes(body, 0, n, t, i);
  }
  return at + length;
}

/** The kinds {@link encodeOption} leaves to {@link OTHER_KINDS}: all but the seven common ones. */
type OtherKind = Exclude<
  TcpOptionKind,
  'eol' | 'nop' | 'mss' | 'windowScale' | 'sackPermitted' | 'timestamps' | 'sack'
>;

/**
 * How one kind is checked and written: reads each field of `option` once, throws naming `path[index]`,
 * writes at `at` (see {@link encodeOption} on what does not fit), and returns the position after it.
 */
type Encode<K extends OtherKind> = (
  option: Extract<TcpOption, { kind: K }>,
  craft: boolean,
  t: Uint8Array,
  at: number,
  path: string,
  index: number,
) => number;

/**
 * A SACK option (RFC 2018 §3): one to four blocks of two 32-bit edges. On the hot path (recovery
 * sends one with every ACK), so its labels too are built only for an error.
 */
function encodeSack(blocks: unknown, t: Uint8Array, at: number, path: string, index: number): number {
  if (!Array.isArray(blocks)) {
    throw new TypeError(`${labelOf(path, index, '.blocks')} must be an array, got ${describe(blocks)}`);
  }
  const count: unknown = blocks.length;
  if (count !== 1 && count !== 2 && count !== 3 && count !== 4) {
    throw new (typeof count === 'number' ? RangeError : TypeError)(
      `${labelOf(path, index, '.blocks')} must hold 1..4 blocks (RFC 2018 §3), got ${describe(count)}`,
    );
  }
  const length = 2 + 8 * count;
  // An index loop, not forEach: forEach skips holes, which would then be written as blocks.
  for (let k = 0; k < count; k++) {
    const block: unknown = blocks[k];
    if (typeof block !== 'object' || block === null) {
      throw new TypeError(
        `${labelOf(path, index, `.blocks[${k}]`)} must be an object, got ${describe(block)}`,
      );
    }
    const { left, right } = block as SackBlock;
    if (!(typeof left === 'number' && left >>> 0 === left)) {
      throw integerError(left, labelOf(path, index, `.blocks[${k}].left`), 0, 0xffffffff);
    }
    if (!(typeof right === 'number' && right >>> 0 === right)) {
      throw integerError(right, labelOf(path, index, `.blocks[${k}].right`), 0, 0xffffffff);
    }
    w32(t, at + 2 + 8 * k, left | 0);
    w32(t, at + 6 + 8 * k, right | 0);
  }
  tlv(t, at, KIND.SACK, length);
  return at + length;
}

const encodeMultipath: Encode<'multipath'> = (option, craft, t, at, path, index) => {
  const { subtype, data } = option;
  integer(subtype, path, index, '.subtype', 0, 15);
  const n = lengthOfBytes(data, path, index, '.data');
  if (n < 1) throw new RangeError(`${labelOf(path, index, '')}.data must hold at least 1 byte (the subtype)`);
  // The first byte is read once, for the check and the write (RFC 8684 §3: the subtype's nibble).
  const first = data[0]!;
  if (!craft && first >> 4 !== subtype) {
    throw new RangeError(
      `${labelOf(path, index, '')}.subtype must equal the high nibble of ${labelOf(path, index, '')}.data[0] (${first >> 4}), got ${subtype}`,
    );
  }
  const length = 2 + n;
  if (at + length <= t.length) {
    const i = tlv(t, at, KIND.MULTIPATH, length);
    t[i] = first;
    putBytes(data, 1, n, t, i);
  }
  return at + length;
};

const encodeAccEcn: Encode<'accEcn'> = (option, craft, t, at, path, index) => {
  const { order, counters, code, exid } = option;
  if (order !== 0 && order !== 1)
    throw new RangeError(`${labelOf(path, index, '')}.order must be 0 or 1, got ${describe(order)}`);
  if (!Array.isArray(counters)) {
    throw new TypeError(`${labelOf(path, index, '')}.counters must be an array, got ${describe(counters)}`);
  }
  const count: unknown = counters.length;
  if (count !== 0 && count !== 1 && count !== 2 && count !== 3) {
    throw new (typeof count === 'number' ? RangeError : TypeError)(
      `${labelOf(path, index, '')}.counters must hold 0..3 counters (RFC 9768 §3.2.3), got ${describe(count)}`,
    );
  }
  // The head is 4 bytes when carried in kind 253/254 with an ExID (checked below), else 2.
  const head = code === undefined ? 2 : 4;
  const length = head + 3 * count;
  const fits = at + length <= t.length;
  // An index loop, not forEach: forEach skips holes, which would then be written as zero counters.
  for (let k = 0; k < count; k++) {
    const counter: unknown = counters[k];
    if (!(typeof counter === 'number' && counter >>> 0 === counter && counter <= 0xffffff)) {
      throw integerError(counter, labelOf(path, index, `.counters[${k}]`), 0, 0xffffff);
    }
    if (fits) w24(t, at + head + 3 * k, counter);
  }
  const exidOfOrder = order === 0 ? TCP_EXID.ACC_ECN_0 : TCP_EXID.ACC_ECN_1;
  const carried = checkExperimentalCarrier(code, exid, exidOfOrder, path, index, craft);
  if (fits) {
    tlv(t, at, carried ? (code as number) : order === 0 ? KIND.ACC_ECN_0 : KIND.ACC_ECN_1, length);
    if (carried) w16(t, at + 2, exid as number);
  }
  return at + length;
};

const encodeUnknown: Encode<'unknown'> = (option, craft, t, at, path, index) => {
  const { code, data } = option;
  integer(code, path, index, '.code', 0, 0xff);
  const n = lengthOfBytes(data, path, index, '.data');
  if (code === KIND.EOL || code === KIND.NOP) {
    // Kinds 0 and 1 are one byte on the wire, however they are spelled (RFC 9293 §3.2).
    if (n > 0)
      throw new RangeError(
        `${labelOf(path, index, '')}.data must be empty for code ${code}, a one-byte option`,
      );
    t[at] = code;
    return at + 1;
  }
  const length = 2 + n;
  if (!craft && !fixedLengthAllowed(code, Math.min(length, 63))) {
    throw new RangeError(
      `${labelOf(path, index, '')} has code ${code}, whose length must be ${TCP_FIXED_OPTION_LENGTHS[code]!.join(' or ')}; got ${length} (use craft to write it anyway)`,
    );
  }
  if (at + length <= t.length) putBytes(data, 0, n, t, tlv(t, at, code, length));
  return at + length;
};

/**
 * The kinds after the seven common ones, in the order of docs/rules.md O1. A kind left out is a compile
 * error; the list of kinds in the error for an unknown one is read from the kinds table.
 */
const OTHER_KINDS: { readonly [K in OtherKind]: Encode<K> } = {
  md5: (option, _, t, at, path, index) => {
    const digest = option.digest;
    const n = lengthOfBytes(digest, path, index, '.digest');
    if (n !== 16)
      throw new RangeError(`${labelOf(path, index, '')}.digest must be 16 bytes (RFC 2385 §3), got ${n}`);
    if (at + 18 <= t.length) putBytes(digest, 0, 16, t, tlv(t, at, KIND.MD5, 18));
    return at + 18;
  },
  userTimeout: (option, _, t, at, path, index) => {
    const { minutes, timeout } = option;
    boolean(minutes, path, index, '.minutes');
    integer(timeout, path, index, '.timeout', 0, 0x7fff);
    if (at + 4 <= t.length) w16(t, tlv(t, at, KIND.USER_TIMEOUT, 4), (minutes ? 0x8000 : 0) | timeout);
    return at + 4;
  },
  authentication: (option, _, t, at, path, index) => {
    const { keyId, rNextKeyId, mac } = option;
    integer(keyId, path, index, '.keyId', 0, 0xff);
    integer(rNextKeyId, path, index, '.rNextKeyId', 0, 0xff);
    const n = lengthOfBytes(mac, path, index, '.mac');
    const length = 4 + n;
    if (at + length <= t.length) {
      const i = tlv(t, at, KIND.AUTHENTICATION, length);
      t[i] = keyId;
      t[i + 1] = rNextKeyId;
      putBytes(mac, 0, n, t, i + 2);
    }
    return at + length;
  },
  multipath: encodeMultipath,
  fastOpen: (option, craft, t, at, path, index) => {
    const { cookie, code, exid } = option;
    const n = lengthOfBytes(cookie, path, index, '.cookie');
    if (!fastOpenCookieAllowed(n)) {
      throw new RangeError(
        `${labelOf(path, index, '')}.cookie must be empty or 4..16 bytes of even length (RFC 7413 §4.1.1), got ${n}`,
      );
    }
    const carried = checkExperimentalCarrier(code, exid, TCP_EXID.FAST_OPEN, path, index, craft);
    return putCarried(
      t,
      at,
      carried ? (code as number) : KIND.FAST_OPEN,
      carried ? exid : undefined,
      cookie,
      n,
    );
  },
  accEcn: encodeAccEcn,
  experimental: (option, _, t, at, path, index) => {
    const { code, exid, data } = option;
    if (code !== KIND.EXPERIMENTAL_1 && code !== KIND.EXPERIMENTAL_2) {
      throw new RangeError(`${labelOf(path, index, '')}.code must be 253 or 254, got ${describe(code)}`);
    }
    integer(exid, path, index, '.exid', 0, 0xffff);
    const n = lengthOfBytes(data, path, index, '.data');
    return putCarried(t, at, code, exid, data, n);
  },
  unknown: encodeUnknown,
  raw: (option, _, t, at, path, index) => {
    const bytes = option.bytes;
    const n = lengthOfBytes(bytes, path, index, '.bytes');
    if (at + n <= t.length) putBytes(bytes, 0, n, t, at);
    return at + n;
  },
};

/** {@link encodeOption} for the kinds it does not handle itself, and for what is not an option. */
function encodeOtherOption(
  option: unknown,
  kind: unknown,
  craft: boolean,
  t: Uint8Array,
  at: number,
  path: string,
  index: number,
): number {
  if (typeof option !== 'object' || option === null) {
    throw new TypeError(`${labelOf(path, index, '')} must be an option object, got ${describe(option)}`);
  }
  if (typeof kind !== 'string' || !Object.hasOwn(OTHER_KINDS, kind)) {
    throw new TypeError(
      `${labelOf(path, index, '')}.kind must be one of ${Object.keys(OPTION_KINDS).join(', ')}, got ${describe(kind)}`,
    );
  }
  return (OTHER_KINDS[kind as OtherKind] as Encode<OtherKind>)(option as never, craft, t, at, path, index);
}

/**
 * Checks one option and writes it at `at` in `t`; returns the position after it (`at` plus its
 * length). `kind` is `option.kind`, read once by the caller. What does not fit in `t` is not
 * written: the fixed-size kinds write past its end, which a typed array drops, and the kinds of
 * variable length copy their bytes only when they fit, so the work is bounded whatever a length
 * claims. Bytes may be written before a later check throws: `t` is the encoder's own scratch,
 * copied to the caller's buffer only when every check has passed.
 *
 * Errors are a `TypeError` or `RangeError` naming the field as `path[index].field` (`path.field`
 * for an index below 0). With `craft`, fields that merely disagree with each other are allowed;
 * values that cannot be written at all are not.
 *
 * The checks of the common kinds are written out rather than calling a helper: a 32-bit value above
 * 2^31 held in a double would be boxed (allocated) to be passed to a call the compiler did not
 * inline. `(v & 0xffff) === v` holds exactly for the integers 0..65535 (and -0), `v >>> 0 === v`
 * exactly for the integers 0..2^32-1.
 */
export function encodeOption(
  option: unknown,
  kind: unknown,
  craft: boolean,
  t: Uint8Array,
  at: number,
  path: string,
  index: number,
): number {
  // The kinds are literals checked against TCP_OPTION_KIND by `satisfies`: a property of a
  // module's constant object is a load at run time (docs/performance.md P2). The writes are not
  // guarded: past the end of `t` a typed array drops them.
  switch (kind) {
    case 'nop':
      t[at] = 1 satisfies typeof KIND.NOP;
      return at + 1;
    case 'mss': {
      const mss: unknown = (option as { mss: unknown }).mss;
      if (!(typeof mss === 'number' && (mss & 0xffff) === mss))
        throw fieldError(mss, path, index, '.mss', 0xffff);
      t[at] = 2 satisfies typeof KIND.MSS;
      t[at + 1] = 4;
      t[at + 2] = mss >>> 8;
      t[at + 3] = mss;
      return at + 4;
    }
    case 'windowScale': {
      const shift: unknown = (option as { shift: unknown }).shift;
      if (!(typeof shift === 'number' && (shift & 0xff) === shift))
        throw fieldError(shift, path, index, '.shift', 0xff);
      t[at] = 3 satisfies typeof KIND.WINDOW_SCALE;
      t[at + 1] = 3;
      t[at + 2] = shift;
      return at + 3;
    }
    case 'sackPermitted':
      t[at] = 4 satisfies typeof KIND.SACK_PERMITTED;
      t[at + 1] = 2;
      return at + 2;
    case 'timestamps': {
      const { tsVal, tsEcr } = option as { tsVal: unknown; tsEcr: unknown };
      if (!(typeof tsVal === 'number' && tsVal >>> 0 === tsVal))
        throw fieldError(tsVal, path, index, '.tsVal', 0xffffffff);
      if (!(typeof tsEcr === 'number' && tsEcr >>> 0 === tsEcr))
        throw fieldError(tsEcr, path, index, '.tsEcr', 0xffffffff);
      t[at] = 8 satisfies typeof KIND.TIMESTAMPS;
      t[at + 1] = 10;
      w32(t, at + 2, tsVal | 0);
      w32(t, at + 6, tsEcr | 0);
      return at + 10;
    }
    case 'sack':
      return encodeSack((option as { blocks: unknown }).blocks, t, at, path, index);
    case 'eol':
      t[at] = 0 satisfies typeof KIND.EOL;
      return at + 1;
    default:
      return encodeOtherOption(option, kind, craft, t, at, path, index);
  }
}

/** Nowhere to write: {@link measureOption} checks without writing. */
const NOWHERE = new Uint8Array(0);

/**
 * Checks one option and returns how many bytes it takes, writing nothing. Throws a `TypeError` /
 * `RangeError` naming `label` (e.g. `options[2].mss`). With `craft`, fields that merely disagree
 * with each other are allowed; values that cannot be written at all are not.
 */
export function measureOption(option: TcpOption, label: string, craft: boolean): number {
  const kind: unknown = typeof option === 'object' && option !== null ? option.kind : undefined;
  return encodeOption(option, kind, craft, NOWHERE, 0, label, -1);
}
