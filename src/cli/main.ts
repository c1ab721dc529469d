/**
 * The `tcp-header` command. Every failure ends as one line on standard error and an exit status:
 * 1 for input it cannot read (after printing what it could), 2 for a command line it cannot run.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommand, USAGE } from './args.ts';
import { runDecode } from './decode.ts';
import { InputError, UsageError } from './errors.ts';
import { LineOutput } from './output.ts';
import { runPcap } from './pcap.ts';
import { Progress } from './progress.ts';

const NAME = 'tcp-header';

/** The package's version, from the nearest package.json named tcp-header above this file. */
function version(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === NAME && manifest.version !== undefined) return manifest.version;
    } catch {
      // No readable package.json here: look further up.
    }
    const parent = dirname(directory);
    if (parent === directory) return 'unknown';
    directory = parent;
  }
}

/** Runs one command line; returns the exit status. */
async function main(argv: readonly string[]): Promise<number> {
  const out = new LineOutput(process.stdout);
  const progress = new Progress(process.stderr);
  try {
    const command = parseCommand(argv);
    switch (command.kind) {
      case 'help':
        out.line(USAGE);
        break;
      case 'version':
        out.line(version());
        break;
      case 'decode':
        runDecode(command.hex, command.json, out);
        break;
      case 'pcap':
        await runPcap(command.file, command, out, progress);
        break;
    }
    await out.flush();
    progress.clear();
    return 0;
  } catch (error) {
    // What was read so far goes out first, then the one line that says why the run stopped.
    await out.flush().catch(() => undefined);
    progress.clear();
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      process.stderr.write(`${NAME}: ${message} (${NAME} --help shows the usage)\n`);
      return 2;
    }
    process.stderr.write(`${NAME}: ${error instanceof InputError ? '' : 'internal error: '}${message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
