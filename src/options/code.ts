/**
 * The kind byte a typed option is written with.
 *
 * @module
 */
import { TCP_OPTION_KIND as KIND } from '../constants.ts';
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
