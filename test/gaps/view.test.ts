// TcpView behaviour the mutation run found unpinned: the option walk of a view that starts inside a
// larger buffer (offsets count from the header), the walk's verdict on each malformed ending (the same
// codes at the same offsets as decode), and the data offset setter's limit for a view at an offset.
// Option bytes are written and decoded by hand in the comments.
import { describe, expect, test } from 'vitest';
import { decode, isTcpDecodeError, TcpView } from '../../src/index.ts';

const JUNK = [0xde, 0xad, 0xbe, 0xef, 0x55, 0xaa, 0x77];

/** Seven junk bytes, then a header (ports 1 -> 2, ACK) with the given option bytes, then 3 junk bytes. */
function buffer(options: number[]): Uint8Array {
  const dataOffset = 5 + options.length / 4;
  const header = [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, dataOffset << 4, 0x10, 0, 0, 0, 0, 0, 0];
  return Uint8Array.from([...JUNK, ...header, ...options, 0xee, 0xee, 0xee]);
}

function walk(options: number[]) {
  const view = TcpView.from(buffer(options), JUNK.length);
  const seen: { code: number; offset: number; length: number; problem: string | null }[] = [];
  const cursor = view.options();
  while (cursor.advance()) {
    seen.push({ code: cursor.code, offset: cursor.offset, length: cursor.length, problem: cursor.problem });
  }
  return seen;
}

function decodeError(options: number[]): { code: string; offset: number } | null {
  try {
    decode(buffer(options), JUNK.length);
    return null;
  } catch (error) {
    if (!isTcpDecodeError(error)) throw error;
    return { code: error.code, offset: error.offset };
  }
}

describe('the option walk of a view inside a larger buffer', () => {
  test('well-formed options: offsets from the header, lengths from the wire', () => {
    // 02 04 05 b4: MSS 1460 | 01: NOP | 03 03 07: window scale 7
    expect(walk([2, 4, 5, 0xb4, 1, 3, 3, 7])).toEqual([
      { code: 2, offset: 20, length: 4, problem: null },
      { code: 1, offset: 24, length: 1, problem: null },
      { code: 3, offset: 25, length: 3, problem: null },
    ]);
  });

  test('EOL ends the walk; the padding after it is not walked', () => {
    // 00: EOL, then 07 00 00 padding
    expect(walk([0, 7, 0, 0])).toEqual([{ code: 0, offset: 20, length: 1, problem: null }]);
  });

  test('a variable-length option that reaches the end exactly is whole', () => {
    // 1e 04 00 00: MPTCP (kind 30), length 4, up to the header's last byte
    expect(walk([30, 4, 0, 0])).toEqual([{ code: 30, offset: 20, length: 4, problem: null }]);
  });

  test.each([
    // 01 01 01 02: three NOPs, then MSS's kind byte with no room for its length
    ['a kind byte in the last byte', [1, 1, 1, 2], 23, 1, 'OPTION_TRUNCATED'],
    // 02 08 00 00: MSS claiming 8 bytes where 4 remain
    ['a length past the end', [2, 8, 0, 0], 20, 4, 'OPTION_OVERRUN'],
    // 01 01 02 02: MSS of length 2, which ends exactly at the end but is not MSS's 4
    ['a fixed kind with the wrong length, ending at the end', [1, 1, 2, 2], 22, 2, 'OPTION_BAD_LENGTH'],
    // 1e 01 00 00: length 1, below the minimum of 2
    ['a length below 2', [30, 1, 0, 0], 20, 4, 'OPTION_BAD_LENGTH'],
    // 1e 00 00 00: length 0
    ['a length of 0', [30, 0, 0, 0], 20, 4, 'OPTION_BAD_LENGTH'],
  ])('%s: the rest of the area, flagged as decode flags it', (_, options, offset, length, problem) => {
    const seen = walk(options);
    expect(seen.at(-1)).toEqual({ code: options[offset - 20], offset, length, problem });
    expect(decodeError(options)).toEqual({ code: problem, offset });
  });
});

describe('the data offset setter of a view at an offset', () => {
  test('allows exactly the words that fit after the view start', () => {
    // 7 junk + 20 header + 0 options + 3 junk = 30 bytes; from offset 7, 23 bytes: 5 words fit
    const view = TcpView.from(buffer([]), JUNK.length);
    expect(() => {
      view.dataOffset = 6;
    }).toThrow(new RangeError('dataOffset must be an integer in 5..5, got 6'));
    view.dataOffset = 5;
    expect(view.dataOffset).toBe(5);
  });

  test('never above 15, however long the bytes', () => {
    const bytes = new Uint8Array(200);
    bytes[10 + 12] = 0x50;
    const view = TcpView.from(bytes, 10);
    view.dataOffset = 15;
    expect(bytes[22]).toBe(0xf0);
    expect(() => {
      view.dataOffset = 16;
    }).toThrow(new RangeError('dataOffset must be an integer in 5..15, got 16'));
  });
});
