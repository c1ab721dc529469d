/**
 * The line tcpdump 4.99's `tcp_print` prints for a segment, from the port text on: flags, the
 * `-v` checksum text, sequence and acknowledgment numbers, window, urgent pointer, options, length,
 * and what it prints for a cut capture or a bad data offset (see `format.ts` for the rules).
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { u16, u32 } from '../bytes.ts';
import { fold } from '../checksum/sum.ts';
import { TCP_FLAG, TCP_MIN_HEADER_LENGTH } from '../constants.ts';
import { formatOptionArea, type OptionWalk } from './options.ts';
import { decimal, hex4, printableChar } from './text.ts';

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

/** What a line shows besides the segment; the callers have checked every field. */
export interface TcpLineOptions {
  /** Source and destination address text, both or neither: with them, the whole line. */
  src?: string | undefined;
  dst?: string | undefined;
  /** Numbers to print in place of the raw ones. */
  relative?: TcpRelativeNumbers | undefined;
  /** The computed checksum, for the `-v` checksum text. */
  checksum?: TcpChecksumCheck | undefined;
  /** Whether to add the `-v` RST payload text. */
  verbose?: boolean | undefined;
}

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
  kind: 0,
  length: 0,
  at: 0,
  left: 0,
  data: 0,
  text: '',
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
 * `(correct)` or `(incorrect -> 0x....)` the way tcpdump decides it: it sums the whole segment with
 * its checksum field, and when that does not verify, prints `in_cksum_shouldbe(field, sum)`.
 */
function checksumText(field: number, computed: number): string {
  const restSum = ~computed & 0xffff;
  const sum = ~fold(restSum + field) & 0xffff;
  if (sum === 0) return `, cksum 0x${hex4(field)} (correct)`;
  return `, cksum 0x${hex4(field)} (incorrect -> 0x${hex4(fold(field + sum))})`;
}

/** `, seq ...` (with payload, or on SYN, FIN, RST), `, ack ...` (with ACK), `, win ...`, `, urg ...` (with URG). */
function numbersText(
  bytes: Uint8Array,
  relative: TcpRelativeNumbers | undefined,
  flags: number,
  payload: number,
  rawAck: number,
): string {
  let text = '';
  if (payload > 0 || (flags & (TCP_FLAG.SYN | TCP_FLAG.FIN | TCP_FLAG.RST)) !== 0) {
    const seq = relative === undefined ? u32(bytes, 4) : relative.seq;
    text += payload > 0 ? `, seq ${decimal(seq)}:${decimal((seq + payload) >>> 0)}` : `, seq ${decimal(seq)}`;
  }
  if ((flags & TCP_FLAG.ACK) !== 0)
    text += `, ack ${decimal(relative === undefined ? rawAck : relative.ack)}`;
  text += `, win ${decimal(u16(bytes, 14))}`;
  if ((flags & TCP_FLAG.URG) !== 0) text += `, urg ${u16(bytes, 18)}`;
  return text;
}

/**
 * tcpdump's `tcp_print`, from the port text on (the whole line when `src` and `dst` are given).
 *
 * @param bytes - the segment from its first header byte, as held
 * @param captured - how many bytes of it the capture holds (at most `bytes.length`)
 * @param length - the TCP length the IP layer gives
 * @param options - what to show besides
 * @returns the text
 */
export function renderTcpLine(
  bytes: Uint8Array,
  captured: number,
  length: number,
  options: TcpLineOptions,
): string {
  const { src, dst, relative } = options;
  const withAddresses = src !== undefined && dst !== undefined;
  const family = src?.includes(':') === true ? 'IP6' : 'IP';
  if (captured < 4) {
    return withAddresses ? `${family} ${src} > ${dst}: [|tcp]` : '[|tcp]';
  }
  let text = withAddresses ? `${family} ${src}.${u16(bytes, 0)} > ${dst}.${u16(bytes, 2)}: ` : '';
  if (captured < TCP_MIN_HEADER_LENGTH) return `${text} [|tcp]`;
  const headerLength = (bytes[12]! >> 4) * 4;
  if (headerLength < TCP_MIN_HEADER_LENGTH) {
    const payload = (length - headerLength) >>> 0;
    return `${text} tcp ${payload} [bad hdr length ${headerLength} - too short, < ${TCP_MIN_HEADER_LENGTH}]`;
  }
  const flags = bytes[13]!;
  text += FLAGS_TEXT[flags]!;
  if (headerLength > length) return `${text} [bad hdr length ${headerLength} - too long, > ${length}]`;
  if (options.checksum !== undefined && captured >= length) {
    text += checksumText(u16(bytes, 16), options.checksum.computed);
  }
  const rawAck = u32(bytes, 8);
  const payload = length - headerLength;
  text += numbersText(bytes, relative, flags, payload, rawAck);
  let protocol = 'tcp';
  if (headerLength > TCP_MIN_HEADER_LENGTH) {
    const walk = optionWalk;
    walk.bytes = bytes;
    walk.captured = captured;
    walk.headerLength = headerLength;
    walk.segmentLength = length;
    walk.flags = flags;
    walk.sackBase = relative === undefined ? 0 : (relative.sackBase ?? (rawAck - relative.ack) >>> 0);
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
  if (options.verbose === true && (flags & TCP_FLAG.RST) !== 0)
    text += rstDataText(bytes, headerLength, payload, captured);
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
