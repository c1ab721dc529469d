/**
 * One captured frame as the file records it, and the byte readers the file formats share.
 *
 * @module
 */
import { u16 as u16be, u16le, u32 as u32be, u32le } from '../bytes.ts';

/**
 * The largest captured length libpcap accepts for a record (`MAXIMUM_SNAPLEN` in libpcap 1.10), and
 * the snapshot length it uses when a file's SnapLen field (draft-ietf-opsawg-pcap §4) gives 0 or more.
 *
 * @example
 * ```ts
 * const data = frame.data.subarray(0, Math.min(frame.data.length, CAPTURE_MAX_SNAP_LENGTH));
 * ```
 */
export const CAPTURE_MAX_SNAP_LENGTH = 262144 as const;

/**
 * A frame read from a pcap file's Packet Record (draft-ietf-opsawg-pcap §5) or a pcapng packet
 * block (draft-ietf-opsawg-pcapng §4.3, §4.4, appendix A).
 *
 * `data` is a view into the reader's buffers: with the streaming reader it is valid until the next
 * call to `push`; copy it (`data.slice()`) to keep it longer.
 *
 * @example
 * ```ts
 * for (const frame of readCapture(bytes)) {
 *   console.log(frame.number, frame.linkType, `${frame.seconds}.${frame.nanoseconds}`, frame.data.length);
 * }
 * ```
 */
export interface CaptureFrame {
  /** 1-based position among the file's packets (pcapng: among its packet blocks). */
  number: number;
  /** Interface the frame came from: 0 for pcap, the Interface Description Block index for pcapng. */
  interfaceId: number;
  /** LINKTYPE_ value of the frame's link layer (pcap: the header field without its FCS bits). */
  linkType: number;
  /** Seconds since 1970-01-01 UTC. */
  seconds: number;
  /** Fraction of the second in nanoseconds, as recorded (below 10^9 unless the file is damaged). */
  nanoseconds: number;
  /** Length of the frame on the wire; `data.length` is what was captured. */
  originalLength: number;
  /**
   * The file's (pcapng: the interface's) snapshot length, 262144 when it gives 0 or more. libpcap
   * hands out at most this many bytes of a record, even when the record holds more.
   */
  snapLength: number;
  /** The captured bytes. */
  data: Uint8Array;
}

/** Reads a 16-bit unsigned integer, little-endian when `little`. */
export const u16 = (bytes: Uint8Array, at: number, little: boolean): number =>
  little ? u16le(bytes, at) : u16be(bytes, at);

/** Reads a 32-bit unsigned integer, little-endian when `little`. */
export const u32 = (bytes: Uint8Array, at: number, little: boolean): number =>
  little ? u32le(bytes, at) : u32be(bytes, at);

/** The snapshot length libpcap uses for a header value: 262144 for 0 or anything larger. */
export function effectiveSnapLength(value: number): number {
  return value === 0 || value > CAPTURE_MAX_SNAP_LENGTH ? CAPTURE_MAX_SNAP_LENGTH : value;
}
