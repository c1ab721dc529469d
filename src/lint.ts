/**
 * Lenient decoding, and the warnings a header that decodes can still deserve (the items Wireshark's
 * TCP dissector reports as expert information).
 *
 * @module
 */
import {
  TCP_FIELD as F,
  TCP_MAX_WINDOW_SCALE,
  TCP_MIN_REASONABLE_MSS,
  TCP_OPTION_KIND,
} from './constants.ts';
import { assertBytes, assertOffset } from './guards.ts';
import { decodeHeader, encode, type TcpHeader } from './header.ts';
import { measureOption } from './options.ts';
import type { TcpLintCode, TcpProblem } from './problems.ts';

/** Kinds with a typed form that only some lengths use; others decode as `unknown` and are linted. */
const TYPED_VARIABLE_KINDS: readonly number[] = [
  TCP_OPTION_KIND.AUTHENTICATION,
  TCP_OPTION_KIND.MULTIPATH,
  TCP_OPTION_KIND.FAST_OPEN,
  TCP_OPTION_KIND.ACC_ECN_0,
  TCP_OPTION_KIND.ACC_ECN_1,
  TCP_OPTION_KIND.EXPERIMENTAL_1,
  TCP_OPTION_KIND.EXPERIMENTAL_2,
];

/**
 * Warnings about a header that is valid on the wire but suspect: window scale above 14, MSS below
 * 48, non-zero padding, reserved bits set, an urgent pointer without URG, an acknowledgment number
 * without ACK, four NOPs in a row, SYN-only options outside a SYN, and an option whose kind has a
 * typed form at a length that form does not allow. Offsets are those the header encodes to.
 * {@link TcpLintCode} gives the rule behind each (RFC 7323 §2.3 for the window scale, RFC 9293 §3.1
 * for padding and reserved bits, RFC 9293 §3.7.1, RFC 7323 §2.2 and RFC 2018 §2 for SYN-only options).
 *
 * The header is read once, into a copy of its own (`structuredClone`: plain data, so a Proxy or a
 * function in it is refused), the copy checked as `encode(header, { craft: true })` checks it, and
 * only then linted: a getter that answers differently later changes nothing, and a header that
 * cannot be encoded is refused with encode's error naming the field.
 *
 * @param header - a decoded header, or one about to be encoded
 * @returns the warnings, in offset order of the fields, then options in wire order
 * @throws `TypeError` / `RangeError` as `encode` with `craft` does, naming the field, and a
 *   `TypeError` for a header that is not plain data
 * @example
 * ```ts
 * lint(decode(bytes)).map((p) => p.code); // e.g. ['WINDOW_SCALE_TOO_LARGE']
 * ```
 */
export function lint(header: TcpHeader): TcpProblem[] {
  let copy: TcpHeader;
  try {
    copy = structuredClone(header);
  } catch (error) {
    throw new TypeError(
      `header must be plain data (objects, arrays, numbers, booleans, Uint8Arrays): ${String(error)}`,
    );
  }
  encode(copy, CRAFT);
  return lintDecoded(copy);
}

const CRAFT = { craft: true } as const;

/** The HTML structured clone, global in Node 17+, browsers, Deno and Bun (the compile has no DOM types). */
declare function structuredClone<T>(value: T): T;

/** {@link lint} of a header the decoder made, or lint's own checked copy: read as often as is convenient. */
function lintDecoded(header: TcpHeader): TcpProblem[] {
  const problems: TcpProblem[] = [];
  const warn = (code: TcpLintCode, offset: number, message: string): void => {
    problems.push({ code, severity: 'warning', offset, message });
  };
  if (!header.flags.ack && header.ack !== 0) {
    warn('ACK_NUMBER_WITHOUT_ACK', F.ACK, `acknowledgment number ${header.ack} is set but ACK is not`);
  }
  if (header.reserved !== 0) {
    warn(
      'RESERVED_BITS_SET',
      F.DATA_OFFSET,
      `reserved bits are ${header.reserved.toString(2).padStart(3, '0')}, not 000`,
    );
  }
  if (!header.flags.urg && header.urgentPointer !== 0) {
    warn(
      'URGENT_POINTER_WITHOUT_URG',
      F.URGENT_POINTER,
      `urgent pointer ${header.urgentPointer} is set but URG is not`,
    );
  }
  let at = F.OPTIONS;
  let nops = 0;
  for (const [i, option] of header.options.entries()) {
    nops = option.kind === 'nop' ? nops + 1 : 0;
    if (nops === 4) warn('NOP_RUN', at - 3, 'four NOP options in a row: an option may have been stripped');
    if (option.kind === 'windowScale' && option.shift > TCP_MAX_WINDOW_SCALE) {
      warn(
        'WINDOW_SCALE_TOO_LARGE',
        at,
        `window scale shift ${option.shift} is above 14; receivers use 14 (RFC 7323 §2.3)`,
      );
    }
    if (option.kind === 'mss' && option.mss < TCP_MIN_REASONABLE_MSS) {
      warn('MSS_TOO_SMALL', at, `MSS ${option.mss} is below ${TCP_MIN_REASONABLE_MSS}`);
    }
    if (
      !header.flags.syn &&
      (option.kind === 'mss' || option.kind === 'windowScale' || option.kind === 'sackPermitted')
    ) {
      warn('SYN_OPTION_OUTSIDE_SYN', at, `option ${option.kind} belongs in a SYN segment only`);
    }
    if (option.kind === 'unknown' && TYPED_VARIABLE_KINDS.includes(option.code)) {
      warn(
        'OPTION_LENGTH_UNTYPED',
        at,
        `option kind ${option.code} has length ${option.data.length + 2}, which its typed form does not allow; kept as unknown`,
      );
    }
    at += measureOption(option, `options[${i}]`, true);
  }
  const nonZero = header.padding.findIndex((byte) => byte !== 0);
  if (nonZero >= 0) {
    warn(
      'NONZERO_PADDING',
      at + nonZero,
      `padding after EOL holds non-zero byte 0x${header.padding[nonZero]!.toString(16).padStart(2, '0')}`,
    );
  }
  return problems;
}

/**
 * The result of {@link decodeLenient}.
 * Its errors are breaches of RFC 9293 §3.1 (see {@link TcpDecodeErrorCode}), its warnings those of
 * {@link lint}.
 *
 * @example
 * ```ts
 * const result: LenientDecodeResult = decodeLenient(new Uint8Array(12));
 * result.header;            // null
 * result.problems[0]?.code; // 'TRUNCATED'
 * ```
 */
export interface LenientDecodeResult {
  /** What could be read; null only when there are fewer than 20 bytes. */
  header: TcpHeader | null;
  /** Decode errors recovered from (`severity: 'error'`), then {@link lint} warnings. */
  problems: TcpProblem[];
}

/**
 * Decodes whatever can be read and never throws for bad bytes. A data offset beyond the bytes keeps
 * the options that fit; a malformed option area ends in one `raw` option holding the rest, so
 * `encode(header, { craft: true })` reproduces the bytes read.
 * What counts as an error is what {@link decode} rejects: the data offset and option layout of
 * RFC 9293 §3.1.
 *
 * @param bytes - the segment
 * @param offset - where the header starts, default 0
 * @returns the header (null below 20 bytes) and every problem found
 * @throws `TypeError` / `RangeError` only for a wrong argument
 * @example
 * ```ts
 * const { header, problems } = decodeLenient(capturedBytes);
 * for (const p of problems) console.log(p.severity, p.code, p.offset, p.message);
 * ```
 */
export function decodeLenient(bytes: Uint8Array, offset = 0): LenientDecodeResult {
  assertBytes(bytes, 'bytes');
  assertOffset(offset, bytes.length);
  const problems: TcpProblem[] = [];
  const header = decodeHeader(bytes, offset, problems);
  if (header !== null) problems.push(...lintDecoded(header));
  return { header, problems };
}
