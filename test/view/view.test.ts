// TcpView (src/view/view.ts): every getter against the corpus (fields decoded by tshark/scapy/dpkt),
// the option walk against the corpus's option lists, `from` with its checks (on a Uint8Array of
// another realm too: the checked path, which must give decode's fields and decode's errors), and the
// checksum over a view. The option walk on malformed areas is in option-walk.test.ts, the setters in
// setters.test.ts.
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { decode, isTcpDecodeError, TcpDecodeError, TcpView } from '../../src/index.ts';
import {
  comparable,
  cutInsideHeader,
  expectedHeader,
  expectedOption,
  hexToBytes,
  loadVectors,
  segmentBytes,
  thrown,
  UnmappedOptionError,
  vectorFiles,
} from '../support/vectors.ts';
import { ACK, fixed, SYN } from '../support/view-headers.ts';

const vectors = vectorFiles().flatMap((file) => loadVectors(file));

describe('TcpView over the corpus', () => {
  const whole = vectors.filter((v) => !cutInsideHeader(v));
  const cut = vectors.filter((v) => cutInsideHeader(v));

  test('the corpus has segments of both kinds', () => {
    expect(whole.length).toBeGreaterThan(2000);
    expect(cut.length).toBeGreaterThan(0);
  });

  test('every fixed field, flag and length reads as the tools decoded it', () => {
    for (const vector of whole) {
      const e = vector.expected;
      const view = TcpView.from(segmentBytes(vector));
      const got = {
        srcPort: view.srcPort,
        dstPort: view.dstPort,
        seq: view.seq,
        ack: view.ack,
        dataOffset: view.dataOffset,
        reserved: view.reserved,
        flags: {
          ns: view.flags.ns,
          cwr: view.flags.cwr,
          ece: view.flags.ece,
          urg: view.flags.urg,
          ack: view.flags.ack,
          psh: view.flags.psh,
          rst: view.flags.rst,
          syn: view.flags.syn,
          fin: view.flags.fin,
        },
        window: view.window,
        checksum: view.checksum,
        urgentPointer: view.urgentPointer,
        headerLength: view.headerLength,
        payloadLength: view.payload.length,
        optionBytes: view.optionBytes.length,
      };
      const f = e.flags!;
      expect(got, vector.id).toEqual({
        srcPort: e.srcPort,
        dstPort: e.dstPort,
        seq: e.seq,
        ack: e.ack,
        dataOffset: e.dataOffset,
        reserved: e.reserved,
        flags: f,
        window: e.window,
        checksum: e.checksum,
        urgentPointer: e.urgentPointer,
        headerLength: vector.headerLength,
        payloadLength: vector.capturedLength - vector.headerLength!,
        optionBytes: vector.headerLength! - 20,
      });
      // The 12 bits after the data offset: reserved (3), NS, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.
      const bits = [f.ns, f.cwr, f.ece, f.urg, f.ack, f.psh, f.rst, f.syn, f.fin].reduce(
        (acc, on) => (acc << 1) | (on ? 1 : 0),
        e.reserved!,
      );
      expect(view.flagBits, vector.id).toBe(bits);
    }
  });

  test('the option walk gives the tools options in wire order, with offsets and lengths', () => {
    let walked = 0;
    for (const vector of whole) {
      const options = vector.expected.options;
      if (options === null) continue;
      const view = TcpView.from(segmentBytes(vector));
      let offset = 20;
      const expected = options.map((o) => {
        const entry = { code: o.kind, offset, length: o.length, problem: null };
        offset += o.length;
        return entry;
      });
      const viaIterator = Array.from(view.options(), (e) => ({
        code: e.code,
        offset: e.offset,
        length: e.length,
        problem: e.problem,
      }));
      const viaCursor: unknown[] = [];
      const walk = view.options();
      while (walk.advance()) {
        viaCursor.push({ code: walk.code, offset: walk.offset, length: walk.length, problem: walk.problem });
      }
      expect(viaIterator, vector.id).toEqual(expected);
      expect(viaCursor, vector.id).toEqual(expected);
      walked += expected.length;
    }
    expect(walked).toBeGreaterThan(5000);
  });

  test('each walked option decodes to the tools option, and toHeader to the tools header', () => {
    let compared = 0;
    for (const vector of whole) {
      let header: ReturnType<typeof expectedHeader>;
      try {
        header = expectedHeader(vector);
      } catch (error) {
        if (error instanceof UnmappedOptionError) continue;
        throw error;
      }
      if (header === null) continue;
      const view = TcpView.from(segmentBytes(vector));
      const options = vector.expected.options!;
      expect(comparable(Array.from(view.options(), (e) => e.toOption())), vector.id).toEqual(
        comparable(options.map(expectedOption)),
      );
      const walk = view.options();
      const viaCursor = [];
      while (walk.advance()) viaCursor.push(walk.toOption());
      expect(comparable(viaCursor), vector.id).toEqual(comparable(options.map(expectedOption)));
      expect(comparable(view.toHeader()), vector.id).toEqual(comparable(header));
      compared++;
    }
    expect(compared).toBeGreaterThan(2000);
  });

  test('a capture that ends inside the header is refused with TRUNCATED, as decode refuses it', () => {
    for (const vector of cut) {
      const bytes = segmentBytes(vector);
      const error = thrown(() => TcpView.from(bytes));
      expect(isTcpDecodeError(error) && error.code, vector.id).toBe('TRUNCATED');
      expect(error, vector.id).toEqual(thrown(() => decode(bytes)));
    }
  });
});

describe('TcpView.from', () => {
  test('refuses what decode refuses before the options, with the same error', () => {
    const cases: [string, Uint8Array, string, number, number | undefined, number | undefined][] = [
      // 19 bytes: needed 20, available 19.
      ['short', new Uint8Array(19), 'TRUNCATED', 19, 20, 19],
      // Byte 12 = 0x40: data offset 4.
      ['data offset 4', hexToBytes(fixed('40')), 'BAD_DATA_OFFSET', 12, undefined, undefined],
      // docs/rules.md T6: 20 bytes, byte 12 = 0xa0 (data offset 10 needs 40).
      ['T6 data offset 10', hexToBytes(fixed('a0')), 'TRUNCATED', 20, 40, 20],
    ];
    for (const [name, bytes, code, offset, needed, available] of cases) {
      const error = thrown(() => TcpView.from(bytes));
      expect(error, name).toBeInstanceOf(TcpDecodeError);
      const e = error as TcpDecodeError;
      expect([e.code, e.offset, e.needed, e.available], name).toEqual([code, offset, needed, available]);
      expect(error, name).toEqual(thrown(() => decode(bytes)));
    }
  });

  test('checks its arguments as decode does', () => {
    const bytes = new Uint8Array(40);
    expect(() => TcpView.from([1, 2, 3] as unknown as Uint8Array)).toThrow(
      new TypeError('bytes must be a Uint8Array, got an array of length 3'),
    );
    expect(() => TcpView.from(bytes, 41)).toThrow(
      new RangeError('offset must be an integer in 0..40, got 41'),
    );
    expect(() => TcpView.from(bytes, 1.5)).toThrow(RangeError);
    expect(() => TcpView.from(bytes, '0' as unknown as number)).toThrow(TypeError);
    // A BigInt or a Symbol: the argument check's message, not the engine's (found by npm run fuzz).
    expect(() => TcpView.from(bytes, 1n as unknown as number)).toThrow(
      new TypeError('offset must be an integer in 0..40, got 1n'),
    );
    expect(() => TcpView.from(bytes, Symbol('x') as unknown as number)).toThrow(/^offset must be an integer/);
    // At the very end there are 0 bytes: a decode error, not an argument error.
    expect((thrown(() => TcpView.from(bytes, 40)) as TcpDecodeError).code).toBe('TRUNCATED');
  });

  test('reads a header inside a larger buffer at its offset, and shares the bytes', () => {
    // 3 junk bytes, then the 24-byte SYN with MSS 1460, then payload 'hi'.
    const bytes = hexToBytes(`ffeedd ${fixed('60')} 020405b4 6869`);
    const view = TcpView.from(bytes, 3);
    expect([view.srcPort, view.dstPort, view.seq, view.flags.syn, view.window]).toEqual([
      80,
      8080,
      1,
      true,
      0x2000,
    ]);
    expect(Array.from(view.payload)).toEqual([0x68, 0x69]);
    expect(Array.from(view.optionBytes)).toEqual([2, 4, 5, 0xb4]);
    view.payload[0] = 0x48;
    expect(bytes[27]).toBe(0x48);
    bytes[3 + 14] = 0x12;
    expect(view.window).toBe(0x1200);
  });

  test('after the check, changing the bytes behind the view never makes a getter throw', () => {
    const bytes = hexToBytes(`${fixed('60')} 020405b4`);
    const view = TcpView.from(bytes);
    for (const byte12 of [0x00, 0x40, 0xf0, 0xff]) {
      bytes[12] = byte12;
      expect(() => [
        view.dataOffset,
        view.headerLength,
        view.optionBytes,
        view.payload,
        Array.from(view.options()),
      ]).not.toThrow();
      // The walk stays inside the bytes: no entry past the end of the array.
      for (const entry of view.options()) expect(entry.offset + entry.length).toBeLessThanOrEqual(24);
    }
  });
});

test('TcpView.from accepts a Uint8Array from another realm', () => {
  // ports 0x1234 -> 0x0050, data offset 5
  const foreign = runInNewContext(
    'const b = new Uint8Array(20); b[0] = 0x12; b[1] = 0x34; b[3] = 0x50; b[12] = 0x50; b',
  ) as Uint8Array;
  expect(foreign instanceof Uint8Array).toBe(false);
  const view = TcpView.from(foreign);
  expect([view.srcPort, view.dstPort, view.headerLength]).toEqual([0x1234, 0x50, 20]);
});

/** The bytes in a Uint8Array made by another realm (as from an iframe or a vm context). */
function foreign(bytes: Uint8Array): Uint8Array {
  return runInNewContext(`new Uint8Array([${Array.from(bytes).join(',')}])`) as Uint8Array;
}

describe('TcpView.from on a Uint8Array of another realm', () => {
  test.each([
    ['a bare ACK, exactly 20 bytes', ACK, []],
    ['a SYN, exactly its 40 bytes', SYN, [2, 4, 8, 1, 3]],
  ])('%s: a view whose fields are decode’s', (_, bytes, kinds) => {
    const other = foreign(bytes);
    expect(other instanceof Uint8Array).toBe(false);
    const view = TcpView.from(other);
    const header = decode(bytes);
    expect([view.srcPort, view.dstPort, view.seq, view.ack, view.dataOffset, view.window]).toEqual([
      header.srcPort,
      header.dstPort,
      header.seq,
      header.ack,
      header.dataOffset,
      header.window,
    ]);
    expect(Array.from(view.options(), (entry) => entry.code)).toEqual(kinds);
  });

  test.each([
    ['19 bytes', ACK.slice(0, 19)],
    ['data offset 4', Uint8Array.from(ACK, (b, i) => (i === 12 ? 0x40 : b))],
    ['data offset 10 in 39 bytes', SYN.slice(0, 39)],
  ])('%s: the error decode throws', (_, bytes) => {
    const fromView = thrown(() => TcpView.from(foreign(bytes)));
    const fromDecode = thrown(() => decode(bytes));
    expect(fromView).toBeInstanceOf(TcpDecodeError);
    expect(fromView).toEqual(fromDecode);
  });
});

describe('checksum', () => {
  // pcap/dns_tcp.pcap frame 3, a bare ACK over IPv4: the corpus says its checksum 0xf5aa is right.
  const vector = vectors.find((v) => v.id === 'pcap/dns_tcp.pcap#3')!;
  const pseudo = { src: vector.src, dst: vector.dst };

  test('verifyChecksum accepts the captured checksum the tools found right', () => {
    expect(vector.expected.checksumValid).toBe(true);
    expect(TcpView.from(segmentBytes(vector)).verifyChecksum(pseudo)).toBe(true);
  });

  test('fillChecksum writes the checksum the tools computed after a change', () => {
    const bytes = segmentBytes(vector);
    const view = TcpView.from(bytes);
    view.checksum = 0;
    expect(view.verifyChecksum(pseudo)).toBe(false);
    expect(view.fillChecksum(pseudo)).toBe(vector.expected.correctChecksum);
    expect(view.checksum).toBe(vector.expected.correctChecksum);
    expect(view.verifyChecksum(pseudo)).toBe(true);
  });

  test('a view at an offset checksums from its header to the end of the bytes', () => {
    const segment = segmentBytes(vector);
    const bytes = new Uint8Array(segment.length + 5).fill(0x77);
    bytes.set(segment, 5);
    const view = TcpView.from(bytes, 5);
    expect(view.verifyChecksum(pseudo)).toBe(true);
    view.window = 1;
    view.fillChecksum(pseudo);
    expect(Array.from(bytes.subarray(0, 5))).toEqual([0x77, 0x77, 0x77, 0x77, 0x77]);
    expect(TcpView.from(bytes.slice(5)).verifyChecksum(pseudo)).toBe(true);
  });
});
