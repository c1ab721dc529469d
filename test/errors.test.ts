/**
 * TcpDecodeError and isTcpDecodeError (also for errors from another realm or another copy of the
 * library), the messages decode gives, and the argument checks every public function uses (guards.ts),
 * as encode, encodedLength, encodeInto and decode give them: the flags, the 32-bit fields, long values
 * cut in messages, what counts as bytes, and craft mode only when asked for.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { isTcpDecodeError, TcpDecodeError } from '../src/errors.ts';
import {
  assertBoolean,
  assertBytes,
  assertInteger,
  assertOffset,
  describe as describeValue,
  isBytes,
} from '../src/guards.ts';
import { decode, encode, encodedLength, encodeInto, type TcpHeaderInit, tryDecode } from '../src/header.ts';
import { hexToBytes as hex } from './support/vectors.ts';

const base: TcpHeaderInit = { srcPort: 1, dstPort: 2 };

function errorOf(bytes: Uint8Array): TcpDecodeError {
  const result = tryDecode(bytes);
  if (result.ok) throw new Error('decode accepted the bytes');
  return result.error;
}

describe('TcpDecodeError', () => {
  test('carries code, offset, message and details', () => {
    const error = new TcpDecodeError('OPTION_OVERRUN', 22, 'overrun', {
      needed: 8,
      available: 4,
      optionKind: 2,
      optionLength: 8,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(TcpDecodeError);
    expect(error.name).toBe('TcpDecodeError');
    expect(error.message).toBe('overrun');
    expect(error).toMatchObject({
      code: 'OPTION_OVERRUN',
      offset: 22,
      needed: 8,
      available: 4,
      optionKind: 2,
      optionLength: 8,
    });
    expect(String(error)).toBe('TcpDecodeError: overrun');
    expect(error.stack).toContain('TcpDecodeError');
  });

  test('details left out are undefined', () => {
    const error = new TcpDecodeError('BAD_DATA_OFFSET', 12, 'bad');
    expect(error.needed).toBeUndefined();
    expect(error.available).toBeUndefined();
    expect(error.optionKind).toBeUndefined();
    expect(error.optionLength).toBeUndefined();
  });

  // Fixed part: 0050 1f90 | 00000001 | 00000000 | byte 12 | 02 (SYN) | ffff | 0000 | 0000.
  const seg = (byte12: string, options = ''): Uint8Array =>
    hex(`0050 1f90 00000001 00000000 ${byte12} 02 ffff 0000 0000 ${options}`);

  test.each([
    // 12 bytes: the numbers needed and available.
    ['TRUNCATED below 20', seg('50').subarray(0, 12), /truncated.*20.*12/],
    // byte 12 = a0: data offset 10 needs 40 bytes, 20 there.
    ['TRUNCATED below the data offset', seg('a0'), /data offset 10.*40.*20/],
    // byte 12 = 30: data offset 3.
    ['BAD_DATA_OFFSET', seg('30'), /data offset 3.*below 5/],
    // 01 01 01 08: kind 8 at 23.
    ['OPTION_TRUNCATED', seg('60', '01010108'), /kind 8 at offset 23.*no length byte/],
    // fe 00 00 00: kind 254, length 0, at 20.
    ['OPTION_BAD_LENGTH', seg('60', 'fe000000'), /kind 254 at offset 20 has length 0/],
    // 02 03 00 00: MSS, length 3.
    ['OPTION_BAD_LENGTH for a fixed kind', seg('60', '02030000'), /kind 2 at offset 20 has length 3/],
    // 02 08 05 b4: length 8, 4 bytes left.
    ['OPTION_OVERRUN', seg('60', '020805b4'), /kind 2 at offset 20 has length 8 but only 4 bytes remain/],
  ])('%s: the message names what is wrong and where', (_what, bytes, pattern) => {
    expect(errorOf(bytes).message).toMatch(pattern);
  });
});

describe('isTcpDecodeError', () => {
  test('true for the errors decode throws', () => {
    let caught: unknown;
    try {
      decode(new Uint8Array(3));
    } catch (error) {
      caught = error;
    }
    expect(isTcpDecodeError(caught)).toBe(true);
  });

  test('true for the same error from another copy of the library (a bundled duplicate)', () => {
    class OtherCopyError extends Error {
      override readonly name = 'TcpDecodeError';
      readonly code = 'TRUNCATED';
      readonly offset = 3;
    }
    const error = new OtherCopyError('truncated');
    expect(error instanceof TcpDecodeError).toBe(false);
    expect(isTcpDecodeError(error)).toBe(true);
  });

  test('true for the same error from another realm (a vm context or iframe)', () => {
    const error: unknown = runInNewContext(
      `const e = new Error('truncated'); e.name = 'TcpDecodeError'; e.code = 'TRUNCATED'; e.offset = 3; e`,
    );
    expect(error instanceof Error).toBe(false);
    expect(isTcpDecodeError(error)).toBe(true);
  });

  test.each([
    ['a TypeError', new TypeError('x')],
    ['an Error without a code', Object.assign(new Error('x'), { name: 'TcpDecodeError', offset: 1 })],
    [
      'an Error with a numeric code',
      Object.assign(new Error('x'), { name: 'TcpDecodeError', code: 1, offset: 1 }),
    ],
    [
      'an Error without an offset',
      Object.assign(new Error('x'), { name: 'TcpDecodeError', code: 'TRUNCATED' }),
    ],
    [
      'a plain object shaped like one',
      { name: 'TcpDecodeError', code: 'TRUNCATED', offset: 1, message: 'x' },
    ],
    [
      "another realm's TypeError",
      runInNewContext(`const e = new TypeError('x'); e.code = 'X'; e.offset = 1; e`),
    ],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'TcpDecodeError'],
  ])('false for %s', (_what, value) => {
    expect(isTcpDecodeError(value)).toBe(false);
  });
});

describe('isBytes and assertBytes', () => {
  test('a Uint8Array from another realm is bytes, and decodes', () => {
    // 20 bytes: 0050 1f90 00000001 00000000 50 02 ffff 0000 0000.
    const foreign: unknown = runInNewContext(
      'Uint8Array.from([0,0x50,0x1f,0x90,0,0,0,1,0,0,0,0,0x50,2,0xff,0xff,0,0,0,0])',
    );
    expect(foreign instanceof Uint8Array).toBe(false);
    expect(isBytes(foreign)).toBe(true);
    expect(decode(foreign as Uint8Array)).toMatchObject({
      srcPort: 80,
      dstPort: 8080,
      seq: 1,
      flags: { syn: true },
    });
  });

  test.each([
    [[1, 2], 'an array of length 2'],
    [new Int8Array(3), 'Int8Array of length 3'],
    [new Uint8ClampedArray(3), 'Uint8ClampedArray of length 3'],
    [new ArrayBuffer(3), 'an object'],
    [null, 'null'],
  ])('%o is not bytes: TypeError naming the label', (value, description) => {
    expect(isBytes(value)).toBe(false);
    expect(() => assertBytes(value, 'payload')).toThrow(
      new TypeError(`payload must be a Uint8Array, got ${description}`),
    );
  });
});

describe('argument checks', () => {
  test('assertInteger: TypeError for a non-number, RangeError for the rest', () => {
    expect(() => assertInteger(5, 'x', 0, 7)).not.toThrow();
    expect(() => assertInteger(0, 'x', 0, 7)).not.toThrow();
    expect(() => assertInteger(7, 'x', 0, 7)).not.toThrow();
    expect(() => assertInteger(8, 'x', 0, 7)).toThrow(new RangeError('x must be an integer in 0..7, got 8'));
    expect(() => assertInteger(-0.5, 'x', 0, 7)).toThrow(
      new RangeError('x must be an integer in 0..7, got -0.5'),
    );
    expect(() => assertInteger(Number.POSITIVE_INFINITY, 'x', 0, 7)).toThrow(RangeError);
    expect(() => assertInteger(5n, 'x', 0, 7)).toThrow(new TypeError('x must be an integer in 0..7, got 5n'));
    expect(() => assertInteger('5', 'x', 0, 7)).toThrow(
      new TypeError('x must be an integer in 0..7, got "5"'),
    );
  });

  test('assertBoolean', () => {
    expect(() => assertBoolean(false, 'flag')).not.toThrow();
    expect(() => assertBoolean(0, 'flag')).toThrow(new TypeError('flag must be a boolean, got 0'));
  });

  test('assertOffset: an integer in 0..length, labelled offset by default', () => {
    expect(() => assertOffset(10, 10)).not.toThrow();
    expect(() => assertOffset(11, 10)).toThrow(new RangeError('offset must be an integer in 0..10, got 11'));
    expect(() => assertOffset(-1, 10, 'start')).toThrow(
      new RangeError('start must be an integer in 0..10, got -1'),
    );
  });

  test.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['abc', '"abc"'],
    ['x'.repeat(50), `"${'x'.repeat(40)}…"`],
    [12, '12'],
    [true, 'true'],
    [3n, '3n'],
    [[1, 2, 3], 'an array of length 3'],
    [new Uint16Array(2), 'Uint16Array of length 4'],
    [new DataView(new ArrayBuffer(6)), 'DataView of length 6'],
    [() => 1, 'a function'],
    [{ a: 1 }, 'an object'],
    [Symbol('s'), 'symbol'],
  ])('describe(%o) is %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

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
});
