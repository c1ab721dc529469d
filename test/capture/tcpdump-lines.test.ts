// The line the capture reader's printer makes for each frame, against what tcpdump 4.99.3 printed
// for the same frame: `-nn -S -t` up to `length N`, `-nn -t` (relative numbers), and the TCP text of
// `-nn -S -t -v` (checksums). For the corpus captures and the hand-built ones of
// test/fixtures/capture (link types, IPv4 and IPv6 cases the corpus lacks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dissectFrame, readCapture, TcpdumpPrinter } from '../../src/capture/index.ts';
import {
  CORPUS,
  CRAFTED,
  captures,
  isTcpLine,
  tcpdumpRecords,
  tcpText,
  tunnelled,
  upToLength,
  vectorsBySource,
  verboseTcpText,
} from './tcpdump-text.ts';

type Mode = 'plain' | 'relative' | 'verify';
const OUTPUT: Record<Mode, string> = {
  plain: 'tcpdump-out',
  relative: 'tcpdump-out-relative',
  verify: 'tcpdump-out-verbose',
};

/**
 * Captures whose tcpdump output has more lines than frames: tcpdump prints a VXLAN-encapsulated
 * packet on a line of its own. They hold tunnelled TCP only (checked below).
 */
const EXTRA_LINES = new Set([
  'gso-ipv4-vxlan-ipv4.pcap',
  'gso-ipv4-vxlan-ipv6.pcap',
  'gso-ipv6-vxlan-ipv4.pcap',
  'gso-ipv6-vxlan-ipv6.pcap',
]);

/**
 * Frames whose tcpdump line is a TCP line's double: tcpdump stops at the IP layer (`IP bad-len 0`)
 * before looking at the protocol, so the line is the same for the UDP datagram and the later
 * fragment the reader (rightly) finds no TCP segment in.
 */
const NOT_TCP_BUT_SAME_LINE: ReadonlyMap<string, readonly number[]> = new Map([['edge-raw.pcap', [11, 12]]]);

interface Comparison {
  frame: number;
  ours: string | null;
  theirs: string;
}

/** Our line and tcpdump's for every frame of a capture. */
function compare(root: string, folder: string, name: string, mode: Mode): Comparison[] {
  const records = tcpdumpRecords(root, OUTPUT[mode], name);
  const printer = new TcpdumpPrinter({ relative: mode === 'relative', verify: mode === 'verify' });
  const result: Comparison[] = [];
  for (const frame of readCapture(readFileSync(join(root, folder, name)))) {
    const record = records[frame.number - 1] ?? [''];
    const tcp = dissectFrame(frame, { libpcapSnapLength: true });
    const ours = tcp === null ? null : printer.line(tcp);
    if (mode === 'verify') {
      result.push({
        frame: frame.number,
        ours: ours === null ? null : tcpText(ours),
        theirs: verboseTcpText(record),
      });
    } else {
      result.push({ frame: frame.number, ours, theirs: record[0]! });
    }
  }
  return result;
}

function check(root: string, folder: string, name: string, mode: Mode): number {
  let compared = 0;
  const notTcp = NOT_TCP_BUT_SAME_LINE.get(name) ?? [];
  for (const { frame, ours, theirs } of compare(root, folder, name, mode)) {
    if (notTcp.includes(frame)) {
      expect(ours, `frame ${frame}`).toBeNull();
      expect(theirs).toBe('IP bad-len 0');
      continue;
    }
    if (tunnelled(theirs)) {
      expect(ours, `frame ${frame}: tunnelled TCP is not walked`).toBeNull();
      continue;
    }
    if (ours === null) {
      expect(isTcpLine(theirs), `frame ${frame}: tcpdump printed TCP: ${theirs}`).toBe(false);
      continue;
    }
    expect(upToLength(ours), `frame ${frame}`).toBe(upToLength(theirs));
    compared++;
  }
  return compared;
}

const corpus = captures(CORPUS, ['pcap', 'scapy']);
const crafted = captures(CRAFTED, ['.']);

describe.each(['plain', 'relative', 'verify'] as const)('tcpdump %s', (mode) => {
  it.each(corpus.filter(([, name]) => !EXTRA_LINES.has(name)))('corpus %s/%s', (folder, name) => {
    check(CORPUS, folder, name, mode);
  });

  it('compares every directly carried segment of the corpus', () => {
    let compared = 0;
    let vectors = 0;
    for (const [folder, name] of corpus) {
      if (EXTRA_LINES.has(name)) continue;
      compared += check(CORPUS, folder, name, mode);
      const records = tcpdumpRecords(CORPUS, 'tcpdump-out', name);
      for (const vector of vectorsBySource().get(`${folder}/${name}`) ?? []) {
        if (!tunnelled(records[vector.frame - 1]?.[0] ?? '')) vectors++;
      }
    }
    // One comparison per segment tshark found carried directly in IPv4 / IPv6.
    expect(compared).toBe(vectors);
    expect(compared).toBeGreaterThan(2000);
  });
});

describe.each(['plain', 'verify'] as const)('tcpdump %s, hand-built captures', (mode) => {
  it.each(crafted)('%s/%s', (folder, name) => {
    check(CRAFTED, folder, name, mode);
  });
});

describe('captures with a tunnel line of their own', () => {
  it.each([...EXTRA_LINES])('%s holds no directly carried TCP', (name) => {
    for (const frame of readCapture(readFileSync(join(CORPUS, 'pcap', name)))) {
      expect(dissectFrame(frame)).toBeNull();
    }
  });
});

describe('the comparisons see what they should', () => {
  it('a line for every frame of the hand-built captures that tcpdump printed as TCP', () => {
    let ours = 0;
    let theirs = 0;
    for (const [folder, name] of crafted) {
      for (const comparison of compare(CRAFTED, folder, name, 'plain')) if (comparison.ours !== null) ours++;
      const notTcp = NOT_TCP_BUT_SAME_LINE.get(name) ?? [];
      tcpdumpRecords(CRAFTED, 'tcpdump-out', name).forEach(([line], i) => {
        // Each record-header check there was made on a frame holding TCP.
        if (notTcp.includes(i + 1)) return;
        if (isTcpLine(line!) || line!.startsWith('[Invalid header')) theirs++;
      });
    }
    expect(ours).toBe(theirs);
  });

  it('a checksum is printed where tcpdump -v prints one, and only there', () => {
    const ethernet = compare(CRAFTED, '.', 'ethernet.pcap', 'verify');
    // Frame 1: a whole segment with a right checksum; frame 11 (first fragment): tcpdump prints none.
    expect(ethernet[0]!.ours).toContain('cksum 0x');
    expect(ethernet[0]!.ours).toContain('(correct)');
    expect(ethernet[10]!.ours).not.toContain('cksum');
  });
});
