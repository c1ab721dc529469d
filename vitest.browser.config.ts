// Tests that drive headless Chromium (`npm run test:browser`): the ESM build in a page with no
// Buffer, and the header playground. They need Debian's `chromium` (or CHROMIUM_PATH), so `npm test`
// leaves them out. Each builds and packs the package into a temporary folder first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'browser',
    include: ['test/**/*.browser.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
