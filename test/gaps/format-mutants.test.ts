// tcpdump text the mutation run found unpinned: option areas and segments the corpus captures lack.
// Each case is a segment from 10.0.0.1.80 to 10.0.0.2.5000 (seq 7, ack 1, window 65535, the option
// bytes spelled out in `hex`), and `tcpdump` is the line tcpdump 4.99.3 printed for it with
// `-nn -S -t`, given in a raw-IP pcap (IPv4 header of 20 bytes, total length 20 + segmentLength,
// caplen 20 + captured).
import { describe, expect, test } from 'vitest';
import { formatTcpSegment } from '../../src/format.ts';
import { hexToBytes } from '../support/vectors.ts';

interface Case {
  what: string;
  hex: string;
  /** The TCP length the IP header gives; default: the bytes' length. */
  segmentLength?: number;
  /** How many of the segment's bytes the capture kept; default: all. */
  captured?: number;
  tcpdump: string;
}

function ours(c: Case): string {
  const bytes = hexToBytes(c.hex);
  const segmentLength = c.segmentLength ?? bytes.length;
  return formatTcpSegment(bytes.subarray(0, c.captured ?? bytes.length), {
    src: '10.0.0.1',
    dst: '10.0.0.2',
    segmentLength,
  });
}

const MPTCP: Case[] = [
  {
    what: 'MP_CAPABLE of 20 bytes on a SYN-ACK: only the third ACK may carry both keys',
    hex: '005013880000000700000001b012ffff000000001e1400010102030405060708111213141516171800000000',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 7, ack 1, win 65535, options [mptcp 20 capable[bad opt]',
  },
  {
    what: 'MP_CAPABLE of 20 bytes on a SYN: refused',
    hex: '005013880000000700000001a002ffff000000001e14000101020304050607081112131415161718',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S], seq 7, win 65535, options [mptcp 20 capable[bad opt]',
  },
  {
    what: 'MP_CAPABLE of 20 bytes on the third ACK: both keys',
    hex: '005013880000000700000001a010ffff000000001e14000101020304050607081112131415161718',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 20 capable v0 {0x102030405060708,0x1112131415161718}], length 0',
  },
  {
    what: 'DSS whose mapping stops inside the data sequence number',
    hex: '0050138800000007000000017010ffff000000001e062004aaaa0101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 6 dss seq [bad opt]',
  },
  {
    what: 'DSS whose mapping stops before the subflow sequence number',
    hex: '0050138800000007000000018010ffff000000001e0a200400000009aaaa0101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 10 dss seq 9[bad opt]',
  },
  {
    what: 'DSS whose mapping stops before the data-level length',
    hex: '0050138800000007000000019010ffff000000001e0d20040000000900000003bb010101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 13 dss seq 9 subseq 3[bad opt]',
  },
  {
    what: 'MP_JOIN of 12 bytes (token and nonce) on an ACK: only a SYN carries that form',
    hex: '0050138800000007000000018010ffff000000001e0c1103a1b2c3d411223344',
    tcpdump: 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 12 join[bad opt]',
  },
  {
    what: 'MP_JOIN of 24 bytes (full HMAC) without ACK: refused',
    hex: '005013880000000700000001b008ffff000000001e181000000102030405060708090a0b0c0d0e0f10111213',
    tcpdump: 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P], win 65535, options [mptcp 24 join[bad opt]',
  },
  {
    what: 'MP_JOIN of 16 bytes on a SYN without ACK: only a SYN-ACK carries that form',
    hex: '0050138800000007000000019002ffff000000001e101003aabbccddeeff001122334455',
    tcpdump: 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S], seq 7, win 65535, options [mptcp 16 join[bad opt]',
  },
  {
    what: 'MP_JOIN of 20 bytes on a SYN-ACK: no such form',
    hex: '005013880000000700000001a012ffff000000001e14100300000000000000000000000000000000',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 7, ack 1, win 65535, options [mptcp 20 join[bad opt]',
  },
  {
    what: 'MP_JOIN of 24 bytes on an ACK: the full HMAC',
    hex: '005013880000000700000001b010ffff000000001e181000000102030405060708090a0b0c0d0e0f10111213',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 24 join hmac 0x000102030405060708090a0b0c0d0e0f10111213], length 0',
  },
  {
    what: 'DSS of 3 bytes: shorter than its flags byte (the next byte, 0x11, would read as F and A)',
    hex: '0050138800000007000000017010ffff000000001e03201101010101',
    tcpdump: 'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 3 dss[bad opt]',
  },
  {
    what: 'DSS of 4 bytes: the flags alone, here DATA_FIN',
    hex: '0050138800000007000000017010ffff000000001e04201001010101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 4 dss fin,nop,nop,nop,nop], length 0',
  },
  {
    what: 'DSS whose mapping ends right after the subflow sequence number',
    hex: '0050138800000007000000018010ffff000000001e0c20040000000900000003',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 12 dss seq 9 subseq 3[bad opt]',
  },
  {
    what: 'ADD_ADDR echo of 10 bytes: IPv4 address and port',
    hex: '0050138800000007000000018010ffff000000001e0a3102c000020100500101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 10 add-addr v1-echo id 2 192.0.2.1:80,nop,nop], length 0',
  },
  {
    what: 'ADD_ADDR of 30 bytes: IPv6 address, port and HMAC',
    hex: '005013880000000700000001d010ffff000000001e1e300320010db800000000000000000000000101bb01020304050607080101',
    tcpdump:
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [.], ack 1, win 65535, options [mptcp 30 add-addr v1 id 3 2001:db8::1:443 hmac 0x102030405060708,nop,nop], length 0',
  },
];

describe('MPTCP options (RFC 8684 §3) as tcpdump prints them', () => {
  test.each(MPTCP)('$what', (c) => {
    expect(ours(c)).toBe(c.tcpdump);
  });
});
