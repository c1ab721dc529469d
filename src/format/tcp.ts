/**
 * tcpdump-identical text for a TCP segment: what tcpdump 4.99.3 prints for TCP with `-nn -S` (and,
 * with the options below, without `-S` and with `-v`).
 *
 * The rules come from tcpdump's `print-tcp.c` and `print-mptcp.c` and are checked against tcpdump's
 * own output for every segment of the test corpus:
 * - `Flags [...]`: the letters `F S R P . U E W` in that order for the eight flag bits of byte 13
 *   (NS and the reserved bits are not shown), `none` when all are clear.
 * - `seq a:b` when there is payload (`b = a + payload length`), `seq a` alone on a SYN, FIN or RST
 *   without payload, nothing otherwise; `ack` only with ACK; `win`; `urg` only with URG.
 * - `options [...]`: tcpdump's own walk over the option bytes (see `format/options.ts`), re-walked
 *   from the bytes rather than printed from a decoded list.
 * - `length N`: the payload length. A list that ends in `[bad opt]` or a truncation marker ends the
 *   line there, without `length`.
 * - A data offset below 5: `tcp N [bad hdr length H - too short, < 20]`; a header longer than the
 *   segment: `[bad hdr length H - too long, > L]` after the flags.
 * - Bytes the capture did not keep: ` [|tcp]` where tcpdump stops reading (` [|mptcp]` once an MPTCP
 *   option has been printed), and ` [remaining caplen(C) < header length(H)]` when options were cut.
 *
 * Internal: not exported from the package; its exports are, from the package's entry.
 *
 * @module
 */

import { assertBoolean, assertBytes, assertInteger, describe } from '../guards.ts';
import { encode, type TcpHeaderInit } from '../header.ts';
import {
  renderTcpLine,
  type TcpChecksumCheck,
  type TcpLineOptions,
  type TcpRelativeNumbers,
} from './line.ts';

export type { TcpChecksumCheck, TcpRelativeNumbers } from './line.ts';

/**
 * What {@link formatTcp} and {@link formatTcpSegment} share.
 *
 * The fields printed are those of RFC 9293 §3.1; the text layout is tcpdump's, which no RFC defines.
 *
 * @example
 * ```ts
 * const common: FormatTcpCommonOptions = { src: '10.0.0.1', dst: '10.0.0.2', relative: { seq: 1, ack: 1 } };
 * formatTcpSegment(pshAck, common); // pshAck: port 80 to 5000, 10 bytes of data, window 512
 * // 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:11, ack 1, win 512, length 10'
 * ```
 */
export interface FormatTcpCommonOptions {
  /**
   * Source address as tcpdump prints it (`10.0.0.1`, `2001:db8::1`). With `dst`, the result is the
   * whole line: `IP src.port > dst.port: Flags [...]` (`IP6` when the address holds a `:`), as
   * `tcpdump -nn` prints TCP carried directly in IPv4 / IPv6 without `-v`. Without them, the result is
   * what tcpdump prints after `src.port > dst.port: ` (`[|tcp]` for fewer than 4 bytes, where tcpdump
   * prints `src > dst: [|tcp]`), for the caller to put behind the layers it printed, as tcpdump does
   * for IPv6 extension headers (`IP6 a > b: HBH 80 > 5000: Flags [S], ...`) or under `-v`.
   */
  src?: string;
  /** Destination address, as `src`. */
  dst?: string;
  /** Numbers to print instead of the raw sequence and acknowledgment numbers (tcpdump without `-S`). */
  relative?: TcpRelativeNumbers;
  /**
   * Print the `-v` checksum text. tcpdump prints it only when the whole segment was captured (and
   * the IP packet is not a fragment); so does this function.
   */
  checksum?: TcpChecksumCheck;
}

/**
 * Options of {@link formatTcp}.
 * The segment length is the header length (data offset times 4, RFC 9293 §3.1) plus `payloadLength`.
 *
 * @example
 * ```ts
 * const options: FormatTcpOptions = { payloadLength: 100, src: '10.0.0.1', dst: '10.0.0.2' };
 * ```
 */
export interface FormatTcpOptions extends FormatTcpCommonOptions {
  /**
   * Bytes after the header (after `dataOffset * 4`), 0..2^32-1: the `length N` tcpdump prints. The
   * segment length is taken as `dataOffset * 4 + payloadLength`, all of it captured.
   */
  payloadLength: number;
}

/**
 * Options of {@link formatTcpSegment}.
 * `segmentLength` is the TCP length of the pseudo-header (RFC 9293 §3.1; RFC 8200 §8.1 for IPv6);
 * the RST payload `verbose` shows is the diagnostic text RFC 1122 §4.2.2.12 allows.
 *
 * @example
 * ```ts
 * const options: FormatTcpSegmentOptions = { segmentLength: 1500, verbose: true };
 * ```
 */
export interface FormatTcpSegmentOptions extends FormatTcpCommonOptions {
  /**
   * The TCP length the IP layer gives (IPv4 total length minus its header, IPv6 payload length minus
   * extension headers), 0..2^32-1. Default: `bytes.length`. When `bytes` is shorter, the capture cut
   * the segment, and the text shows it as tcpdump does.
   */
  segmentLength?: number;
  /** Add what `tcpdump -v` adds after `length N` for TCP itself: the payload of an RST (`[RST ...]`). */
  verbose?: boolean;
}

const MAX_U32 = 0xffffffff;
/**
 * tcpdump's text for a TCP header: `Flags [S.], seq 1, ack 2, win 65535, options [mss 1460], length 0`,
 * or with `src` / `dst` the whole line `IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], ...`.
 *
 * The header is encoded as given (`encode(header, { craft: true })`) and its option bytes walked the
 * way tcpdump walks them, so a header from `decodeLenient` prints as tcpdump printed its bytes. The
 * header and its payload count as captured, except that a data offset beyond the encoded options
 * (a lenient header from cut bytes) shows as cut. Use {@link formatTcpSegment} for segment bytes.
 * The fields are those of RFC 9293 §3.1 (the `E` and `W` flags RFC 3168 §6.1's ECE and CWR); the
 * text layout is tcpdump's, which no RFC defines.
 *
 * @param header - a decoded header, or the fields to set as for `encode`
 * @param options - `payloadLength` (required), and `src`, `dst`, `relative`, `checksum`
 * @returns the text, on one line
 * @throws `TypeError` / `RangeError` for a header `encode` refuses even with `craft`, or a wrong option
 * @example
 * ```ts
 * formatTcp({ srcPort: 80, dstPort: 5000, seq: 1, ack: 2, flags: { psh: true, ack: true }, window: 512 },
 *   { payloadLength: 10, src: '10.0.0.1', dst: '10.0.0.2' });
 * // 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:11, ack 2, win 512, length 10'
 * ```
 */
export function formatTcp(header: TcpHeaderInit, options: FormatTcpOptions): string {
  const line = readCommonOptions(options);
  const payloadLength: unknown = options.payloadLength;
  assertInteger(payloadLength, 'payloadLength', 0, MAX_U32);
  const bytes = encode(header, { craft: true });
  const headerLength = (bytes[12]! >> 4) * 4;
  const length = headerLength + payloadLength;
  // The whole segment counts as captured, unless the data offset reaches past the encoded header.
  const captured = bytes.length >= headerLength ? length : bytes.length;
  line.verbose = false;
  return renderTcpLine(bytes, captured, length, line);
}

/**
 * tcpdump's text for a TCP segment given as bytes (header and payload, as the capture holds them):
 * the same text as {@link formatTcp}, plus what tcpdump prints when the capture cut the segment
 * (` [|tcp]`, `[remaining caplen(24) < header length(28)]`), for a data offset below 5, and for a
 * header longer than the segment.
 * The header layout read is RFC 9293 §3.1; the text layout is tcpdump's, which no RFC defines.
 *
 * @param bytes - the segment from its first header byte; fewer than `segmentLength` bytes when cut
 * @param options - `segmentLength`, `src`, `dst`, `relative`, `checksum`, `verbose`
 * @returns the text, on one line
 * @throws `TypeError` / `RangeError` for a wrong argument (any bytes are printable)
 * @example
 * ```ts
 * const synAck = Uint8Array.from(Buffer.from('0050138800000007000000016012ffff00000000020405b4', 'hex'));
 * formatTcpSegment(synAck, { src: '10.0.0.1', dst: '10.0.0.2' });
 * // 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 7, ack 1, win 65535, options [mss 1460], length 0'
 * formatTcpSegment(synAck.subarray(0, 22), { segmentLength: 24 });
 * // 'Flags [S.], seq 7, ack 1, win 65535, options [mss [|tcp]'
 * ```
 */
export function formatTcpSegment(bytes: Uint8Array, options: FormatTcpSegmentOptions = {}): string {
  assertBytes(bytes, 'bytes');
  const line = readCommonOptions(options);
  const length: unknown = options.segmentLength ?? bytes.length;
  assertInteger(length, 'segmentLength', 0, MAX_U32);
  const verbose: unknown = options.verbose;
  if (verbose !== undefined) assertBoolean(verbose, 'verbose');
  line.verbose = verbose;
  return renderTcpLine(bytes, Math.min(bytes.length, length), length, line);
}

/**
 * {@link formatTcpSegment} without the argument checks and without addresses, for the capture
 * printer, which hands over a segment it cut from a frame and numbers it made itself. Not part of
 * the public surface.
 *
 * @param bytes - the segment from its first header byte, as captured
 * @param segmentLength - the TCP length the IP layer gives (0..2^32-1)
 * @param relative - numbers to print instead of the raw ones, or undefined
 * @param checksum - the computed checksum for the `-v` text, or undefined
 * @returns what `formatTcpSegment(bytes, { segmentLength, relative, checksum })` returns
 */
export function formatCapturedTcp(
  bytes: Uint8Array,
  segmentLength: number,
  relative: TcpRelativeNumbers | undefined,
  checksum: TcpChecksumCheck | undefined,
): string {
  const captured = Math.min(bytes.length, segmentLength);
  return renderTcpLine(bytes, captured, segmentLength, { relative, checksum });
}

function readCommonOptions(options: FormatTcpCommonOptions): TcpLineOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  // Each option read once, into the snapshot the line is printed from.
  const { src, dst, relative, checksum } = options as { [K in keyof FormatTcpCommonOptions]?: unknown };
  if ((src === undefined) !== (dst === undefined)) {
    throw new TypeError('src and dst must be given together');
  }
  if (src !== undefined && typeof src !== 'string') {
    throw new TypeError(`src must be an address string, got ${describe(src)}`);
  }
  if (dst !== undefined && typeof dst !== 'string') {
    throw new TypeError(`dst must be an address string, got ${describe(dst)}`);
  }
  return { src, dst, relative: readRelativeNumbers(relative, 'relative'), checksum: readChecksum(checksum) };
}

/**
 * Relative numbers given by a caller, each read once and checked, as an object of the formatter's
 * own; `label` names them in errors (`relative`, `options.relative`). Not part of the public surface:
 * the capture printer's `tcpdumpLine` takes the same numbers.
 */
export function readRelativeNumbers(relative: unknown, label: string): TcpRelativeNumbers | undefined {
  if (relative === undefined) return undefined;
  if (typeof relative !== 'object' || relative === null) {
    throw new TypeError(`${label} must be an object, got ${describe(relative)}`);
  }
  const { seq, ack, sackBase } = relative as { [K in keyof TcpRelativeNumbers]?: unknown };
  assertInteger(seq, `${label}.seq`, 0, MAX_U32);
  assertInteger(ack, `${label}.ack`, 0, MAX_U32);
  if (sackBase === undefined) return { seq, ack };
  assertInteger(sackBase, `${label}.sackBase`, 0, MAX_U32);
  return { seq, ack, sackBase };
}

/** The computed checksum, read once and checked. */
function readChecksum(checksum: unknown): TcpChecksumCheck | undefined {
  if (checksum === undefined) return undefined;
  if (typeof checksum !== 'object' || checksum === null) {
    throw new TypeError(`checksum must be an object, got ${describe(checksum)}`);
  }
  const computed: unknown = (checksum as { computed?: unknown }).computed;
  assertInteger(computed, 'checksum.computed', 0, 0xffff);
  return { computed };
}
