// The option kinds the arbitraries generate, taken from the option table (src/options/kinds.ts):
// their names, the fewest bytes each takes, the lengths at which a partly typed kind is `unknown`,
// and the checks of a `kinds` setting.
import { TCP_OPTION_KIND as KIND } from '../constants.ts';
import { describe } from '../guards.ts';
import { accEcnBodyAllowed, fastOpenCookieAllowed, OPTION_KINDS } from '../options/kinds.ts';
import { measureOption, type TcpOption, type TcpOptionKind } from '../options.ts';

/**
 * The option kinds the arbitraries generate: every `kind` of {@link TcpOption} but `raw` (RFC 9293
 * §3.2 and the RFCs of docs/rules.md O1), since `decode` never returns `raw`.
 *
 * @example
 * ```ts
 * const kinds: GeneratedOptionKind[] = ['mss', 'windowScale', 'sackPermitted', 'timestamps'];
 * tcpHeader(fc, { kinds });
 * ```
 */
export type GeneratedOptionKind = Exclude<TcpOptionKind, 'raw'>;

/**
 * Every kind `tcpOption` can draw from, in the order of docs/rules.md O1: the rows of the option table
 * (RFC 9293 §3.2 and the IANA registry) but `raw`.
 *
 * @example
 * ```ts
 * ALL_KINDS[0]; // 'eol'
 * ALL_KINDS.includes('raw' as GeneratedOptionKind); // false
 * ```
 */
export const ALL_KINDS: readonly GeneratedOptionKind[] = (
  Object.keys(OPTION_KINDS) as TcpOptionKind[]
).filter((kind): kind is GeneratedOptionKind => kind !== 'raw');

/**
 * The fewest bytes each kind takes on the wire: one-byte EOL and NOP (RFC 9293 §3.2), the fixed
 * lengths of docs/rules.md O1, SACK with one block (RFC 2018 §3), TCP-AO with an empty MAC (RFC 5925 §2.2),
 * MPTCP with its subtype byte (RFC 8684 §3), a Fast Open cookie request (RFC 7413 §4.1.1), AccECN
 * without counters (RFC 9768 §3.2.3), an experiment with its ExID (RFC 6994 §3).
 *
 * @example
 * ```ts
 * MIN_LENGTH.sack; // 10: kind, length and one block
 * ```
 */
export const MIN_LENGTH: Readonly<Record<GeneratedOptionKind, number>> = {
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

/**
 * Kinds that have a typed form at some length (docs/rules.md O1-O2); `unknown` uses other codes or lengths
 * (RFC 9293 §3.2).
 *
 * @example
 * ```ts
 * TYPED_CODES.has(TCP_OPTION_KIND.MSS); // true
 * TYPED_CODES.has(99); // false
 * ```
 */
export const TYPED_CODES: ReadonlySet<number> = new Set<number>(Object.values(KIND));

/**
 * The data lengths (after kind and length) at which a partly typed kind decodes as `unknown`:
 * TCP-AO below length 4, MPTCP below 3, Fast Open with a cookie RFC 7413 forbids, AccECN with a
 * partial counter, 253/254 without room for an ExID.
 *
 * @example
 * ```ts
 * untypedDataLengths(TCP_OPTION_KIND.MULTIPATH, 38); // [0]: MPTCP needs its subtype byte (RFC 8684 §3)
 * ```
 */
export function untypedDataLengths(code: number, maxData: number): number[] {
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

/**
 * An option's length on the wire, kind and length bytes included (RFC 9293 §3.2).
 *
 * @example
 * ```ts
 * optionLength({ kind: 'mss', mss: 1460 }); // 4
 * ```
 */
export const optionLength = (option: TcpOption): number => measureOption(option, 'option', false);

/**
 * Checks a `kinds` list: a non-empty array of {@link GeneratedOptionKind} names (RFC 9293 §3.2).
 *
 * @example
 * ```ts
 * checkKinds(['mss', 'sack'], 'tcpOption constraints.kinds'); // ['mss', 'sack']
 * checkKinds(['raw'], 'tcpOption constraints.kinds'); // throws a RangeError
 * ```
 */
export function checkKinds(value: unknown, label: string): readonly GeneratedOptionKind[] {
  if (!Array.isArray(value)) throw new TypeError(`${label} must be an array, got ${describe(value)}`);
  // The length and each element read once, into a copy of our own; a list longer than any
  // sensible one (each kind a few times over) is refused before it is walked.
  const count: unknown = value.length;
  if (count === 0) throw new RangeError(`${label} must name at least one option kind`);
  if (!(typeof count === 'number' && count >= 1 && count <= MAX_KINDS_LISTED)) {
    throw new RangeError(
      `${label} must name at most ${MAX_KINDS_LISTED} option kinds, got ${describe(count)}`,
    );
  }
  const kinds: GeneratedOptionKind[] = [];
  for (let i = 0; i < count; i++) {
    const kind: unknown = value[i];
    if (!ALL_KINDS.includes(kind as GeneratedOptionKind)) {
      throw new RangeError(`${label}[${i}] must be one of ${ALL_KINDS.join(', ')}, got ${describe(kind)}`);
    }
    kinds.push(kind as GeneratedOptionKind);
  }
  return kinds;
}

/** The longest list of kinds {@link checkKinds} takes: every kind many times over. */
const MAX_KINDS_LISTED = 256;

/**
 * Throws a `RangeError` naming the first kind that cannot fit in `room` bytes (RFC 9293 §3.1: at
 * most 40 bytes of options).
 *
 * @example
 * ```ts
 * checkKindsFit(['md5'], 16, 'tcpHeader constraints.kinds'); // throws: md5 needs at least 18 bytes
 * ```
 */
export function checkKindsFit(kinds: readonly GeneratedOptionKind[], room: number, label: string): void {
  for (const kind of kinds) {
    if (MIN_LENGTH[kind] > room) {
      throw new RangeError(
        `${label}: ${kind} needs at least ${MIN_LENGTH[kind]} bytes, only ${room} allowed`,
      );
    }
  }
}
