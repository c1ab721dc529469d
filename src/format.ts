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
 * @module
 */
import { TCP_FLAG, TCP_MIN_HEADER_LENGTH } from './constants.ts';
import { assertBoolean, assertBytes, assertInteger, describe } from './errors.ts';
import { formatOptionArea, type OptionWalk } from './format/options.ts';
import { decimal, hex4, printableChar, readU16, readU32 } from './format/text.ts';
import { encode, type TcpHeaderInit } from './header.ts';

/**
 * Relative sequence numbers to print in place of the raw ones, as `tcpdump` without `-S` shows them.
 * The caller (e.g. the stream tracker) works them out; tcpdump's rule (`print-tcp.c`): only segments
 * with ACK set get relative numbers; the first such segment of a connection (either direction) and
 * every segment with SYN set record the connection's bases and print their raw numbers; later ones
 * print `seq - base` and `ack - base` for their direction.
 * The subtraction is modulo 2^32, as all sequence-number arithmetic is (RFC 9293 §3.4); the choice
 * of bases is tcpdump's, not an RFC's.
 *
 * @example
 * ```ts
 * const relative: TcpRelativeNumbers = { seq: 1, ack: 1 }; // "seq 1:101, ack 1"
 * ```
 */
export interface TcpRelativeNumbers {
  /** The sequence number to print (0..2^32-1); the end of a data range is `seq + payload length`. */
  seq: number;
  /** The acknowledgment number to print (0..2^32-1), used when ACK is set. */
  ack: number;
  /**
   * Subtracted from every SACK block edge (0..2^32-1). Default: `header.ack - ack` (mod 2^32), the
   * base tcpdump subtracts from the acknowledgment number. On the segment that records the bases
   * (printed with raw numbers) tcpdump still subtracts `header.ack - 1` from SACK edges: pass that.
   */
  sackBase?: number;
}

/**
 * The checksum text `tcpdump -v` puts right after the flags: `, cksum 0x1234 (correct)` or
 * `, cksum 0x1234 (incorrect -> 0xabcd)`.
 * The checksum is RFC 9293 §3.1's, over the pseudo-header and the segment (RFC 1071 for the sum).
 *
 * @example
 * ```ts
 * const checksum: TcpChecksumCheck = { computed: 0xabcd }; // from tcpChecksum(segment, pseudo)
 * ```
 */
export interface TcpChecksumCheck {
  /**
   * The checksum the segment should carry (0..65535): the ones' complement of the ones' complement
   * sum of the pseudo-header and the segment with the checksum field taken as zero (RFC 9293 §3.1).
   * The printed "should be" value follows tcpdump's arithmetic (`in_cksum_shouldbe`), which can give
   * 0xffff where this is 0x0000.
   */
  computed: number;
}

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
/** tcpdump shows at most this many bytes of an RST's payload (`MAX_RST_DATA_LEN`). */
const MAX_RST_DATA = 30;

/** tcpdump's flag letters, in the order it prints them (`tcp_flag_values`). */
const FLAG_LETTERS: readonly (readonly [number, string])[] = [
  [TCP_FLAG.FIN, 'F'],
  [TCP_FLAG.SYN, 'S'],
  [TCP_FLAG.RST, 'R'],
  [TCP_FLAG.PSH, 'P'],
  [TCP_FLAG.ACK, '.'],
  [TCP_FLAG.URG, 'U'],
  [TCP_FLAG.ECE, 'E'],
  [TCP_FLAG.CWR, 'W'],
];

const NO_BYTES = new Uint8Array(0);
/** The record every option walk fills in and reads back: one per module instead of two objects per line. */
const optionWalk: OptionWalk = {
  bytes: NO_BYTES,
  captured: 0,
  headerLength: 0,
  segmentLength: 0,
  flags: 0,
  sackBase: 0,
  end: 'complete',
  protocol: 'tcp',
};

/** `Flags [...]` for each value of the flag byte, built once. */
const FLAGS_TEXT: readonly string[] = Array.from({ length: 256 }, (_, flags) => {
  let letters = '';
  for (const [bit, letter] of FLAG_LETTERS) if ((flags & bit) !== 0) letters += letter;
  return `Flags [${letters === '' ? 'none' : letters}]`;
});

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
  checkCommonOptions(options);
  assertInteger(options.payloadLength, 'payloadLength', 0, MAX_U32);
  const bytes = encode(header, { craft: true });
  const headerLength = (bytes[12]! >> 4) * 4;
  const length = headerLength + options.payloadLength;
  // The whole segment counts as captured, unless the data offset reaches past the encoded header.
  const captured = bytes.length >= headerLength ? length : bytes.length;
  return render(bytes, captured, length, options.src, options.dst, options.relative, options.checksum, false);
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
  checkCommonOptions(options);
  const length = options.segmentLength ?? bytes.length;
  assertInteger(length, 'segmentLength', 0, MAX_U32);
  if (options.verbose !== undefined) assertBoolean(options.verbose, 'verbose');
  return render(
    bytes,
    Math.min(bytes.length, length),
    length,
    options.src,
    options.dst,
    options.relative,
    options.checksum,
    options.verbose === true,
  );
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
  return render(bytes, captured, segmentLength, undefined, undefined, relative, checksum, false);
}

function checkCommonOptions(options: FormatTcpCommonOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  if ((options.src === undefined) !== (options.dst === undefined)) {
    throw new TypeError('src and dst must be given together');
  }
  for (const name of ['src', 'dst'] as const) {
    const address = options[name];
    if (address !== undefined && typeof address !== 'string') {
      throw new TypeError(`${name} must be an address string, got ${describe(address)}`);
    }
  }
  const relative: unknown = options.relative;
  if (relative !== undefined) {
    if (typeof relative !== 'object' || relative === null) {
      throw new TypeError(`relative must be an object, got ${describe(relative)}`);
    }
    const r = relative as TcpRelativeNumbers;
    assertInteger(r.seq, 'relative.seq', 0, MAX_U32);
    assertInteger(r.ack, 'relative.ack', 0, MAX_U32);
    if (r.sackBase !== undefined) assertInteger(r.sackBase, 'relative.sackBase', 0, MAX_U32);
  }
  const checksum: unknown = options.checksum;
  if (checksum !== undefined) {
    if (typeof checksum !== 'object' || checksum === null) {
      throw new TypeError(`checksum must be an object, got ${describe(checksum)}`);
    }
    assertInteger((checksum as TcpChecksumCheck).computed, 'checksum.computed', 0, 0xffff);
  }
}

/** Ones' complement fold of a sum to 16 bits (RFC 1071 §4.1). */
function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/**
 * `(correct)` or `(incorrect -> 0x....)` the way tcpdump decides it: it sums the whole segment with
 * its checksum field, and when that does not verify, prints `in_cksum_shouldbe(field, sum)`.
 */
function checksumText(field: number, computed: number): string {
  const restSum = ~computed & 0xffff;
  const sum = ~fold(restSum + field) & 0xffff;
  if (sum === 0) return `, cksum 0x${hex4(field)} (correct)`;
  return `, cksum 0x${hex4(field)} (incorrect -> 0x${hex4(fold(field + sum))})`;
}

/** tcpdump's `tcp_print`, from the port text on (the whole line when `src` and `dst` are given). */
function render(
  bytes: Uint8Array,
  captured: number,
  length: number,
  src: string | undefined,
  dst: string | undefined,
  relative: TcpRelativeNumbers | undefined,
  checksum: TcpChecksumCheck | undefined,
  verbose: boolean,
): string {
  const withAddresses = src !== undefined && dst !== undefined;
  const family = src?.includes(':') === true ? 'IP6' : 'IP';
  if (captured < 4) {
    return withAddresses ? `${family} ${src} > ${dst}: [|tcp]` : '[|tcp]';
  }
  let text = withAddresses ? `${family} ${src}.${readU16(bytes, 0)} > ${dst}.${readU16(bytes, 2)}: ` : '';
  if (captured < TCP_MIN_HEADER_LENGTH) return `${text} [|tcp]`;
  const headerLength = (bytes[12]! >> 4) * 4;
  if (headerLength < TCP_MIN_HEADER_LENGTH) {
    const payload = (length - headerLength) >>> 0;
    return `${text} tcp ${payload} [bad hdr length ${headerLength} - too short, < ${TCP_MIN_HEADER_LENGTH}]`;
  }
  const flags = bytes[13]!;
  text += FLAGS_TEXT[flags]!;
  if (headerLength > length) return `${text} [bad hdr length ${headerLength} - too long, > ${length}]`;
  if (checksum !== undefined && captured >= length) {
    text += checksumText(readU16(bytes, 16), checksum.computed);
  }
  const rawAck = readU32(bytes, 8);
  const payload = length - headerLength;
  if (payload > 0 || (flags & (TCP_FLAG.SYN | TCP_FLAG.FIN | TCP_FLAG.RST)) !== 0) {
    const seq = relative === undefined ? readU32(bytes, 4) : relative.seq;
    text += payload > 0 ? `, seq ${decimal(seq)}:${decimal((seq + payload) >>> 0)}` : `, seq ${decimal(seq)}`;
  }
  if ((flags & TCP_FLAG.ACK) !== 0)
    text += `, ack ${decimal(relative === undefined ? rawAck : relative.ack)}`;
  text += `, win ${decimal(readU16(bytes, 14))}`;
  if ((flags & TCP_FLAG.URG) !== 0) text += `, urg ${readU16(bytes, 18)}`;
  let protocol = 'tcp';
  if (headerLength > TCP_MIN_HEADER_LENGTH) {
    const sackBase = relative === undefined ? 0 : (relative.sackBase ?? (rawAck - relative.ack) >>> 0);
    const walk = optionWalk;
    walk.bytes = bytes;
    walk.captured = captured;
    walk.headerLength = headerLength;
    walk.segmentLength = length;
    walk.flags = flags;
    walk.sackBase = sackBase;
    text += formatOptionArea(walk);
    // Drop the reference so the record does not keep the last segment's bytes alive.
    walk.bytes = NO_BYTES;
    if (walk.end !== 'complete') return text;
    protocol = walk.protocol;
  }
  text += `, length ${decimal(payload)}`;
  if (payload === 0) return text;
  if (captured < headerLength) {
    return `${text} [remaining caplen(${captured}) < header length(${headerLength})] [|${protocol}]`;
  }
  if (verbose && (flags & TCP_FLAG.RST) !== 0) text += rstDataText(bytes, headerLength, payload, captured);
  return text;
}

/**
 * `tcpdump -v` shows up to 30 bytes of an RST's payload, RFC 1122 §4.2.2.12 allowing "ASCII text that
 * encoded and explained the cause of the RST": ` [RST text]`, `[RST+ ...]` when there is more, and
 * `[!RST ...]` when the capture cut it.
 */
function rstDataText(bytes: Uint8Array, start: number, payload: number, captured: number): string {
  let text = start + payload <= captured ? ' [RST' : ' [!RST';
  let shown = payload;
  if (shown > MAX_RST_DATA) {
    shown = MAX_RST_DATA;
    text += '+';
  }
  text += ' ';
  for (let i = start; i < start + shown && i < captured; i++) text += printableChar(bytes[i]!);
  return `${text}]`;
}
