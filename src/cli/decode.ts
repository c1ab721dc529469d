/**
 * `tcp-header decode HEX...`: a segment from hex to tcpdump's line and every field (or JSON).
 *
 * @module
 */
import { formatTcpSegment } from '../format.ts';
import { decodeLenient } from '../lint.ts';
import { InputError } from './errors.ts';
import { fieldLines, headerJson } from './fields.ts';
import type { LineOutput } from './output.ts';

/**
 * The bytes the hex arguments spell, joined; spaces and colons inside an argument are ignored.
 *
 * @throws {@link InputError} for a character that is not a hex digit, or an odd number of digits
 */
export function hexArguments(args: readonly string[]): Uint8Array {
  let digits = '';
  args.forEach((arg, i) => {
    const cleaned = arg.replace(/[\s:]/g, '');
    const bad = /[^0-9a-fA-F]/.exec(cleaned);
    if (bad !== null) {
      throw new InputError(
        `argument ${i + 1} is not hex: ${JSON.stringify(bad[0])} in ${JSON.stringify(arg)}`,
      );
    }
    digits += cleaned;
  });
  if (digits.length % 2 !== 0) throw new InputError(`odd number of hex digits (${digits.length})`);
  if (digits.length === 0) throw new InputError('no bytes given');
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** tcpdump's text for the segment from the ports on (it has no addresses): `80 > 5000: Flags [S], ...`. */
function segmentLine(bytes: Uint8Array): string {
  const text = formatTcpSegment(bytes);
  if (bytes.length < 4) return text;
  const srcPort = (bytes[0]! << 8) | bytes[1]!;
  const dstPort = (bytes[2]! << 8) | bytes[3]!;
  return `${srcPort} > ${dstPort}: ${text}`;
}

/**
 * Runs `decode`: the line tcpdump would print after the addresses, then the fields and any warnings
 * (or, with `json`, the header as JSON alone); decode errors end it with an {@link InputError} after
 * printing what could be read.
 *
 * @throws {@link InputError} for bad hex or bytes that are not a valid TCP header
 */
export function runDecode(hex: readonly string[], json: boolean, out: LineOutput): void {
  const bytes = hexArguments(hex);
  if (!json) out.line(segmentLine(bytes));
  const { header, problems } = decodeLenient(bytes);
  if (header !== null) {
    const payloadLength = Math.max(0, bytes.length - header.dataOffset * 4);
    if (json) out.line(headerJson(header));
    else for (const row of fieldLines(header, payloadLength)) out.line(row);
  }
  if (!json) {
    for (const problem of problems) {
      if (problem.severity === 'warning') out.line(`warning: ${problem.message} (${problem.code})`);
    }
  }
  const error = problems.find((problem) => problem.severity === 'error');
  if (error !== undefined) throw new InputError(`${error.message} (${error.code})`);
}
