// How one option is checked and written (src/options/encode.ts): each field read once, the bytes
// laid out as RFC 9293 §3.2 and each kind's RFC say, only inside the buffer given, and every wrong
// value refused with a message naming the field by its path.
//
// The argument checks at the end: options that are not objects, and their parts, named in the
// TypeError, and the ExID an experimental Fast Open option must carry (RFC 7413 §4.1.1).
import { describe, expect, test } from 'vitest';
import { encode, type TcpHeaderInit } from '../../src/index.ts';
import { encodeOption, measureOption, type TcpOption } from '../../src/options.ts';

const block = (left: unknown, right: unknown) => ({ left, right });
const sack = (...blocks: unknown[]) => ({ kind: 'sack', blocks }) as unknown as TcpOption;
const option = (fields: Record<string, unknown>) => fields as unknown as TcpOption;
const hex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

/** Encodes `value` at `at` into a buffer of `size` bytes of 0xa5: the position returned and the buffer. */
function written(value: TcpOption, at = 0, size = 40): { end: number; buffer: Uint8Array } {
  const buffer = new Uint8Array(size).fill(0xa5);
  const kind = (value as { kind?: unknown }).kind;
  return { end: encodeOption(value, kind, false, buffer, at, 'options', 0), buffer };
}

describe('the bytes of each kind', () => {
  // Expected bytes: the option area of a Linux SYN (test/fixtures/corpus/pcap/bgp-4byte-asn.pcap
  // frame 3, 020405b4 0402 080a27ca70da00000000 01 030309), and the layouts of RFC 2018 §3,
  // RFC 2385 §3, RFC 5482 §2, RFC 5925 §2.2, RFC 8684 §3, RFC 7413 §4.1.1, RFC 9768 §3.2.3, RFC 6994.
  test.each<[string, TcpOption, string]>([
    ['mss 1460', option({ kind: 'mss', mss: 1460 }), '020405b4'],
    ['SACK permitted', option({ kind: 'sackPermitted' }), '0402'],
    ['timestamps', option({ kind: 'timestamps', tsVal: 0x27ca70da, tsEcr: 0 }), '080a27ca70da00000000'],
    ['nop', option({ kind: 'nop' }), '01'],
    ['window scale 9', option({ kind: 'windowScale', shift: 9 }), '030309'],
    ['eol', option({ kind: 'eol' }), '00'],
    [
      'SACK, 2 blocks',
      sack(block(0xca553209, 0xca5537b1), block(1, 0xffffffff)),
      '0512ca553209ca5537b100000001ffffffff',
    ],
    ['MD5', option({ kind: 'md5', digest: new Uint8Array(16).fill(0x11) }), `1312${'11'.repeat(16)}`],
    ['user timeout, minutes', option({ kind: 'userTimeout', minutes: true, timeout: 3 }), '1c048003'],
    ['TCP-AO', option({ kind: 'authentication', keyId: 1, rNextKeyId: 2, mac: hex('aabb') }), '1d060102aabb'],
    ['MPTCP', option({ kind: 'multipath', subtype: 2, data: hex('2001') }), '1e042001'],
    ['Fast Open', option({ kind: 'fastOpen', cookie: hex('01020304') }), '220601020304'],
    ['Fast Open in 254', option({ kind: 'fastOpen', cookie: hex(''), code: 254, exid: 0xf989 }), 'fe04f989'],
    ['AccECN order 1', option({ kind: 'accEcn', order: 1, counters: [1, 0xffffff] }), 'ae08000001ffffff'],
    [
      'AccECN in 253',
      option({ kind: 'accEcn', order: 0, counters: [], code: 253, exid: 0xacc0 }),
      'fd04acc0',
    ],
    [
      'experimental',
      option({ kind: 'experimental', code: 253, exid: 0x1234, data: hex('ff') }),
      'fd051234ff',
    ],
    ['unknown', option({ kind: 'unknown', code: 99, data: hex('0102') }), '63040102'],
    ['unknown, code 1', option({ kind: 'unknown', code: 1, data: hex('') }), '01'],
    ['raw', option({ kind: 'raw', bytes: hex('0101') }), '0101'],
  ])('%s', (_, value, bytes) => {
    const expected = hex(bytes);
    const { end, buffer } = written(value, 3);
    expect(end).toBe(3 + expected.length);
    expect(buffer.slice(3, end)).toEqual(expected);
    // Nothing before or after it.
    expect([...buffer.slice(0, 3), ...buffer.slice(end)].every((b) => b === 0xa5)).toBe(true);
    expect(measureOption(value, 'option', false)).toBe(expected.length);
  });
});

describe('what does not fit in the buffer is not written past it', () => {
  test.each<[string, TcpOption]>([
    ['timestamps straddling the end', option({ kind: 'timestamps', tsVal: 1, tsEcr: 2 })],
    ['MD5 straddling the end', option({ kind: 'md5', digest: new Uint8Array(16) })],
    ['raw bytes straddling the end', option({ kind: 'raw', bytes: new Uint8Array(8).fill(1) })],
  ])('%s: the length is still counted', (_, value) => {
    const { end, buffer } = written(value, 36);
    expect(end).toBe(36 + measureOption(value, 'option', false));
    expect(buffer.length).toBe(40);
  });

  /** A Uint8Array of one byte whose `length` getter answers `claimed`. */
  const claiming = (claimed: unknown) =>
    new (class extends Uint8Array {
      override get length(): number {
        return claimed as number;
      }
    })(1);

  test('bytes that claim a length of 2^32 - 1 are counted, not walked', () => {
    const { end, buffer } = written(option({ kind: 'raw', bytes: claiming(2 ** 32 - 1) }));
    expect(end).toBe(2 ** 32 - 1);
    expect(buffer.every((b) => b === 0xa5)).toBe(true);
  });

  test.each<[unknown, string]>([
    [1.5, '1.5'],
    [-1, '-1'],
    [1n, '1n'],
  ])('bytes whose length reads %s are refused', (claimed, text) => {
    expect(() => written(option({ kind: 'raw', bytes: claiming(claimed) }))).toThrow(
      new TypeError(`options[0].bytes must be a Uint8Array, got one whose length reads ${text}`),
    );
  });

  test('a Proxy of a Uint8Array is refused: its elements would be whatever its traps answer', () => {
    const proxy = new Proxy(new Uint8Array(4), { get: (target, key) => Reflect.get(target, key) as unknown });
    expect(() => written(option({ kind: 'raw', bytes: proxy }))).toThrow(
      new TypeError('options[0].bytes must be a Uint8Array, got an object'),
    );
  });
});

describe('wrong values are refused, naming the field', () => {
  test.each<[string, TcpOption, string]>([
    ['mss -1', option({ kind: 'mss', mss: -1 }), 'option.mss must be an integer in 0..65535, got -1'],
    [
      'mss 65536',
      option({ kind: 'mss', mss: 65536 }),
      'option.mss must be an integer in 0..65535, got 65536',
    ],
    ['mss 1.5', option({ kind: 'mss', mss: 1.5 }), 'option.mss must be an integer in 0..65535, got 1.5'],
    ['mss "1"', option({ kind: 'mss', mss: '1' }), 'option.mss must be an integer in 0..65535, got "1"'],
    [
      'window scale 256',
      option({ kind: 'windowScale', shift: 256 }),
      'option.shift must be an integer in 0..255, got 256',
    ],
    [
      'window scale "7"',
      option({ kind: 'windowScale', shift: '7' }),
      'option.shift must be an integer in 0..255, got "7"',
    ],
    [
      'tsVal 2^32',
      option({ kind: 'timestamps', tsVal: 2 ** 32, tsEcr: 0 }),
      'option.tsVal must be an integer in 0..4294967295, got 4294967296',
    ],
    [
      'tsEcr -1',
      option({ kind: 'timestamps', tsVal: 0, tsEcr: -1 }),
      'option.tsEcr must be an integer in 0..4294967295, got -1',
    ],
    ['SACK with no block', sack(), 'option.blocks must hold 1..4 blocks (RFC 2018 §3), got 0'],
    [
      'SACK with 5 blocks',
      sack(block(1, 2), block(1, 2), block(1, 2), block(1, 2), block(1, 2)),
      'option.blocks must hold 1..4 blocks (RFC 2018 §3), got 5',
    ],
    [
      'SACK blocks not an array',
      option({ kind: 'sack', blocks: { length: 1 } }),
      'option.blocks must be an array, got an object',
    ],
    ['SACK block a number', sack(7), 'option.blocks[0] must be an object, got 7'],
    ['SACK second block null', sack(block(1, 2), null), 'option.blocks[1] must be an object, got null'],
    [
      'SACK left "1"',
      sack(block('1', 2)),
      'option.blocks[0].left must be an integer in 0..4294967295, got "1"',
    ],
    [
      'SACK right 2^32',
      sack(block(1, 2 ** 32)),
      'option.blocks[0].right must be an integer in 0..4294967295, got 4294967296',
    ],
    [
      'AccECN with 4 counters',
      option({ kind: 'accEcn', order: 0, counters: [1, 2, 3, 4] }),
      'option.counters must hold 0..3 counters (RFC 9768 §3.2.3), got 4',
    ],
    [
      'AccECN counter 2^24',
      option({ kind: 'accEcn', order: 0, counters: [2 ** 24] }),
      'option.counters[0] must be an integer in 0..16777215, got 16777216',
    ],
    [
      'MPTCP subtype not the nibble',
      option({ kind: 'multipath', subtype: 1, data: hex('20') }),
      'option.subtype must equal the high nibble of option.data[0] (2), got 1',
    ],
    [
      'MPTCP without data',
      option({ kind: 'multipath', subtype: 0, data: hex('') }),
      'option.data must hold at least 1 byte (the subtype)',
    ],
    [
      'a kind of no name',
      option({ kind: 'toString' }),
      'option.kind must be one of eol, nop, mss, windowScale, sackPermitted, sack, timestamps, md5, userTimeout, authentication, multipath, fastOpen, accEcn, experimental, unknown, raw, got "toString"',
    ],
  ])('%s', (_, value, message) => {
    expect(() => measureOption(value, 'option', false)).toThrow(message);
    // Nothing written when a check fails before any byte of the option is placed.
    const buffer = new Uint8Array(40).fill(0xa5);
    const kind = (value as { kind?: unknown }).kind;
    expect(() => encodeOption(value, kind, false, buffer, 0, 'options', 2)).toThrow(
      message.replaceAll('option.', 'options[2].'),
    );
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
