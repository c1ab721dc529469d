// The streaming reader: any split of a file into chunks gives the frames of the whole file, a unit
// split across chunks is completed, and what it says about a file that is not a whole capture.
// (Its flat memory over a long file is in stream-memory.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import {
  type CaptureFrame,
  CaptureStreamReader,
  isCaptureError,
  readCapture,
  readCaptureStream,
} from '../../src/capture/index.ts';
import { concat, pcapHeader, pcapRecord, RAW_SYN } from './build.ts';
import { CORPUS, CRAFTED } from './tcpdump-text.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const summary = (frame: CaptureFrame): string =>
  `${frame.number} ${frame.interfaceId} ${frame.linkType} ${frame.seconds}.${frame.nanoseconds} ${frame.originalLength} ${hex(frame.data)}`;

const FILES = [
  join(CORPUS, 'pcap', 'ssh.pcap'),
  join(CORPUS, 'pcap', 'bgp-orf.pcapng'),
  join(CORPUS, 'pcap', 'pptp.pcap'),
  join(CORPUS, 'pcap', 'tcp-handshake-nano.pcap'),
  join(CRAFTED, 'sections.pcapng'),
  join(CRAFTED, 'raw-ipv6.pcap'),
];

function chunked(bytes: Uint8Array, cuts: number[]): string[] {
  const reader = new CaptureStreamReader();
  const seen: string[] = [];
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length)]
    .sort((a, b) => a - b)
    .concat(bytes.length)) {
    for (const frame of reader.push(bytes.subarray(at, cut))) seen.push(summary(frame));
    at = cut;
  }
  reader.end();
  return seen;
}

describe('chunks', () => {
  it.each(FILES)('%s: every chunk size gives the frames of the whole file', (path) => {
    const bytes = readFileSync(path);
    const whole = [...readCapture(bytes)].map(summary);
    expect(whole.length).toBeGreaterThan(0);
    for (const size of [1, 2, 3, 5, 7, 16, 24, 63, 1000, 4096]) {
      const cuts = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => i * size);
      expect(chunked(bytes, cuts), `chunks of ${size}`).toEqual(whole);
    }
  });

  it('empty chunks change nothing, and the format is known after four bytes', () => {
    const bytes = readFileSync(join(CORPUS, 'pcap', 'ssh.pcap'));
    const reader = new CaptureStreamReader();
    expect([...reader.push(new Uint8Array(0))]).toEqual([]);
    expect(reader.format).toBeNull();
    expect([...reader.push(bytes.subarray(0, 4))]).toEqual([]);
    expect(reader.format).toBe('pcap');
    const rest = [...reader.push(bytes.subarray(4))].map(summary);
    reader.end();
    expect(rest).toEqual([...readCapture(bytes)].map(summary));
  });

  it('readCaptureStream reads sync and async sources of chunks', async () => {
    const bytes = readFileSync(join(CORPUS, 'pcap', 'bgp-orf.pcapng'));
    const whole = [...readCapture(bytes)].map(summary);
    const pieces = [bytes.subarray(0, 100), bytes.subarray(100, 101), bytes.subarray(101)];
    const fromArray: string[] = [];
    for await (const frame of readCaptureStream(pieces)) fromArray.push(summary(frame));
    async function* source(): AsyncGenerator<Uint8Array> {
      for (const piece of pieces) yield piece;
    }
    const fromAsync: string[] = [];
    for await (const frame of readCaptureStream(source())) fromAsync.push(summary(frame));
    expect(fromArray).toEqual(whole);
    expect(fromAsync).toEqual(whole);
  });

  it('a chunk that is not bytes is a TypeError', () => {
    const reader = new CaptureStreamReader();
    expect(() => [...reader.push('abc' as unknown as Uint8Array)]).toThrow(TypeError);
  });
});

test('readCaptureStream reads a file given in chunks that split its headers', async () => {
  // Two records of the 40-byte SYN; chunks of 7 bytes cut through the file and record headers.
  const file = concat(pcapHeader(101), pcapRecord(RAW_SYN), pcapRecord(RAW_SYN, { seconds: 1 }));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < file.length; at += 7) chunks.push(file.slice(at, at + 7));
  const seen: [number, number, number][] = [];
  for await (const frame of readCaptureStream(chunks))
    seen.push([frame.number, frame.seconds, frame.data.length]);
  expect(seen).toEqual([
    [1, 0, 40],
    [2, 1, 40],
  ]);
});

describe('what the reader says about a file that is not a whole capture', () => {
  // The reader's messages for small files.
  const failure = (file: Uint8Array) => {
    try {
      [...readCapture(file)];
    } catch (caught) {
      if (isCaptureError(caught)) return [caught.code, caught.offset, caught.message];
    }
    return null;
  };

  test('no bytes at all', () => {
    expect(failure(new Uint8Array(0))).toEqual(['EMPTY', 0, 'the capture file is empty']);
  });

  test('fewer bytes than a magic number', () => {
    expect(failure(Uint8Array.of(0xd4, 0xc3))?.[2]).toMatch(
      /ends inside its magic number at byte 0: 2 of 4 bytes/,
    );
  });

  test('a file header cut short', () => {
    expect(failure(pcapHeader(101).subarray(0, 10))?.[2]).toMatch(
      /ends inside a header, record or block at byte 0: 10 of 24 bytes/,
    );
  });

  test('a magic number of neither format, with its leading zero byte', () => {
    expect(failure(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x00, 1, 2, 3, 4))).toEqual([
      'BAD_MAGIC',
      0,
      'not a pcap or pcapng file: it starts with 0x0a0d0d00',
    ]);
  });
});
