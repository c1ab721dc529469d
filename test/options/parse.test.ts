// How options are read from bytes (src/options/parse.ts): option forms at their boundaries, the
// user timeout's G bit and the AccECN bodies that are typed or kept unknown with a lint.
// Every expected value is decoded by hand from the bytes in the comment beside it.
import { describe, expect, test } from 'vitest';
import { decode, decodeLenient } from '../../src/index.ts';
import { withOptions } from '../support/option-header.ts';

describe('option forms at their boundaries', () => {
  test.each([
    // 1c 04 80 00: kind 28, length 4, G bit set, timeout 0
    [0x80, 0x00, { minutes: true, timeout: 0 }],
    // 1c 04 7f ff: G bit clear, timeout 32767
    [0x7f, 0xff, { minutes: false, timeout: 32767 }],
    // 1c 04 ff ff: G bit set, timeout 32767
    [0xff, 0xff, { minutes: true, timeout: 32767 }],
  ])(
    'user timeout %i %i: the G bit is the top bit, the timeout the 15 below (RFC 5482 §2)',
    (hi, lo, fields) => {
      expect(decode(withOptions(28, 4, hi, lo)).options).toEqual([{ kind: 'userTimeout', ...fields }]);
    },
  );

  // ac LL + body + NOPs to the word: AccECN0 carries 0 to 3 counters of 3 bytes (RFC 9768 §3.2.3).
  test.each([0, 3, 6, 9])('AccECN with a %i-byte body is typed', (body) => {
    const bytes = [0xac, 2 + body, ...Array.from({ length: body }, (_, i) => i + 1)];
    while (bytes.length % 4 !== 0) bytes.push(1);
    const [option] = decode(withOptions(...bytes)).options;
    const counters = Array.from(
      { length: body / 3 },
      (_, i) => ((3 * i + 1) << 16) | ((3 * i + 2) << 8) | (3 * i + 3),
    );
    expect(option).toEqual({ kind: 'accEcn', order: 0, counters });
  });

  test.each([1, 2, 4, 5, 7, 8, 10, 12])(
    'AccECN with a %i-byte body stays unknown, and lint says why',
    (body) => {
      const bytes = [0xac, 2 + body, ...Array.from({ length: body }, () => 0xee)];
      while (bytes.length % 4 !== 0) bytes.push(1);
      const { header, problems } = decodeLenient(withOptions(...bytes));
      expect(header?.options[0]).toEqual({
        kind: 'unknown',
        code: 172,
        data: new Uint8Array(body).fill(0xee),
      });
      expect(problems).toContainEqual({
        code: 'OPTION_LENGTH_UNTYPED',
        severity: 'warning',
        offset: 20,
        message: `option kind 172 has length ${2 + body}, which its typed form does not allow; kept as unknown`,
      });
    },
  );
});
