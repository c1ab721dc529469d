/**
 * The fuzz harness (hostile-input issue): damaged captures through every reader, the dissector,
 * the printers, the codec and the tracker; hostile values through the encoders. Runs on the build
 * (`npm run build` first).
 *
 *   npm run fuzz -- [--seconds N] [--seed S] [--save DIR]
 *
 * Each case has its own seed, derived from S and its number, so a finding replays alone. A finding
 * is shrunk (captures: bytes cut away while the same guarantee still breaks) and saved in DIR
 * (default test/fixtures/fuzz/), where test/fuzz/findings.test.ts replays every file; the run then
 * exits 1. It prints the seed first, then cases, frames, segments, peak memory and time.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkCapture, Finding, mutateCapture } from './fuzz/captures.mjs';
import { checkEncoders } from './fuzz/encoders.mjs';
import { randomStream } from './fuzz/random.mjs';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: { seconds: { type: 'string' }, seed: { type: 'string' }, save: { type: 'string' } },
});
const seconds = Number(values.seconds ?? 60);
if (!(seconds > 0)) throw new Error(`--seconds takes a number of seconds above 0, got ${values.seconds}`);
if (values.seed !== undefined && !/^[0-9]{1,10}$/.test(values.seed)) {
  throw new Error(`--seed takes a whole number, got ${values.seed}`);
}
const seed = values.seed === undefined ? (Math.random() * 2 ** 32) >>> 0 : Number(values.seed) >>> 0;
const save = values.save ?? join(root, 'test/fixtures/fuzz');
mkdirSync(save, { recursive: true });
console.log(`fuzz: seed ${seed}, ${seconds} s (replay: npm run fuzz -- --seed ${seed})`);

const lib = {
  ...(await import(join(root, 'dist/index.js'))),
  ...(await import(join(root, 'dist/capture.js'))),
};
const { tcpHeader } = await import(join(root, 'dist/arbitraries.js'));

const corpusDir = join(root, 'test/fixtures/corpus/pcap');
const corpus = readdirSync(corpusDir)
  .sort()
  // Plain copies: a Buffer's slice() is a view, and the mutations would damage the corpus itself.
  .map((name) => new Uint8Array(readFileSync(join(corpusDir, name))));
const headers = fc.sample(tcpHeader(fc), { seed, numRuns: 500 });

/** The seed of case `n`: the run's seed and the case number, mixed. */
const caseSeed = (n) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(n, 0xc2b2ae35)) >>> 0;

/** `bytes` with pieces cut away while `fails` still holds, for at most `ms` milliseconds. */
function shrink(bytes, fails, ms) {
  const deadline = Date.now() + ms;
  let best = bytes;
  for (let size = best.length >> 1; size >= 1 && Date.now() < deadline; size >>= 1) {
    for (let at = 0; at + size <= best.length && Date.now() < deadline; ) {
      const candidate = new Uint8Array(best.length - size);
      candidate.set(best.subarray(0, at));
      candidate.set(best.subarray(at + size), at);
      if (fails(candidate)) best = candidate;
      else at += size;
    }
  }
  return best;
}

/** The finding a capture case makes (null for none), and the frames and segments it saw. */
function captureCase(bytes, checkSeed) {
  try {
    return { finding: null, ...checkCapture(lib, bytes, randomStream(checkSeed)) };
  } catch (error) {
    if (error instanceof Finding) return { finding: error, frames: 0, segments: 0 };
    throw error;
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'fuzz-'));

/**
 * The command on `bytes`: exit 0, or 1 with one line on stderr and no stack trace, within 30 s.
 * A spawn per case is slow, so one case in 1500 takes this too.
 */
function cliFinding(bytes) {
  const file = join(scratch, 'case.pcap');
  writeFileSync(file, bytes);
  const run = spawnSync(
    process.execPath,
    [join(root, 'dist/cli.js'), 'pcap', '--relative', '--verify', file],
    {
      encoding: 'latin1',
      timeout: 30_000,
      maxBuffer: 1 << 28,
    },
  );
  if (run.error !== undefined || run.status === null)
    return new Finding('cli-hang', String(run.error ?? run.signal));
  const stderr = run.stderr.replace(/\n$/, '');
  const tidy =
    run.status === 0
      ? stderr === ''
      : run.status === 1 && /^tcp-header: (?!internal error)[^\n]*$/.test(stderr);
  return tidy ? null : new Finding('cli-exit', `exit ${run.status}: ${stderr.slice(0, 300)}`);
}

const started = Date.now();
let cases = 0;
let frames = 0;
let segments = 0;
let peak = 0;
const findings = [];
while (Date.now() - started < seconds * 1000 && findings.length < 5) {
  const n = cases++;
  const s = caseSeed(n);
  if (n % 3 !== 2) {
    const random = randomStream(s);
    const bytes = mutateCapture(random.pick(corpus), random.pick(corpus), random);
    const checkSeed = s ^ 1;
    const t0 = performance.now();
    const result = captureCase(bytes, checkSeed);
    const ms = performance.now() - t0;
    frames += result.frames;
    segments += result.segments;
    const { finding } = result;
    if (finding !== null) {
      const small = shrink(bytes, (b) => captureCase(b, checkSeed).finding?.kind === finding.kind, 20_000);
      findings.push(saveCapture(finding, small, checkSeed, n));
    } else if (ms > 500 + bytes.length / 50) {
      // Time linear in the input: far more than that is a finding too.
      findings.push(
        saveCapture(
          new Finding('slow', `${ms.toFixed(0)} ms for ${bytes.length} bytes`),
          bytes,
          checkSeed,
          n,
        ),
      );
    } else if (n % 1500 === 0) {
      const cli = cliFinding(bytes);
      if (cli !== null) findings.push(saveCapture(cli, bytes, checkSeed, n));
    }
  } else {
    const header = headers[randomStream(s ^ 2).int(headers.length)];
    try {
      checkEncoders(lib, header, randomStream(s));
    } catch (error) {
      if (!(error instanceof Finding)) throw error;
      findings.push(saveEncoder(error, header, s, n));
    }
  }
  if (n % 256 === 0) {
    peak = Math.max(peak, process.memoryUsage().rss);
    if (peak > 1.5 * 2 ** 30) {
      const finding = new Finding('memory', `${(peak / 2 ** 20).toFixed(0)} MB after case ${n}`);
      console.log(`fuzz: ${finding.message}`);
      findings.push(finding);
      break;
    }
  }
}

function saveCapture(finding, bytes, checkSeed, n) {
  const name = `capture-${finding.kind}-${seed}-${n}-${checkSeed}.bin`;
  writeFileSync(join(save, name), bytes);
  console.log(`fuzz: case ${n}: ${finding.message}; ${bytes.length} bytes saved as ${name}`);
  return finding;
}

function saveEncoder(finding, header, s, n) {
  const file = join(save, 'encoders.json');
  const saved = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  saved.push({
    case: `${seed}-${n}`,
    seed: s,
    header: Buffer.from(lib.encode(header)).toString('hex'),
    finding: finding.message,
  });
  writeFileSync(file, `${JSON.stringify(saved, null, 2)}\n`);
  console.log(`fuzz: case ${n}: ${finding.message}; saved in encoders.json`);
  return finding;
}

rmSync(scratch, { recursive: true, force: true });
const took = (Date.now() - started) / 1000;
console.log(
  `fuzz: ${cases} cases (${Math.ceil((cases * 2) / 3)} captures, ${Math.floor(cases / 3)} encoder), ${frames} frames, ${segments} TCP segments, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB, ${took.toFixed(0)} s, seed ${seed}: ${findings.length} findings`,
);
process.exitCode = findings.length > 0 ? 1 : 0;
