import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    arbitraries: 'src/arbitraries.ts',
  },
  format: ['esm', 'cjs'],
  target: 'es2020',
  platform: 'neutral',
  // tsup 8.5 sets `baseUrl` in its declaration worker, which TypeScript 6 reports as deprecated.
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  treeshake: true,
  splitting: false,
  minify: false,
});
