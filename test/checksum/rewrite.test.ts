import { describe, expect, test } from 'vitest';
import {
  rewriteAck,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  rewriteSrcPort,
  updateChecksum,
  verifyTcpChecksum,
} from '../../src/checksum.ts';
import { field, pseudoOf } from '../support/checksum-vectors.ts';
import { loadVectors, segmentBytes, vectorById } from '../support/vectors.ts';

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

describe('argument messages name the argument', () => {
  const segment = new Uint8Array(20);
  segment[12] = 0x50;
  test.each<[string, () => unknown, Error]>([
    [
      'updateChecksum checksum',
      () => updateChecksum(0x10000, new Uint8Array(2), new Uint8Array(2)),
      new RangeError('checksum must be an integer in 0..65535, got 65536'),
    ],
    [
      'updateChecksum oldBytes',
      () => updateChecksum(0, [0, 0] as never, new Uint8Array(2)),
      new TypeError('oldBytes must be a Uint8Array, got an array of length 2'),
    ],
    [
      'updateChecksum newBytes',
      () => updateChecksum(0, new Uint8Array(2), null as never),
      new TypeError('newBytes must be a Uint8Array, got null'),
    ],
    [
      'rewriteDstPort port',
      () => rewriteDstPort(segment, -1),
      new RangeError('port must be an integer in 0..65535, got -1'),
    ],
    [
      'rewriteSeq seq',
      () => rewriteSeq(segment, 2 ** 32),
      new RangeError('seq must be an integer in 0..4294967295, got 4294967296'),
    ],
    [
      'rewriteAddress oldAddress',
      () => rewriteAddress(segment, 7 as never, '10.0.0.1'),
      new TypeError('oldAddress must be a string or a Uint8Array of 4 or 16 bytes, got 7'),
    ],
    [
      'rewriteAddress newAddress',
      () => rewriteAddress(segment, '10.0.0.1', 7 as never),
      new TypeError('newAddress must be a string or a Uint8Array of 4 or 16 bytes, got 7'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });
});
