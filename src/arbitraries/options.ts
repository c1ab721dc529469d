// Typed TCP options: one arbitrary per kind (Fast Open and AccECN native or carried in 253/254,
// experiments, `unknown`), the mix of several kinds, and the public `tcpOption` factory.
import type { Arbitrary } from 'fast-check';
import { TCP_EXID as EXID, TCP_OPTION_KIND as KIND, TCP_MAX_OPTIONS_LENGTH } from '../constants.ts';
import { assertInteger } from '../guards.ts';
import { accEcnBodyAllowed, fastOpenCookieAllowed, PARTLY_TYPED_CODES } from '../options/kinds.ts';
import type { TcpOption } from '../options.ts';
import { bytes, checkConstraintObject, type FastCheckApi, u16, u32 } from './api.ts';
import {
  ALL_KINDS,
  checkKinds,
  checkKindsFit,
  type GeneratedOptionKind,
  MIN_LENGTH,
  TYPED_CODES,
  untypedDataLengths,
} from './kinds.ts';

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

/**
 * Options of the given kinds, each at most `max` bytes (every kind must fit; RFC 9293 §3.1 allows
 * 40 bytes of options).
 *
 * @example
 * ```ts
 * optionOfKinds(fc, ['mss', 'nop'], 40); // an MSS or a NOP
 * ```
 */
export function optionOfKinds(
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
 * (docs/rules.md O1-O2): never `raw`; `unknown` only for kinds without a typed form or at lengths the typed
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
