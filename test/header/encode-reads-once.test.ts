// encode, encodedLength and encodeInto read each field of the header, its flags, its options and
// their parts exactly once, check what they read, and only then write it (hostile-input issue,
// case 2; docs/rules.md E9). A getter or Proxy that answers differently on a second read is never
// asked twice, so no byte is written that was not checked, nothing is written when a check fails,
// and encodeInto writes only target[offset, offset + the length it returns).
import { describe, expect, test } from 'vitest';
import { encode, encodedLength, encodeInto, type TcpHeaderInit } from '../../src/header.ts';
import type { TcpOption } from '../../src/options.ts';
import { ALL_FLAGS, NO_FLAGS, outcome } from '../support/vectors.ts';

/**
 * `value` behind Proxies, all the way down through plain objects and arrays (not byte arrays),
 * counting each property read into `reads` by its path (`options.0.blocks.1.left`).
 */
function counted<T>(value: T, reads: Map<string, number>, path = ''): T {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  return new Proxy(value, {
    get(object, key, receiver) {
      const name = `${path}${String(key)}`;
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return counted(Reflect.get(object, key, receiver) as unknown, reads, `${name}.`);
    },
  });
}

/** The reads encodeInto makes of `header`, and the bytes it wrote. */
function readsOf(header: TcpHeaderInit): { reads: Map<string, number>; bytes: Uint8Array } {
  const reads = new Map<string, number>();
  const target = new Uint8Array(60);
  const n = encodeInto(counted(header, reads), target, 0);
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
const bytes = (...values: number[]) => Uint8Array.from(values);

describe('each field is read once', () => {
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
        flags: ALL_FLAGS,
        window: 65535,
        checksum: 0,
        urgentPointer: 1,
        options: [],
        padding: new Uint8Array(0),
      },
    ],
    ['the least: two ports', { srcPort: 1, dstPort: 2 }],
    ['flags given in part, false or left out', { srcPort: 1, dstPort: 2, flags: { syn: true, ack: false } }],
    ['every flag false', { srcPort: 1, dstPort: 2, flags: NO_FLAGS }],
    ['a Linux SYN', { srcPort: 1, dstPort: 2, flags: { syn: true }, options: common }],
    [
      'SACK blocks and a final eol',
      { srcPort: 1, dstPort: 2, options: [{ kind: 'nop' }, sack, { kind: 'eol' }] },
    ],
    ['padding after an eol', { srcPort: 1, dstPort: 2, options: [{ kind: 'eol' }], padding: bytes(0, 0, 0) }],
    [
      'MD5, user timeout and TCP-AO',
      {
        srcPort: 1,
        dstPort: 2,
        options: [
          { kind: 'md5', digest: new Uint8Array(16).fill(7) },
          { kind: 'userTimeout', minutes: true, timeout: 5 },
          { kind: 'authentication', keyId: 1, rNextKeyId: 2, mac: bytes(9, 9, 9, 9) },
        ],
      },
    ],
    [
      'MPTCP, Fast Open in kind 254, AccECN',
      {
        srcPort: 1,
        dstPort: 2,
        options: [
          { kind: 'multipath', subtype: 2, data: bytes(0x20, 1, 2) },
          { kind: 'fastOpen', cookie: bytes(1, 2, 3, 4), code: 254, exid: 0xf989 },
          { kind: 'accEcn', order: 1, counters: [1, 2] },
        ],
      },
    ],
    [
      'experimental, unknown and raw',
      {
        srcPort: 1,
        dstPort: 2,
        options: [
          { kind: 'experimental', code: 253, exid: 0x1234, data: bytes(1) },
          { kind: 'unknown', code: 99, data: bytes(1, 2) },
          { kind: 'raw', bytes: bytes(1, 1) },
          { kind: 'unknown', code: 1, data: bytes() },
        ],
      },
    ],
  ])('%s', (_, header) => {
    const { reads, bytes: written } = readsOf(header);
    const twice = [...reads].filter(([, count]) => count > 1).map(([name]) => name);
    expect(twice).toEqual([]);
    expect(reads.get('srcPort')).toBe(1);
    expect(written).toEqual(encode(header));
    // encode and encodedLength read once too.
    for (const run of [encode, encodedLength] as const) {
      const more = new Map<string, number>();
      run(counted(header, more));
      expect([...more.values()].every((count) => count === 1)).toBe(true);
    }
  });

  test('with craft: a data offset that disagrees, an option after an eol', () => {
    const header: TcpHeaderInit = {
      srcPort: 1,
      dstPort: 2,
      dataOffset: 15,
      options: [{ kind: 'eol' }, { kind: 'mss', mss: 1 }],
    };
    const reads = new Map<string, number>();
    const target = new Uint8Array(60);
    const n = encodeInto(counted(header, reads), target, 0, { craft: true });
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    expect(target.slice(0, n)).toEqual(encode(header, { craft: true }));
  });
});

/** An object whose `key` answers `first`, then `later` on every read after it. */
function changing<T extends object>(base: T, key: string, first: unknown, later: unknown): T {
  let asked = 0;
  return Object.defineProperty({ ...base }, key, {
    get: () => (asked++ === 0 ? first : later),
    enumerable: true,
  });
}

describe('a getter that answers differently on a second read (hostile-input issue, case 2)', () => {
  /** encodeInto into a buffer of 0xa5 at offset 4: what it returned, and the bytes around it. */
  function into(header: TcpHeaderInit, craft = false) {
    const target = new Uint8Array(80).fill(0xa5);
    const n = encodeInto(header, target, 4, { craft });
    return { n, written: target.slice(4, 4 + n), outside: [...target.slice(0, 4), ...target.slice(4 + n)] };
  }

  test('srcPort 1, then 70000: 1 is written, with an option past the common kinds', () => {
    // A user timeout: before, a kind that sent the header through a second, full read.
    const base = {
      srcPort: 0,
      dstPort: 2,
      options: [{ kind: 'userTimeout', minutes: false, timeout: 1 }] as TcpOption[],
    };
    const { n, written, outside } = into(changing(base, 'srcPort', 1, 70000));
    expect(n).toBe(24);
    expect([...written.slice(0, 2)]).toEqual([0x00, 0x01]);
    expect(outside.every((b) => b === 0xa5)).toBe(true);
  });

  test('options [], then 40 NOPs (with craft): 20 bytes, and nothing past them', () => {
    const nops = Array.from({ length: 40 }, () => ({ kind: 'nop' }) as TcpOption);
    const { n, outside } = into(changing({ srcPort: 1, dstPort: 2 }, 'options', [], nops), true);
    expect(n).toBe(20);
    expect(outside.every((b) => b === 0xa5)).toBe(true);
  });

  test('an option whose kind reads mss, then md5: an MSS option', () => {
    const option = changing({ kind: 'mss', mss: 1460 } as TcpOption, 'kind', 'mss', 'md5');
    const { n, written } = into({ srcPort: 1, dstPort: 2, options: [option] });
    expect(n).toBe(24);
    expect([...written.slice(20)]).toEqual([2, 4, 0x05, 0xb4]);
  });

  test('a SACK edge 1, then 2^32: 1 is written', () => {
    const block = changing({ left: 0, right: 9 }, 'left', 1, 2 ** 32);
    const { written } = into({ srcPort: 1, dstPort: 2, options: [{ kind: 'sack', blocks: [block] }] });
    expect([...written.slice(20, 32)]).toEqual([5, 10, 0, 0, 0, 1, 0, 0, 0, 9, 0, 0]);
  });

  test('an option that fails after others passed: nothing written', () => {
    const target = new Uint8Array(80).fill(0xa5);
    const header = {
      srcPort: 1,
      dstPort: 2,
      options: [
        { kind: 'timestamps', tsVal: 1, tsEcr: 2 },
        { kind: 'mss', mss: 70000 },
      ] as TcpOption[],
    };
    expect(() => encodeInto(header, target, 4)).toThrow(
      new RangeError('options[1].mss must be an integer in 0..65535, got 70000'),
    );
    expect(target.every((b) => b === 0xa5)).toBe(true);
  });
});

describe('a getter that calls the encoder itself', () => {
  test('both encodings come out whole', () => {
    const inner = new Uint8Array(60);
    let innerLength = 0;
    const option = {
      kind: 'timestamps',
      get tsVal() {
        // Encoded while the outer call is between reading its options and writing them.
        innerLength = encodeInto({ srcPort: 7, dstPort: 8, options: [{ kind: 'mss', mss: 1 }] }, inner);
        return 5;
      },
      tsEcr: 6,
    } as TcpOption;
    const outer = encode({ srcPort: 1, dstPort: 2, options: [{ kind: 'nop' }, { kind: 'nop' }, option] });
    expect(outer).toEqual(
      encode({
        srcPort: 1,
        dstPort: 2,
        options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 5, tsEcr: 6 }],
      }),
    );
    expect(inner.slice(0, innerLength)).toEqual(
      encode({ srcPort: 7, dstPort: 8, options: [{ kind: 'mss', mss: 1 }] }),
    );
  });

  test('after a getter threw, the next call encodes as usual', () => {
    const option = {
      kind: 'mss',
      get mss(): number {
        throw new Error('from the getter');
      },
    } as TcpOption;
    expect(() => encode({ srcPort: 1, dstPort: 2, options: [option] })).toThrow('from the getter');
    expect(encodedLength({ srcPort: 1, dstPort: 2, options: [{ kind: 'mss', mss: 1 }] })).toBe(24);
  });
});

const ports = { srcPort: 1, dstPort: 2 };
const nops = (count: number): TcpOption[] => Array.from({ length: count }, () => ({ kind: 'nop' }));
const ts: TcpOption = { kind: 'timestamps', tsVal: 1, tsEcr: 2 };
const bigSack: TcpOption = {
  kind: 'sack',
  blocks: [1, 2, 3].map((k) => ({ left: k, right: k + 1 })),
};

describe('encodeInto says what encode says, and writes nothing on an error', () => {
  // The same error, or (for the valid ones) the same bytes; and nothing written when it is an error.
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

  // 1n and a Symbol: the engine's own TypeError before (found by npm run fuzz).
  test.each([-1, 1.5, Number.NaN, 61, '0', 1n, Symbol('x')])(
    'offset %s: the argument check, nothing written',
    (offset) => {
      const target = new Uint8Array(60).fill(0xa5);
      expect(() => encodeInto(ports, target, offset as number)).toThrow(/^offset /);
      expect(target.every((b) => b === 0xa5)).toBe(true);
    },
  );

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

  test('into a target of exactly the header length', () => {
    const header: TcpHeaderInit = {
      ...ports,
      options: [{ kind: 'eol' }],
      padding: new Uint8Array([0, 0, 0]),
    };
    const target = new Uint8Array(24);
    expect(encodeInto(header, target, 0)).toBe(24);
    expect(target).toEqual(encode(header));
  });

  test('a target one byte short: said so, nothing written', () => {
    const target = new Uint8Array(27).fill(0xa5);
    expect(() => encodeInto({ ...ports, options: [ts] }, target, 4)).toThrow(
      new RangeError('target must have 32 bytes from offset 4, got 23'),
    );
    expect(target.every((b) => b === 0xa5)).toBe(true);
  });
});

describe('at the edges', () => {
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

describe("the target's room is measured after the header is read", () => {
  test('a getter that shrinks the target: the room check says so, nothing written', () => {
    const buffer = new (
      ArrayBuffer as unknown as new (
        n: number,
        o: object,
      ) => ArrayBuffer & { resize(n: number): void }
    )(64, {
      maxByteLength: 64,
    });
    const target = new Uint8Array(buffer).fill(0xa5);
    const header = {
      get srcPort() {
        buffer.resize(4);
        return 1;
      },
      dstPort: 2,
      options: [{ kind: 'mss', mss: 1460 }] as TcpOption[],
    };
    expect(() => encodeInto(header, target, 0)).toThrow(
      new RangeError('target must have 24 bytes from offset 0, got 4'),
    );
    expect([...target]).toEqual([0xa5, 0xa5, 0xa5, 0xa5]);
  });

  test('a getter that detaches the target: the room check says so', () => {
    const target = new Uint8Array(64);
    const header = {
      get srcPort() {
        structuredClone(target.buffer, { transfer: [target.buffer] });
        return 1;
      },
      dstPort: 2,
    };
    expect(() => encodeInto(header, target, 0)).toThrow(
      new RangeError('target must have 20 bytes from offset 0, got 0'),
    );
  });
});

describe('arguments that are not what they claim', () => {
  test.each<[string, unknown, string]>([
    [
      'a target whose length reads 1n',
      new (class extends Uint8Array {
        override get length(): number {
          return 1n as unknown as number;
        }
      })(64),
      'target must be a Uint8Array, got one whose length reads 1n',
    ],
    [
      'a Proxy of a Uint8Array as the target',
      new Proxy(new Uint8Array(64), {}),
      'target must be a Uint8Array, got an object',
    ],
  ])('%s', (_, target, message) => {
    expect(() => encodeInto({ srcPort: 1, dstPort: 2 }, target as Uint8Array)).toThrow(
      new TypeError(message),
    );
  });

  test('options of encode that are null: a TypeError naming them', () => {
    expect(() => encode({ srcPort: 1, dstPort: 2 }, null as never)).toThrow(
      new TypeError('options must be an object, got null'),
    );
  });

  test('an options array whose length reads "3": a TypeError', () => {
    const options = new Proxy([], { get: (t, k) => (k === 'length' ? '3' : Reflect.get(t, k)) });
    expect(() => encode({ srcPort: 1, dstPort: 2, options })).toThrow(
      new TypeError('options and padding must fit in 0..40 bytes, got "3" options'),
    );
  });
});
