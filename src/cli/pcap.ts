/**
 * `tcp-header pcap FILE`: one tcpdump line per TCP segment, the file read in chunks so memory stays
 * at one chunk plus the largest record.
 *
 * @module
 */
import { open } from 'node:fs/promises';
import type { CapturedTcp } from '../capture/captured.ts';
import { dissectFrame } from '../capture/dissect.ts';
import { CaptureError } from '../capture/errors.ts';
import { isSupportedLinkType, LINK_TYPE } from '../capture/link.ts';
import { CaptureStreamReader } from '../capture/stream.ts';
import { TcpdumpPrinter } from '../capture/tcpdump.ts';
import { PairLimitError } from '../tracker.ts';
import { InputError } from './errors.ts';
import { localInterfaceNames } from './interfaces.ts';
import type { LineOutput } from './output.ts';
import type { Progress } from './progress.ts';

/** Bytes read from the file at a time, into one reused buffer. */
const CHUNK = 1 << 20;

/** The file's bytes in chunks; each chunk is valid until the next is asked for. */
async function* fileChunks(path: string): AsyncGenerator<Uint8Array, void, undefined> {
  if (path === '-') {
    for await (const chunk of process.stdin) yield chunk as Uint8Array;
    return;
  }
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const SUPPORTED_TEXT = Object.values(LINK_TYPE).join(', ');

/**
 * Runs `pcap`: reads the file, prints a line per TCP segment.
 *
 * @throws {@link InputError} for a file that cannot be read, breaks its format, or uses a link type
 *   the reader does not walk, after printing the lines before the fault
 */
export async function runPcap(
  file: string,
  options: { relative: boolean; verify: boolean; maxConnections: number },
  out: LineOutput,
  progress: Progress,
): Promise<void> {
  const { relative, verify, maxConnections } = options;
  const printer = new TcpdumpPrinter({ relative, verify, maxConnections });
  const reader = new CaptureStreamReader();
  const dissectOptions = { libpcapSnapLength: true, interfaceName: localInterfaceNames() };
  let linkType = -1;
  let frames = 0;
  let segments = 0;
  let bytes = 0;
  try {
    for await (const chunk of fileChunks(file)) {
      bytes += chunk.length;
      for (const frame of reader.push(chunk)) {
        frames++;
        if (frame.linkType !== linkType) linkType = checkLinkType(file, frame);
        const tcp = dissectFrame(frame, dissectOptions);
        if (tcp === null) continue;
        segments++;
        out.line(lineOf(printer, tcp, file, frame.number));
        if (out.full) {
          await out.flush();
          if (out.closed) return;
        }
      }
      progress.update(frames, segments, bytes);
    }
    reader.end();
  } catch (error) {
    throw asInputError(file, error);
  }
}

/** The printer's line for a frame, or an {@link InputError} saying how to raise the limit it hit. */
function lineOf(printer: TcpdumpPrinter, tcp: CapturedTcp, file: string, frame: number): string {
  try {
    return printer.line(tcp);
  } catch (error) {
    if (!(error instanceof PairLimitError)) throw error;
    throw new InputError(
      `${file}: frame ${frame} opens one connection more than --max-connections ${error.limit} allows for relative numbers; raise it to read on`,
    );
  }
}

/** A frame's link type when the reader walks it; an {@link InputError} naming it otherwise. */
function checkLinkType(file: string, frame: { linkType: number; number: number }): number {
  if (!isSupportedLinkType(frame.linkType)) {
    throw new InputError(
      `${file}: frame ${frame.number} has link type ${frame.linkType}, which is not supported (supported: ${SUPPORTED_TEXT})`,
    );
  }
  return frame.linkType;
}

/** A capture-format fault or a file-system error as an {@link InputError} naming the file; anything else as it is. */
function asInputError(file: string, error: unknown): unknown {
  if (error instanceof CaptureError) return new InputError(`${file}: ${error.message}`);
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && 'syscall' in error) {
    return new InputError(`${file}: ${error.message}`);
  }
  return error;
}
