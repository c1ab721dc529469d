// The tcp-header command, run as a child process (built from src/cli by esbuild before the tests):
// its lines for every corpus capture against tcpdump's, and what it does with bad input.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSupportedLinkType, readCapture } from '../../src/capture/index.ts';
import {
  concat,
  enhancedPacket,
  interfaceDescription,
  pcapHeader,
  pcapRecord,
  RAW_SYN,
  sectionHeader,
} from '../capture/build.ts';
import {
  CORPUS,
  captures,
  tcpdumpRecords,
  tcpText,
  tunnelled,
  upToLength,
  vectorsBySource,
  verboseTcpText,
} from '../capture/tcpdump-text.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'node_modules', '.cache', 'tcp-header-cli-test', 'cli.mjs');
let scratch = '';

beforeAll(async () => {
  mkdirSync(join(CLI, '..'), { recursive: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    outfile: CLI,
    logLevel: 'silent',
  });
  scratch = mkdtempSync(join(tmpdir(), 'tcp-header-cli-'));
}, 60_000);

afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], input?: Uint8Array): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        code: code ?? -1,
        stdout: Buffer.concat(out).toString('latin1'),
        stderr: Buffer.concat(err).toString(),
      });
    });
    child.stdin.end(input);
  });
}

const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** A failed run: what was printed, then one line on standard error, no stack trace. */
function expectFailure(result: Run, code = 1): void {
  expect(result.code).toBe(code);
  expect(lines(result.stderr)).toHaveLength(1);
  expect(result.stderr).toMatch(/^tcp-header: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function file(name: string, bytes: Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, bytes);
  return path;
}

/**
 * Differences from tcpdump the comparison accepts, by capture and frame, each with its reason.
 * There are none: every directly carried segment prints as tcpdump printed it.
 */
const KNOWN_DIFFERENCES: ReadonlyMap<string, string> = new Map();

type Mode = 'plain' | 'relative' | 'verify';
const MODES: Record<Mode, { args: string[]; output: string }> = {
  plain: { args: [], output: 'tcpdump-out' },
  relative: { args: ['--relative'], output: 'tcpdump-out-relative' },
  verify: { args: ['--verify'], output: 'tcpdump-out-verbose' },
};

describe.each(['plain', 'relative', 'verify'] as const)('tcp-header pcap, %s, against tcpdump', (mode) => {
  it('prints tcpdump’s line for every TCP segment carried directly in IPv4 or IPv6 in the corpus', async () => {
    const files = captures(CORPUS, ['pcap', 'scapy']);
    let compared = 0;
    let differences = 0;
    const queue = [...files];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const [folder, name] = next;
        const path = join(CORPUS, folder, name);
        const result = await run(['pcap', ...MODES[mode].args, path]);
        // Rule: a capture of a link type the reader does not walk is refused, with one line.
        const linkTypes = new Set([...readCapture(readFileSync(path))].map((f) => f.linkType));
        if (![...linkTypes].every(isSupportedLinkType)) {
          expectFailure(result);
          continue;
        }
        expect(result.code, `${name}: ${result.stderr}`).toBe(0);
        expect(result.stderr).toBe('');
        const records = tcpdumpRecords(CORPUS, MODES[mode].output, name);
        const plain = tcpdumpRecords(CORPUS, 'tcpdump-out', name);
        // Rule: tunnelled TCP (Geneve, VXLAN, MPLS, GRE: tcpdump names the tunnel) is not walked.
        const frames = (vectorsBySource().get(`${folder}/${name}`) ?? [])
          .map((v) => v.frame)
          .filter((frame) => !tunnelled(plain[frame - 1]?.[0] ?? ''));
        const ours = lines(result.stdout);
        expect(ours.length, name).toBe(frames.length);
        frames.forEach((frame, i) => {
          const record = records[frame - 1] ?? [''];
          const expected = upToLength(mode === 'verify' ? verboseTcpText(record) : record[0]!);
          const actual = upToLength(mode === 'verify' ? tcpText(ours[i]!) : ours[i]!);
          if (actual === expected) compared++;
          else if (KNOWN_DIFFERENCES.has(`${name}#${frame}`)) differences++;
          else expect(actual, `${name} frame ${frame}`).toBe(expected);
        });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    expect(differences).toBe(KNOWN_DIFFERENCES.size);
    expect(compared).toBeGreaterThan(2000);
  }, 600_000);
});

describe('tcp-header pcap on bad input: the output so far, one line on stderr, exit 1', () => {
  const ssh = readFileSync(join(CORPUS, 'pcap', 'ssh.pcap'));
  /** tcpdump's lines for the first frames of ssh.pcap, every one of them TCP. */
  const sshLines = tcpdumpRecords(CORPUS, 'tcpdump-out', 'ssh.pcap').map(([line]) => upToLength(line!));
  /** Byte offset of the record after the first `count` records of ssh.pcap. */
  const sshRecordEnd = (count: number): number => {
    let at = 24;
    for (let i = 0; i < count; i++) at += 16 + ssh.readUInt32LE(at + 8);
    return at;
  };

  it('an empty file', async () => {
    const result = await run(['pcap', file('empty.pcap', new Uint8Array(0))]);
    expectFailure(result);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('empty');
  });

  it('a file with the wrong magic number', async () => {
    const result = await run(['pcap', file('text.pcap', new TextEncoder().encode('not a capture\n'))]);
    expectFailure(result);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('not a pcap or pcapng file');
  });

  it('a truncated record', async () => {
    const cut = sshRecordEnd(5) + 30;
    const result = await run(['pcap', file('cut.pcap', ssh.subarray(0, cut))]);
    expectFailure(result);
    expect(lines(result.stdout).map(upToLength)).toEqual(sshLines.slice(0, 5));
    expect(result.stderr).toContain('ends inside');
  });

  it('a record length over 262144', async () => {
    const head = ssh.subarray(0, sshRecordEnd(3));
    const huge = pcapRecord(new Uint8Array(0), { captured: 262145 });
    const result = await run(['pcap', file('huge.pcap', concat(head, huge, new Uint8Array(64)))]);
    expectFailure(result);
    expect(lines(result.stdout).map(upToLength)).toEqual(sshLines.slice(0, 3));
    expect(result.stderr).toContain('262145');
  });

  it('one connection past --max-connections with --relative', async () => {
    // Two ACK segments (raw IP) of two address/port pairs: 192.0.2.1:40000 and :40001 > 198.51.100.2:80.
    const ack = (port: number) =>
      Uint8Array.from(
        Buffer.from(
          `450000280001400040060000c0000201c6336402${port.toString(16)}0050000003e9000000015010200000000000`,
          'hex',
        ),
      );
    const capture = file('two.pcap', concat(pcapHeader(101), pcapRecord(ack(40000)), pcapRecord(ack(40001))));
    const result = await run(['pcap', '--relative', '--max-connections', '1', capture]);
    expectFailure(result);
    // tcpdump 4.99.3 -nn -t prints the first segment of a pair with its numbers as they are.
    expect(lines(result.stdout)).toEqual([
      'IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [.], ack 1, win 8192, length 0',
    ]);
    expect(result.stderr).toContain('frame 2 opens one connection more than --max-connections 1 allows');
    expect((await run(['pcap', '--relative', '--max-connections', '2', capture])).code).toBe(0);
  });

  it('an unknown link type', async () => {
    const capture = concat(
      sectionHeader(true),
      interfaceDescription(101, true),
      interfaceDescription(147, true),
      enhancedPacket(0, RAW_SYN, true),
      enhancedPacket(1, RAW_SYN, true),
    );
    const result = await run(['pcap', file('user.pcapng', capture)]);
    expectFailure(result);
    // The raw-IP SYN from 192.0.2.1:40000 to 198.51.100.2:80, spelled out in test/capture/build.ts.
    expect(lines(result.stdout)).toEqual([
      'IP 192.0.2.1.40000 > 198.51.100.2.80: Flags [S], seq 1000, win 8192, length 0',
    ]);
    expect(result.stderr).toContain('link type 147');
  });

  it('a file that does not exist', async () => {
    const result = await run(['pcap', join(scratch, 'missing.pcap')]);
    expectFailure(result);
    expect(result.stderr).toContain('missing.pcap');
  });
});

describe('tcp-header pcap', () => {
  it('reads standard input for "-"', async () => {
    const ssh = readFileSync(join(CORPUS, 'pcap', 'ssh.pcap'));
    const fromFile = await run(['pcap', join(CORPUS, 'pcap', 'ssh.pcap')]);
    const fromStdin = await run(['pcap', '-'], ssh);
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
    expect(lines(fromFile.stdout).length).toBeGreaterThan(10);
  });

  it('stops quietly when its reader goes away', async () => {
    const block = concat(...Array.from({ length: 1000 }, () => pcapRecord(RAW_SYN)));
    const path = file('many.pcap', concat(pcapHeader(101), ...Array.from({ length: 200 }, () => block)));
    const result = await new Promise<Run>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'pcap', path], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
      });
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code: code ?? -1, stdout: '', stderr }));
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  it('keeps its heap small on a capture of 40 MB', async () => {
    const records = Array.from({ length: 1000 }, () => pcapRecord(RAW_SYN));
    const block = concat(...records);
    const path = join(scratch, 'large.pcap');
    writeFileSync(path, concat(pcapHeader(101), ...Array.from({ length: 700 }, () => block)));
    const exec = promisify(execFile);
    // A 24 MB heap cannot hold the file, its frames or its 700 000 lines (about 60 MB of text).
    const { stderr } = await exec(process.execPath, ['--max-old-space-size=24', CLI, 'pcap', path], {
      maxBuffer: 128 * 1024 * 1024,
    });
    expect(stderr).toBe('');
  }, 120_000);
});

describe('tcp-header decode', () => {
  const vector = vectorsBySource()
    .get('pcap/ssh.pcap')!
    .find((v) => v.frame === 1)!;
  const tcpdumpLine = tcpdumpRecords(CORPUS, 'tcpdump-out', 'ssh.pcap')[0]![0]!;

  it('prints tcpdump’s text from the ports on, then every field', async () => {
    const result = await run(['decode', vector.segmentHex]);
    expect(result.code).toBe(0);
    const [line, ...fields] = lines(result.stdout);
    // tcpdump: "IP 202.108.87.165.62146 > 223.132.53.222.22: Flags [S], ..."; decode has no addresses.
    expect(line).toBe(tcpdumpLine.replace(/^IP \S+\.(\d+) > \S+\.(\d+):/, '$1 > $2:'));
    const table = new Map(fields.map((f) => [f.slice(0, 23).trim(), f.slice(23)]));
    // tshark's values for this segment (test/fixtures/corpus/vectors/tcpdump-tests.jsonl, ssh.pcap#1).
    expect(table.get('source port')).toBe('62146');
    expect(table.get('destination port')).toBe('22');
    expect(table.get('sequence number')).toBe('4082233688');
    expect(table.get('data offset')).toBe('11 (44 bytes)');
    expect(table.get('flags')).toBe('syn');
    expect(table.get('window')).toBe('65535');
    expect(table.get('checksum')).toBe('0xec12');
    expect(fields.some((f) => f.includes('timestamps tsVal 1948436430 tsEcr 0'))).toBe(true);
  });

  it('--json prints the header alone, byte fields in hex', async () => {
    const result = await run(['decode', '--json', vector.segmentHex]);
    expect(result.code).toBe(0);
    const header = JSON.parse(result.stdout) as { checksum: unknown; padding: unknown };
    expect(header).toMatchObject({
      srcPort: 62146,
      dstPort: 22,
      seq: 4082233688,
      ack: 0,
      dataOffset: 11,
      window: 65535,
    });
    // tshark's checksum, and the byte after the EOL option (vector field optionsAfterEolHex).
    expect(header.checksum).toBe(0xec12);
    expect(header.padding).toBe('00');
  });

  it('joins its arguments and ignores spaces and colons inside them', async () => {
    const hex = vector.segmentHex;
    const split = [
      hex.slice(0, 8),
      `${hex.slice(8, 12)} ${hex.slice(12, 20)}`,
      hex.slice(20).replace(/(..)(?=.)/g, '$1:'),
    ];
    const joined = await run(['decode', hex]);
    const parts = await run(['decode', ...split]);
    expect(parts.stdout).toBe(joined.stdout);
  });

  it('bad hex: nothing printed, one line on stderr, exit 1', async () => {
    const result = await run(['decode', '0050zz']);
    expectFailure(result);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('not hex');
  });

  it('odd-length hex: nothing printed, one line on stderr, exit 1', async () => {
    const result = await run(['decode', '005']);
    expectFailure(result);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('odd number of hex digits');
  });

  it('a header the bytes cannot hold: what could be read, then one line, exit 1', async () => {
    // 20-byte header whose data offset (6) claims 24 bytes: tcpdump's text, the fields, then the error.
    const result = await run(['decode', '0050138800000001000000006002200000000000']);
    expectFailure(result);
    expect(lines(result.stdout)[0]).toMatch(/^80 > 5000: Flags \[S\]/);
    expect(result.stdout).toContain('data offset');
    expect(result.stderr).toContain('TRUNCATED');
  });
});

describe('the command line', () => {
  it('--help prints the usage', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:/);
  });

  it('--version prints the package version', async () => {
    const result = await run(['--version']);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(result.stdout.trim()).toBe(manifest.version);
  });

  it.each([
    [['frobnicate']],
    [['pcap', '--bogus', 'x.pcap']],
    [['pcap']],
    [['decode']],
    [['pcap', 'a', 'b']],
    [['pcap', '--relative', '--max-connections', '0', 'x.pcap']],
    [['pcap', '--relative', '--max-connections', '1.5', 'x.pcap']],
    [['pcap', '--relative', '--max-connections', '1073741825', 'x.pcap']],
  ])('a command line it cannot run, %j: one line, exit 2', async (args) => {
    const result = await run(args);
    expectFailure(result, 2);
    expect(result.stdout).toBe('');
  });
});
