import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  pseudoHeaderSum,
  sumWords,
  tcpChecksum,
  updateChecksum,
  verifyTcpChecksum,
  writeTcpChecksum,
} from '../../src/checksum.ts';
import { decodeSegment, encode } from '../../src/header.ts';
import { encodeSegment } from '../../src/segment.ts';
import { checksummed, field, isOffloaded, pseudoOf } from '../support/checksum-vectors.ts';
import { type CorpusVector, loadVectors, segmentBytes, vectorById } from '../support/vectors.ts';

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

interface Vector {
  src: string;
  dst: string;
  segmentHex: string;
  expected: { correctChecksum: number };
}
const vectors = readFileSync(new URL('../fixtures/corpus/vectors/scapy-set-a.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(0, 6)
  .map((line) => JSON.parse(line) as Vector);

describe('a segment in chunks', () => {
  test.each(vectors.map((v, i) => [i, v] as const))(
    'vector %i: every split point, the field included',
    (_, vector) => {
      const segment = Uint8Array.from(Buffer.from(vector.segmentHex, 'hex'));
      const pseudo = { src: vector.src, dst: vector.dst };
      const right = vector.expected.correctChecksum;
      for (let cut = 0; cut <= segment.length; cut++) {
        for (const second of [cut, Math.min(segment.length, cut + 1)]) {
          const chunks = [segment.slice(0, cut), segment.slice(cut, second), segment.slice(second)];
          expect(tcpChecksum(chunks, pseudo)).toBe(right);
          expect(verifyTcpChecksum(chunks, pseudo)).toBe(true);
          const zeroed = chunks.map((chunk) => chunk.slice());
          const flat = () => Uint8Array.from(zeroed.flatMap((chunk) => [...chunk]));
          const cleared = flat();
          cleared[16] = 0x12;
          cleared[17] = 0x34;
          zeroed[0] = cleared.slice(0, cut);
          zeroed[1] = cleared.slice(cut, second);
          zeroed[2] = cleared.slice(second);
          expect(writeTcpChecksum(zeroed, pseudo)).toBe(right);
          expect(flat()).toEqual(
            segment.map((byte, i) => (i === 16 ? right >>> 8 : i === 17 ? right & 0xff : byte)),
          );
        }
      }
    },
  );
});

describe('writeTcpChecksum on chunks reads the chunk list once (hostile-input issue)', () => {
  test('the checksum goes into the chunk that was summed, not one a second read finds', () => {
    // A SYN header cut after byte 16, so the checksum field spans the two chunks.
    const header = encode({ srcPort: 40000, dstPort: 80, seq: 1000, flags: { syn: true }, window: 8192 });
    const first = header.slice(0, 17);
    const second = header.slice(17);
    const decoy = new Uint8Array(second.length);
    let reads = 0;
    const chunks = new Proxy([first, second], {
      get: (target, key) => (key === '1' && reads++ > 0 ? decoy : Reflect.get(target, key)),
    });
    const pseudo = { src: '192.0.2.1', dst: '198.51.100.2' };
    const checksum = writeTcpChecksum(chunks, pseudo);
    expect(decoy.every((byte) => byte === 0)).toBe(true);
    expect((first[16]! << 8) | second[0]!).toBe(checksum);
    expect(verifyTcpChecksum([first, second], pseudo)).toBe(true);
  });
});
