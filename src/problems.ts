/**
 * The problems {@link lint} and {@link decodeLenient} report: a recovered decode error or a warning.
 *
 * @module
 */

import type { TcpDecodeErrorCode } from './errors.ts';

/**
 * A problem found by {@link decodeLenient} or {@link lint}: a decode error that lenient decoding
 * recovered from (`severity: 'error'`, with a {@link TcpDecodeErrorCode}), or a warning about a
 * header that decodes but deserves a second look (the Wireshark-style expert items).
 *
 * An error breaks RFC 9293 §3.1; {@link TcpLintCode} lists the rule behind each warning (RFC 9293
 * §3.1, RFC 7323 §2.3, ...).
 *
 * @example
 * ```ts
 * const header = decode(encode({ srcPort: 80, dstPort: 5000, flags: { syn: true },
 *   options: [{ kind: 'windowScale', shift: 15 }] }));
 * const [problem]: TcpProblem[] = lint(header);
 * // { code: 'WINDOW_SCALE_TOO_LARGE', severity: 'warning', offset: 20, message: 'window scale shift 15 is above 14; ...' }
 * ```
 */
export interface TcpProblem {
  /** A {@link TcpDecodeErrorCode} for errors, a {@link TcpLintCode} for warnings. */
  code: TcpDecodeErrorCode | TcpLintCode;
  /** `error` when the bytes break the rules, `warning` when they are legal but suspect. */
  severity: 'error' | 'warning';
  /** Byte offset from the start of the segment. */
  offset: number;
  /** One sentence for people. */
  message: string;
}

/**
 * The warnings {@link lint} gives:
 * - `WINDOW_SCALE_TOO_LARGE`: a shift above 14 (RFC 7323 §2.3: use 14);
 * - `MSS_TOO_SMALL`: an MSS below 48 (Linux's floor; see CVE-2019-11477);
 * - `NONZERO_PADDING`: non-zero bytes after the EOL option (RFC 9293 §3.1: padding is zeros);
 * - `RESERVED_BITS_SET`: reserved bits not zero (RFC 9293 §3.1);
 * - `URGENT_POINTER_WITHOUT_URG`: an urgent pointer with URG clear;
 * - `ACK_NUMBER_WITHOUT_ACK`: an acknowledgment number with ACK clear;
 * - `NOP_RUN`: four NOPs in a row (an option may have been stripped);
 * - `SYN_OPTION_OUTSIDE_SYN`: MSS, window scale or SACK-permitted without SYN (RFC 9293 §3.7.1,
 *   RFC 7323 §2.2, RFC 2018 §2);
 * - `OPTION_LENGTH_UNTYPED`: a kind with a typed form, at a length that form does not allow (kept
 *   as `unknown`).
 *
 * @example
 * ```ts
 * const ignored = new Set<TcpLintCode>(['NOP_RUN', 'NONZERO_PADDING']);
 * const shown = lint(header).filter((p) => !ignored.has(p.code as TcpLintCode));
 * ```
 */
export type TcpLintCode =
  | 'WINDOW_SCALE_TOO_LARGE'
  | 'MSS_TOO_SMALL'
  | 'NONZERO_PADDING'
  | 'RESERVED_BITS_SET'
  | 'URGENT_POINTER_WITHOUT_URG'
  | 'ACK_NUMBER_WITHOUT_ACK'
  | 'NOP_RUN'
  | 'SYN_OPTION_OUTSIDE_SYN'
  | 'OPTION_LENGTH_UNTYPED';
