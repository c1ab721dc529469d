/**
 * `tcp-header/capture`: pcap and pcapng files, in memory or in chunks, down to their TCP segments,
 * with the line tcpdump prints for each. Runs in browsers and Node alike (no Node built-ins).
 *
 * @example
 * ```ts
 * import { dissectFrame, readCapture, tcpdumpLine } from 'tcp-header/capture';
 * for (const frame of readCapture(bytes)) {
 *   const tcp = dissectFrame(frame);
 *   if (tcp !== null) console.log(tcpdumpLine(tcp));
 * }
 * ```
 *
 * @module
 */

export type { CapturedTcp, TcpdumpLayers } from './captured.ts';
export { type DissectOptions, dissectFrame } from './dissect.ts';
export { CaptureError, type CaptureErrorCode, isCaptureError } from './errors.ts';
export { CAPTURE_MAX_SNAP_LENGTH, type CaptureFrame } from './frame.ts';
export {
  isSupportedLinkType,
  LINK_TYPE,
  type LinkOptions,
  type LinkPayload,
  linkPayload,
  type NetworkLayer,
} from './link.ts';
export { PCAP_MAGIC, type PcapFileHeader, pcapByteOrder } from './pcap.ts';
export { PCAPNG_BLOCK } from './pcapng.ts';
export { type CaptureFormat, CaptureStreamReader, readCapture, readCaptureStream } from './stream.ts';
export { type TcpdumpLineOptions, TcpdumpPrinter, tcpdumpLine } from './tcpdump.ts';
