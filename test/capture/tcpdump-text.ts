// Reading what tcpdump printed (test/fixtures/corpus/tcpdump-out*, test/fixtures/capture/tcpdump-out*)
// frame by frame, and the rules the comparisons share.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS = join(import.meta.dirname, '..', 'fixtures', 'corpus');
export const CRAFTED = join(import.meta.dirname, '..', 'fixtures', 'capture');

/** The capture files of a fixture folder: [folder, file name] pairs. */
export function captures(root: string, folders: readonly string[]): [string, string][] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder))
      .filter((name) => /\.pcap(ng)?$/.test(name))
      .sort()
      .map((name): [string, string] => [folder, name]),
  );
}

/**
 * tcpdump's output for one capture, split per frame: continuation lines are indented (a tab, or
 * four spaces for `-v`), or start with `[|` when a payload printer reports a cut after its own
 * lines; every other line starts a frame, including ` [|ether]` (one space), which a link-layer
 * printer gives for a frame cut inside its header.
 */
export function tcpdumpRecords(root: string, outputFolder: string, name: string): string[][] {
  const text = readFileSync(join(root, outputFolder, `${name}.txt`), 'latin1');
  const records: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const continuation = (/^\s/.test(line) && !line.startsWith(' [|')) || line.startsWith('[|');
    if (continuation) records.at(-1)?.push(line);
    else records.push([line]);
  }
  return records;
}

/** tcpdump's line up to and including `length N` (the whole line when it printed no `length`). */
export function upToLength(line: string): string {
  const match = /length \d+/.exec(line);
  return match === null ? line : line.slice(0, match.index + match[0].length);
}

/** Tunnelled TCP, which the reader does not enter: tcpdump names the tunnel on the line. */
export function tunnelled(line: string): boolean {
  return /Geneve|VXLAN|MPLS|GREv/.test(line);
}

/**
 * TCP's own text in a line: from the port pair (or address pair) before `Flags [` (or before the
 * end, when tcpdump stopped earlier) to the end; the whole line when it has no ` > `.
 */
export function tcpText(line: string): string {
  const flags = line.indexOf('Flags [');
  const before = flags === -1 ? line : line.slice(0, flags);
  const arrow = before.lastIndexOf(' > ');
  if (arrow === -1) return line.trim();
  // The address is preceded by a space, or glued to tcpdump's `bytes missing!` note.
  const start = Math.max(before.lastIndexOf(' ', arrow - 1), before.lastIndexOf('!', arrow - 1)) + 1;
  return line.slice(start).trim();
}

/**
 * The TCP text of a `tcpdump -v` record: IPv4 puts it on the record's second line, IPv6 on the
 * first, after the IPv6 header in parentheses.
 */
export function verboseTcpText(record: readonly string[]): string {
  const first = record[0] ?? '';
  if (first.startsWith('IP6 ') || record.length < 2 || !/^\s{4}\S/.test(record[1] ?? ''))
    return tcpText(first);
  return tcpText(record[1]!);
}

/** Whether a tcpdump line is that of a TCP segment carried directly in IPv4 or IPv6. */
export function isTcpLine(line: string): boolean {
  if (tunnelled(line)) return false;
  return /\bIP6? .*? > .*?(Flags \[|\[\|tcp\])/.test(line) || /^IP bad-len/.test(line);
}

/** The corpus vectors of one capture (`source` relative to the corpus folder). */
export interface Vector {
  id: string;
  source: string;
  frame: number;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  segmentHex: string;
  segmentLength: number;
}

let vectorCache: Map<string, Vector[]> | null = null;

/** Every corpus vector, by capture. */
export function vectorsBySource(): Map<string, Vector[]> {
  if (vectorCache !== null) return vectorCache;
  vectorCache = new Map();
  for (const file of ['tcpdump-tests.jsonl', 'scapy-set-a.jsonl']) {
    for (const line of readFileSync(join(CORPUS, 'vectors', file), 'utf8').split('\n')) {
      if (line === '') continue;
      const vector = JSON.parse(line) as Vector;
      const list = vectorCache.get(vector.source) ?? [];
      list.push(vector);
      vectorCache.set(vector.source, list);
    }
  }
  return vectorCache;
}
