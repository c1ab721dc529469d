/**
 * lint (every TcpLintCode at its offset; test/lint/tshark.test.ts checks them against tshark's expert
 * items on the corpus), the offsets and messages it reports after variable-length options and for
 * headers built by hand, and decodeLenient (each error kind, the trailing `raw`, truncated data
 * offsets, null below 20 bytes). Inputs are decoded by hand in comments.
 */
import { describe, expect, test } from 'vitest';
import { decode, encode, type TcpHeader } from '../../src/header.ts';
import { decodeLenient, lint } from '../../src/lint.ts';
import type { TcpProblem } from '../../src/problems.ts';
import { withOptions } from '../support/option-header.ts';
import { bytesToHex, comparable, hexToBytes as hex } from '../support/vectors.ts';

/**
 * 00 50 | 1f 90 | 00000001 | ACK | byte 12 | byte 13 | ffff | 0000 | URG then options:
 * ports 80 -> 8080, seq 1, window 65535, checksum 0; the rest given.
 */
function segment(
  byte12: string,
  byte13: string,
  options = '',
  ack = '00000000',
  urgent = '0000',
): Uint8Array {
  return hex(`0050 1f90 00000001 ${ack} ${byte12} ${byte13} ffff 0000 ${urgent} ${options}`);
}

/** A SYN whose data offset covers `options` exactly (a multiple of 4 bytes). */
function syn(options: string): Uint8Array {
  const n = hex(options).length;
  return segment(((5 + n / 4) << 4).toString(16), '02', options);
}

const codes = (problems: TcpProblem[]): [string, number][] => problems.map((p) => [p.code, p.offset]);
const lintOf = (bytes: Uint8Array): [string, number][] => codes(lint(decode(bytes)));

describe('lint: each warning at its offset', () => {
  test('a clean SYN has no warnings', () => {
    // 02 04 05 b4 (MSS 1460), 04 02 (SACK permitted), 01 (NOP), 03 03 07 (window scale 7), SYN.
    expect(lintOf(syn('02 04 05 b4 04 02 01 03 03 07 00 00'))).toEqual([]);
  });

  test('ACK_NUMBER_WITHOUT_ACK at 8', () => {
    // ack 00000005 with byte 13 = 02 (SYN only).
    expect(lintOf(segment('50', '02', '', '00000005'))).toEqual([['ACK_NUMBER_WITHOUT_ACK', 8]]);
    // The same ack number with ACK (byte 13 = 12, SYN + ACK): fine.
    expect(lintOf(segment('50', '12', '', '00000005'))).toEqual([]);
  });

  test('RESERVED_BITS_SET at 12', () => {
    // byte 12 = 52: data offset 5, reserved 001.
    expect(lintOf(segment('52', '02'))).toEqual([['RESERVED_BITS_SET', 12]]);
    // byte 12 = 51: NS only, not a reserved bit.
    expect(lintOf(segment('51', '02'))).toEqual([]);
  });

  test('URGENT_POINTER_WITHOUT_URG at 18', () => {
    // urgent pointer 0001 with byte 13 = 02: URG clear.
    expect(lintOf(segment('50', '02', '', '00000000', '0001'))).toEqual([['URGENT_POINTER_WITHOUT_URG', 18]]);
    // byte 13 = 22: URG + SYN.
    expect(lintOf(segment('50', '22', '', '00000000', '0001'))).toEqual([]);
  });

  test('NOP_RUN at the first NOP of each run of four or more', () => {
    // 02 04 05 b4 (MSS at 20), 01 01 01 01 (NOPs at 24..27).
    expect(lintOf(syn('02 04 05 b4 01 01 01 01'))).toEqual([['NOP_RUN', 24]]);
    // Eight NOPs: one run, one warning.
    expect(lintOf(syn('01 01 01 01 01 01 01 01'))).toEqual([['NOP_RUN', 20]]);
    // 4 NOPs (20..23), window scale at 24, 4 NOPs (27..30), EOL at 31: two runs.
    expect(lintOf(syn('01 01 01 01 03 03 07 01 01 01 01 00'))).toEqual([
      ['NOP_RUN', 20],
      ['NOP_RUN', 27],
    ]);
    // Three NOPs and an EOL: no warning.
    expect(lintOf(syn('01 01 01 00'))).toEqual([]);
  });

  test('WINDOW_SCALE_TOO_LARGE above 14, at the option', () => {
    // 02 04 05 b4 (MSS at 20), 03 03 0f (window scale 15 at 24), 00 (EOL).
    expect(lintOf(syn('02 04 05 b4 03 03 0f 00'))).toEqual([['WINDOW_SCALE_TOO_LARGE', 24]]);
    // Shift 14 is the largest allowed (RFC 7323 §2.3).
    expect(lintOf(syn('02 04 05 b4 03 03 0e 00'))).toEqual([]);
  });

  test('MSS_TOO_SMALL below 48, at the option', () => {
    // 01 (NOP at 20), 02 04 00 2f (MSS 47 at 21), 00 00 00 (EOL, padding).
    expect(lintOf(syn('01 02 04 00 2f 00 00 00'))).toEqual([['MSS_TOO_SMALL', 21]]);
    // 02 04 00 30: MSS 48, Linux's floor.
    expect(lintOf(syn('02 04 00 30'))).toEqual([]);
  });

  test('SYN_OPTION_OUTSIDE_SYN for MSS, window scale and SACK permitted without SYN', () => {
    // byte 13 = 10 (ACK only); 02 04 05 b4 at 20, 03 03 07 at 24, 04 02 at 27, 08 0a ... at 29,
    // 00 at 39: timestamps belong anywhere.
    const options = '02 04 05 b4 03 03 07 04 02 08 0a 00000001 00000000 00';
    expect(lintOf(segment('a0', '10', options))).toEqual([
      ['SYN_OPTION_OUTSIDE_SYN', 20],
      ['SYN_OPTION_OUTSIDE_SYN', 24],
      ['SYN_OPTION_OUTSIDE_SYN', 27],
    ]);
    // The same options in a SYN-ACK (byte 13 = 12): fine.
    expect(lintOf(segment('a0', '12', options))).toEqual([]);
  });

  test('NONZERO_PADDING at the first non-zero byte after the EOL', () => {
    // 02 04 05 b4 (MSS), 00 (EOL at 24), padding 00 00 05 (25..27): the 05 is at 27.
    expect(lintOf(syn('02 04 05 b4 00 00 00 05'))).toEqual([['NONZERO_PADDING', 27]]);
    // All-zero padding: fine.
    expect(lintOf(syn('02 04 05 b4 00 00 00 00'))).toEqual([]);
  });

  test.each([
    // Each kind with a typed form, at a length that form does not allow: kept as unknown, linted.
    ['1d 03 aa 00', 29], // TCP-AO length 3 (needs >= 4)
    ['1e 02 00 00', 30], // MPTCP length 2 (needs >= 3)
    ['22 04 aa bb', 34], // Fast Open length 4 (2 or even 6..18)
    ['ac 03 aa 00', 172], // AccECN length 3 (2 + 3n)
    ['ae 04 aa bb', 174],
    ['fd 03 aa 00', 253], // experiments need 4 for the ExID
    ['fe 02 00 00', 254],
  ])('OPTION_LENGTH_UNTYPED for %s (kind %i) at 20', (options) => {
    expect(lintOf(syn(options))).toEqual([['OPTION_LENGTH_UNTYPED', 20]]);
  });

  test('no OPTION_LENGTH_UNTYPED for kinds without a typed form, or for experimental', () => {
    // 14 02 (kind 20, length 2), c8 02 (kind 200), fd 04 1234 (experiment 253 with ExID 0x1234).
    expect(lintOf(syn('14 02 c8 02 fd 04 1234'))).toEqual([]);
  });

  test('order: fixed fields by offset, then options in wire order, then padding', () => {
    // ack 00000001 without ACK; byte 12 = 9e: data offset 9, reserved 111; byte 13 = 00 (no flags);
    // urgent pointer 0007 without URG; options 01 01 01 01 (NOPs 20..23), 03 03 0f (shift 15 at 24),
    // 02 04 00 00 (MSS 0 at 27), 00 (EOL at 31), padding 00 09 00 00 00 (the 09 at 33).
    const bytes = segment(
      '9e',
      '00',
      '01 01 01 01 03 03 0f 02 04 00 00 00 00 09 00 00 00',
      '00000001',
      '0007',
    );
    expect(lintOf(bytes)).toEqual([
      ['ACK_NUMBER_WITHOUT_ACK', 8],
      ['RESERVED_BITS_SET', 12],
      ['URGENT_POINTER_WITHOUT_URG', 18],
      ['NOP_RUN', 20],
      ['WINDOW_SCALE_TOO_LARGE', 24],
      ['SYN_OPTION_OUTSIDE_SYN', 24],
      ['MSS_TOO_SMALL', 27],
      ['SYN_OPTION_OUTSIDE_SYN', 27],
      ['NONZERO_PADDING', 33],
    ]);
    const problems = lint(decode(bytes));
    expect(problems.every((p) => p.severity === 'warning' && p.message.length > 0)).toBe(true);
    expect(problems[4]?.message).toContain('15');
  });

  test('offsets of a header built by hand follow what it encodes to, raw options included', () => {
    const header: TcpHeader = {
      ...decode(syn('')),
      options: [
        { kind: 'raw', bytes: hex('fe0000') }, // 3 bytes at 20
        { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }, // 4 bytes at 23
        { kind: 'unknown', code: 34, data: hex('aabb') }, // kind 34 length 4 at 27
        { kind: 'mss', mss: 1 }, // at 31
      ],
    };
    expect(codes(lint(header))).toEqual([
      ['OPTION_LENGTH_UNTYPED', 27],
      ['MSS_TOO_SMALL', 31],
    ]);
  });

  test('lint leaves the header unchanged', () => {
    const header = decode(syn('01 01 01 01 03 03 0f 00'));
    const before = comparable(header);
    lint(header);
    expect(comparable(header)).toEqual(before);
  });
});

describe('lint offsets and messages', () => {
  test('an option after a SACK is reported at its own offset: 20 + 10', () => {
    // 05 0a [left 1, right 2]: SACK, one block, 10 bytes; then 1d 03 00: kind 29 (TCP-AO) with
    // length 3, under the 4 its typed form needs; then 00 00 00: EOL and two bytes of padding.
    const bytes = withOptions(5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 29, 3, 0, 0, 0, 0);
    const untyped = decodeLenient(bytes).problems.filter((p) => p.code === 'OPTION_LENGTH_UNTYPED');
    expect(untyped).toEqual([
      {
        code: 'OPTION_LENGTH_UNTYPED',
        severity: 'warning',
        offset: 30,
        message: 'option kind 29 has length 3, which its typed form does not allow; kept as unknown',
      },
    ]);
  });

  test('reserved bits and non-zero padding are spelled out', () => {
    // byte 12 = 0x6a: data offset 6, reserved 101; options 00 07 00 00: EOL, then padding 07 00 00
    const bytes = withOptions(0, 7, 0, 0);
    bytes[12] = 0x6a;
    const { problems } = decodeLenient(bytes);
    expect(problems).toContainEqual({
      code: 'RESERVED_BITS_SET',
      severity: 'warning',
      offset: 12,
      message: 'reserved bits are 101, not 000',
    });
    expect(problems).toContainEqual({
      code: 'NONZERO_PADDING',
      severity: 'warning',
      offset: 21,
      message: 'padding after EOL holds non-zero byte 0x07',
    });
  });

  test('a header built by hand with options lint must measure loosely still lints', () => {
    const header = decode(withOptions(1, 1, 1, 1));
    const problems = lint({
      ...header,
      options: [{ kind: 'unknown', code: 172, data: new Uint8Array(1) }, ...header.options],
    });
    expect(problems.map((p) => [p.code, p.offset])).toEqual([
      ['OPTION_LENGTH_UNTYPED', 20],
      ['NOP_RUN', 23],
    ]);
  });
});

describe('decodeLenient', () => {
  test('a valid header: the same header as decode, and only lint warnings', () => {
    // 03 03 0f (shift 15), 00 (EOL).
    const bytes = syn('03 03 0f 00');
    expect(decodeLenient(bytes)).toEqual({ header: decode(bytes), problems: lint(decode(bytes)) });
  });

  test.each([0, 1, 12, 19])('%i bytes: header null, one TRUNCATED error at the end', (length) => {
    const bytes = syn('').subarray(0, length);
    const { header, problems } = decodeLenient(bytes);
    expect(header).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'TRUNCATED', severity: 'error', offset: length });
  });

  test('BAD_DATA_OFFSET: the fixed part, no options, the data offset as sent', () => {
    // byte 12 = 30: data offset 3; the 4 bytes after byte 20 are payload, not options.
    const bytes = segment('30', '02', '02 04 05 b4');
    const { header, problems } = decodeLenient(bytes);
    expect(header).toMatchObject({ dataOffset: 3, srcPort: 80, options: [], padding: new Uint8Array(0) });
    expect(codes(problems)).toEqual([['BAD_DATA_OFFSET', 12]]);
    expect(problems[0]?.severity).toBe('error');
    expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes.subarray(0, 20)));
  });

  test('a data offset past the bytes keeps the options that fit', () => {
    // byte 12 = 80: data offset 8 (32 bytes), 27 bytes there: 02 04 05 b4 (MSS), 01 (NOP),
    // 03 03 07 (window scale 7), all complete.
    const bytes = segment('80', '02', '02 04 05 b4 01 03 03 07');
    const { header, problems } = decodeLenient(bytes);
    expect(header?.options).toEqual([
      { kind: 'mss', mss: 1460 },
      { kind: 'nop' },
      { kind: 'windowScale', shift: 7 },
    ]);
    expect(header?.dataOffset).toBe(8);
    expect(codes(problems)).toEqual([['TRUNCATED', 28]]);
    // craft reproduces the 28 bytes; without craft the lying data offset is refused.
    expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes));
    expect(() => encode(header!)).toThrow(RangeError);
  });

  test('a data offset past the bytes that cuts an option: the cut option is raw', () => {
    // data offset 10 (40 bytes), 28 there: 02 04 05 b4 (MSS at 20), 08 0a 00 00 (timestamps at 24,
    // length 10, only 4 bytes left): OPTION_OVERRUN at 24 after the TRUNCATED.
    const bytes = segment('a0', '02', '02 04 05 b4 08 0a 00 00');
    const { header, problems } = decodeLenient(bytes);
    expect(comparable(header?.options)).toEqual([
      { kind: 'mss', mss: 1460 },
      { kind: 'raw', bytes: { hex: '080a0000' } },
    ]);
    expect(codes(problems)).toEqual([
      ['TRUNCATED', 28],
      ['OPTION_OVERRUN', 24],
    ]);
    expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes));
  });

  test('a data offset past the bytes ending on a kind byte: OPTION_TRUNCATED', () => {
    // data offset 8, 26 bytes: 02 04 05 b4 (MSS), 01 (NOP at 24), 03 at 25 (the last byte there).
    const bytes = segment('80', '02', '02 04 05 b4 01 03');
    const { header, problems } = decodeLenient(bytes);
    expect(comparable(header?.options)).toEqual([
      { kind: 'mss', mss: 1460 },
      { kind: 'nop' },
      { kind: 'raw', bytes: { hex: '03' } },
    ]);
    expect(codes(problems)).toEqual([
      ['TRUNCATED', 26],
      ['OPTION_TRUNCATED', 25],
    ]);
    expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes));
  });

  test.each([
    // 01 (NOP), c8 00 at 21 (kind 200, length 0), 00 00 00 00 00.
    ['OPTION_BAD_LENGTH, length 0', '01 c8 00 00 00 00 00 00', 21, 'c80000000000 00'],
    // 01, 02 03 at 21: MSS with length 3.
    ['OPTION_BAD_LENGTH, fixed kind', '01 02 03 00 00 00 00 00', 21, '02030000000000'],
    // 01 01, 13 12 at 22: MD5 of 18 bytes in 6.
    ['OPTION_OVERRUN', '01 01 13 12 00 00 00 00', 22, '131200000000'],
    // 01 x 7, 08 at 27: the last byte of the header.
    ['OPTION_TRUNCATED', '01 01 01 01 01 01 01 08', 27, '08'],
  ])('%s: earlier options kept, the rest one raw option', (_what, options, offset, raw) => {
    const bytes = syn(options);
    const { header, problems } = decodeLenient(bytes);
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.offset).toBe(offset);
    const last = header?.options.at(-1);
    expect(comparable(last)).toEqual({ kind: 'raw', bytes: { hex: raw.replace(/ /g, '') } });
    expect(header?.options.slice(0, -1).every((o) => o.kind === 'nop')).toBe(true);
    expect(header?.options).toHaveLength(offset - 20 + 1);
    expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes));
    // The same header encodes without craft too: raw is verbatim and the data offset agrees.
    expect(bytesToHex(encode(header!))).toBe(bytesToHex(bytes));
  });

  test('errors come before warnings, and lint sees the lenient header', () => {
    // ack 00000009 without ACK, byte 12 = 60, SYN; options fe 00 00 00 (kind 254, length 0).
    const bytes = segment('60', '02', 'fe 00 00 00', '00000009');
    expect(codes(decodeLenient(bytes).problems)).toEqual([
      ['OPTION_BAD_LENGTH', 20],
      ['ACK_NUMBER_WITHOUT_ACK', 8],
    ]);
  });

  test('offsets count from the offset argument', () => {
    // 5 junk bytes, then a SYN with 01 01 01 08 (kind 8 at its byte 23 has no length byte).
    const inner = syn('01 01 01 08');
    const bytes = new Uint8Array(5 + inner.length).fill(0xee);
    bytes.set(inner, 5);
    expect(codes(decodeLenient(bytes, 5).problems)).toEqual([['OPTION_TRUNCATED', 23]]);
    expect(codes(decodeLenient(bytes, bytes.length - 3).problems)).toEqual([['TRUNCATED', 3]]);
  });

  test('never throws on bytes, and craft reproduces what it read (deterministic sample)', () => {
    let state = 0x2545f491;
    const random = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) & 0xff;
    };
    for (let n = 0; n < 3000; n++) {
      const length = random() % 70;
      const bytes = Uint8Array.from({ length }, random);
      // Bias byte 12 toward plausible data offsets so option walks are exercised.
      if (length > 12 && n % 2 === 0) bytes[12] = (5 + (random() % 11)) << 4;
      const { header } = decodeLenient(bytes);
      if (length < 20) {
        expect(header).toBeNull();
        continue;
      }
      const read = Math.max(20, Math.min(length, header!.dataOffset * 4));
      expect(bytesToHex(encode(header!, { craft: true }))).toBe(bytesToHex(bytes.subarray(0, read)));
    }
  });
});

describe('lint checks its argument, read once (hostile-input issue)', () => {
  /** Options with a hole before a NOP. */
  const holey = (): unknown[] => {
    const options: unknown[] = new Array(2);
    options[1] = { kind: 'nop' };
    return options;
  };

  test.each<[string, unknown, RegExp]>([
    ['null', null, /^header must be an object, got null$/],
    [
      'a hole among the options',
      { ...decode(syn('')), options: holey() },
      /^options\[0\] must be an option object, got undefined$/,
    ],
    [
      '60 NOPs',
      { ...decode(syn('')), options: Array.from({ length: 60 }, () => ({ kind: 'nop' })) },
      /^options and padding must fit in 0\.\.40 bytes, got 60 options$/,
    ],
    ['a Proxy', new Proxy(decode(syn('')), {}), /^header must be plain data/],
    ['a function in a field', { ...decode(syn('')), window: () => 1 }, /^header must be plain data/],
  ])('%s: a TypeError or RangeError naming what is wrong', (_, header, message) => {
    expect(() => lint(header as TcpHeader)).toThrow(message);
  });

  test('a getter is asked once: what it answers later changes nothing', () => {
    let asked = 0;
    const header = Object.defineProperty({ ...decode(syn('')) }, 'urgentPointer', {
      get: () => (asked++ === 0 ? 5 : Symbol('later')),
      enumerable: true,
    });
    expect(codes(lint(header))).toEqual([['URGENT_POINTER_WITHOUT_URG', 18]]);
    expect(asked).toBe(1);
  });
});
