// What the view's mutation run left unpinned: `from` on a Uint8Array of another realm (the checked
// path), the walk before its first step and at a header that does not start at byte 0, and an
// option of a variable-length kind that runs past the header (RFC 9293 §3.2; design §4).
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import { decode, TcpDecodeError, TcpView } from '../../src/index.ts';
import { hexToBytes, thrown } from '../support/vectors.ts';

/** The bytes in a Uint8Array made by another realm (as from an iframe or a vm context). */
function foreign(bytes: Uint8Array): Uint8Array {
  return runInNewContext(`new Uint8Array([${Array.from(bytes).join(',')}])`) as Uint8Array;
}

// test/fixtures/corpus/pcap/bgp-4byte-asn.pcap frame 3, a Linux SYN of 40 bytes (data offset 10):
// MSS 1460, SACK permitted, timestamps, NOP, window scale 9.
const SYN = hexToBytes('a6f500b38afa6c3200000000a002721098710000020405b40402080a27ca70da0000000001030309');
// test/fixtures/corpus/pcap/dns_tcp.pcap frame 3: a bare ACK, data offset 5.
const ACK = hexToBytes('83f3003523fec80d79d249145010faf0f5aa0000');

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

describe('the option walk', () => {
  test('before its first step: code -1, length 0, no problem', () => {
    const walk = TcpView.from(SYN).options();
    expect([walk.code, walk.length, walk.problem]).toEqual([-1, 0, null]);
  });

  test('offsets count from the header, not from the start of the bytes', () => {
    // The SYN behind a 14-byte Ethernet header.
    const frame = new Uint8Array(14 + SYN.length);
    frame.set(SYN, 14);
    const walk = TcpView.from(frame, 14).options();
    const offsets: number[] = [];
    while (walk.advance()) offsets.push(walk.offset);
    // MSS at 20, SACK permitted at 24, timestamps at 26, NOP at 36, window scale at 37.
    expect(offsets).toEqual([20, 24, 26, 36, 37]);
  });

  test('a variable-length kind that runs past the header is OPTION_OVERRUN, as decode says', () => {
    // Data offset 6: a 4-byte option area holding kind 30 (MPTCP, RFC 8684) with length 8.
    const bytes = hexToBytes('0001000200000000000000006010ffff000000001e08abcd');
    const walk = TcpView.from(bytes).options();
    expect(walk.advance()).toBe(true);
    expect([walk.code, walk.offset, walk.length, walk.problem]).toEqual([30, 20, 4, 'OPTION_OVERRUN']);
    expect(walk.advance()).toBe(false);
    const error = thrown(() => decode(bytes)) as TcpDecodeError;
    expect([error.code, error.offset]).toEqual(['OPTION_OVERRUN', 20]);
  });
});
