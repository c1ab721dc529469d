// The arrays an encoded header holds, as a hostile caller may shape them (hostile-input issue,
// cases 3 and 5): a hole in SACK blocks or AccECN counters is refused with an error naming the
// element, before a byte is written; an options array that claims more elements than the 40
// option bytes can hold is refused before any element is read, however long it claims to be.
import { describe, expect, test } from 'vitest';
import { encode, encodedLength, encodeInto } from '../../src/header.ts';
import type { TcpOption } from '../../src/options.ts';

/** A header with the given options; everything else plain. */
const withOptions = (options: unknown[]) => ({
  srcPort: 1,
  dstPort: 2,
  flags: { ack: true },
  options: options as TcpOption[],
});

/** An array with a hole at `hole` among `length` copies of `value`. */
function holey<T>(length: number, hole: number, value: T): T[] {
  const array = new Array<T>(length);
  for (let i = 0; i < length; i++) if (i !== hole) array[i] = value;
  return array;
}

describe('holes in nested arrays', () => {
  test.each([
    [
      'a SACK block',
      { kind: 'sack', blocks: holey(2, 0, { left: 1, right: 2 }) },
      new TypeError('options[0].blocks[0] must be an object, got undefined'),
    ],
    [
      'the last SACK block',
      { kind: 'sack', blocks: holey(3, 2, { left: 1, right: 2 }) },
      new TypeError('options[0].blocks[2] must be an object, got undefined'),
    ],
    [
      'an AccECN counter',
      { kind: 'accEcn', order: 0, counters: holey(2, 0, 5) },
      new TypeError('options[0].counters[0] must be an integer in 0..16777215, got undefined'),
    ],
  ])('%s: refused, naming the element, by encode, encodedLength and encodeInto', (_, option, error) => {
    const header = withOptions([option]);
    expect(() => encode(header)).toThrow(error);
    expect(() => encode(header, { craft: true })).toThrow(error);
    expect(() => encodedLength(header)).toThrow(error);
    const target = new Uint8Array(80).fill(0xaa);
    expect(() => encodeInto(header, target, 4)).toThrow(error);
    // Nothing written: every byte is still the fill.
    expect(target.every((byte) => byte === 0xaa)).toBe(true);
  });
});

describe('an options array that claims more than 40 elements', () => {
  /** An empty array whose length reads `length`, counting reads of its elements. */
  function claiming(length: number): { array: unknown[]; reads: () => number } {
    let reads = 0;
    const array = new Proxy([] as unknown[], {
      get: (target, key) => {
        if (key === 'length') return length;
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    return { array, reads: () => reads };
  }

  test.each([41, 4_000_000, 2 ** 32 - 1])('%i: refused before an element is read', (length) => {
    const error = new RangeError(`options and padding must fit in 0..40 bytes, got ${length} options`);
    for (const call of [
      (header: ReturnType<typeof withOptions>) => encode(header),
      (header: ReturnType<typeof withOptions>) => encode(header, { craft: true }),
      (header: ReturnType<typeof withOptions>) => encodedLength(header),
      (header: ReturnType<typeof withOptions>) => encodeInto(header, new Uint8Array(60)),
    ]) {
      const { array, reads } = claiming(length);
      expect(() => call(withOptions(array))).toThrow(error);
      expect(reads()).toBe(0);
    }
  });

  test('40 one-byte options still encode, the most the option bytes hold', () => {
    const nops = Array.from({ length: 40 }, () => ({ kind: 'nop' }));
    const bytes = encode(withOptions(nops));
    expect(bytes.length).toBe(60);
    expect(bytes[12]! >> 4).toBe(15);
    expect(Array.from(bytes.subarray(20))).toEqual(Array(40).fill(1));
  });
});
