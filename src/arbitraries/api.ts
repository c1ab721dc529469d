// The fast-check API every factory takes, the integer and byte arbitraries they share, and the check
// of a constraints object. The lowest file of src/arbitraries/: it imports none of the others.
import type * as FastCheck from 'fast-check';
import type { Arbitrary } from 'fast-check';
import { describe } from '../guards.ts';

/**
 * The parts of the fast-check API the factories use. Pass the whole fast-check module (its default
 * export or its namespace); this type only keeps the factories from depending on one fast-check
 * version's full type.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * const api: FastCheckApi = fc; // what every factory here takes
 * ```
 */
export type FastCheckApi = Pick<
  typeof FastCheck,
  'array' | 'boolean' | 'constant' | 'constantFrom' | 'integer' | 'oneof' | 'record' | 'tuple' | 'uint8Array'
>;

const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

/**
 * Throws a `TypeError` unless `value` is a plain object whose keys are all in `known`.
 *
 * @example
 * ```ts
 * checkConstraintObject({ kinds: ['mss'] }, 'tcpOption constraints', ['kinds', 'maxLength']); // passes
 * checkConstraintObject({ maxLenght: 4 }, 'tcpOption constraints', ['kinds', 'maxLength']); // throws
 * ```
 */
export function checkConstraintObject(value: unknown, label: string, known: readonly string[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${label} must be an object, got ${describe(value)}`);
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new TypeError(`${label} has no setting ${JSON.stringify(key)}; known: ${known.join(', ')}`);
    }
  }
}

/**
 * Any 32-bit unsigned integer: a sequence or acknowledgment number, a SACK edge, a timestamp
 * (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * u32(fc).map((seq) => ({ srcPort: 1, dstPort: 2, seq }));
 * ```
 */
export const u32 = (fc: FastCheckApi): Arbitrary<number> => fc.integer({ min: 0, max: U32_MAX });

/**
 * Any 16-bit unsigned integer: a port, the window, the checksum, an MSS (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * u16(fc).map((mss): TcpOption => ({ kind: 'mss', mss }));
 * ```
 */
export const u16 = (fc: FastCheckApi): Arbitrary<number> => fc.integer({ min: 0, max: U16_MAX });

/**
 * Random bytes, `minLength`..`maxLength` of them: option data, padding, a payload (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * bytes(fc, 16, 16).map((digest): TcpOption => ({ kind: 'md5', digest })); // RFC 2385 §3
 * ```
 */
export const bytes = (fc: FastCheckApi, minLength: number, maxLength: number): Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength, maxLength });
