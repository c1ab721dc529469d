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
import { concat, pcapHeader, pcapRecord, RAW_SYN, sectionHeader, u32 } from './build.ts';
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

describe('frames stay valid until the next push', () => {
  // Three 40-byte records filled with 0x11, 0x22 and 0x33: the bytes the test wrote are the oracle.
  const FILLS = [0x11, 0x22, 0x33];
  const file = concat(pcapHeader(101), ...FILLS.map((fill) => pcapRecord(new Uint8Array(40).fill(fill))));

  /**
   * Pushes `file` cut at `cuts`; after each push, reads the frames it yielded (kept without
   * copying) and lists each as its number, or as `frame N changed` when its bytes are not its fill.
   */
  function pushAndCheck(cuts: number[]): string[] {
    const reader = new CaptureStreamReader();
    const seen: string[] = [];
    let at = 0;
    for (const cut of [...cuts, file.length]) {
      const frames = [...reader.push(file.subarray(at, cut))];
      for (const frame of frames) {
        const fill = FILLS[frame.number - 1];
        const intact = frame.data.length === 40 && frame.data.every((byte) => byte === fill);
        seen.push(intact ? String(frame.number) : `frame ${frame.number} changed (cuts ${cuts})`);
      }
      at = cut;
    }
    reader.end();
    return seen;
  }

  test('a record completed from the reader buffer is not overwritten by the next record it begins', () => {
    // Chunks of 34, 76 and the rest: push 2 completes record 1 in the reader's buffer and begins
    // record 2, which must not be written over record 1's bytes.
    expect(pushAndCheck([34, 110])).toEqual(['1', '2', '3']);
  });

  test('every cut of the file into three chunks', () => {
    const wrong: string[] = [];
    for (let a = 0; a <= file.length; a++) {
      for (let b = a; b <= file.length; b++) {
        const seen = pushAndCheck([a, b]);
        if (seen.join() !== '1,2,3') wrong.push(seen.join());
      }
    }
    expect(wrong).toEqual([]);
  });

  test('a record that comes one byte a push is read whole', () => {
    const data = Uint8Array.from({ length: 60_000 }, (_, i) => (i * 7) & 0xff);
    const bytes = concat(pcapHeader(1), pcapRecord(data));
    const reader = new CaptureStreamReader();
    const frames: CaptureFrame[] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...reader.push(bytes.subarray(i, i + 1)));
    reader.end();
    expect(frames).toHaveLength(1);
    expect(frames[0]!.data).toEqual(data);
  });
});

describe('memory follows the bytes received', () => {
  test('a block that claims 16 MiB and brings 200 bytes does not cost 16 MiB', () => {
    // A Section Header Block, then an Interface Description Block whose length field claims
    // 16 MiB (the largest block the reader accepts), then 200 bytes of it and no more.
    const claimed = 16 * 1024 * 1024;
    const head = concat(u32(1, true), u32(claimed, true), new Uint8Array(200));
    const bytes = concat(sectionHeader(true), head);
    const external = (): number => process.memoryUsage().arrayBuffers;
    const before = external();
    const readers = Array.from({ length: 20 }, () => {
      const reader = new CaptureStreamReader();
      expect([...reader.push(bytes)]).toEqual([]);
      return reader;
    });
    // Twenty readers that each allocated the claimed length would hold 320 MiB.
    expect(external() - before).toBeLessThan(8 * 1024 * 1024);
    for (const reader of readers) {
      expect(() => reader.end()).toThrow(`${head.length} of ${claimed} bytes present`);
    }
  });
});
