/**
 * From a captured frame to its TCP segment: the link layer, then IP, each walked as tcpdump 4.99.3
 * walks it, with the text tcpdump prints for them.
 *
 * @module
 */

import { assertBoolean, assertBytes, assertInteger, describe, isBytes } from '../guards.ts';
import type { CapturedTcp } from './captured.ts';
import { CAPTURE_MAX_SNAP_LENGTH, type CaptureFrame } from './frame.ts';
import { walkIp } from './ip.ts';
import { type LinkOptions, linkPayload } from './link.ts';

/**
 * Options of {@link dissectFrame}: how much of a record to walk (draft-ietf-opsawg-pcap §5 lets a
 * record hold more than the snapshot length; libpcap hands out no more), and interface names.
 *
 * @example
 * ```ts
 * const options: DissectOptions = { libpcapSnapLength: true };
 * ```
 */
export interface DissectOptions extends LinkOptions {
  /**
   * Look only at the first `frame.snapLength` bytes, as libpcap hands a record to tcpdump when the
   * record holds more than the file's snapshot length. Default false: every byte in the file.
   */
  libpcapSnapLength?: boolean;
}

const NO_OPTIONS: DissectOptions = {};
const MAX_U32 = 0xffff_ffff;

/**
 * tcpdump's check of a record header (`pretty_print_packet`): the text it prints instead of the
 * packet, or null when the header is sane. (Its `caplen==0` case holds no TCP, so never gets here.)
 */
function invalidHeaderText(captured: number, original: number): string | null {
  if (original >= captured && original <= CAPTURE_MAX_SNAP_LENGTH) return null;
  const problems: string[] = [];
  if (original === 0) problems.push('len==0');
  else if (original < captured) problems.push(`len(${original}) < caplen(${captured})`);
  if (original > CAPTURE_MAX_SNAP_LENGTH) problems.push(`len(${original}) > ${CAPTURE_MAX_SNAP_LENGTH}`);
  if (problems.length === 0) return null;
  return `[Invalid header:${problems.map((p) => ` ${p}`).join(',')}]`;
}

/**
 * Finds the TCP segment (RFC 9293 §3.1) a frame carries directly in IPv4 (RFC 791) or IPv6
 * (RFC 8200), with IPv4 options, IPv6 extension headers and AH (RFC 4302) on the way, and what
 * tcpdump prints for the layers it walked.
 * Tunnels (GRE, VXLAN, Geneve, MPLS, IP in IP) are not entered.
 *
 * @param frame - a frame from {@link readCapture} or the stream reader
 * @param options - `libpcapSnapLength`, `interfaceName`
 * @returns the segment, its addresses and tcpdump's text for the layers in front of it; null when
 *   the frame carries no TCP segment tcpdump would print as TCP
 * @example
 * ```ts
 * for (const frame of readCapture(bytes)) {
 *   const tcp = dissectFrame(frame);
 *   if (tcp !== null) console.log(tcp.src, tcp.dst, tcp.segment.length, tcp.segmentLength);
 * }
 * ```
 */
export function dissectFrame(frame: CaptureFrame, options: DissectOptions = NO_OPTIONS): CapturedTcp | null {
  if (typeof frame !== 'object' || frame === null) {
    throw new TypeError(`frame must be an object, got ${describe(frame)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  // Each field read once, checked, then used.
  const { data: bytes, linkType, originalLength, snapLength } = frame;
  if (!isBytes(bytes)) assertBytes(bytes, 'frame.data');
  assertInteger(linkType, 'frame.linkType', 0, MAX_U32);
  assertInteger(originalLength, 'frame.originalLength', 0, MAX_U32);
  const { libpcapSnapLength, interfaceName } = options;
  if (libpcapSnapLength !== undefined) assertBoolean(libpcapSnapLength, 'options.libpcapSnapLength');
  if (interfaceName !== undefined && typeof interfaceName !== 'function') {
    throw new TypeError(`options.interfaceName must be a function, got ${describe(interfaceName)}`);
  }
  let data = bytes;
  if (libpcapSnapLength === true) {
    assertInteger(snapLength, 'frame.snapLength', 0, MAX_U32);
    if (data.length > snapLength) data = data.subarray(0, snapLength);
  }
  const link = linkPayload(
    linkType,
    data,
    originalLength,
    interfaceName === undefined ? NO_OPTIONS : { interfaceName },
  );
  if (link === null) return null;
  const tcp = walkIp(data, link);
  if (tcp === null) return null;
  const invalid = invalidHeaderText(data.length, originalLength);
  if (invalid !== null) tcp.tcpdump.line = invalid;
  return tcp;
}
