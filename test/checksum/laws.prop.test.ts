/**
 * Laws of the checksum functions, one per property. The reference is a plain RFC 1071 loop written
 * here (pseudo-header bytes, then the segment with its checksum field zeroed, end-around carry).
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  rewriteAck,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  rewriteSrcPort,
  sumWords,
  tcpChecksum,
  updateChecksum,
  verifyTcpChecksum,
  writeTcpChecksum,
} from '../../src/checksum.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);
/** Laws over large inputs run fewer times. */
const bigRuns = Math.max(10, Math.floor(numRuns / 20));

interface Pseudo {
  src: Uint8Array;
  dst: Uint8Array;
}

const pseudoArb: fc.Arbitrary<Pseudo> = fc.constantFrom(4, 16).chain((n) =>
  fc.record({
    src: fc.uint8Array({ minLength: n, maxLength: n }),
    dst: fc.uint8Array({ minLength: n, maxLength: n }),
  }),
);
const segmentArb = (maxLength = 1600): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength: 20, maxLength });

/** RFC 1071 §4.1, byte by byte: the reference the library must match. */
function referenceChecksum(segment: Uint8Array, pseudo: Pseudo): number {
  const n = segment.length;
  const lengthBytes =
    pseudo.src.length === 4
      ? [0, 6, n >>> 8, n & 0xff]
      : [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff, 0, 0, 0, 6];
  const zeroed = Uint8Array.from(segment);
  zeroed[16] = 0;
  zeroed[17] = 0;
  const all = [...pseudo.src, ...pseudo.dst, ...lengthBytes, ...zeroed];
  if (all.length % 2 === 1) all.push(0);
  let sum = 0;
  for (let i = 0; i < all.length; i += 2) {
    sum += (all[i]! << 8) | all[i + 1]!;
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ~sum & 0xffff;
}

const field = (b: Uint8Array): number => (b[16]! << 8) | b[17]!;

describe('checksum laws (RFC 9293 §3.1, RFC 1071, RFC 1624)', () => {
  test.prop([segmentArb(), pseudoArb], { numRuns })('tcpChecksum equals the RFC 1071 reference', (s, p) => {
    expect(tcpChecksum(s, p)).toBe(referenceChecksum(s, p));
  });

  test.prop([segmentArb(70_000), fc.constant(16)], { numRuns: bigRuns })(
    'so it does over IPv6 segments past 65535 bytes',
    (s) => {
      const p = { src: new Uint8Array(16).fill(0x20), dst: new Uint8Array(16).fill(0x01) };
      expect(tcpChecksum(s, p)).toBe(referenceChecksum(s, p));
    },
  );

  test.prop([segmentArb(), pseudoArb], { numRuns })(
    'after writeTcpChecksum, verifyTcpChecksum is true',
    (s, p) => {
      writeTcpChecksum(s, p);
      expect(verifyTcpChecksum(s, p)).toBe(true);
    },
  );

  test.prop([segmentArb(), pseudoArb, fc.nat(), fc.boolean()], { numRuns })(
    'flipping any single bit of the segment or an address makes verify false',
    (s, p, bitSeed, inAddress) => {
      writeTcpChecksum(s, p);
      const target = inAddress ? p.src : s;
      const bit = bitSeed % (target.length * 8);
      target[bit >>> 3]! ^= 0x80 >>> (bit & 7);
      expect(verifyTcpChecksum(s, p)).toBe(false);
    },
  );

  test.prop([segmentArb(120), pseudoArb], { numRuns })(
    'the sum over two chunks equals the contiguous sum, for every split point',
    (s, p) => {
      const whole = tcpChecksum(s, p);
      for (let at = 0; at <= s.length; at++) {
        expect(tcpChecksum([s.subarray(0, at), s.subarray(at)], p)).toBe(whole);
      }
    },
  );

  test.prop([segmentArb(3000), pseudoArb, fc.array(fc.nat(), { maxLength: 12 })], { numRuns })(
    'the sum over any number of chunks, of any lengths, equals the contiguous sum',
    (s, p, cutSeeds) => {
      const cuts = [...new Set(cutSeeds.map((c) => c % (s.length + 1)))].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let from = 0;
      for (const cut of [...cuts, s.length]) {
        chunks.push(s.subarray(from, cut));
        from = cut;
      }
      expect(tcpChecksum(chunks, p)).toBe(tcpChecksum(s, p));
      const copies = chunks.map((c) => Uint8Array.from(c));
      expect(writeTcpChecksum(copies, p)).toBe(writeTcpChecksum(s, p));
      expect(Uint8Array.from(copies.flatMap((c) => [...c]))).toEqual(s);
    },
  );

  test.prop([segmentArb(), pseudoArb, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 40 })], { numRuns })(
    'updateChecksum after a rewrite at an even offset equals a full recompute',
    (s, p, offsetSeed, replacement) => {
      writeTcpChecksum(s, p);
      // An even offset whose range stays clear of the checksum field (bytes 16-17) and in the segment.
      const fits = (at: number): boolean =>
        at + replacement.length <= s.length && (at + replacement.length <= 16 || at >= 18);
      let at = (offsetSeed % s.length) & ~1;
      while (at > 0 && !fits(at)) at -= 2;
      fc.pre(fits(at));
      const old = s.slice(at, at + replacement.length);
      s.set(replacement, at);
      expect(updateChecksum(field(s), old, replacement)).toBe(tcpChecksum(s, p));
    },
  );

  test.prop(
    [
      segmentArb(),
      pseudoArb,
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.uint8Array({ minLength: 16, maxLength: 16 }),
    ],
    { numRuns },
  )(
    'the rewrite helpers leave a checksum equal to a full recompute, the payload untouched',
    (s, p, sp, dp, seq, ack, a) => {
      writeTcpChecksum(s, p);
      const payload = s.slice(20);
      const newSrc = a.subarray(0, p.src.length);
      rewriteSrcPort(s, sp);
      rewriteDstPort(s, dp);
      rewriteSeq(s, seq);
      rewriteAck(s, ack);
      const checksum = rewriteAddress(s, p.src, newSrc);
      const after = { src: newSrc, dst: p.dst };
      expect(checksum).toBe(tcpChecksum(s, after));
      expect(field(s)).toBe(checksum);
      expect(s.slice(20)).toEqual(payload);
      expect(s[0]! * 256 + s[1]!).toBe(sp);
      expect((s[4]! * 2 ** 24 + (s[5]! << 16)) | (s[6]! << 8) | s[7]!).toBe(seq | 0);
    },
  );

  test.prop([segmentArb(), pseudoArb], { numRuns })(
    'where the right checksum is 0x0000, both 0x0000 and 0xFFFF verify',
    (s, p) => {
      // Make the sum zero: write the checksum, then move its value into the urgent pointer
      // (ones' complement addition) and clear the field; the total does not change.
      const c = writeTcpChecksum(s, p);
      let urgent = ((s[18]! << 8) | s[19]!) + c;
      if (urgent > 0xffff) urgent -= 0xffff;
      s[18] = urgent >>> 8;
      s[19] = urgent & 0xff;
      s[16] = 0;
      s[17] = 0;
      expect(tcpChecksum(s, p)).toBe(0);
      expect(verifyTcpChecksum(s, p)).toBe(true);
      s[16] = 0xff;
      s[17] = 0xff;
      expect(verifyTcpChecksum(s, p)).toBe(true);
    },
  );

  test.prop([fc.uint8Array({ maxLength: 5000 }), fc.nat(), fc.nat()], { numRuns })(
    'the WebAssembly and the JavaScript loop agree, at any offset in a larger buffer',
    (bytes, startSeed, endSeed) => {
      const start = startSeed % (bytes.length + 1);
      const end = start + (endSeed % (bytes.length - start + 1));
      const view = bytes.subarray(start, end);
      expect(sumWords(view, 'wasm')).toBe(sumWords(view, 'js'));
      expect(sumWords(view)).toBe(sumWords(view, 'js'));
    },
  );

  test.prop([fc.integer({ min: 65_000, max: 200_000 }), fc.nat()], { numRuns: bigRuns })(
    'so they do across the 64 KiB pieces the WebAssembly memory takes',
    (length, seed) => {
      const bytes = new Uint8Array(length);
      let x = seed | 1;
      for (let i = 0; i < length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        bytes[i] = x;
      }
      expect(sumWords(bytes, 'wasm')).toBe(sumWords(bytes, 'js'));
    },
  );
});
