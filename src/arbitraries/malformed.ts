// Malformed wire bytes, one variant per decode rule of docs/rules.md D1-D4, each with the `TcpDecodeError`
// code it gets (`MALFORMED_TCP_VARIANTS`), and the public `malformedTcpBytes` factory.
import type { Arbitrary } from 'fast-check';
import {
  TCP_OPTION_KIND as KIND,
  TCP_FIELD,
  TCP_MAX_OPTIONS_LENGTH,
  TCP_MIN_HEADER_LENGTH,
} from '../constants.ts';
import type { TcpDecodeErrorCode } from '../errors.ts';
import { describe } from '../guards.ts';
import { encode } from '../header.ts';
import { TCP_FIXED_OPTION_LENGTHS } from '../options/kinds.ts';
import type { TcpOption } from '../options.ts';
import { bytes, checkConstraintObject, type FastCheckApi } from './api.ts';
import { ALL_KINDS, optionLength } from './kinds.ts';
import { optionOfKinds } from './options.ts';

/**
 * The kinds of bytes {@link malformedTcpBytes} makes, one per rule of docs/rules.md D1-D4 (see
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
 * for it (docs/rules.md D1-D4). In the option variants the bad option follows zero or more valid options and
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
