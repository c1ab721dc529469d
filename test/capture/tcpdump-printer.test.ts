// TcpdumpPrinter with relative numbers keeps state across lines: a segment it refuses must leave
// that state as it was. The law: after a refused segment, every later line is the line a printer
// that never saw the refused segment prints (hostile-input issue, "validate before mutating").
import { describe, expect, test } from 'vitest';
import { type CapturedTcp, dissectFrame, readCapture, TcpdumpPrinter } from '../../src/capture/index.ts';
import { concat, pcapHeader, pcapRecord, RAW_SYN } from './build.ts';

// 192.0.2.1:40000 > 198.51.100.2:80: the SYN (seq 1000), then ACK|PSH seq 1001 ack 1 with 10 bytes.
const DATA = Uint8Array.from(
  Buffer.from(
    `45000032000140004006` +
      '0000' +
      'c0000201c6336402' +
      `9c400050000003e9000000015018200000000000${'61'.repeat(10)}`,
    'hex',
  ),
);

function dissected(...frames: Uint8Array[]): CapturedTcp[] {
  const file = concat(pcapHeader(101), ...frames.map((frame) => pcapRecord(frame)));
  return [...readCapture(file)].map((frame) => dissectFrame(frame)!);
}

describe('a segment the printer refuses', () => {
  test('leaves the relative numbers of the lines after it as they were', () => {
    const [syn, data] = dissected(RAW_SYN, DATA);
    // The data segment with a checksum destination of 5 bytes: the -v checksum cannot be computed.
    const refused = Object.create(data!, {
      checksumDestination: { value: new Uint8Array(5) },
    }) as CapturedTcp;
    const printer = new TcpdumpPrinter({ relative: true, verify: true });
    const clean = new TcpdumpPrinter({ relative: true, verify: true });
    expect(printer.line(syn!)).toBe(clean.line(syn!));
    expect(() => printer.line(refused)).toThrow(RangeError);
    const line = printer.line(data!);
    expect(line).toBe(clean.line(data!));
    // tcpdump 4.99.3 -nn -t printed `Flags [P.], seq 1001:1011, ack 1, win 8192, length 10` for it.
    expect(line).toContain('seq 1001:1011, ack 1,');
  });
});

describe('maxConnections: the most address/port pairs relative numbers follow', () => {
  /** DATA from source port `port`: another address/port pair. */
  const fromPort = (port: number): Uint8Array => {
    const frame = DATA.slice();
    frame[20] = port >>> 8;
    frame[21] = port & 0xff;
    return frame;
  };

  test('one pair past it is a RangeError naming the option; the printer is unchanged', () => {
    const [first, second, again] = dissected(fromPort(40000), fromPort(40001), fromPort(40000));
    const printer = new TcpdumpPrinter({ relative: true, maxConnections: 1 });
    const clean = new TcpdumpPrinter({ relative: true });
    expect(printer.line(first!)).toBe(clean.line(first!));
    const refused = () => printer.line(second!);
    expect(refused).toThrow(RangeError);
    expect(refused).toThrow(
      "more than 1 address/port pairs for relative numbers (the limit); raise TcpdumpPrinter's maxConnections option to follow more",
    );
    expect(printer.line(again!)).toBe(clean.line(again!));
  });

  test.each<[unknown, string]>([
    [0, 'options.maxConnections must be an integer in 1..1073741824, got 0'],
    [1.5, 'options.maxConnections must be an integer in 1..1073741824, got 1.5'],
    [2 ** 30 + 1, 'options.maxConnections must be an integer in 1..1073741824, got 1073741825'],
    ['5', 'options.maxConnections must be an integer in 1..1073741824, got "5"'],
  ])('%j is refused', (maxConnections, message) => {
    expect(() => new TcpdumpPrinter({ relative: true, maxConnections: maxConnections as number })).toThrow(
      message,
    );
  });
});
