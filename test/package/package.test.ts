// The package as users get it: built, packed by `npm pack`, unpacked into a consumer's node_modules,
// then imported by name through `import` and through `require` for every entry of the exports map,
// and a consumer TypeScript file type-checked against the shipped `.d.ts` / `.d.cts`.
// Expected values come from the corpus (tcp-handshake-nano.pcap, decoded by tshark, scapy and dpkt).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import tsupConfig from '../../tsup.config.ts';
import { type BuiltPackage, buildPackage, REPO_ROOT, removeBuiltPackage } from './build-package.ts';

interface Vector {
  id: string;
  src: string;
  dst: string;
  segmentHex: string;
  headerLength: number;
  expected: {
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    dataOffset: number;
    window: number;
    checksum: number;
    correctChecksum: number;
    flags: Record<string, boolean>;
  };
}

const HANDSHAKE_PCAP = 'pcap/tcp-handshake-nano.pcap';
const corpus = join(REPO_ROOT, 'test/fixtures/corpus');
const handshake: Vector[] = readFileSync(join(corpus, 'vectors/tcpdump-tests.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.includes(`"source": "${HANDSHAKE_PCAP}"`))
  .map((line) => JSON.parse(line) as Vector);
const syn = handshake[0] as Vector;
const pcapHex = readFileSync(join(corpus, HANDSHAKE_PCAP)).toString('hex');

/**
 * What each entry is asked to do, as the body of an async function of `(entry, main, fixtures)`
 * that runs unchanged under ESM and CJS: `entry` is the entry's namespace, `main` the main entry's.
 * Its JSON-serialisable result is compared with values from the corpus below.
 */
const PROBES: Record<string, string> = {
  '.': `
    const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const bytes = Uint8Array.from(fixtures.synHex.match(/../g), (pair) => parseInt(pair, 16));
    const header = entry.decode(bytes);
    const options = header.options.map((option) => ({ ...option }));
    let error = null;
    try {
      entry.decode(bytes.subarray(0, 19));
    } catch (caught) {
      error = { code: caught.code, isClass: caught instanceof entry.TcpDecodeError, isGuard: entry.isTcpDecodeError(caught) };
    }
    return { header: { ...header, options, padding: hex(header.padding) }, reencoded: hex(entry.encode(header)), error };
  `,
  './capture': `
    const toBytes = (hex) => Uint8Array.from(hex.match(/../g), (pair) => parseInt(pair, 16));
    const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    const segments = [];
    for (const frame of entry.readCapture(toBytes(fixtures.pcapHex))) {
      const tcp = entry.dissectFrame(frame);
      segments.push({ line: entry.tcpdumpLine(tcp), segment: hex(tcp.segment), src: tcp.src, dst: tcp.dst });
    }
    return segments;
  `,
  './arbitraries': `
    const fc = fixtures.fastCheck;
    const headers = fc.sample(entry.tcpHeader(fc), { seed: 42, numRuns: 25 });
    const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return headers.map((header) => {
      const bytes = main.encode(header);
      return hex(main.encode(main.decode(bytes))) === hex(bytes);
    });
  `,
};

/** Checks a probe's result against the corpus; one per entry in PROBES. */
const CHECKS: Record<string, (result: unknown) => void> = {
  '.': (result) => {
    const expected = syn.expected;
    expect(result).toMatchObject({
      header: {
        srcPort: expected.srcPort,
        dstPort: expected.dstPort,
        seq: expected.seq,
        ack: expected.ack,
        dataOffset: expected.dataOffset,
        window: expected.window,
        checksum: expected.checksum,
        flags: expected.flags,
        // tshark: mss 1360, SACK permitted, TS val 1131021154 ecr 0, NOP, window scale 7.
        options: [
          { kind: 'mss', mss: 1360 },
          { kind: 'sackPermitted' },
          { kind: 'timestamps', tsVal: 1131021154, tsEcr: 0 },
          { kind: 'nop' },
          { kind: 'windowScale', shift: 7 },
        ],
        padding: '',
      },
      reencoded: syn.segmentHex.slice(0, syn.headerLength * 2),
      error: { code: 'TRUNCATED', isClass: true, isGuard: true },
    });
  },
  './capture': (result) => {
    const lines = readFileSync(join(corpus, 'tcpdump-out/tcp-handshake-nano.pcap.txt'), 'utf8')
      .trim()
      .split('\n');
    expect(result).toEqual(
      handshake.map((vector, index) => ({
        line: lines[index],
        segment: vector.segmentHex,
        src: vector.src,
        dst: vector.dst,
      })),
    );
  },
  './arbitraries': (result) => {
    expect(result).toEqual(Array.from({ length: 25 }, () => true));
  },
};

function esmScript(specifier: string, probe: string): string {
  return `import * as entry from ${JSON.stringify(specifier)};
import * as main from 'tcp-header';
import * as fastCheck from 'fast-check';
const fixtures = { synHex: ${JSON.stringify(syn.segmentHex)}, pcapHex: ${JSON.stringify(pcapHex)}, fastCheck };
const probe = async (entry, main, fixtures) => {${probe}};
const result = await probe(entry, main, fixtures);
process.stdout.write(JSON.stringify({ names: Object.keys(entry).sort(), result }));
`;
}

function cjsScript(specifier: string, probe: string): string {
  return `'use strict';
const entry = require(${JSON.stringify(specifier)});
const main = require('tcp-header');
const fastCheck = require('fast-check');
const fixtures = { synHex: ${JSON.stringify(syn.segmentHex)}, pcapHex: ${JSON.stringify(pcapHex)}, fastCheck };
const probe = async (entry, main, fixtures) => {${probe}};
probe(entry, main, fixtures).then((result) => {
  process.stdout.write(JSON.stringify({ names: Object.keys(entry).sort(), result }));
});
`;
}

/** The source module behind an entry: its ESM file in the exports map, traced to tsup's entry map. */
function sourceOf(exportsMap: Record<string, unknown>, entry: string): string {
  const target = (exportsMap[entry] as { import: { default: string } }).import.default;
  const name = target.replace(/^\.\/dist\//, '').replace(/\.js$/, '');
  const configs = [tsupConfig].flat() as { entry?: Record<string, string> }[];
  const source = configs.map((config) => config.entry?.[name]).find((found) => found !== undefined);
  if (source === undefined) throw new Error(`tsup.config.ts builds no entry named ${name}`);
  return source;
}

// A consumer written against the public types; compiled with the shipped declarations only.
const CONSUMER_TS = `import * as fc from 'fast-check';
import {
  decode,
  encode,
  encodedLength,
  isTcpDecodeError,
  type TcpDecodeError,
  type TcpHeader,
  type TcpOption,
  tryDecode,
} from 'tcp-header';
import { tcpHeader } from 'tcp-header/arbitraries';
import { type CapturedTcp, dissectFrame, readCapture, tcpdumpLine } from 'tcp-header/capture';

const bytes = new Uint8Array(20);
bytes[12] = 0x50;
const header: TcpHeader = decode(bytes);
const port: number = header.srcPort;
const syn: boolean = header.flags.syn;
const options: TcpOption[] = header.options;
const wire: Uint8Array = encode({ ...header, window: 1024 });
const length: number = encodedLength(header);
const outcome = tryDecode(bytes);
if (outcome.ok) {
  const again: TcpHeader = outcome.header;
  void again;
} else {
  const error: TcpDecodeError = outcome.error;
  const code: string = error.code;
  void code;
}
const caught: unknown = null;
if (isTcpDecodeError(caught)) {
  const offset: number = caught.offset;
  void offset;
}
for (const option of options) {
  if (option.kind === 'mss') {
    const mss: number = option.mss;
    void mss;
  }
}
// @ts-expect-error decode takes bytes, not a hex string
decode('c0a80050');
// @ts-expect-error the field is srcPort
void header.sourcePort;
for (const frame of readCapture(new Uint8Array(24))) {
  const found: CapturedTcp | null = dissectFrame(frame);
  if (found !== null) {
    const line: string = tcpdumpLine(found);
    const again: TcpHeader = decode(found.segment);
    void line;
    void again;
  }
}
fc.assert(
  fc.property(tcpHeader(fc), (generated: TcpHeader) => {
    const roundTrip: TcpHeader = decode(encode(generated));
    return roundTrip.seq === generated.seq;
  }),
);
export { length, port, syn, wire };
`;

const TSCONFIG = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    module: 'Node16',
    moduleResolution: 'Node16',
    target: 'ES2022',
    lib: ['ES2022'],
    types: [],
    noEmit: true,
    skipLibCheck: false,
  },
  files: ['consumer.mts', 'consumer.cts'],
};

/** Runs tsc on `project` in `dir`; returns the files it read, or throws with what it reported. */
function typeCheck(dir: string, project: string): string {
  const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
  try {
    return execFileSync('node', [tsc, '-p', project, '--listFiles'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    const { stdout } = error as { stdout: string };
    throw new Error(`tsc failed on ${project}:\n${stdout}`);
  }
}

describe('the packed package, imported by name', () => {
  let built: BuiltPackage;
  const exportsMap = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).exports as Record<
    string,
    unknown
  >;
  const entries = Object.keys(exportsMap).filter((entry) => entry !== './package.json');

  beforeAll(() => {
    built = buildPackage();
    symlinkSync(
      join(REPO_ROOT, 'node_modules/fast-check'),
      join(built.consumerDir, 'node_modules/fast-check'),
    );
  }, 120_000);
  afterAll(() => {
    if (built !== undefined) removeBuiltPackage(built);
  });

  test('the main entry, the arbitraries and the capture reader are among the entries', () => {
    expect(entries).toEqual(expect.arrayContaining(['.', './arbitraries', './capture']));
  });

  test.each(entries)(
    '%s: import and require give the same exports as the source, and they work',
    async (entry) => {
      const probe = PROBES[entry];
      const check = CHECKS[entry];
      if (probe === undefined || check === undefined) throw new Error(`no probe written for entry ${entry}`);
      const specifier = entry === '.' ? 'tcp-header' : `tcp-header/${entry.slice(2)}`;
      const name = entry === '.' ? 'main' : entry.slice(2);
      writeFileSync(join(built.consumerDir, `${name}.mjs`), esmScript(specifier, probe));
      writeFileSync(join(built.consumerDir, `${name}.cjs`), cjsScript(specifier, probe));
      const viaImport = JSON.parse(
        execFileSync('node', [`${name}.mjs`], { cwd: built.consumerDir, encoding: 'utf8' }),
      );
      const viaRequire = JSON.parse(
        execFileSync('node', [`${name}.cjs`], { cwd: built.consumerDir, encoding: 'utf8' }),
      );

      const source = (await import(join(REPO_ROOT, sourceOf(exportsMap, entry)))) as Record<string, unknown>;
      const sourceNames = Object.keys(source).sort();
      expect(sourceNames.length).toBeGreaterThan(0);
      expect(viaImport.names).toEqual(sourceNames);
      expect(viaRequire.names).toEqual(sourceNames);
      check(viaImport.result);
      check(viaRequire.result);
    },
    60_000,
  );

  test('a consumer type-checks against the shipped declarations, from ESM and from CJS', () => {
    writeFileSync(join(built.consumerDir, 'consumer.mts'), CONSUMER_TS);
    writeFileSync(join(built.consumerDir, 'consumer.cts'), CONSUMER_TS);
    writeFileSync(join(built.consumerDir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    const output = typeCheck(built.consumerDir, 'tsconfig.json');
    // Each side resolved its own declarations: .d.ts for import, .d.cts for require.
    expect(output).toContain('node_modules/tcp-header/dist/index.d.ts');
    expect(output).toContain('node_modules/tcp-header/dist/index.d.cts');
    expect(output).toContain('node_modules/tcp-header/dist/arbitraries.d.ts');
    expect(output).toContain('node_modules/tcp-header/dist/arbitraries.d.cts');
    expect(output).toContain('node_modules/tcp-header/dist/capture.d.ts');
    expect(output).toContain('node_modules/tcp-header/dist/capture.d.cts');
  }, 60_000);

  // Resolvers from before package.json `exports` (Node 10's algorithm, which older bundlers, test
  // runners and TypeScript's `node10` resolution follow) look for a folder named like the subpath.
  test.each(entries.filter((entry) => entry !== '.'))(
    '%s: a resolver that ignores exports finds its folder, whose main is the CJS build',
    (entry) => {
      const name = entry.slice(2);
      const stub = JSON.parse(readFileSync(join(built.packageDir, name, 'package.json'), 'utf8')) as {
        main: string;
        types: string;
      };
      const main = join(built.packageDir, name, stub.main);
      expect(main).toBe(join(built.packageDir, 'dist', `${name}.cjs`));
      expect(existsSync(join(built.packageDir, name, stub.types))).toBe(true);
      // Loaded by path, as such a resolver would: the same exports as the package's own require.
      const script = `const a = require(${JSON.stringify(main)}); const b = require('tcp-header/${name}');
process.stdout.write(JSON.stringify([Object.keys(a).sort(), Object.keys(b).sort()]));`;
      const [byPath, byName] = JSON.parse(
        execFileSync('node', ['-e', script], { cwd: built.consumerDir, encoding: 'utf8' }),
      ) as [string[], string[]];
      expect(byPath.length).toBeGreaterThan(0);
      expect(byPath).toEqual(byName);
    },
  );

  test('a consumer type-checks with node10 module resolution too', () => {
    writeFileSync(
      join(built.consumerDir, 'legacy.ts'),
      `import { decode, type TcpHeader } from 'tcp-header';
import { readCapture } from 'tcp-header/capture';
import { tcpHeader } from 'tcp-header/arbitraries';
const header: TcpHeader = decode(new Uint8Array(20));
export { header, readCapture, tcpHeader };
`,
    );
    writeFileSync(
      join(built.consumerDir, 'tsconfig.legacy.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'CommonJS',
          moduleResolution: 'node10',
          target: 'ES2022',
          lib: ['ES2022'],
          types: [],
          noEmit: true,
          // fast-check's own declarations do not resolve under node10 (pure-rand ships only
          // `exports`); the consumer file itself is still checked against ours.
          skipLibCheck: true,
          ignoreDeprecations: '6.0',
        },
        files: ['legacy.ts'],
      }),
    );
    const output = typeCheck(built.consumerDir, 'tsconfig.legacy.json');
    expect(output).toContain('node_modules/tcp-header/dist/capture.d.cts');
    expect(output).toContain('node_modules/tcp-header/dist/arbitraries.d.cts');
  }, 60_000);
});
