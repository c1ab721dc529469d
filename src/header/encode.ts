/**
 * Encoding a TCP header from a plain object (RFC 9293 §3.1): the checks of every field, the one-pass
 * writer of the common headers and the full encoder it mirrors.
 *
 * Guarantees: `encode(decode(b))` gives back `b`'s header bytes exactly; `encodeInto` allocates
 * nothing and needs `target.length - offset >= encodedLength(header)`.
 *
 * @module
 */
import { w16, w32 } from '../bytes.ts';
import { TCP_FIELD as F, TCP_FLAG, TCP_MAX_OPTIONS_LENGTH, TCP_MIN_HEADER_LENGTH } from '../constants.ts';
import { assertBoolean, assertBytes, assertInteger, assertOffset, describe } from '../guards.ts';
import { measureOption, quickOptionLength, type TcpOption, writeOption } from '../options.ts';
import type { EncodeOptions, TcpFlags, TcpHeader, TcpHeaderInit } from './types.ts';

/**
 * Checks an optional 16-bit field: the common case in one comparison (`(v & 0xffff) === v` holds
 * exactly for the integers 0..65535 and -0, as assertInteger's range does), assertInteger's message
 * otherwise.
 */
const field16 = (value: unknown, label: string): void => {
  if (value !== undefined && !(typeof value === 'number' && (value & 0xffff) === value)) {
    assertInteger(value, label, 0, 0xffff);
  }
};

/** `options.craft === true`, without allocating a default `{}` (a `null` still throws, as reading a property of it does). */
const isCraft = (options: EncodeOptions | undefined): boolean =>
  options === undefined ? false : options.craft === true;

/** `mask` for a flag set to true, 0 for false or absent; assertBoolean's error for anything else. */
const flag = (value: unknown, label: string, mask: number): number => {
  if (value === true) return mask;
  if (value !== undefined && value !== false) assertBoolean(value, label);
  return 0;
};

/*
 * What measure returns, packed in one number so that write need not read and check the flags and
 * reserved bits again, and nothing is allocated: bits 0-7 the header's length in bytes, bits 8-19
 * the 12 bits after the data offset (reserved, NS, CWR..FIN, as TCP_FLAG masks them).
 */
const lengthOf = (measured: number): number => measured & 0xff;
const flagBitsOf = (measured: number): number => measured >> 8;

/**
 * The flags as TCP_FLAG masks them: NS in bit 8, CWR..FIN in bits 7..0. One named read per flag (a
 * loop over the names would be a keyed lookup each), all before the checks, which go in this order.
 */
function measureFlags(flags: unknown): number {
  if (typeof flags !== 'object' || flags === null) {
    throw new TypeError(`flags must be an object, got ${describe(flags)}`);
  }
  const { ns, cwr, ece, urg, ack, psh, rst, syn, fin } = flags as Partial<TcpFlags>;
  return (
    flag(ns, 'flags.ns', TCP_FLAG.NS) |
    flag(cwr, 'flags.cwr', TCP_FLAG.CWR) |
    flag(ece, 'flags.ece', TCP_FLAG.ECE) |
    flag(urg, 'flags.urg', TCP_FLAG.URG) |
    flag(ack, 'flags.ack', TCP_FLAG.ACK) |
    flag(psh, 'flags.psh', TCP_FLAG.PSH) |
    flag(rst, 'flags.rst', TCP_FLAG.RST) |
    flag(syn, 'flags.syn', TCP_FLAG.SYN) |
    flag(fin, 'flags.fin', TCP_FLAG.FIN)
  );
}

/**
 * Checks the options and the padding (docs/rules.md E1, E3) and returns the bytes they take, before
 * the zero fill to a multiple of 4.
 */
function measureOptionArea(options: unknown, padding: unknown, craft: boolean): number {
  let optionBytes = 0;
  let afterEol = false;
  if (options !== undefined) {
    if (!Array.isArray(options)) throw new TypeError(`options must be an array, got ${describe(options)}`);
    // Each option takes at least one of the 40 option bytes (docs/rules.md E3): an array that claims
    // more is refused before it is walked, so the work is bounded whatever its length says.
    const count: number = options.length;
    if (count > TCP_MAX_OPTIONS_LENGTH) {
      throw new RangeError(`options and padding must fit in 0..40 bytes, got ${count} options`);
    }
    for (let i = 0; i < count; i++) {
      const option = options[i] as TcpOption;
      if (afterEol && !craft) {
        throw new RangeError(
          `options[${i}] follows an eol; put bytes after an eol in padding (or use craft to write them as options)`,
        );
      }
      // The common kinds are measured without building measureOption's labels; anything else, or
      // anything wrong, goes to measureOption, which gives the same answer or the error.
      // `kind` is read once: options of many kinds make every read of it a slow, megamorphic one.
      const kind = typeof option === 'object' && option !== null ? option.kind : undefined;
      const quick = quickOptionLength(option, kind);
      optionBytes += quick >= 0 ? quick : measureOption(option, `options[${i}]`, craft);
      afterEol = kind === 'eol';
    }
  }
  if (padding !== undefined) {
    if (!(padding instanceof Uint8Array)) assertBytes(padding, 'padding');
    if (padding.length > 0 && !afterEol && !craft) {
      throw new RangeError('padding must follow a final eol option (or use craft to write it anyway)');
    }
    optionBytes += padding.length;
  }
  return optionBytes;
}

/**
 * Checks every field of `header` and returns the bytes it takes, with the flag and reserved bits to
 * write (see {@link lengthOf}). The data offset to write follows from the length (see
 * {@link dataOffsetOf}). Allocates nothing unless it throws.
 */
function measure(header: TcpHeaderInit, craft: boolean): number {
  if (typeof header !== 'object' || header === null) {
    throw new TypeError(`header must be an object, got ${describe(header)}`);
  }
  // Every field is read once, here, before any check: a check that may throw is a call the compiler
  // must assume can change the object, so reads between checks would each test its shape again.
  const { srcPort, dstPort, seq, ack, reserved, window, checksum, urgentPointer, dataOffset: given } = header;
  const flags: unknown = header.flags;
  const options: unknown = header.options;
  const padding = header.padding;
  if (!(typeof srcPort === 'number' && (srcPort & 0xffff) === srcPort))
    assertInteger(srcPort, 'srcPort', 0, 0xffff);
  if (!(typeof dstPort === 'number' && (dstPort & 0xffff) === dstPort))
    assertInteger(dstPort, 'dstPort', 0, 0xffff);
  // Written out, not through a helper: see `quickOptionLength` in options/measure.ts on boxing.
  if (seq !== undefined && !(typeof seq === 'number' && seq >>> 0 === seq))
    assertInteger(seq, 'seq', 0, 0xffffffff);
  if (ack !== undefined && !(typeof ack === 'number' && ack >>> 0 === ack))
    assertInteger(ack, 'ack', 0, 0xffffffff);
  if (reserved !== undefined && !(typeof reserved === 'number' && (reserved & 7) === reserved))
    assertInteger(reserved, 'reserved', 0, 7);
  const flagBits = flags === undefined ? 0 : measureFlags(flags);
  // Reserved (3 bits) above NS: the 12 bits after the data offset, in bits 8-19 of the result.
  const bits = (((reserved ?? 0) << 9) | flagBits) << 8;
  field16(window, 'window');
  field16(checksum, 'checksum');
  field16(urgentPointer, 'urgentPointer');

  const optionBytes = measureOptionArea(options, padding, craft);
  if (optionBytes > TCP_MAX_OPTIONS_LENGTH) {
    throw new RangeError(`options and padding must fit in 0..40 bytes, got ${optionBytes}`);
  }
  if (craft && given !== undefined) {
    assertInteger(given, 'dataOffset', 0, 15);
    return (TCP_MIN_HEADER_LENGTH + optionBytes) | bits;
  }
  const length = TCP_MIN_HEADER_LENGTH + ((optionBytes + 3) & ~3);
  const dataOffset = length / 4;
  // A given data offset equal to the derived one is an integer in 5..15: only others need checking.
  if (given !== undefined && given !== dataOffset) {
    assertInteger(given, 'dataOffset', 5, 15);
    throw new RangeError(
      `dataOffset must be ${dataOffset} for ${optionBytes} bytes of options and padding, got ${given} (use craft to write it anyway)`,
    );
  }
  return length | bits;
}

/** The data offset to write for a header that {@link measure} found `length` bytes long. */
function dataOffsetOf(header: TcpHeaderInit, length: number, craft: boolean): number {
  return craft && header.dataOffset !== undefined ? header.dataOffset : length / 4;
}

/**
 * Writes a header that {@link measure} accepted (`measured` is what it returned); returns the bytes
 * written. Allocates nothing.
 */
function write(header: TcpHeaderInit, measured: number, craft: boolean, t: Uint8Array, o: number): number {
  const length = lengthOf(measured);
  const flagBits = flagBitsOf(measured);
  w16(t, o + F.SRC_PORT, header.srcPort);
  w16(t, o + F.DST_PORT, header.dstPort);
  w32(t, o + F.SEQ, (header.seq ?? 0) | 0);
  w32(t, o + F.ACK, (header.ack ?? 0) | 0);
  t[o + F.DATA_OFFSET] = (dataOffsetOf(header, length, craft) << 4) | (flagBits >> 8);
  t[o + F.FLAGS] = flagBits;
  w16(t, o + F.WINDOW, header.window ?? 0);
  w16(t, o + F.CHECKSUM, header.checksum ?? 0);
  w16(t, o + F.URGENT_POINTER, header.urgentPointer ?? 0);
  let i = o + F.OPTIONS;
  const options = header.options;
  if (options !== undefined) for (let k = 0; k < options.length; k++) i = writeOption(options[k]!, t, i);
  const padding = header.padding;
  if (padding !== undefined && padding.length > 0) {
    t.set(padding, i);
    i += padding.length;
  }
  // Zero fill up to a multiple of 4; its first byte reads back as an EOL, as Linux sends it.
  const end = o + length;
  while (i < end) t[i++] = 0;
  return length;
}

/**
 * {@link encodeInto}'s common case in one pass, for a header without `craft`: each field is read
 * once, checked, and written from the local it was read into (measure + write read every field
 * twice, and measure is too large for the compiler to inline). Anything this does not handle (a
 * wrong value, an `eol` before the last option, padding, an option kind outside the common ones,
 * a short target) returns -1 before a byte is written, and encodeInto takes the full path, which
 * writes the same bytes or throws its error: a property test holds the two paths to each other.
 *
 * @returns the bytes written, or -1
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one pass on purpose, docs/performance.md P3
function writeCommon(header: TcpHeaderInit, t: Uint8Array, o: number): number {
  const {
    srcPort,
    dstPort,
    seq = 0,
    ack = 0,
    reserved = 0,
    window = 0,
    checksum = 0,
    urgentPointer = 0,
    dataOffset: given,
    flags,
    options,
    padding,
  } = header;
  // The same tests as measure's (see there), all of them in one condition.
  if (
    !(
      typeof srcPort === 'number' &&
      (srcPort & 0xffff) === srcPort &&
      typeof dstPort === 'number' &&
      (dstPort & 0xffff) === dstPort &&
      typeof seq === 'number' &&
      seq >>> 0 === seq &&
      typeof ack === 'number' &&
      ack >>> 0 === ack &&
      typeof reserved === 'number' &&
      (reserved & 7) === reserved &&
      typeof window === 'number' &&
      (window & 0xffff) === window &&
      typeof checksum === 'number' &&
      (checksum & 0xffff) === checksum &&
      typeof urgentPointer === 'number' &&
      (urgentPointer & 0xffff) === urgentPointer
    )
  ) {
    return -1;
  }
  let flagBits = 0;
  if (flags !== undefined) {
    if (typeof flags !== 'object' || flags === null) return -1;
    const { ns, cwr, ece, urg, ack: ackFlag, psh, rst, syn, fin } = flags;
    // Each flag's mask when true, 0 when false or absent, and BAD (above every mask) otherwise.
    const BAD = 0x200;
    flagBits =
      (ns === true ? (0x100 satisfies typeof TCP_FLAG.NS) : ns === false || ns === undefined ? 0 : BAD) |
      (cwr === true ? (0x80 satisfies typeof TCP_FLAG.CWR) : cwr === false || cwr === undefined ? 0 : BAD) |
      (ece === true ? (0x40 satisfies typeof TCP_FLAG.ECE) : ece === false || ece === undefined ? 0 : BAD) |
      (urg === true ? (0x20 satisfies typeof TCP_FLAG.URG) : urg === false || urg === undefined ? 0 : BAD) |
      (ackFlag === true
        ? (0x10 satisfies typeof TCP_FLAG.ACK)
        : ackFlag === false || ackFlag === undefined
          ? 0
          : BAD) |
      (psh === true ? (0x08 satisfies typeof TCP_FLAG.PSH) : psh === false || psh === undefined ? 0 : BAD) |
      (rst === true ? (0x04 satisfies typeof TCP_FLAG.RST) : rst === false || rst === undefined ? 0 : BAD) |
      (syn === true ? (0x02 satisfies typeof TCP_FLAG.SYN) : syn === false || syn === undefined ? 0 : BAD) |
      (fin === true ? (0x01 satisfies typeof TCP_FLAG.FIN) : fin === false || fin === undefined ? 0 : BAD);
    if (flagBits >= BAD) return -1;
  }
  let optionBytes = 0;
  // The array's length, read once: the write below walks as many options as were checked.
  let count = 0;
  if (options !== undefined) {
    if (!Array.isArray(options)) return -1;
    count = options.length;
    // More than the 40 option bytes hold: the full path refuses it before walking it.
    if (count > (40 satisfies typeof TCP_MAX_OPTIONS_LENGTH)) return -1;
    const last = count - 1;
    for (let i = 0; i <= last; i++) {
      const option: unknown = options[i];
      if (typeof option !== 'object' || option === null) return -1;
      const kind = (option as TcpOption).kind;
      // RFC 9293 §3.2: nothing follows an EOL but padding (measure says so with an error).
      if (kind === 'eol' && i !== last) return -1;
      const quick = quickOptionLength(option as TcpOption, kind);
      if (quick < 0) return -1;
      optionBytes += quick;
    }
  }
  if (padding !== undefined && !(padding instanceof Uint8Array && padding.length === 0)) return -1;
  if (optionBytes > (40 satisfies typeof TCP_MAX_OPTIONS_LENGTH)) return -1;
  const length = (20 satisfies typeof TCP_MIN_HEADER_LENGTH) + ((optionBytes + 3) & ~3);
  if ((given !== undefined && given !== length / 4) || t.length - o < length) return -1;
  // Written out with literal offsets and masks (checked against constants.ts by `satisfies`): a
  // property of a module's constant object is a load at run time, and calls to w16/w32 here would
  // take the compiler's inlining budget from writeOption.
  t[o + (0 satisfies typeof F.SRC_PORT)] = srcPort >>> 8;
  t[o + 1] = srcPort;
  t[o + (2 satisfies typeof F.DST_PORT)] = dstPort >>> 8;
  t[o + 3] = dstPort;
  t[o + (4 satisfies typeof F.SEQ)] = seq >>> 24;
  t[o + 5] = seq >>> 16;
  t[o + 6] = seq >>> 8;
  t[o + 7] = seq;
  t[o + (8 satisfies typeof F.ACK)] = ack >>> 24;
  t[o + 9] = ack >>> 16;
  t[o + 10] = ack >>> 8;
  t[o + 11] = ack;
  // Data offset (length / 4) in the high nibble, then the reserved bits and NS (RFC 9293 §3.1).
  t[o + (12 satisfies typeof F.DATA_OFFSET)] = (length << 2) | (reserved << 1) | (flagBits >> 8);
  t[o + (13 satisfies typeof F.FLAGS)] = flagBits;
  t[o + (14 satisfies typeof F.WINDOW)] = window >>> 8;
  t[o + 15] = window;
  t[o + (16 satisfies typeof F.CHECKSUM)] = checksum >>> 8;
  t[o + 17] = checksum;
  t[o + (18 satisfies typeof F.URGENT_POINTER)] = urgentPointer >>> 8;
  t[o + 19] = urgentPointer;
  let i = o + (20 satisfies typeof F.OPTIONS);
  for (let k = 0; k < count; k++) i = writeOption((options as TcpOption[])[k]!, t, i);
  // Zero fill up to a multiple of 4, as write does.
  const end = o + length;
  while (i < end) t[i++] = 0;
  return length;
}

/**
 * How many bytes {@link encode} would write for `header` (after checking it the same way).
 * That is 20 plus the options and padding rounded up to a multiple of 4: the data offset times 4
 * (RFC 9293 §3.1).
 *
 * @param header - the header to measure
 * @param options - `{ craft: true }` as for {@link encode}
 * @returns 20..60
 * @throws `TypeError` / `RangeError` as {@link encode}
 * @example
 * ```ts
 * encodedLength({ srcPort: 1, dstPort: 2, options: [{ kind: 'mss', mss: 1460 }] }); // 24
 * ```
 */
export function encodedLength(header: TcpHeaderInit, options?: EncodeOptions): number {
  return lengthOf(measure(header, isCraft(options)));
}

/**
 * Encodes a header into new bytes. The data offset is derived from the options and padding, which
 * are zero-filled to a multiple of 4 bytes; every field is checked first.
 * The layout is RFC 9293 §3.1's; the zero fill is its padding, whose first byte reads back as an
 * EOL (RFC 9293 §3.2).
 *
 * @param header - a {@link TcpHeader} or the fields to set ({@link TcpHeaderInit})
 * @param options - `{ craft: true }` to write inconsistent headers on purpose
 * @returns 20..60 bytes
 * @throws `TypeError` for a field of the wrong type, `RangeError` for a value out of range, with a
 *   message naming the field and its range (`"window must be an integer in 0..65535, got 70000"`)
 * @example
 * ```ts
 * const syn = encode({ srcPort: 50000, dstPort: 443, seq: 1, flags: { syn: true }, window: 64240,
 *   options: [{ kind: 'mss', mss: 1460 }] });
 * syn.length; // 24: data offset 6
 * ```
 */
export function encode(header: TcpHeaderInit, options?: EncodeOptions): Uint8Array {
  const craft = isCraft(options);
  const measured = measure(header, craft);
  const out = new Uint8Array(lengthOf(measured));
  write(header, measured, craft, out, 0);
  return out;
}

/**
 * Encodes a header into `target` at `offset`, allocating nothing.
 * It writes the same bytes as {@link encode}, in RFC 9293 §3.1's layout.
 *
 * @param header - as for {@link encode}
 * @param target - the buffer to write into; needs `encodedLength(header)` bytes from `offset`
 * @param offset - where to start, default 0
 * @param options - `{ craft: true }` as for {@link encode}
 * @returns the number of bytes written
 * @throws `TypeError` / `RangeError` as {@link encode}, and a `RangeError` when `target` is too short
 * @example
 * ```ts
 * const buffer = new Uint8Array(1500);
 * const n = encodeInto({ srcPort: 80, dstPort: 5000, flags: { ack: true } }, buffer, 14);
 * n; // 20, in buffer[14..34)
 * ```
 */
export function encodeInto(
  header: TcpHeaderInit,
  target: Uint8Array,
  offset = 0,
  options?: EncodeOptions,
): number {
  // The common case in one test each; the full checks (and their messages) only when it fails.
  if (!(target instanceof Uint8Array)) assertBytes(target, 'target');
  // `offset >>> 0 === offset` holds exactly for the integers 0..2^32-1 (and -0).
  if (!(offset >>> 0 === offset && offset <= target.length)) assertOffset(offset, target.length);
  const craft = isCraft(options);
  if (!craft && typeof header === 'object' && header !== null) {
    const written = writeCommon(header, target, offset);
    if (written >= 0) return written;
  }
  const measured = measure(header, craft);
  const length = lengthOf(measured);
  if (target.length - offset < length) {
    throw new RangeError(
      `target must have ${length} bytes from offset ${offset}, got ${target.length - offset}`,
    );
  }
  return write(header, measured, craft, target, offset);
}
