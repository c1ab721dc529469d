/**
 * The tracker's relative numbers against tcpdump's own: every TCP segment of every corpus capture
 * goes through one tracker per capture, in frame order (tunnelled ones too, since tcpdump counts
 * them in the same table); for each segment carried directly in IPv4/IPv6, the seq, ack and SACK
 * edges tcpdump printed without -S (tcpdump-out-relative/) must be the tracker's numbers.
 * Then tcpdump's endpoint order when both ports are equal: the lines tcpdump 4.99.3 printed for a
 * hand-made exchange, against the tracker's relative numbers put through formatTcp.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { formatTcp } from '../../src/format.ts';
import type { TcpFlags } from '../../src/header.ts';
import { TcpStreamTracker } from '../../src/tracker.ts';
import { segment, type Wire } from '../support/tracker.ts';

const CORPUS = join(import.meta.dirname, '../fixtures/corpus');

interface Vector {
  id: string;
  source: string;
  frame: number;
  src: string;
  dst: string;
  segmentLength: number;
  capturedLength: number;
  headerLength: number | null;
  expected: {
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    dataOffset: number | null;
    flags: TcpFlags | null;
    options: { kind: number; sack?: [number, number][] }[] | null;
  };
}

/** What tcpdump printed for one directly carried segment. */
interface PrintedNumbers {
  seq: number | null;
  ack: number | null;
  sack: [number, number][];
}

/** The numbers tcpdump printed for the segment of `v` in its packet's text, or null if absent. */
function printed(packet: string, v: Vector): PrintedNumbers | null {
  const at = packet.indexOf(` ${v.src}.${v.expected.srcPort} > ${v.dst}.${v.expected.dstPort}: Flags [`);
  if (at < 0) return null;
  const text = packet.slice(at);
  const m = /^ \S+ > \S+: Flags \[[^\]]*\](?:, seq (\d+)(?::\d+)?)?(?:, ack (\d+))?/.exec(text);
  if (m === null) return null;
  const sack: [number, number][] = [];
  for (const option of text.matchAll(/sack \d+ ((?:\{\d+:\d+\})+)/g))
    for (const b of (option[1] ?? '').matchAll(/\{(\d+):(\d+)\}/g)) sack.push([Number(b[1]), Number(b[2])]);
  return {
    seq: m[1] === undefined ? null : Number(m[1]),
    ack: m[2] === undefined ? null : Number(m[2]),
    sack,
  };
}

/**
 * The output split into packets: a packet starts at a line without leading white space, except the
 * line after a VXLAN header, which tcpdump ends with a line break before the inner frame.
 */
function packets(output: string): string[] {
  const result: string[] = [];
  let joinNext = false;
  for (const line of output.split('\n')) {
    if (line === '') continue;
    if ((/^\s/.test(line) || joinNext) && result.length > 0) result[result.length - 1] += `\n${line}`;
    else result.push(line);
    joinNext = /VXLAN, flags \[[^\]]*\] \(0x[0-9a-f]+\), vni \d+$/.test(line);
  }
  return result;
}

const DIRECT_TCP = /^IP6? \S+\.\d+ > \S+\.\d+: Flags \[/;

const vectors: Vector[] = ['tcpdump-tests.jsonl', 'scapy-set-a.jsonl'].flatMap((file) =>
  readFileSync(join(CORPUS, 'vectors', file), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Vector),
);

const bySource = new Map<string, Vector[]>();
for (const v of vectors) bySource.set(v.source, [...(bySource.get(v.source) ?? []), v]);

describe('relative numbers as tcpdump 4.99 prints them (tcpdump -nn -t)', () => {
  let compared = 0;
  let directLines = 0;
  let comparedDirect = 0;
  for (const [source, list] of bySource) {
    it(source, () => {
      const name = source.split('/').pop() ?? source;
      const printedPackets = packets(
        readFileSync(join(CORPUS, 'tcpdump-out-relative', `${name}.txt`), 'utf8'),
      );
      directLines += printedPackets.filter((packet) => DIRECT_TCP.test(packet)).length;
      const tracker = new TcpStreamTracker();
      for (const v of list) {
        const e = v.expected;
        // tcpdump reads the whole 20-byte header (up to the urgent pointer) and gives up on a data
        // offset below 5 before it looks at its table; such segments never reach it.
        if (v.capturedLength < 20 || e.dataOffset === null || e.dataOffset < 5 || e.flags === null) continue;
        const result = tracker.track({
          src: v.src,
          dst: v.dst,
          header: { srcPort: e.srcPort, dstPort: e.dstPort, seq: e.seq, ack: e.ack, flags: e.flags },
          payloadLength: Math.max(0, v.segmentLength - (v.headerLength ?? 20)),
        });
        const line = printedPackets[v.frame - 1] ?? '';
        const numbers = printed(line, v);
        if (numbers === null) continue;
        compared++;
        if (DIRECT_TCP.test(line)) comparedDirect++;
        if (numbers.seq !== null) expect(result.relSeq, `${v.id} seq in: ${line}`).toBe(numbers.seq);
        if (numbers.ack !== null) expect(result.relAck, `${v.id} ack in: ${line}`).toBe(numbers.ack);
        const sack = (e.options ?? []).flatMap((o) => o.sack ?? []);
        if (numbers.sack.length > 0)
          expect(
            sack.map(([l, r]) => [(l - result.sackBase) >>> 0, (r - result.sackBase) >>> 0]),
            `${v.id} sack in: ${line}`,
          ).toEqual(numbers.sack);
      }
    });
  }

  it('compared every directly carried TCP line, and the tunnelled ones', () => {
    expect(comparedDirect).toBe(directLines);
    // 2100 directly carried lines in 115 outputs, and 47 tunnelled segments (VXLAN, Geneve)
    expect([comparedDirect, compared - comparedDirect]).toEqual([2100, 47]);
  });
});

/** tcpdump's default line (without -S) for each segment, from the tracker's relative numbers. */
function linesOf(wire: readonly Wire[]): string[] {
  const tracker = new TcpStreamTracker();
  return wire.map((w) => {
    const r = tracker.track(segment(w));
    return formatTcp(
      { srcPort: w.srcPort, dstPort: w.dstPort, seq: w.seq, ack: w.ack, flags: w.flags, window: 65535 },
      {
        payloadLength: w.payloadLength,
        src: w.src,
        dst: w.dst,
        relative: { seq: r.relSeq, ack: r.relAck, sackBase: r.sackBase },
      },
    );
  });
}

describe("tcpdump's relative numbers when both ports are equal", () => {
  // tcpdump puts the endpoints of a pair in one order (the lower port first; equal ports, the lower
  // address bytes first) so that both directions find the same entry. The lines are what
  // `tcpdump -nn -t` printed for these segments in a raw-IP pcap.
  const A = '10.0.0.2';
  const B = '10.0.0.1';
  const ab = { src: A, dst: B, srcPort: 7777, dstPort: 7777 };
  const ba = { src: B, dst: A, srcPort: 7777, dstPort: 7777 };
  test('the higher address opens, the lower answers (addresses differing in their last byte)', () => {
    expect(
      linesOf([
        { ...ab, flags: { syn: true }, seq: 1000, ack: 0, payloadLength: 0 },
        { ...ba, flags: { syn: true, ack: true }, seq: 5000, ack: 1001, payloadLength: 0 },
        { ...ab, flags: { ack: true }, seq: 1001, ack: 5001, payloadLength: 0 },
        { ...ab, flags: { psh: true, ack: true }, seq: 1001, ack: 5001, payloadLength: 10 },
        { ...ba, flags: { psh: true, ack: true }, seq: 5001, ack: 1011, payloadLength: 20 },
        { ...ab, flags: { ack: true }, seq: 1011, ack: 5021, payloadLength: 0 },
      ]),
    ).toEqual([
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [S], seq 1000, win 65535, length 0',
      'IP 10.0.0.1.7777 > 10.0.0.2.7777: Flags [S.], seq 5000, ack 1001, win 65535, length 0',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [.], ack 1, win 65535, length 0',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [P.], seq 1:11, ack 1, win 65535, length 10',
      'IP 10.0.0.1.7777 > 10.0.0.2.7777: Flags [P.], seq 1:21, ack 11, win 65535, length 20',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [.], ack 21, win 65535, length 0',
    ]);
  });
});
