// The link-layer table and the reader's format: what the dissector walks, and what it refuses;
// Ethernet framings (802.3 with LLC and SNAP, VLAN tags) against tcpdump's lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import {
  CaptureStreamReader,
  dissectFrame,
  isSupportedLinkType,
  LINK_TYPE,
  linkPayload,
  readCapture,
  TcpdumpPrinter,
  tcpdumpLine,
} from '../../src/capture/index.ts';
import { hexToBytes } from '../support/vectors.ts';
import { concat, pcapHeader, pcapRecord } from './build.ts';
import { CRAFTED } from './tcpdump-text.ts';

describe('link types', () => {
  it('supports the LINKTYPE_ values of tcpdump.org/linktypes.html it walks', () => {
    // BSD loopback 0, Ethernet 1, PPP 9, raw IP 101, OpenBSD loopback 108, Linux cooked 113 and 276,
    // ARCNET (Linux) 129, Juniper Ethernet 178, raw IPv4 228, raw IPv6 229, IPoIB 242.
    const walked = [0, 1, 9, 101, 108, 113, 129, 178, 228, 229, 242, 276];
    expect(Object.values(LINK_TYPE).sort((a, b) => a - b)).toEqual(walked);
    for (const linkType of walked) expect(isSupportedLinkType(linkType)).toBe(true);
    // USER0 (147), IEEE 802.11 (105), DOCSIS (143): not walked.
    for (const linkType of [147, 105, 143]) expect(isSupportedLinkType(linkType)).toBe(false);
  });

  it('finds no IP in a frame of a link type it does not walk', () => {
    const ip = Uint8Array.from(Buffer.from('45000028000140004006000000000000000000000000', 'hex'));
    expect(linkPayload(147, ip, ip.length)).toBeNull();
    expect(linkPayload(LINK_TYPE.RAW, ip, ip.length)).toMatchObject({ network: 'ip', offset: 0, prefix: '' });
  });

  it('asks for Linux cooked v2 interface names, and prints "?" without one', () => {
    const [frame] = readCapture(readFileSync(join(CRAFTED, 'linux-sll2.pcap')));
    const asked: number[] = [];
    const named = dissectFrame(frame!, {
      interfaceName: (index) => {
        asked.push(index);
        return 'eth0';
      },
    });
    // The first frame: interface 4000000, packet type 0 ("In"); tcpdump pads the name to 5 columns.
    expect(asked).toEqual([4000000]);
    expect(tcpdumpLine(named!)).toMatch(/^eth0 {2}In {2}IP 192\.0\.2\.1\.40000 > /);
    expect(tcpdumpLine(dissectFrame(frame!)!)).toMatch(/^\? {5}In {2}IP /);
  });
});

describe('the reader tells the format', () => {
  it.each([
    ['ethernet.pcap', 'pcap'],
    ['sections.pcapng', 'pcapng'],
  ])('%s is %s', (name, format) => {
    const reader = new CaptureStreamReader();
    [...reader.push(readFileSync(join(CRAFTED, name)))];
    expect(reader.format).toBe(format);
  });
});

describe('Ethernet: IEEE 802.3 with 802.2 LLC and SNAP (RFC 948, RFC 1042), VLAN tags', () => {
  // Frames from 02:00:00:00:00:01 to 02:00:00:00:00:02 in an Ethernet pcap, carrying the IPv4 SYN
  // 192.0.2.1.40000 > 198.51.100.2.5000 (or the IPv6 one between 2001:db8::1 and ::2); the text is
  // what tcpdump -nn -S -t printed. Where it printed no IP line, the frame has no segment.
  const line = (hex: string) => {
    const file = concat(pcapHeader(1, { snap: 262144 }), pcapRecord(hexToBytes(hex)));
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!, { libpcapSnapLength: true });
    return tcp === null ? null : new TcpdumpPrinter().line(tcp);
  };
  test.each<[string, string, null, string | null]>([
    [
      '802.3 with LLC SAPs 06/06 (IP), then IPv4',
      '020000000002020000000001002b060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with LLC DSAP 06, SSAP aa: not IP',
      '020000000002020000000001002b06aa03450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with LLC DSAP aa, SSAP 06: not IP',
      '020000000002020000000001002baa0603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP, OUI 00-00-00, EtherType IPv4',
      '0200000000020200000000010030aaaa030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP, OUI 00-00-f8, EtherType IPv4',
      '0200000000020200000000010030aaaa030000f80800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP, OUI 00-00-0c: not IP',
      '0200000000020200000000010030aaaa0300000c0800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP, OUI 00-00-00, EtherType IPv6',
      '0200000000020200000000010044aaaa0300000086dd600000000014064020010db800000000000000000000000120010db80000000000000000000000029c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1.40000 > 2001:db8::2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP DSAP aa, SSAP 06: not IP',
      '0200000000020200000000010030aa06030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with LLC IP, the length field ending inside TCP',
      '0200000000020200000000010021060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP truncated-ip - 10 bytes missing! 192.0.2.1.40000 > 198.51.100.2.5000:  [|tcp]',
    ],
    [
      '802.3 with a length field of 2: no room for LLC',
      '0200000000020200000000010002060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP and a length field of 7: no room for SNAP',
      '0200000000020200000000010007aaaa030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'Ethernet II with a 0x9200 VLAN tag, then IPv4',
      '020000000002020000000001920000050800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Ethernet II with a 0x9100 VLAN tag, then IPv6',
      '0200000000020200000000019100000586dd600000000014064020010db800000000000000000000000120010db80000000000000000000000029c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1.40000 > 2001:db8::2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Ethernet II with an 802.1Q tag cut before its EtherType',
      '02000000000202000000000181000005',
      null,
      null,
    ],
    ['Ethernet II of 14 bytes, EtherType IPv4, nothing after it', '0200000000020200000000010800', null, null],
    [
      'an 802.3 length field of 1500 (0x05dc), LLC IP',
      '02000000000202000000000105dc060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'EtherType 0x0600 (past 1500, not a length, not a type tcpdump knows)',
      '0200000000020200000000010600450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
  ])('%s', (_, hex, _original, tcpdump) => {
    expect(line(hex)).toBe(tcpdump);
  });
});
