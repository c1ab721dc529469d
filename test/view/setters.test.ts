// TcpView's setters (src/view/view.ts, src/view/flags.ts): each writes only its own bytes (smoltcp's
// 0xa5-prefilled buffer), values are checked as the encoder checks them, and the data offset setter
// stays within the bytes, for a view at an offset too.
import { describe, expect, test } from 'vitest';
import { encode, TcpView } from '../../src/index.ts';
import { hexToBytes, thrown } from '../support/vectors.ts';
import { buffer, fixed, JUNK } from '../support/view-headers.ts';

describe('setters', () => {
  /** A 0xa5-filled buffer with a bare 20-byte header at offset 2 and 2 bytes after it. */
  function fresh(): { bytes: Uint8Array; view: TcpView } {
    const bytes = new Uint8Array(24).fill(0xa5);
    bytes[2 + 12] = 0x50; // data offset 5, reserved 0, NS 0
    bytes[2 + 13] = 0x00;
    return { bytes, view: TcpView.from(bytes, 2) };
  }

  /** Which bytes differ between two arrays, as [index, value] pairs. */
  function changed(before: Uint8Array, after: Uint8Array): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < after.length; i++) if (before[i] !== after[i]) out.push([i, after[i]!]);
    return out;
  }

  const writes: [string, (v: TcpView) => void, [number, number][]][] = [
    [
      'srcPort',
      (v) => (v.srcPort = 0x1234),
      [
        [2, 0x12],
        [3, 0x34],
      ],
    ],
    [
      'dstPort',
      (v) => (v.dstPort = 443),
      [
        [4, 0x01],
        [5, 0xbb],
      ],
    ],
    [
      'seq',
      (v) => (v.seq = 0xdeadbeef),
      [
        [6, 0xde],
        [7, 0xad],
        [8, 0xbe],
        [9, 0xef],
      ],
    ],
    [
      'ack',
      (v) => (v.ack = 0x01020304),
      [
        [10, 1],
        [11, 2],
        [12, 3],
        [13, 4],
      ],
    ],
    ['reserved', (v) => (v.reserved = 7), [[14, 0x5e]]],
    [
      'flagBits',
      (v) => (v.flagBits = 0xfff),
      [
        [14, 0x5f],
        [15, 0xff],
      ],
    ],
    ['flags.ns', (v) => (v.flags.ns = true), [[14, 0x51]]],
    ['flags.cwr', (v) => (v.flags.cwr = true), [[15, 0x80]]],
    ['flags.ece', (v) => (v.flags.ece = true), [[15, 0x40]]],
    ['flags.urg', (v) => (v.flags.urg = true), [[15, 0x20]]],
    ['flags.ack', (v) => (v.flags.ack = true), [[15, 0x10]]],
    ['flags.psh', (v) => (v.flags.psh = true), [[15, 0x08]]],
    ['flags.rst', (v) => (v.flags.rst = true), [[15, 0x04]]],
    ['flags.syn', (v) => (v.flags.syn = true), [[15, 0x02]]],
    ['flags.fin', (v) => (v.flags.fin = true), [[15, 0x01]]],
    [
      'window',
      (v) => (v.window = 65535),
      [
        [16, 0xff],
        [17, 0xff],
      ],
    ],
    [
      'checksum',
      (v) => (v.checksum = 0xbeef),
      [
        [18, 0xbe],
        [19, 0xef],
      ],
    ],
    [
      'urgentPointer',
      (v) => (v.urgentPointer = 0x0102),
      [
        [20, 0x01],
        [21, 0x02],
      ],
    ],
  ];

  for (const [name, write, expected] of writes) {
    test(`${name} writes exactly its bytes`, () => {
      const { bytes, view } = fresh();
      const before = bytes.slice();
      write(view);
      expect(changed(before, bytes)).toEqual(expected);
    });
  }

  test('a flag set to false clears only its bit', () => {
    const { bytes, view } = fresh();
    view.flagBits = 0xfff;
    view.flags.syn = false;
    view.flags.ns = false;
    expect([bytes[14], bytes[15]]).toEqual([0x5e, 0xfd]);
    expect([view.reserved, view.flags.ns, view.flags.syn, view.flags.fin]).toEqual([7, false, false, true]);
  });

  test('dataOffset moves only the nibble and stays within the bytes', () => {
    // 24 bytes from offset 0: data offset 6 fits, 7 does not.
    const bytes = hexToBytes(`${fixed('6f')} 00000000`);
    const view = TcpView.from(bytes);
    view.dataOffset = 5;
    expect([bytes[12], view.headerLength, view.payload.length]).toEqual([0x5f, 20, 4]);
    view.dataOffset = 6;
    expect([bytes[12], view.headerLength, view.payload.length]).toEqual([0x6f, 24, 0]);
    expect(() => (view.dataOffset = 7)).toThrow(
      new RangeError('dataOffset must be an integer in 5..6, got 7'),
    );
    expect(() => (view.dataOffset = 4)).toThrow(
      new RangeError('dataOffset must be an integer in 5..6, got 4'),
    );
    expect(bytes[12]).toBe(0x6f);
  });

  test('values are checked as the encoder checks them, and nothing is written on error', () => {
    const { bytes, view } = fresh();
    const before = bytes.slice();
    expect(() => Reflect.set(view, 'window', 70000)).toThrow(
      new RangeError('window must be an integer in 0..65535, got 70000'),
    );
    expect(() => Reflect.set(view, 'srcPort', -1)).toThrow(
      new RangeError('srcPort must be an integer in 0..65535, got -1'),
    );
    expect(() => Reflect.set(view, 'seq', 2 ** 32)).toThrow(
      new RangeError('seq must be an integer in 0..4294967295, got 4294967296'),
    );
    expect(() => Reflect.set(view, 'ack', 1.5)).toThrow(
      new RangeError('ack must be an integer in 0..4294967295, got 1.5'),
    );
    expect(() => Reflect.set(view, 'reserved', 8)).toThrow(
      new RangeError('reserved must be an integer in 0..7, got 8'),
    );
    expect(() => Reflect.set(view, 'flagBits', 4096)).toThrow(
      new RangeError('flagBits must be an integer in 0..4095, got 4096'),
    );
    expect(() => Reflect.set(view, 'checksum', '1')).toThrow(
      new TypeError('checksum must be an integer in 0..65535, got "1"'),
    );
    expect(() => Reflect.set(view, 'urgentPointer', Number.NaN)).toThrow(RangeError);
    expect(() => Reflect.set(view.flags, 'syn', 1)).toThrow(
      new TypeError('flags.syn must be a boolean, got 1'),
    );
    expect(() => Reflect.set(view.flags, 'ns', 'yes')).toThrow(
      new TypeError('flags.ns must be a boolean, got "yes"'),
    );
    expect(changed(before, bytes)).toEqual([]);
  });

  test('the encoder gives the same error for the same bad value', () => {
    const { view } = fresh();
    const cases: [string, unknown][] = [
      ['window', 70000],
      ['srcPort', -1],
      ['dstPort', 0.5],
      ['seq', 2 ** 32],
      ['ack', -0.5],
      ['reserved', 8],
      ['checksum', '1'],
      ['urgentPointer', null],
    ];
    for (const [field, value] of cases) {
      const viewError = thrown(() => Reflect.set(view, field, value));
      const encodeError = thrown(() => encode({ srcPort: 1, dstPort: 2, [field]: value }));
      expect(viewError, field).toEqual(encodeError);
      expect((viewError as Error).constructor, field).toBe((encodeError as Error).constructor);
    }
    for (const name of ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin']) {
      const viewError = thrown(() => Reflect.set(view.flags, name, 1));
      expect(viewError, name).toEqual(thrown(() => encode({ srcPort: 1, dstPort: 2, flags: { [name]: 1 } })));
    }
  });
});

describe('the data offset setter of a view at an offset', () => {
  test('allows exactly the words that fit after the view start', () => {
    // 7 junk + 20 header + 0 options + 3 junk = 30 bytes; from offset 7, 23 bytes: 5 words fit
    const view = TcpView.from(buffer([]), JUNK.length);
    expect(() => {
      view.dataOffset = 6;
    }).toThrow(new RangeError('dataOffset must be an integer in 5..5, got 6'));
    view.dataOffset = 5;
    expect(view.dataOffset).toBe(5);
  });

  test('never above 15, however long the bytes', () => {
    const bytes = new Uint8Array(200);
    bytes[10 + 12] = 0x50;
    const view = TcpView.from(bytes, 10);
    view.dataOffset = 15;
    expect(bytes[22]).toBe(0xf0);
    expect(() => {
      view.dataOffset = 16;
    }).toThrow(new RangeError('dataOffset must be an integer in 5..15, got 16'));
  });
});
