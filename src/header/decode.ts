/**
 * Decoding a TCP header into a plain object (RFC 9293 §3.1): the strict and lenient decoder, the
 * option-area walk, and the checks in their order (docs/rules.md D1-D8).
 *
 * Guarantees: `decode` throws only {@link TcpDecodeError} for bad bytes, reads only
 * `bytes[offset .. offset + dataOffset * 4)`, and takes time linear in the header.
 *
 * @module
 */
import { u16, u32 } from '../bytes.ts';
import {
  TCP_FIELD as F,
  type TCP_FLAG,
  TCP_MAX_OPTIONS_LENGTH,
  TCP_MIN_HEADER_LENGTH,
} from '../constants.ts';
import { TcpDecodeError, type TcpDecodeErrorCode, type TcpDecodeErrorDetails } from '../errors.ts';
import { assertBytes, assertOffset, describe } from '../guards.ts';
import { copyBytes, parseOption, type TcpOption } from '../options.ts';
import type { TcpProblem } from '../problems.ts';
import type { TcpHeader, TcpSegment, TryDecodeResult } from './types.ts';

/** The shared empty `padding` of headers without bytes after an EOL. */
const NO_PADDING: Uint8Array = new Uint8Array(0);

/**
 * Reports a decode problem: thrown as a {@link TcpDecodeError} in strict mode (`problems` null),
 * recorded in lenient mode.
 */
function fail(
  problems: TcpProblem[] | null,
  code: TcpDecodeErrorCode,
  offset: number,
  message: string,
  details: TcpDecodeErrorDetails,
): void {
  if (problems === null) throw new TcpDecodeError(code, offset, message, details);
  problems.push({ code, severity: 'error', offset, message });
}

/** Reports a segment of fewer than 20 bytes (`TRUNCATED`). */
function reportShort(problems: TcpProblem[] | null, available: number): void {
  fail(problems, 'TRUNCATED', available, `TCP header truncated: needed 20 bytes, ${available} available`, {
    needed: TCP_MIN_HEADER_LENGTH,
    available,
  });
}

/**
 * Reports a data offset below 5 (`BAD_DATA_OFFSET`) or past the bytes (`TRUNCATED`); returns where
 * lenient decoding takes the header to end: after the fixed part, or at the end of the bytes.
 */
function reportDataOffset(problems: TcpProblem[] | null, dataOffset: number, available: number): number {
  if (dataOffset < 5) {
    fail(problems, 'BAD_DATA_OFFSET', F.DATA_OFFSET, `TCP data offset ${dataOffset} is below 5`, {});
    return TCP_MIN_HEADER_LENGTH;
  }
  const headerLength = dataOffset * 4;
  fail(
    problems,
    'TRUNCATED',
    available,
    `TCP header truncated: data offset ${dataOffset} needs ${headerLength} bytes, ${available} available`,
    { needed: headerLength, available },
  );
  return available;
}

/**
 * The one decoder behind `decode` and `decodeLenient`: strict when `problems` is null (the first
 * problem throws), lenient otherwise (problems are recorded and the header keeps what could be read).
 * Returns null only for fewer than 20 bytes.
 *
 * @internal
 */
export function decodeHeader(
  bytes: Uint8Array,
  offset: number,
  problems: TcpProblem[] | null,
): TcpHeader | null {
  const available = bytes.length - offset;
  if (available < TCP_MIN_HEADER_LENGTH) {
    reportShort(problems, available);
    return null;
  }
  const o = offset;
  // Offsets and masks as literals checked against constants.ts by `satisfies` (docs/performance.md P2), and the
  // error reports in functions of their own: this function then stays under the 460 bytes of
  // bytecode up to which V8 inlines it into `decode`.
  const b12 = bytes[o + (12 satisfies typeof F.DATA_OFFSET)]!;
  const b13 = bytes[o + (13 satisfies typeof F.FLAGS)]!;
  const dataOffset = b12 >> 4;
  let end = dataOffset * 4;
  if (dataOffset < 5 || end > available) end = reportDataOffset(problems, dataOffset, available);
  const options: TcpOption[] = [];
  let padding = NO_PADDING;
  if (end > TCP_MIN_HEADER_LENGTH) padding = walkOptions(bytes, o, o + end, options, problems);
  return {
    srcPort: u16(bytes, o + (0 satisfies typeof F.SRC_PORT)),
    dstPort: u16(bytes, o + (2 satisfies typeof F.DST_PORT)),
    seq: u32(bytes, o + (4 satisfies typeof F.SEQ)),
    ack: u32(bytes, o + (8 satisfies typeof F.ACK)),
    dataOffset,
    reserved: (b12 >> 1) & 7,
    flags: {
      ns: (b12 & 1) !== 0,
      cwr: (b13 & (0x80 satisfies typeof TCP_FLAG.CWR)) !== 0,
      ece: (b13 & (0x40 satisfies typeof TCP_FLAG.ECE)) !== 0,
      urg: (b13 & (0x20 satisfies typeof TCP_FLAG.URG)) !== 0,
      ack: (b13 & (0x10 satisfies typeof TCP_FLAG.ACK)) !== 0,
      psh: (b13 & (0x08 satisfies typeof TCP_FLAG.PSH)) !== 0,
      rst: (b13 & (0x04 satisfies typeof TCP_FLAG.RST)) !== 0,
      syn: (b13 & (0x02 satisfies typeof TCP_FLAG.SYN)) !== 0,
      fin: (b13 & (0x01 satisfies typeof TCP_FLAG.FIN)) !== 0,
    },
    window: u16(bytes, o + (14 satisfies typeof F.WINDOW)),
    checksum: u16(bytes, o + (16 satisfies typeof F.CHECKSUM)),
    urgentPointer: u16(bytes, o + (18 satisfies typeof F.URGENT_POINTER)),
    options,
    padding,
  };
}

/**
 * Reports the malformed option whose kind byte is at `bytes[i]` (the checks, in order, of
 * docs/rules.md D4): thrown in strict mode, recorded in lenient mode.
 */
function reportOption(
  problems: TcpProblem[] | null,
  bytes: Uint8Array,
  o: number,
  i: number,
  end: number,
): void {
  const kind = bytes[i]!;
  const at = i - o;
  if (i + 1 >= end) {
    fail(problems, 'OPTION_TRUNCATED', at, `TCP option kind ${kind} at offset ${at} has no length byte`, {
      optionKind: kind,
    });
    return;
  }
  const length = bytes[i + 1]!;
  const details = { optionKind: kind, optionLength: length };
  if (length < 2) {
    fail(
      problems,
      'OPTION_BAD_LENGTH',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length}`,
      details,
    );
  } else if (i + length > end) {
    fail(
      problems,
      'OPTION_OVERRUN',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length} but only ${end - i} bytes remain in the header`,
      { ...details, needed: length, available: end - i },
    );
  } else {
    fail(
      problems,
      'OPTION_BAD_LENGTH',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length}, which that kind does not allow`,
      details,
    );
  }
}

/**
 * Walks the option area `bytes[o + 20 .. end)` (RFC 9293 §3.2: kinds 0 and 1 are one byte, every
 * other kind is kind, length, data), pushing options; returns the padding after an EOL. Each step
 * advances by at least one byte, so the walk ends.
 */
function walkOptions(
  bytes: Uint8Array,
  o: number,
  end: number,
  options: TcpOption[],
  problems: TcpProblem[] | null,
): Uint8Array {
  let i = o + TCP_MIN_HEADER_LENGTH;
  while (i < end) {
    const kind = bytes[i]!;
    if (kind === 0) {
      options.push({ kind: 'eol' });
      return i + 1 < end ? copyBytes(bytes, i + 1, end) : NO_PADDING;
    }
    if (kind === 1) {
      options.push({ kind: 'nop' });
      i++;
      continue;
    }
    if (i + 1 < end) {
      const length = bytes[i + 1]!;
      const option = length >= 2 && i + length <= end ? parseOption(bytes, i, kind, length) : null;
      if (option !== null) {
        options.push(option);
        i += length;
        continue;
      }
    }
    reportOption(problems, bytes, o, i, end);
    // Only lenient decoding gets here: keep the rest of the area as it is.
    options.push({ kind: 'raw', bytes: copyBytes(bytes, i, end) });
    break;
  }
  return NO_PADDING;
}

function checkDecodeArguments(bytes: unknown, offset: unknown): asserts bytes is Uint8Array {
  // The common case in one test; the full checks (and their messages) only when it fails.
  if (
    bytes instanceof Uint8Array &&
    ArrayBuffer.isView(bytes) &&
    typeof offset === 'number' &&
    offset >= 0 &&
    offset <= bytes.length &&
    Number.isInteger(offset)
  ) {
    return;
  }
  assertBytes(bytes, 'bytes');
  assertOffset(offset, bytes.length);
}

/**
 * Decodes the TCP header at `bytes[offset]`, strictly.
 *
 * The checks, in order (docs/rules.md D1-D4): fewer than 20 bytes is `TRUNCATED`; a data offset below 5 is
 * `BAD_DATA_OFFSET`; fewer than `dataOffset * 4` bytes is `TRUNCATED`; then each option: no length
 * byte is `OPTION_TRUNCATED`, a length below 2 or one its fixed-size kind forbids is
 * `OPTION_BAD_LENGTH`, a length past the header is `OPTION_OVERRUN`.
 * The rules are RFC 9293 §3.1's: the data offset counts the header's 32-bit words (at least 5), and
 * every option but EOL and NOP has a length byte that counts its kind and length bytes; the fixed
 * lengths are those of each kind's RFC (RFC 9293 §3.2 for MSS, RFC 7323 §2.2 and §3.2, ...).
 *
 * @param bytes - the segment (a `Buffer` works too); only the header's bytes are read
 * @param offset - where the header starts, default 0
 * @returns the header; byte fields are copies, so later changes to `bytes` do not show through
 * @throws {@link TcpDecodeError} when the bytes are not a valid header
 * @throws `TypeError` / `RangeError` for a wrong argument
 * @example
 * ```ts
 * const header = decode(Uint8Array.from(Buffer.from('c0a80050000000010000000050022000917c0000', 'hex')));
 * header.flags.syn; // true
 * ```
 */
export function decode(bytes: Uint8Array, offset = 0): TcpHeader {
  checkDecodeArguments(bytes, offset);
  return decodeHeader(bytes, offset, null)!;
}

/**
 * {@link decode} that returns its error instead of throwing it (wrong arguments still throw).
 * It fails where {@link decode} does: on bytes that break RFC 9293 §3.1's header and option layout.
 *
 * @param bytes - the segment
 * @param offset - where the header starts, default 0
 * @returns `{ ok: true, header }` or `{ ok: false, error }`
 * @example
 * ```ts
 * const result = tryDecode(bytes);
 * if (result.ok) console.log(result.header.window);
 * else console.log(result.error.code, result.error.offset);
 * ```
 */
export function tryDecode(bytes: Uint8Array, offset = 0): TryDecodeResult {
  checkDecodeArguments(bytes, offset);
  try {
    return { ok: true, header: decodeHeader(bytes, offset, null)! };
  } catch (error) {
    return { ok: false, error: error as TcpDecodeError };
  }
}

/**
 * Decodes the header at `bytes[offset]` strictly and returns the rest as the payload (no copy).
 * The header is `dataOffset * 4` bytes long (RFC 9293 §3.1); the payload is everything after it.
 *
 * @param bytes - the segment: header then payload, cut at the end of the IP payload
 * @param offset - where the header starts, default 0
 * @returns the header and a subarray of the payload
 * @throws {@link TcpDecodeError} as {@link decode}
 * @example
 * ```ts
 * const { header, payload } = decodeSegment(segment);
 * console.log(header.seq, payload.length);
 * ```
 */
export function decodeSegment(bytes: Uint8Array, offset = 0): TcpSegment {
  const header = decode(bytes, offset);
  return { header, payload: bytes.subarray(offset + header.dataOffset * 4) };
}

/**
 * The first option of kind `kind` in a header, typed by that kind.
 * Options are searched in wire order (RFC 9293 §3.1). In the example, 536 is the send MSS RFC 9293
 * §3.7.1 says to assume over IPv4 when a SYN carries no MSS option (1220 over IPv6).
 *
 * @param header - a header or anything with an `options` list
 * @param kind - the option's `kind` name
 * @returns the option, or undefined
 * @example
 * ```ts
 * const mss = findOption(header, 'mss')?.mss ?? 536;
 * ```
 */
export function findOption<K extends TcpOption['kind']>(
  header: { readonly options?: readonly TcpOption[] | undefined },
  kind: K,
): Extract<TcpOption, { kind: K }> | undefined {
  if (typeof header !== 'object' || header === null) {
    throw new TypeError(`header must be an object, got ${describe(header)}`);
  }
  const options: unknown = header.options ?? [];
  if (!Array.isArray(options))
    throw new TypeError(`header.options must be an array, got ${describe(options)}`);
  // A header holds at most 40 options (one byte each at least): a longer list is refused unwalked.
  const count: number = options.length;
  if (count > TCP_MAX_OPTIONS_LENGTH) {
    throw new RangeError(`header.options must hold at most 40 options, got ${count}`);
  }
  for (let i = 0; i < count; i++) {
    const option: unknown = options[i];
    if (typeof option !== 'object' || option === null) {
      throw new TypeError(`header.options[${i}] must be an option object, got ${describe(option)}`);
    }
    if ((option as TcpOption).kind === kind) return option as Extract<TcpOption, { kind: K }>;
  }
  return undefined;
}
