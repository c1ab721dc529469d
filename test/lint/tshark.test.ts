/**
 * lint against tshark's expert items (Wireshark's packet-tcp.c) on every corpus vector: the warnings
 * both report agree, and NOP_RUN differs from tshark's "4 NOP in a row" on purpose, as explained
 * below, with the two corpus frames where the difference shows.
 */
import { describe, expect, test } from 'vitest';
import { decode, encode, type TcpHeader } from '../../src/header.ts';
import { lint } from '../../src/lint.ts';
import type { TcpProblem } from '../../src/problems.ts';
import { cutInsideHeader, loadVectors, segmentBytes, vectorById, vectorFiles } from '../support/vectors.ts';

describe('lint agrees with tshark expert items on the corpus', () => {
  /** tshark's message for each warning we share with it (Wireshark's packet-tcp.c expert items). */
  const PAIRS: [string, (problems: TcpProblem[], header: TcpHeader) => boolean][] = [
    ['Window scale shift exceeds 14', (p) => p.some((x) => x.code === 'WINDOW_SCALE_TOO_LARGE')],
    ['Non-zero header padding', (p) => p.some((x) => x.code === 'NONZERO_PADDING')],
    // tshark flags only MSS outside a SYN; we also flag window scale and SACK permitted.
    [
      'The non-SYN packet does contain a MSS option',
      (_p, h) => !h.flags.syn && h.options.some((o) => o.kind === 'mss'),
    ],
  ];

  test.each(vectorFiles())('%s', (file) => {
    const mismatches: string[] = [];
    const counts: Record<string, number> = {};
    for (const v of loadVectors(file)) {
      if (cutInsideHeader(v)) continue;
      const header = decode(segmentBytes(v));
      const problems = lint(header);
      for (const [message, ours] of PAIRS) {
        const theirs = v.tsharkExpert.some((m) => m.includes(message));
        if (theirs) counts[message] = (counts[message] ?? 0) + 1;
        if (theirs !== ours(problems, header)) mismatches.push(`${v.id}: tshark ${theirs} for "${message}"`);
      }
      // Every MSS outside a SYN that tshark flags is one of our SYN_OPTION_OUTSIDE_SYN warnings.
      const mssOutside = !header.flags.syn && header.options.some((o) => o.kind === 'mss');
      if (mssOutside && !problems.some((p) => p.code === 'SYN_OPTION_OUTSIDE_SYN')) {
        mismatches.push(`${v.id}: no SYN_OPTION_OUTSIDE_SYN`);
      }
    }
    console.log(`${file}: tshark expert items matched ${JSON.stringify(counts)}`);
    expect(mismatches).toEqual([]);
  });
});

/**
 * Wireshark's "4 NOP in a row" (packet-tcp.c, tcp_dissect_options, as tshark 4.0 runs it), in our
 * words: a counter starts at 0 and is never reset by other options; at each NOP it goes up by one
 * when it is 0 or the NOP's offset is not a multiple of 4, and drops to 0 otherwise; the warning fires
 * when it reaches 4. So it counts NOPs that are not in a row (NOP NOP TS MPTCP NOP NOP) and misses
 * runs that cross a 4-byte boundary (NOP, then 4 NOPs at offsets 30..33).
 */
function wiresharkNopWarning(header: TcpHeader): boolean {
  let count = 0;
  let at = 20;
  for (const option of header.options) {
    if (option.kind === 'nop') {
      if (count === 0 || at % 4 !== 0) {
        count++;
        if (count === 4) return true;
      } else {
        count = 0;
      }
    }
    // A given data offset in craft mode adds no zero fill: the length is 20 + the option's bytes.
    at += encode({ srcPort: 0, dstPort: 0, dataOffset: 5, options: [option] }, { craft: true }).length - 20;
  }
  return false;
}

describe('NOP_RUN differs from tshark on purpose (docs/rules.md T16: four NOPs in a row)', () => {
  test.each(vectorFiles())('%s: tshark follows the rule above, on every vector', (file) => {
    const mismatches: string[] = [];
    for (const v of loadVectors(file)) {
      if (cutInsideHeader(v)) continue;
      const theirs = v.tsharkExpert.some((m) => m.includes('NOP in a row'));
      if (theirs !== wiresharkNopWarning(decode(segmentBytes(v)))) mismatches.push(v.id);
    }
    expect(mismatches).toEqual([]);
  });

  test('pcap/mptcp-aa-v1.pcap#6: tshark warns about NOPs that are not in a row; we do not', () => {
    // Options: 01 01 (NOPs at 20, 21), 08 0a ... (timestamps at 22), 1e 16 ... (MPTCP DSS at 32),
    // 01 01 (NOPs at 54, 55). No four in a row.
    const v = vectorById('pcap/mptcp-aa-v1.pcap#6');
    expect(v.tsharkExpert.some((m) => m.includes('NOP in a row'))).toBe(true);
    expect(lint(decode(segmentBytes(v))).map((p) => p.code)).not.toContain('NOP_RUN');
  });

  test('pcap/of10_s4810.pcap#1: four NOPs in a row that tshark misses; we warn at the first', () => {
    // Options: 02 04 05 64 (MSS 1380 at 20), 01 (NOP at 24), 03 03 05 (window scale at 25),
    // 04 02 (SACK permitted at 28), 01 01 01 01 (NOPs at 30..33), 08 0a ... (timestamps at 34).
    const v = vectorById('pcap/of10_s4810.pcap#1');
    expect(v.tsharkExpert.some((m) => m.includes('NOP in a row'))).toBe(false);
    expect(
      lint(decode(segmentBytes(v)))
        .filter((p) => p.code === 'NOP_RUN')
        .map((p) => p.offset),
    ).toEqual([30]);
  });
});
