// Behaviour the mutation run found unpinned in the core codec (header, options, lint, errors):
// boundaries of option forms, the offsets lint reports, argument checks and their messages.
// Every expected value is decoded by hand from the bytes in the comment beside it.
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import {
  decode,
  decodeLenient,
  encode,
  encodedLength,
  encodeInto,
  lint,
  type TcpHeaderInit,
  type TcpOption,
} from '../../src/index.ts';

/**
 * A header around hand-written option bytes: ports 1 -> 2, seq 0, ack 0, flags ACK (0x10), window 0,
 * checksum 0, urgent pointer 0; the data offset counts the options, which must fill whole words.
 */
function withOptions(...options: number[]): Uint8Array {
  if (options.length % 4 !== 0) throw new Error('options must fill 32-bit words');
  const dataOffset = 5 + options.length / 4;
  return Uint8Array.of(
    0,
    1,
    0,
    2,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    dataOffset << 4,
    0x10,
    0,
    0,
    0,
    0,
    0,
    0,
    ...options,
  );
}

const base: TcpHeaderInit = { srcPort: 1, dstPort: 2 };

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

describe('argument checks', () => {
  test.each(['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'])(
    'flags.%s must be a boolean',
    (name) => {
      const header = { ...base, flags: { [name]: 1 } } as unknown as TcpHeaderInit;
      expect(() => encode(header)).toThrow(new TypeError(`flags.${name} must be a boolean, got 1`));
      expect(() => encodedLength(header)).toThrow(TypeError);
      expect(() => encodeInto(header, new Uint8Array(60))).toThrow(TypeError);
    },
  );

  test.each([
    [2 ** 32, RangeError, 'seq must be an integer in 0..4294967295, got 4294967296'],
    [-1, RangeError, 'seq must be an integer in 0..4294967295, got -1'],
    [0.5, RangeError, 'seq must be an integer in 0..4294967295, got 0.5'],
    ['1', TypeError, 'seq must be an integer in 0..4294967295, got "1"'],
  ])('seq %s is refused by encode, encodedLength and encodeInto', (seq, type, message) => {
    const header = { ...base, seq } as unknown as TcpHeaderInit;
    expect(() => encode(header)).toThrow(new type(message));
    expect(() => encodedLength(header)).toThrow(new type(message));
    expect(() => encodeInto(header, new Uint8Array(60))).toThrow(new type(message));
  });

  test('long strings are cut at 40 characters in messages, 40 exactly are not', () => {
    const forty = 'x'.repeat(40);
    const header = (srcPort: unknown) => ({ ...base, srcPort }) as unknown as TcpHeaderInit;
    expect(() => encode(header(forty))).toThrow(`srcPort must be an integer in 0..65535, got "${forty}"`);
    expect(() => encode(header(`${forty}y`))).toThrow(
      `srcPort must be an integer in 0..65535, got "${forty}…"`,
    );
    expect(() => encode(header(undefined))).toThrow(
      new TypeError('srcPort must be an integer in 0..65535, got undefined'),
    );
  });

  test('only Uint8Arrays are bytes: other typed arrays and DataViews are refused, another realm is fine', () => {
    expect(() => decode(new Uint16Array(20) as unknown as Uint8Array)).toThrow(
      new TypeError('bytes must be a Uint8Array, got Uint16Array of length 40'),
    );
    expect(() => decode(new DataView(new ArrayBuffer(20)) as unknown as Uint8Array)).toThrow(TypeError);
    // 20 bytes from another realm, data offset 5 (0x50 at byte 12): decodes.
    const foreign = runInNewContext('const b = new Uint8Array(20); b[12] = 0x50; b') as Uint8Array;
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(decode(foreign).dataOffset).toBe(5);
  });

  test('without an options argument, encode does not craft: a disagreeing data offset is refused', () => {
    expect(() => encode({ ...base, dataOffset: 6 })).toThrow(RangeError);
    expect(encode({ ...base, dataOffset: 6 }, { craft: true })[12]).toBe(0x60);
  });

  test('options that are not objects, and their parts, are named in the TypeError', () => {
    const refuse = (options: unknown[]) => () => encode({ ...base, options: options as TcpOption[] });
    expect(refuse([{ kind: 'nop' }, null])).toThrow(
      new TypeError('options[1] must be an option object, got null'),
    );
    expect(refuse([{ kind: 'sack', blocks: [{ left: 1, right: 2 }, null] }])).toThrow(
      new TypeError('options[0].blocks[1] must be an object, got null'),
    );
    expect(refuse([{ kind: 'multipath', subtype: 0, data: [0] }])).toThrow(
      new TypeError('options[0].data must be a Uint8Array, got an array of length 1'),
    );
  });

  test('an experimental Fast Open option must carry its ExID 0xF989 (RFC 7413 §4.1.1)', () => {
    const option = { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0x1234 } as TcpOption;
    expect(() => encode({ ...base, options: [option] })).toThrow(
      new RangeError('options[0].exid must be 0xF989 for this option, got 0x1234'),
    );
  });
});
