/**
 * The classic pcap file format: a 24-byte file header, then records of a 16-byte header and the
 * captured bytes (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcap-04.html, and libpcap's
 * `sf-pcap.c` for what readers accept in practice).
 *
 * @module
 */
import { CaptureError } from './errors.ts';
import { CAPTURE_MAX_SNAP_LENGTH, type CaptureFrame, effectiveSnapLength, u16, u32 } from './frame.ts';

/**
 * The magic numbers of a pcap file, as read in the file's own byte order: microsecond and
 * nanosecond time stamps (draft-ietf-opsawg-pcap §4).
 *
 * @example
 * ```ts
 * const nano = magic === PCAP_MAGIC.NANOSECOND;
 * ```
 */
export const PCAP_MAGIC = { MICROSECOND: 0xa1b2c3d4, NANOSECOND: 0xa1b23c4d } as const;

/** Length of the file header. */
const FILE_HEADER_LENGTH = 24;
/** Length of a record header: seconds, fraction, captured length, original length. */
const RECORD_HEADER_LENGTH = 16;
/** pcap draft §4: the link type is the low 16 bits; bit 26 says the top 4 bits give an FCS length. */
const LINK_TYPE_MASK = 0xffff;
const FCS_PRESENT = 0x04000000;

/**
 * What a pcap file header says (draft-ietf-opsawg-pcap §4).
 *
 * @example
 * ```ts
 * const header: PcapFileHeader = {
 *   littleEndian: true, nanosecond: false, versionMajor: 2, versionMinor: 4,
 *   snapLength: 262144, linkType: 1, fcsLength: null,
 * };
 * ```
 */
export interface PcapFileHeader {
  /** Whether the file's integers are little-endian. */
  littleEndian: boolean;
  /** Whether record time stamps count nanoseconds (else microseconds). */
  nanosecond: boolean;
  /** Format version, 2.4 in every current writer. */
  versionMajor: number;
  versionMinor: number;
  /** The snapshot length as written (0 means unlimited). */
  snapLength: number;
  /** LINKTYPE_ value, without the FCS bits. */
  linkType: number;
  /** Length in 16-bit words of the FCS each frame ends with, when the header says; else null. */
  fcsLength: number | null;
}

/**
 * Which byte order a pcap file uses, from its first four bytes (the magic number of
 * draft-ietf-opsawg-pcap §4), or null when they are not a pcap magic.
 *
 * @param bytes - at least 4 bytes from the start of the file
 * @returns `{ littleEndian, nanosecond }`, or null
 * @example
 * ```ts
 * pcapByteOrder(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1)); // { littleEndian: true, nanosecond: false }
 * ```
 */
export function pcapByteOrder(bytes: Uint8Array): { littleEndian: boolean; nanosecond: boolean } | null {
  if (bytes.length < 4) return null;
  for (const littleEndian of [false, true]) {
    const magic = u32(bytes, 0, littleEndian);
    if (magic === PCAP_MAGIC.MICROSECOND) return { littleEndian, nanosecond: false };
    if (magic === PCAP_MAGIC.NANOSECOND) return { littleEndian, nanosecond: true };
  }
  return null;
}

/**
 * Reads pcap records one at a time; the stream reader feeds it whole units (the file header, then
 * one record each), asking {@link PcapParser.need} how many bytes each takes.
 *
 * @internal
 */
export class PcapParser {
  /** The file header, once read. */
  header: PcapFileHeader | null = null;
  private little: boolean;
  private nanosecond: boolean;
  private frames = 0;
  private snapLength: number = CAPTURE_MAX_SNAP_LENGTH;

  /**
   * @param byteOrder - from {@link pcapByteOrder}
   */
  constructor(byteOrder: { littleEndian: boolean; nanosecond: boolean }) {
    this.little = byteOrder.littleEndian;
    this.nanosecond = byteOrder.nanosecond;
  }

  /**
   * How many bytes the next unit takes, given the `available` bytes at `at`: the header length
   * while the unit's own header is incomplete, its full length after.
   *
   * @throws {@link CaptureError} `RECORD_TOO_LONG` for a captured length over 262144
   */
  need(bytes: Uint8Array, at: number, available: number, fileOffset: number): number {
    if (this.header === null) return FILE_HEADER_LENGTH;
    if (available < RECORD_HEADER_LENGTH) return RECORD_HEADER_LENGTH;
    const captured = u32(bytes, at + 8, this.little);
    if (captured > CAPTURE_MAX_SNAP_LENGTH) {
      throw new CaptureError(
        'RECORD_TOO_LONG',
        fileOffset,
        `pcap record ${this.frames + 1} at byte ${fileOffset} has a captured length of ${captured}, over the maximum of ${CAPTURE_MAX_SNAP_LENGTH}`,
      );
    }
    return RECORD_HEADER_LENGTH + captured;
  }

  /**
   * Reads one whole unit of `length` bytes at `at`: the file header (returns null) or a record.
   *
   * @throws {@link CaptureError} `BAD_HEADER` for a version other than 2
   */
  parse(bytes: Uint8Array, at: number, length: number, fileOffset: number): CaptureFrame | null {
    const little = this.little;
    if (this.header === null) {
      const versionMajor = u16(bytes, at + 4, little);
      const versionMinor = u16(bytes, at + 6, little);
      if (versionMajor !== 2) {
        throw new CaptureError(
          'BAD_HEADER',
          fileOffset,
          `pcap file version ${versionMajor}.${versionMinor} is not supported (only 2.x)`,
        );
      }
      const snapLength = u32(bytes, at + 16, little);
      const linkField = u32(bytes, at + 20, little);
      this.header = {
        littleEndian: little,
        nanosecond: this.nanosecond,
        versionMajor,
        versionMinor,
        snapLength,
        linkType: linkField & LINK_TYPE_MASK,
        fcsLength: (linkField & FCS_PRESENT) !== 0 ? linkField >>> 28 : null,
      };
      this.snapLength = effectiveSnapLength(snapLength);
      return null;
    }
    const fraction = u32(bytes, at + 4, little);
    this.frames++;
    return {
      number: this.frames,
      interfaceId: 0,
      linkType: this.header.linkType,
      seconds: u32(bytes, at, little),
      nanoseconds: this.nanosecond ? fraction : fraction * 1000,
      originalLength: u32(bytes, at + 12, little),
      snapLength: this.snapLength,
      data: bytes.subarray(at + RECORD_HEADER_LENGTH, at + length),
    };
  }
}
