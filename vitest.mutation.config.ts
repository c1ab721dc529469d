// The tests Stryker runs against each mutant (stryker.config.json): every unit and property test of
// the library, without the ones that build the package or drive a browser (they test the build and
// the page, not src/, and would build Stryker's instrumented sources) and without the CLI's.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/package/**', 'test/browser/**', 'test/playground/**', 'test/cli/**', 'test/live/**'],
    testTimeout: 600_000,
  },
});
