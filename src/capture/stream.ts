/**
 * Reading a capture file in chunks of any size: the format is told by the first bytes, each unit
 * (file header, record, block) is parsed as soon as its last byte arrives, and only an unfinished
 * unit is kept between chunks, so memory stays bounded by the largest record.
 *
 * @module
 */
import { assertBytes } from '../guards.ts';
import { CaptureError } from './errors.ts';
import type { CaptureFrame } from './frame.ts';
import { PcapParser, pcapByteOrder } from './pcap.ts';
import { PcapngParser } from './pcapng.ts';

/**
 * The formats the reader tells apart: pcap (draft-ietf-opsawg-pcap) and pcapng
 * (draft-ietf-opsawg-pcapng).
 *
 * @example
 * ```ts
 * const format: CaptureFormat = 'pcapng';
 * ```
 */
export type CaptureFormat = 'pcap' | 'pcapng';

/** The first four bytes of a pcapng file: a Section Header Block's type. */
const PCAPNG_MAGIC = [0x0a, 0x0d, 0x0d, 0x0a] as const;
/** Bytes needed to tell the format. */
const MAGIC_LENGTH = 4;
/**
 * Smallest buffer kept for a unit that spans chunks. A buffer grows with the bytes that arrive
 * (doubling, so copies stay linear in the file), never to the length a header claims.
 */
const MIN_CARRY = 65536;
const EMPTY = new Uint8Array(0);

/**
 * A pcap (draft-ietf-opsawg-pcap) / pcapng (draft-ietf-opsawg-pcapng) reader fed with chunks (from a file stream, `fetch`, a `ReadableStream`): each
 * {@link CaptureStreamReader.push} yields the frames completed by that chunk, and
 * {@link CaptureStreamReader.end} checks the file did not stop inside a record.
 *
 * A frame's `data` is a view into the chunk or into the reader's own buffer: it is valid until the
 * next `push`, so the frames of one push may be collected and read after it. The reader's buffers
 * grow with the bytes received, never to a length the file claims: memory stays within twice the
 * largest unit present, two buffers, plus a constant.
 *
 * @example
 * ```ts
 * const reader = new CaptureStreamReader();
 * for await (const chunk of fs.createReadStream('trace.pcap')) {
 *   for (const frame of reader.push(chunk)) console.log(frame.number, frame.data.length);
 * }
 * reader.end();
 * ```
 */
export class CaptureStreamReader {
  private parser: PcapParser | PcapngParser | null = null;
  /** The unit begun in an earlier chunk: `carry[0 .. carried)`. */
  private carry: Uint8Array = EMPTY;
  /**
   * The other buffer. When a frame of this `push` views `carry`, the unit the chunk leaves
   * unfinished goes here instead (the two swap), so that frame stays as it was until the next push.
   */
  private spare: Uint8Array = EMPTY;
  private carried = 0;
  /** File offset of the next byte not yet parsed (the start of the carried unit). */
  private offset = 0;
  private sawBytes = false;

  /** The file's format, once its first four bytes have arrived; null before. */
  get format(): CaptureFormat | null {
    if (this.parser === null) return null;
    return this.parser instanceof PcapParser ? 'pcap' : 'pcapng';
  }

  /**
   * Feeds the next chunk and yields every frame it completes, in file order.
   *
   * @param chunk - the next bytes of the file, any length
   * @returns the frames whose last byte is in this chunk
   * @throws {@link CaptureError} when the bytes break the format; frames before the fault have been
   *   yielded
   * @throws `TypeError` when `chunk` is not a `Uint8Array`
   * @example
   * ```ts
   * for (const frame of reader.push(chunk)) frames.push({ ...frame, data: frame.data.slice() });
   * ```
   */
  *push(chunk: Uint8Array): Generator<CaptureFrame, void, undefined> {
    assertBytes(chunk, 'chunk');
    if (chunk.length > 0) this.sawBytes = true;
    let position = 0;
    /** Whether a frame yielded by this push views `carry`. */
    let lent = false;
    // First complete the unit an earlier chunk began, copying only the bytes it still lacks.
    while (this.carried > 0) {
      const need = this.need(this.carry, 0, this.carried);
      if (this.carried < need) {
        const take = Math.min(need - this.carried, chunk.length - position);
        this.keep(chunk.subarray(position, position + take), need);
        position += take;
        if (this.carried < need) return;
        continue;
      }
      const frame = this.parse(this.carry, 0, need);
      this.carried = 0;
      if (frame !== null) {
        lent = true;
        yield frame;
      }
    }
    // Then every unit wholly inside the chunk, without copying.
    while (position < chunk.length) {
      const available = chunk.length - position;
      const need = this.need(chunk, position, available);
      if (need > available) {
        if (lent) [this.carry, this.spare] = [this.spare, this.carry];
        this.keep(chunk.subarray(position), need);
        return;
      }
      const frame = this.parse(chunk, position, need);
      position += need;
      if (frame !== null) yield frame;
    }
  }

  /**
   * Says the file is complete.
   *
   * @throws {@link CaptureError} `EMPTY` when no byte came, `TRUNCATED` when the file stopped inside
   *   its header, a record or a block
   * @example
   * ```ts
   * reader.end(); // throws if the last record was cut
   * ```
   */
  end(): void {
    if (!this.sawBytes) throw new CaptureError('EMPTY', 0, 'the capture file is empty');
    if (this.carried > 0) {
      const need = this.need(this.carry, 0, this.carried);
      const what = this.parser === null ? 'its magic number' : 'a header, record or block';
      throw new CaptureError(
        'TRUNCATED',
        this.offset,
        `the capture file ends inside ${what} at byte ${this.offset}: ${this.carried} of ${need} bytes present`,
      );
    }
  }

  /** Bytes the unit at `at` needs; tells the format first. */
  private need(bytes: Uint8Array, at: number, available: number): number {
    if (this.parser === null) {
      if (available < MAGIC_LENGTH) return MAGIC_LENGTH;
      const magic = bytes.subarray(at, at + MAGIC_LENGTH);
      const order = pcapByteOrder(magic);
      if (order !== null) this.parser = new PcapParser(order);
      else if (PCAPNG_MAGIC.every((b, i) => magic[i] === b)) this.parser = new PcapngParser();
      else {
        const hex = Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join('');
        throw new CaptureError('BAD_MAGIC', 0, `not a pcap or pcapng file: it starts with 0x${hex}`);
      }
    }
    return this.parser.need(bytes, at, available, this.offset);
  }

  private parse(bytes: Uint8Array, at: number, length: number): CaptureFrame | null {
    const frame = this.parser!.parse(bytes, at, length, this.offset);
    this.offset += length;
    return frame;
  }

  /**
   * Appends `bytes` to the carried unit of `need` bytes. The buffer grows to hold the bytes that
   * have come, at least doubling each time, and never past `need`: a header that claims 16 MiB and
   * is followed by 200 bytes costs the minimum buffer, not 16 MiB.
   */
  private keep(bytes: Uint8Array, need: number): void {
    const required = this.carried + bytes.length;
    if (this.carry.length < required) {
      const grown = new Uint8Array(Math.min(need, Math.max(required, 2 * this.carry.length, MIN_CARRY)));
      grown.set(this.carry.subarray(0, this.carried));
      this.carry = grown;
    }
    this.carry.set(bytes, this.carried);
    this.carried += bytes.length;
  }
}

/**
 * Reads a whole pcap (draft-ietf-opsawg-pcap) or pcapng (draft-ietf-opsawg-pcapng) file held in
 * memory, frame by frame.
 *
 * @param bytes - the file's bytes
 * @returns the frames in file order (each `data` a view into `bytes`)
 * @throws {@link CaptureError} when the bytes break the format, after yielding the frames before the
 *   fault; `TypeError` when `bytes` is not a `Uint8Array`
 * @example
 * ```ts
 * for (const frame of readCapture(new Uint8Array(await file.arrayBuffer()))) {
 *   console.log(frame.number, frame.linkType, frame.data.length);
 * }
 * ```
 */
export function* readCapture(bytes: Uint8Array): Generator<CaptureFrame, void, undefined> {
  const reader = new CaptureStreamReader();
  yield* reader.push(bytes);
  reader.end();
}

/**
 * Reads a pcap (draft-ietf-opsawg-pcap) or pcapng (draft-ietf-opsawg-pcapng) file from a source of
 * chunks (a Node stream, a `ReadableStream` in runtimes that
 * iterate it, an array of `Uint8Array`s).
 *
 * @param source - the file's bytes in order, in chunks of any size
 * @returns the frames in file order; each `data` is valid until the next frame is requested
 * @throws {@link CaptureError} when the bytes break the format, after yielding the frames before it
 * @example
 * ```ts
 * for await (const frame of readCaptureStream(fs.createReadStream('trace.pcapng'))) count++;
 * ```
 */
export async function* readCaptureStream(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): AsyncGenerator<CaptureFrame, void, undefined> {
  const reader = new CaptureStreamReader();
  for await (const chunk of source) yield* reader.push(chunk);
  reader.end();
}
