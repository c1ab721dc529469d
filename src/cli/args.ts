/**
 * The command line of `tcp-header`, read with Node's `util.parseArgs`.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** What the command line asks for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'decode'; hex: string[]; json: boolean }
  | { kind: 'pcap'; file: string; relative: boolean; verify: boolean };

/** The help text. */
export const USAGE: string = `Usage:
  tcp-header decode [--json] HEX...
      Decode a TCP segment given in hex (the arguments are joined; spaces and colons inside an
      argument are ignored): the tcpdump-style line, then every field. --json prints the header
      as JSON, byte fields as hex.
  tcp-header pcap [--relative] [--verify] FILE
      Print one line per TCP segment in a pcap or pcapng file (FILE - reads standard input), as
      tcpdump -nn -S -t prints it. --relative: relative sequence numbers (as tcpdump -nn -t).
      --verify: the checksum text tcpdump -v adds, "cksum 0x1234 (correct)".
  tcp-header --help | --version

Exit status: 0 on success, 1 for bad input (what could be read is printed first), 2 for a bad
command line.`;

/**
 * Reads the arguments after `node cli.js`.
 *
 * @param argv - `process.argv.slice(2)`
 * @returns the command to run
 * @throws {@link UsageError} for an unknown command or option, or a missing or extra argument
 */
export function parseCommand(argv: readonly string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { kind: 'help' };
  if (name === '--version' || name === '-V') return { kind: 'version' };
  if (name === 'decode') {
    const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('decode needs the segment in hex');
    const { json } = values as { json?: boolean };
    return { kind: 'decode', hex: positionals, json: json === true };
  }
  if (name === 'pcap') {
    const { values, positionals } = parse(rest, {
      relative: { type: 'boolean' },
      verify: { type: 'boolean' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('pcap needs a capture file');
    if (extra.length > 0) throw new UsageError(`pcap takes one file, got ${positionals.length}`);
    const { relative, verify } = values as { relative?: boolean; verify?: boolean };
    return { kind: 'pcap', file, relative: relative === true, verify: verify === true };
  }
  throw new UsageError(`unknown command ${JSON.stringify(name)}`);
}

function parse(
  args: string[],
  options: Record<string, { type: 'boolean' }>,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    // A lone "-" is a file name (standard input), which parseArgs keeps as a positional.
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
