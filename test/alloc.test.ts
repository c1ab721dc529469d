// encodeInto allocates nothing, and neither does reading a TcpView's fields (docs/rules.md E8): checked
// by heap growth, not by time. The library is bundled to a temporary folder and run in a child
// `node --expose-gc` whose young generation is large enough that no garbage collection runs during a
// measured loop; any allocation then shows as growth of the used heap. `encode` and `decode`, which
// must allocate, are measured the same way, so the check is known to see allocations.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const CALLS = 200_000;

/** The child: warm each loop up, collect garbage, then measure the used heap around a loop of CALLS calls. */
const CHILD = `
import { decode, encode, encodeInto, TcpView } from './index.js';
const hex = (t) => Uint8Array.from(t.match(/../g), (h) => parseInt(h, 16));
// The benchmark's workload (bench/codec.bench.ts): a bare ACK, a Linux SYN, ACK + timestamps,
// ACK + timestamps + 3 SACK blocks.
const segments = [
  '83f3003523fec80d79d249145010faf0f5aa0000',
  'a6f500b38afa6c3200000000a002721098710000020405b40402080a27ca70da0000000001030309',
  '040200508effb39aca552c0980100750f0f100000101080a000464d2404d8b59',
  '040200508effb39aca552c09f0100750f0f100000101080a000464d2404d8b590101051aca553209ca5537b1ca553d59ca554301ca554801ca554da9',
].map(hex);
const headers = segments.map((s) => decode(s));
// Every other option kind, built by hand: their checks build a field's name only for an error.
const others = [
  [{ kind: 'md5', digest: new Uint8Array(16) }, { kind: 'userTimeout', minutes: true, timeout: 5 }],
  [{ kind: 'authentication', keyId: 1, rNextKeyId: 2, mac: new Uint8Array(4) }, { kind: 'raw', bytes: Uint8Array.of(1) }],
  [{ kind: 'multipath', subtype: 2, data: Uint8Array.of(0x20, 1) }, { kind: 'fastOpen', cookie: new Uint8Array(8) }],
  [{ kind: 'accEcn', order: 1, counters: [1, 2, 3] }, { kind: 'experimental', code: 253, exid: 7, data: Uint8Array.of(1) },
   { kind: 'unknown', code: 99, data: Uint8Array.of(1) }, { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }],
].map((options) => ({ srcPort: 1, dstPort: 2, options }));
const views = segments.map((s) => TcpView.from(s));
const target = new Uint8Array(64);
let sink = 0;
let kept;
// Each loop keeps its sum in a local, so the harness itself boxes no numbers.
const loops = {
  encodeInto: (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += encodeInto(headers[i & 3], target, i & 3);
    sink += s;
  },
  encodeIntoOtherKinds: (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += encodeInto(others[i & 3], target, i & 3);
    sink += s;
  },
  viewFields: (n) => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const v = views[i & 3];
      const f = v.flags;
      s += v.srcPort + v.dstPort + v.seq + v.ack + v.dataOffset + v.reserved + v.flagBits + v.window +
        v.checksum + v.urgentPointer + v.headerLength + (f.ns ? 1 : 0) + (f.cwr ? 1 : 0) + (f.ece ? 1 : 0) +
        (f.urg ? 1 : 0) + (f.ack ? 1 : 0) + (f.psh ? 1 : 0) + (f.rst ? 1 : 0) + (f.syn ? 1 : 0) + (f.fin ? 1 : 0);
    }
    sink += s > 0 ? 1 : 0;
  },
  encode: (n) => {
    for (let i = 0; i < n; i++) kept = encode(headers[i & 3]);
  },
  decode: (n) => {
    for (let i = 0; i < n; i++) kept = decode(segments[i & 3]);
  },
};
const growth = {};
for (const [name, loop] of Object.entries(loops)) {
  for (let k = 0; k < 20; k++) loop(5000);
  // Let concurrent compilation finish before measuring.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (let k = 0; k < 20; k++) loop(5000);
  // The smallest of three rounds: on a busy machine a round can run before the optimised code is
  // installed, and unoptimised code boxes 32-bit numbers; the claim is about the steady state.
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    globalThis.gc();
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    loop(${CALLS});
    least = Math.min(least, process.memoryUsage().heapUsed - before);
  }
  growth[name] = least;
}
process.stdout.write(JSON.stringify({ growth, sink: sink > 0, kept: kept !== undefined }));
`;

let folder = '';
let result: {
  growth: {
    encodeInto: number;
    encodeIntoOtherKinds: number;
    viewFields: number;
    encode: number;
    decode: number;
  };
  sink: boolean;
  kept: boolean;
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tcp-header-alloc-'));
  await build({
    config: false,
    entry: { index: join(root, 'src/index.ts') },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    outDir: folder,
    dts: false,
    sourcemap: false,
    silent: true,
  });
  writeFileSync(join(folder, 'package.json'), '{"type":"module"}');
  writeFileSync(join(folder, 'child.js'), CHILD);
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--min-semi-space-size=64', '--max-semi-space-size=64', join(folder, 'child.js')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  result = JSON.parse(out);
}, 180_000);

afterAll(() => {
  if (folder !== '') rmSync(folder, { recursive: true, force: true });
});

describe(`heap growth over ${CALLS} calls, in a child node --expose-gc`, () => {
  test('the loops ran and used their results', () => {
    expect(result.sink).toBe(true);
    expect(result.kept).toBe(true);
  });

  test('encode and decode, which allocate, grow the heap by at least 16 bytes a call', () => {
    // A Uint8Array or a header object takes well over 16 bytes: the measurement sees allocations.
    expect(result.growth.encode).toBeGreaterThan(16 * CALLS);
    expect(result.growth.decode).toBeGreaterThan(16 * CALLS);
  });

  test('encodeInto allocates nothing', () => {
    // Under 1 byte a call: one 16-byte object in every 16 calls would already exceed it.
    expect(result.growth.encodeInto).toBeLessThan(CALLS);
  });

  test('encodeInto allocates nothing for the other option kinds either', () => {
    expect(result.growth.encodeIntoOtherKinds).toBeLessThan(CALLS);
  });

  test('reading every field and flag of a TcpView allocates nothing', () => {
    expect(result.growth.viewFields).toBeLessThan(CALLS);
  });
});
