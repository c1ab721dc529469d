/**
 * A zero-copy view of a TCP header inside a byte array: getters and setters that read and write the
 * wire bytes in place (RFC 9293 §3.1), in the manner of smoltcp's `TcpPacket`. Offsets are literals
 * checked by `satisfies`, fields are `declare`d (docs/performance.md P2, P4).
 *
 * @module
 */
import type { PseudoHeader } from '../checksum/pseudo-header.ts';
import { verifyTcpChecksum, writeTcpChecksum } from '../checksum/tcp.ts';
import { TCP_FIELD as F, TCP_FLAG, TCP_MIN_HEADER_LENGTH } from '../constants.ts';
import { assertBytes, assertInteger, assertOffset } from '../guards.ts';
import { decodeHeader, type TcpHeader } from '../header.ts';
import { TcpFlagsView } from './flags.ts';
import { TcpOptionWalk } from './option-walk.ts';

/**
 * A TCP header (RFC 9293 §3.1) read and written in place: no copy, no decode of fields you do not
 * read.
 *
 * Made with {@link TcpView.from}, which checks the bytes once; afterwards every getter reads the
 * current bytes (changes made through `bytes` show through) and never throws. The segment is taken to
 * run from `offset` to the end of `bytes`, so {@link TcpView.payload} is the rest of the array.
 *
 * @example
 * ```ts
 * const view = TcpView.from(segment);
 * if (view.flags.syn) console.log(view.srcPort, '->', view.dstPort, view.seq);
 * view.window = 0;            // writes bytes 14-15 of the segment
 * ```
 */
export class TcpView {
  /** The array the view reads and writes (the caller's, not a copy). */
  declare readonly bytes: Uint8Array;
  /** Where the header starts in `bytes`. */
  declare readonly offset: number;
  /** The nine flags, read and written in place. */
  declare readonly flags: TcpFlagsView;

  private constructor(bytes: Uint8Array, offset: number) {
    this.bytes = bytes;
    this.offset = offset;
    this.flags = new TcpFlagsView(bytes, offset);
  }

  /**
   * A view of the header at `bytes[offset]`, after the checks {@link decode} makes before the
   * options: at least 20 bytes, a data offset of at least 5, and `dataOffset * 4` bytes present.
   * Options are not checked here; {@link TcpView.options} reports a malformed one.
   *
   * @param bytes - the segment (a `Buffer` works too); the view shares it
   * @param offset - where the header starts, default 0
   * @returns the view
   * @throws {@link TcpDecodeError} `TRUNCATED` or `BAD_DATA_OFFSET`, with the same fields as from
   *   {@link decode}
   * @throws `TypeError` / `RangeError` for a wrong argument
   * @example
   * ```ts
   * const view = TcpView.from(frame, 34); // Ethernet (14) + IPv4 (20)
   * view.dstPort; // 443
   * ```
   */
  static from(bytes: Uint8Array, offset = 0): TcpView {
    // The common case in one test; anything else (and its error) is `fromChecked`'s.
    // `offset >>> 0 === offset` holds exactly for the integers 0..2^32-1 (and -0); the typeof test
    // first, since `>>>` throws the engine's own TypeError on a BigInt or a Symbol.
    if (
      bytes instanceof Uint8Array &&
      ArrayBuffer.isView(bytes) &&
      typeof offset === 'number' &&
      offset >>> 0 === offset
    ) {
      const available = bytes.length - offset;
      if (available >= (20 satisfies typeof TCP_MIN_HEADER_LENGTH)) {
        const headerLength = (bytes[offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 4) * 4;
        if (headerLength >= 20 && headerLength <= available) return new TcpView(bytes, offset);
      }
    }
    return TcpView.fromChecked(bytes, offset);
  }

  /** `from` with every check: throws what decode throws, or accepts a `Uint8Array` of another realm. */
  private static fromChecked(bytes: Uint8Array, offset: number): TcpView {
    assertBytes(bytes, 'bytes');
    assertOffset(offset, bytes.length);
    const available = bytes.length - offset;
    if (available < TCP_MIN_HEADER_LENGTH) return rejectHeader(bytes, offset);
    const dataOffset = bytes[offset + F.DATA_OFFSET]! >> 4;
    if (dataOffset < 5 || dataOffset * 4 > available) return rejectHeader(bytes, offset);
    return new TcpView(bytes, offset);
  }

  /** Source port, 0..65535. */
  get srcPort(): number {
    const b = this.bytes;
    const i = this.offset + (0 satisfies typeof F.SRC_PORT);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set srcPort(value: number) {
    assertInteger(value, 'srcPort', 0, 0xffff);
    this.write16(F.SRC_PORT, value);
  }

  /** Destination port, 0..65535. */
  get dstPort(): number {
    const b = this.bytes;
    const i = this.offset + (2 satisfies typeof F.DST_PORT);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set dstPort(value: number) {
    assertInteger(value, 'dstPort', 0, 0xffff);
    this.write16(F.DST_PORT, value);
  }

  /** Sequence number, 0..2^32-1. */
  get seq(): number {
    const b = this.bytes;
    const i = this.offset + (4 satisfies typeof F.SEQ);
    return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..2^32-1 */
  set seq(value: number) {
    assertInteger(value, 'seq', 0, 0xffffffff);
    this.write32(F.SEQ, value);
  }

  /** Acknowledgment number, 0..2^32-1 (meaningful when `flags.ack`). */
  get ack(): number {
    const b = this.bytes;
    const i = this.offset + (8 satisfies typeof F.ACK);
    return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..2^32-1 */
  set ack(value: number) {
    assertInteger(value, 'ack', 0, 0xffffffff);
    this.write32(F.ACK, value);
  }

  /** Header length in 32-bit words, 5..15. */
  get dataOffset(): number {
    return this.bytes[this.offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 4;
  }
  /**
   * Rewrites only the data offset nibble: the options and payload do not move, the header just
   * covers more or fewer of the bytes. It must stay within the bytes, so no getter can fail later.
   *
   * @throws `TypeError` / `RangeError` unless an integer in 5..15 whose header fits in the bytes
   */
  set dataOffset(value: number) {
    const fits = Math.min(15, Math.floor((this.bytes.length - this.offset) / 4));
    assertInteger(value, 'dataOffset', 5, fits);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (value << 4) | (this.bytes[i]! & 0x0f);
  }

  /** The three reserved bits after the data offset, 0..7 (RFC 9293 §3.1). */
  get reserved(): number {
    return (this.bytes[this.offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 1) & 7;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..7 */
  set reserved(value: number) {
    assertInteger(value, 'reserved', 0, 7);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (this.bytes[i]! & 0xf1) | (value << 1);
  }

  /** The 12 bits after the data offset: reserved (3), NS, CWR..FIN, as {@link TCP_FLAG} masks them. */
  get flagBits(): number {
    const i = this.offset + F.DATA_OFFSET;
    return ((this.bytes[i]! & 0x0f) << 8) | this.bytes[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..4095 */
  set flagBits(value: number) {
    assertInteger(value, 'flagBits', 0, 0xfff);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (this.bytes[i]! & 0xf0) | (value >> 8);
    this.bytes[i + 1] = value;
  }

  /** Receive window, 0..65535, unscaled. */
  get window(): number {
    const b = this.bytes;
    const i = this.offset + (14 satisfies typeof F.WINDOW);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set window(value: number) {
    assertInteger(value, 'window', 0, 0xffff);
    this.write16(F.WINDOW, value);
  }

  /** Checksum field as on the wire. */
  get checksum(): number {
    const b = this.bytes;
    const i = this.offset + (16 satisfies typeof F.CHECKSUM);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set checksum(value: number) {
    assertInteger(value, 'checksum', 0, 0xffff);
    this.write16(F.CHECKSUM, value);
  }

  /** Urgent pointer, 0..65535. */
  get urgentPointer(): number {
    const b = this.bytes;
    const i = this.offset + (18 satisfies typeof F.URGENT_POINTER);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set urgentPointer(value: number) {
    assertInteger(value, 'urgentPointer', 0, 0xffff);
    this.write16(F.URGENT_POINTER, value);
  }

  /** Header length in bytes, `dataOffset * 4` (20..60). */
  get headerLength(): number {
    return (this.bytes[this.offset + F.DATA_OFFSET]! >> 4) * 4;
  }

  /** The option area (bytes 20 to `headerLength`), a subarray sharing the view's bytes. */
  get optionBytes(): Uint8Array {
    return this.bytes.subarray(this.offset + TCP_MIN_HEADER_LENGTH, this.offset + this.headerLength);
  }

  /** Everything after the header to the end of `bytes`, a subarray sharing the view's bytes. */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.offset + this.headerLength);
  }

  /**
   * Walks the options lazily, in wire order, with {@link decode}'s checks. Never throws: a malformed
   * option ends the walk in an entry whose `problem` says what is wrong (see {@link TcpViewOption}).
   * The walk allocates one object; iterating it allocates an entry per option, stepping it with
   * {@link TcpOptionWalk.advance} allocates nothing.
   *
   * @returns a walk: an iterator of {@link TcpViewOption}s, each with its offset and length, and a cursor
   * @example
   * ```ts
   * for (const entry of view.options()) {
   *   if (entry.problem !== null) console.log('bad option at', entry.offset, entry.problem);
   *   else if (entry.code === TCP_OPTION_KIND.MSS) console.log('MSS', entry.toOption());
   * }
   * const walk = view.options();
   * while (walk.advance()) if (walk.code === TCP_OPTION_KIND.TIMESTAMPS) console.log(walk.offset);
   * ```
   */
  options(): TcpOptionWalk {
    return new TcpOptionWalk(this.bytes, this.offset);
  }

  /**
   * The header as a plain object, exactly what {@link decode} returns for the same bytes.
   *
   * @returns a new {@link TcpHeader} (byte fields are copies)
   * @throws {@link TcpDecodeError} for a malformed option, as {@link decode}; use
   *   `decodeLenient(view.bytes, view.offset)` to keep what can be read
   * @example
   * ```ts
   * const header = TcpView.from(bytes).toHeader();
   * ```
   */
  toHeader(): TcpHeader {
    return decodeHeader(this.bytes, this.offset, null)!;
  }

  /**
   * Whether the segment's checksum is right (RFC 9293 §3.1), over the pseudo-header and the bytes
   * from the header to the end of `bytes`, as {@link verifyTcpChecksum} computes it.
   *
   * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
   * @returns true when the checksum field holds the right value
   * @throws `TypeError` / `RangeError` as {@link verifyTcpChecksum} (a bad address, a segment too long
   *   for IPv4)
   * @example
   * ```ts
   * const ok = TcpView.from(segment).verifyChecksum({ src: '192.0.2.1', dst: '198.51.100.7' });
   * ```
   */
  verifyChecksum(pseudo: PseudoHeader): boolean {
    return verifyTcpChecksum(this.bytes.subarray(this.offset), pseudo);
  }

  /**
   * Computes the checksum over the pseudo-header and the bytes from the header to the end of `bytes`
   * and writes it into the checksum field, as {@link writeTcpChecksum} does.
   *
   * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
   * @returns the checksum written
   * @throws `TypeError` / `RangeError` as {@link writeTcpChecksum}; nothing is written then
   * @example
   * ```ts
   * const view = TcpView.from(segment);
   * view.seq = 1000;
   * view.fillChecksum({ src: '192.0.2.1', dst: '198.51.100.7' });
   * ```
   */
  fillChecksum(pseudo: PseudoHeader): number {
    return writeTcpChecksum(this.bytes.subarray(this.offset), pseudo);
  }

  private write16(field: number, value: number): void {
    const i = this.offset + field;
    this.bytes[i] = value >>> 8;
    this.bytes[i + 1] = value;
  }

  private write32(field: number, value: number): void {
    const b = this.bytes;
    const i = this.offset + field;
    b[i] = value >>> 24;
    b[i + 1] = value >>> 16;
    b[i + 2] = value >>> 8;
    b[i + 3] = value;
  }
}

/**
 * Throws the error {@link decode} throws for a header whose length or data offset is bad, so the
 * view and the decoder report the same code, offset and message.
 */
function rejectHeader(bytes: Uint8Array, offset: number): never {
  decodeHeader(bytes, offset, null);
  // decodeHeader throws for every header `from` rejects; reaching this line is a bug.
  throw new Error('TcpView.from: decode accepted a header the view rejected');
}
