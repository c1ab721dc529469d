/**
 * The pcapng file format: a sequence of blocks, each `type, length, body, length`
 * (draft-ietf-opsawg-pcapng §3; https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html).
 * Packets come from Enhanced, Simple and (obsolete) Packet Blocks; Interface Description Blocks give
 * their link type, snapshot length and time-stamp units. Other blocks are skipped.
 *
 * @module
 */
import { CaptureError } from './errors.ts';
import { CAPTURE_MAX_SNAP_LENGTH, type CaptureFrame, effectiveSnapLength, u16, u32 } from './frame.ts';

/**
 * Block type numbers (draft-ietf-opsawg-pcapng §10.1).
 *
 * @example
 * ```ts
 * const isSectionHeader = type === PCAPNG_BLOCK.SECTION_HEADER;
 * ```
 */
export const PCAPNG_BLOCK = {
  SECTION_HEADER: 0x0a0d0d0a,
  INTERFACE_DESCRIPTION: 0x00000001,
  PACKET: 0x00000002,
  SIMPLE_PACKET: 0x00000003,
  ENHANCED_PACKET: 0x00000006,
} as const;

/** The byte-order magic of a Section Header Block, read big-endian (§4.1). */
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_MAGIC_SWAPPED = 0x4d3c2b1a;
/** Block type, block length, and the trailing copy of the length. */
const BLOCK_OVERHEAD = 12;
/** Smallest Section Header Block: overhead, byte-order magic, versions, section length. */
const MIN_SECTION_HEADER = 28;
/** Smallest Interface Description Block: overhead, link type, reserved, snapshot length. */
const MIN_INTERFACE_DESCRIPTION = 20;
/** Fixed parts of the packet blocks before the packet data. */
const ENHANCED_FIXED = 28;
const SIMPLE_FIXED = 12;
/** libpcap's limit for a packet block: a maximal packet plus 128 KiB of options (`sf-pcapng.c`). */
const MAX_PACKET_BLOCK = BLOCK_OVERHEAD + 16 + CAPTURE_MAX_SNAP_LENGTH + 131072;
/** libpcap's limit for any other block: 16 MiB. */
const MAX_BLOCK = 16 * 1024 * 1024;
/** Interface Description Block options (§4.2). */
const OPTION = { END: 0, TSRESOL: 9, FCSLEN: 13, TSOFFSET: 14 } as const;

/** What an Interface Description Block says. */
interface PcapngInterface {
  linkType: number;
  snapLength: number;
  /** Time-stamp units: `base ** exponent` ticks per second, base 10 or 2 (if_tsresol). */
  base: 10 | 2;
  exponent: number;
  /** Seconds added to every time stamp (if_tsoffset). */
  offsetSeconds: number;
}

function isPacketBlock(type: number): boolean {
  return (
    type === PCAPNG_BLOCK.ENHANCED_PACKET ||
    type === PCAPNG_BLOCK.SIMPLE_PACKET ||
    type === PCAPNG_BLOCK.PACKET
  );
}

/**
 * Reads pcapng blocks one at a time; the stream reader feeds it whole blocks, asking
 * {@link PcapngParser.need} how many bytes each takes.
 *
 * @internal
 */
export class PcapngParser {
  private little = false;
  private interfaces: PcapngInterface[] = [];
  private frames = 0;

  /**
   * How many bytes the next block takes, given the `available` bytes at `at`.
   *
   * @throws {@link CaptureError} `BAD_HEADER` for a bad length or byte-order magic,
   * `RECORD_TOO_LONG` for a packet block over libpcap's limit
   */
  need(bytes: Uint8Array, at: number, available: number, fileOffset: number): number {
    if (available < 8) return 8;
    const type = u32(bytes, at, this.little);
    let little = this.little;
    if (type === PCAPNG_BLOCK.SECTION_HEADER) {
      if (available < 12) return 12;
      const magic = u32(bytes, at + 8, false);
      if (magic === BYTE_ORDER_MAGIC) little = false;
      else if (magic === BYTE_ORDER_MAGIC_SWAPPED) little = true;
      else {
        throw new CaptureError(
          'BAD_HEADER',
          fileOffset,
          `pcapng Section Header Block at byte ${fileOffset} has byte-order magic 0x${magic.toString(16).padStart(8, '0')}`,
        );
      }
    }
    const length = u32(bytes, at + 4, little);
    const minimum = type === PCAPNG_BLOCK.SECTION_HEADER ? MIN_SECTION_HEADER : BLOCK_OVERHEAD;
    if (length < minimum || length % 4 !== 0) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng block of type ${type} at byte ${fileOffset} has length ${length}, which is below ${minimum} or not a multiple of 4`,
      );
    }
    if (isPacketBlock(type) && length > MAX_PACKET_BLOCK) {
      throw new CaptureError(
        'RECORD_TOO_LONG',
        fileOffset,
        `pcapng packet block at byte ${fileOffset} is ${length} bytes long, over the maximum of ${MAX_PACKET_BLOCK}`,
      );
    }
    if (length > MAX_BLOCK) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng block of type ${type} at byte ${fileOffset} is ${length} bytes long, over the maximum of ${MAX_BLOCK}`,
      );
    }
    return length;
  }

  /**
   * Reads one whole block of `length` bytes at `at`; returns a frame for a packet block, else null.
   *
   * @throws {@link CaptureError} for a block that breaks its format, `UNKNOWN_INTERFACE` for a packet
   * naming an interface not yet described
   */
  parse(bytes: Uint8Array, at: number, length: number, fileOffset: number): CaptureFrame | null {
    // The Section Header Block's type reads the same in both byte orders; its magic sets the order.
    const type = u32(bytes, at, this.little);
    if (type === PCAPNG_BLOCK.SECTION_HEADER) {
      this.little = u32(bytes, at + 8, false) === BYTE_ORDER_MAGIC_SWAPPED;
    }
    const little = this.little;
    const trailer = u32(bytes, at + length - 4, little);
    if (trailer !== length) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng block at byte ${fileOffset} has length ${length} in its header and ${trailer} in its trailer`,
      );
    }
    switch (type) {
      case PCAPNG_BLOCK.SECTION_HEADER: {
        const major = u16(bytes, at + 12, little);
        if (major !== 1) {
          throw new CaptureError(
            'BAD_HEADER',
            fileOffset,
            `pcapng section version ${major}.${u16(bytes, at + 14, little)} is not supported (only 1.x)`,
          );
        }
        this.interfaces = [];
        return null;
      }
      case PCAPNG_BLOCK.INTERFACE_DESCRIPTION:
        this.interfaces.push(this.readInterface(bytes, at, length, fileOffset));
        return null;
      case PCAPNG_BLOCK.ENHANCED_PACKET:
      case PCAPNG_BLOCK.PACKET:
        return this.readPacket(bytes, at, length, fileOffset, type === PCAPNG_BLOCK.PACKET);
      case PCAPNG_BLOCK.SIMPLE_PACKET:
        return this.readSimplePacket(bytes, at, length, fileOffset);
      default:
        return null;
    }
  }

  private readInterface(bytes: Uint8Array, at: number, length: number, fileOffset: number): PcapngInterface {
    if (length < MIN_INTERFACE_DESCRIPTION) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng Interface Description Block at byte ${fileOffset} is ${length} bytes long, below ${MIN_INTERFACE_DESCRIPTION}`,
      );
    }
    const little = this.little;
    const description: PcapngInterface = {
      linkType: u16(bytes, at + 8, little),
      snapLength: effectiveSnapLength(u32(bytes, at + 12, little)),
      base: 10,
      exponent: 6,
      offsetSeconds: 0,
    };
    // Options (§3.5): code, length, value padded to 4 bytes; a malformed one ends the walk.
    const end = at + length - 4;
    let i = at + 16;
    while (i + 4 <= end) {
      const code = u16(bytes, i, little);
      const size = u16(bytes, i + 2, little);
      const value = i + 4;
      if (code === OPTION.END || value + size > end) break;
      if (code === OPTION.TSRESOL && size === 1) {
        const resolution = bytes[value]!;
        description.base = resolution & 0x80 ? 2 : 10;
        description.exponent = resolution & 0x7f;
      } else if (code === OPTION.TSOFFSET && size === 8) {
        const high = u32(bytes, value + (little ? 4 : 0), little) | 0;
        const low = u32(bytes, value + (little ? 0 : 4), little);
        description.offsetSeconds = high * 2 ** 32 + low;
      }
      i = value + ((size + 3) & ~3);
    }
    return description;
  }

  private describedInterface(id: number, fileOffset: number): PcapngInterface {
    const description = this.interfaces[id];
    if (description === undefined) {
      throw new CaptureError(
        'UNKNOWN_INTERFACE',
        fileOffset,
        `pcapng packet block at byte ${fileOffset} names interface ${id}, but only ${this.interfaces.length} were described`,
      );
    }
    return description;
  }

  private readPacket(
    bytes: Uint8Array,
    at: number,
    length: number,
    fileOffset: number,
    obsolete: boolean,
  ): CaptureFrame {
    const little = this.little;
    if (length < ENHANCED_FIXED + 4) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng packet block at byte ${fileOffset} is ${length} bytes long, below ${ENHANCED_FIXED + 4}`,
      );
    }
    const interfaceId = obsolete ? u16(bytes, at + 8, little) : u32(bytes, at + 8, little);
    const description = this.describedInterface(interfaceId, fileOffset);
    const captured = u32(bytes, at + 20, little);
    if (captured > CAPTURE_MAX_SNAP_LENGTH) {
      throw new CaptureError(
        'RECORD_TOO_LONG',
        fileOffset,
        `pcapng packet block at byte ${fileOffset} has a captured length of ${captured}, over the maximum of ${CAPTURE_MAX_SNAP_LENGTH}`,
      );
    }
    if (ENHANCED_FIXED + captured > length - 4) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng packet block at byte ${fileOffset} has a captured length of ${captured}, past the block's end`,
      );
    }
    const time = timestamp(description, u32(bytes, at + 12, little), u32(bytes, at + 16, little));
    this.frames++;
    return {
      number: this.frames,
      interfaceId,
      linkType: description.linkType,
      seconds: time.seconds,
      nanoseconds: time.nanoseconds,
      originalLength: u32(bytes, at + 24, little),
      snapLength: description.snapLength,
      data: bytes.subarray(at + ENHANCED_FIXED, at + ENHANCED_FIXED + captured),
    };
  }

  private readSimplePacket(bytes: Uint8Array, at: number, length: number, fileOffset: number): CaptureFrame {
    if (length < SIMPLE_FIXED + 4) {
      throw new CaptureError(
        'BAD_HEADER',
        fileOffset,
        `pcapng Simple Packet Block at byte ${fileOffset} is ${length} bytes long, below ${SIMPLE_FIXED + 4}`,
      );
    }
    const description = this.describedInterface(0, fileOffset);
    const originalLength = u32(bytes, at + 8, this.little);
    // §4.4: the captured length is the smaller of the original length and the block's room.
    const captured = Math.min(originalLength, length - SIMPLE_FIXED - 4, description.snapLength);
    this.frames++;
    return {
      number: this.frames,
      interfaceId: 0,
      linkType: description.linkType,
      seconds: 0,
      nanoseconds: 0,
      originalLength,
      snapLength: description.snapLength,
      data: bytes.subarray(at + SIMPLE_FIXED, at + SIMPLE_FIXED + captured),
    };
  }
}

/** Splits a 64-bit tick count into seconds and nanoseconds, exactly. */
function timestamp(
  description: PcapngInterface,
  high: number,
  low: number,
): { seconds: number; nanoseconds: number } {
  const { base, exponent, offsetSeconds } = description;
  if (base === 10 && exponent === 6 && high < 2 ** 21) {
    // The common case (microseconds, a tick count below 2^53): exact in doubles.
    const ticks = high * 2 ** 32 + low;
    const seconds = Math.floor(ticks / 1e6);
    return { seconds: seconds + offsetSeconds, nanoseconds: (ticks - seconds * 1e6) * 1000 };
  }
  const ticks = (BigInt(high) << 32n) | BigInt(low);
  const perSecond = BigInt(base) ** BigInt(exponent);
  const seconds = ticks / perSecond;
  const nanoseconds = ((ticks % perSecond) * 1_000_000_000n) / perSecond;
  return { seconds: Number(seconds) + offsetSeconds, nanoseconds: Number(nanoseconds) };
}
