/**
 * formatTcp and formatTcpSegment: the fixed fields, relative numbers, the -v texts, cut captures, argument checks and laws. Expected text is tcpdump 4.99.3's or worked out by hand from print-tcp.c's rules,
 * explained next to each case.
 */
import { fc } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { formatTcp, formatTcpSegment } from '../../src/format.ts';
import { decodeLenient } from '../../src/lint.ts';
import { ACK, SYN, segment } from '../support/format-segments.ts';
import { hexToBytes } from '../support/vectors.ts';

describe('formatTcp (a header object)', () => {
  test('prints the whole line with addresses, as in its documentation', () => {
    const line = formatTcp(
      { srcPort: 80, dstPort: 5000, seq: 1, ack: 2, flags: { psh: true, ack: true }, window: 512 },
      { payloadLength: 10, src: '10.0.0.1', dst: '10.0.0.2' },
    );
    expect(line).toBe('IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:11, ack 2, win 512, length 10');
  });

  test('options given through getters or a prototype print as plain ones do', () => {
    // The same line as the documented example: how the options object is built must not matter.
    const header = {
      srcPort: 80,
      dstPort: 5000,
      seq: 1,
      ack: 2,
      flags: { psh: true, ack: true },
      window: 512,
    };
    const inherited = Object.assign(Object.create({ src: '10.0.0.1', dst: '10.0.0.2' }), {
      payloadLength: 10,
    });
    const relative = Object.create({ payloadLength: 10 }, { relative: { get: () => ({ seq: 0, ack: 0 }) } });
    expect(formatTcp(header, inherited)).toBe(
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:11, ack 2, win 512, length 10',
    );
    expect(formatTcp(header, relative)).toBe('Flags [P.], seq 0:10, ack 0, win 512, length 10');
  });

  test('each option is read once: getters that change their answer print as their first answer', () => {
    // The law: the line equals the line for a plain object holding each getter's first answer.
    const header = { srcPort: 80, dstPort: 5000, seq: 7, ack: 9, flags: { ack: true }, window: 512 };
    const plain = { payloadLength: 3, relative: { seq: 1, ack: 1 }, checksum: { computed: 0 } };
    const once = <T>(first: T, later: unknown): (() => T) => {
      let reads = 0;
      return () => (reads++ === 0 ? first : (later as T));
    };
    const relative = {};
    Object.defineProperty(relative, 'seq', { get: once(1, 'BOGUS') });
    Object.defineProperty(relative, 'ack', { get: once(1, -5) });
    const checksum = {};
    Object.defineProperty(checksum, 'computed', { get: once(0, 'junk') });
    const options = { relative, checksum };
    Object.defineProperty(options, 'payloadLength', { get: once(3, -1) });
    expect(formatTcp(header, options as never)).toBe(formatTcp(header, plain));
  });

  test('walks the option bytes the header encodes to, padding included', () => {
    // mss 1460, then the encoder's zero fill: one EOL ends tcpdump's list.
    const text = formatTcp(
      {
        srcPort: 1,
        dstPort: 2,
        flags: { syn: true },
        window: 1024,
        options: [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }],
      },
      { payloadLength: 0 },
    );
    expect(text).toBe('Flags [S], seq 0, win 1024, options [mss 1460,nop,eol], length 0');
  });

  test('a data offset below 5 (a crafted header) gives the "too short" text', () => {
    // tcp_print: " tcp <length - hlen> [bad hdr length <hlen> - too short, < 20]".
    const text = formatTcp({ srcPort: 1, dstPort: 2, dataOffset: 4 }, { payloadLength: 7 });
    expect(text).toBe(' tcp 7 [bad hdr length 16 - too short, < 20]');
  });

  test('a data offset beyond the options shows as a cut capture', () => {
    // Data offset 7 says 8 option bytes; the header holds 4 (mss); the 5th is not there.
    const text = formatTcp(
      { srcPort: 1, dstPort: 2, dataOffset: 7, options: [{ kind: 'mss', mss: 536 }] },
      { payloadLength: 0 },
    );
    expect(text).toBe('Flags [none], win 0, options [mss 536, [|tcp]');
  });

  test('an option kind in the last header byte: its length byte is payload, or past the capture', () => {
    // Kind 2 at offset 23 of a 24-byte header: tcpdump reads the length byte past the header; with a
    // payload that byte exists and "len > what is left" is [bad opt], without it the read is cut.
    const header = {
      srcPort: 1,
      dstPort: 2,
      options: [{ kind: 'raw', bytes: Uint8Array.of(1, 1, 1, 2) }],
    } as const;
    expect(formatTcp(header, { payloadLength: 5 })).toBe(
      'Flags [none], seq 0:5, win 0, options [nop,nop,nop,[bad opt]]',
    );
    expect(formatTcp(header, { payloadLength: 0 })).toBe('Flags [none], win 0, options [nop,nop,nop, [|tcp]');
  });
});

describe('formatTcpSegment: the fixed fields', () => {
  test('flag letters in tcpdump order, "none", and NS not shown', () => {
    expect(formatTcpSegment(segment({ flags: 0 }))).toBe('Flags [none], win 512, length 0');
    const all = segment({ flags: 0xff });
    all[12]! |= 0x01; // NS
    expect(formatTcpSegment(all)).toBe('Flags [FSRP.UEW], seq 1, ack 2, win 512, urg 0, length 0');
  });

  test('seq is printed with payload, or alone on SYN / FIN / RST; ack only with ACK', () => {
    expect(formatTcpSegment(segment({ flags: ACK }))).toBe('Flags [.], ack 2, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: SYN }))).toBe('Flags [S], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x01 }))).toBe('Flags [F], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x04 }))).toBe('Flags [R], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x18, payload: '616263' }))).toBe(
      'Flags [P.], seq 1:4, ack 2, win 512, length 3',
    );
    // The end of the range wraps modulo 2^32 (tcpdump's u_int arithmetic).
    expect(formatTcpSegment(segment({ flags: 0, seq: 0xffffffff, payload: '0102' }))).toBe(
      'Flags [none], seq 4294967295:1, win 512, length 2',
    );
  });

  test('urg with URG only', () => {
    expect(formatTcpSegment(segment({ flags: 0x30, urgent: 7 }))).toBe(
      'Flags [.U], ack 2, win 512, urg 7, length 0',
    );
    expect(formatTcpSegment(segment({ flags: ACK, urgent: 7 }))).toBe('Flags [.], ack 2, win 512, length 0');
  });

  test('IPv4 and IPv6 lines', () => {
    const bytes = segment({ flags: SYN });
    expect(formatTcpSegment(bytes, { src: '192.0.2.1', dst: '198.51.100.2' })).toBe(
      'IP 192.0.2.1.80 > 198.51.100.2.5000: Flags [S], seq 1, win 512, length 0',
    );
    expect(formatTcpSegment(bytes, { src: '2001:db8::1', dst: '2001:db8::2' })).toBe(
      'IP6 2001:db8::1.80 > 2001:db8::2.5000: Flags [S], seq 1, win 512, length 0',
    );
  });

  test('segments tcpdump cannot read in full', () => {
    const bytes = segment({ flags: SYN, options: '020405b4' });
    // Fewer than 4 bytes: no ports; fewer than 20: ports, then " [|tcp]" (tcp_header_heapoverflow).
    expect(formatTcpSegment(bytes.subarray(0, 3), { src: '192.0.2.1', dst: '192.0.2.2' })).toBe(
      'IP 192.0.2.1 > 192.0.2.2: [|tcp]',
    );
    expect(formatTcpSegment(bytes.subarray(0, 3))).toBe('[|tcp]');
    expect(formatTcpSegment(bytes.subarray(0, 12), { src: '192.0.2.1', dst: '192.0.2.2' })).toBe(
      'IP 192.0.2.1.80 > 192.0.2.2.5000:  [|tcp]',
    );
    // The header longer than the segment the IP layer gives.
    expect(formatTcpSegment(bytes, { segmentLength: 22 })).toBe(
      'Flags [S] [bad hdr length 24 - too long, > 22]',
    );
    // A data offset below 5 (12 bytes): length - hlen = 40 - 12.
    const short = segment({ flags: SYN, dataOffset: 3 });
    expect(formatTcpSegment(short, { segmentLength: 40 })).toBe(
      ' tcp 28 [bad hdr length 12 - too short, < 20]',
    );
  });

  test('options cut by the capture: " [|tcp]", with ">" only where tcpdump jumps to its trunc label', () => {
    const bytes = segment({ flags: SYN, options: '01020405b4', payload: '' });
    // Cut at the kind byte of a later option (a plain read): no ">".
    expect(formatTcpSegment(bytes.subarray(0, 21), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1, win 512, options [nop, [|tcp]',
    );
    // Cut inside the MSS value (its length check), after a first option: " [|tcp]>".
    expect(formatTcpSegment(bytes.subarray(0, 24), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1, win 512, options [nop,mss [|tcp]>',
    );
    // The options read, the payload cut: the caplen note after the length.
    const eol = segment({ flags: SYN, options: '00000000', payload: '41424344' });
    expect(formatTcpSegment(eol.subarray(0, 22), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1:5, win 512, options [eol], length 4 [remaining caplen(22) < header length(24)] [|tcp]',
    );
  });

  test('after an MPTCP option, truncation markers say mptcp', () => {
    // DSS with a 4-byte data ACK (1e 08 20 01 + ack), then a 4-byte option cut short.
    const bytes = segment({ options: '1e08200100000005020405b4', payload: '41' });
    expect(formatTcpSegment(bytes.subarray(0, 30), { segmentLength: 33 })).toBe(
      'Flags [.], seq 1:2, ack 2, win 512, options [mptcp 8 dss ack 5,mss [|mptcp]>',
    );
    const eol = segment({ options: '1e0820010000000500000000', payload: '41' });
    expect(formatTcpSegment(eol.subarray(0, 29), { segmentLength: 33 })).toBe(
      'Flags [.], seq 1:2, ack 2, win 512, options [mptcp 8 dss ack 5,eol], length 1 [remaining caplen(29) < header length(32)] [|mptcp]',
    );
  });
});

describe('formatTcpSegment: relative numbers', () => {
  // Raw seq 1001, ack 5001; a SACK block 5500..5600.
  const bytes = segment({
    flags: 0x18,
    seq: 1001,
    ack: 5001,
    options: '0101050a0000157c000015e0',
    payload: '00',
  });

  test('replace seq and ack; SACK edges lose ack - relative ack by default', () => {
    expect(formatTcpSegment(bytes, { relative: { seq: 1, ack: 1 } })).toBe(
      'Flags [P.], seq 1:2, ack 1, win 512, options [nop,nop,sack 1 {500:600}], length 1',
    );
  });

  test('an explicit SACK base (the segment that records the bases prints raw numbers)', () => {
    expect(formatTcpSegment(bytes, { relative: { seq: 1001, ack: 5001, sackBase: 5000 } })).toBe(
      'Flags [P.], seq 1001:1002, ack 5001, win 512, options [nop,nop,sack 1 {500:600}], length 1',
    );
  });

  test('without relative numbers SACK edges are raw', () => {
    expect(formatTcpSegment(bytes)).toBe(
      'Flags [P.], seq 1001:1002, ack 5001, win 512, options [nop,nop,sack 1 {5500:5600}], length 1',
    );
  });
});

describe('formatTcpSegment: the -v checksum text and RST payload', () => {
  const bytes = segment({ flags: ACK });
  bytes[16] = 0x12;
  bytes[17] = 0x34;

  test('correct when the field equals the computed value, or is 0xffff for 0x0000', () => {
    expect(formatTcpSegment(bytes, { checksum: { computed: 0x1234 } })).toBe(
      'Flags [.], cksum 0x1234 (correct), ack 2, win 512, length 0',
    );
    const ones = segment({ flags: ACK });
    ones[16] = 0xff;
    ones[17] = 0xff;
    expect(formatTcpSegment(ones, { checksum: { computed: 0 } })).toContain('cksum 0xffff (correct)');
  });

  test('incorrect, with tcpdump\'s "should be" value', () => {
    expect(formatTcpSegment(bytes, { checksum: { computed: 0xabcd } })).toBe(
      'Flags [.], cksum 0x1234 (incorrect -> 0xabcd), ack 2, win 512, length 0',
    );
    // in_cksum_shouldbe adds the field to the failed sum with end-around carry: for a true value of
    // 0x0000 (the rest sums to 0xffff), 0x1234 + ~(0xffff + 0x1234) = 0x1234 + 0xedcb = 0xffff.
    expect(formatTcpSegment(bytes, { checksum: { computed: 0 } })).toContain(
      'cksum 0x1234 (incorrect -> 0xffff)',
    );
  });

  test('not printed when the capture cut the segment', () => {
    expect(formatTcpSegment(bytes, { segmentLength: 30, checksum: { computed: 0x1234 } })).toBe(
      'Flags [.], seq 1:11, ack 2, win 512, length 10',
    );
  });

  test('RST payload: at most 30 bytes, "+" when more, control bytes and DEL as ^X, high bytes as M-', () => {
    const rst = segment({ flags: 0x04, payload: `7f0aff${'41'.repeat(30)}` });
    expect(formatTcpSegment(rst, { verbose: true })).toBe(
      `Flags [R], seq 1:34, win 512, length 33 [RST+ ^?^JM-^?${'A'.repeat(27)}]`,
    );
    expect(formatTcpSegment(rst.subarray(0, 22), { verbose: true, segmentLength: 53 })).toBe(
      'Flags [R], seq 1:34, win 512, length 33 [!RST+ ^?^J]',
    );
    expect(formatTcpSegment(rst)).toBe('Flags [R], seq 1:34, win 512, length 33');
  });
});

describe('argument checks', () => {
  const header = { srcPort: 1, dstPort: 2 };

  test('wrong types are TypeErrors naming the option', () => {
    expect(() => formatTcp(header, {} as never)).toThrow(
      new TypeError('payloadLength must be an integer in 0..4294967295, got undefined'),
    );
    expect(() => formatTcp(header, null as never)).toThrow(
      new TypeError('options must be an object, got null'),
    );
    expect(() => formatTcpSegment('00' as never)).toThrow(
      new TypeError('bytes must be a Uint8Array, got "00"'),
    );
    const bytes = segment({});
    expect(() => formatTcpSegment(bytes, { src: '10.0.0.1' })).toThrow(
      new TypeError('src and dst must be given together'),
    );
    expect(() => formatTcpSegment(bytes, { src: 1, dst: 2 } as never)).toThrow(
      new TypeError('src must be an address string, got 1'),
    );
    expect(() => formatTcpSegment(bytes, { src: '10.0.0.1', dst: 2 } as never)).toThrow(
      new TypeError('dst must be an address string, got 2'),
    );
    expect(() => formatTcpSegment(bytes, { relative: 5 } as never)).toThrow(
      new TypeError('relative must be an object, got 5'),
    );
    expect(() => formatTcpSegment(bytes, { checksum: 'x' } as never)).toThrow(
      new TypeError('checksum must be an object, got "x"'),
    );
    expect(() => formatTcpSegment(bytes, { verbose: 1 } as never)).toThrow(
      new TypeError('verbose must be a boolean, got 1'),
    );
  });

  test('values out of range are RangeErrors', () => {
    expect(() => formatTcp(header, { payloadLength: -1 })).toThrow(
      new RangeError('payloadLength must be an integer in 0..4294967295, got -1'),
    );
    const bytes = segment({});
    expect(() => formatTcpSegment(bytes, { segmentLength: 1.5 })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { relative: { seq: 2 ** 32, ack: 0 } })).toThrow(
      new RangeError('relative.seq must be an integer in 0..4294967295, got 4294967296'),
    );
    expect(() => formatTcpSegment(bytes, { relative: { seq: 0, ack: -1 } })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { relative: { seq: 0, ack: 0, sackBase: -1 } })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { checksum: { computed: 70000 } })).toThrow(
      new RangeError('checksum.computed must be an integer in 0..65535, got 70000'),
    );
    // A header encode refuses even with craft.
    expect(() => formatTcp({ srcPort: 70000, dstPort: 1 }, { payloadLength: 0 })).toThrow(RangeError);
  });
});

describe('laws (FUZZ_RUNS runs, default 300)', () => {
  const { FUZZ_RUNS } = process.env;
  const numRuns = Number(FUZZ_RUNS ?? 300);
  /** Option areas that exercise the walk: EOL, NOP, TLVs of the kinds tcpdump names, stray bytes. */
  const optionArea = fc
    .array(
      fc.oneof(
        fc.constant([0]),
        fc.constant([1]),
        fc
          .tuple(
            fc.constantFrom(2, 3, 4, 5, 6, 8, 13, 19, 20, 28, 29, 30, 34, 99, 253, 254),
            fc.integer({ min: 0, max: 20 }),
            fc.uint8Array({ maxLength: 18 }),
          )
          .map(([kind, length, data]) => [kind, length, ...data]),
      ),
      { maxLength: 8 },
    )
    .map((parts) => Uint8Array.from(parts.flat().slice(0, 40)));
  const segmentArbitrary = fc
    .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), optionArea, fc.uint8Array({ maxLength: 12 }))
    .map(([fixed, options, payload]) => {
      const area = new Uint8Array(Math.ceil(options.length / 4) * 4);
      area.set(options);
      const out = new Uint8Array(20 + area.length + payload.length);
      out.set(fixed);
      out[12] = ((5 + area.length / 4) << 4) | (fixed[12]! & 0x0f);
      out.set(area, 20);
      out.set(payload, 20 + area.length);
      return out;
    });

  test('any bytes, any claimed length: one line of text, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(segmentArbitrary, fc.uint8Array({ maxLength: 64 })),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.boolean(),
        (bytes, segmentLength, verbose) => {
          const text = formatTcpSegment(bytes, {
            verbose,
            ...(segmentLength === undefined ? {} : { segmentLength }),
            relative: { seq: 1, ack: 1 },
          });
          expect(text).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns },
    );
  });

  test('a complete segment prints the same from its bytes and from its lenient decoding', () => {
    fc.assert(
      fc.property(segmentArbitrary, (bytes) => {
        const { header } = decodeLenient(bytes);
        const payloadLength = bytes.length - header!.dataOffset * 4;
        expect(formatTcp(header!, { payloadLength })).toBe(formatTcpSegment(bytes));
      }),
      { numRuns },
    );
  });
});

describe('documentation examples', () => {
  test('formatTcpSegment', () => {
    // 0050 1388: ports 80 > 5000; seq 7; ack 1; 60 12: data offset 6, SYN+ACK; win 0xffff; MSS 1460.
    const synAck = hexToBytes('0050138800000007000000016012ffff00000000020405b4');
    expect(formatTcpSegment(synAck, { src: '10.0.0.1', dst: '10.0.0.2' })).toBe(
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 7, ack 1, win 65535, options [mss 1460], length 0',
    );
    // Cut inside the MSS value, the first option: no ">" after the marker.
    expect(formatTcpSegment(synAck.subarray(0, 22), { segmentLength: 24 })).toBe(
      'Flags [S.], seq 7, ack 1, win 65535, options [mss [|tcp]',
    );
  });
});
