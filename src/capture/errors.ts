/**
 * The capture reader's error: what is wrong with a capture file, and where.
 *
 * Bad *bytes* in a file are a {@link CaptureError}; a bad *argument* is a `TypeError` or
 * `RangeError`, as everywhere in the library. Frames whose contents cannot be walked are not errors:
 * the dissector reports them as carrying no TCP segment.
 *
 * @module
 */

/**
 * Why a capture file could not be read further: the rules broken are those of
 * draft-ietf-opsawg-pcap and draft-ietf-opsawg-pcapng, as libpcap 1.10 enforces them.
 *
 * - `EMPTY`: no bytes at all.
 * - `BAD_MAGIC`: the first four bytes are neither a pcap magic number nor a pcapng Section Header Block.
 * - `BAD_HEADER`: a pcap file header or pcapng block that breaks its format (unknown version,
 *   block length below the minimum or not a multiple of 4, trailing length that differs).
 * - `TRUNCATED`: the file ends inside a header, a record or a block.
 * - `RECORD_TOO_LONG`: a record's captured length over 262144 bytes, libpcap's limit.
 * - `UNKNOWN_INTERFACE`: a pcapng packet naming an interface no Interface Description Block defined.
 *
 * @example
 * ```ts
 * const code: CaptureErrorCode = 'RECORD_TOO_LONG';
 * ```
 */
export type CaptureErrorCode =
  | 'EMPTY'
  | 'BAD_MAGIC'
  | 'BAD_HEADER'
  | 'TRUNCATED'
  | 'RECORD_TOO_LONG'
  | 'UNKNOWN_INTERFACE';

/**
 * Thrown by the capture readers when the file's bytes break draft-ietf-opsawg-pcap or
 * draft-ietf-opsawg-pcapng so they cannot be read further. Frames before the fault have already been
 * yielded.
 *
 * @example
 * ```ts
 * try {
 *   for (const frame of readCapture(bytes)) handle(frame);
 * } catch (error) {
 *   if (isCaptureError(error)) console.error(error.code, error.offset, error.message);
 * }
 * ```
 */
export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  /** What is wrong. */
  readonly code: CaptureErrorCode;
  /** Byte offset in the file of the header, record or block at fault. */
  readonly offset: number;

  /**
   * @param code - what is wrong
   * @param offset - where, in bytes from the start of the file
   * @param message - one sentence for people
   */
  constructor(code: CaptureErrorCode, offset: number, message: string) {
    super(message);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * Whether `value` is a {@link CaptureError} (a pcap / pcapng file that breaks draft-ietf-opsawg-pcap
 * or draft-ietf-opsawg-pcapng), also across realms and bundled copies of the library.
 *
 * @param value - anything caught
 * @returns true for a capture error
 * @example
 * ```ts
 * if (isCaptureError(error)) console.error(`${error.code} at byte ${error.offset}`);
 * ```
 */
export function isCaptureError(value: unknown): value is CaptureError {
  if (value instanceof CaptureError) return true;
  return (
    value instanceof Error &&
    value.name === 'CaptureError' &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { offset?: unknown }).offset === 'number'
  );
}
