// The TCP segments the reader finds in every corpus capture, against the corpus vectors (cut out of
// the frames by tshark 4.0.17, checked with scapy and dpkt): the same frames, addresses, IP version,
// segment bytes and IP-declared segment length.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CapturedTcp, dissectFrame, readCapture } from '../../src/capture/index.ts';
import { CORPUS, captures, tcpdumpRecords, tunnelled, vectorsBySource } from './tcpdump-text.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** What the reader found, per frame number. */
function segments(path: string): Map<number, CapturedTcp & { hex: string }> {
  const found = new Map<number, CapturedTcp & { hex: string }>();
  for (const frame of readCapture(readFileSync(path))) {
    const tcp = dissectFrame(frame);
    if (tcp !== null) found.set(frame.number, Object.assign(tcp, { hex: hex(tcp.segment) }));
  }
  return found;
}

const files = captures(CORPUS, ['pcap', 'scapy']);

describe('TCP segments of the corpus captures equal the vectors', () => {
  it('covers every capture of the corpus', () => {
    expect(files.length).toBe(115);
  });

  it.each(files)('%s/%s', (folder, name) => {
    const found = segments(join(CORPUS, folder, name));
    const records = tcpdumpRecords(CORPUS, 'tcpdump-out', name);
    const expected = (vectorsBySource().get(`${folder}/${name}`) ?? []).filter(
      // Tunnelled TCP (the vector holds the inner segment) is not walked: tcpdump names the tunnel.
      (vector) => !tunnelled(records[vector.frame - 1]?.[0] ?? ''),
    );
    const actual = [...found].map(([frame, tcp]) => ({
      frame,
      ipVersion: tcp.ipVersion,
      src: tcp.src,
      dst: tcp.dst,
      segmentHex: tcp.hex,
      segmentLength: tcp.segmentLength,
    }));
    expect(actual).toEqual(
      expected.map((v) => ({
        frame: v.frame,
        ipVersion: v.ipVersion,
        src: v.src,
        dst: v.dst,
        segmentHex: v.segmentHex,
        segmentLength: v.segmentLength,
      })),
    );
  });

  it('finds every directly carried segment, IPv4 and IPv6, over ten link types', () => {
    let count = 0;
    let vectors = 0;
    const versions = new Set<number>();
    const linkTypes = new Set<number>();
    for (const [folder, name] of files) {
      for (const frame of readCapture(readFileSync(join(CORPUS, folder, name)))) {
        const tcp = dissectFrame(frame);
        if (tcp === null) continue;
        count++;
        versions.add(tcp.ipVersion);
        linkTypes.add(frame.linkType);
      }
      const records = tcpdumpRecords(CORPUS, 'tcpdump-out', name);
      for (const vector of vectorsBySource().get(`${folder}/${name}`) ?? []) {
        if (!tunnelled(records[vector.frame - 1]?.[0] ?? '')) vectors++;
      }
    }
    expect(count).toBe(vectors);
    expect(count).toBeGreaterThan(2000);
    expect([...versions].sort()).toEqual([4, 6]);
    // The link types in the corpus files' headers: BSD loopback, Ethernet, PPP, raw IP, Linux cooked,
    // ARCNET, Juniper Ethernet, raw IPv4, raw IPv6, IPoIB.
    expect([...linkTypes].sort((a, b) => a - b)).toEqual([0, 1, 9, 101, 113, 129, 178, 228, 229, 242]);
  });
});
