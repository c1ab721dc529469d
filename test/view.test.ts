// TcpView: every getter against the corpus (fields decoded by tshark/scapy/dpkt), the option walk
// against the corpus's option lists, malformed option areas from anchors.md T1-T4 decoded by hand,
// setters writing only their own bytes (smoltcp's 0xa5-prefilled buffer), and argument checks.
import { describe, expect, test } from 'vitest';
import { decode, encode, isTcpDecodeError, TcpDecodeError, TcpView } from '../src/index.ts';
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
} from './support/vectors.ts';

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

/**
 * The 20 fixed bytes of a SYN, by hand: ports 80 > 8080 (0050 1f90), seq 1, ack 0, byte 12 as given
 * (data offset nibble, reserved, NS), flags 0x02 (SYN), window 0x2000, checksum 0, urgent pointer 0.
 */
const fixed = (byte12: string): string => `00501f90 00000001 00000000 ${byte12}02 2000 0000 0000`;

describe('malformed option areas (anchors.md T1-T4): the walk ends in one entry with the problem', () => {
  const cases = [
    // T1: kind 0xfe, length 0 -> length below 2.
    { name: 'T1 length 0', options: 'fe000000', entries: [[0xfe, 20, 4, 'OPTION_BAD_LENGTH']] },
    // T2: kind 8 (timestamps), length 1 -> length below 2.
    { name: 'T2 length 1', options: '08010000', entries: [[8, 20, 4, 'OPTION_BAD_LENGTH']] },
    // T3: three NOPs, then kind 8 in the last byte with no length byte.
    {
      name: 'T3 no length byte',
      options: '01010108',
      entries: [
        [1, 20, 1, null],
        [1, 21, 1, null],
        [1, 22, 1, null],
        [8, 23, 1, 'OPTION_TRUNCATED'],
      ],
    },
    // T4: MSS claiming 8 bytes in a 4-byte area.
    { name: 'T4 overrun', options: '020805b4', entries: [[2, 20, 4, 'OPTION_OVERRUN']] },
    // MSS with length 3: a length its fixed-size kind forbids (design §4).
    { name: 'MSS length 3', options: '02030500', entries: [[2, 20, 4, 'OPTION_BAD_LENGTH']] },
  ] as const;

  for (const c of cases) {
    test(c.name, () => {
      const bytes = hexToBytes(fixed('60') + c.options);
      const view = TcpView.from(bytes);
      const entries = Array.from(view.options(), (e) => [e.code, e.offset, e.length, e.problem]);
      expect(entries).toEqual(c.entries);
      const last = c.entries[c.entries.length - 1]!;
      // The problem is the one decode throws, at the same offset.
      const error = thrown(() => decode(bytes)) as TcpDecodeError;
      expect([error.code, error.offset]).toEqual([last[3], last[1]]);
      expect(thrown(() => view.toHeader())).toEqual(error);
      // The entry decodes to the raw rest of the area, as decodeLenient keeps it.
      const rawEntry = Array.from(view.options()).at(-1)!;
      expect(rawEntry.toOption()).toEqual({ kind: 'raw', bytes: bytes.slice(last[1], 24) });
      // The cursor agrees, and stays finished.
      const walk = view.options();
      let steps = 0;
      while (walk.advance()) steps++;
      expect([steps, walk.code, walk.offset, walk.problem]).toEqual([
        c.entries.length,
        last[0],
        last[1],
        last[3],
      ]);
      expect(walk.advance()).toBe(false);
    });
  }

  test('the walk stops after EOL; the bytes after it are padding', () => {
    // MSS 1460 (02 04 05 b4), then EOL (00) and three padding bytes (de ad be), data offset 7.
    const bytes = hexToBytes(`${fixed('70')} 020405b4 00deadbe`);
    const view = TcpView.from(bytes);
    expect(Array.from(view.options(), (e) => [e.code, e.offset, e.length])).toEqual([
      [2, 20, 4],
      [0, 24, 1],
    ]);
    expect(view.toHeader().padding).toEqual(Uint8Array.of(0xde, 0xad, 0xbe));
  });
});

describe('TcpView.from', () => {
  test('refuses what decode refuses before the options, with the same error', () => {
    const cases: [string, Uint8Array, string, number, number | undefined, number | undefined][] = [
      // 19 bytes: needed 20, available 19.
      ['short', new Uint8Array(19), 'TRUNCATED', 19, 20, 19],
      // Byte 12 = 0x40: data offset 4.
      ['data offset 4', hexToBytes(fixed('40')), 'BAD_DATA_OFFSET', 12, undefined, undefined],
      // anchors.md T6: 20 bytes, byte 12 = 0xa0 (data offset 10 needs 40).
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
