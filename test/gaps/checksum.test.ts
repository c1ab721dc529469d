// Checksum behaviour the mutation run found unpinned: every summing loop (the JavaScript one and the
// WebAssembly one, short, long and past a 64 KiB page) against a plain RFC 1071 sum written here;
// a segment given as chunks, with the checksum field split between them; the pseudo-header sum that
// folds to 0xFFFF; and the argument messages.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { sumWords } from '../../src/checksum.ts';
import {
  encodeSegment,
  pseudoHeaderSum,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  tcpChecksum,
  updateChecksum,
  verifyTcpChecksum,
  writeTcpChecksum,
} from '../../src/index.ts';

/** RFC 1071 §4.1, word by word, then reduced mod 0xFFFF as sumWords promises. */
function referenceSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 2) sum += (bytes[i]! << 8) | (bytes[i + 1] ?? 0);
  return sum % 0xffff;
}

/** Deterministic bytes (xorshift32), so a failure can be replayed. */
function bytesOf(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('sumWords', () => {
  const lengths = [
    0, 1, 2, 3, 15, 16, 17, 63, 64, 127, 128, 129, 255, 256, 257, 1023, 1500, 65535, 65536, 65537, 140001,
  ];
  test.each(lengths)('%i bytes: the JavaScript and WebAssembly loops give the RFC 1071 sum', (length) => {
    for (const seed of [1, 0x9e3779b9]) {
      const bytes = bytesOf(length, seed);
      const expected = referenceSum(bytes);
      expect(sumWords(bytes, 'js')).toBe(expected);
      expect(sumWords(bytes, 'wasm')).toBe(expected);
      expect(sumWords(bytes)).toBe(expected);
    }
  });

  test('all 0xFF bytes sum to 0 mod 0xFFFF in every loop', () => {
    const bytes = new Uint8Array(4096).fill(0xff);
    expect([sumWords(bytes, 'js'), sumWords(bytes, 'wasm'), sumWords(bytes)]).toEqual([0, 0, 0]);
  });

  test('a view into a larger buffer sums only its own bytes', () => {
    const backing = bytesOf(70_000, 7);
    const view = backing.subarray(333, 333 + 66_000);
    expect(sumWords(view, 'wasm')).toBe(referenceSum(view.slice()));
    expect(sumWords(view, 'js')).toBe(referenceSum(view.slice()));
  });
});

interface Vector {
  src: string;
  dst: string;
  segmentHex: string;
  expected: { correctChecksum: number };
}
const vectors = readFileSync(new URL('../fixtures/corpus/vectors/scapy-set-a.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 6)
  .map((line) => JSON.parse(line) as Vector);

describe('a segment in chunks', () => {
  test.each(vectors.map((v, i) => [i, v] as const))(
    'vector %i: every split point, the field included',
    (_, vector) => {
      const segment = Uint8Array.from(Buffer.from(vector.segmentHex, 'hex'));
      const pseudo = { src: vector.src, dst: vector.dst };
      const right = vector.expected.correctChecksum;
      for (let cut = 0; cut <= segment.length; cut++) {
        for (const second of [cut, Math.min(segment.length, cut + 1)]) {
          const chunks = [segment.slice(0, cut), segment.slice(cut, second), segment.slice(second)];
          expect(tcpChecksum(chunks, pseudo)).toBe(right);
          expect(verifyTcpChecksum(chunks, pseudo)).toBe(true);
          const zeroed = chunks.map((chunk) => chunk.slice());
          const flat = () => Uint8Array.from(zeroed.flatMap((chunk) => [...chunk]));
          const cleared = flat();
          cleared[16] = 0x12;
          cleared[17] = 0x34;
          zeroed[0] = cleared.slice(0, cut);
          zeroed[1] = cleared.slice(cut, second);
          zeroed[2] = cleared.slice(second);
          expect(writeTcpChecksum(zeroed, pseudo)).toBe(right);
          expect(flat()).toEqual(
            segment.map((byte, i) => (i === 16 ? right >>> 8 : i === 17 ? right & 0xff : byte)),
          );
        }
      }
    },
  );
});

describe('pseudo-header', () => {
  test('a pseudo-header sum of zero mod 0xFFFF is written 0xFFFF', () => {
    // 255.255.255.249 -> 0.0.0.0, protocol 6, length 0: 0xffff + 0xfff9 + 0x0006 = 0x1fffe, folded 0xffff
    expect(pseudoHeaderSum({ src: '255.255.255.249', dst: '0.0.0.0' }, 0)).toBe(0xffff);
    // the same with the length in the pseudo-header
    expect(pseudoHeaderSum({ src: '255.255.255.249', dst: '0.0.0.0', length: 0 })).toBe(0xffff);
    // 10.0.0.1 -> 10.0.0.2, length 20: 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0006 + 0x0014 = 0x141d
    expect(pseudoHeaderSum({ src: '10.0.0.1', dst: '10.0.0.2' }, 20)).toBe(0x141d);
  });

  test('a pseudo-header that is not an object is a TypeError', () => {
    const segment = new Uint8Array(20);
    expect(() => tcpChecksum(segment, null as never)).toThrow(
      new TypeError('pseudo must be an object { src, dst, length? }, got null'),
    );
    expect(() => pseudoHeaderSum(7 as never, 20)).toThrow(TypeError);
  });

  test('a segment that is neither bytes nor a list of them names what it got', () => {
    expect(() => tcpChecksum('abc' as never, { src: '10.0.0.1', dst: '10.0.0.2' })).toThrow(
      new TypeError('segment must be a Uint8Array or an array of Uint8Array chunks, got "abc"'),
    );
  });

  test('rewriting an address across IP versions is refused', () => {
    const segment = new Uint8Array(20);
    segment[12] = 0x50;
    expect(() => rewriteAddress(segment, '10.0.0.1', '2001:db8::1')).toThrow(
      /^oldAddress and newAddress must be of the same IP version, got /,
    );
  });
});

describe('argument messages name the argument', () => {
  const segment = new Uint8Array(20);
  segment[12] = 0x50;
  test.each<[string, () => unknown, Error]>([
    [
      'updateChecksum checksum',
      () => updateChecksum(0x10000, new Uint8Array(2), new Uint8Array(2)),
      new RangeError('checksum must be an integer in 0..65535, got 65536'),
    ],
    [
      'updateChecksum oldBytes',
      () => updateChecksum(0, [0, 0] as never, new Uint8Array(2)),
      new TypeError('oldBytes must be a Uint8Array, got an array of length 2'),
    ],
    [
      'updateChecksum newBytes',
      () => updateChecksum(0, new Uint8Array(2), null as never),
      new TypeError('newBytes must be a Uint8Array, got null'),
    ],
    [
      'rewriteDstPort port',
      () => rewriteDstPort(segment, -1),
      new RangeError('port must be an integer in 0..65535, got -1'),
    ],
    [
      'rewriteSeq seq',
      () => rewriteSeq(segment, 2 ** 32),
      new RangeError('seq must be an integer in 0..4294967295, got 4294967296'),
    ],
    [
      'rewriteAddress oldAddress',
      () => rewriteAddress(segment, 7 as never, '10.0.0.1'),
      new TypeError('oldAddress must be a string or a Uint8Array of 4 or 16 bytes, got 7'),
    ],
    [
      'rewriteAddress newAddress',
      () => rewriteAddress(segment, '10.0.0.1', 7 as never),
      new TypeError('newAddress must be a string or a Uint8Array of 4 or 16 bytes, got 7'),
    ],
    [
      'encodeSegment payload',
      () => encodeSegment({ srcPort: 1, dstPort: 2 }, 'x' as never),
      new TypeError('payload must be a Uint8Array, got "x"'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });
});
