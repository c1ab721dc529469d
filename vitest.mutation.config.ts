// The tests Stryker runs against each mutant (stryker.config.json). By default every unit and
// property test of the library, without the ones that build the package (they test the build, not
// src/, and would build Stryker's instrumented sources) and without the CLI's; browser tests are
// *.browser.ts files, which the include leaves out. MUTATION_TESTS (comma-separated globs) narrows
// the run to a module's own tests: scripts/mutation.mjs runs each module with its tests that way, as
// re-running every file that happens to call the module for each of its mutants takes hours on 2 cores.
import { defineConfig } from 'vitest/config';

const { MUTATION_TESTS } = process.env;

export default defineConfig({
  test: {
    include: MUTATION_TESTS ? MUTATION_TESTS.split(',') : ['test/**/*.test.ts'],
    // test/capture/stream-memory.test.ts feeds 128 MB through the stream reader to show flat memory:
    // 20 s a run, too long to repeat for each mutant it covers.
    exclude: ['test/package/**', 'test/cli/**', 'test/live/**', 'test/capture/stream-memory.test.ts'],
    testTimeout: 600_000,
    // Property tests run once per mutant: fewer runs each keep the whole run within reach on 2 cores.
    env: { FUZZ_RUNS: '40' },
  },
});
