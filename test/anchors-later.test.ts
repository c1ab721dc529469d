/**
 * The docs/rules.md T cases that belong to the checksum and sequence modules: T18 (odd lengths and
 * chunked sums), T19 (a checksum of 0x0000 and its 0xFFFF twin) and T20 (sequence numbers exactly
 * 2^31 apart). Expected checksums come from scapy (the corpus vectors' `correctChecksum`) or are
 * summed by hand in a comment.
 */
import { describe, expect, test } from 'vitest';
import { tcpChecksum, verifyTcpChecksum } from '../src/checksum.ts';
import { seqAdd, seqDiff, seqGe, seqGt, seqLe, seqLt } from '../src/seq.ts';
import { hexToBytes as hex, segmentBytes, vectorById } from './support/vectors.ts';

describe('T18: odd lengths pad only the final byte; chunked sums carry byte parity', () => {
  test('a 21-byte segment summed by hand', () => {
    // Pseudo-header 0.0.0.0 -> 0.0.0.0: words 0000 0000 0000 0000, 0006 (protocol), 0015 (length 21).
    // Segment: all zero but byte 12 = 50 (word 5000) and one payload byte 01, padded as 0100.
    // Sum 5000 + 0006 + 0015 + 0100 = 511b; checksum ~511b = aee4. (Padding on the wrong side, 0001,
    // would give 501c and afe3: the pnet #537 / RIOT #3201 class of bug.)
    const segment = hex('0000 0000 00000000 00000000 5000 0000 0000 0000 01');
    expect(tcpChecksum(segment, { src: '0.0.0.0', dst: '0.0.0.0' })).toBe(0xaee4);
  });

  /** [vector, payload length]: scapy computed each `correctChecksum` with its pseudo-header. */
  const ODD: [string, number][] = [
    ['pcap/mptcp-fclose.pcap#6', 1],
    ['scapy/scapy-set-a.pcap#1', 3],
    ['scapy/scapy-set-a.pcap#14', 7],
    ['scapy/scapy-set-a.pcap#34', 15],
    ['scapy/scapy-set-a.pcap#267', 31],
    ['scapy/scapy-set-a.pcap#370', 63],
    ['scapy/scapy-set-a.pcap#204', 1],
    ['scapy/scapy-set-a.pcap#72', 3],
    ['scapy/scapy-set-a.pcap#282', 7],
    ['scapy/scapy-set-a.pcap#139', 15],
    ['scapy/scapy-set-a.pcap#157', 31],
    ['scapy/scapy-set-a.pcap#93', 63],
  ];

  test.each(ODD)('%s (payload %i bytes): whole and split at every byte', (id, payloadLength) => {
    const v = vectorById(id);
    const segment = segmentBytes(v);
    const pseudo = { src: v.src, dst: v.dst };
    expect(segment.length - (v.headerLength ?? 0)).toBe(payloadLength);
    const expected = v.expected.correctChecksum;
    expect(tcpChecksum(segment, pseudo)).toBe(expected);
    expect(verifyTcpChecksum(segment, pseudo)).toBe(true);
    for (let cut = 0; cut <= segment.length; cut++) {
      expect(tcpChecksum([segment.subarray(0, cut), segment.subarray(cut)], pseudo)).toBe(expected);
    }
    // Three chunks with an odd one in the middle (RIOT #3201 added a phantom zero there).
    expect(tcpChecksum([segment.subarray(0, 7), segment.subarray(7, 10), segment.subarray(10)], pseudo)).toBe(
      expected,
    );
  });

  test('the caller gives the exact TCP length: frame padding after the segment changes the checksum', () => {
    // githedgehog PR #1778: Ethernet padding summed as payload. Six zero bytes add nothing to the
    // word sum but change the pseudo-header length by 6, so the checksum is off by 6.
    const v = vectorById('scapy/scapy-set-a.pcap#1');
    const segment = segmentBytes(v);
    const padded = new Uint8Array(segment.length + 6);
    padded.set(segment);
    const pseudo = { src: v.src, dst: v.dst };
    expect(tcpChecksum(padded, pseudo)).not.toBe(v.expected.correctChecksum);
    expect(tcpChecksum(padded, { ...pseudo, length: segment.length })).toBe(v.expected.correctChecksum);
  });
});

describe('T19: a checksum of 0x0000, and the same segment carrying 0xFFFF', () => {
  // Pseudo-header 0.0.0.0 -> 0.0.0.0, length 20: words 0006 + 0014 = 001a. Segment: byte 12 = 50
  // (word 5000) and window afe5. Sum 5000 + afe5 + 001a = ffff, ones' complement zero, so the
  // checksum is ~ffff = 0000 (TCP never maps it to ffff; only UDP does).
  const withChecksum = (checksum: string): Uint8Array =>
    hex(`0000 0000 00000000 00000000 5000 afe5 ${checksum} 0000`);
  const pseudo = { src: '0.0.0.0', dst: '0.0.0.0' };

  test('the computed checksum is 0x0000', () => {
    expect(tcpChecksum(withChecksum('0000'), pseudo)).toBe(0x0000);
    expect(tcpChecksum(withChecksum('ffff'), pseudo)).toBe(0x0000);
  });

  test('both 0x0000 and 0xFFFF verify', () => {
    expect(verifyTcpChecksum(withChecksum('0000'), pseudo)).toBe(true);
    expect(verifyTcpChecksum(withChecksum('ffff'), pseudo)).toBe(true);
    expect(verifyTcpChecksum(withChecksum('0001'), pseudo)).toBe(false);
  });
});

describe('T20: sequence numbers exactly 2^31 apart', () => {
  const a = 0x00000000;
  const b = 0x80000000;

  test('the distance is -2^31 both ways, and neither precedes the other (RFC 1982 §3.2)', () => {
    expect(seqDiff(a, b)).toBe(-(2 ** 31));
    expect(seqDiff(b, a)).toBe(-(2 ** 31));
    expect([seqLt(a, b), seqLt(b, a), seqGt(a, b), seqGt(b, a)]).toEqual([false, false, false, false]);
    expect([seqLe(a, b), seqGe(a, b)]).toEqual([false, false]);
  });

  test('one less than 2^31 apart is ordered; addition wraps instead of growing past 2^32', () => {
    // 0x7fffffff after 0: 2^31 - 1 ahead.
    expect(seqLt(0, 0x7fffffff)).toBe(true);
    expect(seqGt(0x7fffffff, 0)).toBe(true);
    // 0x80000001 after 0 is 2^31 - 1 behind: 0 follows it.
    expect(seqDiff(0, 0x80000001)).toBe(-(2 ** 31) + 1);
    expect(seqLt(0x80000001, 0)).toBe(true);
    // node_pcap's tracker added without wrapping: 0xffffffff + 2 must be 1, not 2^32 + 1.
    expect(seqAdd(0xffffffff, 2)).toBe(1);
    expect(seqAdd(0, -1)).toBe(0xffffffff);
  });
});
