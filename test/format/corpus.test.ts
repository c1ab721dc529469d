/**
 * formatTcp / formatTcpSegment against tcpdump 4.99.3's own output for every corpus segment carried
 * directly in IPv4 / IPv6 (test/fixtures/corpus/tcpdump-out*). The hand-checked cases the corpus
 * lacks are in the other files of test/format/.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatTcp, formatTcpSegment, type TcpRelativeNumbers } from '../../src/format.ts';
import { decodeLenient } from '../../src/lint.ts';
import { type CorpusVector, loadVectors, segmentBytes, vectorFiles } from '../support/vectors.ts';

const CORPUS_DIR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));

type OutputKind = 'plain' | 'relative' | 'verbose';
const OUTPUT_DIRS: Record<OutputKind, string> = {
  plain: 'tcpdump-out',
  relative: 'tcpdump-out-relative',
  verbose: 'tcpdump-out-verbose',
};

/**
 * tcpdump's output for one capture split into one block of lines per frame: a frame starts at a line
 * that is not indented; continuation lines are indented or are a decoder's `[|...]` marker; the inner
 * packet of a VXLAN frame starts its own unindented line, which belongs to the VXLAN frame.
 */
function frameBlocks(source: string, kind: OutputKind): string[][] {
  const name = source.slice(source.lastIndexOf('/') + 1);
  const text = readFileSync(`${CORPUS_DIR}${OUTPUT_DIRS[kind]}/${name}.txt`, 'latin1');
  const blocks: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' && blocks.length > 0) continue;
    const last = blocks[blocks.length - 1];
    const continues =
      last !== undefined &&
      (/^\s/.test(line) ||
        line.startsWith('[|') ||
        (last.some((l) => l.includes('VXLAN,')) && !last.some((l) => l.includes('Flags ['))));
    if (continues) last.push(line);
    else blocks.push([line]);
  }
  return blocks;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * tcpdump's line for a vector's segment and where the TCP text starts in it (after
 * `src.sport > dst.dport: `), when the segment sits directly in IPv4 / IPv6: the line starts with
 * `IP ` / `IP6 ` (or `IP truncated-ip - N bytes missing! `), or for -v is the indented line under
 * `IP (...)`, or follows IPv6 extension headers (`IP6 a > b: HBH 1 > 2: `). Null when the frame shows
 * the segment only inside other layers (tunnels), or not at all.
 */
function tcpdumpLine(
  block: readonly string[],
  v: CorpusVector,
  ports: [number, number] | null,
): { line: string; tailStart: number } | null {
  const src = escapeRegExp(v.src);
  const dst = escapeRegExp(v.dst);
  const patterns =
    ports === null
      ? // Fewer than 4 bytes: tcpdump prints the addresses alone, then " [|tcp]".
        [new RegExp(`^IP6? ${src} > ${dst}: `)]
      : [
          new RegExp(
            `^(?:IP6? |IP6 \\(.*?\\) | {4}|IP truncated-ip - \\d+ bytes missing! )${src}\\.${ports[0]} > ${dst}\\.${ports[1]}: `,
          ),
          new RegExp(`^IP6 (?:\\(.*?\\) )?${src} > ${dst}: .*? ${ports[0]} > ${ports[1]}: `),
        ];
  for (let i = 0; i < block.length; i++) {
    const line = block[i]!;
    if (line.startsWith('    ') && !/^IP (truncated-ip - \d+ bytes missing! )?\(/.test(block[i - 1] ?? ''))
      continue;
    for (const pattern of patterns) {
      const match = pattern.exec(line);
      if (match !== null) return { line, tailStart: match[0].length };
    }
  }
  return null;
}

/**
 * The part of tcpdump's text that is TCP's own: up to and including `length N`, plus what tcp_print
 * itself adds after it (the `[remaining caplen ...]` marker; with -v the payload of an RST), and the
 * whole text where tcpdump printed no length (a list ending in `[bad opt]` or a truncation marker).
 */
function tcpPart(tail: string, kind: OutputKind): string {
  const match = /^.*?, length \d+/.exec(tail);
  if (match === null) return tail;
  const rest = tail.slice(match[0].length);
  if (/^ \[remaining caplen\(\d+\) < header length\(\d+\)\] \[\|m?tcp\]$/.test(rest)) return tail;
  if (kind === 'verbose' && /^ \[!?RST/.test(rest) && /^Flags \[[^\]]*R/.test(tail)) return tail;
  return match[0];
}

/** IPv4 / IPv6 text to bytes (for tcpdump's address comparison in its relative-number table). */
function addressBytes(text: string): number[] {
  if (!text.includes(':')) return text.split('.').map(Number);
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const groups = (part: string | undefined): number[] => {
    if (part === undefined || part === '') return [];
    const out: number[] = [];
    for (const group of part.split(':')) {
      if (group.includes('.')) {
        const [a, b, c, d] = group.split('.').map(Number);
        out.push((a! << 8) | b!, (c! << 8) | d!);
      } else out.push(Number.parseInt(group, 16));
    }
    return out;
  };
  const first = groups(head);
  const last = groups(tail);
  const words = [...first, ...new Array<number>(8 - first.length - last.length).fill(0), ...last];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * tcpdump's relative-number table (print-tcp.c, `tcp_seq_hash4` / `tcp_seq_hash6`), replayed over a
 * capture's segments in frame order, to compute the `relative` input the tracker would give. Only
 * segments with ACK take part; the first one of a connection, and any SYN, records the bases.
 */
class RelativeTable {
  private readonly bases = new Map<string, { seq: number; ack: number }>();

  next(v: CorpusVector, bytes: Uint8Array): TcpRelativeNumbers | undefined {
    if (bytes.length < 20 || bytes[12]! >> 4 < 5) return undefined;
    const flags = bytes[13]!;
    if ((flags & 0x10) === 0) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const sport = view.getUint16(0);
    const dport = view.getUint16(2);
    const seq = view.getUint32(4);
    const ack = view.getUint32(8);
    const src = addressBytes(v.src);
    const dst = addressBytes(v.dst);
    const rev = sport > dport || (sport === dport && compareBytes(src, dst) > 0);
    const key = rev
      ? `${v.ipVersion}|${dst}|${src}|${dport}|${sport}`
      : `${v.ipVersion}|${src}|${dst}|${sport}|${dport}`;
    const base = this.bases.get(key);
    if (base === undefined || (flags & 0x02) !== 0) {
      this.bases.set(key, rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 });
      // Printed raw, yet SACK edges lose ack - 1 (the base just recorded for acknowledgments).
      return { seq, ack, sackBase: (ack - 1) >>> 0 };
    }
    return rev
      ? { seq: (seq - base.ack) >>> 0, ack: (ack - base.seq) >>> 0 }
      : { seq: (seq - base.seq) >>> 0, ack: (ack - base.ack) >>> 0 };
  }
}

/**
 * Segments where tcpdump held fewer bytes than the vector (which follows tshark), and why: libpcap
 * cuts a record longer than the file's snap length to that length, while tshark keeps it whole.
 */
const BYTES_TCPDUMP_HELD: Readonly<Record<string, { bytes: number; why: string }>> = {
  'pcap/mptcp-dss-oobr.pcap#1': {
    bytes: 39,
    why: 'record of 74 bytes in a file whose snap length is 73: libpcap keeps 73, so the final EOL is lost and tcpdump -v prints no checksum',
  },
};

/** Frames whose TCP segment tcpdump does not print as a segment carried directly in IPv4 / IPv6. */
const NOT_DIRECT: Readonly<Record<string, string>> = {
  'bigtcp-ipv4.pcap': 'IPv4 total length 0 (BIG TCP): tcpdump prints "IP bad-len 0" and no TCP',
  'ipv4_tcp_http_xml_tso.pcap': 'IPv4 total length 0 (TSO): tcpdump prints "IP bad-len 0" and no TCP',
  'lspping-fec-ldp.pcap': 'IPv4 inside MPLS: the line starts with "MPLS (label ...)"',
  'wccp_redirect_gre.pcap': 'IPv4 inside GRE, which tcpdump prints as "gre-proto-0x883e" without decoding',
  'geneve.pcap': 'inside Geneve: the inner IPv4 follows the outer layers on the same line',
  'geneve-gcp.pcap': 'inside Geneve',
  'gso-ipv4-geneve-ipv4.pcap': 'inside Geneve',
  'gso-ipv4-geneve-ipv6.pcap': 'inside Geneve',
  'gso-ipv6-geneve-ipv4.pcap': 'inside Geneve',
  'gso-ipv6-geneve-ipv6.pcap': 'inside Geneve',
};

/** One corpus segment next to tcpdump's line for it. */
interface Paired {
  v: CorpusVector;
  /** The bytes tcpdump held. */
  bytes: Uint8Array;
  /** tcpdump's relative-number input for this segment (see RelativeTable). */
  relative: TcpRelativeNumbers | undefined;
  /** tcpdump's line, and where its TCP text starts (after `src.sport > dst.dport: `). */
  line: string;
  tailStart: number;
}

interface Pairing {
  paired: Paired[];
  /** Ids of vectors tcpdump does not show as a direct segment. */
  notDirect: string[];
}

/** Pairs every corpus vector with tcpdump's line of one output kind. */
function pairCorpus(kind: OutputKind): Pairing {
  const result: Pairing = { paired: [], notDirect: [] };
  for (const file of vectorFiles()) {
    const bySource = new Map<string, CorpusVector[]>();
    for (const v of loadVectors(file)) bySource.set(v.source, [...(bySource.get(v.source) ?? []), v]);
    for (const [source, vectors] of bySource) {
      const blocks = frameBlocks(source, kind);
      const table = new RelativeTable();
      for (const v of vectors) {
        const all = segmentBytes(v);
        const bytes = all.subarray(0, BYTES_TCPDUMP_HELD[v.id]?.bytes ?? all.length);
        const relative = table.next(v, bytes);
        const ports: [number, number] | null =
          bytes.length < 4 ? null : [(bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!];
        const found = tcpdumpLine(blocks[v.frame - 1] ?? [], v, ports);
        if (found === null) result.notDirect.push(v.id);
        else result.paired.push({ v, bytes, relative, ...found });
      }
    }
  }
  return result;
}

/** Formats every paired segment and lists `id: tcpdump | ours` where they differ. */
function differences(
  pairing: Pairing,
  kind: OutputKind,
  format: (p: Paired) => string | null,
): { compared: number; differences: string[] } {
  let compared = 0;
  const found: string[] = [];
  for (const p of pairing.paired) {
    const actual = format(p);
    if (actual === null) continue;
    compared++;
    const expected = tcpPart(p.line.slice(p.tailStart), kind);
    if (actual !== expected) found.push(`${p.v.id}: ${expected} | ${actual}`);
  }
  return { compared, differences: found };
}

const fileOf = (id: string): string => id.slice(id.indexOf('/') + 1, id.indexOf('#'));

const pairings: Record<OutputKind, Pairing> = {
  plain: pairCorpus('plain'),
  relative: pairCorpus('relative'),
  verbose: pairCorpus('verbose'),
};

describe('the corpus pairing', () => {
  test.each(Object.keys(pairings) as OutputKind[])(
    '%s: every segment not shown directly is explained',
    (kind) => {
      const unexplained = pairings[kind].notDirect.filter((id) => NOT_DIRECT[fileOf(id)] === undefined);
      expect(unexplained).toEqual([]);
      expect(pairings[kind].notDirect).toHaveLength(44);
      expect(pairings[kind].paired).toHaveLength(2152);
    },
  );
});

describe('formatTcpSegment reproduces tcpdump 4.99.3 for every corpus segment', () => {
  test('tcpdump -nn -S: the TCP text', () => {
    const result = differences(pairings.plain, 'plain', ({ v, bytes }) =>
      formatTcpSegment(bytes, { segmentLength: v.segmentLength }),
    );
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(2152);
  });

  test('tcpdump -nn -S: whole lines with the addresses', () => {
    let compared = 0;
    const found: string[] = [];
    for (const { v, bytes, line, tailStart } of pairings.plain.paired) {
      if (!line.startsWith(`IP ${v.src}.`) && !line.startsWith(`IP6 ${v.src}.`)) continue;
      compared++;
      const expected = line.slice(0, tailStart) + tcpPart(line.slice(tailStart), 'plain');
      const actual = formatTcpSegment(bytes, { segmentLength: v.segmentLength, src: v.src, dst: v.dst });
      if (actual !== expected) found.push(`${v.id}: ${expected} | ${actual}`);
    }
    expect(found).toEqual([]);
    expect(compared).toBe(2105);
  });

  test('tcpdump -nn (relative numbers, as the tracker would hand them over)', () => {
    const result = differences(pairings.relative, 'relative', ({ v, bytes, relative }) =>
      formatTcpSegment(bytes, {
        segmentLength: v.segmentLength,
        ...(relative === undefined ? {} : { relative }),
      }),
    );
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(2152);
    // The relative numbers were in play: most lines differ from the -S ones.
    const shifted = pairings.relative.paired.filter(
      ({ v, relative }) => relative !== undefined && relative.seq !== v.expected.seq,
    );
    expect(shifted.length).toBeGreaterThan(1000);
  });

  test('tcpdump -nn -S -v: checksum verdicts and RST payloads', () => {
    const result = differences(pairings.verbose, 'verbose', ({ v, bytes }) => {
      const computed = v.expected.correctChecksum;
      return formatTcpSegment(bytes, {
        segmentLength: v.segmentLength,
        verbose: true,
        ...(computed === null ? {} : { checksum: { computed } }),
      });
    });
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(2152);
  });

  test('formatTcp on the decoded header prints the same, for every fully captured segment', () => {
    const result = differences(pairings.plain, 'plain', ({ v, bytes }) => {
      const { header } = decodeLenient(bytes);
      const headerLength = (header?.dataOffset ?? 0) * 4;
      if (
        header === null ||
        bytes.length < v.segmentLength ||
        headerLength < 20 ||
        headerLength > v.segmentLength
      ) {
        return null;
      }
      return formatTcp(header, { payloadLength: v.segmentLength - headerLength });
    });
    expect(result.differences).toEqual([]);
    expect(result.compared).toBe(2134);
  });
});
