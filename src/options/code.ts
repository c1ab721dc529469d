/**
 * The kind byte a typed option is written with.
 *
 * @module
 */
import { TCP_OPTION_KIND as KIND } from '../constants.ts';
import { assertInteger, bytesLength, describe } from '../guards.ts';
import { OPTION_KINDS } from './kinds.ts';
import type { TcpOption } from './types.ts';

/**
 * The wire kind number of an option: `mss` is 2, `fastOpen` is 34 (or its experimental `code`),
 * `accEcn` is 172 / 174 by its order (or its `code`), `unknown` and `experimental` their `code`,
 * `raw` its first byte (undefined when empty).
 * That is the option's first byte (RFC 9293 §3.1); the numbers are those of the IANA registry, as
 * in {@link TCP_OPTION_KIND}.
 *
 * @param option - any option
 * @returns the kind byte it is written with
 * @throws `TypeError` / `RangeError` naming the field for what is not an option, or a `code`,
 *   `order` or `bytes` that cannot be written
 * @example
 * ```ts
 * optionCode({ kind: 'timestamps', tsVal: 1, tsEcr: 0 }); // 8
 * optionCode({ kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }); // 254
 * optionCode({ kind: 'accEcn', order: 1, counters: [] }); // 174
 * ```
 */
export function optionCode(option: TcpOption): number | undefined {
  if (typeof option !== 'object' || option === null) {
    throw new TypeError(`option must be an option object, got ${describe(option)}`);
  }
  // One read of each field this needs, checked as the encoder checks it.
  const kind: unknown = option.kind;
  switch (kind) {
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
      return givenCode((option as { code?: unknown }).code) ?? KIND.FAST_OPEN;
    case 'accEcn': {
      const { code, order } = option as { code?: unknown; order?: unknown };
      if (order !== 0 && order !== 1)
        throw new RangeError(`option.order must be 0 or 1, got ${describe(order)}`);
      return givenCode(code) ?? (order === 0 ? KIND.ACC_ECN_0 : KIND.ACC_ECN_1);
    }
    case 'experimental':
    case 'unknown': {
      const code: unknown = (option as { code?: unknown }).code;
      assertInteger(code, 'option.code', 0, 0xff);
      return code;
    }
    case 'raw': {
      const bytes: unknown = (option as { bytes?: unknown }).bytes;
      return bytesLength(bytes, 'option.bytes') === 0 ? undefined : (bytes as Uint8Array)[0];
    }
    default:
      throw new TypeError(
        `option.kind must be one of ${Object.keys(OPTION_KINDS).join(', ')}, got ${describe(kind)}`,
      );
  }
}

/** A `code` given to an option that may be carried in kind 253 / 254: a byte, or undefined. */
function givenCode(code: unknown): number | undefined {
  if (code !== undefined) assertInteger(code, 'option.code', 0, 0xff);
  return code;
}
