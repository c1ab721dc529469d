/**
 * The one table of option kinds: for each typed option, the kind bytes it is written with, the
 * lengths it may have, the check its body must pass to take the typed form, and tcpdump's name.
 *
 * The codec, `lint`, the arbitraries and the formatter derive what they need from this table, so a
 * new kind is one row here (and its parse and encode cases, which the compiler asks for).
 * The table is keyed by {@link TcpOptionKind}: a kind left out is a compile error.
 *
 * Internal: not exported from the package, but {@link TCP_FIXED_OPTION_LENGTHS} is.
 *
 * @module
 */
import { TCP_EXID as EXID, TCP_OPTION_KIND as KIND } from '../constants.ts';
import type { TcpOptionKind } from './types.ts';

/**
 * How one typed option kind sits on the wire.
 *
 * @example
 * ```ts
 * const rule: OptionKindRule = OPTION_KINDS.mss;
 * rule.lengths; // [4]
 * ```
 */
export interface OptionKindRule {
  /** The kind bytes that decode to this form, the one `encode` writes by default first. */
  readonly codes: readonly number[];
  /** tcpdump's name for each of `codes`, in order; `undefined` where tcpdump has none. */
  readonly tcpdumpNames: readonly (string | undefined)[];
  /** RFC 6994 ExIDs under which kinds 253 and 254 carry this form too. */
  readonly exids: readonly number[];
  /**
   * The only lengths the kind may have (kind and length bytes counted), for the fixed-size kinds;
   * any other length is `OPTION_BAD_LENGTH`. `null` for the kinds of variable length.
   */
  readonly lengths: readonly number[] | null;
  /**
   * Bytes before the body: 1 for the one-byte kinds, 2 for kind and length, 4 where two more fixed
   * bytes follow (TCP-AO's key ids, an experiment's ExID).
   */
  readonly headLength: number;
  /**
   * Whether a body of `n` bytes (after the head) takes the typed form; a variable-length kind
   * whose body fails decodes as `unknown` (or `experimental`).
   */
  readonly bodyAllowed: (n: number) => boolean;
}

/**
 * RFC 7413 §4.1.1: a Fast Open cookie is empty (a request) or 4..16 bytes of even length.
 *
 * @example
 * ```ts
 * fastOpenCookieAllowed(8); // true
 * fastOpenCookieAllowed(3); // false
 * ```
 */
export function fastOpenCookieAllowed(length: number): boolean {
  return length === 0 || (length >= 4 && length <= 16 && length % 2 === 0);
}

/**
 * RFC 9768 §3.2.3: an AccECN option holds zero to three 24-bit counters.
 *
 * @example
 * ```ts
 * accEcnBodyAllowed(6); // true: two counters
 * accEcnBodyAllowed(4); // false
 * ```
 */
export function accEcnBodyAllowed(length: number): boolean {
  return length <= 9 && length % 3 === 0;
}

const any = (): boolean => true;
const none = (n: number): boolean => n === 0;

/** A fixed-size kind: one code, the lengths it may have, kind and length bytes first. */
function fixed(code: number, lengths: readonly number[], tcpdump: string): OptionKindRule {
  return { codes: [code], tcpdumpNames: [tcpdump], exids: [], lengths, headLength: 2, bodyAllowed: any };
}

/** A kind of variable length: the codes and ExIDs it is carried under, its head, its body check. */
function variable(
  codes: readonly number[],
  tcpdumpNames: readonly (string | undefined)[],
  exids: readonly number[],
  headLength: number,
  bodyAllowed: (n: number) => boolean,
): OptionKindRule {
  return { codes, tcpdumpNames, exids, lengths: null, headLength, bodyAllowed };
}

/**
 * Every typed option kind, in the order of RFC 9293 §3.2's list and the IANA registry; the comment
 * on each row names where the kind is defined.
 *
 * @example
 * ```ts
 * OPTION_KINDS.sack.lengths; // [10, 18, 26, 34]
 * OPTION_KINDS.fastOpen.codes; // [34]
 * ```
 */
export const OPTION_KINDS: Readonly<Record<TcpOptionKind, OptionKindRule>> = {
  eol: variable([KIND.EOL], ['eol'], [], 1, none), // RFC 9293 §3.2
  nop: variable([KIND.NOP], ['nop'], [], 1, none), // RFC 9293 §3.2
  mss: fixed(KIND.MSS, [4], 'mss'), // RFC 9293 §3.2
  windowScale: fixed(KIND.WINDOW_SCALE, [3], 'wscale'), // RFC 7323 §2
  sackPermitted: fixed(KIND.SACK_PERMITTED, [2], 'sackOK'), // RFC 2018 §2
  // RFC 2018 §3: one to four blocks of 8 bytes; four fit only without timestamps.
  sack: fixed(KIND.SACK, [10, 18, 26, 34], 'sack'),
  timestamps: fixed(KIND.TIMESTAMPS, [10], 'TS'), // RFC 7323 §3
  md5: fixed(KIND.MD5, [18], 'md5'), // RFC 2385 §3
  userTimeout: fixed(KIND.USER_TIMEOUT, [4], 'uto'), // RFC 5482 §2
  // RFC 5925 §2.2: KeyID and RNextKeyID follow kind and length.
  authentication: variable([KIND.AUTHENTICATION], ['tcp-ao'], [], 4, any),
  // RFC 8684 §3: the subtype byte is the first of the body.
  multipath: variable([KIND.MULTIPATH], ['mptcp'], [], 2, (n) => n >= 1),
  fastOpen: variable([KIND.FAST_OPEN], ['tfo'], [EXID.FAST_OPEN], 2, fastOpenCookieAllowed), // RFC 7413 §4.1.1
  accEcn: variable(
    [KIND.ACC_ECN_0, KIND.ACC_ECN_1],
    [undefined, undefined],
    [EXID.ACC_ECN_0, EXID.ACC_ECN_1],
    2,
    accEcnBodyAllowed,
  ), // RFC 9768 §3.2.3
  // RFC 6994 §3: a 16-bit ExID follows kind and length.
  experimental: variable([KIND.EXPERIMENTAL_1, KIND.EXPERIMENTAL_2], [undefined, 'exp'], [], 4, any),
  // RFC 9293 §3.1: any other code, or a typed code at a length its form does not allow.
  unknown: variable([], [], [], 2, any),
  // Bytes written as given, kind and length included: an encoder-only form.
  raw: variable([], [], [], 0, any),
};

/**
 * The only lengths the fixed-size kinds may have; any other is `OPTION_BAD_LENGTH` .
 * SACK is 2 + 8n for n = 1..4 (RFC 2018 §3; four blocks fit only without timestamps).
 * Derived from the `OPTION_KINDS` table.
 *
 * @example
 * ```ts
 * const ok = TCP_FIXED_OPTION_LENGTHS[TCP_OPTION_KIND.MSS]?.includes(4);
 * ```
 */
export const TCP_FIXED_OPTION_LENGTHS: Readonly<Record<number, readonly number[]>> =
  /* @__PURE__ */ fixedLengths();

function fixedLengths(): Record<number, readonly number[]> {
  const table: Record<number, readonly number[]> = {};
  for (const rule of Object.values(OPTION_KINDS)) {
    if (rule.lengths !== null) table[rule.codes[0]!] = rule.lengths;
  }
  return table;
}

/**
 * The codes of the variable-length kinds whose typed form allows only some bodies: at another
 * length they decode as `unknown` (the `OPTION_LENGTH_UNTYPED` warning of `lint`).
 *
 * @example
 * ```ts
 * PARTLY_TYPED_CODES.includes(TCP_OPTION_KIND.FAST_OPEN); // true
 * ```
 */
export const PARTLY_TYPED_CODES: readonly number[] = /* @__PURE__ */ partlyTypedCodes();

function partlyTypedCodes(): number[] {
  const codes: number[] = [];
  for (const rule of Object.values(OPTION_KINDS)) {
    if (rule.lengths === null && rule.headLength > 1) codes.push(...rule.codes);
  }
  return codes;
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
