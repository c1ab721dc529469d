/**
 * The library's error type for bad bytes, and the argument checks shared by every public function.
 *
 * Bad *bytes* are a {@link TcpDecodeError}; a bad *argument* (wrong type, value out of range) is a
 * `TypeError` or `RangeError` whose message names the argument and the allowed range.
 *
 * @module
 */

/**
 * Why a TCP header could not be decoded (design §4, in the order the decoder checks them).
 *
 * - `TRUNCATED`: fewer bytes than 20, or than `dataOffset * 4`.
 * - `BAD_DATA_OFFSET`: a data offset below 5.
 * - `OPTION_TRUNCATED`: an option kind other than EOL/NOP in the header's last byte (no length byte).
 * - `OPTION_BAD_LENGTH`: a length below 2, or a length a fixed-size kind forbids.
 * - `OPTION_OVERRUN`: an option running past the end of the header.
 *
 * Each is a breach of RFC 9293 §3.1: the data offset counts the header's 32-bit words (at least 5),
 * and every option but EOL and NOP has a length byte that counts its kind and length bytes.
 *
 * @example
 * ```ts
 * const header = new Uint8Array(20);
 * header[12] = 0x40; // data offset 4
 * const result = tryDecode(header);
 * if (!result.ok) console.log(result.error.code); // BAD_DATA_OFFSET
 * ```
 */
export type TcpDecodeErrorCode =
  | 'TRUNCATED'
  | 'BAD_DATA_OFFSET'
  | 'OPTION_TRUNCATED'
  | 'OPTION_BAD_LENGTH'
  | 'OPTION_OVERRUN';

/**
 * The details a {@link TcpDecodeError} carries besides its code and offset.
 *
 * `needed` is 20 or the data offset times 4 (RFC 9293 §3.1); `optionKind` and `optionLength` are
 * the kind and length bytes of RFC 9293 §3.1's option layout.
 *
 * @example
 * ```ts
 * const details: TcpDecodeErrorDetails = { needed: 20, available: 12 };
 * const error = new TcpDecodeError('TRUNCATED', 0, 'TCP header truncated: needed 20 bytes, 12 available', details);
 * error.needed; // 20
 * ```
 */
export interface TcpDecodeErrorDetails {
  /** Bytes the decoder needed (for `TRUNCATED` and `OPTION_OVERRUN`). */
  needed?: number;
  /** Bytes that were there. */
  available?: number;
  /** The kind byte of the option at fault. */
  optionKind?: number;
  /** The length byte of the option at fault. */
  optionLength?: number;
}

/**
 * Thrown by {@link decode} when the bytes are not a valid TCP header; the only error a decoder
 * throws for bad bytes.
 *
 * `offset` counts from the start of the segment (the `offset` argument given to the decoder).
 * The rules it enforces are RFC 9293 §3.1's: the data offset, and the option kind and length bytes.
 *
 * @example
 * ```ts
 * try {
 *   decode(new Uint8Array(12));
 * } catch (error) {
 *   if (isTcpDecodeError(error)) console.log(error.code, error.needed); // TRUNCATED 20
 * }
 * ```
 */
export class TcpDecodeError extends Error {
  override readonly name = 'TcpDecodeError';
  /** What is wrong. */
  readonly code: TcpDecodeErrorCode;
  /** Where, in bytes from the start of the segment. */
  readonly offset: number;
  /** Bytes needed, where that applies. */
  readonly needed: number | undefined;
  /** Bytes available, where that applies. */
  readonly available: number | undefined;
  /** Kind byte of the option at fault, for option errors. */
  readonly optionKind: number | undefined;
  /** Length byte of the option at fault, where it was read. */
  readonly optionLength: number | undefined;

  constructor(
    code: TcpDecodeErrorCode,
    offset: number,
    message: string,
    details: TcpDecodeErrorDetails = {},
  ) {
    super(message);
    this.code = code;
    this.offset = offset;
    this.needed = details.needed;
    this.available = details.available;
    this.optionKind = details.optionKind;
    this.optionLength = details.optionLength;
  }
}

/**
 * Whether `value` is a {@link TcpDecodeError}, also across realms and bundled copies of the library.
 * Such an error means the bytes break RFC 9293 §3.1 (see {@link TcpDecodeErrorCode}).
 *
 * @param value - anything caught
 * @returns true for a decode error
 * @example
 * ```ts
 * const result = tryDecode(bytes);
 * if (!result.ok && isTcpDecodeError(result.error)) console.log(result.error.code);
 * ```
 */
export function isTcpDecodeError(value: unknown): value is TcpDecodeError {
  if (value instanceof TcpDecodeError) return true;
  // `instanceof Error` is false for an error from another realm (a vm context, an iframe); the
  // built-in tag "[object Error]" comes from the error's internal slot and holds across realms.
  return (
    (value instanceof Error || Object.prototype.toString.call(value) === '[object Error]') &&
    (value as { name?: unknown }).name === 'TcpDecodeError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { offset?: unknown }).offset === 'number'
  );
}

/** Whether `value` is a `Uint8Array` (a Node `Buffer` is one), also from another realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor !== undefined && value.constructor.name === 'Uint8Array')
  );
}

/** Throws a `TypeError` naming `label` unless `value` is a `Uint8Array`. */
export function assertBytes(value: unknown, label: string): asserts value is Uint8Array {
  if (isBytes(value)) return;
  throw new TypeError(`${label} must be a Uint8Array, got ${describe(value)}`);
}

/** Throws a `TypeError` naming `label` unless `value` is a boolean. */
export function assertBoolean(value: unknown, label: string): asserts value is boolean {
  if (typeof value === 'boolean') return;
  throw new TypeError(`${label} must be a boolean, got ${describe(value)}`);
}

/**
 * Throws unless `value` is an integer in `min..max`: a `TypeError` for a non-number, a `RangeError`
 * otherwise. The message reads "`label` must be an integer in min..max, got value".
 */
export function assertInteger(
  value: unknown,
  label: string,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  const message = `${label} must be an integer in ${min}..${max}, got ${describe(value)}`;
  throw typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Checks that `offset` is an integer in `0..bytes.length`, the start of a read or write. */
export function assertOffset(offset: unknown, length: number, label = 'offset'): asserts offset is number {
  assertInteger(offset, label, 0, length);
}

/** A short, safe description of any value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (typeof value === 'undefined') return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${value.byteLength}`;
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : typeof value;
}

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
