/**
 * The library as it is published, for the benchmark to measure: `src/index.ts` bundled by tsup as
 * tsup.config.ts builds the package's main entry (ES2022, platform neutral), ESM only, into a folder
 * of its own under `node_modules/.cache`; and the hand-written baselines built the same way.
 *
 * Why not import `src/` directly: vitest runs source files through its module runner, which turns
 * every cross-module reference (each `TCP_FIELD.X`, each imported helper) into a getter call on a
 * module object. Users of the package run one bundled file where those are plain local bindings, and
 * files under `node_modules` are loaded by Node itself, so this measures what users get. The
 * baselines take the same path, so that the two sides of each ratio are compiled and loaded alike.
 */
import { rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'tsup';

const root = fileURLToPath(new URL('..', import.meta.url));
// One folder per process, so that two runs at once do not overwrite each other's build.
const outDir = fileURLToPath(
  new URL(`../node_modules/.cache/tcp-header-bench/${process.pid}`, import.meta.url),
);

/** The public entry's exports and the baselines, from a fresh build. */
export interface Built {
  library: typeof import('../src/index.ts');
  baselines: typeof import('./baselines.ts');
}

/**
 * Bundles `entries` (name -> path from the repository root) as tsup.config.ts builds the package
 * (ES2022, platform neutral, ESM), into this process's own folder, and imports each; the folder is
 * removed afterwards. Every benchmark loads its code through this, so all are measured alike.
 *
 * @param entries - the modules to build, by output name
 * @returns each module's exports, by the same name
 */
export async function buildModules(entries: Record<string, string>): Promise<Record<string, unknown>> {
  const entry = Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, `${root}${path}`]));
  await build({
    config: false,
    entry,
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    treeshake: true,
    outDir,
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
  });
  try {
    const modules: Record<string, unknown> = {};
    for (const name of Object.keys(entries)) {
      modules[name] = await import(pathToFileURL(`${outDir}/${name}.js`).href);
    }
    return modules;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/**
 * Builds the published entry, and the baselines the same way so that both sides run as plain
 * modules, and imports them.
 *
 * @returns both modules' exports
 */
export async function loadBuilt(): Promise<Built> {
  const modules = await buildModules({ index: 'src/index.ts', baselines: 'bench/baselines.ts' });
  return {
    library: modules['index'] as Built['library'],
    baselines: modules['baselines'] as Built['baselines'],
  };
}
