// Canonical TCP header objects: the checked settings (flags by name), the option area laid out as
// `decode` reads it (options, EOL, padding), every fixed field, and the public `tcpHeader` factory.
import type { Arbitrary } from 'fast-check';
import { TCP_FLAG_NAMES, TCP_MAX_OPTIONS_LENGTH } from '../constants.ts';
import { assertBoolean, assertInteger } from '../guards.ts';
import type { TcpFlags, TcpHeader } from '../header.ts';
import type { TcpOption } from '../options.ts';
import { bytes, checkConstraintObject, type FastCheckApi, u16, u32 } from './api.ts';
import {
  ALL_KINDS,
  checkKinds,
  checkKindsFit,
  type GeneratedOptionKind,
  MIN_LENGTH,
  optionLength,
} from './kinds.ts';
import { optionOfKinds } from './options.ts';

const NO_BYTES: Uint8Array = new Uint8Array(0);

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

const HEADER_SETTINGS = ['withOptions', 'maxOptionBytes', 'kinds', 'flags', 'reserved', 'nonZeroPadding'];

/**
 * The checked and completed {@link TcpHeaderConstraints}.
 *
 * @example
 * ```ts
 * const plan: HeaderPlan = planHeader({ maxOptionBytes: 22 }, 'tcpHeader constraints', []);
 * plan.area; // 20: the option area is whole 32-bit words (RFC 9293 §3.1)
 * ```
 */
export interface HeaderPlan {
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

/**
 * Checks `constraints` (the settings of {@link TcpHeaderConstraints} and the `extra` ones a caller
 * adds) and completes them into a {@link HeaderPlan}; errors start with `label` (RFC 9293 §3.1
 * ranges: 40 bytes of options, 3 reserved bits).
 *
 * @example
 * ```ts
 * planHeader({ flags: { syn: true } }, 'tcpHeader constraints', []).flags; // { syn: true }
 * planHeader({ reserved: 8 }, 'tcpHeader constraints', []); // throws a RangeError
 * ```
 */
export function planHeader(constraints: unknown, label: string, extra: readonly string[]): HeaderPlan {
  checkConstraintObject(constraints, label, [...HEADER_SETTINGS, ...extra]);
  // Each setting read once, then checked: a getter answering differently later changes nothing.
  const {
    withOptions,
    maxOptionBytes,
    kinds: givenKinds,
    flags: givenFlags,
    reserved,
    nonZeroPadding,
  } = constraints as TcpHeaderConstraints;
  if (withOptions !== undefined) assertBoolean(withOptions, `${label}.withOptions`);
  if (maxOptionBytes !== undefined) {
    assertInteger(maxOptionBytes, `${label}.maxOptionBytes`, 0, TCP_MAX_OPTIONS_LENGTH);
  }
  if (withOptions === false && (givenKinds !== undefined || (maxOptionBytes ?? 0) > 0)) {
    throw new RangeError(
      `${label}.withOptions is false, so kinds and a non-zero maxOptionBytes make no sense`,
    );
  }
  const area = withOptions === false ? 0 : (maxOptionBytes ?? TCP_MAX_OPTIONS_LENGTH) & ~3;
  let kinds: readonly GeneratedOptionKind[] = ALL_KINDS;
  if (givenKinds !== undefined) {
    kinds = checkKinds(givenKinds, `${label}.kinds`);
    checkKindsFit(kinds, area, `${label}.kinds (the option area is ${area} bytes)`);
  }
  const flagsGiven: unknown = givenFlags ?? {};
  checkConstraintObject(flagsGiven, `${label}.flags`, TCP_FLAG_NAMES);
  const flags: Partial<TcpFlags> = {};
  for (const name of TCP_FLAG_NAMES) {
    const value = (flagsGiven as Partial<TcpFlags>)[name];
    if (value !== undefined) {
      assertBoolean(value, `${label}.flags.${name}`);
      flags[name] = value;
    }
  }
  if (reserved !== undefined) assertInteger(reserved, `${label}.reserved`, 0, 7);
  if (nonZeroPadding !== undefined) assertBoolean(nonZeroPadding, `${label}.nonZeroPadding`);
  return {
    area,
    bodyKinds: kinds.filter((kind) => kind !== 'eol' && MIN_LENGTH[kind] <= area),
    eolAllowed: kinds.includes('eol'),
    flags,
    reserved,
    nonZeroPadding: nonZeroPadding ?? true,
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

/**
 * Canonical headers as `plan` asks for them: ports, numbers, window, checksum and urgent pointer
 * drawn whole, the flags of RFC 9293 §3.1 (and RFC 3540's NS) drawn unless fixed, and an option area.
 *
 * @example
 * ```ts
 * headerArbitrary(fc, planHeader({}, 'tcpHeader constraints', [])); // what tcpHeader(fc) gives
 * ```
 */
export function headerArbitrary(fc: FastCheckApi, plan: HeaderPlan): Arbitrary<TcpHeader> {
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
      // One boolean per flag, in the order of TCP_FLAG_NAMES (that of the header's bits).
      flags: fc.record(
        Object.fromEntries(TCP_FLAG_NAMES.map((name) => [name, flag(name)])) as {
          [name in keyof TcpFlags]: Arbitrary<boolean>;
        },
      ),
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
 * `decode(encode(h))` deep-equals `h` (docs/rules.md L2).
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
