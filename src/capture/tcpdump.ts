/**
 * The line `tcpdump -nn -S -t` prints for a captured TCP segment: the text of the layers in front
 * (from the dissector), then TCP's own (`formatTcpSegment`'s text), optionally with relative sequence
 * numbers (tcpdump without `-S`, from tcpdump's table of first numbers per address/port pair) and the
 * `-v` checksum text.
 *
 * @module
 */
import { tcpChecksum } from '../checksum.ts';
import {
  formatCapturedTcp,
  readRelativeNumbers,
  type TcpChecksumCheck,
  type TcpRelativeNumbers,
} from '../format.ts';
import { assertBoolean, assertInteger, describe } from '../guards.ts';
import { decodeHeader } from '../header.ts';
import { DEFAULT_PAIR_LIMIT, TcpdumpNumbers } from '../tracker.ts';
import type { CapturedTcp, TcpdumpLayers } from './captured.ts';

/**
 * Options of {@link tcpdumpLine}: relative sequence numbers (RFC 9293 §3.4) and the checksum check
 * (RFC 9293 §3.1, RFC 1071).
 *
 * @example
 * ```ts
 * const options: TcpdumpLineOptions = { verify: true };
 * ```
 */
export interface TcpdumpLineOptions {
  /** Numbers to print instead of the raw sequence and acknowledgment numbers (tcpdump without `-S`). */
  relative?: TcpRelativeNumbers;
  /**
   * Add the checksum text `tcpdump -v` puts after the flags, `cksum 0x1234 (correct)` or
   * `cksum 0x1234 (incorrect -> 0xabcd)`, where tcpdump prints it: the whole segment captured, the
   * packet not a fragment.
   */
  verify?: boolean;
}

const TCP_MIN_HEADER = 20;
const PLAIN: TcpdumpLineOptions = {};
const VERIFY: TcpdumpLineOptions = { verify: true };

/** A line's text in front of TCP's flags, kept for the next segments of the same direction. */
interface Lead {
  prefix: string;
  addresses: boolean;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  text: string;
}

/** The last two leads: a conversation's segments alternate between its two directions. */
const recentLeads: Lead[] = [];
let nextLeadSlot = 0;

/**
 * The layers' text and the ports (`IP 10.0.0.1.80 > 10.0.0.2.5000: `), reused from
 * {@link recentLeads} when the segment repeats one, and flattened once so each line holds one piece
 * for it.
 */
function leadText(layers: TcpdumpLayers, src: string, dst: string, srcPort: number, dstPort: number): string {
  const { prefix, addresses } = layers;
  for (const lead of recentLeads) {
    if (
      lead.srcPort === srcPort &&
      lead.dstPort === dstPort &&
      lead.src === src &&
      lead.dst === dst &&
      lead.addresses === addresses &&
      lead.prefix === prefix
    ) {
      return lead.text;
    }
  }
  const text = addresses
    ? `${prefix}${src}.${srcPort} > ${dst}.${dstPort}: `
    : `${prefix}${srcPort} > ${dstPort}: `;
  // Reading a character makes the engine flatten the concatenation once, here, not in every line.
  text.charCodeAt(0);
  recentLeads[nextLeadSlot] = { prefix, addresses, src, dst, srcPort, dstPort, text };
  nextLeadSlot ^= 1;
  return text;
}

/**
 * The `-v` checksum text's numbers, where tcpdump prints them: the whole segment captured, the
 * packet not a fragment; undefined elsewhere. Throws (changing nothing) for addresses that are not
 * 4 or 16 bytes.
 */
function checksumCheck(tcp: CapturedTcp): TcpChecksumCheck | undefined {
  const { segment, segmentLength } = tcp;
  if (tcp.fragmented || segmentLength < TCP_MIN_HEADER || segment.length < segmentLength) return undefined;
  const computed = tcpChecksum(segment.subarray(0, segmentLength), {
    src: tcp.srcAddress,
    dst: tcp.checksumDestination,
    length: segmentLength,
  });
  return { computed };
}

/**
 * The line tcpdump prints for a TCP segment (RFC 9293 §3.1) found by {@link dissectFrame}.
 *
 * @param tcp - the dissector's result for the frame
 * @param options - `relative` numbers and `verify`
 * @returns one line, without a line break
 * @example
 * ```ts
 * const tcp = dissectFrame(frame, { libpcapSnapLength: true });
 * if (tcp !== null) console.log(tcpdumpLine(tcp));
 * // IP 192.0.2.1.80 > 198.51.100.7.50000: Flags [S.], seq 1, ack 2, win 65535, length 0
 * ```
 */
export function tcpdumpLine(tcp: CapturedTcp, options: TcpdumpLineOptions = PLAIN): string {
  if (typeof tcp !== 'object' || tcp === null) {
    throw new TypeError(`tcp must be what dissectFrame returns, got ${describe(tcp)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  // Each option read once and checked; the printer's own two option objects need no check.
  let verify = options === VERIFY;
  let relative: TcpRelativeNumbers | undefined;
  if (options !== PLAIN && options !== VERIFY) {
    const given = options.verify;
    if (given !== undefined) assertBoolean(given, 'options.verify');
    verify = given === true;
    relative = readRelativeNumbers(options.relative, 'options.relative');
  }
  if (tcp.tcpdump.line !== null) return tcp.tcpdump.line;
  const checksum = verify ? checksumCheck(tcp) : undefined;
  return renderLine(tcp, relative, checksum);
}

/**
 * The TCP line for a segment whose `tcpdump.line` is null (both callers return that line first), from
 * the numbers and checksum they worked out; the dissector hands over valid bytes and lengths.
 */
function renderLine(
  tcp: CapturedTcp,
  relative: TcpRelativeNumbers | undefined,
  checksum: TcpChecksumCheck | undefined,
): string {
  const { tcpdump, segment, segmentLength, src, dst } = tcp;
  // tcp_print: without both ports it prints the addresses and stops.
  if (segment.length < 4) return `${tcpdump.prefix}${src} > ${dst}: [|tcp]`;
  const lead = leadText(
    tcpdump,
    src,
    dst,
    (segment[0]! << 8) | segment[1]!,
    (segment[2]! << 8) | segment[3]!,
  );
  // The formatter's argument checks are skipped: the dissector hands over valid bytes and lengths.
  return lead + formatCapturedTcp(segment, segmentLength, relative, checksum);
}

/**
 * Prints captured TCP segments (RFC 9293 §3.1) one after another as tcpdump does, keeping what
 * relative numbering needs: with `relative`, tcpdump's table of the first numbers of each
 * address/port pair, as `tcpdump -nn -t` (without `-S`) prints them. The table is compact (about
 * 32 bytes an IPv4 pair) and bounded: past `maxConnections` pairs (default 4 194 304) a segment of
 * a new pair is a `RangeError` that names the limit.
 *
 * @example
 * ```ts
 * const printer = new TcpdumpPrinter({ relative: true });
 * for (const frame of readCapture(bytes)) {
 *   const tcp = dissectFrame(frame, { libpcapSnapLength: true });
 *   if (tcp !== null) console.log(printer.line(tcp));
 * }
 * ```
 */
export class TcpdumpPrinter {
  private readonly verify: boolean;
  private readonly numbers: TcpdumpNumbers | null;

  /**
   * @param options - `relative`: number sequences relative per connection; `verify`: add the
   *   checksum text; `maxConnections`: the most address/port pairs relative numbering follows
   */
  constructor(options: { relative?: boolean; verify?: boolean; maxConnections?: number } = {}) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`options must be an object, got ${describe(options)}`);
    }
    const { relative, verify, maxConnections = DEFAULT_PAIR_LIMIT } = options;
    if (relative !== undefined) assertBoolean(relative, 'options.relative');
    if (verify !== undefined) assertBoolean(verify, 'options.verify');
    assertInteger(maxConnections, 'options.maxConnections', 1, 2 ** 30);
    this.verify = verify === true;
    this.numbers =
      relative === true
        ? new TcpdumpNumbers(maxConnections, "raise TcpdumpPrinter's maxConnections option to follow more")
        : null;
  }

  /**
   * The line for the next segment, in capture order.
   *
   * @param tcp - the dissector's result for the frame
   * @returns one line, without a line break
   * @throws `RangeError` when the segment opens one address/port pair more than `maxConnections`;
   *   the printer is unchanged then
   */
  line(tcp: CapturedTcp): string {
    if (this.numbers === null) return tcpdumpLine(tcp, this.verify ? VERIFY : PLAIN);
    if (tcp.tcpdump.line !== null) return tcp.tcpdump.line;
    // What may throw comes before the table sees the segment: a segment refused here leaves the
    // relative numbers of the segments after it as they were.
    const checksum = this.verify ? checksumCheck(tcp) : undefined;
    let relative: TcpRelativeNumbers | undefined;
    // Null below 20 bytes: tcpdump prints such a segment without numbers.
    const header = decodeHeader(tcp.segment, 0, []);
    if (header !== null) {
      const { relSeq, relAck, sackBase } = this.numbers.numbers(
        tcp.srcAddress,
        tcp.dstAddress,
        header.srcPort,
        header.dstPort,
        header.seq,
        header.ack,
        header.flags.syn,
        header.flags.ack,
      );
      relative = { seq: relSeq, ack: relAck, sackBase };
    }
    return renderLine(tcp, relative, checksum);
  }
}
