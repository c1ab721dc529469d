// The streaming reader's memory stays flat however long the file: 128 MB fed through it. Left out
// of mutation runs (vitest.mutation.config.ts): 20 s a run.
import { describe, expect, it } from 'vitest';
import { CaptureStreamReader, dissectFrame, TcpdumpPrinter } from '../../src/capture/index.ts';
import { concat, pcapHeader, pcapRecord, RAW_SYN } from './build.ts';

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
