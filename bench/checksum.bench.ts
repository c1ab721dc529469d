/**
 * The checksum benchmark: TCP checksums over segments with a 1460-byte payload (an Ethernet MSS,
 * 20-byte header, 1480 bytes in all), beside a hand-written baseline in the same run: the plain loop
 * over 16-bit words, `(b[i] << 8) | b[i + 1]`, folded at the end (bench/checksum-baseline.ts).
 *
 * Each call covers PASSES passes over INPUTS different segments (50 µs or more of work), so the
 * harness's own cost per call and the clock's step disappear; the clock is the process's CPU time, so other programs on a busy machine do not
 * skew the ratios. At the end the run prints, per task, ns per segment, GB/s and the ratio to the
 * baseline (speed-up: baseline time / task time).
 *
 * Tasks: the baseline; `tcpChecksum` as users call it (pseudo-header given as bytes; WebAssembly SIMD
 * where available); the same over header and payload as two chunks; `verifyTcpChecksum`; and the
 * two loops behind it on their own (`sumWords` with 'js' and 'wasm'), so the fallback's speed is
 * visible too.
 *
 * Run: `npx vitest bench --run bench/checksum.bench.ts`.
 */
import { bench, describe } from 'vitest';
import { buildModules } from './library.ts';

/**
 * `src/checksum.ts` and the baseline bundled as the package is and loaded by Node itself (see
 * bench/library.ts): vitest's module runner turns each cross-module reference into a getter call,
 * which users of the package never pay, so both sides of the ratio are measured as plain modules.
 */
const modules = await buildModules({ checksum: 'src/checksum.ts', baseline: 'bench/checksum-baseline.ts' });
const built = {
  checksum: modules['checksum'] as typeof import('../src/checksum.ts'),
  baseline: modules['baseline'] as typeof import('./checksum-baseline.ts'),
};
const { sumWords, tcpChecksum, verifyTcpChecksum, writeTcpChecksum } = built.checksum;
const { baselineSum } = built.baseline;

const PAYLOAD = 1460;
const SEGMENT = 20 + PAYLOAD;
const INPUTS = 64;
/** Passes over the inputs per call: 50 µs or more of work per call, far above the clock's 1 µs step. */
const PASSES = 4;
const TIME = 1500;
const WARMUP = 300;

/** Milliseconds of CPU time used by this process. */
const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** INPUTS segments of pseudo-random bytes (xorshift), each with a right checksum. */
const pseudo = { src: Uint8Array.of(192, 0, 2, 1), dst: Uint8Array.of(198, 51, 100, 7) };
const segments: Uint8Array[] = [];
let x = 0x9e3779b9;
for (let k = 0; k < INPUTS; k++) {
  const s = new Uint8Array(SEGMENT);
  for (let i = 0; i < SEGMENT; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s[i] = x;
  }
  s[12] = 0x50; // data offset 5
  writeTcpChecksum(s, pseudo);
  segments.push(s);
}
const chunked = segments.map((s) => [s.subarray(0, 20), s.subarray(20)]);

const OP = {
  baseline: 'baseline: 16-bit words',
  checksum: 'tcpChecksum',
  chunks: 'tcpChecksum [header, payload]',
  verify: 'verifyTcpChecksum',
  js: "sumWords 'js' (fallback loop)",
  wasm: "sumWords 'wasm' (SIMD loop)",
} as const;

const medians = new Map<string, number>();
let sink = 0;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function report(): void {
  const base = medians.get(OP.baseline)!;
  const lines = ['', `checksum over ${SEGMENT}-byte segments (${PAYLOAD}-byte payload), medians of this run`];
  for (const name of Object.values(OP)) {
    const ns = medians.get(name)!;
    lines.push(
      `${name.padEnd(34)}${ns.toFixed(1).padStart(9)} ns${(SEGMENT / ns).toFixed(2).padStart(8)} GB/s${(base / ns).toFixed(2).padStart(8)}x baseline`,
    );
  }
  lines.push(`(sink ${sink & 1})`, '');
  console.log(lines.join('\n'));
}

/** Bench options recording the median ns per segment of the task `name`. */
function options(name: string): Parameters<typeof bench>[2] {
  return {
    time: TIME,
    warmupTime: WARMUP,
    now: cpuNow,
    setup(task, mode): void {
      if (task === undefined || mode !== 'run') return;
      task.addEventListener(
        'cycle',
        () => {
          const samples = task.result?.samples ?? [];
          if (samples.length === 0) return;
          medians.set(name, (median(samples) * 1e6) / (INPUTS * PASSES));
          if (medians.size === Object.keys(OP).length) report();
        },
        { once: true },
      );
    },
  };
}

describe(`checksum, ${PAYLOAD}-byte payload`, () => {
  bench(
    OP.baseline,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++) for (let i = 0; i < INPUTS; i++) s += baselineSum(segments[i]!);
      sink += s;
    },
    options(OP.baseline),
  );
  bench(
    OP.checksum,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++)
        for (let i = 0; i < INPUTS; i++) s += tcpChecksum(segments[i]!, pseudo);
      sink += s;
    },
    options(OP.checksum),
  );
  bench(
    OP.chunks,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++) for (let i = 0; i < INPUTS; i++) s += tcpChecksum(chunked[i]!, pseudo);
      sink += s;
    },
    options(OP.chunks),
  );
  bench(
    OP.verify,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++)
        for (let i = 0; i < INPUTS; i++) s += verifyTcpChecksum(segments[i]!, pseudo) ? 1 : 0;
      sink += s;
    },
    options(OP.verify),
  );
  bench(
    OP.js,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++) for (let i = 0; i < INPUTS; i++) s += sumWords(segments[i]!, 'js');
      sink += s;
    },
    options(OP.js),
  );
  bench(
    OP.wasm,
    () => {
      let s = 0;
      for (let p = 0; p < PASSES; p++) for (let i = 0; i < INPUTS; i++) s += sumWords(segments[i]!, 'wasm');
      sink += s;
    },
    options(OP.wasm),
  );
});
