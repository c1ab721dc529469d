/**
 * A decoded header as text for people (one field a line) and as JSON (byte fields as hex).
 *
 * @module
 */
import { TCP_FLAG_NAMES } from '../constants.ts';
import type { TcpHeader } from '../header.ts';
import type { TcpOption } from '../options.ts';

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** An option's fields after its kind, `name value` each; byte fields in hex, SACK blocks as left-right. */
function optionText(option: TcpOption): string {
  let text = option.kind;
  for (const [name, value] of Object.entries(option)) {
    if (name === 'kind') continue;
    text += ` ${name} ${valueText(value)}`;
  }
  return text;
}

function valueText(value: unknown): string {
  if (value instanceof Uint8Array) return value.length === 0 ? '(empty)' : hex(value);
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        typeof item === 'object' && item !== null && 'left' in item && 'right' in item
          ? `${item.left}-${item.right}`
          : String(item),
      )
      .join(',');
  }
  return String(value);
}

/**
 * Every field of a header, one per line, names padded to a column.
 *
 * @param header - the decoded header
 * @param payloadLength - bytes after the header
 * @returns the lines
 */
export function fieldLines(header: TcpHeader, payloadLength: number): string[] {
  const setFlags = TCP_FLAG_NAMES.filter((name) => header.flags[name]);
  const rows: [string, string][] = [
    ['source port', String(header.srcPort)],
    ['destination port', String(header.dstPort)],
    ['sequence number', String(header.seq)],
    ['acknowledgment number', String(header.ack)],
    ['data offset', `${header.dataOffset} (${header.dataOffset * 4} bytes)`],
    ['reserved', String(header.reserved)],
    ['flags', setFlags.length === 0 ? 'none' : setFlags.join(' ')],
    ['window', String(header.window)],
    ['checksum', `0x${header.checksum.toString(16).padStart(4, '0')}`],
    ['urgent pointer', String(header.urgentPointer)],
  ];
  if (header.options.length === 0) rows.push(['options', 'none']);
  header.options.forEach((option, i) => {
    rows.push([i === 0 ? 'options' : '', optionText(option)]);
  });
  if (header.padding.length > 0) rows.push(['padding', hex(header.padding)]);
  rows.push(['payload', `${payloadLength} bytes`]);
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, value]) => `${name.padEnd(width)}${value}`);
}

/**
 * The header as JSON, two-space indented, with every byte field (`padding`, option data, cookies,
 * digests) as a hex string.
 *
 * @param header - the decoded header
 * @returns the JSON text
 */
export function headerJson(header: TcpHeader): string {
  return JSON.stringify(
    header,
    (_key, value: unknown) => (value instanceof Uint8Array ? hex(value) : value),
    2,
  );
}
