/**
 * formatTcp / formatTcpSegment against tcpdump 4.99.3's own output for every corpus segment carried
 * directly in IPv4 / IPv6 (test/fixtures/corpus/tcpdump-out*), plus hand-checked cases the corpus
 * lacks. Expected text is always tcpdump's (from the corpus files) or worked out by hand from
 * print-tcp.c's rules, explained next to each case.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fc } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { formatTcp, formatTcpSegment, type TcpRelativeNumbers } from '../src/format.ts';
import { decodeLenient } from '../src/lint.ts';
import { type CorpusVector, hexToBytes, loadVectors, segmentBytes, vectorFiles } from './support/vectors.ts';

const CORPUS_DIR = fileURLToPath(new URL('./fixtures/corpus/', import.meta.url));

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

/**
 * A TCP segment written byte by byte (not with our encoder): ports 80 -> 5000, seq 1, ack 2,
 * window 512, checksum 0, then `options` and `payload` as hex. `flags` is byte 13; `dataOffset`
 * defaults to what the options need.
 */
function segment(fields: {
  flags?: number;
  options?: string;
  payload?: string;
  dataOffset?: number;
  seq?: number;
  ack?: number;
  urgent?: number;
}): Uint8Array {
  const options = hexToBytes(fields.options ?? '');
  const payload = hexToBytes(fields.payload ?? '');
  const out = new Uint8Array(20 + options.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 80);
  view.setUint16(2, 5000);
  view.setUint32(4, fields.seq ?? 1);
  view.setUint32(8, fields.ack ?? 2);
  out[12] = (fields.dataOffset ?? 5 + Math.ceil(options.length / 4)) << 4;
  out[13] = fields.flags ?? 0x10;
  view.setUint16(14, 512);
  view.setUint16(18, fields.urgent ?? 0);
  out.set(options, 20);
  out.set(payload, 20 + options.length);
  return out;
}

const ACK = 0x10;
const SYN = 0x02;

/**
 * The option list tcpdump prints for `options` (hex, zero-filled to a multiple of 4 bytes) on a
 * segment without payload, without the `, length 0` after it.
 */
const optionText = (options: string, flags = ACK): string => {
  const padded = options.padEnd(Math.ceil(options.length / 8) * 8, '0');
  const text = formatTcpSegment(segment({ options: padded, flags }));
  return text.slice(text.indexOf('options [')).replace(/, length 0$/, '');
};

describe('formatTcp (a header object)', () => {
  test('prints the whole line with addresses, as in its documentation', () => {
    const line = formatTcp(
      { srcPort: 80, dstPort: 5000, seq: 1, ack: 2, flags: { psh: true, ack: true }, window: 512 },
      { payloadLength: 10, src: '10.0.0.1', dst: '10.0.0.2' },
    );
    expect(line).toBe('IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [P.], seq 1:11, ack 2, win 512, length 10');
  });

  test('walks the option bytes the header encodes to, padding included', () => {
    // mss 1460, then the encoder's zero fill: one EOL ends tcpdump's list.
    const text = formatTcp(
      {
        srcPort: 1,
        dstPort: 2,
        flags: { syn: true },
        window: 1024,
        options: [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }],
      },
      { payloadLength: 0 },
    );
    expect(text).toBe('Flags [S], seq 0, win 1024, options [mss 1460,nop,eol], length 0');
  });

  test('a data offset below 5 (a crafted header) gives the "too short" text', () => {
    // tcp_print: " tcp <length - hlen> [bad hdr length <hlen> - too short, < 20]".
    const text = formatTcp({ srcPort: 1, dstPort: 2, dataOffset: 4 }, { payloadLength: 7 });
    expect(text).toBe(' tcp 7 [bad hdr length 16 - too short, < 20]');
  });

  test('a data offset beyond the options shows as a cut capture', () => {
    // Data offset 7 says 8 option bytes; the header holds 4 (mss); the 5th is not there.
    const text = formatTcp(
      { srcPort: 1, dstPort: 2, dataOffset: 7, options: [{ kind: 'mss', mss: 536 }] },
      { payloadLength: 0 },
    );
    expect(text).toBe('Flags [none], win 0, options [mss 536, [|tcp]');
  });

  test('an option kind in the last header byte: its length byte is payload, or past the capture', () => {
    // Kind 2 at offset 23 of a 24-byte header: tcpdump reads the length byte past the header; with a
    // payload that byte exists and "len > what is left" is [bad opt], without it the read is cut.
    const header = {
      srcPort: 1,
      dstPort: 2,
      options: [{ kind: 'raw', bytes: Uint8Array.of(1, 1, 1, 2) }],
    } as const;
    expect(formatTcp(header, { payloadLength: 5 })).toBe(
      'Flags [none], seq 0:5, win 0, options [nop,nop,nop,[bad opt]]',
    );
    expect(formatTcp(header, { payloadLength: 0 })).toBe('Flags [none], win 0, options [nop,nop,nop, [|tcp]');
  });
});

describe('formatTcpSegment: the fixed fields', () => {
  test('flag letters in tcpdump order, "none", and NS not shown', () => {
    expect(formatTcpSegment(segment({ flags: 0 }))).toBe('Flags [none], win 512, length 0');
    const all = segment({ flags: 0xff });
    all[12]! |= 0x01; // NS
    expect(formatTcpSegment(all)).toBe('Flags [FSRP.UEW], seq 1, ack 2, win 512, urg 0, length 0');
  });

  test('seq is printed with payload, or alone on SYN / FIN / RST; ack only with ACK', () => {
    expect(formatTcpSegment(segment({ flags: ACK }))).toBe('Flags [.], ack 2, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: SYN }))).toBe('Flags [S], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x01 }))).toBe('Flags [F], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x04 }))).toBe('Flags [R], seq 1, win 512, length 0');
    expect(formatTcpSegment(segment({ flags: 0x18, payload: '616263' }))).toBe(
      'Flags [P.], seq 1:4, ack 2, win 512, length 3',
    );
    // The end of the range wraps modulo 2^32 (tcpdump's u_int arithmetic).
    expect(formatTcpSegment(segment({ flags: 0, seq: 0xffffffff, payload: '0102' }))).toBe(
      'Flags [none], seq 4294967295:1, win 512, length 2',
    );
  });

  test('urg with URG only', () => {
    expect(formatTcpSegment(segment({ flags: 0x30, urgent: 7 }))).toBe(
      'Flags [.U], ack 2, win 512, urg 7, length 0',
    );
    expect(formatTcpSegment(segment({ flags: ACK, urgent: 7 }))).toBe('Flags [.], ack 2, win 512, length 0');
  });

  test('IPv4 and IPv6 lines', () => {
    const bytes = segment({ flags: SYN });
    expect(formatTcpSegment(bytes, { src: '192.0.2.1', dst: '198.51.100.2' })).toBe(
      'IP 192.0.2.1.80 > 198.51.100.2.5000: Flags [S], seq 1, win 512, length 0',
    );
    expect(formatTcpSegment(bytes, { src: '2001:db8::1', dst: '2001:db8::2' })).toBe(
      'IP6 2001:db8::1.80 > 2001:db8::2.5000: Flags [S], seq 1, win 512, length 0',
    );
  });

  test('segments tcpdump cannot read in full', () => {
    const bytes = segment({ flags: SYN, options: '020405b4' });
    // Fewer than 4 bytes: no ports; fewer than 20: ports, then " [|tcp]" (tcp_header_heapoverflow).
    expect(formatTcpSegment(bytes.subarray(0, 3), { src: '192.0.2.1', dst: '192.0.2.2' })).toBe(
      'IP 192.0.2.1 > 192.0.2.2: [|tcp]',
    );
    expect(formatTcpSegment(bytes.subarray(0, 3))).toBe('[|tcp]');
    expect(formatTcpSegment(bytes.subarray(0, 12), { src: '192.0.2.1', dst: '192.0.2.2' })).toBe(
      'IP 192.0.2.1.80 > 192.0.2.2.5000:  [|tcp]',
    );
    // The header longer than the segment the IP layer gives.
    expect(formatTcpSegment(bytes, { segmentLength: 22 })).toBe(
      'Flags [S] [bad hdr length 24 - too long, > 22]',
    );
    // A data offset below 5 (12 bytes): length - hlen = 40 - 12.
    const short = segment({ flags: SYN, dataOffset: 3 });
    expect(formatTcpSegment(short, { segmentLength: 40 })).toBe(
      ' tcp 28 [bad hdr length 12 - too short, < 20]',
    );
  });

  test('options cut by the capture: " [|tcp]", with ">" only where tcpdump jumps to its trunc label', () => {
    const bytes = segment({ flags: SYN, options: '01020405b4', payload: '' });
    // Cut at the kind byte of a later option (a plain read): no ">".
    expect(formatTcpSegment(bytes.subarray(0, 21), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1, win 512, options [nop, [|tcp]',
    );
    // Cut inside the MSS value (its length check), after a first option: " [|tcp]>".
    expect(formatTcpSegment(bytes.subarray(0, 24), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1, win 512, options [nop,mss [|tcp]>',
    );
    // The options read, the payload cut: the caplen note after the length.
    const eol = segment({ flags: SYN, options: '00000000', payload: '41424344' });
    expect(formatTcpSegment(eol.subarray(0, 22), { segmentLength: 28 })).toBe(
      'Flags [S], seq 1:5, win 512, options [eol], length 4 [remaining caplen(22) < header length(24)] [|tcp]',
    );
  });

  test('after an MPTCP option, truncation markers say mptcp', () => {
    // DSS with a 4-byte data ACK (1e 08 20 01 + ack), then a 4-byte option cut short.
    const bytes = segment({ options: '1e08200100000005020405b4', payload: '41' });
    expect(formatTcpSegment(bytes.subarray(0, 30), { segmentLength: 33 })).toBe(
      'Flags [.], seq 1:2, ack 2, win 512, options [mptcp 8 dss ack 5,mss [|mptcp]>',
    );
    const eol = segment({ options: '1e0820010000000500000000', payload: '41' });
    expect(formatTcpSegment(eol.subarray(0, 29), { segmentLength: 33 })).toBe(
      'Flags [.], seq 1:2, ack 2, win 512, options [mptcp 8 dss ack 5,eol], length 1 [remaining caplen(29) < header length(32)] [|mptcp]',
    );
  });
});

describe('formatTcpSegment: relative numbers', () => {
  // Raw seq 1001, ack 5001; a SACK block 5500..5600.
  const bytes = segment({
    flags: 0x18,
    seq: 1001,
    ack: 5001,
    options: '0101050a0000157c000015e0',
    payload: '00',
  });

  test('replace seq and ack; SACK edges lose ack - relative ack by default', () => {
    expect(formatTcpSegment(bytes, { relative: { seq: 1, ack: 1 } })).toBe(
      'Flags [P.], seq 1:2, ack 1, win 512, options [nop,nop,sack 1 {500:600}], length 1',
    );
  });

  test('an explicit SACK base (the segment that records the bases prints raw numbers)', () => {
    expect(formatTcpSegment(bytes, { relative: { seq: 1001, ack: 5001, sackBase: 5000 } })).toBe(
      'Flags [P.], seq 1001:1002, ack 5001, win 512, options [nop,nop,sack 1 {500:600}], length 1',
    );
  });

  test('without relative numbers SACK edges are raw', () => {
    expect(formatTcpSegment(bytes)).toBe(
      'Flags [P.], seq 1001:1002, ack 5001, win 512, options [nop,nop,sack 1 {5500:5600}], length 1',
    );
  });
});

describe('formatTcpSegment: the -v checksum text and RST payload', () => {
  const bytes = segment({ flags: ACK });
  bytes[16] = 0x12;
  bytes[17] = 0x34;

  test('correct when the field equals the computed value, or is 0xffff for 0x0000', () => {
    expect(formatTcpSegment(bytes, { checksum: { computed: 0x1234 } })).toBe(
      'Flags [.], cksum 0x1234 (correct), ack 2, win 512, length 0',
    );
    const ones = segment({ flags: ACK });
    ones[16] = 0xff;
    ones[17] = 0xff;
    expect(formatTcpSegment(ones, { checksum: { computed: 0 } })).toContain('cksum 0xffff (correct)');
  });

  test('incorrect, with tcpdump\'s "should be" value', () => {
    expect(formatTcpSegment(bytes, { checksum: { computed: 0xabcd } })).toBe(
      'Flags [.], cksum 0x1234 (incorrect -> 0xabcd), ack 2, win 512, length 0',
    );
    // in_cksum_shouldbe adds the field to the failed sum with end-around carry: for a true value of
    // 0x0000 (the rest sums to 0xffff), 0x1234 + ~(0xffff + 0x1234) = 0x1234 + 0xedcb = 0xffff.
    expect(formatTcpSegment(bytes, { checksum: { computed: 0 } })).toContain(
      'cksum 0x1234 (incorrect -> 0xffff)',
    );
  });

  test('not printed when the capture cut the segment', () => {
    expect(formatTcpSegment(bytes, { segmentLength: 30, checksum: { computed: 0x1234 } })).toBe(
      'Flags [.], seq 1:11, ack 2, win 512, length 10',
    );
  });

  test('RST payload: at most 30 bytes, "+" when more, control bytes and DEL as ^X, high bytes as M-', () => {
    const rst = segment({ flags: 0x04, payload: `7f0aff${'41'.repeat(30)}` });
    expect(formatTcpSegment(rst, { verbose: true })).toBe(
      `Flags [R], seq 1:34, win 512, length 33 [RST+ ^?^JM-^?${'A'.repeat(27)}]`,
    );
    expect(formatTcpSegment(rst.subarray(0, 22), { verbose: true, segmentLength: 53 })).toBe(
      'Flags [R], seq 1:34, win 512, length 33 [!RST+ ^?^J]',
    );
    expect(formatTcpSegment(rst)).toBe('Flags [R], seq 1:34, win 512, length 33');
  });
});

describe('the option walk, case by case (expected text from the rules of print-tcp.c)', () => {
  test.each([
    // A fixed-size kind with a longer length: tcpdump reads its 2 bytes, notes [len 6], and goes on
    // 4 bytes later, inside the option: the 01 01 there print as two NOPs.
    ['02 06 05b4 0101', 'options [mss 1460[len 6],nop,nop,eol]'],
    ['01 03 03 07', 'options [nop,wscale 7]'],
    ['06 06 00000009 0000', 'options [echo 9,eol]'],
    ['0d 06 00000007 0000', 'options [ 7,eol]'], // CC.ECHO: tcpdump's name for kind 13 is ""
    ['05 06 00000001 0000', 'options [sack invalid sack,eol]'],
    ['14 04 01 02', 'options [scps cap 01 id 2]'],
    ['1d 03 aa 00', 'options [tcp-ao (invalid),eol]'],
    ['1d 04 01 02', 'options [tcp-ao keyid 1 rnextkeyid 2]'],
    ['22 03 aa 00', 'options [tfo  (invalid),eol]'],
    ['fe 07 f989 aabbcc 00', 'options [exp-tfo (invalid),eol]'],
    ['fe 04 acc0', 'options [exp-acc0]'],
    // An experimental option too short for its ExID ends the list; a first option gets no "]".
    ['fe 03 aa 00', 'options [exp[bad opt]'],
    ['63 02 0000', 'options [unknown-99,eol]'],
    // tcpdump takes the low bit of the user timeout as "minutes": 0x8005 is (0x8005 >> 1) * 60.
    ['1c 04 8005', 'options [uto 0x8005 983160]'],
    // Length 1, or a length past the area, is [bad opt] at once (after a first option, with "]").
    ['01 08 01 00', 'options [nop,[bad opt]]'],
    ['08 0a 00000001', 'options [[bad opt]'],
  ])('%s', (hex, expected) => {
    expect(optionText(hex.replace(/ /g, ''))).toBe(expected);
  });

  test('MD5 when the payload was not captured: "snaplen too short"', () => {
    const digest = '00112233445566778899aabbccddeeff';
    const bytes = segment({ options: `1312${digest}0000`, payload: 'ff' });
    expect(formatTcpSegment(bytes.subarray(0, 40), { segmentLength: 41 })).toBe(
      `Flags [.], seq 1:2, ack 2, win 512, options [md5 snaplen too short, can't check - ${digest},eol], length 1`,
    );
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

describe('argument checks', () => {
  const header = { srcPort: 1, dstPort: 2 };

  test('wrong types are TypeErrors naming the option', () => {
    expect(() => formatTcp(header, {} as never)).toThrow(
      new TypeError('payloadLength must be an integer in 0..4294967295, got undefined'),
    );
    expect(() => formatTcp(header, null as never)).toThrow(
      new TypeError('options must be an object, got null'),
    );
    expect(() => formatTcpSegment('00' as never)).toThrow(
      new TypeError('bytes must be a Uint8Array, got "00"'),
    );
    const bytes = segment({});
    expect(() => formatTcpSegment(bytes, { src: '10.0.0.1' })).toThrow(
      new TypeError('src and dst must be given together'),
    );
    expect(() => formatTcpSegment(bytes, { src: 1, dst: 2 } as never)).toThrow(
      new TypeError('src must be an address string, got 1'),
    );
    expect(() => formatTcpSegment(bytes, { relative: 5 } as never)).toThrow(
      new TypeError('relative must be an object, got 5'),
    );
    expect(() => formatTcpSegment(bytes, { checksum: 'x' } as never)).toThrow(
      new TypeError('checksum must be an object, got "x"'),
    );
    expect(() => formatTcpSegment(bytes, { verbose: 1 } as never)).toThrow(
      new TypeError('verbose must be a boolean, got 1'),
    );
  });

  test('values out of range are RangeErrors', () => {
    expect(() => formatTcp(header, { payloadLength: -1 })).toThrow(
      new RangeError('payloadLength must be an integer in 0..4294967295, got -1'),
    );
    const bytes = segment({});
    expect(() => formatTcpSegment(bytes, { segmentLength: 1.5 })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { relative: { seq: 2 ** 32, ack: 0 } })).toThrow(
      new RangeError('relative.seq must be an integer in 0..4294967295, got 4294967296'),
    );
    expect(() => formatTcpSegment(bytes, { relative: { seq: 0, ack: -1 } })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { relative: { seq: 0, ack: 0, sackBase: -1 } })).toThrow(RangeError);
    expect(() => formatTcpSegment(bytes, { checksum: { computed: 70000 } })).toThrow(
      new RangeError('checksum.computed must be an integer in 0..65535, got 70000'),
    );
    // A header encode refuses even with craft.
    expect(() => formatTcp({ srcPort: 70000, dstPort: 1 }, { payloadLength: 0 })).toThrow(RangeError);
  });
});

describe('laws (FUZZ_RUNS runs, default 300)', () => {
  const numRuns = Number(process.env['FUZZ_RUNS'] ?? 300);
  /** Option areas that exercise the walk: EOL, NOP, TLVs of the kinds tcpdump names, stray bytes. */
  const optionArea = fc
    .array(
      fc.oneof(
        fc.constant([0]),
        fc.constant([1]),
        fc
          .tuple(
            fc.constantFrom(2, 3, 4, 5, 6, 8, 13, 19, 20, 28, 29, 30, 34, 99, 253, 254),
            fc.integer({ min: 0, max: 20 }),
            fc.uint8Array({ maxLength: 18 }),
          )
          .map(([kind, length, data]) => [kind, length, ...data]),
      ),
      { maxLength: 8 },
    )
    .map((parts) => Uint8Array.from(parts.flat().slice(0, 40)));
  const segmentArbitrary = fc
    .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), optionArea, fc.uint8Array({ maxLength: 12 }))
    .map(([fixed, options, payload]) => {
      const area = new Uint8Array(Math.ceil(options.length / 4) * 4);
      area.set(options);
      const out = new Uint8Array(20 + area.length + payload.length);
      out.set(fixed);
      out[12] = ((5 + area.length / 4) << 4) | (fixed[12]! & 0x0f);
      out.set(area, 20);
      out.set(payload, 20 + area.length);
      return out;
    });

  test('any bytes, any claimed length: one line of text, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(segmentArbitrary, fc.uint8Array({ maxLength: 64 })),
        fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
        fc.boolean(),
        (bytes, segmentLength, verbose) => {
          const text = formatTcpSegment(bytes, {
            verbose,
            ...(segmentLength === undefined ? {} : { segmentLength }),
            relative: { seq: 1, ack: 1 },
          });
          expect(text).not.toMatch(/[\r\n]/);
        },
      ),
      { numRuns },
    );
  });

  test('a complete segment prints the same from its bytes and from its lenient decoding', () => {
    fc.assert(
      fc.property(segmentArbitrary, (bytes) => {
        const { header } = decodeLenient(bytes);
        const payloadLength = bytes.length - header!.dataOffset * 4;
        expect(formatTcp(header!, { payloadLength })).toBe(formatTcpSegment(bytes));
      }),
      { numRuns },
    );
  });
});

describe('documentation examples', () => {
  test('formatTcpSegment', () => {
    // 0050 1388: ports 80 > 5000; seq 7; ack 1; 60 12: data offset 6, SYN+ACK; win 0xffff; MSS 1460.
    const synAck = hexToBytes('0050138800000007000000016012ffff00000000020405b4');
    expect(formatTcpSegment(synAck, { src: '10.0.0.1', dst: '10.0.0.2' })).toBe(
      'IP 10.0.0.1.80 > 10.0.0.2.5000: Flags [S.], seq 7, ack 1, win 65535, options [mss 1460], length 0',
    );
    // Cut inside the MSS value, the first option: no ">" after the marker.
    expect(formatTcpSegment(synAck.subarray(0, 22), { segmentLength: 24 })).toBe(
      'Flags [S.], seq 7, ack 1, win 65535, options [mss [|tcp]',
    );
  });
});
