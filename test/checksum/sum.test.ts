/**
 * The ones' complement sum: the JavaScript and WebAssembly loops against a plain RFC 1071 sum
 * (short, long, past a 64 KiB page, unaligned), the committed WebAssembly bytes, and the fallback
 * where WebAssembly cannot run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { sumWords } from '../../src/checksum.ts';
import { checksummed, pseudoOf } from '../support/checksum-vectors.ts';
import { segmentBytes, vectorById } from '../support/vectors.ts';

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

test('the committed WebAssembly bytes are what src/checksum.wat assembles to', () => {
  const script = fileURLToPath(new URL('../../scripts/build-checksum-wasm.mjs', import.meta.url));
  expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
});

describe('where WebAssembly cannot run, the JavaScript loop takes over', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  /** A fresh copy of the module, loaded with the global WebAssembly as `replacement`. */
  async function loadWith(replacement: unknown): Promise<typeof import('../../src/checksum.ts')> {
    vi.stubGlobal('WebAssembly', replacement);
    vi.resetModules();
    return import('../../src/checksum.ts');
  }

  const jumbo = vectorById('pcap/bigtcp-ipv6-hbh.pcap#1');
  const odd = checksummed().find((v) => v.capturedLength % 2 === 1 && v.capturedLength > 300)!;

  test.each([
    ['no WebAssembly at all', undefined],
    [
      'a WebAssembly without SIMD (compiling throws)',
      {
        Module: class {
          constructor() {
            throw new Error('CompileError: invalid SIMD opcode');
          }
        },
        Instance: class {},
      },
    ],
  ])('%s', async (_, replacement) => {
    const fresh = await loadWith(replacement);
    for (const v of [jumbo, odd]) {
      const bytes = segmentBytes(v);
      expect(fresh.tcpChecksum(bytes, pseudoOf(v)), v.id).toBe(v.expected.correctChecksum);
      // Unaligned: the 32-bit word loop starts past an odd number of bytes.
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      expect(fresh.tcpChecksum(shifted.subarray(3), pseudoOf(v)), v.id).toBe(v.expected.correctChecksum);
    }
    expect(() => fresh.sumWords(new Uint8Array(4), 'wasm')).toThrow('WebAssembly SIMD is not available');
  });
});
