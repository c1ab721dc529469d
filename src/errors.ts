/**
 * The library's error type for bad bytes: {@link TcpDecodeError}, its codes and details.
 *
 * A bad *argument* (wrong type, value out of range) is not one of these: it is a `TypeError` or
 * `RangeError` from the guards in `guards.ts`.
 *
 * @module
 */

/**
 * Why a TCP header could not be decoded (docs/rules.md D1-D4, in the order the decoder checks them).
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
