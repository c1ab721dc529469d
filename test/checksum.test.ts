/**
 * Checksums against the corpus (correctChecksum computed by scapy, confirmed by tshark), the worked
 * examples of RFC 1071 §3 and RFC 1624 §4, and segments built by hand from those.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import {
  encodeSegment,
  pseudoHeaderSum,
  rewriteAck,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  rewriteSrcPort,
  sumWords,
  tcpChecksum,
  updateChecksum,
  verifyTcpChecksum,
  writeTcpChecksum,
} from '../src/checksum.ts';
import { decodeSegment } from '../src/header.ts';
import { type CorpusVector, loadVectors, segmentBytes, vectorById, vectorFiles } from './support/vectors.ts';

const OFFLOAD_NOTE = 'captured checksum equals the folded pseudo-header sum';
const isOffloaded = (v: CorpusVector): boolean => v.notes.some((n) => n.startsWith(OFFLOAD_NOTE));
const pseudoOf = (v: CorpusVector): { src: string; dst: string } => ({ src: v.src, dst: v.dst });
const field = (b: Uint8Array): number => (b[16]! << 8) | b[17]!;

/** Vectors whose whole segment was captured and whose right checksum the corpus knows. */
function checksummed(): CorpusVector[] {
  const out: CorpusVector[] = [];
  for (const file of vectorFiles()) {
    for (const v of loadVectors(file)) if (!v.truncated && v.expected.correctChecksum !== null) out.push(v);
  }
  return out;
}

describe('corpus: every vector with a correctChecksum', () => {
  const vectors = checksummed();

  test('covers IPv4, IPv6, odd lengths and the offload-partial captures', () => {
    expect(vectors.length).toBe(2178);
    expect(vectors.filter((v) => v.ipVersion === 6).length).toBe(256);
    expect(vectors.filter((v) => v.capturedLength % 2 === 1).length).toBeGreaterThan(300);
    expect(vectors.filter(isOffloaded).length).toBe(745);
  });

  test('tcpChecksum gives exactly that value, and verify agrees with checksumValid', () => {
    const wrong: string[] = [];
    for (const v of vectors) {
      const bytes = segmentBytes(v);
      const pseudo = pseudoOf(v);
      const checksum = tcpChecksum(bytes, pseudo);
      if (checksum !== v.expected.correctChecksum)
        wrong.push(`${v.id}: ${checksum} != ${v.expected.correctChecksum}`);
      if (verifyTcpChecksum(bytes, pseudo) !== v.expected.checksumValid) wrong.push(`${v.id}: verify`);
    }
    expect(wrong).toEqual([]);
  });

  test('the same over header and payload as separate chunks, and over a split at every odd offset up to 41', () => {
    const wrong: string[] = [];
    for (const v of vectors) {
      const bytes = segmentBytes(v);
      const pseudo = pseudoOf(v);
      const headerLength = v.headerLength ?? 20;
      const expected = v.expected.correctChecksum;
      if (tcpChecksum([bytes.subarray(0, headerLength), bytes.subarray(headerLength)], pseudo) !== expected)
        wrong.push(`${v.id}: header | payload`);
      for (let at = 1; at < Math.min(42, bytes.length); at += 2) {
        if (tcpChecksum([bytes.subarray(0, at), bytes.subarray(at)], pseudo) !== expected)
          wrong.push(`${v.id}: split at ${at}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test('addresses given as bytes give the same checksum as addresses given as text', () => {
    const v = vectorById('pcap/accecn_handshake.pcap#2');
    const pseudo = { src: Uint8Array.of(66, 228, 43, 12), dst: Uint8Array.of(31, 133, 146, 248) };
    expect(tcpChecksum(segmentBytes(v), pseudo)).toBe(v.expected.correctChecksum);
  });

  test('a segment written by encodeSegment from its decoded header and payload is the captured one', () => {
    // Every scapy segment carries a right checksum; encodeSegment must recompute the same bytes.
    let count = 0;
    for (const v of loadVectors('scapy-set-a.jsonl')) {
      const bytes = segmentBytes(v);
      const { header, payload } = decodeSegment(bytes);
      const rebuilt = encodeSegment({ ...header, checksum: 0 }, payload, pseudoOf(v));
      expect(rebuilt, v.id).toEqual(bytes);
      count++;
    }
    expect(count).toBe(500);
  });
});

describe('offload-partial captures', () => {
  const offloaded = checksummed().filter(isOffloaded);

  test('verify is false; the captured value is pseudoHeaderSum; after write, verify is true', () => {
    const wrong: string[] = [];
    for (const v of offloaded) {
      const bytes = segmentBytes(v);
      const pseudo = pseudoOf(v);
      if (verifyTcpChecksum(bytes, pseudo)) wrong.push(`${v.id}: verified`);
      if (pseudoHeaderSum(pseudo, v.segmentLength) !== v.expected.checksum)
        wrong.push(`${v.id}: partial sum`);
      if (pseudoHeaderSum({ ...pseudo, length: v.segmentLength }) !== v.expected.checksum)
        wrong.push(`${v.id}: partial sum from pseudo.length`);
      if (writeTcpChecksum(bytes, pseudo) !== v.expected.correctChecksum) wrong.push(`${v.id}: written`);
      if (field(bytes) !== v.expected.correctChecksum || !verifyTcpChecksum(bytes, pseudo))
        wrong.push(`${v.id}: after write`);
    }
    expect(wrong).toEqual([]);
  });

  test('the first one by hand: 31.133.146.248 > 66.228.43.12, 40 bytes', () => {
    // 0x1f85 + 0x92f8 + 0x42e4 + 0x2b0c + 0x0006 + 0x0028 = 0x1209b, folded 0x209c.
    expect(pseudoHeaderSum({ src: '31.133.146.248', dst: '66.228.43.12' }, 40)).toBe(0x209c);
  });
});

describe('the large segments', () => {
  test('BIG TCP over IPv6 (80 032 bytes, a jumbogram) uses the 32-bit length', () => {
    const v = vectorById('pcap/bigtcp-ipv6-hbh.pcap#1');
    const bytes = segmentBytes(v);
    expect(bytes.length).toBe(80032);
    expect(tcpChecksum(bytes, pseudoOf(v))).toBe(v.expected.correctChecksum);
    expect(pseudoHeaderSum(pseudoOf(v), 80032)).toBe(v.expected.checksum);
    expect(tcpChecksum(bytes, pseudoOf(v))).toBe(sumBothWays(bytes, v));
  });

  test('TSO over IPv4 with total length 0: the default length is the segment length', () => {
    const v = vectorById('pcap/ipv4_tcp_http_xml_tso.pcap#1');
    expect(tcpChecksum(segmentBytes(v), pseudoOf(v))).toBe(40178);
    // Taking the IP header's 0 at its word gives another (wrong) checksum.
    expect(tcpChecksum(segmentBytes(v), { ...pseudoOf(v), length: 0 })).not.toBe(40178);
  });

  test('BIG TCP over IPv4 (80 032 bytes) does not fit the 16-bit length: RangeError', () => {
    const v = vectorById('pcap/bigtcp-ipv4.pcap#1');
    const bytes = segmentBytes(v);
    expect(() => tcpChecksum(bytes, pseudoOf(v))).toThrow(RangeError);
    expect(() => verifyTcpChecksum(bytes, pseudoOf(v))).toThrow('at most 65535 bytes');
    expect(() => writeTcpChecksum(bytes, { ...pseudoOf(v), length: 1000 })).toThrow('got 80032');
    expect(field(bytes)).toBe(v.expected.checksum);
  });
});

/** The jumbogram's checksum through the JavaScript and the WebAssembly loop, which must agree. */
function sumBothWays(bytes: Uint8Array, v: CorpusVector): number {
  expect(sumWords(bytes, 'js')).toBe(sumWords(bytes, 'wasm'));
  return tcpChecksum([bytes.subarray(0, 1), bytes.subarray(1)], pseudoOf(v));
}

describe('RFC examples', () => {
  test('RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2', () => {
    const bytes = Uint8Array.of(0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7);
    expect(sumWords(bytes, 'js')).toBe(0xddf2);
    // Byte order independence (§2 (B)): swapped bytes sum to the swapped sum.
    expect(sumWords(Uint8Array.of(0x01, 0x00, 0x03, 0xf2, 0xf5, 0xf4, 0xf7, 0xf6), 'js')).toBe(0xf2dd);
  });

  test('RFC 1624 §4: m 0x5555 -> 0x3285 with HC 0xDD2F gives 0x0000 (eqn. 3), not 0xFFFF (eqn. 2)', () => {
    expect(updateChecksum(0xdd2f, Uint8Array.of(0x55, 0x55), Uint8Array.of(0x32, 0x85))).toBe(0x0000);
  });

  test('an odd final byte is padded with a zero on its right (RFC 9293 §3.1)', () => {
    expect(sumWords(Uint8Array.of(0xab), 'js')).toBe(0xab00);
    expect(sumWords(Uint8Array.of(0x00, 0x01, 0xab), 'js')).toBe(0xab01);
  });
});

describe('a segment whose right checksum is 0x0000 (anchors T19)', () => {
  /**
   * From a corpus segment with a right checksum C: set the field to 0 and add C into the urgent
   * pointer (ones' complement addition). The total sum does not change, so it is still zero with a
   * checksum of 0: the right checksum of the new segment is 0x0000.
   */
  function zeroSumSegment(): { bytes: Uint8Array; pseudo: { src: string; dst: string } } {
    const v = vectorById('pcap/accecn_handshake.pcap#2');
    const bytes = segmentBytes(v);
    const c = field(bytes);
    let urgent = ((bytes[18]! << 8) | bytes[19]!) + c;
    if (urgent > 0xffff) urgent -= 0xffff;
    bytes[18] = urgent >>> 8;
    bytes[19] = urgent & 0xff;
    bytes[16] = 0;
    bytes[17] = 0;
    return { bytes, pseudo: pseudoOf(v) };
  }

  test('tcpChecksum gives 0x0000, never 0xFFFF', () => {
    const { bytes, pseudo } = zeroSumSegment();
    expect(tcpChecksum(bytes, pseudo)).toBe(0x0000);
    bytes[16] = 0xff;
    bytes[17] = 0xff;
    expect(tcpChecksum(bytes, pseudo)).toBe(0x0000);
    expect(writeTcpChecksum(bytes, pseudo)).toBe(0);
    expect(field(bytes)).toBe(0);
  });

  test('0x0000 and 0xFFFF both verify; 0x0001 and 0xFFFE do not', () => {
    const { bytes, pseudo } = zeroSumSegment();
    for (const [value, ok] of [
      [0x0000, true],
      [0xffff, true],
      [0x0001, false],
      [0xfffe, false],
    ] as const) {
      bytes[16] = value >>> 8;
      bytes[17] = value & 0xff;
      expect(verifyTcpChecksum(bytes, pseudo), value.toString(16)).toBe(ok);
    }
  });
});

describe('writing into chunks', () => {
  test('the checksum field split across two chunks is written into both', () => {
    const v = vectorById('pcap/accecn_handshake.pcap#1');
    const bytes = segmentBytes(v);
    const chunks = [bytes.slice(0, 17), bytes.slice(17, 30), bytes.slice(30)];
    expect(writeTcpChecksum(chunks, pseudoOf(v))).toBe(58435);
    expect(chunks[0]![16]).toBe(58435 >>> 8);
    expect(chunks[1]![0]).toBe(58435 & 0xff);
    expect(verifyTcpChecksum(chunks, pseudoOf(v))).toBe(true);
  });

  test('empty chunks change nothing', () => {
    const v = vectorById('pcap/accecn_handshake.pcap#3');
    const bytes = segmentBytes(v);
    const e = new Uint8Array(0);
    expect(tcpChecksum([e, bytes.subarray(0, 3), e, bytes.subarray(3), e], pseudoOf(v))).toBe(
      v.expected.correctChecksum,
    );
  });
});

describe('rewrite helpers (NAT)', () => {
  const v = vectorById('pcap/accecn_handshake.pcap#2'); // checksum right in the capture
  const payloadStart = 20;

  test('ports, sequence and acknowledgment numbers: the checksum stays right, the payload untouched', () => {
    const bytes = segmentBytes(v);
    const before = bytes.slice(payloadStart);
    const pseudo = pseudoOf(v);
    expect(rewriteSrcPort(bytes, 40000)).toBe(field(bytes));
    expect((bytes[0]! << 8) | bytes[1]!).toBe(40000);
    expect(verifyTcpChecksum(bytes, pseudo)).toBe(true);
    rewriteDstPort(bytes, 8080);
    expect((bytes[2]! << 8) | bytes[3]!).toBe(8080);
    expect(verifyTcpChecksum(bytes, pseudo)).toBe(true);
    rewriteSeq(bytes, 0xfffffffe);
    expect([...bytes.subarray(4, 8)]).toEqual([0xff, 0xff, 0xff, 0xfe]);
    expect(verifyTcpChecksum(bytes, pseudo)).toBe(true);
    rewriteAck(bytes, 0x01020304);
    expect([...bytes.subarray(8, 12)]).toEqual([1, 2, 3, 4]);
    expect(verifyTcpChecksum(bytes, pseudo)).toBe(true);
    expect(bytes.slice(payloadStart)).toEqual(before);
  });

  test('an address: the checksum is right for the new pseudo-header; the header alone is enough', () => {
    const bytes = segmentBytes(v);
    const header = bytes.slice(0, 20);
    const checksum = rewriteAddress(header, v.src, '203.0.113.5');
    bytes[16] = header[16]!;
    bytes[17] = header[17]!;
    expect(checksum).toBe(field(bytes));
    expect(verifyTcpChecksum(bytes, { src: '203.0.113.5', dst: v.dst })).toBe(true);
    expect(verifyTcpChecksum(bytes, pseudoOf(v))).toBe(false);
    // Back again, with bytes this time.
    rewriteAddress(bytes, Uint8Array.of(203, 0, 113, 5), v.src);
    expect(field(bytes)).toBe(v.expected.checksum);
  });

  test('an IPv6 address', () => {
    const v6 = loadVectors('scapy-set-a.jsonl').find((x) => x.ipVersion === 6)!;
    const bytes = segmentBytes(v6);
    rewriteAddress(bytes, v6.dst, '2001:db8::7');
    expect(verifyTcpChecksum(bytes, { src: v6.src, dst: '2001:db8::7' })).toBe(true);
  });

  test('wrong arguments', () => {
    const bytes = segmentBytes(v);
    expect(() => rewriteSrcPort(bytes, 70000)).toThrow('port must be an integer in 0..65535, got 70000');
    expect(() => rewriteSeq(bytes, -1)).toThrow(RangeError);
    expect(() => rewriteAck(bytes, 2 ** 32)).toThrow('ack must be an integer in 0..4294967295');
    expect(() => rewriteDstPort(new Uint8Array(19), 1)).toThrow(RangeError);
    expect(() => rewriteDstPort([] as unknown as Uint8Array, 1)).toThrow(TypeError);
    expect(() => rewriteAddress(bytes, '10.0.0.1', '::1')).toThrow(TypeError);
    expect(() => rewriteAddress(bytes, '10.0.0.1', '10.0.0.256')).toThrow('"10.0.0.256"');
    expect(bytes).toEqual(segmentBytes(v));
  });
});

describe('updateChecksum', () => {
  test('wrong arguments', () => {
    expect(() => updateChecksum(0x10000, new Uint8Array(2), new Uint8Array(2))).toThrow(RangeError);
    expect(() => updateChecksum(1, new Uint8Array(2), new Uint8Array(4))).toThrow(
      'newBytes must be as long as oldBytes (2 bytes), got 4',
    );
    expect(() => updateChecksum(1, [0, 1] as unknown as Uint8Array, new Uint8Array(2))).toThrow(TypeError);
  });
});

describe('encodeSegment', () => {
  test('without a pseudo-header the checksum is written as given', () => {
    const segment = encodeSegment({ srcPort: 1, dstPort: 2, checksum: 0x1234 }, Uint8Array.of(9, 8, 7));
    expect(segment.length).toBe(23);
    expect(field(segment)).toBe(0x1234);
    expect([...segment.subarray(20)]).toEqual([9, 8, 7]);
  });

  test('a bad payload or pseudo-header throws', () => {
    expect(() => encodeSegment({ srcPort: 1, dstPort: 2 }, 'x' as unknown as Uint8Array)).toThrow(TypeError);
    expect(() =>
      encodeSegment({ srcPort: 1, dstPort: 2 }, new Uint8Array(65516), { src: '10.0.0.1', dst: '10.0.0.2' }),
    ).toThrow(RangeError);
  });
});

describe('wrong arguments', () => {
  const bytes = segmentBytes(vectorById('pcap/accecn_handshake.pcap#2'));
  const pseudo = { src: '10.0.0.1', dst: '10.0.0.2' };

  test('segments', () => {
    expect(() => tcpChecksum(new Uint8Array(19), pseudo)).toThrow(
      'segment must hold at least 20 bytes (a TCP header), got 19',
    );
    expect(() => tcpChecksum([new Uint8Array(10), new Uint8Array(9)], pseudo)).toThrow(RangeError);
    expect(() => tcpChecksum('abc' as unknown as Uint8Array, pseudo)).toThrow(TypeError);
    expect(() => tcpChecksum([bytes, 'x'] as unknown as Uint8Array[], pseudo)).toThrow('segment[1]');
  });

  test('pseudo-headers', () => {
    expect(() => tcpChecksum(bytes, null as unknown as typeof pseudo)).toThrow(TypeError);
    expect(() => tcpChecksum(bytes, { src: '10.0.0.1', dst: '::1' })).toThrow('same IP version');
    expect(() => tcpChecksum(bytes, { src: '10.0.0.1', dst: '10.0.0' })).toThrow(
      'pseudo.dst must be an IPv4 or IPv6 address (RFC 4291 §2.2), got "10.0.0"',
    );
    expect(() => tcpChecksum(bytes, { src: new Uint8Array(5), dst: '10.0.0.1' })).toThrow(RangeError);
    expect(() => tcpChecksum(bytes, { ...pseudo, length: 65536 })).toThrow(
      'pseudo.length must be an integer in 0..65535, got 65536',
    );
    expect(() => tcpChecksum(bytes, { src: '::1', dst: '::2', length: 2 ** 32 })).toThrow(
      'pseudo.length must be an integer in 0..4294967295',
    );
    expect(() => tcpChecksum(bytes, { ...pseudo, length: 1.5 })).toThrow(RangeError);
    expect(() => pseudoHeaderSum(pseudo)).toThrow(TypeError);
    expect(() => pseudoHeaderSum(pseudo, -1)).toThrow('length must be an integer in 0..65535, got -1');
  });

  test('IPv6 takes lengths beyond 65535', () => {
    // 0x0001 + 0x0002 (addresses) + 6 + 0x0001 + 0x0000 (length 65536): 0x000a.
    expect(pseudoHeaderSum({ src: '::1', dst: '::2' }, 65536)).toBe(0x000a);
  });
});

test('the committed WebAssembly bytes are what src/checksum.wat assembles to', () => {
  const script = fileURLToPath(new URL('../scripts/build-checksum-wasm.mjs', import.meta.url));
  expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
});

describe('where WebAssembly cannot run, the JavaScript loop takes over', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  /** A fresh copy of the module, loaded with the global WebAssembly as `replacement`. */
  async function loadWith(replacement: unknown): Promise<typeof import('../src/checksum.ts')> {
    vi.stubGlobal('WebAssembly', replacement);
    vi.resetModules();
    return import('../src/checksum.ts');
  }

  const jumbo = vectorById('pcap/bigtcp-ipv6-hbh.pcap#1');
  const odd = checksummed().find((v) => v.capturedLength % 2 === 1 && v.capturedLength > 300)!;

  test.each([
    ['no WebAssembly at all', undefined],
    [
      'a WebAssembly without SIMD (compiling throws)',
      {
        Module: class {
          constructor() {
            throw new Error('CompileError: invalid SIMD opcode');
          }
        },
        Instance: class {},
      },
    ],
  ])('%s', async (_, replacement) => {
    const fresh = await loadWith(replacement);
    for (const v of [jumbo, odd]) {
      const bytes = segmentBytes(v);
      expect(fresh.tcpChecksum(bytes, pseudoOf(v)), v.id).toBe(v.expected.correctChecksum);
      // Unaligned: the 32-bit word loop starts past an odd number of bytes.
      const shifted = new Uint8Array(bytes.length + 3);
      shifted.set(bytes, 3);
      expect(fresh.tcpChecksum(shifted.subarray(3), pseudoOf(v)), v.id).toBe(v.expected.correctChecksum);
    }
    expect(() => fresh.sumWords(new Uint8Array(4), 'wasm')).toThrow('WebAssembly SIMD is not available');
  });
});
