// The capture entry's functions refuse a wrong argument with a TypeError or RangeError that names
// it, instead of an engine error ("Cannot read properties of null") or text with undefined in it;
// each field is read once (hostile-input issue: an audit of every function that takes user values).
import { describe, expect, test } from 'vitest';
import {
  type CapturedTcp,
  type CaptureFrame,
  dissectFrame,
  readCapture,
  TcpdumpPrinter,
  tcpdumpLine,
} from '../../src/capture/index.ts';
import { concat, pcapHeader, pcapRecord, RAW_SYN } from './build.ts';

const [FRAME] = [...readCapture(concat(pcapHeader(101), pcapRecord(RAW_SYN)))] as [CaptureFrame];
const TCP = dissectFrame(FRAME) as CapturedTcp;

describe('dissectFrame', () => {
  test.each<[string, () => unknown, Error]>([
    ['no frame', () => dissectFrame(null as never), new TypeError('frame must be an object, got null')],
    [
      'an empty object',
      () => dissectFrame({} as never),
      new TypeError('frame.data must be a Uint8Array, got undefined'),
    ],
    [
      'a BigInt length',
      () => dissectFrame({ ...FRAME, originalLength: 1n } as never),
      new TypeError('frame.originalLength must be an integer in 0..4294967295, got 1n'),
    ],
    [
      'a link type out of range',
      () => dissectFrame({ ...FRAME, linkType: -1 }),
      new RangeError('frame.linkType must be an integer in 0..4294967295, got -1'),
    ],
    [
      'null options',
      () => dissectFrame(FRAME, null as never),
      new TypeError('options must be an object, got null'),
    ],
    [
      'a snap-length switch that is not a boolean',
      () => dissectFrame(FRAME, { libpcapSnapLength: 'yes' as never }),
      new TypeError('options.libpcapSnapLength must be a boolean, got "yes"'),
    ],
    [
      'an interface namer that is not a function',
      () => dissectFrame(FRAME, { interfaceName: 'lo' as never }),
      new TypeError('options.interfaceName must be a function, got "lo"'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });

  test('each frame field is read once', () => {
    let reads = 0;
    const frame = { ...FRAME };
    Object.defineProperty(frame, 'originalLength', {
      get: () => (reads++ === 0 ? FRAME.originalLength : -1),
    });
    expect(dissectFrame(frame)?.segmentLength).toBe(TCP.segmentLength);
    expect(reads).toBe(1);
  });

  test("a Linux cooked v2 interface namer's answer must be text", () => {
    // LINKTYPE_LINUX_SLL2 (276): protocol 0x0800, interface index 1, then the IPv4 SYN.
    const sll2 = concat(Uint8Array.of(8, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0), RAW_SYN);
    const [frame] = [...readCapture(concat(pcapHeader(276), pcapRecord(sll2)))];
    expect(() => dissectFrame(frame!, { interfaceName: () => 42 as never })).toThrow(
      new TypeError('interfaceName must return a string or undefined, got 42'),
    );
    expect(dissectFrame(frame!, { interfaceName: () => 'lo' })?.tcpdump.prefix).toMatch(/^lo +/);
  });
});

describe('tcpdumpLine and TcpdumpPrinter', () => {
  test.each<[string, () => unknown, Error]>([
    [
      'no segment',
      () => tcpdumpLine(null as never),
      new TypeError('tcp must be what dissectFrame returns, got null'),
    ],
    [
      'null options',
      () => tcpdumpLine(TCP, null as never),
      new TypeError('options must be an object, got null'),
    ],
    [
      'a verify switch that is not a boolean',
      () => tcpdumpLine(TCP, { verify: 'yes' as never }),
      new TypeError('options.verify must be a boolean, got "yes"'),
    ],
    [
      'relative numbers that are not numbers',
      () => tcpdumpLine(TCP, { relative: { seq: 'x' as never, ack: 0 } }),
      new TypeError('options.relative.seq must be an integer in 0..4294967295, got "x"'),
    ],
    [
      'relative numbers that are not an object',
      () => tcpdumpLine(TCP, { relative: 5 as never }),
      new TypeError('options.relative must be an object, got 5'),
    ],
    [
      'a SACK base out of range',
      () => tcpdumpLine(TCP, { relative: { seq: 0, ack: 0, sackBase: -1 } }),
      new RangeError('options.relative.sackBase must be an integer in 0..4294967295, got -1'),
    ],
    [
      'a printer given null',
      () => new TcpdumpPrinter(null as never),
      new TypeError('options must be an object, got null'),
    ],
    [
      'a printer given a string switch',
      () => new TcpdumpPrinter({ verify: 'yes' as never }),
      new TypeError('options.verify must be a boolean, got "yes"'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });

  test('relative numbers are printed as given', () => {
    // The SYN's seq 1000 printed as 0, as tcpdump prints the first number of a connection it numbers.
    expect(tcpdumpLine(TCP, { relative: { seq: 0, ack: 0 } })).toContain('Flags [S], seq 0,');
    expect(tcpdumpLine(TCP, { relative: { seq: 0, ack: 0, sackBase: 0 } })).toContain('Flags [S], seq 0,');
  });
});
