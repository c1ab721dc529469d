// A header whose every property answers its true value on the first read and something else on
// every read after (a changing getter, as the hostile-input issue's case 2 describes), all the way
// down through flags, options, SACK blocks and AccECN counters. One law: encodeInto writes exactly
// what encode writes for the true header, and nothing outside target[offset, offset + length).
// Runs: FUZZ_RUNS (default 300) per property; `npm run test:fuzz` runs 200 000.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { tcpHeader } from '../../src/arbitraries/index.ts';
import { encode, encodeInto, type TcpHeader } from '../../src/header.ts';

const { FUZZ_RUNS } = process.env;
const params = { numRuns: Number(FUZZ_RUNS ?? 300) };

/** What a second read may answer: out of range, of the wrong type, or a larger array. */
const later = fc.constantFrom<unknown>(70000, 2 ** 32, -1, 1.5, Number.NaN, null, undefined, '1', true, {}, [
  { kind: 'nop' },
]);

/**
 * `value` behind Proxies (not byte arrays) whose every property answers the true value first and
 * `next()` on each read after that.
 */
function twoFaced<T>(value: T, next: () => unknown): T {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  const asked = new Set<PropertyKey>();
  return new Proxy(value, {
    get(object, key, receiver) {
      const truth = Reflect.get(object, key, receiver) as unknown;
      if (typeof key === 'symbol' || asked.has(key)) return typeof key === 'symbol' ? truth : next();
      asked.add(key);
      return twoFaced(truth, next);
    },
  });
}

describe('changing getters', () => {
  test.prop([tcpHeader(fc), fc.infiniteStream(later), fc.nat(8)], params)(
    'encodeInto writes the true header and nothing outside it',
    (header: TcpHeader, answers, offset) => {
      const expected = encode(header);
      const iterator = answers[Symbol.iterator]();
      const target = new Uint8Array(offset + 64).fill(0xa5);
      const n = encodeInto(
        twoFaced(header, () => iterator.next().value),
        target,
        offset,
      );
      expect(n).toBe(expected.length);
      expect(target.subarray(offset, offset + n)).toEqual(expected);
      expect([...target.subarray(0, offset), ...target.subarray(offset + n)].every((b) => b === 0xa5)).toBe(
        true,
      );
    },
  );
});
