// encodeInto writes the common headers in one pass (writeCommon in src/header.ts): each field of
// the header and of its flags is read once. The full checks read them again, so a header that
// reaches them shows more reads: these tests pin which headers take the one pass, so that a change
// which quietly sends them all the long way (same bytes, half the speed) fails here.
import { describe, expect, test } from 'vitest';
import { encode, encodeInto, type TcpHeaderInit } from '../src/header.ts';
import type { TcpOption } from '../src/options.ts';
import { NO_FLAGS, outcome } from './support/vectors.ts';

/** `target` behind a proxy that counts each property read into `reads` under `prefix`. */
function counted<T extends object>(target: T, reads: Map<string, number>, prefix: string): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      const name = `${prefix}${String(key)}`;
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return Reflect.get(object, key, receiver) as unknown;
    },
  });
}

/** The reads encodeInto makes of `header` and its flags, and the bytes it wrote. */
function readsOf(header: TcpHeaderInit): { reads: Map<string, number>; bytes: Uint8Array } {
  const reads = new Map<string, number>();
  const copy = { ...header };
  if (header.flags !== undefined) copy.flags = counted(header.flags, reads, 'flags.');
  const target = new Uint8Array(60);
  const n = encodeInto(counted(copy, reads, ''), target, 0);
  return { reads, bytes: target.slice(0, n) };
}

const sack: TcpOption = {
  kind: 'sack',
  blocks: [
    { left: 1, right: 2 },
    { left: 3, right: 4 },
  ],
};
const common: TcpOption[] = [
  { kind: 'mss', mss: 1460 },
  { kind: 'sackPermitted' },
  { kind: 'timestamps', tsVal: 0xffffffff, tsEcr: 0 },
  { kind: 'nop' },
  { kind: 'windowScale', shift: 14 },
];

describe('encodeInto reads each field once for the headers stacks send', () => {
  test.each<[string, TcpHeaderInit]>([
    [
      'a bare ACK, every field given',
      {
        srcPort: 33779,
        dstPort: 53,
        seq: 0xffffffff,
        ack: 2 ** 31,
        dataOffset: 5,
        reserved: 7,
        flags: {
          ns: true,
          cwr: true,
          ece: true,
          urg: true,
          ack: true,
          psh: true,
          rst: true,
          syn: true,
          fin: true,
        },
        window: 65535,
        checksum: 0,
        urgentPointer: 1,
        options: [],
        padding: new Uint8Array(0),
      },
    ],
    ['the least: two ports', { srcPort: 1, dstPort: 2 }],
    ['flags given in part, false or left out', { srcPort: 1, dstPort: 2, flags: { syn: true, ack: false } }],
    ['an ACK: the other flags left out', { srcPort: 1, dstPort: 2, flags: { ack: true } }],
    [
      'every flag false',
      {
        srcPort: 1,
        dstPort: 2,
        flags: NO_FLAGS,
      },
    ],
    ['a Linux SYN', { srcPort: 1, dstPort: 2, flags: { syn: true }, options: common }],
    [
      'SACK blocks and a final eol',
      { srcPort: 1, dstPort: 2, options: [{ kind: 'nop' }, sack, { kind: 'eol' }] },
    ],
  ])('%s', (_, header) => {
    const { reads, bytes } = readsOf(header);
    const twice = [...reads].filter(([, count]) => count > 1).map(([name]) => name);
    expect(twice).toEqual([]);
    // One read per field (header and flags): nothing more than the one pass needs.
    expect(reads.get('srcPort')).toBe(1);
    expect(reads.get('options')).toBe(1);
    expect(bytes).toEqual(encode(header));
  });
});

describe('the rest take the full checks, which read the fields again', () => {
  test.each<[string, TcpHeaderInit]>([
    [
      'padding after an eol',
      { srcPort: 1, dstPort: 2, options: [{ kind: 'eol' }], padding: new Uint8Array([0, 0, 0]) },
    ],
    [
      'an option past the common kinds',
      { srcPort: 1, dstPort: 2, options: [{ kind: 'userTimeout', minutes: false, timeout: 5 }] },
    ],
  ])('%s', (_, header) => {
    const { reads, bytes } = readsOf(header);
    expect(reads.get('srcPort')).toBeGreaterThan(1);
    expect(bytes).toEqual(encode(header));
  });
});

const ports = { srcPort: 1, dstPort: 2 };
const nops = (count: number): TcpOption[] => Array.from({ length: count }, () => ({ kind: 'nop' }));
const ts: TcpOption = { kind: 'timestamps', tsVal: 1, tsEcr: 2 };
const bigSack: TcpOption = {
  kind: 'sack',
  blocks: [1, 2, 3].map((k) => ({ left: k, right: k + 1 })),
};

describe('where the one pass must decline, encodeInto says what encode says', () => {
  // Each case is one the one pass hands to the full checks: the same error, or (for the valid
  // ones) the same bytes; and nothing written when it is an error.
  test.each<[string, unknown]>([
    ['srcPort past 65535', { ...ports, srcPort: 65536 }],
    ['dstPort a string', { ...ports, dstPort: '2' }],
    ['seq past 2^32 - 1', { ...ports, seq: 2 ** 32 }],
    ['ack negative', { ...ports, ack: -1 }],
    ['reserved 8', { ...ports, reserved: 8 }],
    ['window not an integer', { ...ports, window: 1.5 }],
    ['checksum null', { ...ports, checksum: null }],
    ['urgentPointer past 65535', { ...ports, urgentPointer: 65536 }],
    ['flags not an object', { ...ports, flags: true }],
    ['flags null', { ...ports, flags: null }],
    ['a flag set to 1', { ...ports, flags: { syn: 1 } }],
    ['a flag set to null', { ...ports, flags: { ns: null } }],
    ['options not an array', { ...ports, options: {} }],
    ['an option that is not an object', { ...ports, options: [1] }],
    ['an option that is null', { ...ports, options: [null] }],
    ['an option of no kind', { ...ports, options: [{ kind: 'nothing' }] }],
    ['an mss past 65535', { ...ports, options: [{ kind: 'mss', mss: 65536 }] }],
    ['an eol before the last option', { ...ports, options: [{ kind: 'eol' }, { kind: 'nop' }] }],
    ['options past 40 bytes (26 + 10 + 5)', { ...ports, options: [bigSack, ts, ...nops(5)] }],
    ['padding that is not bytes', { ...ports, padding: [] }],
    ['padding without a final eol', { ...ports, padding: new Uint8Array([0]) }],
    ['a data offset that disagrees', { ...ports, dataOffset: 6 }],
    ['a data offset past 15', { ...ports, dataOffset: 16 }],
    [
      'valid: padding after a final eol',
      { ...ports, options: [{ kind: 'eol' }], padding: new Uint8Array([0, 0, 0]) },
    ],
  ])('%s', (_, header) => {
    const target = new Uint8Array(64).fill(0xa5);
    const viaInto = outcome(() => target.slice(0, encodeInto(header as TcpHeaderInit, target, 0)));
    expect(viaInto).toEqual(outcome(() => encode(header as TcpHeaderInit)));
    if ('error' in viaInto) expect(target.every((b) => b === 0xa5)).toBe(true);
  });

  test.each<[string, unknown]>([
    ['null', null],
    ['a number', 5],
    ['a function', () => 0],
  ])('a header that is %s', (_, header) => {
    const run = () => encodeInto(header as TcpHeaderInit, new Uint8Array(60));
    expect(run).toThrow(TypeError);
    expect(run).toThrow(/^header must be an object, got /);
  });

  test.each([-1, 1.5, Number.NaN, 61, '0'])('offset %s: the argument check, nothing written', (offset) => {
    const target = new Uint8Array(60).fill(0xa5);
    expect(() => encodeInto(ports, target, offset as number)).toThrow(/^offset /);
    expect(target.every((b) => b === 0xa5)).toBe(true);
  });

  test('a field whose value is an object: its valueOf is never called', () => {
    let calls = 0;
    const sneaky = { valueOf: () => ++calls };
    for (const field of [
      'srcPort',
      'dstPort',
      'seq',
      'ack',
      'reserved',
      'window',
      'checksum',
      'urgentPointer',
    ]) {
      expect(() => encodeInto({ ...ports, [field]: sneaky }, new Uint8Array(60))).toThrow(TypeError);
    }
    expect(calls).toBe(0);
  });

  test('the full path into a target of exactly the header length', () => {
    const header: TcpHeaderInit = {
      ...ports,
      options: [{ kind: 'eol' }],
      padding: new Uint8Array([0, 0, 0]),
    };
    const target = new Uint8Array(24);
    expect(encodeInto(header, target, 0)).toBe(24);
    expect(target).toEqual(encode(header));
  });

  test('a target one byte short: the full path says so, nothing written', () => {
    const target = new Uint8Array(27).fill(0xa5);
    expect(() => encodeInto({ ...ports, options: [ts] }, target, 4)).toThrow(
      new RangeError('target must have 32 bytes from offset 4, got 23'),
    );
    expect(target.every((b) => b === 0xa5)).toBe(true);
  });
});

describe('at the edges the one pass still writes', () => {
  test.each<[string, TcpHeaderInit, number]>([
    ['a target of exactly the length, at an offset', { ...ports, options: [ts] }, 4],
    ['exactly 40 bytes of options (26 + 10 + 4)', { ...ports, options: [bigSack, ts, ...nops(4)] }, 0],
    ['the data offset given and right', { ...ports, options: [ts], dataOffset: 8 }, 0],
    ['an eol last, zero fill after it', { ...ports, options: [{ kind: 'nop' }, { kind: 'eol' }] }, 0],
  ])('%s', (_, header, offset) => {
    const { reads } = readsOf(header);
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    const expected = encode(header);
    const target = new Uint8Array(offset + expected.length);
    expect(encodeInto(header, target, offset)).toBe(expected.length);
    expect(target.subarray(offset)).toEqual(expected);
  });
});
