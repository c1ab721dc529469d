/**
 * Strict decoding (docs/rules.md D1-D8): every field, every option form, every error with its offset and
 * details in the order of checks, the `offset` argument, Buffer and subarray inputs, wrong arguments,
 * copies of byte fields, tryDecode, decodeSegment and findOption. Every input is decoded by hand in a
 * comment (RFC 9293 §3.1 layout; option layouts from the RFC cited at each row).
 */
import { Buffer } from 'node:buffer';
import { describe, expect, test } from 'vitest';
import { isTcpDecodeError, TcpDecodeError } from '../src/errors.ts';
import { decode, decodeSegment, findOption, type TcpHeader, tryDecode } from '../src/header.ts';
import { decodeLenient } from '../src/lint.ts';
import { TcpView } from '../src/view.ts';
import { bytesToHex, comparable, hexToBytes as hex } from './support/vectors.ts';

/**
 * The fixed part used below unless a test says otherwise:
 *   00 50 | 1f 90 | 00 00 00 01 | 00 00 00 00 | DO | 02 | ff ff | 00 00 | 00 00
 *   ports 80 -> 8080, seq 1, ack 0, byte 12 given, SYN, window 65535, checksum 0, urgent 0.
 */
const FIXED_BEFORE_12 = '0050 1f90 00000001 00000000';
const FIXED_AFTER_12 = '02 ffff 0000 0000';
const withByte12 = (byte12: string, options = ''): Uint8Array =>
  hex(`${FIXED_BEFORE_12} ${byte12} ${FIXED_AFTER_12} ${options}`);

/** A segment whose data offset covers exactly `options` (a multiple of 4 bytes). */
function withOptions(options: string): Uint8Array {
  const length = hex(options).length;
  if (length % 4 !== 0 || length > 40) throw new Error(`option bytes not a word multiple: ${options}`);
  return withByte12(((5 + length / 4) << 4).toString(16), options);
}

function errorOf(bytes: Uint8Array, offset?: number): TcpDecodeError {
  try {
    if (offset === undefined) decode(bytes);
    else decode(bytes, offset);
  } catch (error) {
    if (error instanceof TcpDecodeError) return error;
    throw error;
  }
  throw new Error('decode accepted the bytes');
}

/** The error as a plain object of the fields the design names. */
const errorFields = (e: TcpDecodeError): Record<string, unknown> => ({
  code: e.code,
  offset: e.offset,
  needed: e.needed,
  available: e.available,
  optionKind: e.optionKind,
  optionLength: e.optionLength,
});

const noDetails = { needed: undefined, available: undefined, optionKind: undefined, optionLength: undefined };

describe('fixed fields', () => {
  test('every field of a hand-decoded header', () => {
    // c0 a8        source port 0xc0a8 = 49320
    // 00 50        destination port 80
    // ff ff ff fe  seq 4294967294 (unsigned, not -2)
    // 80 00 00 01  ack 2147483649 (unsigned, not negative)
    // 5b           0101 1011: data offset 5, reserved 101 = 5, NS 1
    // d5           1101 0101: CWR, ECE, not URG, ACK, not PSH, RST, not SYN, FIN
    // ab cd        window 43981
    // 12 34        checksum 4660
    // fe dc        urgent pointer 65244
    const header = decode(hex('c0a8 0050 fffffffe 80000001 5b d5 abcd 1234 fedc'));
    expect(header).toEqual({
      srcPort: 49320,
      dstPort: 80,
      seq: 4294967294,
      ack: 2147483649,
      dataOffset: 5,
      reserved: 5,
      flags: {
        ns: true,
        cwr: true,
        ece: true,
        urg: false,
        ack: true,
        psh: false,
        rst: true,
        syn: false,
        fin: true,
      },
      window: 43981,
      checksum: 4660,
      urgentPointer: 65244,
      options: [],
      padding: new Uint8Array(0),
    });
  });

  test.each([
    ['50', '01', 'fin'],
    ['50', '02', 'syn'],
    ['50', '04', 'rst'],
    ['50', '08', 'psh'],
    ['50', '10', 'ack'],
    ['50', '20', 'urg'],
    ['50', '40', 'ece'],
    ['50', '80', 'cwr'],
    ['51', '00', 'ns'], // byte 12 bit 0 (RFC 3540, AE in RFC 9768)
  ])('byte 12 = %s, byte 13 = %s sets only %s', (byte12, byte13, flag) => {
    const header = decode(hex(`0000 0000 00000000 00000000 ${byte12} ${byte13} 0000 0000 0000`));
    const set = Object.entries(header.flags)
      .filter(([, on]) => on)
      .map(([name]) => name);
    expect(set).toEqual([flag]);
    expect(header.reserved).toBe(0);
  });

  test.each([
    ['52', 1],
    ['54', 2],
    ['58', 4],
    ['5f', 7],
  ])('byte 12 = %s has reserved %i (the 3 bits after the data offset) and NS apart', (byte12, reserved) => {
    const header = decode(hex(`0000 0000 00000000 00000000 ${byte12} 00 0000 0000 0000`));
    expect(header.reserved).toBe(reserved);
    expect(header.flags.ns).toBe(byte12 === '5f');
    expect(header.dataOffset).toBe(5);
  });

  test('all-ones fixed part: the largest value of every field', () => {
    // 60 bytes: ff.. with byte 12 = 0xff (data offset 15, reserved 7, NS) and 40 NOP bytes of options.
    const header = decode(hex(`ffff ffff ffffffff ffffffff ff ff ffff ffff ffff ${'01'.repeat(40)}`));
    expect(header).toMatchObject({
      srcPort: 65535,
      dstPort: 65535,
      seq: 4294967295,
      ack: 4294967295,
      dataOffset: 15,
      reserved: 7,
      window: 65535,
      checksum: 65535,
      urgentPointer: 65535,
    });
    expect(Object.values(header.flags).every((on) => on)).toBe(true);
    expect(header.options).toHaveLength(40);
  });
});

/** [what, option bytes (a multiple of 4), expected options in comparable form, expected padding hex]. */
const OPTION_ROWS: [string, string, unknown[], string][] = [
  // RFC 9293 §3.2: 02 04 05b4 = MSS 1460.
  ['MSS', '02 04 05 b4', [{ kind: 'mss', mss: 1460 }], ''],
  [
    'MSS 0 and 65535',
    '02 04 00 00 02 04 ff ff',
    [
      { kind: 'mss', mss: 0 },
      { kind: 'mss', mss: 65535 },
    ],
    '',
  ],
  // RFC 7323 §2.2: 03 03 0e = shift 14; NOP first.
  ['window scale', '01 03 03 0e', [{ kind: 'nop' }, { kind: 'windowScale', shift: 14 }], ''],
  ['window scale 255', '03 03 ff 00', [{ kind: 'windowScale', shift: 255 }, { kind: 'eol' }], ''],
  // RFC 2018 §2: 04 02.
  ['SACK permitted', '01 01 04 02', [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sackPermitted' }], ''],
  // RFC 2018 §3: 05 0a, left 1, right 2.
  [
    'SACK, 1 block',
    '01 01 05 0a 00000001 00000002',
    [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'sack', blocks: [{ left: 1, right: 2 }] }],
    '',
  ],
  // 05 12: 2 blocks; the second wraps (left 0xfffffff0 > right 0x10).
  [
    'SACK, 2 blocks',
    '01 01 05 12 00000001 00000002 fffffff0 00000010',
    [
      { kind: 'nop' },
      { kind: 'nop' },
      {
        kind: 'sack',
        blocks: [
          { left: 1, right: 2 },
          { left: 4294967280, right: 16 },
        ],
      },
    ],
    '',
  ],
  // 05 1a: 3 blocks.
  [
    'SACK, 3 blocks',
    '01 01 05 1a 0000000a 0000000b 0000000c 0000000d 0000000e 0000000f',
    [
      { kind: 'nop' },
      { kind: 'nop' },
      {
        kind: 'sack',
        blocks: [
          { left: 10, right: 11 },
          { left: 12, right: 13 },
          { left: 14, right: 15 },
        ],
      },
    ],
    '',
  ],
  // RFC 7323 §3: 08 0a TSval ffffffff TSecr 00000001.
  [
    'timestamps',
    '01 01 08 0a ffffffff 00000001',
    [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 4294967295, tsEcr: 1 }],
    '',
  ],
  // RFC 2385 §3: 13 12 + 16-byte digest 00..0f, then EOL and one padding byte.
  [
    'MD5',
    '13 12 000102030405060708090a0b0c0d0e0f 00 00',
    [{ kind: 'md5', digest: { hex: '000102030405060708090a0b0c0d0e0f' } }, { kind: 'eol' }],
    '00',
  ],
  // RFC 5482 §2: 1c 04, G bit 0, timeout 0x001e = 30 seconds.
  ['user timeout, seconds', '1c 04 00 1e', [{ kind: 'userTimeout', minutes: false, timeout: 30 }], ''],
  // 1c 04 80 05: G bit 1, timeout 5 minutes; ff ff: G bit 1, timeout 0x7fff.
  [
    'user timeout, minutes',
    '1c 04 80 05 1c 04 ff ff',
    [
      { kind: 'userTimeout', minutes: true, timeout: 5 },
      { kind: 'userTimeout', minutes: true, timeout: 32767 },
    ],
    '',
  ],
  // RFC 5925 §2.2: 1d 04 KeyID 1 RNextKeyID 2, empty MAC.
  [
    'TCP-AO, empty MAC',
    '1d 04 01 02',
    [{ kind: 'authentication', keyId: 1, rNextKeyId: 2, mac: { hex: '' } }],
    '',
  ],
  // 1d 10: KeyID 5, RNextKeyID 6, 12-byte MAC.
  [
    'TCP-AO, 12-byte MAC',
    '1d 10 05 06 a0a1a2a3a4a5a6a7a8a9aaab',
    [{ kind: 'authentication', keyId: 5, rNextKeyId: 6, mac: { hex: 'a0a1a2a3a4a5a6a7a8a9aaab' } }],
    '',
  ],
  // RFC 8684 §3.1: 1e 0c, 00 = subtype 0 (MP_CAPABLE) version 0, 81 flags, 8-byte key.
  [
    'MPTCP MP_CAPABLE',
    '1e 0c 00 81 0102030405060708',
    [{ kind: 'multipath', subtype: 0, data: { hex: '00810102030405060708' } }],
    '',
  ],
  // 1e 03 20: length 3, subtype 2 (DSS) without its flags byte: still a valid TLV.
  [
    'MPTCP length 3',
    '1e 03 20 00',
    [{ kind: 'multipath', subtype: 2, data: { hex: '20' } }, { kind: 'eol' }],
    '',
  ],
  // 1e 04 f0 00: subtype 15 (experimental).
  ['MPTCP subtype 15', '1e 04 f0 00', [{ kind: 'multipath', subtype: 15, data: { hex: 'f000' } }], ''],
  // RFC 7413 §4.1.1: 22 02 = cookie request.
  [
    'Fast Open request',
    '22 02 01 01',
    [{ kind: 'fastOpen', cookie: { hex: '' } }, { kind: 'nop' }, { kind: 'nop' }],
    '',
  ],
  // 22 06 + 4-byte cookie (the shortest), 22 12 + 16-byte cookie (the longest).
  [
    'Fast Open, 4-byte cookie',
    '22 06 aabbccdd 01 01',
    [{ kind: 'fastOpen', cookie: { hex: 'aabbccdd' } }, { kind: 'nop' }, { kind: 'nop' }],
    '',
  ],
  [
    'Fast Open, 16-byte cookie',
    '22 12 000102030405060708090a0b0c0d0e0f 01 01',
    [
      { kind: 'fastOpen', cookie: { hex: '000102030405060708090a0b0c0d0e0f' } },
      { kind: 'nop' },
      { kind: 'nop' },
    ],
    '',
  ],
  // RFC 9768 §3.2.3: ac 02 = AccECN order 0 without counters.
  [
    'AccECN0, no counters',
    'ac 02 01 01',
    [{ kind: 'accEcn', order: 0, counters: [] }, { kind: 'nop' }, { kind: 'nop' }],
    '',
  ],
  // ae 05 000001 = AccECN order 1, one counter 1.
  [
    'AccECN1, 1 counter',
    'ae 05 000001 01 01 00',
    [{ kind: 'accEcn', order: 1, counters: [1] }, { kind: 'nop' }, { kind: 'nop' }, { kind: 'eol' }],
    '',
  ],
  // ac 08 000001 000002 = two counters.
  ['AccECN0, 2 counters', 'ac 08 000001 000002', [{ kind: 'accEcn', order: 0, counters: [1, 2] }], ''],
  // ae 0b 000001 000002 ffffff = three counters, the last 2^24 - 1.
  [
    'AccECN1, 3 counters',
    'ae 0b 000001 000002 ffffff 00',
    [{ kind: 'accEcn', order: 1, counters: [1, 2, 16777215] }, { kind: 'eol' }],
    '',
  ],
  // RFC 6994 §3: fd 06 ExID 1234, data abcd.
  [
    'experiment 253',
    'fd 06 1234 abcd 01 01',
    [
      { kind: 'experimental', code: 253, exid: 0x1234, data: { hex: 'abcd' } },
      { kind: 'nop' },
      { kind: 'nop' },
    ],
    '',
  ],
  [
    'experiment 254, no data',
    'fe 04 beef',
    [{ kind: 'experimental', code: 254, exid: 0xbeef, data: { hex: '' } }],
    '',
  ],
  // fe 04 f989: pre-RFC Fast Open (ExID 0xF989), cookie request.
  [
    'ExID 0xF989 request',
    'fe 04 f989',
    [{ kind: 'fastOpen', cookie: { hex: '' }, code: 254, exid: 0xf989 }],
    '',
  ],
  // fd 08 f989 01020304: Fast Open in kind 253 with a 4-byte cookie.
  [
    'ExID 0xF989 cookie in 253',
    'fd 08 f989 01020304',
    [{ kind: 'fastOpen', cookie: { hex: '01020304' }, code: 253, exid: 0xf989 }],
    '',
  ],
  // fe 06 f989 0102: a 2-byte cookie is not a Fast Open length: experimental.
  [
    'ExID 0xF989 with 2 bytes',
    'fe 06 f989 0102 01 01',
    [
      { kind: 'experimental', code: 254, exid: 0xf989, data: { hex: '0102' } },
      { kind: 'nop' },
      { kind: 'nop' },
    ],
    '',
  ],
  // fe 07 acc1 000005: AccECN order 1 in kind 254, one counter 5.
  [
    'ExID 0xACC1',
    'fe 07 acc1 000005 00',
    [{ kind: 'accEcn', order: 1, counters: [5], code: 254, exid: 0xacc1 }, { kind: 'eol' }],
    '',
  ],
  // fd 06 acc0 0102: 2 bytes is not a whole counter: experimental.
  [
    'ExID 0xACC0 with 2 bytes',
    'fd 06 acc0 0102 01 01',
    [
      { kind: 'experimental', code: 253, exid: 0xacc0, data: { hex: '0102' } },
      { kind: 'nop' },
      { kind: 'nop' },
    ],
    '',
  ],
  // fd 02, fe 03 aa: no room for an ExID: unknown.
  [
    '253 length 2',
    'fd 02 01 01',
    [{ kind: 'unknown', code: 253, data: { hex: '' } }, { kind: 'nop' }, { kind: 'nop' }],
    '',
  ],
  ['254 length 3', 'fe 03 aa 00', [{ kind: 'unknown', code: 254, data: { hex: 'aa' } }, { kind: 'eol' }], ''],
  // Typed variable kinds at lengths their form does not allow: unknown (docs/rules.md O1-O5).
  [
    'TCP-AO length 3',
    '1d 03 aa 00',
    [{ kind: 'unknown', code: 29, data: { hex: 'aa' } }, { kind: 'eol' }],
    '',
  ],
  [
    'MPTCP length 2',
    '1e 02 01 01',
    [{ kind: 'unknown', code: 30, data: { hex: '' } }, { kind: 'nop' }, { kind: 'nop' }],
    '',
  ],
  ['Fast Open length 4', '22 04 aabb', [{ kind: 'unknown', code: 34, data: { hex: 'aabb' } }], ''],
  [
    'Fast Open length 20',
    `22 14 ${'11'.repeat(18)}`,
    [{ kind: 'unknown', code: 34, data: { hex: '11'.repeat(18) } }],
    '',
  ],
  [
    'AccECN length 3',
    'ac 03 07 00',
    [{ kind: 'unknown', code: 172, data: { hex: '07' } }, { kind: 'eol' }],
    '',
  ],
  ['AccECN length 4', 'ae 04 0000', [{ kind: 'unknown', code: 174, data: { hex: '0000' } }], ''],
  // Any other kind: c8 04 dead = kind 200; 06 06 01020304 = obsolete Echo (RFC 1072).
  ['kind 200', 'c8 04 dead', [{ kind: 'unknown', code: 200, data: { hex: 'dead' } }], ''],
  [
    'kind 6',
    '06 06 01020304 0000',
    [{ kind: 'unknown', code: 6, data: { hex: '01020304' } }, { kind: 'eol' }],
    '00',
  ],
  // Repeats are kept in wire order: MSS 1460 then MSS 536 (0x0218).
  [
    'repeated MSS',
    '02 04 05 b4 02 04 02 18',
    [
      { kind: 'mss', mss: 1460 },
      { kind: 'mss', mss: 536 },
    ],
    '',
  ],
  // EOL first: everything after it is padding, even bytes that look like options.
  ['EOL then option bytes', '00 02 04 05', [{ kind: 'eol' }], '020405'],
  ['EOL then zeros', '00 00 00 00', [{ kind: 'eol' }], '000000'],
];

describe('options', () => {
  test.each(OPTION_ROWS)('%s: %s', (_what, options, expected, padding) => {
    const header = decode(withOptions(options));
    expect(comparable(header.options)).toEqual(expected);
    expect(bytesToHex(header.padding)).toBe(padding);
  });

  test('a header without padding shares one empty padding array', () => {
    // 20 bytes; and 02 04 05 b4 01 01 01 00 (EOL in the last byte, nothing after it).
    const plain = decode(withByte12('50'));
    const eolLast = decode(withOptions('02 04 05 b4 01 01 01 00'));
    expect(plain.padding).toHaveLength(0);
    expect(eolLast.padding).toBe(plain.padding);
    expect(decode(withOptions('01 01 01 01')).padding).toBe(plain.padding);
  });

  test('a TLV never reads past the option area into the payload', () => {
    // data offset 6 with 02 04 05 b4, then payload bytes that look like options.
    const header = decode(hex(`${FIXED_BEFORE_12} 60 ${FIXED_AFTER_12} 020405b4 0303 0e 00`));
    expect(header.options).toEqual([{ kind: 'mss', mss: 1460 }]);
  });
});

/** [what, bytes, expected error fields]. */
const ERROR_ROWS: [string, Uint8Array, Record<string, unknown>][] = [
  // Step 1: fewer than 20 bytes, offset = bytes available.
  ['0 bytes', new Uint8Array(0), { ...noDetails, code: 'TRUNCATED', offset: 0, needed: 20, available: 0 }],
  [
    '19 bytes',
    withByte12('50').subarray(0, 19),
    { ...noDetails, code: 'TRUNCATED', offset: 19, needed: 20, available: 19 },
  ],
  // 19 bytes with data offset 0: step 1 comes before step 2.
  [
    '19 bytes, data offset 0',
    withByte12('00').subarray(0, 19),
    { ...noDetails, code: 'TRUNCATED', offset: 19, needed: 20, available: 19 },
  ],
  // Step 2: data offset below 5, at offset 12.
  ...[0, 1, 2, 3, 4].map((d): [string, Uint8Array, Record<string, unknown>] => [
    `data offset ${d}`,
    withByte12(`${d}0`),
    { ...noDetails, code: 'BAD_DATA_OFFSET', offset: 12 },
  ]),
  // Step 3: fewer than dataOffset * 4 bytes.
  [
    'data offset 6, 23 bytes',
    withByte12('60', '01 01 01'),
    { ...noDetails, code: 'TRUNCATED', offset: 23, needed: 24, available: 23 },
  ],
  // Data offset 15 with 20 bytes: step 3 before any option check.
  [
    'data offset 15, 20 bytes',
    withByte12('f0'),
    { ...noDetails, code: 'TRUNCATED', offset: 20, needed: 60, available: 20 },
  ],
  [
    'data offset 15, 59 bytes',
    withByte12('f0', '01'.repeat(39)),
    { ...noDetails, code: 'TRUNCATED', offset: 59, needed: 60, available: 59 },
  ],
  // Step 4, OPTION_TRUNCATED: a TLV kind in the header's last byte (offset 23, no length byte).
  [
    'kind 2 in the last byte',
    withOptions('01 01 01 02'),
    { ...noDetails, code: 'OPTION_TRUNCATED', offset: 23, optionKind: 2 },
  ],
  [
    'kind 200 in the last byte',
    withOptions('01 01 01 c8'),
    { ...noDetails, code: 'OPTION_TRUNCATED', offset: 23, optionKind: 200 },
  ],
  // OPTION_BAD_LENGTH, length below 2.
  [
    'kind 200 length 0',
    withOptions('c8 00 00 00'),
    { ...noDetails, code: 'OPTION_BAD_LENGTH', offset: 20, optionKind: 200, optionLength: 0 },
  ],
  [
    'kind 30 length 1',
    withOptions('1e 01 00 00'),
    { ...noDetails, code: 'OPTION_BAD_LENGTH', offset: 20, optionKind: 30, optionLength: 1 },
  ],
  // OPTION_OVERRUN: kind 200 length 5 in a 4-byte area; a second option at 22 with length 3 in 2 bytes.
  [
    'kind 200 length 5 in 4 bytes',
    withOptions('c8 05 00 00'),
    { code: 'OPTION_OVERRUN', offset: 20, optionKind: 200, optionLength: 5, needed: 5, available: 4 },
  ],
  [
    'overrun at offset 22',
    withOptions('01 01 c8 03'),
    { code: 'OPTION_OVERRUN', offset: 22, optionKind: 200, optionLength: 3, needed: 3, available: 2 },
  ],
  // MSS length 8 is forbidden and overruns: the overrun is checked first (docs/rules.md D4).
  [
    'MSS length 8 overrunning',
    withOptions('02 08 05 b4'),
    { code: 'OPTION_OVERRUN', offset: 20, optionKind: 2, optionLength: 8, needed: 8, available: 4 },
  ],
  // SACK length 42 in a 40-byte area: overrun, not a bad SACK length.
  [
    'SACK length 42',
    withOptions(`05 2a ${'00'.repeat(38)}`),
    { code: 'OPTION_OVERRUN', offset: 20, optionKind: 5, optionLength: 42, needed: 42, available: 40 },
  ],
];

/** Fixed-size kinds at lengths the table forbids (docs/rules.md O1-O5): OPTION_BAD_LENGTH at the kind byte. */
const BAD_FIXED_LENGTHS: [number, number, string][] = [
  [2, 3, '02 03 00 00'], // MSS is 4
  [2, 5, '02 05 0000 00 000000'],
  [3, 2, '03 02 00 00'], // window scale is 3
  [3, 4, '03 04 00 00'],
  [4, 3, '04 03 00 00'], // SACK permitted is 2
  [4, 4, '04 04 00 00'],
  [5, 2, '05 02 00 00'], // SACK is 2 + 8n, n = 1..4
  [5, 9, '05 09 00000000 000000 000000'],
  [5, 11, '05 0b 00000000 00000000 00 00'],
  [8, 8, '08 08 00000000 0000'], // timestamps are 10
  [8, 12, '08 0c 00000000 00000000 0000'],
  [19, 16, `13 10 ${'00'.repeat(14)}`], // MD5 is 18
  [19, 20, `13 14 ${'00'.repeat(18)}`],
  [28, 3, '1c 03 00 00'], // user timeout is 4
  [28, 6, '1c 06 0000 0000 0000'],
];

describe('errors and their order (docs/rules.md D1-D8)', () => {
  test.each(ERROR_ROWS)('%s', (_what, bytes, expected) => {
    expect(errorFields(errorOf(bytes))).toEqual(expected);
  });

  test.each(BAD_FIXED_LENGTHS)('kind %i with length %i is OPTION_BAD_LENGTH', (kind, length, options) => {
    expect(errorFields(errorOf(withOptions(options)))).toEqual({
      ...noDetails,
      code: 'OPTION_BAD_LENGTH',
      offset: 20,
      optionKind: kind,
      optionLength: length,
    });
  });

  test('a bad option after good ones is reported at its own kind byte', () => {
    // 01 01 (NOPs at 20, 21), 02 03 at 22: MSS with length 3, then 00 00 00 00.
    expect(errorFields(errorOf(withOptions('01 01 02 03 00 00 00 00')))).toMatchObject({
      code: 'OPTION_BAD_LENGTH',
      offset: 22,
      optionKind: 2,
      optionLength: 3,
    });
  });

  test('the first bad option wins; nothing after an EOL is checked', () => {
    // 02 03 (bad MSS at 20), then c8 00 (bad length 0 at 22): the first is reported.
    expect(errorOf(withOptions('02 03 00 c8 00 00 00 00')).offset).toBe(20);
    // 00 at 20 (EOL), then 02 03 ...: padding, not checked.
    expect(decode(withOptions('00 02 03 c8')).options).toEqual([{ kind: 'eol' }]);
  });

  test('EOL and NOP in the last byte are fine', () => {
    expect(decode(withOptions('02 04 05 b4 01 01 01 01')).options).toHaveLength(5);
    expect(decode(withOptions('01 01 01 00')).options.at(-1)).toEqual({ kind: 'eol' });
  });
});

describe('the offset argument', () => {
  const header = withOptions('02 04 05 b4');

  test('decodes the header at offset, ignoring the bytes before', () => {
    const framed = new Uint8Array(7 + header.length + 5).fill(0xee);
    framed.set(header, 7);
    expect(decode(framed, 7)).toEqual(decode(header));
  });

  test('error offsets count from the offset argument', () => {
    // 3 junk bytes, then a header with fe 00 00 00 (kind 254, length 0) at its byte 20.
    const bytes = hex(`eeeeee ${FIXED_BEFORE_12} 60 ${FIXED_AFTER_12} fe000000`);
    expect(errorFields(errorOf(bytes, 3))).toMatchObject({ code: 'OPTION_BAD_LENGTH', offset: 20 });
    // 25 bytes with the header at 10: 15 available.
    expect(errorFields(errorOf(new Uint8Array(25), 10))).toMatchObject({
      code: 'TRUNCATED',
      offset: 15,
      needed: 20,
      available: 15,
    });
  });

  test('offset equal to the length is legal and TRUNCATED with 0 available', () => {
    expect(errorFields(errorOf(header, header.length))).toMatchObject({ code: 'TRUNCATED', available: 0 });
  });

  test('the data offset is read at offset + 12, not at 12', () => {
    // Byte 12 of the buffer is 0x00 (junk); the header at 4 has data offset 6.
    const bytes = new Uint8Array(4 + header.length);
    bytes.set(header, 4);
    bytes[12] = 0x00;
    expect(decode(bytes, 4).dataOffset).toBe(6);
  });
});

describe('inputs: Buffer, subarrays and views into larger buffers', () => {
  const segment = withOptions('02 04 05 b4 01 03 03 07 13 12 000102030405060708090a0b0c0d0e0f 00 01');

  test('a Node Buffer decodes like a Uint8Array', () => {
    expect(decode(Buffer.from(segment))).toEqual(decode(segment));
  });

  test('a Buffer slice from a shared pool (nonzero byteOffset) decodes like a copy', () => {
    const pool = Buffer.alloc(200, 0xff);
    pool.set(segment, 37);
    const slice = pool.subarray(37, 37 + segment.length);
    expect(slice.byteOffset).toBe(37);
    expect(decode(slice)).toEqual(decode(segment));
  });

  test('a Uint8Array subarray over surrounding random bytes decodes like a copy, valid or not', () => {
    // A fixed pseudo-random fill (xorshift), so a decoder that reads outside its view would differ.
    let state = 0x12345678;
    const random = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    };
    const inputs = [
      segment,
      withOptions('01 01 01 02'),
      withOptions('02 08 05 b4'),
      withByte12('f0', '1e 14'),
      withByte12('40'),
      withByte12('50').subarray(0, 13),
    ];
    for (const input of inputs) {
      for (const fill of [0x00, 0xff, -1]) {
        const big = new Uint8Array(input.length + 64);
        for (let i = 0; i < big.length; i++) big[i] = fill === -1 ? random() : fill;
        big.set(input, 32);
        const view = big.subarray(32, 32 + input.length);
        expect(tryDecode(view)).toEqual(tryDecode(input.slice()));
        expect(decodeLenient(view)).toEqual(decodeLenient(input.slice()));
        // The same through the offset argument on a view that ends where the input ends.
        expect(tryDecode(big.subarray(0, 32 + input.length), 32)).toEqual(tryDecode(input.slice()));
      }
    }
  });
});

describe('wrong arguments are TypeError / RangeError, never TcpDecodeError', () => {
  const decoders = {
    decode: (b: unknown, o?: unknown) => decode(b as Uint8Array, o as number),
    tryDecode: (b: unknown, o?: unknown) => tryDecode(b as Uint8Array, o as number),
    decodeSegment: (b: unknown, o?: unknown) => decodeSegment(b as Uint8Array, o as number),
    decodeLenient: (b: unknown, o?: unknown) => decodeLenient(b as Uint8Array, o as number),
  };

  test.each(Object.entries(decoders))('%s checks bytes', (_name, run) => {
    expect(() => run(Array.from({ length: 20 }, () => 0))).toThrow(
      new TypeError('bytes must be a Uint8Array, got an array of length 20'),
    );
    expect(() => run(new Uint16Array(10))).toThrow(
      new TypeError('bytes must be a Uint8Array, got Uint16Array of length 20'),
    );
    expect(() => run(new Uint8ClampedArray(20))).toThrow(TypeError);
    expect(() => run(new ArrayBuffer(20))).toThrow(
      new TypeError('bytes must be a Uint8Array, got an object'),
    );
    expect(() => run(new DataView(new ArrayBuffer(20)))).toThrow(TypeError);
    expect(() => run('0050')).toThrow(new TypeError('bytes must be a Uint8Array, got "0050"'));
    expect(() => run(null)).toThrow(new TypeError('bytes must be a Uint8Array, got null'));
    expect(() => run(undefined)).toThrow(new TypeError('bytes must be a Uint8Array, got undefined'));
  });

  test.each(Object.entries(decoders))('%s checks offset', (_name, run) => {
    const bytes = new Uint8Array(20);
    expect(() => run(bytes, -1)).toThrow(new RangeError('offset must be an integer in 0..20, got -1'));
    expect(() => run(bytes, 21)).toThrow(new RangeError('offset must be an integer in 0..20, got 21'));
    expect(() => run(bytes, 1.5)).toThrow(new RangeError('offset must be an integer in 0..20, got 1.5'));
    expect(() => run(bytes, Number.NaN)).toThrow(RangeError);
    expect(() => run(bytes, '1')).toThrow(new TypeError('offset must be an integer in 0..20, got "1"'));
    expect(() => run(bytes, null)).toThrow(TypeError);
  });
});

describe('byte fields are copies', () => {
  test('changing the input after decoding leaves the header alone', () => {
    // 13 12 + digest 00..0f (MD5), fe 06 1234 abcd (experimental), c8 03 99 (kind 200, data 99),
    // 00 (EOL) and padding 07 x 8: 18 + 6 + 3 + 1 + 8 = 36 bytes, data offset 14.
    const bytes = withOptions(
      '13 12 000102030405060708090a0b0c0d0e0f fe 06 1234 abcd c8 03 99 00 0707070707070707',
    );
    const header = decode(bytes);
    const before = comparable(header);
    bytes.fill(0xee);
    expect(comparable(header)).toEqual(before);
    const md5 = findOption(header, 'md5');
    expect(md5?.digest.buffer).not.toBe(bytes.buffer);
    expect(header.padding.buffer).not.toBe(bytes.buffer);
  });

  test('a Buffer input still gives plain Uint8Array copies, not views into the Buffer', () => {
    // Buffer#slice returns a view, unlike Uint8Array#slice: the decoder must not hand one out.
    // 13 12 + digest 00..0f (MD5), 00 (EOL), 01 (padding).
    const bytes = Buffer.from(withOptions('13 12 000102030405060708090a0b0c0d0e0f 00 01'));
    const header = decode(bytes);
    const md5 = findOption(header, 'md5');
    bytes.fill(0xee);
    expect(bytesToHex(md5?.digest ?? new Uint8Array(0))).toBe('000102030405060708090a0b0c0d0e0f');
    expect(bytesToHex(header.padding)).toBe('01');
    expect(md5?.digest.constructor).toBe(Uint8Array);
    expect(header.padding.constructor).toBe(Uint8Array);
  });

  test('every byte-carrying option form is a copy', () => {
    // 1d 06 01 02 aabb (TCP-AO, MAC aabb), 1e 03 20 (MPTCP), 22 06 01020304 (Fast Open),
    // fd 05 1234 cc (experimental 253), 00 (EOL): 6 + 3 + 6 + 5 + 1 = 21, + 3 padding = 24.
    const bytes = withOptions('1d 06 01 02 aabb 1e 03 20 22 06 01020304 fd 05 1234 cc 00 000000');
    const header = decode(bytes);
    const before = comparable(header.options);
    bytes.fill(0);
    expect(comparable(header.options)).toEqual(before);
  });
});

describe('tryDecode', () => {
  test('ok with the header decode gives', () => {
    const bytes = withOptions('02 04 05 b4');
    expect(tryDecode(bytes)).toEqual({ ok: true, header: decode(bytes) });
  });

  test('not ok with the TcpDecodeError decode throws', () => {
    const bytes = withOptions('02 08 05 b4');
    const result = tryDecode(bytes);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(TcpDecodeError);
    expect(isTcpDecodeError(result.error)).toBe(true);
    expect(errorFields(result.error)).toEqual(errorFields(errorOf(bytes)));
    expect(result.error.message).toBe(errorOf(bytes).message);
  });

  test('honours the offset argument', () => {
    const bytes = hex(`ffff ${FIXED_BEFORE_12} 50 ${FIXED_AFTER_12}`);
    expect(tryDecode(bytes, 2)).toMatchObject({ ok: true, header: { srcPort: 80, dstPort: 8080 } });
  });
});

describe('decodeSegment', () => {
  test('returns the header and the payload as a view, not a copy', () => {
    // 24-byte header (MSS 1460), then payload 68 65 6c 6c 6f ("hello").
    const bytes = hex(`${FIXED_BEFORE_12} 60 ${FIXED_AFTER_12} 020405b4 68656c6c6f`);
    const { header, payload } = decodeSegment(bytes);
    expect(header).toEqual(decode(bytes));
    expect(bytesToHex(payload)).toBe('68656c6c6f');
    expect(payload.buffer).toBe(bytes.buffer);
    expect(payload.byteOffset).toBe(bytes.byteOffset + 24);
    bytes[24] = 0x48;
    expect(payload[0]).toBe(0x48);
  });

  test('with an offset, the payload starts after the header at that offset', () => {
    // 2 junk bytes, a 20-byte header, payload 01 02 03.
    const bytes = hex(`eeee ${FIXED_BEFORE_12} 50 ${FIXED_AFTER_12} 010203`);
    const { payload } = decodeSegment(bytes, 2);
    expect(bytesToHex(payload)).toBe('010203');
    expect(payload.byteOffset).toBe(22);
  });

  test('an empty payload, and the errors of decode', () => {
    expect(decodeSegment(withByte12('50')).payload).toHaveLength(0);
    expect(() => decodeSegment(withByte12('a0'))).toThrow(TcpDecodeError);
  });
});

describe('findOption', () => {
  const header: TcpHeader = decode(withOptions('01 02 04 05 b4 02 04 02 18 03 03 07'));
  // 01 NOP, 02 04 05b4 MSS 1460, 02 04 0218 MSS 536, 03 03 07 window scale 7.

  test('finds the first option of a kind, typed by that kind', () => {
    const mss = findOption(header, 'mss');
    expect(mss?.mss).toBe(1460);
    expect(findOption(header, 'windowScale')?.shift).toBe(7);
    expect(findOption(header, 'nop')).toEqual({ kind: 'nop' });
  });

  test('undefined when absent, or when there are no options', () => {
    expect(findOption(header, 'timestamps')).toBeUndefined();
    expect(findOption({}, 'mss')).toBeUndefined();
    expect(findOption({ options: undefined }, 'mss')).toBeUndefined();
  });

  test('works on a header being built', () => {
    const init = { srcPort: 1, dstPort: 2, options: [{ kind: 'sackPermitted' }] as const };
    expect(findOption(init, 'sackPermitted')).toEqual({ kind: 'sackPermitted' });
  });
});

describe('a Proxy of a Uint8Array is no Uint8Array (hostile-input issue)', () => {
  // instanceof sees through a Proxy, but its elements are whatever its traps answer: a BigInt made
  // the readers throw the engine's "Cannot mix BigInt and other types".
  const proxy = new Proxy(new Uint8Array(20), {
    get: (target, key) => (key === '12' ? 5n : (Reflect.get(target, key) as unknown)),
  });

  test.each([
    ['decode', () => decode(proxy)],
    ['TcpView.from', () => TcpView.from(proxy)],
  ])('%s refuses it, naming the argument', (_, run) => {
    expect(run).toThrow(new TypeError('bytes must be a Uint8Array, got an object'));
  });
});
