/**
 * The codec benchmark: one fixed workload of real headers, each operation beside a hand-written
 * baseline in the same run (bench/baselines.ts), reported as ns per operation and as ratios.
 *
 * Every task loops over INPUTS different copies of its header, several passes per call (see PASSES), so
 * a call takes about 0.1 ms: the harness's own cost per call (about 50 ns) disappears in it, and so does
 * the microsecond step of the clock. Results are stored or summed into a sink so that nothing is
 * optimised away.
 *
 * The clock is the process's CPU time (`process.cpuUsage`), not wall time: other programs running on
 * the machine take wall time from a task but not CPU time, so the ratios stay comparable on a busy
 * machine. Each figure is the median over a task's calls, divided by the operations per call; the
 * suite runs ROUNDS times and the report takes each ratio within a round, then the median over the
 * rounds (see ratios.ts).
 *
 * The library is measured as published, and the baselines built the same way (bench/library.ts).
 *
 * Run: `npm run bench`. The table of ratios prints at the end of the run.
 */
import { bench, describe } from 'vitest';
import type { TcpHeader } from '../src/index.ts';
import type { BaselineHeader } from './baselines.ts';
import { loadBuilt } from './library.ts';
import { measured, reportWhenDone } from './ratios.ts';

// Both sides come from the same build (see library.ts), taken into local bindings once.
const { library, baselines } = await loadBuilt();
const { decode, encodeInto, TcpView } = library;
const { baselineDecode, baselineEncodeInto, baselineWindow } = baselines;

const INPUTS = 256;
/** Passes over the inputs per call, by operation: about 0.1 ms of work per call. */
const PASSES = { decode: 8, view: 16, encode: 8, field: 128 } as const;
/** Rounds of the whole suite; each ratio is taken within a round, then the median (ratios.ts). */
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
/** Milliseconds each task measures per round, after its warm-up. */
const TIME = 400;
const WARMUP = 100;

/** Milliseconds of CPU time used by this process (tinybench's clock). */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const hex = (text: string): Uint8Array => Uint8Array.from(text.match(/../g)!, (h) => Number.parseInt(h, 16));

/** The workload: real headers as captured (the 60-byte one assembled in Linux's layout). */
const WORKLOAD: readonly { name: string; bytes: Uint8Array }[] = [
  {
    // test/fixtures/corpus/pcap/dns_tcp.pcap frame 3: 33779 > 53, ACK, win 64240, no options.
    name: 'ACK 20 B',
    bytes: hex('83f3003523fec80d79d249145010faf0f5aa0000'),
  },
  {
    // pcap/bgp-4byte-asn.pcap frame 3, a Linux SYN: 02 04 05b4 (MSS 1460), 04 02 (SACK permitted),
    // 08 0a 27ca70da 00000000 (timestamps), 01 (NOP), 03 03 09 (window scale 9).
    name: 'SYN 40 B',
    bytes: hex('a6f500b38afa6c3200000000a002721098710000020405b40402080a27ca70da0000000001030309'),
  },
  {
    // pcap/arcnet-rfc1051-arp-icmp-http.pcap frame 13: ACK with 01 01 08 0a 000464d2 404d8b59.
    name: 'ACK+TS 32 B',
    bytes: hex('040200508effb39aca552c0980100750f0f100000101080a000464d2404d8b59'),
  },
  {
    // The ACK above with data offset 15 and Linux's SACK layout appended: 01 01 05 1a, then three
    // blocks ca553209-ca5537b1, ca553d59-ca554301, ca554801-ca554da9 (hand-assembled).
    name: 'ACK+TS+SACK 60 B',
    bytes: hex(
      '040200508effb39aca552c09f0100750f0f100000101080a000464d2404d8b590101051a' +
        'ca553209ca5537b1ca553d59ca554301ca554801ca554da9',
    ),
  },
];

/** `count` copies of `bytes`, each with a different sequence number and source port low byte. */
function copies(bytes: Uint8Array, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, k) => {
    const copy = bytes.slice();
    copy[7] = k;
    copy[6] = k >> 8;
    copy[1] ^= k & 0x0f;
    return copy;
  });
}

const OP = {
  decode: 'decode',
  decodeBaseline: 'decode (hand-written)',
  view: 'view: from + fields + walk (advance)',
  viewIterator: 'view: from + fields + walk (for...of)',
  viewBaseline: 'fields + walk by byte indexing',
  encode: 'encodeInto',
  encodeBaseline: 'encodeInto (hand-written)',
  field: 'view.window',
  fieldBaseline: 'window by byte indexing',
} as const;

reportWhenDone(
  ROUNDS,
  WORKLOAD.map((w) => w.name),
  Object.values(OP),
  [
    { operation: OP.decode, baseline: OP.decodeBaseline, goal: 1.2 },
    { operation: OP.view, baseline: OP.decode, goal: 0.5 },
    { operation: OP.viewIterator, baseline: OP.decode, goal: 0.5 },
    { operation: OP.view, baseline: OP.decodeBaseline, goal: 0.5 },
    // What the runtime allows: the view's work with no objects at all, beside decode and the view.
    { operation: OP.viewBaseline, baseline: OP.decode },
    { operation: OP.view, baseline: OP.viewBaseline },
    { operation: OP.field, baseline: OP.fieldBaseline, goal: 1.5 },
    { operation: OP.encode, baseline: OP.encodeBaseline, goal: 1.2 },
  ],
);

let sink = 0;

/**
 * By kind, the length of the fixed-size kinds the workload holds, 0 for the others (RFC 9293 §3.2:
 * MSS 4; RFC 7323: window scale 3, timestamps 10; RFC 2018: SACK-permitted 2, SACK 2 + 8n).
 */
const FIXED_LENGTH = new Uint8Array(256);
FIXED_LENGTH.set([4, 3, 2], 2);
FIXED_LENGTH[8] = 10;
/**
 * Each decoded header is stored here, so it must really be built, and dropped at the next one, as a
 * program that looks at each segment and moves on drops it (keeping many alive would move them to
 * the old generation and make every task pay for the garbage collections of the one before).
 */
let lastDecoded: unknown = null;

/** The last of 16 results of `make`, the others dropped at once. */
function keptAmongGarbage<T>(make: () => T): T {
  let kept = make();
  for (let k = 0; k < 15; k++) kept = make();
  return kept;
}

for (const { name, bytes } of WORKLOAD) {
  const inputs = copies(bytes, INPUTS);
  // Objects kept for the whole run are made so that V8 does not see most objects of an allocation
  // site survive: it would then allocate every later object of that site (every header `decode`
  // builds, every view `TcpView.from` makes) in the old generation, and the tasks measure that.
  const views = inputs.map((b) => keptAmongGarbage(() => TcpView.from(b)));
  const headers: TcpHeader[] = inputs.map((b) => structuredClone(decode(b)));
  const baselineHeaders: BaselineHeader[] = inputs.map((b) => structuredClone(baselineDecode(b, 0)));
  const target = new Uint8Array(60);
  for (let round = 1; round <= ROUNDS; round++) {
    const opts = (operation: string, passes: number) =>
      measured({ round, header: name, operation, inputs: INPUTS * passes }, TIME, WARMUP, cpuNow);

    describe(`${name}, round ${round}`, () => {
      bench(
        OP.decode,
        () => {
          for (let p = 0; p < PASSES.decode; p++) {
            for (let i = 0; i < INPUTS; i++) lastDecoded = decode(inputs[i]!);
          }
        },
        opts(OP.decode, PASSES.decode),
      );
      bench(
        OP.decodeBaseline,
        () => {
          for (let p = 0; p < PASSES.decode; p++) {
            for (let i = 0; i < INPUTS; i++) lastDecoded = baselineDecode(inputs[i]!, 0);
          }
        },
        opts(OP.decodeBaseline, PASSES.decode),
      );
      bench(
        OP.view,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.view; p++) {
            for (let i = 0; i < INPUTS; i++) {
              // Every fixed field and flag, read in the loop as a user's code would (see README: a
              // helper function that does the reads counts against the loop's inlining budget).
              const v = TcpView.from(inputs[i]!);
              const f = v.flags;
              s +=
                v.srcPort +
                v.dstPort +
                v.seq +
                v.ack +
                v.dataOffset +
                v.reserved +
                v.window +
                v.checksum +
                v.urgentPointer +
                (f.ns ? 1 : 0) +
                (f.cwr ? 2 : 0) +
                (f.ece ? 4 : 0) +
                (f.urg ? 8 : 0) +
                (f.ack ? 16 : 0) +
                (f.psh ? 32 : 0) +
                (f.rst ? 64 : 0) +
                (f.syn ? 128 : 0) +
                (f.fin ? 256 : 0);
              const walk = v.options();
              while (walk.advance()) s += walk.code + walk.offset + walk.length;
            }
          }
          sink += s;
        },
        opts(OP.view, PASSES.view),
      );
      bench(
        OP.viewBaseline,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.view; p++) {
            for (let i = 0; i < INPUTS; i++) {
              // The view's work written out in the loop, with no objects: the checks `from` makes,
              // every field and flag, and the walk with decode's checks on the options' lengths.
              const b = inputs[i]!;
              if (b.length < 20) throw new RangeError('truncated');
              const b12 = b[12]!;
              const b13 = b[13]!;
              const end = (b12 >> 4) * 4;
              if (end < 20 || end > b.length) throw new RangeError('data offset');
              s +=
                ((b[0]! << 8) | b[1]!) +
                ((b[2]! << 8) | b[3]!) +
                (((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0) +
                (((b[8]! << 24) | (b[9]! << 16) | (b[10]! << 8) | b[11]!) >>> 0) +
                (b12 >> 4) +
                ((b12 >> 1) & 7) +
                ((b[14]! << 8) | b[15]!) +
                ((b[16]! << 8) | b[17]!) +
                ((b[18]! << 8) | b[19]!) +
                (b12 & 1 ? 1 : 0) +
                (b13 & 0x80 ? 2 : 0) +
                (b13 & 0x40 ? 4 : 0) +
                (b13 & 0x20 ? 8 : 0) +
                (b13 & 0x10 ? 16 : 0) +
                (b13 & 0x08 ? 32 : 0) +
                (b13 & 0x04 ? 64 : 0) +
                (b13 & 0x02 ? 128 : 0) +
                (b13 & 0x01 ? 256 : 0);
              let at = 20;
              while (at < end) {
                const kind = b[at]!;
                let length = 1;
                if (kind > 1) {
                  length = at + 1 < end ? b[at + 1]! : 0;
                  const fixed = FIXED_LENGTH[kind]!;
                  const bad =
                    length < 2 ||
                    at + length > end ||
                    (fixed !== 0 && length !== fixed) ||
                    (kind === 5 && (length - 2) % 8 !== 0);
                  if (bad) length = end - at;
                }
                s += kind + at + length;
                at = kind === 0 ? end : at + length;
              }
            }
          }
          sink += s;
        },
        opts(OP.viewBaseline, PASSES.view),
      );
      bench(
        OP.viewIterator,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.view; p++) {
            for (let i = 0; i < INPUTS; i++) {
              const v = TcpView.from(inputs[i]!);
              const f = v.flags;
              s +=
                v.srcPort +
                v.dstPort +
                v.seq +
                v.ack +
                v.dataOffset +
                v.reserved +
                v.window +
                v.checksum +
                v.urgentPointer +
                (f.ns ? 1 : 0) +
                (f.cwr ? 2 : 0) +
                (f.ece ? 4 : 0) +
                (f.urg ? 8 : 0) +
                (f.ack ? 16 : 0) +
                (f.psh ? 32 : 0) +
                (f.rst ? 64 : 0) +
                (f.syn ? 128 : 0) +
                (f.fin ? 256 : 0);
              for (const entry of v.options()) s += entry.code + entry.offset + entry.length;
            }
          }
          sink += s;
        },
        opts(OP.viewIterator, PASSES.view),
      );
      bench(
        OP.encode,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.encode; p++) {
            for (let i = 0; i < INPUTS; i++) s += encodeInto(headers[i]!, target, 0);
          }
          sink += s;
        },
        opts(OP.encode, PASSES.encode),
      );
      bench(
        OP.encodeBaseline,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.encode; p++) {
            for (let i = 0; i < INPUTS; i++) s += baselineEncodeInto(baselineHeaders[i]!, target, 0);
          }
          sink += s;
        },
        opts(OP.encodeBaseline, PASSES.encode),
      );
      bench(
        OP.field,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.field; p++) {
            for (let i = 0; i < INPUTS; i++) s += views[i]!.window;
          }
          sink += s;
        },
        opts(OP.field, PASSES.field),
      );
      bench(
        OP.fieldBaseline,
        () => {
          let s = 0;
          for (let p = 0; p < PASSES.field; p++) {
            for (let i = 0; i < INPUTS; i++) s += baselineWindow(inputs[i]!, 0);
          }
          sink += s;
        },
        opts(OP.fieldBaseline, PASSES.field),
      );
    });
  }
}

/** Read once so the sums above are live. */
export const benchSink = (): unknown => [sink, lastDecoded];
