// Builds the package the way it is published and installs it where a consumer would find it, in a
// private temporary folder: tsup into <tmp>/stage/dist, `npm pack` (so the `files` list decides what
// ships), and the tarball unpacked into <tmp>/consumer/node_modules/tcp-header. Tests that need the
// built package call this instead of trusting whatever `dist/` happens to hold, and two test files
// building at once never write over each other.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT: string = resolve(import.meta.dirname, '../..');

/** Where a built and installed copy of the package lives. */
export interface BuiltPackage {
  /** The temporary folder holding everything below; remove it with {@link removeBuiltPackage}. */
  root: string;
  /** A consumer project folder whose `node_modules/tcp-header` is the unpacked tarball. */
  consumerDir: string;
  /** `<consumerDir>/node_modules/tcp-header`. */
  packageDir: string;
}

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Builds, packs and unpacks the package into a fresh temporary folder. Takes a few seconds. */
export function buildPackage(): BuiltPackage {
  const root = mkdtempSync(join(tmpdir(), 'tcp-header-pkg-'));
  const stageDir = join(root, 'stage');
  const consumerDir = join(root, 'consumer');
  const packageDir = join(consumerDir, 'node_modules', 'tcp-header');
  mkdirSync(stageDir);
  mkdirSync(packageDir, { recursive: true });
  run(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsup'),
    ['--out-dir', join(stageDir, 'dist'), '--silent'],
    REPO_ROOT,
  );
  for (const file of ['package.json', 'README.md', 'LICENSE']) {
    copyFileSync(join(REPO_ROOT, file), join(stageDir, file));
  }
  // The other folders package.json ships (the subpath folders for resolvers without `exports`).
  const { files } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const folder of files.filter((name) => name !== 'dist')) {
    cpSync(join(REPO_ROOT, folder), join(stageDir, folder), { recursive: true });
  }
  run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', root], stageDir);
  const tarball = readdirSync(root).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${root}`);
  run('tar', ['-xzf', join(root, tarball), '-C', packageDir, '--strip-components=1'], root);
  return { root, consumerDir, packageDir };
}

/** Deletes the temporary folder of a {@link buildPackage} result. */
export function removeBuiltPackage(built: BuiltPackage): void {
  rmSync(built.root, { recursive: true, force: true });
}
