// How one option is checked and sized before it is written (src/options/measure.ts).
//
// The encoder sizes the common options through a fast path (quickOptionLength) and sends anything
// it cannot vouch for to the full check (measureOption). Its contract: where it answers, it gives
// the length measureOption gives (RFC 9293 §3.1 kinds 0-4 and 8, RFC 2018 for SACK: 2 + 8 per block);
// it answers for every well-formed option of those kinds; it declines (-1) everything else, so that
// measureOption can refuse it with a message.
//
// The argument checks at the end: options that are not objects, and their parts, named in the
// TypeError, and the ExID an experimental Fast Open option must carry (RFC 7413 §4.1.1).
import { describe, expect, test } from 'vitest';
import { encode, type TcpHeaderInit } from '../../src/index.ts';
import { measureOption, quickOptionLength, type TcpOption } from '../../src/options.ts';

const block = (left: unknown, right: unknown) => ({ left, right });
const sack = (...blocks: unknown[]) => ({ kind: 'sack', blocks }) as unknown as TcpOption;
const option = (fields: Record<string, unknown>) => fields as unknown as TcpOption;

describe('quickOptionLength', () => {
  test.each<[string, TcpOption, number]>([
    ['eol', option({ kind: 'eol' }), 1],
    ['nop', option({ kind: 'nop' }), 1],
    ['mss 0', option({ kind: 'mss', mss: 0 }), 4],
    ['mss 65535', option({ kind: 'mss', mss: 65535 }), 4],
    ['window scale 0', option({ kind: 'windowScale', shift: 0 }), 3],
    ['window scale 255', option({ kind: 'windowScale', shift: 255 }), 3],
    ['SACK permitted', option({ kind: 'sackPermitted' }), 2],
    ['timestamps 0 / 0', option({ kind: 'timestamps', tsVal: 0, tsEcr: 0 }), 10],
    ['timestamps max / max', option({ kind: 'timestamps', tsVal: 2 ** 32 - 1, tsEcr: 2 ** 32 - 1 }), 10],
    ['SACK, 1 block', sack(block(0, 2 ** 32 - 1)), 10],
    ['SACK, 2 blocks', sack(block(1, 2), block(3, 4)), 18],
    ['SACK, 3 blocks', sack(block(1, 2), block(3, 4), block(5, 6)), 26],
    ['SACK, 4 blocks', sack(block(1, 2), block(3, 4), block(5, 6), block(2 ** 32 - 1, 0)), 34],
  ])('answers for %s with the length measureOption gives', (_, value, length) => {
    expect(quickOptionLength(value, value.kind)).toBe(length);
    expect(measureOption(value, 'option', false)).toBe(length);
  });

  test.each<[string, TcpOption]>([
    ['mss -1', option({ kind: 'mss', mss: -1 })],
    ['mss 65536', option({ kind: 'mss', mss: 65536 })],
    ['mss 1.5', option({ kind: 'mss', mss: 1.5 })],
    ['mss "1"', option({ kind: 'mss', mss: '1' })],
    ['window scale 256', option({ kind: 'windowScale', shift: 256 })],
    ['window scale "7"', option({ kind: 'windowScale', shift: '7' })],
    ['tsVal 2^32', option({ kind: 'timestamps', tsVal: 2 ** 32, tsEcr: 0 })],
    ['tsVal "1"', option({ kind: 'timestamps', tsVal: '1', tsEcr: 0 })],
    ['tsEcr -1', option({ kind: 'timestamps', tsVal: 0, tsEcr: -1 })],
    ['tsEcr "1"', option({ kind: 'timestamps', tsVal: 0, tsEcr: '1' })],
    ['SACK with no block', sack()],
    ['SACK with 5 blocks', sack(block(1, 2), block(1, 2), block(1, 2), block(1, 2), block(1, 2))],
    ['SACK blocks not an array', option({ kind: 'sack', blocks: { length: 1 } })],
    ['SACK block null', sack(null)],
    ['SACK block a number', sack(7)],
    ['SACK second block null', sack(block(1, 2), null)],
    ['SACK left -1', sack(block(-1, 2))],
    ['SACK left "1"', sack(block('1', 2))],
    ['SACK right 2^32', sack(block(1, 2 ** 32))],
    ['SACK right "2"', sack(block(1, '2'))],
  ])('declines %s, which measureOption refuses', (_, value) => {
    expect(quickOptionLength(value, value.kind)).toBe(-1);
    expect(() => measureOption(value, 'option', false)).toThrow();
  });

  test.each<[string, TcpOption]>([
    ['MD5', option({ kind: 'md5', digest: new Uint8Array(16) })],
    ['Fast Open', option({ kind: 'fastOpen', cookie: new Uint8Array(0) })],
    ['raw bytes', option({ kind: 'raw', bytes: Uint8Array.of(1) })],
  ])('leaves %s to measureOption', (_, value) => {
    expect(quickOptionLength(value, value.kind)).toBe(-1);
    expect(measureOption(value, 'option', false)).toBeGreaterThan(0);
  });
});

const base: TcpHeaderInit = { srcPort: 1, dstPort: 2 };

describe('argument checks', () => {
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
