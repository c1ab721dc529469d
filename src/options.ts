/**
 * TCP options: the typed union, and one codec per kind (parse a valid TLV, measure, write).
 *
 * The walk over an option area (which decides where each option starts and whether its length is
 * legal) lives in `header.ts`; the functions here see one option at a time.
 *
 * @module
 */
import { u16, u24, u32, w16, w24, w32 } from './bytes.ts';
import { TCP_OPTION_KIND as KIND, TCP_EXID, TCP_FIXED_OPTION_LENGTHS } from './constants.ts';
import { assertBoolean, assertBytes, assertInteger, describe } from './errors.ts';

/**
 * One SACK block: the left and right edge of a received range, both 32-bit unsigned (RFC 2018 §3).
 *
 * @example
 * ```ts
 * const block: SackBlock = { left: 1001, right: 2001 };       // bytes 1001..2000 arrived
 * const wrapped: SackBlock = { left: 0xfffffc00, right: 0x400 }; // 2048 bytes across the wrap
 * ```
 */
export interface SackBlock {
  /** First sequence number of the block. */
  left: number;
  /** Sequence number just past the block; smaller than `left` when the block spans the wrap. */
  right: number;
}

/**
 * End of option list (kind 0, one byte, RFC 9293 §3.2).
 *
 * @example
 * ```ts
 * const header = decode(encode({ srcPort: 1, dstPort: 2, options: [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }] }));
 * header.options; // [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }]
 * header.padding; // Uint8Array [0, 0, 0]: the zero fill after the EOL
 * ```
 */
export interface EolOption {
  kind: 'eol';
}
/**
 * No-operation (kind 1, one byte, RFC 9293 §3.2), used to align the next option.
 *
 * @example
 * ```ts
 * const options: TcpOption[] = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 1, tsEcr: 0 }];
 * encode({ srcPort: 1, dstPort: 2, options }).subarray(20); // 01 01 08 0a 00000001 00000000
 * ```
 */
export interface NopOption {
  kind: 'nop';
}
/**
 * Maximum segment size (kind 2, length 4, RFC 9293 §3.7.1).
 *
 * @example
 * ```ts
 * const mss: MssOption = { kind: 'mss', mss: 1460 }; // a 1500-byte MTU less 20 (IPv4) and 20 (TCP)
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [mss] }).subarray(20); // 02 04 05 b4
 * ```
 */
export interface MssOption {
  kind: 'mss';
  /** 0..65535. */
  mss: number;
}
/**
 * Window scale (kind 3, length 3, RFC 7323 §2).
 *
 * @example
 * ```ts
 * const scale: WindowScaleOption = { kind: 'windowScale', shift: 7 }; // windows count units of 128 bytes
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [scale] }).subarray(20);
 * // 03 03 07, then one zero byte of fill
 * ```
 */
export interface WindowScaleOption {
  kind: 'windowScale';
  /** The shift as sent, 0..255; receivers use at most 14 (RFC 7323 §2.3, see `lint`). */
  shift: number;
}
/**
 * SACK permitted (kind 4, length 2, RFC 2018 §2), sent on a SYN only.
 *
 * @example
 * ```ts
 * const syn = encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [{ kind: 'sackPermitted' }] });
 * syn.subarray(20); // 04 02, then two zero bytes of fill
 * ```
 */
export interface SackPermittedOption {
  kind: 'sackPermitted';
}
/**
 * Selective acknowledgment (kind 5, length 2 + 8n, n = 1..4, RFC 2018 §3).
 *
 * @example
 * ```ts
 * // ACK 1 while bytes 1001..2000 have arrived: a hole at 1..1000.
 * const sack: SackOption = { kind: 'sack', blocks: [{ left: 1001, right: 2001 }] };
 * encode({ srcPort: 443, dstPort: 50000, ack: 1, flags: { ack: true }, options: [sack] }).subarray(20);
 * // 05 0a 000003e9 000007d1, then two zero bytes of fill
 * ```
 */
export interface SackOption {
  kind: 'sack';
  /** One to four blocks, in wire order. */
  blocks: SackBlock[];
}
/**
 * Timestamps (kind 8, length 10, RFC 7323 §3).
 *
 * @example
 * ```ts
 * const ts: TimestampsOption = { kind: 'timestamps', tsVal: 1000, tsEcr: 0 }; // TSecr is 0 on a first SYN
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [ts] }).subarray(20);
 * // 08 0a 000003e8 00000000, then two zero bytes of fill
 * ```
 */
export interface TimestampsOption {
  kind: 'timestamps';
  /** TSval, 32-bit unsigned. */
  tsVal: number;
  /** TSecr, 32-bit unsigned. */
  tsEcr: number;
}
/**
 * TCP MD5 signature (kind 19, length 18, RFC 2385 §3).
 *
 * @example
 * ```ts
 * // The digest is computed over the segment and a shared key (RFC 2385 §2); zeros hold its place here.
 * const md5: Md5Option = { kind: 'md5', digest: new Uint8Array(16) };
 * encodedLength({ srcPort: 179, dstPort: 50000, options: [md5] }); // 40: 20 + 18, filled to 40
 * ```
 */
export interface Md5Option {
  kind: 'md5';
  /** The 16-byte digest. */
  digest: Uint8Array;
}
/**
 * User timeout (kind 28, length 4, RFC 5482 §2).
 *
 * @example
 * ```ts
 * const uto: UserTimeoutOption = { kind: 'userTimeout', minutes: true, timeout: 10 }; // 10 minutes
 * encode({ srcPort: 50000, dstPort: 22, options: [uto] }).subarray(20); // 1c 04 80 0a: G bit set, 10
 * ```
 */
export interface UserTimeoutOption {
  kind: 'userTimeout';
  /** The G bit: true when `timeout` counts minutes, false for seconds. */
  minutes: boolean;
  /** 0..32767. */
  timeout: number;
}
/**
 * TCP Authentication Option (kind 29, length >= 4, RFC 5925 §2.2).
 *
 * @example
 * ```ts
 * // A 12-byte MAC (HMAC-SHA-1-96, RFC 5926); zeros hold its place here.
 * const ao: AuthenticationOption = { kind: 'authentication', keyId: 1, rNextKeyId: 1, mac: new Uint8Array(12) };
 * encode({ srcPort: 179, dstPort: 50000, options: [ao] }).subarray(20, 24); // 1d 10 01 01: length 16
 * ```
 */
export interface AuthenticationOption {
  kind: 'authentication';
  /** KeyID, 0..255. */
  keyId: number;
  /** RNextKeyID, 0..255. */
  rNextKeyId: number;
  /** The MAC, any length that fits. */
  mac: Uint8Array;
}
/**
 * Multipath TCP (kind 30, length >= 3, RFC 8684 §3).
 *
 * @example
 * ```ts
 * // MP_CAPABLE (subtype 0), version 1, flag H (HMAC-SHA256), as a SYN carries it (RFC 8684 §3.1).
 * const mpc: MultipathOption = { kind: 'multipath', subtype: 0, data: Uint8Array.of(0x01, 0x01) };
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [mpc] }).subarray(20); // 1e 04 01 01
 * ```
 */
export interface MultipathOption {
  kind: 'multipath';
  /** The MPTCP subtype, the high nibble of `data[0]` (encode checks they agree). */
  subtype: number;
  /** Everything after the kind and length bytes (at least one byte). */
  data: Uint8Array;
}
/**
 * TCP Fast Open cookie (kind 34, RFC 7413 §4.1.1), or the same carried in an experimental option
 * with ExID 0xF989 (then `code` and `exid` are set, so it re-encodes the same way).
 *
 * @example
 * ```ts
 * const request: FastOpenOption = { kind: 'fastOpen', cookie: new Uint8Array(0) }; // 22 02
 * const oldStyle: FastOpenOption = { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }; // fe 04 f9 89
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [request] }).subarray(20, 22); // 22 02
 * ```
 */
export interface FastOpenOption {
  kind: 'fastOpen';
  /** Empty for a cookie request, else 4..16 bytes, even. */
  cookie: Uint8Array;
  /** 253 or 254 when carried in an experimental option; absent for kind 34. */
  code?: 253 | 254;
  /** 0xF989 when carried in an experimental option. */
  exid?: number;
}
/**
 * Accurate ECN counters (kinds 172 and 174, length 2 + 3n, RFC 9768 §3.2.3), or the same carried in
 * an experimental option with ExID 0xACC0 / 0xACC1.
 *
 * @example
 * ```ts
 * const accEcn: AccEcnOption = { kind: 'accEcn', order: 0, counters: [1000, 0, 1] }; // EE0B, ECEB, EE1B
 * encode({ srcPort: 443, dstPort: 50000, flags: { ack: true }, options: [accEcn] }).subarray(20);
 * // ac 0b 0003e8 000000 000001, then one zero byte of fill
 * ```
 */
export interface AccEcnOption {
  kind: 'accEcn';
  /** 0 for kind 172 / ExID 0xACC0 (EE0B, ECEB, EE1B), 1 for kind 174 / ExID 0xACC1 (EE1B, ECEB, EE0B). */
  order: 0 | 1;
  /** Zero to three 24-bit byte counters, in wire order. */
  counters: number[];
  /** 253 or 254 when carried in an experimental option; absent for kinds 172 and 174. */
  code?: 253 | 254;
  /** 0xACC0 or 0xACC1 when carried in an experimental option. */
  exid?: number;
}
/**
 * An experimental option (kinds 253 and 254, length >= 4) with its ExID (RFC 6994 §3). Kinds 253 and
 * 254 are the two experimental kinds RFC 4727 assigns.
 *
 * @example
 * ```ts
 * const option: ExperimentalOption = { kind: 'experimental', code: 253, exid: 0x1234, data: Uint8Array.of(0xab) };
 * encode({ srcPort: 1, dstPort: 2, options: [option] }).subarray(20); // fd 05 12 34 ab, then three zero bytes
 * ```
 */
export interface ExperimentalOption {
  kind: 'experimental';
  /** 253 or 254. */
  code: 253 | 254;
  /** The 16-bit experiment identifier. */
  exid: number;
  /** The bytes after the ExID. */
  data: Uint8Array;
}
/**
 * Any other kind, or a kind whose length its typed form does not allow; kept as a valid TLV: a kind
 * byte, a length byte that counts both, then the data (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * // A Fast Open option with a 3-byte cookie, which RFC 7413 §4.1.1 does not allow:
 * const unknown: UnknownOption = { kind: 'unknown', code: 34, data: Uint8Array.of(1, 2, 3) };
 * const bytes = encode({ srcPort: 1, dstPort: 2, options: [unknown] }); // 22 05 01 02 03 after the fixed header
 * decode(bytes).options[0]; // { kind: 'unknown', code: 34, data: Uint8Array [1, 2, 3] }
 * ```
 */
export interface UnknownOption {
  kind: 'unknown';
  /** The kind byte, 0..255. */
  code: number;
  /** The bytes after the kind and length bytes. */
  data: Uint8Array;
}
/**
 * Bytes written verbatim: the escape hatch for crafting, and what lenient decoding returns for an
 * option area it cannot walk.
 * Nothing is checked: the bytes may break RFC 9293 §3.1's option layout, which is their use.
 *
 * @example
 * ```ts
 * const bad = encode({ srcPort: 1, dstPort: 2, options: [{ kind: 'raw', bytes: Uint8Array.of(2, 1) }] }); // MSS, length 1
 * tryDecode(bad).ok;                   // false: OPTION_BAD_LENGTH at offset 20
 * decodeLenient(bad).header?.options; // [{ kind: 'raw', bytes: Uint8Array [2, 1, 0, 0] }]
 * ```
 */
export interface RawOption {
  kind: 'raw';
  /** Written as they are, kind and length bytes included. */
  bytes: Uint8Array;
}

/**
 * A TCP option, discriminated by `kind` (design §3).
 * Each is laid out as RFC 9293 §3.1 says: EOL and NOP one byte, every other kind a kind byte, a
 * length byte that counts both, then data; each member cites the RFC that defines its kind.
 *
 * @example
 * ```ts
 * const options: TcpOption[] = [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'windowScale', shift: 7 }];
 * ```
 */
export type TcpOption =
  | EolOption
  | NopOption
  | MssOption
  | WindowScaleOption
  | SackPermittedOption
  | SackOption
  | TimestampsOption
  | Md5Option
  | UserTimeoutOption
  | AuthenticationOption
  | MultipathOption
  | FastOpenOption
  | AccEcnOption
  | ExperimentalOption
  | UnknownOption
  | RawOption;

/**
 * The `kind` names of {@link TcpOption}: one per option kind of RFC 9293 §3.2 and the RFCs that
 * define the others, plus `unknown` and `raw`.
 *
 * @example
 * ```ts
 * // A Linux SYN's options: MSS, SACK permitted, timestamps, NOP, window scale.
 * const kinds: TcpOptionKind[] = decode(syn).options.map((option) => option.kind);
 * // ['mss', 'sackPermitted', 'timestamps', 'nop', 'windowScale']
 * ```
 */
export type TcpOptionKind = TcpOption['kind'];

/**
 * A plain `Uint8Array` copy of `b[start..end)`. Not `b.slice`: on a Node `Buffer` that returns a
 * view sharing the caller's memory (and a `Buffer`), and decoded byte fields must be copies.
 */
export function copyBytes(b: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = b[i]!;
  return out;
}

/**
 * {@link TCP_FIXED_OPTION_LENGTHS} as a bit table, for the option walk's hot path: bit `n` of the
 * 64-bit row of kind `k` (entries `2k` and `2k + 1`) is set when length `n` is allowed, with any
 * length of 63 or more counted as 63. Fixed-size kinds allow only lengths below 63; every other kind
 * has a row of ones.
 */
const LENGTH_BITS: Uint32Array = /* @__PURE__ */ lengthBits();

function lengthBits(): Uint32Array {
  const bits = new Uint32Array(512).fill(0xffffffff);
  for (const [kind, lengths] of Object.entries(TCP_FIXED_OPTION_LENGTHS)) {
    const k = Number(kind);
    bits[2 * k] = 0;
    bits[2 * k + 1] = 0;
    for (const n of lengths) bits[2 * k + (n >> 5)]! |= 1 << (n & 31);
  }
  return bits;
}

/**
 * Whether `length` (0..63) is legal for a fixed-size kind (always true for the other kinds). The
 * option walks call it with at most 40, the room for options; pass `Math.min(length, 63)` for a
 * longer one.
 */
export function fixedLengthAllowed(kind: number, length: number): boolean {
  return ((LENGTH_BITS[2 * kind + (length >> 5)]! >>> length) & 1) === 1;
}

/** RFC 7413 §4.1.1: a cookie is empty (a request) or 4..16 bytes of even length. */
function fastOpenCookieAllowed(length: number): boolean {
  return length === 0 || (length >= 4 && length <= 16 && length % 2 === 0);
}

/** RFC 9768 §3.2.3: zero to three 24-bit counters. */
function accEcnBodyAllowed(length: number): boolean {
  return length <= 9 && length % 3 === 0;
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

/**
 * The wire kind number of an option: `mss` is 2, `fastOpen` is 34 (or its experimental `code`),
 * `accEcn` is 172 / 174 by its order (or its `code`), `unknown` and `experimental` their `code`,
 * `raw` its first byte (undefined when empty).
 * That is the option's first byte (RFC 9293 §3.1); the numbers are those of the IANA registry, as
 * in {@link TCP_OPTION_KIND}.
 *
 * @param option - any option
 * @returns the kind byte it is written with
 * @example
 * ```ts
 * optionCode({ kind: 'timestamps', tsVal: 1, tsEcr: 0 }); // 8
 * optionCode({ kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }); // 254
 * optionCode({ kind: 'accEcn', order: 1, counters: [] }); // 174
 * ```
 */
export function optionCode(option: TcpOption): number | undefined {
  switch (option.kind) {
    case 'eol':
      return KIND.EOL;
    case 'nop':
      return KIND.NOP;
    case 'mss':
      return KIND.MSS;
    case 'windowScale':
      return KIND.WINDOW_SCALE;
    case 'sackPermitted':
      return KIND.SACK_PERMITTED;
    case 'sack':
      return KIND.SACK;
    case 'timestamps':
      return KIND.TIMESTAMPS;
    case 'md5':
      return KIND.MD5;
    case 'userTimeout':
      return KIND.USER_TIMEOUT;
    case 'authentication':
      return KIND.AUTHENTICATION;
    case 'multipath':
      return KIND.MULTIPATH;
    case 'fastOpen':
      return option.code ?? KIND.FAST_OPEN;
    case 'accEcn':
      return option.code ?? (option.order === 0 ? KIND.ACC_ECN_0 : KIND.ACC_ECN_1);
    case 'experimental':
    case 'unknown':
      return option.code;
    case 'raw':
      return option.bytes[0];
  }
}

const KIND_NAMES =
  'eol, nop, mss, windowScale, sackPermitted, sack, timestamps, md5, userTimeout, authentication, multipath, fastOpen, accEcn, experimental, unknown, raw';

/** Checks the `code` / `exid` pair of an option that may be carried in kind 253 / 254. */
function checkExperimentalCarrier(
  code: unknown,
  exid: unknown,
  allowedExids: readonly number[],
  label: string,
  craft: boolean,
): boolean {
  if (code === undefined) {
    if (exid !== undefined) {
      throw new RangeError(`${label}.exid must be left out unless ${label}.code is 253 or 254`);
    }
    return false;
  }
  if (code !== KIND.EXPERIMENTAL_1 && code !== KIND.EXPERIMENTAL_2) {
    throw new RangeError(`${label}.code must be 253, 254 or left out, got ${describe(code)}`);
  }
  assertInteger(exid, `${label}.exid`, 0, 0xffff);
  if (!craft && !allowedExids.includes(exid)) {
    const hex = allowedExids.map((e) => `0x${e.toString(16).toUpperCase()}`).join(' or ');
    throw new RangeError(
      `${label}.exid must be ${hex} for this option, got 0x${exid.toString(16).toUpperCase()}`,
    );
  }
  return true;
}

/**
 * Checks one option and returns how many bytes it takes. Throws a `TypeError` / `RangeError` naming
 * `label` (e.g. `options[2].mss`). With `craft`, fields that merely disagree with each other are
 * allowed; values that cannot be written at all are not.
 */
export function measureOption(option: TcpOption, label: string, craft: boolean): number {
  if (typeof option !== 'object' || option === null) {
    throw new TypeError(`${label} must be an option object, got ${describe(option)}`);
  }
  switch (option.kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss':
      assertInteger(option.mss, `${label}.mss`, 0, 0xffff);
      return 4;
    case 'windowScale':
      assertInteger(option.shift, `${label}.shift`, 0, 0xff);
      return 3;
    case 'sackPermitted':
      return 2;
    case 'sack': {
      const blocks: unknown = option.blocks;
      if (!Array.isArray(blocks))
        throw new TypeError(`${label}.blocks must be an array, got ${describe(blocks)}`);
      if (blocks.length < 1 || blocks.length > 4) {
        throw new RangeError(`${label}.blocks must hold 1..4 blocks (RFC 2018 §3), got ${blocks.length}`);
      }
      blocks.forEach((block: SackBlock, i) => {
        if (typeof block !== 'object' || block === null) {
          throw new TypeError(`${label}.blocks[${i}] must be an object, got ${describe(block)}`);
        }
        assertInteger(block.left, `${label}.blocks[${i}].left`, 0, 0xffffffff);
        assertInteger(block.right, `${label}.blocks[${i}].right`, 0, 0xffffffff);
      });
      return 2 + 8 * blocks.length;
    }
    case 'timestamps':
      assertInteger(option.tsVal, `${label}.tsVal`, 0, 0xffffffff);
      assertInteger(option.tsEcr, `${label}.tsEcr`, 0, 0xffffffff);
      return 10;
    case 'md5':
      assertBytes(option.digest, `${label}.digest`);
      if (option.digest.length !== 16) {
        throw new RangeError(`${label}.digest must be 16 bytes (RFC 2385 §3), got ${option.digest.length}`);
      }
      return 18;
    case 'userTimeout':
      assertBoolean(option.minutes, `${label}.minutes`);
      assertInteger(option.timeout, `${label}.timeout`, 0, 0x7fff);
      return 4;
    case 'authentication':
      assertInteger(option.keyId, `${label}.keyId`, 0, 0xff);
      assertInteger(option.rNextKeyId, `${label}.rNextKeyId`, 0, 0xff);
      assertBytes(option.mac, `${label}.mac`);
      return 4 + option.mac.length;
    case 'multipath':
      assertInteger(option.subtype, `${label}.subtype`, 0, 15);
      assertBytes(option.data, `${label}.data`);
      if (option.data.length < 1)
        throw new RangeError(`${label}.data must hold at least 1 byte (the subtype)`);
      if (!craft && option.data[0]! >> 4 !== option.subtype) {
        throw new RangeError(
          `${label}.subtype must equal the high nibble of ${label}.data[0] (${option.data[0]! >> 4}), got ${option.subtype}`,
        );
      }
      return 2 + option.data.length;
    case 'fastOpen': {
      assertBytes(option.cookie, `${label}.cookie`);
      if (!fastOpenCookieAllowed(option.cookie.length)) {
        throw new RangeError(
          `${label}.cookie must be empty or 4..16 bytes of even length (RFC 7413 §4.1.1), got ${option.cookie.length}`,
        );
      }
      const inExperiment = checkExperimentalCarrier(
        option.code,
        option.exid,
        [TCP_EXID.FAST_OPEN],
        label,
        craft,
      );
      return (inExperiment ? 4 : 2) + option.cookie.length;
    }
    case 'accEcn': {
      if (option.order !== 0 && option.order !== 1) {
        throw new RangeError(`${label}.order must be 0 or 1, got ${describe(option.order)}`);
      }
      const counters: unknown = option.counters;
      if (!Array.isArray(counters)) {
        throw new TypeError(`${label}.counters must be an array, got ${describe(counters)}`);
      }
      if (counters.length > 3) {
        throw new RangeError(
          `${label}.counters must hold 0..3 counters (RFC 9768 §3.2.3), got ${counters.length}`,
        );
      }
      counters.forEach((c: unknown, i) => {
        assertInteger(c, `${label}.counters[${i}]`, 0, 0xffffff);
      });
      const exids = [option.order === 0 ? TCP_EXID.ACC_ECN_0 : TCP_EXID.ACC_ECN_1];
      const inExperiment = checkExperimentalCarrier(option.code, option.exid, exids, label, craft);
      return (inExperiment ? 4 : 2) + 3 * counters.length;
    }
    case 'experimental':
      if (option.code !== KIND.EXPERIMENTAL_1 && option.code !== KIND.EXPERIMENTAL_2) {
        throw new RangeError(`${label}.code must be 253 or 254, got ${describe(option.code)}`);
      }
      assertInteger(option.exid, `${label}.exid`, 0, 0xffff);
      assertBytes(option.data, `${label}.data`);
      return 4 + option.data.length;
    case 'unknown': {
      assertInteger(option.code, `${label}.code`, 0, 0xff);
      assertBytes(option.data, `${label}.data`);
      if (option.code === KIND.EOL || option.code === KIND.NOP) {
        // Kinds 0 and 1 are one byte on the wire, however they are spelled (RFC 9293 §3.2).
        if (option.data.length > 0) {
          throw new RangeError(`${label}.data must be empty for code ${option.code}, a one-byte option`);
        }
        return 1;
      }
      const length = 2 + option.data.length;
      if (!craft && !fixedLengthAllowed(option.code, Math.min(length, 63))) {
        throw new RangeError(
          `${label} has code ${option.code}, whose length must be ${TCP_FIXED_OPTION_LENGTHS[option.code]!.join(' or ')}; got ${length} (use craft to write it anyway)`,
        );
      }
      return length;
    }
    case 'raw':
      assertBytes(option.bytes, `${label}.bytes`);
      return option.bytes.length;
    default:
      throw new TypeError(
        `${label}.kind must be one of ${KIND_NAMES}, got ${describe((option as { kind?: unknown }).kind)}`,
      );
  }
}

/**
 * The checks below are written out rather than calling a helper: a 32-bit value above 2^31 held in
 * a double field would be boxed (allocated) to be passed to a function the compiler did not inline.
 * `(v & 0xffff) === v` holds exactly for the integers 0..65535 (and -0, which measureOption accepts
 * too), `v >>> 0 === v` exactly for the integers 0..2^32-1.
 */
export function quickOptionLength(option: TcpOption, kind: TcpOptionKind | undefined): number {
  switch (kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss': {
      const mss = (option as MssOption).mss;
      return typeof mss === 'number' && (mss & 0xffff) === mss ? 4 : -1;
    }
    case 'windowScale': {
      const shift = (option as WindowScaleOption).shift;
      return typeof shift === 'number' && (shift & 0xff) === shift ? 3 : -1;
    }
    case 'sackPermitted':
      return 2;
    case 'timestamps': {
      const tsVal = (option as TimestampsOption).tsVal;
      const tsEcr = (option as TimestampsOption).tsEcr;
      const valid =
        typeof tsVal === 'number' &&
        tsVal >>> 0 === tsVal &&
        typeof tsEcr === 'number' &&
        tsEcr >>> 0 === tsEcr;
      return valid ? 10 : -1;
    }
    case 'sack': {
      const blocks: unknown = (option as SackOption).blocks;
      if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 4) return -1;
      for (let i = 0; i < blocks.length; i++) {
        const block: unknown = blocks[i];
        if (typeof block !== 'object' || block === null) return -1;
        const left = (block as SackBlock).left;
        const right = (block as SackBlock).right;
        if (
          typeof left !== 'number' ||
          left >>> 0 !== left ||
          typeof right !== 'number' ||
          right >>> 0 !== right
        ) {
          return -1;
        }
      }
      return 2 + 8 * blocks.length;
    }
    default:
      return -1;
  }
}

/** Writes a TLV header and returns the position after it. */
function tlv(t: Uint8Array, at: number, kind: number, length: number): number {
  t[at] = kind;
  t[at + 1] = length;
  return at + 2;
}

/**
 * Writes one option that {@link measureOption} accepted, at `at`, and returns the position after it.
 */
export function writeOption(option: TcpOption, t: Uint8Array, at: number): number {
  // The kinds stacks send on every connection, in a function small enough for V8 to inline into
  // the header writer; the rest in writeOtherOption. The kinds are literals checked against
  // TCP_OPTION_KIND by `satisfies`: a property of a module's constant object is a load at run time.
  switch (option.kind) {
    case 'nop':
      t[at] = 1 satisfies typeof KIND.NOP;
      return at + 1;
    case 'mss':
      w16(t, tlv(t, at, 2 satisfies typeof KIND.MSS, 4), option.mss);
      return at + 4;
    case 'windowScale':
      t[tlv(t, at, 3 satisfies typeof KIND.WINDOW_SCALE, 3)] = option.shift;
      return at + 3;
    case 'sackPermitted':
      return tlv(t, at, 4 satisfies typeof KIND.SACK_PERMITTED, 2);
    case 'sack': {
      let i = tlv(t, at, 5 satisfies typeof KIND.SACK, 2 + 8 * option.blocks.length);
      const blocks = option.blocks;
      for (let k = 0; k < blocks.length; k++) {
        w32(t, i, blocks[k]!.left | 0);
        w32(t, i + 4, blocks[k]!.right | 0);
        i += 8;
      }
      return i;
    }
    case 'timestamps': {
      const i = tlv(t, at, 8 satisfies typeof KIND.TIMESTAMPS, 10);
      w32(t, i, option.tsVal | 0);
      w32(t, i + 4, option.tsEcr | 0);
      return at + 10;
    }
    case 'eol':
      t[at] = 0 satisfies typeof KIND.EOL;
      return at + 1;
    default:
      return writeOtherOption(option, t, at);
  }
}

/** {@link writeOption} for the kinds it does not write itself. */
function writeOtherOption(
  option: Exclude<
    TcpOption,
    { kind: 'nop' | 'mss' | 'windowScale' | 'sackPermitted' | 'sack' | 'timestamps' | 'eol' }
  >,
  t: Uint8Array,
  at: number,
): number {
  switch (option.kind) {
    case 'md5':
      t.set(option.digest, tlv(t, at, KIND.MD5, 18));
      return at + 18;
    case 'userTimeout':
      w16(t, tlv(t, at, KIND.USER_TIMEOUT, 4), (option.minutes ? 0x8000 : 0) | option.timeout);
      return at + 4;
    case 'authentication': {
      const i = tlv(t, at, KIND.AUTHENTICATION, 4 + option.mac.length);
      t[i] = option.keyId;
      t[i + 1] = option.rNextKeyId;
      t.set(option.mac, i + 2);
      return i + 2 + option.mac.length;
    }
    case 'multipath': {
      const i = tlv(t, at, KIND.MULTIPATH, 2 + option.data.length);
      t.set(option.data, i);
      return i + option.data.length;
    }
    case 'fastOpen':
      return writeExperimentalCarried(t, at, option.code ?? KIND.FAST_OPEN, option.exid, option.cookie);
    case 'accEcn': {
      const code = option.code ?? (option.order === 0 ? KIND.ACC_ECN_0 : KIND.ACC_ECN_1);
      const headerLength = option.code === undefined ? 2 : 4;
      let i = tlv(t, at, code, headerLength + 3 * option.counters.length);
      if (option.exid !== undefined) {
        w16(t, i, option.exid);
        i += 2;
      }
      const counters = option.counters;
      for (let k = 0; k < counters.length; k++) {
        w24(t, i, counters[k]!);
        i += 3;
      }
      return i;
    }
    case 'experimental':
      return writeExperimentalCarried(t, at, option.code, option.exid, option.data);
    case 'unknown': {
      if (option.code === KIND.EOL || option.code === KIND.NOP) {
        t[at] = option.code;
        return at + 1;
      }
      const i = tlv(t, at, option.code, 2 + option.data.length);
      t.set(option.data, i);
      return i + option.data.length;
    }
    case 'raw':
      t.set(option.bytes, at);
      return at + option.bytes.length;
  }
}

/** Writes kind, length, an ExID when one is given, then `body`. */
function writeExperimentalCarried(
  t: Uint8Array,
  at: number,
  code: number,
  exid: number | undefined,
  body: Uint8Array,
): number {
  let i = tlv(t, at, code, (exid === undefined ? 2 : 4) + body.length);
  if (exid !== undefined) {
    w16(t, i, exid);
    i += 2;
  }
  t.set(body, i);
  return i + body.length;
}
