import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { aceCounter, seqAdd, seqDiff, seqGe, seqGt, seqInWindow, seqLe, seqLt } from '../src/seq.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 500);
const TWO_32 = 2n ** 32n;
const TWO_31 = 2n ** 31n;

// Sequence numbers over the whole 32-bit range, with the edges the wrap cares about drawn often.
const seq = fc.oneof(
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc.constantFrom(0, 1, 0x7fff_fffe, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0xffff_fffe, 0xffff_ffff),
);
const delta = fc.integer({ min: -0xffff_ffff, max: 0xffff_ffff });
/** The reference: b - a modulo 2^32 in BigInt, mapped into -2^31..2^31-1 (2^31 maps to -2^31). */
const referenceDiff = (a: number, b: number): number => {
  const d = (((BigInt(b) - BigInt(a)) % TWO_32) + TWO_32) % TWO_32;
  return Number(d >= TWO_31 ? d - TWO_32 : d);
};

describe('sequence arithmetic laws (RFC 1982, RFC 9293 §3.4)', () => {
  test.prop([seq, delta], { numRuns })('seqAdd is addition modulo 2^32', (a, d) => {
    expect(seqAdd(a, d)).toBe(Number((((BigInt(a) + BigInt(d)) % TWO_32) + TWO_32) % TWO_32));
  });

  test.prop([seq, seq], { numRuns })('seqDiff is b - a modulo 2^32, signed in -2^31..2^31-1', (a, b) => {
    expect(seqDiff(a, b)).toBe(referenceDiff(a, b));
  });

  test.prop([seq, seq], { numRuns })('adding seqDiff(a, b) to a gives b', (a, b) => {
    expect(seqAdd(a, seqDiff(a, b))).toBe(b);
  });

  test.prop([seq, seq], { numRuns })('seqDiff is antisymmetric except exactly 2^31 apart', (a, b) => {
    if ((b - a + 2 ** 32) % 2 ** 32 === 2 ** 31) {
      expect([seqDiff(a, b), seqDiff(b, a)]).toEqual([-(2 ** 31), -(2 ** 31)]);
    } else {
      expect(seqDiff(a, b)).toBe(-seqDiff(b, a) || 0);
    }
  });

  test.prop([seq, fc.integer({ min: 1, max: 0x7fff_ffff })], { numRuns })(
    'a number 1..2^31-1 ahead (across the wrap) comes after',
    (a, d) => {
      const b = seqAdd(a, d);
      expect([seqLt(a, b), seqLe(a, b), seqGt(a, b), seqGe(a, b)]).toEqual([true, true, false, false]);
      expect([seqGt(b, a), seqGe(b, a), seqLt(b, a), seqLe(b, a)]).toEqual([true, true, false, false]);
    },
  );

  test.prop([seq], { numRuns })('numbers exactly 2^31 apart are in no order, both ways', (a) => {
    const b = seqAdd(a, 0x8000_0000);
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      expect(seqDiff(x, y)).toBe(-(2 ** 31));
      expect([seqLt(x, y), seqLe(x, y), seqGt(x, y), seqGe(x, y)]).toEqual([false, false, false, false]);
    }
  });

  test.prop([seq, seq], { numRuns })(
    'exactly one of before, equal, after, 2^31 apart holds; lt/gt mirror each other',
    (a, b) => {
      const apart = referenceDiff(a, b) === -(2 ** 31);
      const states = [seqLt(a, b), a === b, seqGt(a, b), apart];
      expect(states.filter(Boolean)).toHaveLength(1);
      expect(seqLt(a, b)).toBe(seqGt(b, a));
      expect(seqLe(a, b)).toBe(seqLt(a, b) || a === b);
      expect(seqGe(a, b)).toBe(seqGt(a, b) || a === b);
    },
  );

  test.prop([seq, seq, seq], { numRuns })(
    'seqInWindow is start <= seq < start + size modulo 2^32',
    (s, start, size) => {
      const offset = (((BigInt(s) - BigInt(start)) % TWO_32) + TWO_32) % TWO_32;
      expect(seqInWindow(s, start, size)).toBe(offset < BigInt(size));
    },
  );

  test.prop([seq, seq, fc.integer({ min: 0, max: 0xffff_ffff })], { numRuns })(
    'the number k steps into a window is inside exactly when k < size',
    (start, size, k) => {
      expect(seqInWindow(seqAdd(start, k), start, size)).toBe(k < size);
    },
  );

  test.prop([fc.boolean(), fc.boolean(), fc.boolean()], { numRuns })(
    'aceCounter is AE·4 + CWR·2 + ECE (RFC 9768 §3.2.2)',
    (ns, cwr, ece) => {
      expect(aceCounter({ ns, cwr, ece })).toBe(Number(ns) * 4 + Number(cwr) * 2 + Number(ece));
    },
  );

  test.prop([fc.anything(), fc.anything(), fc.anything()], { numRuns })(
    'any argument gives a sequence number or a TypeError / RangeError, never anything else',
    (x, y, z) => {
      for (const call of [
        () => seqAdd(x as number, y as number),
        () => seqDiff(x as number, y as number),
        () => seqLt(x as number, y as number),
        () => seqLe(x as number, y as number),
        () => seqGt(x as number, y as number),
        () => seqGe(x as number, y as number),
        () => seqInWindow(x as number, y as number, z as number),
        () => aceCounter(x as { ns: boolean; cwr: boolean; ece: boolean }),
      ]) {
        try {
          const result = call();
          if (typeof result === 'number') expect(Number.isInteger(result)).toBe(true);
        } catch (error) {
          expect(error instanceof TypeError || error instanceof RangeError).toBe(true);
        }
      }
    },
  );
});
