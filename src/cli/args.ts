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
  | { kind: 'pcap'; file: string; relative: boolean; verify: boolean; maxConnections: number };

/** The help text. */
export const USAGE: string = `Usage:
  tcp-header decode [--json] HEX...
      Decode a TCP segment given in hex (the arguments are joined; spaces and colons inside an
      argument are ignored): the tcpdump-style line, then every field. --json prints the header
      as JSON, byte fields as hex.
  tcp-header pcap [--relative [--max-connections N]] [--verify] FILE
      Print one line per TCP segment in a pcap or pcapng file (FILE - reads standard input), as
      tcpdump -nn -S -t prints it. --relative: relative sequence numbers (as tcpdump -nn -t),
      following at most N address/port pairs (default 4194304, about 32 bytes each).
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
      'max-connections': { type: 'string' },
    });
    const [file, ...extra] = positionals;
    if (file === undefined) throw new UsageError('pcap needs a capture file');
    if (extra.length > 0) throw new UsageError(`pcap takes one file, got ${positionals.length}`);
    const { relative, verify } = values as { relative?: boolean; verify?: boolean };
    const maxConnections = readCount(values['max-connections'], '--max-connections');
    return { kind: 'pcap', file, relative: relative === true, verify: verify === true, maxConnections };
  }
  throw new UsageError(`unknown command ${JSON.stringify(name)}`);
}

/** The whole number 1..2^30 an option gives, or the default 4194304 (2^22) when it is absent. */
function readCount(text: unknown, flag: string): number {
  if (text === undefined) return 1 << 22;
  const value = typeof text === 'string' && /^[0-9]{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= 2 ** 30)) {
    throw new UsageError(`${flag} takes a whole number in 1..1073741824, got ${JSON.stringify(text)}`);
  }
  return value;
}

function parse(
  args: string[],
  options: Record<string, { type: 'boolean' | 'string' }>,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    // A lone "-" is a file name (standard input), which parseArgs keeps as a positional.
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
