import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `npm test` runs with --coverage: src/ outside the CLI must stay fully covered.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli/**'],
      reporter: [['text', { skipFull: true }], 'text-summary', 'json-summary'],
      thresholds: { lines: 100, functions: 100, branches: 95 },
      reportOnFailure: true,
    },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.prop.test.ts', 'test/live/**'],
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      {
        test: {
          name: 'prop',
          include: ['test/**/*.prop.test.ts'],
          testTimeout: 600_000,
          // The benchmarks run once, in the unit project.
          benchmark: { include: [] },
        },
      },
    ],
  },
});
