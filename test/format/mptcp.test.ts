// MPTCP options as tcpdump prints them, subtype by subtype: option areas the corpus captures lack.
// Each case is a segment from 10.0.0.1.80 to 10.0.0.2.5000 (seq 7, ack 1, window 65535, the option
// bytes spelled out in `hex`), and `tcpdump` is the line tcpdump 4.99.3 printed for it with
// `-nn -S -t`, given in a raw-IP pcap (IPv4 header of 20 bytes, total length 20 + segmentLength,
// caplen 20 + captured).
import { describe, expect, test } from 'vitest';
import { formatTcpSegment } from '../../src/format.ts';
import { ACK, optionText, SYN } from '../support/format-segments.ts';
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

describe('MPTCP options (print-mptcp.c, subtype by subtype)', () => {
  test.each([
    ['1e 04 02 00', SYN, 'mptcp 4 capable Unknown Version (2)]'],
    // MP_CAPABLE of 12 bytes belongs on a SYN.
    ['1e 0c 00 81 0000000000000001', ACK, 'mptcp 12 capable[bad opt]'],
    ['1e 0c 11 05 deadbeef 00000001', SYN, 'mptcp 12 join backup id 5 token 0xdeadbeef nonce 0x1]'],
    ['1e 10 10 00 000000000000000a 00000001', ACK, 'mptcp 16 join[bad opt]'],
    ['1e 08 20 01 00000005', SYN, 'mptcp 8 dss[bad opt]'],
    // M and m: an 8-byte data sequence number, subflow sequence number, data-level length, no checksum.
    [
      '1e 12 20 0c 0000000100000000 00000007 0064 0000',
      ACK,
      'mptcp 18 dss seq 4294967296 subseq 7 len 100,eol]',
    ],
    ['1e 06 20 00 aabb', ACK, 'mptcp 6 dss[bad opt]'],
    ['1e 0a 20 04 00000005 aabb', ACK, 'mptcp 10 dss seq 5[bad opt]'],
    ['1e 08 20 03 00000005', ACK, 'mptcp 8 dss ack [bad opt]'],
    [
      '1e 16 30 02 20010db8000000000000000000000001 1f90 0000',
      ACK,
      'mptcp 22 add-addr v1 id 2 2001:db8::1:8080,eol]',
    ],
    [
      '1e 1c 30 03 00000000000000000000000000000000 0102030405060708',
      ACK,
      'mptcp 28 add-addr v1 id 3 :: hmac 0x102030405060708]',
    ],
    [
      '1e 12 31 01 c0000201 1f90 0000000000000001 0000',
      ACK,
      'mptcp 18 add-addr v1-echo id 1 192.0.2.1:8080 hmac 0x1,eol]',
    ],
    ['1e 08 32 01 c0000201', ACK, 'mptcp 8 add-addr [bad version/echo] id 1 192.0.2.1]'],
    ['1e 05 40 01 02 000000', ACK, 'mptcp 5 rem-addr id 1 2,eol]'],
    ['1e 03 40 00', ACK, 'mptcp 3 rem-addr[bad opt]'],
    ['1e 04 51 07', ACK, 'mptcp 4 prio backup id 7]'],
    ['1e 03 50 00', ACK, 'mptcp 3 prio non-backup,eol]'],
    ['1e 05 50 00 00 000000', ACK, 'mptcp 5 prio[bad opt]'],
    ['1e 0c 60 00 0000000000000009', ACK, 'mptcp 12 fail seq 9]'],
    ['1e 0a 70 00 0000000000000009 0000', ACK, 'mptcp 10 fast-close[bad opt]'],
    ['1e 03 f0 00', ACK, 'mptcp 3 unknown,eol]'],
    // Below 3 bytes the MPTCP printer refuses before printing anything.
    ['1e 02 0000', ACK, 'mptcp[bad opt]'],
  ])('%s', (hex, flags, expected) => {
    expect(optionText(hex.replace(/ /g, ''), flags)).toBe(`options [${expected}`);
  });

  test.each([
    ['00000000000000000000000000000001', '::1'],
    ['00000000000000000000ffffc0000201', '::ffff:192.0.2.1'],
    ['000000000000000000000000c0000201', '::192.0.2.1'],
    ['00010000000000000000000000000000', '1::'],
    ['20010db8000000010001000100010001', '2001:db8:0:1:1:1:1:1'],
    ['20010000000000010000000000000001', '2001:0:0:1::1'],
    ['00010000000000020000000000030004', '1::2:0:0:3:4'],
  ])('ADD_ADDR IPv6 %s prints as %s (inet_ntop rules)', (address, text) => {
    expect(optionText(`1e143001${address}`)).toBe(`options [mptcp 20 add-addr v1 id 1 ${text}]`);
  });
});
