/**
 * Hand-written baselines for the codec benchmark: the simplest fast code that does the same work as
 * the library without using it, so the library's time can be read as a ratio to what plain
 * JavaScript costs on this machine.
 *
 * - `baselineDecode`: checks the length, the data offset and each option's TLV as `decode` does, and
 *   builds a fresh object with the flags as booleans and the options in an array (the workload's
 *   kinds typed, any other kind kept as bytes).
 * - `baselineEncodeInto`: checks every number with one comparison each and writes the header and its
 *   options into a preallocated buffer.
 * - `baselineWindow`: one field read by byte indexing.
 */

/** What the baseline decoder returns: the same shape as the library's header, built by hand. */
export interface BaselineHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  dataOffset: number;
  reserved: number;
  flags: {
    ns: boolean;
    cwr: boolean;
    ece: boolean;
    urg: boolean;
    ack: boolean;
    psh: boolean;
    rst: boolean;
    syn: boolean;
    fin: boolean;
  };
  window: number;
  checksum: number;
  urgentPointer: number;
  options: BaselineOption[];
  padding: Uint8Array;
}

/** The options the baseline knows; other kinds stay bytes. */
export type BaselineOption =
  | { kind: 'eol' }
  | { kind: 'nop' }
  | { kind: 'mss'; mss: number }
  | { kind: 'windowScale'; shift: number }
  | { kind: 'sackPermitted' }
  | { kind: 'sack'; blocks: { left: number; right: number }[] }
  | { kind: 'timestamps'; tsVal: number; tsEcr: number }
  | { kind: 'unknown'; code: number; data: Uint8Array };

const EMPTY = new Uint8Array(0);

/** Decodes the header at `b[o]`, throwing a plain `Error` where `decode` throws. */
export function baselineDecode(b: Uint8Array, o: number): BaselineHeader {
  if (b.length - o < 20) throw new Error('truncated');
  const b12 = b[o + 12]!;
  const b13 = b[o + 13]!;
  const dataOffset = b12 >> 4;
  if (dataOffset < 5) throw new Error('bad data offset');
  const end = o + dataOffset * 4;
  if (end > b.length) throw new Error('truncated');
  const options: BaselineOption[] = [];
  let padding = EMPTY;
  let i = o + 20;
  while (i < end) {
    const kind = b[i]!;
    if (kind === 0) {
      options.push({ kind: 'eol' });
      if (i + 1 < end) padding = b.slice(i + 1, end);
      break;
    }
    if (kind === 1) {
      options.push({ kind: 'nop' });
      i++;
      continue;
    }
    if (i + 1 >= end) throw new Error('option truncated');
    const length = b[i + 1]!;
    if (length < 2) throw new Error('option length');
    if (i + length > end) throw new Error('option overrun');
    switch (kind) {
      case 2:
        if (length !== 4) throw new Error('option length');
        options.push({ kind: 'mss', mss: (b[i + 2]! << 8) | b[i + 3]! });
        break;
      case 3:
        if (length !== 3) throw new Error('option length');
        options.push({ kind: 'windowScale', shift: b[i + 2]! });
        break;
      case 4:
        if (length !== 2) throw new Error('option length');
        options.push({ kind: 'sackPermitted' });
        break;
      case 5: {
        if (length !== 10 && length !== 18 && length !== 26 && length !== 34)
          throw new Error('option length');
        const blocks: { left: number; right: number }[] = [];
        for (let j = i + 2; j < i + length; j += 8) {
          blocks.push({
            left: ((b[j]! << 24) | (b[j + 1]! << 16) | (b[j + 2]! << 8) | b[j + 3]!) >>> 0,
            right: ((b[j + 4]! << 24) | (b[j + 5]! << 16) | (b[j + 6]! << 8) | b[j + 7]!) >>> 0,
          });
        }
        options.push({ kind: 'sack', blocks });
        break;
      }
      case 8:
        if (length !== 10) throw new Error('option length');
        options.push({
          kind: 'timestamps',
          tsVal: ((b[i + 2]! << 24) | (b[i + 3]! << 16) | (b[i + 4]! << 8) | b[i + 5]!) >>> 0,
          tsEcr: ((b[i + 6]! << 24) | (b[i + 7]! << 16) | (b[i + 8]! << 8) | b[i + 9]!) >>> 0,
        });
        break;
      default:
        options.push({ kind: 'unknown', code: kind, data: b.slice(i + 2, i + length) });
    }
    i += length;
  }
  return {
    srcPort: (b[o]! << 8) | b[o + 1]!,
    dstPort: (b[o + 2]! << 8) | b[o + 3]!,
    seq: ((b[o + 4]! << 24) | (b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!) >>> 0,
    ack: ((b[o + 8]! << 24) | (b[o + 9]! << 16) | (b[o + 10]! << 8) | b[o + 11]!) >>> 0,
    dataOffset,
    reserved: (b12 >> 1) & 7,
    flags: {
      ns: (b12 & 1) !== 0,
      cwr: (b13 & 0x80) !== 0,
      ece: (b13 & 0x40) !== 0,
      urg: (b13 & 0x20) !== 0,
      ack: (b13 & 0x10) !== 0,
      psh: (b13 & 0x08) !== 0,
      rst: (b13 & 0x04) !== 0,
      syn: (b13 & 0x02) !== 0,
      fin: (b13 & 0x01) !== 0,
    },
    window: (b[o + 14]! << 8) | b[o + 15]!,
    checksum: (b[o + 16]! << 8) | b[o + 17]!,
    urgentPointer: (b[o + 18]! << 8) | b[o + 19]!,
    options,
    padding,
  };
}

const is16 = (v: number): boolean => (v & 0xffff) === v;
const is32 = (v: number): boolean => v >>> 0 === v;

function optionLength(option: BaselineOption): number {
  switch (option.kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss':
      if (!is16(option.mss)) throw new RangeError('mss');
      return 4;
    case 'windowScale':
      if ((option.shift & 0xff) !== option.shift) throw new RangeError('shift');
      return 3;
    case 'sackPermitted':
      return 2;
    case 'sack':
      if (option.blocks.length < 1 || option.blocks.length > 4) throw new RangeError('blocks');
      for (const block of option.blocks) {
        if (!is32(block.left) || !is32(block.right)) throw new RangeError('block');
      }
      return 2 + 8 * option.blocks.length;
    case 'timestamps':
      if (!is32(option.tsVal) || !is32(option.tsEcr)) throw new RangeError('timestamps');
      return 10;
    case 'unknown':
      return 2 + option.data.length;
  }
}

/** Writes `h` into `t` at `o` after checking its numbers; returns the bytes written. */
export function baselineEncodeInto(h: BaselineHeader, t: Uint8Array, o: number): number {
  if (!is16(h.srcPort) || !is16(h.dstPort) || !is32(h.seq) || !is32(h.ack)) throw new RangeError('field');
  if (!is16(h.window) || !is16(h.checksum) || !is16(h.urgentPointer)) throw new RangeError('field');
  if ((h.reserved & 7) !== h.reserved) throw new RangeError('reserved');
  let optionBytes = h.padding.length;
  for (const option of h.options) optionBytes += optionLength(option);
  if (optionBytes > 40) throw new RangeError('options');
  const length = 20 + ((optionBytes + 3) & ~3);
  if (t.length - o < length) throw new RangeError('target');
  const f = h.flags;
  t[o] = h.srcPort >>> 8;
  t[o + 1] = h.srcPort;
  t[o + 2] = h.dstPort >>> 8;
  t[o + 3] = h.dstPort;
  t[o + 4] = h.seq >>> 24;
  t[o + 5] = h.seq >>> 16;
  t[o + 6] = h.seq >>> 8;
  t[o + 7] = h.seq;
  t[o + 8] = h.ack >>> 24;
  t[o + 9] = h.ack >>> 16;
  t[o + 10] = h.ack >>> 8;
  t[o + 11] = h.ack;
  t[o + 12] = ((length / 4) << 4) | (h.reserved << 1) | (f.ns ? 1 : 0);
  t[o + 13] =
    (f.cwr ? 0x80 : 0) |
    (f.ece ? 0x40 : 0) |
    (f.urg ? 0x20 : 0) |
    (f.ack ? 0x10 : 0) |
    (f.psh ? 0x08 : 0) |
    (f.rst ? 0x04 : 0) |
    (f.syn ? 0x02 : 0) |
    (f.fin ? 0x01 : 0);
  t[o + 14] = h.window >>> 8;
  t[o + 15] = h.window;
  t[o + 16] = h.checksum >>> 8;
  t[o + 17] = h.checksum;
  t[o + 18] = h.urgentPointer >>> 8;
  t[o + 19] = h.urgentPointer;
  let i = o + 20;
  for (const option of h.options) {
    switch (option.kind) {
      case 'eol':
        t[i++] = 0;
        break;
      case 'nop':
        t[i++] = 1;
        break;
      case 'mss':
        t[i] = 2;
        t[i + 1] = 4;
        t[i + 2] = option.mss >>> 8;
        t[i + 3] = option.mss;
        i += 4;
        break;
      case 'windowScale':
        t[i] = 3;
        t[i + 1] = 3;
        t[i + 2] = option.shift;
        i += 3;
        break;
      case 'sackPermitted':
        t[i] = 4;
        t[i + 1] = 2;
        i += 2;
        break;
      case 'sack':
        t[i] = 5;
        t[i + 1] = 2 + 8 * option.blocks.length;
        i += 2;
        for (const block of option.blocks) {
          t[i] = block.left >>> 24;
          t[i + 1] = block.left >>> 16;
          t[i + 2] = block.left >>> 8;
          t[i + 3] = block.left;
          t[i + 4] = block.right >>> 24;
          t[i + 5] = block.right >>> 16;
          t[i + 6] = block.right >>> 8;
          t[i + 7] = block.right;
          i += 8;
        }
        break;
      case 'timestamps':
        t[i] = 8;
        t[i + 1] = 10;
        t[i + 2] = option.tsVal >>> 24;
        t[i + 3] = option.tsVal >>> 16;
        t[i + 4] = option.tsVal >>> 8;
        t[i + 5] = option.tsVal;
        t[i + 6] = option.tsEcr >>> 24;
        t[i + 7] = option.tsEcr >>> 16;
        t[i + 8] = option.tsEcr >>> 8;
        t[i + 9] = option.tsEcr;
        i += 10;
        break;
      case 'unknown':
        t[i] = option.code;
        t[i + 1] = 2 + option.data.length;
        t.set(option.data, i + 2);
        i += 2 + option.data.length;
        break;
    }
  }
  if (h.padding.length > 0) {
    t.set(h.padding, i);
    i += h.padding.length;
  }
  while (i < o + length) t[i++] = 0;
  return length;
}

/** The window field of the header at `b[o]`, by byte indexing. */
export function baselineWindow(b: Uint8Array, o: number): number {
  return (b[o + 14]! << 8) | b[o + 15]!;
}
