// Mutation testing, module by module (`npm run test:mutation`): StrykerJS mutates one group of
// src/ files at a time and runs that group's own tests against each mutant (MUTATION_TESTS, read by
// vitest.mutation.config.ts). Re-running every test file that happens to call a module, for each of
// its mutants, takes hours on 2 cores; the module's own tests are also the ones that should kill its
// mutants. Each group's report lands in reports/mutation/<group>.json (and .html); at the end the
// score per file and in total is printed from all the group reports present.
//
// Usage: node scripts/mutation.mjs [group...]   run the named groups (default: all), then report
//        node scripts/mutation.mjs --report     only print the table from the reports present
// STRYKER_CONCURRENCY=n sets how many mutants run at once (default: stryker.config.json's), e.g. 1
// when other work shares the machine. MUTATION_EVENTS=dir also writes each mutant's result to dir as
// it is tested (Stryker's event recorder), to read the survivors of a long run before it ends.
// Exits 1 when the total score is below the break threshold of stryker.config.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const reports = `${root}reports/mutation`;

/** Each group: the src/ files it mutates and the tests that run against its mutants. */
const GROUPS = {
  core: {
    mutate: [
      'src/header.ts',
      'src/header/*.ts',
      'src/options.ts',
      'src/options/*.ts',
      'src/bytes.ts',
      'src/lint.ts',
      'src/errors.ts',
      'src/guards.ts',
      'src/problems.ts',
      'src/constants.ts',
    ],
    tests: [
      'test/decode.test.ts',
      'test/encode.test.ts',
      'test/lint/*.test.ts',
      'test/errors.test.ts',
      'test/corpus.test.ts',
      'test/anchors.test.ts',
      'test/laws.prop.test.ts',
      'test/encode-paths.prop.test.ts',
      'test/header/*.test.ts',
      'test/options/*.test.ts',
    ],
  },
  seq: {
    mutate: ['src/seq.ts', 'src/handshake.ts'],
    tests: ['test/seq.test.ts', 'test/seq.prop.test.ts', 'test/handshake.test.ts'],
  },
  checksum: {
    mutate: ['src/checksum.ts', 'src/checksum/**/*.ts', 'src/segment.ts', 'src/address.ts'],
    tests: [
      'test/checksum/**/*.test.ts',
      'test/segment.test.ts',
      'test/address.test.ts',
      'test/address.prop.test.ts',
      'test/anchors-later.test.ts',
      // The formatter prints with the checksum module's fold and address.ts's IPv6 text.
      'test/format/**/*.test.ts',
      'test/capture/tcpdump-lines.test.ts',
    ],
  },
  view: {
    mutate: ['src/view.ts', 'src/view/*.ts'],
    tests: ['test/view/*.test.ts', 'test/options/*.test.ts'],
  },
  format: {
    mutate: ['src/format.ts', 'src/format/**/*.ts'],
    tests: ['test/format/**/*.test.ts', 'test/capture/tcpdump-lines.test.ts'],
  },
  tracker: {
    mutate: ['src/tracker.ts', 'src/tracker/*.ts'],
    tests: ['test/tracker/*.test.ts'],
  },
  capture: {
    mutate: ['src/capture/**/*.ts', '!src/capture/index.ts'],
    tests: ['test/capture/*.test.ts'],
  },
  arbitraries: {
    mutate: ['src/arbitraries/**/*.ts', '!src/arbitraries/index.ts'],
    tests: ['test/arbitraries/*.test.ts'],
  },
};

const base = JSON.parse(readFileSync(`${root}stryker.config.json`, 'utf8'));

function run(name) {
  const group = GROUPS[name];
  if (group === undefined) throw new Error(`no group ${name}; groups: ${Object.keys(GROUPS).join(', ')}`);
  mkdirSync(reports, { recursive: true });
  const config = {
    ...base,
    mutate: group.mutate,
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    thresholds: { ...base.thresholds, break: null },
    ...(process.env.STRYKER_CONCURRENCY ? { concurrency: Number(process.env.STRYKER_CONCURRENCY) } : {}),
    ...(process.env.MUTATION_EVENTS
      ? {
          reporters: [...base.reporters, 'event-recorder'],
          eventReporter: { baseDir: join(process.env.MUTATION_EVENTS, name) },
        }
      : {}),
    // Sandboxes outside the repository, so `biome check .` and editors do not walk into them.
    tempDirName: join(tmpdir(), 'tcp-header-stryker'),
  };
  const configFile = `${reports}/stryker.${name}.json`;
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  console.log(`\n== ${name}: ${group.mutate.join(' ')}`);
  const result = spawnSync('npx', ['stryker', 'run', configFile], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MUTATION_TESTS: group.tests.join(',') },
  });
  if (result.status !== 0) throw new Error(`stryker failed on group ${name} (exit ${result.status})`);
}

/** Mutants that count towards the score, as Stryker counts them. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

function report() {
  const files = new Map();
  for (const name of Object.keys(GROUPS)) {
    const path = `${reports}/${name}.json`;
    if (!existsSync(path)) continue;
    const { files: reported } = JSON.parse(readFileSync(path, 'utf8'));
    for (const [file, { mutants }] of Object.entries(reported)) {
      const counts = { detected: 0, undetected: 0, group: name };
      for (const mutant of mutants) {
        if (DETECTED.has(mutant.status)) counts.detected += 1;
        else if (UNDETECTED.has(mutant.status)) counts.undetected += 1;
      }
      files.set(file.replace(root, ''), counts);
    }
  }
  if (files.size === 0) {
    console.log('no reports in reports/mutation yet');
    return 0;
  }
  let detected = 0;
  let undetected = 0;
  console.log('\nfile                          group        killed  survived  score');
  for (const [file, counts] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    detected += counts.detected;
    undetected += counts.undetected;
    const counted = counts.detected + counts.undetected;
    const score = counted === 0 ? 'n/a' : ((100 * counts.detected) / counted).toFixed(2);
    console.log(
      `${file.padEnd(30)}${counts.group.padEnd(13)}${String(counts.detected).padStart(6)}${String(counts.undetected).padStart(10)}${score.padStart(7)}`,
    );
  }
  const total = (100 * detected) / Math.max(1, detected + undetected);
  console.log(
    `${'total'.padEnd(43)}${String(detected).padStart(6)}${String(undetected).padStart(10)}${total.toFixed(2).padStart(7)}`,
  );
  return total;
}

const args = process.argv.slice(2);
if (!args.includes('--report')) {
  for (const name of args.length > 0 ? args : Object.keys(GROUPS)) run(name);
}
const total = report();
const threshold = base.thresholds?.break;
if (typeof threshold === 'number' && total < threshold) {
  console.error(`mutation score ${total.toFixed(2)} is below ${threshold}`);
  process.exit(1);
}
