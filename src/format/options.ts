/**
 * tcpdump 4.99's walk over the TCP option area, which is not a TLV walk: each kind it knows has a data
 * length it expects (2 for `mss`, 8 for `TS`, ...), it reads and skips that many bytes whatever the
 * option's length byte says, and prints `[len N]` when the two disagree. So the list it prints for a
 * malformed area can go on inside the previous option's data, and this module re-walks the bytes the
 * same way instead of printing a decoded option list.
 *
 * The rules (print-tcp.c, `tcp_print`): kinds 0 and 1 are one byte; any other kind needs a length byte
 * of at least 2 that fits in what is left of the area, else `[bad opt]` ends the list (`]` is added only
 * after the first option). An option whose fixed data runs past the area is `[bad opt]` too. An option
 * cut by the capture prints ` [|tcp]`. EOL ends the list. What each kind prints is in
 * `format/option-kinds.ts`.
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { u32 } from '../bytes.ts';
import { TCP_OPTION_KIND as KIND } from '../constants.ts';

export type { OptionWalk } from './option-kinds.ts';

import {
  type OptionWalk,
  printOptionData,
  WALK_BAD,
  WALK_LENGTH_CHECK,
  WALK_ON,
  WALK_READ,
} from './option-kinds.ts';
import { decimal } from './text.ts';

/** The length byte of a timestamps option (RFC 7323 §3.2). */
const TIMESTAMPS_OPTION_LENGTH = 10;
/** A header of 20 bytes, NOP, NOP and a timestamps option. */
const TIMESTAMP_LAYOUT_LENGTH = 32;

/**
 * The layout most segments carry (RFC 7323 Appendix A): NOP, NOP, TS, all captured. The walk prints
 * exactly what {@link formatOptionArea} returns for it without walking.
 */
function isTimestampLayout(area: OptionWalk): boolean {
  const { bytes } = area;
  return (
    area.headerLength === TIMESTAMP_LAYOUT_LENGTH &&
    area.captured >= TIMESTAMP_LAYOUT_LENGTH &&
    bytes[20] === KIND.NOP &&
    bytes[21] === KIND.NOP &&
    bytes[22] === KIND.TIMESTAMPS &&
    bytes[23] === TIMESTAMPS_OPTION_LENGTH
  );
}

/**
 * Reads the kind and length bytes at `c.at` and prints the option; then steps over its data and
 * adds `[len N]` when the length byte disagrees with the data tcpdump expected. Returns
 * `WALK_ON` or how the walk stops.
 */
function printOption(c: OptionWalk): number {
  // A byte read outside the option checks: past the capture it is a truncation.
  if (c.at >= c.captured) return WALK_READ;
  const kind = c.bytes[c.at++] ?? 0;
  let length = 1;
  const oneByte = kind === KIND.EOL || kind === KIND.NOP;
  if (!oneByte) {
    if (c.at >= c.captured) return WALK_READ;
    length = c.bytes[c.at++] ?? 0;
    if (length < 2 || length > c.left) return WALK_BAD;
    c.left--;
  }
  c.left--;
  c.kind = kind;
  c.length = length;
  c.data = 0;
  const stop = printOptionData(c);
  if (stop !== WALK_ON) return stop;
  c.at += c.data;
  c.left -= c.data;
  if (c.data + (oneByte ? 1 : 2) !== length) c.text += `[len ${length}]`;
  return WALK_ON;
}

/** Closes the list the way the walk ended, and records the end in `area`. */
function closeList(area: OptionWalk, text: string, stop: number, anyPrinted: boolean): string {
  if (stop === WALK_ON) {
    area.end = 'complete';
    return `${text}]`;
  }
  if (stop === WALK_BAD) {
    area.end = 'bad';
    return anyPrinted ? `${text}[bad opt]]` : `${text}[bad opt]`;
  }
  area.end = 'truncated';
  const marked = `${text} [|${area.protocol}]`;
  // The length checks jump to a label that closes with '>' (a leftover of tcpdump's old `<...>` list).
  return stop === WALK_LENGTH_CHECK && anyPrinted ? `${marked}>` : marked;
}

/**
 * Prints `, options [...]` for the option area of `area` the way tcpdump 4.99 does.
 *
 * @param area - the segment, its capture limit and the values the printers need; the walk sets
 *   its `end` and `protocol`
 * @returns the text
 */
export function formatOptionArea(area: OptionWalk): string {
  if (isTimestampLayout(area)) {
    area.end = 'complete';
    area.protocol = 'tcp';
    const { bytes } = area;
    return `, options [nop,nop,TS val ${decimal(u32(bytes, 24))} ecr ${decimal(u32(bytes, 28))}]`;
  }
  const c = area;
  c.at = 20;
  c.left = area.headerLength - 20;
  c.text = ', options [';
  c.protocol = 'tcp';
  let stop = WALK_ON;
  let anyPrinted = false;
  while (c.left > 0) {
    if (anyPrinted) c.text += ',';
    stop = printOption(c);
    if (stop !== WALK_ON) break;
    anyPrinted = true;
    if (c.kind === KIND.EOL) break;
  }
  const text = c.text;
  c.text = ''; // the record outlives the line: keep no text alive
  return closeList(area, text, stop, anyPrinted);
}
