/**
 * fast-check arbitraries for TCP headers (RFC 9293 §3.1): typed options, canonical header objects,
 * valid header bytes, and malformed bytes that a strict decoder must reject. Use them to fuzz your own
 * packet tools the way this library fuzzes itself.
 *
 * The module never loads fast-check: every factory takes *your* fast-check as its first argument
 * (`import fc from 'fast-check'` or `import * as fc from 'fast-check'`), so there is one fast-check
 * in your tests, with your seed, your `numRuns` and your shrinking.
 *
 * What each factory promises:
 * - {@link tcpOption}: any typed option with every value in range, in its canonical form (the form
 *   `decode` gives for its bytes).
 * - {@link tcpHeader}: canonical {@link TcpHeader} values, exactly what `decode` can return, so
 *   `decode(encode(h))` deep-equals `h`.
 * - {@link tcpHeaderBytes}: bytes `decode` accepts (a header, then an optional payload).
 * - {@link malformedTcpBytes}: bytes `decode` rejects with a `TcpDecodeError`, one variant per rule
 *   of design §4 ({@link MALFORMED_TCP_VARIANTS} names the code each variant gets).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { decode, encode } from 'tcp-header';
 * import { malformedTcpBytes, tcpHeader } from 'tcp-header/arbitraries';
 *
 * fc.assert(fc.property(tcpHeader(fc, { flags: { syn: true } }), (header) => {
 *   myTool.handle(encode(header)); // must not crash on any SYN
 * }));
 * fc.assert(fc.property(malformedTcpBytes(fc), (bytes) => {
 *   expect(() => myTool.parse(bytes)).toThrow(MyParseError);
 * }));
 * ```
 *
 * @module
 */
import type * as FastCheck from 'fast-check';
import type { Arbitrary } from 'fast-check';
import {
  TCP_EXID as EXID,
  TCP_OPTION_KIND as KIND,
  TCP_FIELD,
  TCP_FIXED_OPTION_LENGTHS,
  TCP_MAX_OPTIONS_LENGTH,
  TCP_MIN_HEADER_LENGTH,
} from './constants.ts';
import { assertBoolean, assertInteger, describe, type TcpDecodeErrorCode } from './errors.ts';
import { encode, type TcpFlags, type TcpHeader } from './header.ts';
import { measureOption, type TcpOption, type TcpOptionKind } from './options.ts';

/**
 * The parts of the fast-check API the factories use. Pass the whole fast-check module (its default
 * export or its namespace); this type only keeps the factories from depending on one fast-check
 * version's full type.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * const api: FastCheckApi = fc; // what every factory here takes (RFC 9293 §3.1 headers come out)
 * ```
 */
export type FastCheckApi = Pick<
  typeof FastCheck,
  'array' | 'boolean' | 'constant' | 'constantFrom' | 'integer' | 'oneof' | 'record' | 'tuple' | 'uint8Array'
>;

/**
 * The option kinds the arbitraries generate: every `kind` of {@link TcpOption} but `raw` (RFC 9293
 * §3.2 and the RFCs of design §3), since `decode` never returns `raw`.
 *
 * @example
 * ```ts
 * const kinds: GeneratedOptionKind[] = ['mss', 'windowScale', 'sackPermitted', 'timestamps'];
 * tcpHeader(fc, { kinds });
 * ```
 */
export type GeneratedOptionKind = Exclude<TcpOptionKind, 'raw'>;

/** Every kind {@link tcpOption} can draw from, in the order of design §3. */
const ALL_KINDS: readonly GeneratedOptionKind[] = [
  'eol',
  'nop',
  'mss',
  'windowScale',
  'sackPermitted',
  'sack',
  'timestamps',
  'md5',
  'userTimeout',
  'authentication',
  'multipath',
  'fastOpen',
  'accEcn',
  'experimental',
  'unknown',
];

/**
 * The fewest bytes each kind takes on the wire: one-byte EOL and NOP (RFC 9293 §3.2), the fixed
 * lengths of design §3, SACK with one block (RFC 2018 §3), TCP-AO with an empty MAC (RFC 5925 §2.2),
 * MPTCP with its subtype byte (RFC 8684 §3), a Fast Open cookie request (RFC 7413 §4.1.1), AccECN
 * without counters (RFC 9768 §3.2.3), an experiment with its ExID (RFC 6994 §3).
 */
const MIN_LENGTH: Readonly<Record<GeneratedOptionKind, number>> = {
  eol: 1,
  nop: 1,
  mss: 4,
  windowScale: 3,
  sackPermitted: 2,
  sack: 10,
  timestamps: 10,
  md5: 18,
  userTimeout: 4,
  authentication: 4,
  multipath: 3,
  fastOpen: 2,
  accEcn: 2,
  experimental: 4,
  unknown: 2,
};

const NO_BYTES: Uint8Array = new Uint8Array(0);
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/** Kinds that have a typed form at some length (design §3); `unknown` uses other codes or lengths. */
const TYPED_CODES: ReadonlySet<number> = new Set<number>(Object.values(KIND));

/** Variable-length kinds whose typed form allows only some lengths; others decode as `unknown`. */
const PARTLY_TYPED_CODES: readonly number[] = [
  KIND.AUTHENTICATION,
  KIND.MULTIPATH,
  KIND.FAST_OPEN,
  KIND.ACC_ECN_0,
  KIND.ACC_ECN_1,
  KIND.EXPERIMENTAL_1,
  KIND.EXPERIMENTAL_2,
];

/** RFC 7413 §4.1.1: a Fast Open cookie is empty (a request) or 4..16 bytes of even length. */
const fastOpenCookieAllowed = (length: number): boolean =>
  length === 0 || (length >= 4 && length <= 16 && length % 2 === 0);

/** RFC 9768 §3.2.3: an AccECN option holds zero to three 24-bit counters. */
const accEcnBodyAllowed = (length: number): boolean => length <= 9 && length % 3 === 0;

/**
 * The data lengths (after kind and length) at which a partly typed kind decodes as `unknown`:
 * TCP-AO below length 4, MPTCP below 3, Fast Open with a cookie RFC 7413 forbids, AccECN with a
 * partial counter, 253/254 without room for an ExID.
 */
function untypedDataLengths(code: number, maxData: number): number[] {
  const lengths: number[] = [];
  for (let n = 0; n <= maxData; n++) {
    const typed =
      code === KIND.AUTHENTICATION
        ? n >= 2
        : code === KIND.MULTIPATH
          ? n >= 1
          : code === KIND.FAST_OPEN
            ? fastOpenCookieAllowed(n)
            : code === KIND.ACC_ECN_0 || code === KIND.ACC_ECN_1
              ? accEcnBodyAllowed(n)
              : n >= 2;
    if (!typed) lengths.push(n);
  }
  return lengths;
}

/** An option's length on the wire. */
const optionLength = (option: TcpOption): number => measureOption(option, 'option', false);

/** Throws a `TypeError` unless `value` is a plain object whose keys are all in `known`. */
function checkConstraintObject(value: unknown, label: string, known: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${label} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`${label} has no setting ${JSON.stringify(key)}; known: ${known.join(', ')}`);
    }
  }
}

/** Checks a `kinds` list: a non-empty array of {@link GeneratedOptionKind} names. */
function checkKinds(value: unknown, label: string): readonly GeneratedOptionKind[] {
  if (!Array.isArray(value)) throw new TypeError(`${label} must be an array, got ${describe(value)}`);
  if (value.length === 0) throw new RangeError(`${label} must name at least one option kind`);
  for (const [i, kind] of value.entries()) {
    if (!ALL_KINDS.includes(kind as GeneratedOptionKind)) {
      throw new RangeError(`${label}[${i}] must be one of ${ALL_KINDS.join(', ')}, got ${describe(kind)}`);
    }
  }
  return value as GeneratedOptionKind[];
}

/** Throws a `RangeError` naming the first kind that cannot fit in `room` bytes. */
function checkKindsFit(kinds: readonly GeneratedOptionKind[], room: number, label: string): void {
  for (const kind of kinds) {
    if (MIN_LENGTH[kind] > room) {
      throw new RangeError(
        `${label}: ${kind} needs at least ${MIN_LENGTH[kind]} bytes, only ${room} allowed`,
      );
    }
  }
}

const u32 = (fc: FastCheckApi): Arbitrary<number> => fc.integer({ min: 0, max: U32_MAX });
const u16 = (fc: FastCheckApi): Arbitrary<number> => fc.integer({ min: 0, max: U16_MAX });
const bytes = (fc: FastCheckApi, minLength: number, maxLength: number): Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength, maxLength });

/** Fast Open, native (kind 34) or in kind 253/254 with ExID 0xF989 (RFC 7413 §4.1.1). */
function fastOpenArbitrary(fc: FastCheckApi, max: number): Arbitrary<TcpOption> {
  // A cookie of any length, then cut to one RFC 7413 allows: even, and not 2 (so 0 or 4..16).
  const cookie = (room: number): Arbitrary<Uint8Array> =>
    bytes(fc, 0, Math.min(16, room)).map((raw) => {
      const even = raw.length & ~1;
      return raw.subarray(0, even === 2 ? 0 : even);
    });
  const native = cookie(max - 2).map((c): TcpOption => ({ kind: 'fastOpen', cookie: c }));
  if (max < 4) return native;
  const carried = fc
    .tuple(cookie(max - 4), fc.constantFrom(KIND.EXPERIMENTAL_1, KIND.EXPERIMENTAL_2))
    .map(([c, code]): TcpOption => ({ kind: 'fastOpen', cookie: c, code, exid: EXID.FAST_OPEN }));
  return fc.oneof(native, carried);
}

/** AccECN, native (kinds 172 / 174) or in kind 253/254 with ExID 0xACC0 / 0xACC1 (RFC 9768 §3.2.3). */
function accEcnArbitrary(fc: FastCheckApi, max: number): Arbitrary<TcpOption> {
  const counters = (room: number): Arbitrary<number[]> =>
    fc.array(fc.integer({ min: 0, max: 0xffffff }), { maxLength: Math.min(3, Math.floor(room / 3)) });
  const order = fc.constantFrom<0 | 1>(0, 1);
  const native = fc
    .tuple(order, counters(max - 2))
    .map(([o, c]): TcpOption => ({ kind: 'accEcn', order: o, counters: c }));
  if (max < 4) return native;
  const carried = fc
    .tuple(order, counters(max - 4), fc.constantFrom(KIND.EXPERIMENTAL_1, KIND.EXPERIMENTAL_2))
    .map(
      ([o, c, code]): TcpOption => ({
        kind: 'accEcn',
        order: o,
        counters: c,
        code,
        exid: o === 0 ? EXID.ACC_ECN_0 : EXID.ACC_ECN_1,
      }),
    );
  return fc.oneof(native, carried);
}

/**
 * An experiment (RFC 6994 §3) that is not one of the typed forms: the ExIDs of Fast Open and AccECN
 * appear only with a body their typed form does not allow.
 */
function experimentalArbitrary(fc: FastCheckApi, max: number): Arbitrary<TcpOption> {
  const exid = fc.oneof(
    { arbitrary: u16(fc), weight: 3 },
    { arbitrary: fc.constantFrom(EXID.FAST_OPEN, EXID.ACC_ECN_0, EXID.ACC_ECN_1), weight: 1 },
  );
  return fc
    .tuple(fc.constantFrom(KIND.EXPERIMENTAL_1, KIND.EXPERIMENTAL_2), exid, bytes(fc, 0, max - 4))
    .filter(([, id, data]) => {
      if (id === EXID.FAST_OPEN) return !fastOpenCookieAllowed(data.length);
      if (id === EXID.ACC_ECN_0 || id === EXID.ACC_ECN_1) return !accEcnBodyAllowed(data.length);
      return true;
    })
    .map(([code, id, data]): TcpOption => ({ kind: 'experimental', code, exid: id, data }));
}

/**
 * An `unknown` option as `decode` returns it: a kind without a typed form (never 0 or 1, never a
 * fixed-size kind, whose other lengths are errors), or a partly typed kind at a length its typed form
 * does not allow.
 */
function unknownArbitrary(fc: FastCheckApi, max: number): Arbitrary<TcpOption> {
  const free = fc
    .tuple(
      fc.integer({ min: 2, max: 255 }).filter((code) => !TYPED_CODES.has(code)),
      bytes(fc, 0, max - 2),
    )
    .map(([code, data]): TcpOption => ({ kind: 'unknown', code, data }));
  const codes = PARTLY_TYPED_CODES.filter((code) => untypedDataLengths(code, max - 2).length > 0);
  const untyped = fc.constantFrom(...codes).chain((code) =>
    fc
      .constantFrom(...untypedDataLengths(code, max - 2))
      .chain((length) => bytes(fc, length, length))
      .map((data): TcpOption => ({ kind: 'unknown', code, data })),
  );
  return fc.oneof({ arbitrary: free, weight: 3 }, { arbitrary: untyped, weight: 1 });
}

/** Options of one kind, at most `max` bytes long (`max` >= the kind's minimum length). */
function kindArbitrary(fc: FastCheckApi, kind: GeneratedOptionKind, max: number): Arbitrary<TcpOption> {
  switch (kind) {
    case 'eol':
    case 'nop':
    case 'sackPermitted':
      // A fresh object per value, so that a test that changes one does not change the next.
      return fc.constant(kind).map((k): TcpOption => ({ kind: k }));
    case 'mss':
      return u16(fc).map((mss): TcpOption => ({ kind: 'mss', mss }));
    case 'windowScale':
      // Mostly the shifts RFC 7323 §2.3 allows, sometimes the 15..255 it tells receivers to clamp.
      return fc
        .oneof(
          { arbitrary: fc.integer({ min: 0, max: 14 }), weight: 3 },
          { arbitrary: fc.integer({ min: 15, max: 255 }), weight: 1 },
        )
        .map((shift): TcpOption => ({ kind: 'windowScale', shift }));
    case 'sack':
      return fc
        .array(
          fc.tuple(u32(fc), u32(fc)).map(([left, right]) => ({ left, right })),
          {
            minLength: 1,
            maxLength: Math.min(4, Math.floor((max - 2) / 8)),
          },
        )
        .map((blocks): TcpOption => ({ kind: 'sack', blocks }));
    case 'timestamps':
      return fc
        .tuple(u32(fc), u32(fc))
        .map(([tsVal, tsEcr]): TcpOption => ({ kind: 'timestamps', tsVal, tsEcr }));
    case 'md5':
      return bytes(fc, 16, 16).map((digest): TcpOption => ({ kind: 'md5', digest }));
    case 'userTimeout':
      return fc
        .tuple(fc.boolean(), fc.integer({ min: 0, max: 0x7fff }))
        .map(([minutes, timeout]): TcpOption => ({ kind: 'userTimeout', minutes, timeout }));
    case 'authentication':
      return fc
        .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), bytes(fc, 0, max - 4))
        .map(([keyId, rNextKeyId, mac]): TcpOption => ({ kind: 'authentication', keyId, rNextKeyId, mac }));
    case 'multipath':
      return bytes(fc, 1, max - 2).map(
        (data): TcpOption => ({ kind: 'multipath', subtype: data[0]! >> 4, data }),
      );
    case 'fastOpen':
      return fastOpenArbitrary(fc, max);
    case 'accEcn':
      return accEcnArbitrary(fc, max);
    case 'experimental':
      return experimentalArbitrary(fc, max);
    case 'unknown':
      return unknownArbitrary(fc, max);
  }
}

/** Options of the given kinds, each at most `max` bytes (every kind must fit). */
function optionOfKinds(
  fc: FastCheckApi,
  kinds: readonly GeneratedOptionKind[],
  max: number,
): Arbitrary<TcpOption> {
  const arbitraries = kinds.map((kind) => kindArbitrary(fc, kind, max));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}

/**
 * Settings for {@link tcpOption}.
 *
 * @example
 * ```ts
 * const small: TcpOptionConstraints = { kinds: ['sack', 'timestamps'], maxLength: 20 }; // RFC 2018, RFC 7323
 * ```
 */
export interface TcpOptionConstraints {
  /** Kinds to draw from (default: every {@link GeneratedOptionKind}). */
  kinds?: readonly GeneratedOptionKind[];
  /** Longest option in bytes, kind and length bytes included: 1..40 (default 40, RFC 9293 §3.1). */
  maxLength?: number;
}

/**
 * Any typed TCP option with every value in range, in the form `decode` gives for its bytes
 * (design §3): never `raw`; `unknown` only for kinds without a typed form or at lengths the typed
 * form does not allow (never code 0 or 1, never a fixed-size kind); `experimental` never with the
 * ExID and body of Fast Open or AccECN; `multipath.subtype` is `data[0] >> 4`; `fastOpen` and
 * `accEcn` either native or carried in kind 253/254 with the matching ExID (RFC 6994 §3).
 *
 * An `eol` is among the values: inside a header it belongs only at the end (use {@link tcpHeader}
 * for whole option lists).
 *
 * @param fc - your fast-check
 * @param constraints - kinds to draw from and the longest option (see {@link TcpOptionConstraints})
 * @returns an arbitrary of options
 * @throws `TypeError` for constraints of the wrong type or an unknown setting, `RangeError` for a
 *   value out of range or a kind that cannot fit in `maxLength`
 * @example
 * ```ts
 * fc.assert(fc.property(tcpOption(fc), (option) => {
 *   const header = { srcPort: 1, dstPort: 2, options: [option] };
 *   expect(() => encode(header)).not.toThrow(); // every option is writable (RFC 9293 §3.2)
 * }));
 * ```
 */
export function tcpOption(fc: FastCheckApi, constraints: TcpOptionConstraints = {}): Arbitrary<TcpOption> {
  checkConstraintObject(constraints, 'tcpOption constraints', ['kinds', 'maxLength']);
  const max = constraints.maxLength ?? TCP_MAX_OPTIONS_LENGTH;
  assertInteger(max, 'tcpOption constraints.maxLength', 1, TCP_MAX_OPTIONS_LENGTH);
  const kinds =
    constraints.kinds === undefined
      ? ALL_KINDS.filter((kind) => MIN_LENGTH[kind] <= max)
      : checkKinds(constraints.kinds, 'tcpOption constraints.kinds');
  checkKindsFit(kinds, max, 'tcpOption constraints.kinds');
  return optionOfKinds(fc, kinds, max);
}

/**
 * Settings for {@link tcpHeader}. Everything left out is drawn from its whole range.
 *
 * @example
 * ```ts
 * // SYNs with room for the usual RFC 7323 / RFC 2018 options, and nothing odd after an EOL.
 * const syn: TcpHeaderConstraints = { flags: { syn: true, ack: false }, maxOptionBytes: 20, nonZeroPadding: false };
 * ```
 */
export interface TcpHeaderConstraints {
  /** false for headers without options (data offset 5); default true. */
  withOptions?: boolean;
  /** Most bytes of options and padding, 0..40 (default 40); the area is a multiple of 4 within it. */
  maxOptionBytes?: number;
  /**
   * Option kinds to draw from (default: every {@link GeneratedOptionKind}). An `eol` still ends any
   * list whose options do not fill a multiple of 4 bytes, as `decode` reads the zero fill `encode`
   * adds; with `eol` in the list, aligned lists sometimes end in one too.
   */
  kinds?: readonly GeneratedOptionKind[];
  /** Flags to fix, e.g. `{ syn: true, ack: false }`; the others are drawn. */
  flags?: Partial<TcpFlags>;
  /** A fixed value for the reserved bits, 0..7 (default: drawn). */
  reserved?: number;
  /**
   * Whether the padding after an EOL may hold non-zero bytes (default true): legal on the wire,
   * kept by `decode`, and a case some tools mishandle.
   */
  nonZeroPadding?: boolean;
}

const FLAG_NAMES = ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'] as const;
const HEADER_SETTINGS = ['withOptions', 'maxOptionBytes', 'kinds', 'flags', 'reserved', 'nonZeroPadding'];

/** The checked and completed {@link TcpHeaderConstraints}. */
interface HeaderPlan {
  /** Largest option area, a multiple of 4. */
  area: number;
  /** Kinds for the options before a final EOL. */
  bodyKinds: readonly GeneratedOptionKind[];
  /** Whether an aligned list may end in an EOL. */
  eolAllowed: boolean;
  flags: Partial<TcpFlags>;
  reserved: number | undefined;
  nonZeroPadding: boolean;
}

function planHeader(constraints: unknown, label: string, extra: readonly string[]): HeaderPlan {
  checkConstraintObject(constraints, label, [...HEADER_SETTINGS, ...extra]);
  const c = constraints as TcpHeaderConstraints;
  if (c.withOptions !== undefined) assertBoolean(c.withOptions, `${label}.withOptions`);
  if (c.maxOptionBytes !== undefined) {
    assertInteger(c.maxOptionBytes, `${label}.maxOptionBytes`, 0, TCP_MAX_OPTIONS_LENGTH);
  }
  if (c.withOptions === false && (c.kinds !== undefined || (c.maxOptionBytes ?? 0) > 0)) {
    throw new RangeError(
      `${label}.withOptions is false, so kinds and a non-zero maxOptionBytes make no sense`,
    );
  }
  const area = c.withOptions === false ? 0 : (c.maxOptionBytes ?? TCP_MAX_OPTIONS_LENGTH) & ~3;
  let kinds: readonly GeneratedOptionKind[] = ALL_KINDS;
  if (c.kinds !== undefined) {
    kinds = checkKinds(c.kinds, `${label}.kinds`);
    checkKindsFit(kinds, area, `${label}.kinds (the option area is ${area} bytes)`);
  }
  const flags: unknown = c.flags ?? {};
  checkConstraintObject(flags, `${label}.flags`, FLAG_NAMES);
  for (const name of FLAG_NAMES) {
    const value = (flags as Partial<TcpFlags>)[name];
    if (value !== undefined) assertBoolean(value, `${label}.flags.${name}`);
  }
  if (c.reserved !== undefined) assertInteger(c.reserved, `${label}.reserved`, 0, 7);
  if (c.nonZeroPadding !== undefined) assertBoolean(c.nonZeroPadding, `${label}.nonZeroPadding`);
  return {
    area,
    bodyKinds: kinds.filter((kind) => kind !== 'eol' && MIN_LENGTH[kind] <= area),
    eolAllowed: kinds.includes('eol'),
    flags: flags as Partial<TcpFlags>,
    reserved: c.reserved,
    nonZeroPadding: c.nonZeroPadding ?? true,
  };
}

/** The option list and padding of a header, with the data offset they give. */
interface OptionArea {
  options: TcpOption[];
  padding: Uint8Array;
  dataOffset: number;
}

/**
 * Makes a canonical option area of at most `area` bytes out of drawn options: keeps those that fit
 * (in order), then, when they do not fill a multiple of 4 bytes or `endWithEol` asks for it, adds an
 * EOL and padding up to the next multiple of 4, plus `extraWords` whole words where there is room
 * (RFC 9293 §3.1: the header ends on a 32-bit boundary).
 */
function assembleArea(
  area: number,
  drawn: readonly TcpOption[],
  endWithEol: boolean,
  extraWords: number,
  paddingBytes: Uint8Array,
): OptionArea {
  const options: TcpOption[] = [];
  let used = 0;
  for (const option of drawn) {
    const length = optionLength(option);
    if (used + length <= area) {
      options.push(option);
      used += length;
    }
  }
  if (used % 4 === 0 && (!endWithEol || used === area)) {
    return { options, padding: NO_BYTES, dataOffset: 5 + used / 4 };
  }
  options.push({ kind: 'eol' });
  used += 1;
  let length = (4 - (used % 4)) % 4;
  length += 4 * Math.min(extraWords, Math.floor((area - used - length) / 4));
  let padding = NO_BYTES;
  if (length > 0) {
    padding = new Uint8Array(length);
    padding.set(paddingBytes.subarray(0, length));
  }
  return { options, padding, dataOffset: 5 + (used + length) / 4 };
}

function optionAreaArbitrary(fc: FastCheckApi, plan: HeaderPlan): Arbitrary<OptionArea> {
  const { area } = plan;
  if (area === 0) {
    return fc.constant(null).map((): OptionArea => ({ options: [], padding: NO_BYTES, dataOffset: 5 }));
  }
  const drawn =
    plan.bodyKinds.length === 0
      ? fc.constant(null).map((): TcpOption[] => [])
      : fc.array(optionOfKinds(fc, plan.bodyKinds, area), { maxLength: area });
  const extraWords = fc.oneof(
    { arbitrary: fc.constant(0), weight: 4 },
    { arbitrary: fc.integer({ min: 1, max: area / 4 }), weight: 1 },
  );
  const paddingBytes = plan.nonZeroPadding
    ? fc.oneof(
        { arbitrary: fc.constant(NO_BYTES), weight: 3 },
        { arbitrary: bytes(fc, 1, area - 1), weight: 1 },
      )
    : fc.constant(NO_BYTES);
  // A size for this header first, so that every data offset is common (options alone would mostly
  // fill all 40 bytes), and shrinking goes towards short headers.
  const size = fc.integer({ min: 0, max: area / 4 }).map((words) => words * 4);
  return fc
    .tuple(size, drawn, plan.eolAllowed ? fc.boolean() : fc.constant(false), extraWords, paddingBytes)
    .map(([limit, options, eol, words, pad]) => assembleArea(limit, options, eol, words, pad));
}

function headerArbitrary(fc: FastCheckApi, plan: HeaderPlan): Arbitrary<TcpHeader> {
  const flag = (name: keyof TcpFlags): Arbitrary<boolean> => {
    const fixed = plan.flags[name];
    return fixed === undefined ? fc.boolean() : fc.constant(fixed);
  };
  return fc
    .record({
      srcPort: u16(fc),
      dstPort: u16(fc),
      seq: u32(fc),
      ack: u32(fc),
      reserved: plan.reserved === undefined ? fc.integer({ min: 0, max: 7 }) : fc.constant(plan.reserved),
      flags: fc.record({
        ns: flag('ns'),
        cwr: flag('cwr'),
        ece: flag('ece'),
        urg: flag('urg'),
        ack: flag('ack'),
        psh: flag('psh'),
        rst: flag('rst'),
        syn: flag('syn'),
        fin: flag('fin'),
      }),
      window: u16(fc),
      checksum: u16(fc),
      urgentPointer: u16(fc),
      area: optionAreaArbitrary(fc, plan),
    })
    .map(
      (h): TcpHeader => ({
        srcPort: h.srcPort,
        dstPort: h.dstPort,
        seq: h.seq,
        ack: h.ack,
        dataOffset: h.area.dataOffset,
        reserved: h.reserved,
        // A plain object: fast-check may build records without a prototype.
        flags: { ...h.flags },
        window: h.window,
        checksum: h.checksum,
        urgentPointer: h.urgentPointer,
        options: h.area.options,
        padding: h.area.padding,
      }),
    );
}

/**
 * Canonical TCP headers (RFC 9293 §3.1): exactly the values `decode` can return, so that
 * `decode(encode(h))` deep-equals `h` (design §5, law 2).
 *
 * The options are {@link tcpOption} values that fit in 40 bytes; a list that does not fill a
 * multiple of 4 bytes ends in an `eol` and `padding` up to the next multiple of 4 (sometimes more
 * whole words, sometimes non-zero bytes: legal, kept by `decode`); an aligned list sometimes ends in
 * an `eol` too. `padding` is empty when nothing follows an EOL. `dataOffset` matches the bytes;
 * `reserved` is 0..7 and all nine flags are drawn. Shrinking goes towards fewer options, zero
 * fields and cleared flags.
 *
 * @param fc - your fast-check
 * @param constraints - see {@link TcpHeaderConstraints}
 * @returns an arbitrary of headers
 * @throws `TypeError` for constraints of the wrong type or an unknown setting, `RangeError` for a
 *   value out of range, a kind that cannot fit, or `withOptions: false` with option settings
 * @example
 * ```ts
 * fc.assert(fc.property(tcpHeader(fc, { kinds: ['mss', 'sack', 'timestamps', 'nop'] }), (header) => {
 *   expect(decode(encode(header))).toStrictEqual(header); // RFC 9293 §3.1 round trip
 * }));
 * ```
 */
export function tcpHeader(fc: FastCheckApi, constraints: TcpHeaderConstraints = {}): Arbitrary<TcpHeader> {
  return headerArbitrary(fc, planHeader(constraints, 'tcpHeader constraints', []));
}

/**
 * Settings for {@link tcpHeaderBytes}: those of {@link tcpHeader}, and the payload's length.
 *
 * @example
 * ```ts
 * const headersOnly: TcpHeaderBytesConstraints = { maxPayloadLength: 0 }; // RFC 9293 §3.1 headers alone
 * ```
 */
export interface TcpHeaderBytesConstraints extends TcpHeaderConstraints {
  /** Longest payload after the header, 0..65535 bytes (default 32; 0 for the header alone). */
  maxPayloadLength?: number;
}

/**
 * Bytes that `decode` accepts: a {@link tcpHeader} encoded, then a random payload (RFC 9293 §3.1).
 * Among them are headers with non-zero bytes after an EOL, which are valid (that is padding, kept and
 * re-encoded as is), and headers whose options end in the zero fill `encode` adds.
 *
 * @param fc - your fast-check
 * @param constraints - those of {@link tcpHeader}, plus `maxPayloadLength`
 * @returns an arbitrary of segments: header bytes, then payload
 * @throws `TypeError` / `RangeError` as {@link tcpHeader}, and for `maxPayloadLength` out of 0..65535
 * @example
 * ```ts
 * fc.assert(fc.property(tcpHeaderBytes(fc), (segment) => {
 *   const { header, payload } = decodeSegment(segment); // never throws (RFC 9293 §3.1)
 *   expect(header.dataOffset * 4 + payload.length).toBe(segment.length);
 * }));
 * ```
 */
export function tcpHeaderBytes(
  fc: FastCheckApi,
  constraints: TcpHeaderBytesConstraints = {},
): Arbitrary<Uint8Array> {
  const label = 'tcpHeaderBytes constraints';
  const plan = planHeader(constraints, label, ['maxPayloadLength']);
  const maxPayload = constraints.maxPayloadLength ?? 32;
  assertInteger(maxPayload, `${label}.maxPayloadLength`, 0, 0xffff);
  return fc.tuple(headerArbitrary(fc, plan), bytes(fc, 0, maxPayload)).map(([header, payload]) => {
    const head = encode(header);
    const segment = new Uint8Array(head.length + payload.length);
    segment.set(head);
    segment.set(payload, head.length);
    return segment;
  });
}

/**
 * The kinds of bytes {@link malformedTcpBytes} makes, one per rule of design §4 (see
 * {@link MALFORMED_TCP_VARIANTS}).
 *
 * @example
 * ```ts
 * const variant: MalformedTcpVariant = 'optionOverrun'; // an RFC 9293 §3.2 length past the header
 * ```
 */
export type MalformedTcpVariant =
  | 'short'
  | 'dataOffsetBelow5'
  | 'dataOffsetPastEnd'
  | 'optionMissingLength'
  | 'optionLengthBelow2'
  | 'optionLengthHuge'
  | 'optionOverrun'
  | 'fixedOptionBadLength';

/**
 * Each {@link MalformedTcpVariant}, what it produces, and the `TcpDecodeError` code `decode` gives
 * for it (design §4). In the option variants the bad option follows zero or more valid options and
 * NOPs, so it can sit anywhere in the option area; bytes after it are random, and a random payload
 * may follow the header.
 *
 * - `short`: 0..19 random bytes (RFC 9293 §3.1: the fixed header is 20) → `TRUNCATED`.
 * - `dataOffsetBelow5`: 20..60 random bytes with a data offset of 0..4 → `BAD_DATA_OFFSET`.
 * - `dataOffsetPastEnd`: a data offset of 6..15 and fewer bytes than it says (at least 20) →
 *   `TRUNCATED`.
 * - `optionMissingLength`: a kind other than EOL/NOP in the header's last byte → `OPTION_TRUNCATED`.
 * - `optionLengthBelow2`: a kind other than EOL/NOP with length 0 or 1 → `OPTION_BAD_LENGTH`.
 * - `optionLengthHuge`: a length of 128..255, past any header → `OPTION_OVERRUN`.
 * - `optionOverrun`: a length of 2..127 that runs past the header's end → `OPTION_OVERRUN`.
 * - `fixedOptionBadLength`: MSS, window scale, SACK-permitted, SACK, timestamps, MD5 or user timeout
 *   (kinds 2, 3, 4, 5, 8, 19, 28) with a length that fits but that its RFC forbids →
 *   `OPTION_BAD_LENGTH`.
 *
 * Bytes after an EOL are not here: they are padding, which `decode` accepts ({@link tcpHeaderBytes}
 * makes them).
 *
 * @example
 * ```ts
 * for (const [variant, code] of Object.entries(MALFORMED_TCP_VARIANTS)) {
 *   const [bytes] = fc.sample(malformedTcpBytes(fc, { variants: [variant] }), 1);
 *   expect(tryDecode(bytes)).toMatchObject({ ok: false, error: { code } }); // RFC 9293 §3.1
 * }
 * ```
 */
export const MALFORMED_TCP_VARIANTS: Readonly<Record<MalformedTcpVariant, TcpDecodeErrorCode>> = {
  short: 'TRUNCATED',
  dataOffsetBelow5: 'BAD_DATA_OFFSET',
  dataOffsetPastEnd: 'TRUNCATED',
  optionMissingLength: 'OPTION_TRUNCATED',
  optionLengthBelow2: 'OPTION_BAD_LENGTH',
  optionLengthHuge: 'OPTION_OVERRUN',
  optionOverrun: 'OPTION_OVERRUN',
  fixedOptionBadLength: 'OPTION_BAD_LENGTH',
};

/**
 * Settings for {@link malformedTcpBytes}.
 *
 * @example
 * ```ts
 * const optionsOnly: MalformedTcpBytesConstraints = { variants: ['optionOverrun', 'optionLengthBelow2'] }; // RFC 9293 §3.2
 * ```
 */
export interface MalformedTcpBytesConstraints {
  /** The variants to draw from (default: all of {@link MALFORMED_TCP_VARIANTS}). */
  variants?: readonly MalformedTcpVariant[];
}

/** Where a bad option goes in the option area, and its first bytes (kind, maybe a length). */
interface BadOption {
  at: number;
  head: number[];
}

const FIXED_KINDS: readonly number[] = Object.keys(TCP_FIXED_OPTION_LENGTHS).map(Number);

/** A copy of `header` with the data offset nibble (byte 12) set to `dataOffset`, the rest kept. */
function withDataOffset(header: Uint8Array, dataOffset: number): Uint8Array {
  const out = header.slice();
  setDataOffset(out, dataOffset);
  return out;
}

/** Sets the data offset nibble of `header` (byte 12) in place, keeping the rest of the byte. */
function setDataOffset(header: Uint8Array, dataOffset: number): void {
  header[TCP_FIELD.DATA_OFFSET] = (dataOffset << 4) | (header[TCP_FIELD.DATA_OFFSET]! & 0x0f);
}

/**
 * Segments whose option area holds valid options and NOPs, then the bad option from `bad`, then
 * random bytes, with a data offset of `minDataOffset`..15 and a random payload.
 */
function badOptionSegment(
  fc: FastCheckApi,
  minDataOffset: number,
  bad: (area: number) => Arbitrary<BadOption>,
): Arbitrary<Uint8Array> {
  const valid = optionOfKinds(
    fc,
    ALL_KINDS.filter((kind) => kind !== 'eol'),
    TCP_MAX_OPTIONS_LENGTH,
  );
  return fc.integer({ min: minDataOffset, max: 15 }).chain((dataOffset) => {
    const area = dataOffset * 4 - TCP_MIN_HEADER_LENGTH;
    return fc
      .tuple(
        bytes(fc, TCP_MIN_HEADER_LENGTH, TCP_MIN_HEADER_LENGTH),
        fc.array(valid, { maxLength: 6 }),
        bad(area),
        bytes(fc, area, area),
        bytes(fc, 0, 16),
      )
      .map(([fixed, drawn, { at, head }, filler, payload]) => {
        // Generated values are never changed in place: fast-check maps them again while shrinking.
        const out = new Uint8Array(TCP_MIN_HEADER_LENGTH + area + payload.length);
        out.set(fixed);
        setDataOffset(out, dataOffset);
        const start = TCP_MIN_HEADER_LENGTH;
        const prefix: TcpOption[] = [];
        let used = 0;
        for (const option of drawn) {
          const length = optionLength(option);
          if (used + length <= at) {
            prefix.push(option);
            used += length;
          }
        }
        out.set(encode({ srcPort: 0, dstPort: 0, options: prefix }).subarray(start, start + used), start);
        out.fill(KIND.NOP, start + used, start + at);
        out.set(head, start + at);
        out.set(filler.subarray(at + head.length), start + at + head.length);
        out.set(payload, start + area);
        return out;
      });
  });
}

/** A kind that reads a length byte: anything but EOL (0) and NOP (1), RFC 9293 §3.2. */
const lengthKind = (fc: FastCheckApi): Arbitrary<number> => fc.integer({ min: 2, max: 255 });

function variantArbitrary(fc: FastCheckApi, variant: MalformedTcpVariant): Arbitrary<Uint8Array> {
  switch (variant) {
    case 'short':
      return bytes(fc, 0, TCP_MIN_HEADER_LENGTH - 1);
    case 'dataOffsetBelow5':
      return fc
        .tuple(bytes(fc, TCP_MIN_HEADER_LENGTH, 60), fc.integer({ min: 0, max: 4 }))
        .map(([b, dataOffset]) => withDataOffset(b, dataOffset));
    case 'dataOffsetPastEnd':
      return fc
        .integer({ min: 6, max: 15 })
        .chain((dataOffset) =>
          bytes(fc, TCP_MIN_HEADER_LENGTH, dataOffset * 4 - 1).map((b) => withDataOffset(b, dataOffset)),
        );
    case 'optionMissingLength':
      return badOptionSegment(fc, 6, (area) =>
        lengthKind(fc).map((kind) => ({ at: area - 1, head: [kind] })),
      );
    case 'optionLengthBelow2':
      return badOptionSegment(fc, 6, (area) =>
        fc
          .tuple(fc.integer({ min: 0, max: area - 2 }), lengthKind(fc), fc.integer({ min: 0, max: 1 }))
          .map(([at, kind, length]) => ({ at, head: [kind, length] })),
      );
    case 'optionLengthHuge':
      return badOptionSegment(fc, 6, (area) =>
        fc
          .tuple(fc.integer({ min: 0, max: area - 2 }), lengthKind(fc), fc.integer({ min: 128, max: 255 }))
          .map(([at, kind, length]) => ({ at, head: [kind, length] })),
      );
    case 'optionOverrun':
      return badOptionSegment(fc, 6, (area) =>
        fc
          .integer({ min: 0, max: area - 2 })
          .chain((at) =>
            fc
              .tuple(lengthKind(fc), fc.integer({ min: Math.max(2, area - at + 1), max: 127 }))
              .map(([kind, length]) => ({ at, head: [kind, length] })),
          ),
      );
    case 'fixedOptionBadLength':
      // Every fixed kind has a forbidden length in 2..4, so any area of 4 bytes or more has room.
      return badOptionSegment(fc, 6, (area) =>
        fc.constantFrom(...FIXED_KINDS).chain((kind) => {
          const forbidden: number[] = [];
          for (let n = 2; n <= area; n++) if (!TCP_FIXED_OPTION_LENGTHS[kind]!.includes(n)) forbidden.push(n);
          return fc
            .constantFrom(...forbidden)
            .chain((length) =>
              fc.integer({ min: 0, max: area - length }).map((at) => ({ at, head: [kind, length] })),
            );
        }),
      );
  }
}

/**
 * Bytes that a strict `decode` must reject with a `TcpDecodeError`: each of the variants listed in
 * {@link MALFORMED_TCP_VARIANTS} (short buffers, data offsets 0..4 and past the end, option lengths
 * 0, 1 and >= 128, a missing length byte, overruns, fixed-size kinds with a forbidden length; RFC
 * 9293 §3.1-3.2). A lenient decoder should still read the fixed header of every one of 20 bytes or
 * more.
 *
 * @param fc - your fast-check
 * @param constraints - `variants` to draw from (default all)
 * @returns an arbitrary of byte arrays
 * @throws `TypeError` for constraints of the wrong type or an unknown setting, `RangeError` for an
 *   unknown or empty `variants`
 * @example
 * ```ts
 * fc.assert(fc.property(malformedTcpBytes(fc), (bytes) => {
 *   expect(() => decode(bytes)).toThrow(TcpDecodeError); // RFC 9293 §3.1 violations
 * }));
 * ```
 */
export function malformedTcpBytes(
  fc: FastCheckApi,
  constraints: MalformedTcpBytesConstraints = {},
): Arbitrary<Uint8Array> {
  const label = 'malformedTcpBytes constraints';
  checkConstraintObject(constraints, label, ['variants']);
  const all = Object.keys(MALFORMED_TCP_VARIANTS) as MalformedTcpVariant[];
  const variants: unknown = constraints.variants ?? all;
  if (!Array.isArray(variants)) {
    throw new TypeError(`${label}.variants must be an array, got ${describe(variants)}`);
  }
  if (variants.length === 0) throw new RangeError(`${label}.variants must name at least one variant`);
  for (const [i, variant] of variants.entries()) {
    if (!all.includes(variant as MalformedTcpVariant)) {
      throw new RangeError(
        `${label}.variants[${i}] must be one of ${all.join(', ')}, got ${describe(variant)}`,
      );
    }
  }
  const arbitraries = (variants as MalformedTcpVariant[]).map((variant) => variantArbitrary(fc, variant));
  return arbitraries.length === 1 ? arbitraries[0]! : fc.oneof(...arbitraries);
}
