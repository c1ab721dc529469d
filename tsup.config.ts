import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      arbitraries: 'src/arbitraries/index.ts',
      capture: 'src/capture/index.ts',
    },
    format: ['esm', 'cjs'],
    target: 'es2022',
    platform: 'neutral',
    // tsup 8.5 sets `baseUrl` in its declaration worker, which TypeScript 6 reports as deprecated.
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    sourcemap: true,
    // Both builds write to dist/ at once: this one cleans it but leaves the CLI's files alone.
    clean: ['!cli.js', '!cli.js.map'],
    treeshake: true,
    splitting: false,
    minify: false,
  },
  {
    // The `tcp-header` command: one ESM file for Node, run through its shebang.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    target: 'node18',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: true,
    clean: false,
    treeshake: true,
    splitting: false,
    minify: false,
  },
]);
