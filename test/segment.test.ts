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

  test('a header whose options read differently each time still has its payload where its data offset says', () => {
    // An options getter that gives an MSS option first and none after: however many times the
    // header is read, the payload must follow the header the bytes describe (hostile-input issue).
    let reads = 0;
    const header = {
      srcPort: 1,
      dstPort: 2,
      get options() {
        return reads++ === 0 ? [{ kind: 'mss', mss: 1460 } as const] : [];
      },
    };
    const payload = Uint8Array.of(0xaa, 0xbb);
    const segment = encodeSegment(header, payload);
    const headerLength = (segment[12]! >> 4) * 4;
    expect(segment.length).toBe(headerLength + 2);
    expect([...segment.subarray(headerLength)]).toEqual([0xaa, 0xbb]);
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
