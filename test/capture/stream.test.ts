// The streaming reader: any split of a file into chunks gives the frames of the whole file, a unit
// split across chunks is completed, and memory stays flat however long the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type CaptureFrame,
  CaptureStreamReader,
  dissectFrame,
  readCapture,
  readCaptureStream,
  TcpdumpPrinter,
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

describe('memory', () => {
  it('stays flat over 128 MB of small segments fed in chunks that split records', () => {
    // 1 MB of records (raw IP, a 40-byte SYN each), fed 128 times in chunks that split records.
    const record = pcapRecord(RAW_SYN);
    const body = concat(...Array.from({ length: Math.floor(1_000_000 / record.length) }, () => record));
    const reader = new CaptureStreamReader();
    const printer = new TcpdumpPrinter();
    let lines = 0;
    const feed = (chunk: Uint8Array): void => {
      for (const frame of reader.push(chunk)) {
        const tcp = dissectFrame(frame);
        if (tcp !== null && printer.line(tcp).length > 0) lines++;
      }
    };
    feed(pcapHeader(101));
    const used = (): number => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const baseline = used();
    let peak = baseline;
    for (let round = 0; round < 128; round++) {
      // Fresh copies, as a file stream gives: a reader keeping chunks would keep their memory.
      for (let at = 0; at < body.length; at += 65519) feed(body.slice(at, at + 65519));
      peak = Math.max(peak, used());
    }
    reader.end();
    expect(lines).toBe(128 * (body.length / record.length));
    // Holding the file (or its frames) would take over 128 MB; a flat reader stays far below.
    expect(peak - baseline).toBeLessThan(48 * 1024 * 1024);
  }, 300_000);
});
