// The view's option walk (src/view/option-walk.ts): malformed option areas from docs/rules.md T1-T4
// decoded by hand, the walk before its first step, offsets counted from the header when the view
// starts inside a larger buffer, an option of a variable-length kind that runs past the header
// (RFC 9293 §3.2; docs/rules.md D1-D8), and the walk's verdict on each malformed ending: the same codes at the
// same offsets as decode. Option bytes are written and decoded by hand in the comments.
import { describe, expect, test } from 'vitest';
import { decode, isTcpDecodeError, type TcpDecodeError, TcpView } from '../../src/index.ts';
import { hexToBytes, thrown } from '../support/vectors.ts';
import { buffer, fixed, JUNK, SYN } from '../support/view-headers.ts';

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

describe('malformed option areas (docs/rules.md T1-T4): the walk ends in one entry with the problem', () => {
  const cases = [
    // T1: kind 0xfe, length 0 -> length below 2.
    { name: 'T1 length 0', options: 'fe000000', entries: [[0xfe, 20, 4, 'OPTION_BAD_LENGTH']] },
    // T2: kind 8 (timestamps), length 1 -> length below 2.
    { name: 'T2 length 1', options: '08010000', entries: [[8, 20, 4, 'OPTION_BAD_LENGTH']] },
    // T3: three NOPs, then kind 8 in the last byte with no length byte.
    {
      name: 'T3 no length byte',
      options: '01010108',
      entries: [
        [1, 20, 1, null],
        [1, 21, 1, null],
        [1, 22, 1, null],
        [8, 23, 1, 'OPTION_TRUNCATED'],
      ],
    },
    // T4: MSS claiming 8 bytes in a 4-byte area.
    { name: 'T4 overrun', options: '020805b4', entries: [[2, 20, 4, 'OPTION_OVERRUN']] },
    // MSS with length 3: a length its fixed-size kind forbids (docs/rules.md D1-D8).
    { name: 'MSS length 3', options: '02030500', entries: [[2, 20, 4, 'OPTION_BAD_LENGTH']] },
  ] as const;

  for (const c of cases) {
    test(c.name, () => {
      const bytes = hexToBytes(fixed('60') + c.options);
      const view = TcpView.from(bytes);
      const entries = Array.from(view.options(), (e) => [e.code, e.offset, e.length, e.problem]);
      expect(entries).toEqual(c.entries);
      const last = c.entries[c.entries.length - 1]!;
      // The problem is the one decode throws, at the same offset.
      const error = thrown(() => decode(bytes)) as TcpDecodeError;
      expect([error.code, error.offset]).toEqual([last[3], last[1]]);
      expect(thrown(() => view.toHeader())).toEqual(error);
      // The entry decodes to the raw rest of the area, as decodeLenient keeps it.
      const rawEntry = Array.from(view.options()).at(-1)!;
      expect(rawEntry.toOption()).toEqual({ kind: 'raw', bytes: bytes.slice(last[1], 24) });
      // The cursor agrees, and stays finished.
      const walk = view.options();
      let steps = 0;
      while (walk.advance()) steps++;
      expect([steps, walk.code, walk.offset, walk.problem]).toEqual([
        c.entries.length,
        last[0],
        last[1],
        last[3],
      ]);
      expect(walk.advance()).toBe(false);
    });
  }

  test('the walk stops after EOL; the bytes after it are padding', () => {
    // MSS 1460 (02 04 05 b4), then EOL (00) and three padding bytes (de ad be), data offset 7.
    const bytes = hexToBytes(`${fixed('70')} 020405b4 00deadbe`);
    const view = TcpView.from(bytes);
    expect(Array.from(view.options(), (e) => [e.code, e.offset, e.length])).toEqual([
      [2, 20, 4],
      [0, 24, 1],
    ]);
    expect(view.toHeader().padding).toEqual(Uint8Array.of(0xde, 0xad, 0xbe));
  });
});

describe('the option walk', () => {
  test('before its first step: code -1, length 0, no problem', () => {
    const walk = TcpView.from(SYN).options();
    expect([walk.code, walk.length, walk.problem]).toEqual([-1, 0, null]);
  });

  test('offsets count from the header, not from the start of the bytes', () => {
    // The SYN behind a 14-byte Ethernet header.
    const frame = new Uint8Array(14 + SYN.length);
    frame.set(SYN, 14);
    const walk = TcpView.from(frame, 14).options();
    const offsets: number[] = [];
    while (walk.advance()) offsets.push(walk.offset);
    // MSS at 20, SACK permitted at 24, timestamps at 26, NOP at 36, window scale at 37.
    expect(offsets).toEqual([20, 24, 26, 36, 37]);
  });

  test('a variable-length kind that runs past the header is OPTION_OVERRUN, as decode says', () => {
    // Data offset 6: a 4-byte option area holding kind 30 (MPTCP, RFC 8684) with length 8.
    const bytes = hexToBytes('0001000200000000000000006010ffff000000001e08abcd');
    const walk = TcpView.from(bytes).options();
    expect(walk.advance()).toBe(true);
    expect([walk.code, walk.offset, walk.length, walk.problem]).toEqual([30, 20, 4, 'OPTION_OVERRUN']);
    expect(walk.advance()).toBe(false);
    const error = thrown(() => decode(bytes)) as TcpDecodeError;
    expect([error.code, error.offset]).toEqual(['OPTION_OVERRUN', 20]);
  });
});

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
