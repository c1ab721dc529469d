// The link-layer table and the reader's format: what the dissector walks, and what it refuses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CaptureStreamReader,
  dissectFrame,
  isSupportedLinkType,
  LINK_TYPE,
  linkPayload,
  readCapture,
  tcpdumpLine,
} from '../../src/capture/index.ts';
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
