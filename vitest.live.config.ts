import { defineConfig } from 'vitest/config';

/** `npm run test:live`: the loopback capture test, which needs tcpdump and the right to capture. */
export default defineConfig({
  test: {
    include: ['test/live/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
