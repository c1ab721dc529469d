// Laws of the capture reader over generated input: any split into chunks reads like the whole file;
// any bytes end in frames or a CaptureError, never another exception; any frame dissects and prints
// without throwing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CaptureFrame,
  CaptureStreamReader,
  dissectFrame,
  isCaptureError,
  LINK_TYPE,
  readCapture,
  TcpdumpPrinter,
} from '../../src/capture/index.ts';
import { CORPUS, CRAFTED } from './tcpdump-text.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const summary = (f: CaptureFrame): string =>
  `${f.number} ${f.linkType} ${f.seconds}.${f.nanoseconds} ${hex(f.data)}`;

const SAMPLES = [
  readFileSync(join(CRAFTED, 'sections.pcapng')),
  readFileSync(join(CRAFTED, 'ethernet.pcap')),
  readFileSync(join(CORPUS, 'pcap', 'mptcp-v1.pcap')),
];

/** Reads to the end; returns the frames, or throws what the reader threw. */
function read(bytes: Uint8Array): string[] {
  return [...readCapture(bytes)].map(summary);
}

describe('capture reader laws', () => {
  it('any split into chunks gives the frames of the whole file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SAMPLES), fc.array(fc.nat(), { maxLength: 30 }), (bytes, marks) => {
        const cuts = [...new Set(marks.map((m) => m % (bytes.length + 1)))].sort((a, b) => a - b);
        const reader = new CaptureStreamReader();
        const seen: string[] = [];
        let at = 0;
        for (const cut of [...cuts, bytes.length]) {
          for (const frame of reader.push(bytes.subarray(at, cut))) seen.push(summary(frame));
          at = cut;
        }
        reader.end();
        expect(seen).toEqual(read(bytes));
      }),
      { numRuns },
    );
  });

  it('changed bytes in a capture end in frames or a CaptureError, and every frame prints', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SAMPLES),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (original, changes, cut) => {
          const bytes = original.slice(0, Math.max(1, cut % (original.length + 1)));
          for (const [at, value] of changes) bytes[at % bytes.length] = value;
          const printer = new TcpdumpPrinter({ relative: true, verify: true });
          try {
            for (const frame of readCapture(bytes)) {
              const tcp = dissectFrame(frame, { libpcapSnapLength: true });
              if (tcp !== null) expect(typeof printer.line(tcp)).toBe('string');
            }
          } catch (error) {
            expect(isCaptureError(error), String(error)).toBe(true);
          }
        },
      ),
      { numRuns },
    );
  });

  it('any frame of any supported link type dissects without throwing, and its segment lies in the frame', () => {
    const linkTypes = Object.values(LINK_TYPE);
    fc.assert(
      fc.property(
        fc.constantFrom(...linkTypes),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat({ max: 300000 }),
        (linkType, data, originalLength) => {
          const frame: CaptureFrame = {
            number: 1,
            interfaceId: 0,
            linkType,
            seconds: 0,
            nanoseconds: 0,
            originalLength,
            snapLength: 262144,
            data,
          };
          const tcp = dissectFrame(frame);
          if (tcp === null) return;
          expect(tcp.segment.buffer).toBe(data.buffer);
          expect(tcp.segment.byteOffset + tcp.segment.length).toBeLessThanOrEqual(
            data.byteOffset + data.length,
          );
          expect(typeof new TcpdumpPrinter({ verify: true }).line(tcp)).toBe('string');
        },
      ),
      { numRuns },
    );
  });

  it('random bytes are frames or a CaptureError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          read(bytes);
        } catch (error) {
          expect(isCaptureError(error)).toBe(true);
        }
      }),
      { numRuns },
    );
  });
});
