/**
 * Encoding (docs/rules.md E1-E8): encode, encodeInto, encodedLength and optionCode. Every expected byte string
 * is written by hand from the RFC 9293 §3.1 layout and each option's RFC, with a comment.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { encode, encodedLength, encodeInto, type TcpHeaderInit } from '../src/header.ts';
import { optionCode, type TcpOption } from '../src/options.ts';
import { ALL_FLAGS, bytesToHex, hexToBytes as hex } from './support/vectors.ts';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

/** encode() as hex, so failures print readable diffs. */
const encodeHex = (header: TcpHeaderInit, craft = false): string => bytesToHex(encode(header, { craft }));

/** Hex of the option area of `encode({ srcPort: 0, dstPort: 0, options })`. */
const optionHex = (options: TcpOption[], craft = false): string =>
  bytesToHex(encode({ srcPort: 0, dstPort: 0, options }, { craft }).subarray(20));

/** Expects `run` to throw exactly this error class and message. */
function expectError(run: () => unknown, type: typeof TypeError | typeof RangeError, message: string): void {
  expect(run).toThrow(new type(message));
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
  }
}

describe('fixed fields', () => {
  test('only the ports: every other field zero, data offset 5', () => {
    // 0001 0002 | 00000000 | 00000000 | 50 (data offset 5) 00 | 0000 | 0000 | 0000
    expect(encodeHex({ srcPort: 1, dstPort: 2 })).toBe(
      '00010002 00000000 00000000 5000 0000 0000 0000'.replace(/ /g, ''),
    );
  });

  test('every field set', () => {
    // 01bb (443) c350 (50000) | deadbeef | 00000001 |
    // 5b: data offset 5, reserved 101, NS 1 | 91: CWR (80) + ACK (10) + FIN (01) |
    // 0400 (window 1024) | beef (checksum) | 0007 (urgent pointer)
    const header: TcpHeaderInit = {
      srcPort: 443,
      dstPort: 50000,
      seq: 0xdeadbeef,
      ack: 1,
      reserved: 5,
      flags: { ns: true, cwr: true, ack: true, fin: true },
      window: 1024,
      checksum: 0xbeef,
      urgentPointer: 7,
    };
    expect(encodeHex(header)).toBe('01bbc350deadbeef000000015b910400beef0007');
  });

  test.each([
    ['ns', '51', '00'],
    ['cwr', '50', '80'],
    ['ece', '50', '40'],
    ['urg', '50', '20'],
    ['ack', '50', '10'],
    ['psh', '50', '08'],
    ['rst', '50', '04'],
    ['syn', '50', '02'],
    ['fin', '50', '01'],
  ])('flag %s alone sets byte 12 = %s, byte 13 = %s', (flag, byte12, byte13) => {
    const out = encode({ srcPort: 0, dstPort: 0, flags: { [flag]: true } });
    expect(bytesToHex(out.subarray(12, 14))).toBe(byte12 + byte13);
  });

  test('largest values: all ones', () => {
    const header: TcpHeaderInit = {
      srcPort: 65535,
      dstPort: 65535,
      seq: 4294967295,
      ack: 4294967295,
      reserved: 7,
      flags: ALL_FLAGS,
      window: 65535,
      checksum: 65535,
      urgentPointer: 65535,
    };
    // byte 12 = 5f: data offset 5, reserved 111, NS 1; everything else ff.
    expect(encodeHex(header)).toBe('ffffffffffffffffffffffff5fffffffffffffff');
  });

  test('a Linux SYN: MSS, SACK permitted, timestamps, NOP, window scale', () => {
    // 02 04 05b4 | 04 02 | 08 0a 0001e240 (TSval 123456) 00000000 | 01 | 03 03 07: 20 bytes, data offset 10.
    const header: TcpHeaderInit = {
      srcPort: 50000,
      dstPort: 443,
      seq: 1,
      flags: { syn: true },
      window: 64240,
      options: [
        { kind: 'mss', mss: 1460 },
        { kind: 'sackPermitted' },
        { kind: 'timestamps', tsVal: 123456, tsEcr: 0 },
        { kind: 'nop' },
        { kind: 'windowScale', shift: 7 },
      ],
    };
    // c350 01bb | 00000001 | 00000000 | a0 02 | faf0 (64240) | 0000 | 0000
    expect(encodeHex(header)).toBe(
      'c35001bb0000000100000000a002faf000000000' + '020405b4' + '0402' + '080a0001e24000000000' + '01030307',
    );
  });
});

/** [what, option, its bytes by hand (before any zero fill)]. */
const OPTION_BYTES: [string, TcpOption, string][] = [
  ['eol', { kind: 'eol' }, '00'],
  ['nop', { kind: 'nop' }, '01'],
  // RFC 9293 §3.2: kind 2, length 4, MSS 536 = 0x0218.
  ['mss', { kind: 'mss', mss: 536 }, '02040218'],
  // RFC 7323 §2.2: kind 3, length 3, shift 14.
  ['windowScale', { kind: 'windowScale', shift: 14 }, '03030e'],
  // RFC 2018 §2: kind 4, length 2.
  ['sackPermitted', { kind: 'sackPermitted' }, '0402'],
  // RFC 2018 §3: kind 5, length 10, left 1, right 2.
  ['sack, 1 block', { kind: 'sack', blocks: [{ left: 1, right: 2 }] }, '050a0000000100000002'],
  // kind 5, length 34 (0x22), four blocks; the third wraps.
  [
    'sack, 4 blocks',
    {
      kind: 'sack',
      blocks: [
        { left: 1, right: 2 },
        { left: 3, right: 4 },
        { left: 0xffffff00, right: 0x10 },
        { left: 5, right: 6 },
      ],
    },
    '0522' + '0000000100000002' + '0000000300000004' + 'ffffff0000000010' + '0000000500000006',
  ],
  // RFC 7323 §3: kind 8, length 10, TSval 0x01020304, TSecr 0xffffffff.
  ['timestamps', { kind: 'timestamps', tsVal: 0x01020304, tsEcr: 0xffffffff }, '080a01020304ffffffff'],
  // RFC 2385 §3: kind 19 (0x13), length 18 (0x12), 16-byte digest.
  [
    'md5',
    { kind: 'md5', digest: hex('000102030405060708090a0b0c0d0e0f') },
    '1312000102030405060708090a0b0c0d0e0f',
  ],
  // RFC 5482 §2: kind 28 (0x1c), length 4, G = 1 and timeout 300 = 0x012c: 0x812c.
  ['userTimeout, minutes', { kind: 'userTimeout', minutes: true, timeout: 300 }, '1c04812c'],
  // G = 0, timeout 32767 = 0x7fff.
  ['userTimeout, seconds', { kind: 'userTimeout', minutes: false, timeout: 32767 }, '1c047fff'],
  // RFC 5925 §2.2: kind 29 (0x1d), length 7, KeyID 3, RNextKeyID 4, MAC aa bb cc.
  [
    'authentication',
    { kind: 'authentication', keyId: 3, rNextKeyId: 4, mac: hex('aabbcc') },
    '1d070304aabbcc',
  ],
  // RFC 8684 §3: kind 30 (0x1e), length 4, data 10 02 (subtype 1, MP_JOIN).
  ['multipath', { kind: 'multipath', subtype: 1, data: hex('1002') }, '1e041002'],
  // RFC 7413 §4.1.1: kind 34 (0x22), length 2: a cookie request; length 6: a 4-byte cookie.
  ['fastOpen request', { kind: 'fastOpen', cookie: new Uint8Array(0) }, '2202'],
  ['fastOpen cookie', { kind: 'fastOpen', cookie: hex('01020304') }, '220601020304'],
  // Kind 254 (0xfe), length 4, ExID f989: the pre-RFC Fast Open request.
  ['fastOpen in 254', { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }, 'fe04f989'],
  // RFC 9768 §3.2.3: kind 172 (0xac), length 11 (0x0b), counters 1, 2, 3 (24 bits each).
  ['accEcn order 0', { kind: 'accEcn', order: 0, counters: [1, 2, 3] }, 'ac0b000001000002000003'],
  // kind 174 (0xae), length 2, no counters.
  ['accEcn order 1, empty', { kind: 'accEcn', order: 1, counters: [] }, 'ae02'],
  // Kind 253 (0xfd), length 7, ExID acc1, counter 0x123456.
  [
    'accEcn in 253',
    { kind: 'accEcn', order: 1, counters: [0x123456], code: 253, exid: 0xacc1 },
    'fd07acc1123456',
  ],
  // RFC 6994 §3: kind 253, length 5, ExID 1234, data ab.
  ['experimental', { kind: 'experimental', code: 253, exid: 0x1234, data: hex('ab') }, 'fd051234ab'],
  // Any other kind: 200 (0xc8), length 4, data 01 02; kind 20 with no data.
  ['unknown', { kind: 'unknown', code: 200, data: hex('0102') }, 'c8040102'],
  ['unknown, empty', { kind: 'unknown', code: 20, data: new Uint8Array(0) }, '1402'],
  // Written verbatim, even when the bytes are not a valid TLV.
  ['raw', { kind: 'raw', bytes: hex('dead00') }, 'dead00'],
];

describe('options', () => {
  test.each(OPTION_BYTES)('%s', (_what, option, expected) => {
    const padded = expected + '00'.repeat((4 - ((expected.length / 2) % 4)) % 4);
    expect(optionHex([option])).toBe(padded);
    expect(encodedLength({ srcPort: 0, dstPort: 0, options: [option] })).toBe(20 + padded.length / 2);
  });

  test('zero fill: 7 option bytes become 8, data offset 7, the fill read back as an EOL', () => {
    // 02 04 05 b4 (MSS 1460), 03 03 07 (window scale 7), 00 (fill).
    const out = encode({
      srcPort: 0,
      dstPort: 0,
      options: [
        { kind: 'mss', mss: 1460 },
        { kind: 'windowScale', shift: 7 },
      ],
    });
    expect(out[12]).toBe(0x70);
    expect(bytesToHex(out.subarray(20))).toBe('020405b403030700');
  });

  test('padding after a final eol is written, then zero filled', () => {
    // 02 04 05 b4, 00 (EOL), aa (padding), 00 00 (fill): 8 bytes, data offset 7.
    const out = encode({
      srcPort: 0,
      dstPort: 0,
      options: [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }],
      padding: hex('aa'),
    });
    expect(out[12]).toBe(0x70);
    expect(bytesToHex(out.subarray(20))).toBe('020405b400aa0000');
  });

  test('exactly 40 bytes of options: data offset 15', () => {
    // 4-block SACK (34 bytes) + window scale (3) + 3 NOPs = 40.
    const sack: TcpOption = { kind: 'sack', blocks: [1, 2, 3, 4].map((n) => ({ left: n, right: n })) };
    const nop: TcpOption = { kind: 'nop' };
    const out = encode({
      srcPort: 0,
      dstPort: 0,
      options: [sack, { kind: 'windowScale', shift: 1 }, nop, nop, nop],
    });
    expect(out).toHaveLength(60);
    expect(out[12]).toBe(0xf0);
  });

  test('more than 40 bytes is a RangeError in both modes, counting padding', () => {
    const nops: TcpOption[] = Array.from({ length: 39 }, () => ({ kind: 'nop' }));
    const header: TcpHeaderInit = {
      srcPort: 0,
      dstPort: 0,
      options: [...nops, { kind: 'eol' }],
      padding: hex('00'),
    };
    expectError(() => encode(header), RangeError, 'options and padding must fit in 0..40 bytes, got 41');
    expectError(
      () => encode(header, { craft: true }),
      RangeError,
      'options and padding must fit in 0..40 bytes, got 41',
    );
    expectError(
      () => encodedLength(header),
      RangeError,
      'options and padding must fit in 0..40 bytes, got 41',
    );
  });

  test('SACK with 0 or 5 blocks is a RangeError in both modes', () => {
    for (const count of [0, 5]) {
      const sack: TcpOption = {
        kind: 'sack',
        blocks: Array.from({ length: count }, () => ({ left: 0, right: 0 })),
      };
      const message = `options[0].blocks must hold 1..4 blocks (RFC 2018 §3), got ${count}`;
      expectError(() => optionHex([sack]), RangeError, message);
      expectError(() => optionHex([sack], true), RangeError, message);
    }
  });

  test.each([
    [0, true],
    [1, false],
    [2, false],
    [3, false],
    [4, true],
    [5, false],
    [6, true],
    [16, true],
    [17, false],
    [18, false],
  ])('Fast Open cookie of %i bytes: accepted %s (RFC 7413 §4.1.1: empty or 4..16 even)', (length, ok) => {
    const option: TcpOption = { kind: 'fastOpen', cookie: new Uint8Array(length).fill(7) };
    if (ok) {
      // kind 34 (0x22), length 2 + n, then n bytes of 07.
      expect(optionHex([option]).slice(0, 4 + 2 * length)).toBe(
        `22${(2 + length).toString(16).padStart(2, '0')}${'07'.repeat(length)}`,
      );
    } else {
      const message = `options[0].cookie must be empty or 4..16 bytes of even length (RFC 7413 §4.1.1), got ${length}`;
      expectError(() => optionHex([option]), RangeError, message);
      expectError(() => optionHex([option], true), RangeError, message);
    }
  });

  test('unknown with code 0 or 1 is one byte; with data it is a RangeError even in craft mode', () => {
    // Kinds 0 and 1 are single bytes (RFC 9293 §3.2), however they are spelled (scapy #1694).
    expect(optionHex([{ kind: 'unknown', code: 0, data: new Uint8Array(0) }])).toBe('00000000');
    expect(optionHex([{ kind: 'unknown', code: 1, data: new Uint8Array(0) }])).toBe('01000000');
    expectError(
      () => optionHex([{ kind: 'unknown', code: 1, data: hex('00') }], true),
      RangeError,
      'options[0].data must be empty for code 1, a one-byte option',
    );
  });
});

describe('wrong fields: TypeError for the type, RangeError for the range, naming the field', () => {
  const base = { srcPort: 1, dstPort: 2 };
  const check = (header: unknown, type: typeof TypeError | typeof RangeError, message: string): void => {
    expectError(() => encode(header as TcpHeaderInit), type, message);
    expectError(() => encodedLength(header as TcpHeaderInit), type, message);
    expectError(() => encodeInto(header as TcpHeaderInit, new Uint8Array(60)), type, message);
  };

  test('the header itself', () => {
    check(null, TypeError, 'header must be an object, got null');
    check(7, TypeError, 'header must be an object, got 7');
  });

  test.each([
    ['srcPort', 65535],
    ['dstPort', 65535],
    ['seq', 4294967295],
    ['ack', 4294967295],
    ['window', 65535],
    ['checksum', 65535],
    ['urgentPointer', 65535],
    ['reserved', 7],
  ])('%s must be an integer in 0..%i', (field, max) => {
    const range = `${field} must be an integer in 0..${max}`;
    check({ ...base, [field]: max + 1 }, RangeError, `${range}, got ${max + 1}`);
    check({ ...base, [field]: -1 }, RangeError, `${range}, got -1`);
    check({ ...base, [field]: 1.5 }, RangeError, `${range}, got 1.5`);
    check({ ...base, [field]: Number.NaN }, RangeError, `${range}, got NaN`);
    check({ ...base, [field]: '1' }, TypeError, `${range}, got "1"`);
    check({ ...base, [field]: null }, TypeError, `${range}, got null`);
    expect(encode({ ...base, [field]: max })).toHaveLength(20);
  });

  test('the design example: window 70000', () => {
    check({ ...base, window: 70000 }, RangeError, 'window must be an integer in 0..65535, got 70000');
  });

  test('the ports are required', () => {
    check({ dstPort: 2 }, TypeError, 'srcPort must be an integer in 0..65535, got undefined');
    check({ srcPort: 1 }, TypeError, 'dstPort must be an integer in 0..65535, got undefined');
  });

  test('dataOffset: 5..15 and agreeing, or 0..15 in craft mode', () => {
    check({ ...base, dataOffset: 4 }, RangeError, 'dataOffset must be an integer in 5..15, got 4');
    check({ ...base, dataOffset: 16 }, RangeError, 'dataOffset must be an integer in 5..15, got 16');
    check(
      { ...base, dataOffset: 6 },
      RangeError,
      'dataOffset must be 5 for 0 bytes of options and padding, got 6 (use craft to write it anyway)',
    );
    expectError(
      () => encode({ ...base, dataOffset: 16 }, { craft: true }),
      RangeError,
      'dataOffset must be an integer in 0..15, got 16',
    );
    expect(encode({ ...base, dataOffset: 5 })[12]).toBe(0x50);
  });

  test('flags', () => {
    check({ ...base, flags: 3 }, TypeError, 'flags must be an object, got 3');
    check({ ...base, flags: null }, TypeError, 'flags must be an object, got null');
    check({ ...base, flags: { syn: 1 } }, TypeError, 'flags.syn must be a boolean, got 1');
    check({ ...base, flags: { ns: 'yes' } }, TypeError, 'flags.ns must be a boolean, got "yes"');
  });

  test('options and padding', () => {
    check({ ...base, options: {} }, TypeError, 'options must be an array, got an object');
    check({ ...base, options: [null] }, TypeError, 'options[0] must be an option object, got null');
    check(
      { ...base, options: [{ kind: 'nop' }, { kind: 'bogus' }] },
      TypeError,
      'options[1].kind must be one of eol, nop, mss, windowScale, sackPermitted, sack, timestamps, md5, userTimeout, authentication, multipath, fastOpen, accEcn, experimental, unknown, raw, got "bogus"',
    );
    check({ ...base, padding: [0, 0] }, TypeError, 'padding must be a Uint8Array, got an array of length 2');
  });

  /** [option, error class, message] for `options[0]`. */
  const OPTION_ERRORS: [unknown, typeof TypeError | typeof RangeError, string][] = [
    [{ kind: 'mss', mss: 65536 }, RangeError, 'options[0].mss must be an integer in 0..65535, got 65536'],
    [{ kind: 'mss' }, TypeError, 'options[0].mss must be an integer in 0..65535, got undefined'],
    [
      { kind: 'windowScale', shift: 256 },
      RangeError,
      'options[0].shift must be an integer in 0..255, got 256',
    ],
    [{ kind: 'sack', blocks: 'x' }, TypeError, 'options[0].blocks must be an array, got "x"'],
    [{ kind: 'sack', blocks: [7] }, TypeError, 'options[0].blocks[0] must be an object, got 7'],
    [
      {
        kind: 'sack',
        blocks: [
          { left: 0, right: 0 },
          { left: -1, right: 0 },
        ],
      },
      RangeError,
      'options[0].blocks[1].left must be an integer in 0..4294967295, got -1',
    ],
    [
      { kind: 'sack', blocks: [{ left: 0, right: 2 ** 32 }] },
      RangeError,
      'options[0].blocks[0].right must be an integer in 0..4294967295, got 4294967296',
    ],
    [
      { kind: 'timestamps', tsVal: 2 ** 32, tsEcr: 0 },
      RangeError,
      'options[0].tsVal must be an integer in 0..4294967295, got 4294967296',
    ],
    [
      { kind: 'timestamps', tsVal: 0, tsEcr: -1 },
      RangeError,
      'options[0].tsEcr must be an integer in 0..4294967295, got -1',
    ],
    [
      { kind: 'md5', digest: new Uint8Array(15) },
      RangeError,
      'options[0].digest must be 16 bytes (RFC 2385 §3), got 15',
    ],
    [
      { kind: 'md5', digest: [1] },
      TypeError,
      'options[0].digest must be a Uint8Array, got an array of length 1',
    ],
    [
      { kind: 'userTimeout', minutes: 1, timeout: 0 },
      TypeError,
      'options[0].minutes must be a boolean, got 1',
    ],
    [
      { kind: 'userTimeout', minutes: false, timeout: 32768 },
      RangeError,
      'options[0].timeout must be an integer in 0..32767, got 32768',
    ],
    [
      { kind: 'authentication', keyId: 256, rNextKeyId: 0, mac: new Uint8Array(0) },
      RangeError,
      'options[0].keyId must be an integer in 0..255, got 256',
    ],
    [
      { kind: 'authentication', keyId: 0, rNextKeyId: -1, mac: new Uint8Array(0) },
      RangeError,
      'options[0].rNextKeyId must be an integer in 0..255, got -1',
    ],
    [
      { kind: 'authentication', keyId: 0, rNextKeyId: 0, mac: 'ab' },
      TypeError,
      'options[0].mac must be a Uint8Array, got "ab"',
    ],
    [
      { kind: 'multipath', subtype: 16, data: bytes(0) },
      RangeError,
      'options[0].subtype must be an integer in 0..15, got 16',
    ],
    [
      { kind: 'multipath', subtype: 0, data: new Uint8Array(0) },
      RangeError,
      'options[0].data must hold at least 1 byte (the subtype)',
    ],
    [
      { kind: 'multipath', subtype: 2, data: bytes(0x10) },
      RangeError,
      'options[0].subtype must equal the high nibble of options[0].data[0] (1), got 2',
    ],
    [{ kind: 'fastOpen', cookie: null }, TypeError, 'options[0].cookie must be a Uint8Array, got null'],
    [
      { kind: 'fastOpen', cookie: new Uint8Array(0), code: 30 },
      RangeError,
      'options[0].code must be 253, 254 or left out, got 30',
    ],
    [
      { kind: 'fastOpen', cookie: new Uint8Array(0), exid: 0xf989 },
      RangeError,
      'options[0].exid must be left out unless options[0].code is 253 or 254',
    ],
    [
      { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0x1234 },
      RangeError,
      'options[0].exid must be 0xF989 for this option, got 0x1234',
    ],
    [
      { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254 },
      TypeError,
      'options[0].exid must be an integer in 0..65535, got undefined',
    ],
    [{ kind: 'accEcn', order: 2, counters: [] }, RangeError, 'options[0].order must be 0 or 1, got 2'],
    [{ kind: 'accEcn', order: 0, counters: 5 }, TypeError, 'options[0].counters must be an array, got 5'],
    [
      { kind: 'accEcn', order: 0, counters: [0, 0, 0, 0] },
      RangeError,
      'options[0].counters must hold 0..3 counters (RFC 9768 §3.2.3), got 4',
    ],
    [
      { kind: 'accEcn', order: 0, counters: [2 ** 24] },
      RangeError,
      'options[0].counters[0] must be an integer in 0..16777215, got 16777216',
    ],
    [
      { kind: 'accEcn', order: 0, counters: [], code: 254, exid: 0xacc1 },
      RangeError,
      'options[0].exid must be 0xACC0 for this option, got 0xACC1',
    ],
    [
      { kind: 'experimental', code: 252, exid: 0, data: new Uint8Array(0) },
      RangeError,
      'options[0].code must be 253 or 254, got 252',
    ],
    [
      { kind: 'experimental', code: 253, exid: 0x10000, data: new Uint8Array(0) },
      RangeError,
      'options[0].exid must be an integer in 0..65535, got 65536',
    ],
    [
      { kind: 'experimental', code: 253, exid: 0, data: 0 },
      TypeError,
      'options[0].data must be a Uint8Array, got 0',
    ],
    [
      { kind: 'unknown', code: 256, data: new Uint8Array(0) },
      RangeError,
      'options[0].code must be an integer in 0..255, got 256',
    ],
    [{ kind: 'unknown', code: 9, data: 'x' }, TypeError, 'options[0].data must be a Uint8Array, got "x"'],
    [
      { kind: 'unknown', code: 2, data: bytes(1) },
      RangeError,
      'options[0] has code 2, whose length must be 4; got 3 (use craft to write it anyway)',
    ],
    [
      { kind: 'unknown', code: 5, data: new Uint8Array(0) },
      RangeError,
      'options[0] has code 5, whose length must be 10 or 18 or 26 or 34; got 2 (use craft to write it anyway)',
    ],
    [
      { kind: 'raw', bytes: [1] },
      TypeError,
      'options[0].bytes must be a Uint8Array, got an array of length 1',
    ],
  ];

  test.each(OPTION_ERRORS)('option %j', (option, type, message) => {
    check({ ...base, options: [option] }, type, message);
  });
});

describe('craft mode (docs/rules.md E1-E8): each relaxation, and what stays an error', () => {
  const base = { srcPort: 1, dstPort: 2 };
  // 0001 0002 | 00000000 | 00000000 | byte 12 | 00 | 0000 | 0000 | 0000
  const fixed = (byte12: string): string => `000100020000000000000000${byte12}00000000000000`;

  test('the fixed-part helper is the hand-written header', () => {
    // 0001 0002 | 00000000 | 00000000 | 50 00 | 0000 | 0000 | 0000
    expect(fixed('50')).toBe('0001000200000000000000005000000000000000');
  });

  test('a data offset that disagrees is written as given, without zero fill', () => {
    // Window scale 3 bytes: derived data offset would be 6 with one fill byte. Given 15: byte 12 = f0,
    // 23 bytes written. Given 0: byte 12 = 00.
    const options: TcpOption[] = [{ kind: 'windowScale', shift: 2 }];
    expect(encodeHex({ ...base, dataOffset: 15, options }, true)).toBe(`${fixed('f0')}030302`);
    expect(encodeHex({ ...base, dataOffset: 0 }, true)).toBe(fixed('00'));
    expect(encodedLength({ ...base, dataOffset: 15, options }, { craft: true })).toBe(23);
    // Without a given data offset, craft derives it and zero fills as usual.
    expect(encodeHex({ ...base, options }, true)).toBe(`${fixed('60')}03030200`);
  });

  test('options after an eol', () => {
    // 00 (EOL), then 02 04 05 b4 (MSS 1460), then 00 00 00 fill: 8 bytes, data offset 7.
    const header: TcpHeaderInit = { ...base, options: [{ kind: 'eol' }, { kind: 'mss', mss: 1460 }] };
    expectError(
      () => encode(header),
      RangeError,
      'options[1] follows an eol; put bytes after an eol in padding (or use craft to write them as options)',
    );
    expect(encodeHex(header, true)).toBe(`${fixed('70')}00020405b4000000`);
  });

  test('padding without a final eol', () => {
    // 02 04 05 b4 (MSS), then padding ab cd, then 00 00 fill: data offset 7.
    const header: TcpHeaderInit = { ...base, options: [{ kind: 'mss', mss: 1460 }], padding: hex('abcd') };
    expectError(
      () => encode(header),
      RangeError,
      'padding must follow a final eol option (or use craft to write it anyway)',
    );
    expect(encodeHex(header, true)).toBe(`${fixed('70')}020405b4abcd0000`);
    expectError(
      () => encode({ ...base, padding: hex('01') }),
      RangeError,
      'padding must follow a final eol option (or use craft to write it anyway)',
    );
    // An empty padding needs no eol.
    expect(encodeHex({ ...base, padding: new Uint8Array(0) })).toBe(fixed('50'));
  });

  test('a multipath subtype that disagrees with its data: the data is written', () => {
    // 1e 03 10: kind 30, length 3, data 10 (subtype 1 on the wire although the field says 2).
    const option: TcpOption = { kind: 'multipath', subtype: 2, data: bytes(0x10) };
    expect(optionHex([option], true)).toBe('1e031000');
  });

  test('an AccECN order or Fast Open ExID that disagrees: the given ExID is written', () => {
    // fe 04 acc1: kind 254, length 4, ExID 0xACC1 (order 1) although the field says order 0.
    expect(optionHex([{ kind: 'accEcn', order: 0, counters: [], code: 254, exid: 0xacc1 }], true)).toBe(
      'fe04acc1',
    );
    // fd 04 1234: Fast Open request carried under ExID 0x1234.
    expect(optionHex([{ kind: 'fastOpen', cookie: new Uint8Array(0), code: 253, exid: 0x1234 }], true)).toBe(
      'fd041234',
    );
  });

  test('an unknown option at a length its fixed-size kind forbids', () => {
    // 02 03 aa: kind 2 (MSS) with length 3.
    expect(optionHex([{ kind: 'unknown', code: 2, data: bytes(0xaa) }], true)).toBe('0203aa00');
  });

  test('raw options are written verbatim in both modes', () => {
    // fe 00: kind 254 with length 0, which decode rejects.
    expect(optionHex([{ kind: 'raw', bytes: hex('fe00') }])).toBe('fe000000');
    expect(optionHex([{ kind: 'raw', bytes: hex('fe00') }], true)).toBe('fe000000');
  });

  test('values that cannot be written at all stay errors', () => {
    const craft = { craft: true };
    expectError(
      () => encode({ ...base, window: 70000 }, craft),
      RangeError,
      'window must be an integer in 0..65535, got 70000',
    );
    expectError(
      () => encode({ ...base, reserved: 8 }, craft),
      RangeError,
      'reserved must be an integer in 0..7, got 8',
    );
    expectError(
      () => encode({ ...base, options: [{ kind: 'md5', digest: new Uint8Array(17) }] }, craft),
      RangeError,
      'options[0].digest must be 16 bytes (RFC 2385 §3), got 17',
    );
    expectError(
      () => encode({ ...base, options: [{ kind: 'multipath', subtype: 0, data: new Uint8Array(0) }] }, craft),
      RangeError,
      'options[0].data must hold at least 1 byte (the subtype)',
    );
    expectError(
      () => encode({ ...base, options: [{ kind: 'fastOpen', cookie: new Uint8Array(0), exid: 1 }] }, craft),
      RangeError,
      'options[0].exid must be left out unless options[0].code is 253 or 254',
    );
    expectError(
      () =>
        encode({ ...base, options: [{ kind: 'accEcn', order: 0, counters: [], code: 30 as 253 }] }, craft),
      RangeError,
      'options[0].code must be 253, 254 or left out, got 30',
    );
  });
});

describe('encodedLength', () => {
  test.each([
    [{ srcPort: 1, dstPort: 2 }, 20],
    [{ srcPort: 1, dstPort: 2, options: [{ kind: 'nop' }] as TcpOption[] }, 24],
    [{ srcPort: 1, dstPort: 2, options: [{ kind: 'timestamps', tsVal: 0, tsEcr: 0 }] as TcpOption[] }, 32],
    [{ srcPort: 1, dstPort: 2, options: [{ kind: 'raw', bytes: new Uint8Array(40) }] as TcpOption[] }, 60],
  ])('%j is %i bytes, as many as encode writes', (header, length) => {
    expect(encodedLength(header)).toBe(length);
    expect(encode(header)).toHaveLength(length);
  });
});

describe('encodeInto', () => {
  const header: TcpHeaderInit = {
    srcPort: 80,
    dstPort: 5000,
    flags: { ack: true },
    options: [{ kind: 'windowScale', shift: 7 }],
  };
  // 0050 1388 | 00000000 | 00000000 | 60 10 | 0000 | 0000 | 0000 | 03 03 07 00
  const expected = '005013880000000000000000601000000000000003030700';

  test('writes at the offset, returns the length, touches nothing outside', () => {
    const target = new Uint8Array(40).fill(0xaa);
    expect(encodeInto(header, target, 10)).toBe(24);
    expect(bytesToHex(target.subarray(10, 34))).toBe(expected);
    expect(target.subarray(0, 10).every((b) => b === 0xaa)).toBe(true);
    expect(target.subarray(34).every((b) => b === 0xaa)).toBe(true);
  });

  test('the zero fill overwrites what the target held', () => {
    const target = new Uint8Array(24).fill(0xff);
    encodeInto(header, target);
    expect(bytesToHex(target)).toBe(expected);
  });

  test('a target exactly long enough, a Buffer, and a subarray', () => {
    const exact = new Uint8Array(24);
    expect(encodeInto(header, exact, 0)).toBe(24);
    const buffer = Buffer.alloc(30, 0xee);
    expect(encodeInto(header, buffer, 6)).toBe(24);
    expect(bytesToHex(buffer.subarray(6))).toBe(expected);
    const backing = new Uint8Array(50).fill(0xcc);
    const view = backing.subarray(13, 37);
    encodeInto(header, view);
    expect(bytesToHex(backing.subarray(13, 37))).toBe(expected);
    expect(backing[12]).toBe(0xcc);
    expect(backing[37]).toBe(0xcc);
  });

  test('a target too short is a RangeError and nothing is written', () => {
    const target = new Uint8Array(30).fill(0xaa);
    expectError(
      () => encodeInto(header, target, 10),
      RangeError,
      'target must have 24 bytes from offset 10, got 20',
    );
    expect(target.every((b) => b === 0xaa)).toBe(true);
    expectError(
      () => encodeInto(header, target, 30),
      RangeError,
      'target must have 24 bytes from offset 30, got 0',
    );
  });

  test('a bad header writes nothing', () => {
    const target = new Uint8Array(60).fill(0xaa);
    expect(() => encodeInto({ ...header, urgentPointer: -1 }, target)).toThrow(RangeError);
    expect(target.every((b) => b === 0xaa)).toBe(true);
  });

  test('wrong target and offset arguments', () => {
    expectError(
      () => encodeInto(header, [] as unknown as Uint8Array),
      TypeError,
      'target must be a Uint8Array, got an array of length 0',
    );
    expectError(
      () => encodeInto(header, new DataView(new ArrayBuffer(60)) as unknown as Uint8Array),
      TypeError,
      'target must be a Uint8Array, got DataView of length 60',
    );
    const target = new Uint8Array(30);
    expectError(
      () => encodeInto(header, target, 31),
      RangeError,
      'offset must be an integer in 0..30, got 31',
    );
    expectError(
      () => encodeInto(header, target, -1),
      RangeError,
      'offset must be an integer in 0..30, got -1',
    );
    expectError(
      () => encodeInto(header, target, '2' as unknown as number),
      TypeError,
      'offset must be an integer in 0..30, got "2"',
    );
  });

  test('craft is passed through', () => {
    const target = new Uint8Array(30);
    expect(encodeInto({ srcPort: 1, dstPort: 2, dataOffset: 15 }, target, 0, { craft: true })).toBe(20);
    expect(target[12]).toBe(0xf0);
  });
});

describe('optionCode', () => {
  test.each([
    [{ kind: 'eol' }, 0],
    [{ kind: 'nop' }, 1],
    [{ kind: 'mss', mss: 0 }, 2],
    [{ kind: 'windowScale', shift: 0 }, 3],
    [{ kind: 'sackPermitted' }, 4],
    [{ kind: 'sack', blocks: [] }, 5],
    [{ kind: 'timestamps', tsVal: 0, tsEcr: 0 }, 8],
    [{ kind: 'md5', digest: new Uint8Array(16) }, 19],
    [{ kind: 'userTimeout', minutes: false, timeout: 0 }, 28],
    [{ kind: 'authentication', keyId: 0, rNextKeyId: 0, mac: new Uint8Array(0) }, 29],
    [{ kind: 'multipath', subtype: 0, data: bytes(0) }, 30],
    [{ kind: 'fastOpen', cookie: new Uint8Array(0) }, 34],
    [{ kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }, 254],
    [{ kind: 'accEcn', order: 0, counters: [] }, 172],
    [{ kind: 'accEcn', order: 1, counters: [] }, 174],
    [{ kind: 'accEcn', order: 1, counters: [], code: 253, exid: 0xacc1 }, 253],
    [{ kind: 'experimental', code: 254, exid: 0, data: new Uint8Array(0) }, 254],
    [{ kind: 'unknown', code: 200, data: new Uint8Array(0) }, 200],
    [{ kind: 'raw', bytes: bytes(0x1e, 0x03, 0x20) }, 30],
    [{ kind: 'raw', bytes: new Uint8Array(0) }, undefined],
  ] as [TcpOption, number | undefined][])('%j has code %s', (option, code) => {
    expect(optionCode(option)).toBe(code);
  });

  test('agrees with the kind byte encode writes', () => {
    for (const [, option] of OPTION_BYTES) {
      expect(optionCode(option)).toBe(encode({ srcPort: 0, dstPort: 0, options: [option] })[20]);
    }
  });
});

describe('optionCode checks what it reads (hostile-input issue)', () => {
  test.each<[string, unknown, string]>([
    ['null', null, 'option must be an option object, got null'],
    [
      'no kind',
      {},
      'option.kind must be one of eol, nop, mss, windowScale, sackPermitted, sack, timestamps, md5, userTimeout, authentication, multipath, fastOpen, accEcn, experimental, unknown, raw, got undefined',
    ],
    [
      'an unknown code that is no byte',
      { kind: 'unknown', code: 'x', data: new Uint8Array(0) },
      'option.code must be an integer in 0..255, got "x"',
    ],
    [
      'a Fast Open code of 256',
      { kind: 'fastOpen', cookie: new Uint8Array(0), code: 256 },
      'option.code must be an integer in 0..255, got 256',
    ],
    [
      'an AccECN order of 2',
      { kind: 'accEcn', order: 2, counters: [] },
      'option.order must be 0 or 1, got 2',
    ],
    [
      'raw bytes that are an array',
      { kind: 'raw', bytes: [1] },
      'option.bytes must be a Uint8Array, got an array of length 1',
    ],
  ])('%s', (_, option, message) => {
    expect(() => optionCode(option as TcpOption)).toThrow(message);
  });
});
