import { describe, expect, test } from 'vitest';
import { encodeSegment } from '../src/segment.ts';
import { field } from './support/checksum-vectors.ts';

describe('encodeSegment', () => {
  test('without a pseudo-header the checksum is written as given', () => {
    const segment = encodeSegment({ srcPort: 1, dstPort: 2, checksum: 0x1234 }, Uint8Array.of(9, 8, 7));
    expect(segment.length).toBe(23);
    expect(field(segment)).toBe(0x1234);
    expect([...segment.subarray(20)]).toEqual([9, 8, 7]);
  });

  test('a bad payload or pseudo-header throws', () => {
    expect(() => encodeSegment({ srcPort: 1, dstPort: 2 }, 'x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() =>
      encodeSegment({ srcPort: 1, dstPort: 2 }, new Uint8Array(65516), { src: '10.0.0.1', dst: '10.0.0.2' }),
    ).toThrow(RangeError);
  });
});

describe('argument messages name the argument', () => {
  const segment = new Uint8Array(20);
  segment[12] = 0x50;
  test.each<[string, () => unknown, Error]>([
    [
      'encodeSegment payload',
      () => encodeSegment({ srcPort: 1, dstPort: 2 }, 'x' as never),
      new TypeError('payload must be a Uint8Array, got "x"'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });
});
