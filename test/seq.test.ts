import { describe, expect, it, test } from 'vitest';
import { decode } from '../src/header.ts';
import {
  aceCounter,
  segmentLength,
  seqAdd,
  seqDiff,
  seqGe,
  seqGt,
  seqInWindow,
  seqLe,
  seqLt,
} from '../src/seq.ts';

// Expected values are worked out by hand from RFC 1982 §3 (SERIAL_BITS = 32) and RFC 9293 §3.4;
// each comment shows the arithmetic.
describe('seqAdd', () => {
  it('wraps past 2^32 - 1 and below 0', () => {
    expect(seqAdd(0xffff_ffff, 1)).toBe(0); // 4294967295 + 1 = 2^32 ≡ 0
    expect(seqAdd(0xffff_fff0, 0x20)).toBe(0x10); // 0xfffffff0 + 0x20 = 0x1_00000010
    expect(seqAdd(0, -1)).toBe(0xffff_ffff); // -1 ≡ 2^32 - 1
    expect(seqAdd(5, -0xffff_ffff)).toBe(6); // 5 - (2^32 - 1) ≡ 6
    expect(seqAdd(0x8000_0000, 0x8000_0000)).toBe(0); // 2^31 + 2^31 = 2^32
  });

  it('rejects what is not a sequence number or a delta in range', () => {
    expect(() => seqAdd(-1, 0)).toThrow(new RangeError('seq must be an integer in 0..4294967295, got -1'));
    expect(() => seqAdd(2 ** 32, 0)).toThrow(RangeError);
    expect(() => seqAdd(1.5, 0)).toThrow(RangeError);
    expect(() => seqAdd(Number.NaN, 0)).toThrow(RangeError);
    expect(() => seqAdd('1' as unknown as number, 0)).toThrow(TypeError);
    expect(() => seqAdd(0, 2 ** 32)).toThrow(
      new RangeError('delta must be an integer in -4294967295..4294967295, got 4294967296'),
    );
    expect(() => seqAdd(0, 1n as unknown as number)).toThrow(TypeError);
  });
});

describe('seqDiff', () => {
  it('gives the signed distance b - a across the wrap', () => {
    expect(seqDiff(0xffff_fff0, 0x10)).toBe(32); // 0x10 + 2^32 - 0xfffffff0 = 0x20
    expect(seqDiff(0x10, 0xffff_fff0)).toBe(-32);
    expect(seqDiff(7, 7)).toBe(0);
    expect(seqDiff(0, 0x7fff_ffff)).toBe(2_147_483_647); // the farthest "after": 2^31 - 1
    expect(seqDiff(0, 0x8000_0001)).toBe(-2_147_483_647); // 2^31 + 1 ahead is 2^31 - 1 behind
  });

  it('gives -2^31 both ways for numbers exactly 2^31 apart (RFC 1982 §3.2: undefined)', () => {
    expect(seqDiff(0, 0x8000_0000)).toBe(-2_147_483_648);
    expect(seqDiff(0x8000_0000, 0)).toBe(-2_147_483_648);
    expect(seqDiff(0xffff_ffff, 0x7fff_ffff)).toBe(-2_147_483_648);
    expect(seqDiff(0x7fff_ffff, 0xffff_ffff)).toBe(-2_147_483_648);
  });

  it('names the argument at fault', () => {
    expect(() => seqDiff(0, -5)).toThrow(new RangeError('b must be an integer in 0..4294967295, got -5'));
    expect(() => seqDiff(null as unknown as number, 0)).toThrow(
      new TypeError('a must be an integer in 0..4294967295, got null'),
    );
  });
});

describe('comparisons', () => {
  it('order numbers across the wrap (RFC 1982 §3.2)', () => {
    // 0 follows 0xffffffff: (0 - 0xffffffff) mod 2^32 = 1 < 2^31
    expect(seqLt(0xffff_ffff, 0)).toBe(true);
    expect(seqGt(0, 0xffff_ffff)).toBe(true);
    expect(seqLt(0, 0xffff_ffff)).toBe(false);
    expect(seqGt(0xffff_ffff, 0)).toBe(false);
    expect(seqLe(0xffff_ffff, 0)).toBe(true);
    expect(seqGe(0, 0xffff_ffff)).toBe(true);
  });

  it('treat equal numbers as neither before nor after', () => {
    expect([seqLt(9, 9), seqGt(9, 9), seqLe(9, 9), seqGe(9, 9)]).toEqual([false, false, true, true]);
  });

  it('leave numbers exactly 2^31 apart unordered', () => {
    for (const [a, b] of [
      [0, 0x8000_0000],
      [0x8000_0000, 0],
      [0x1234_5678, 0x9234_5678],
    ] as const) {
      expect([seqLt(a, b), seqGt(a, b), seqLe(a, b), seqGe(a, b)]).toEqual([false, false, false, false]);
    }
  });

  it('check their arguments', () => {
    expect(() => seqLt(0, 2 ** 32)).toThrow(RangeError);
    expect(() => seqGe(undefined as unknown as number, 0)).toThrow(TypeError);
    expect(() => seqGt(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => seqLe(0.5, 0)).toThrow(RangeError);
  });
});

describe('seqInWindow', () => {
  it('tests start <= seq < start + size modulo 2^32 (RFC 9293 §3.10.7.4)', () => {
    // window 0xfffffffe, 0xffffffff, 0, 1, 2, 3, 4, 5 (8 numbers)
    expect(seqInWindow(0xffff_fffe, 0xffff_fffe, 8)).toBe(true);
    expect(seqInWindow(5, 0xffff_fffe, 8)).toBe(true);
    expect(seqInWindow(6, 0xffff_fffe, 8)).toBe(false);
    expect(seqInWindow(0xffff_fffd, 0xffff_fffe, 8)).toBe(false);
    expect(seqInWindow(100, 100, 0)).toBe(false); // RFC 9293: a zero window accepts no sequence number
    expect(seqInWindow(99, 100, 0xffff_ffff)).toBe(false); // every number but the one before start
    expect(seqInWindow(98, 100, 0xffff_ffff)).toBe(true);
  });

  it('checks its arguments', () => {
    expect(() => seqInWindow(0, 0, -1)).toThrow(
      new RangeError('size must be an integer in 0..4294967295, got -1'),
    );
    expect(() => seqInWindow(0, 2 ** 32, 1)).toThrow(RangeError);
    expect(() => seqInWindow('0' as unknown as number, 0, 1)).toThrow(TypeError);
  });
});

describe('aceCounter', () => {
  it('reads AE, CWR, ECE as a 3-bit number, AE most significant (RFC 9768 §3.2.2)', () => {
    const values: number[] = [];
    for (const ns of [false, true])
      for (const cwr of [false, true])
        for (const ece of [false, true]) values.push(aceCounter({ ns, cwr, ece }));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('reads the flags of decoded AccECN segments (corpus accecn_handshake.pcap, frames 1-3)', () => {
    // frame 1, SYN: byte 12 = 0xa1 (AE set), byte 13 = 0xc2 (CWR, ECE, SYN): ACE 0b111
    // frame 2, SYN-ACK: 0xd0 (AE clear), 0x92 (CWR, ACK, SYN): ACE 0b010
    // frame 3, ACK: 0xc0, 0x90 (CWR, ACK): ACE 0b010
    const hex = [
      '40310050741d4a2d00000000a1c2ffff209c0000020405b4010303060402080a06af3c1500000000',
      '00504031b128b393741d4a2ed092fe8822a80000020405b40402080aa5e4dec406af3c15fe0dacc0000001000000000000030307',
      '40310050741d4a2eb128b394c090040320a400000101080a06af3cf2a5e4dec4fe0dacc0000000ffffffffffff000000',
    ];
    const bytes = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
    expect(hex.map((h) => aceCounter(decode(bytes(h)).flags))).toEqual([7, 2, 2]);
  });

  it('rejects what is not a set of flags', () => {
    expect(() => aceCounter(null as unknown as { ns: boolean; cwr: boolean; ece: boolean })).toThrow(
      new TypeError('flags must be an object, got null'),
    );
    expect(() =>
      aceCounter({ ns: 1, cwr: false, ece: false } as unknown as { ns: boolean; cwr: boolean; ece: boolean }),
    ).toThrow(new TypeError('flags.ns must be a boolean, got 1'));
  });
});

describe('segmentLength', () => {
  it('counts SYN and FIN as one each (RFC 9293 §3.4)', () => {
    expect(segmentLength({ flags: { syn: true, fin: false } }, 0)).toBe(1);
    expect(segmentLength({ flags: { syn: false, fin: true } }, 0)).toBe(1);
    expect(segmentLength({ flags: { syn: true, fin: true } }, 3)).toBe(5);
    expect(segmentLength({ flags: { syn: false, fin: false } }, 1448)).toBe(1448);
  });

  it('checks its arguments', () => {
    expect(() => segmentLength({ flags: { syn: false, fin: false } }, -1)).toThrow(RangeError);
    expect(() => segmentLength({} as unknown as { flags: { syn: boolean; fin: boolean } }, 0)).toThrow(
      new TypeError('header.flags must be an object, got undefined'),
    );
    expect(() => segmentLength(null as unknown as { flags: { syn: boolean; fin: boolean } }, 0)).toThrow(
      TypeError,
    );
  });
});

// Each wrong argument to a sequence helper is a TypeError or RangeError whose message names it.
describe('messages name the argument', () => {
  test.each<[string, () => unknown, Error]>([
    [
      'seqInWindow seq',
      () => seqInWindow(-1, 0, 1),
      new RangeError('seq must be an integer in 0..4294967295, got -1'),
    ],
    [
      'seqInWindow start',
      () => seqInWindow(0, 2 ** 32, 1),
      new RangeError('start must be an integer in 0..4294967295, got 4294967296'),
    ],
    ['aceCounter flags', () => aceCounter(null as never), new TypeError('flags must be an object, got null')],
    [
      'aceCounter ns',
      () => aceCounter({ ns: 1, cwr: false, ece: false } as never),
      new TypeError('flags.ns must be a boolean, got 1'),
    ],
    [
      'aceCounter cwr',
      () => aceCounter({ ns: false, cwr: 1, ece: false } as never),
      new TypeError('flags.cwr must be a boolean, got 1'),
    ],
    [
      'aceCounter ece',
      () => aceCounter({ ns: false, cwr: false, ece: 1 } as never),
      new TypeError('flags.ece must be a boolean, got 1'),
    ],
    [
      'segmentLength header',
      () => segmentLength(null as never, 0),
      new TypeError('header must be an object, got null'),
    ],
    [
      'segmentLength flags',
      () => segmentLength({ flags: 3 } as never, 0),
      new TypeError('header.flags must be an object, got 3'),
    ],
    [
      'segmentLength syn',
      () => segmentLength({ flags: { syn: 'y', fin: false } } as never, 0),
      new TypeError('header.flags.syn must be a boolean, got "y"'),
    ],
    [
      'segmentLength fin',
      () => segmentLength({ flags: { syn: false, fin: 0 } } as never, 0),
      new TypeError('header.flags.fin must be a boolean, got 0'),
    ],
    [
      'segmentLength payloadLength',
      () => segmentLength({ flags: { syn: false, fin: false } }, -1),
      new RangeError('payloadLength must be an integer in 0..4294967295, got -1'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });
});

describe('arguments checked even where the answer looks obvious (hostile-input issue)', () => {
  test('seqGe checks both numbers when they are equal', () => {
    expect(() => seqGe('x' as never, 'x' as never)).toThrow(
      new TypeError('a must be an integer in 0..4294967295, got "x"'),
    );
    expect(() => seqGe(-1, -1)).toThrow(new RangeError('a must be an integer in 0..4294967295, got -1'));
    expect(() => seqGe(1.5, 1.5)).toThrow(RangeError);
    expect(() => seqGe(2 ** 40, 2 ** 40)).toThrow(RangeError);
    expect(() => seqGe(1n as never, 1n as never)).toThrow(TypeError);
  });

  test('seqGe keeps RFC 1982: equal, after, before, and 2^31 apart', () => {
    expect(seqGe(5, 5)).toBe(true);
    expect(seqGe(6, 5)).toBe(true);
    expect(seqGe(0, 0xffff_ffff)).toBe(true);
    expect(seqGe(5, 6)).toBe(false);
    expect(seqGe(2 ** 31, 0)).toBe(false);
    expect(seqGe(0, 2 ** 31)).toBe(false);
  });

  test('aceCounter reads each flag once: the value checked is the value used', () => {
    let reads = 0;
    const flags = {
      cwr: false,
      ece: true,
      get ns() {
        return reads++ > 0;
      },
    };
    expect(aceCounter(flags)).toBe(1);
    expect(reads).toBe(1);
  });
});
