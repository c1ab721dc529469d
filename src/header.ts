/**
 * The TCP header as a plain object, and the codec between it and bytes (RFC 9293 §3.1).
 *
 * Guarantees:
 * - `decode` throws only {@link TcpDecodeError} for bad bytes, reads only
 *   `bytes[offset .. offset + dataOffset * 4)`, and takes time linear in the header.
 * - `encode(decode(b))` gives back `b`'s header bytes exactly.
 * - `encodeInto` allocates nothing and needs `target.length - offset >= encodedLength(header)`.
 *
 * @module
 */
import { u16, u32, w16, w32 } from './bytes.ts';
import { TCP_FIELD as F, TCP_FLAG, TCP_MAX_OPTIONS_LENGTH, TCP_MIN_HEADER_LENGTH } from './constants.ts';
import {
  assertBoolean,
  assertBytes,
  assertInteger,
  assertOffset,
  describe,
  TcpDecodeError,
  type TcpDecodeErrorCode,
  type TcpDecodeErrorDetails,
  type TcpProblem,
} from './errors.ts';
import {
  copyBytes,
  measureOption,
  parseOption,
  quickOptionLength,
  type TcpOption,
  writeOption,
} from './options.ts';

/**
 * The nine flags, each an independent boolean (RFC 9293 §3.1; CWR and ECE RFC 3168 §6.1; NS RFC 3540,
 * called AE by RFC 9768 §3.1).
 *
 * @example
 * ```ts
 * // An ECN-setup SYN: SYN with ECE and CWR set (RFC 3168 §6.1.1).
 * const syn = encode({ srcPort: 50000, dstPort: 443, flags: { syn: true, ece: true, cwr: true } });
 * syn[13]; // 0xc2
 * const flags: TcpFlags = decode(syn).flags;
 * flags.syn && flags.ece && flags.cwr && !flags.ack; // true
 * ```
 */
export interface TcpFlags {
  /** ECN nonce sum (RFC 3540), now AE, "Accurate ECN" (RFC 9768). */
  ns: boolean;
  /** Congestion window reduced (RFC 3168). */
  cwr: boolean;
  /** ECN-Echo (RFC 3168). */
  ece: boolean;
  /** The urgent pointer field is significant. */
  urg: boolean;
  /** The acknowledgment number field is significant. */
  ack: boolean;
  /** Push function. */
  psh: boolean;
  /** Reset the connection. */
  rst: boolean;
  /** Synchronize sequence numbers. */
  syn: boolean;
  /** No more data from sender. */
  fin: boolean;
}

/**
 * A decoded TCP header: every field as on the wire (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const header: TcpHeader = decode(bytes);
 * console.log(header.srcPort, header.flags.syn, header.options);
 * ```
 */
export interface TcpHeader {
  /** Source port, 0..65535. */
  srcPort: number;
  /** Destination port, 0..65535. */
  dstPort: number;
  /** Sequence number, 0..2^32-1. */
  seq: number;
  /** Acknowledgment number, 0..2^32-1 (meaningful when `flags.ack`). */
  ack: number;
  /** Header length in 32-bit words, 5..15, as on the wire. */
  dataOffset: number;
  /** The three bits between the data offset and NS, 0..7, as on the wire. */
  reserved: number;
  /** The nine flags. */
  flags: TcpFlags;
  /** Receive window, 0..65535, unscaled. */
  window: number;
  /** Checksum field as on the wire. */
  checksum: number;
  /** Urgent pointer, 0..65535. */
  urgentPointer: number;
  /** Options in wire order, repeats kept, an `eol` where the wire has one. */
  options: TcpOption[];
  /** Bytes after an EOL up to the end of the header; one shared empty array when there are none. */
  padding: Uint8Array;
}

/**
 * What {@link encode} takes: a {@link TcpHeader} where everything but the ports may be left out
 * (numbers default to 0, flags to false, options and padding to empty, `dataOffset` is derived).
 * The fields are those of RFC 9293 §3.1; a derived `dataOffset` counts the 32-bit words of the
 * header once the options are zero-filled to a word boundary, as RFC 9293 §3.1 requires.
 *
 * @example
 * ```ts
 * const init: TcpHeaderInit = { srcPort: 443, dstPort: 50000, flags: { syn: true, ack: true } };
 * ```
 */
export interface TcpHeaderInit {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  /** Derived from the options when left out; a given one must agree unless `craft`. */
  dataOffset?: number;
  reserved?: number;
  flags?: Partial<TcpFlags>;
  window?: number;
  checksum?: number;
  urgentPointer?: number;
  options?: readonly TcpOption[];
  padding?: Uint8Array;
}

/**
 * Options for the encoders.
 * Without `craft`, what is written keeps RFC 9293 §3.1's rules (the data offset counts the header's
 * 32-bit words, the options are zero-filled to a word boundary) and §3.2's (EOL ends the option
 * list); `craft` writes headers that break them on purpose, to test a receiver.
 *
 * @example
 * ```ts
 * encode({ srcPort: 1, dstPort: 2, dataOffset: 15 }, { craft: true }); // a header that lies
 * // 20 bytes whose byte 12 is 0xf0 (data offset 15); without craft, a RangeError:
 * // 'dataOffset must be 5 for 0 bytes of options and padding, got 15 (use craft to write it anyway)'
 * ```
 */
export interface EncodeOptions {
  /**
   * Write what is given even where it is inconsistent: a `dataOffset` that disagrees with the bytes
   * (then no zero fill is added), options after an `eol`, padding without a final `eol`, a
   * `multipath.subtype` or `accEcn.order` that disagrees with its bytes, an `unknown` option with a
   * length its kind forbids. Values that cannot be written at all are still errors.
   */
  craft?: boolean;
}

/** The shared empty `padding` of headers without bytes after an EOL. */
const NO_PADDING: Uint8Array = new Uint8Array(0);

/**
 * Reports a decode problem: thrown as a {@link TcpDecodeError} in strict mode (`problems` null),
 * recorded in lenient mode.
 */
function fail(
  problems: TcpProblem[] | null,
  code: TcpDecodeErrorCode,
  offset: number,
  message: string,
  details: TcpDecodeErrorDetails,
): void {
  if (problems === null) throw new TcpDecodeError(code, offset, message, details);
  problems.push({ code, severity: 'error', offset, message });
}

/** Reports a segment of fewer than 20 bytes (`TRUNCATED`). */
function reportShort(problems: TcpProblem[] | null, available: number): void {
  fail(problems, 'TRUNCATED', available, `TCP header truncated: needed 20 bytes, ${available} available`, {
    needed: TCP_MIN_HEADER_LENGTH,
    available,
  });
}

/**
 * Reports a data offset below 5 (`BAD_DATA_OFFSET`) or past the bytes (`TRUNCATED`); returns where
 * lenient decoding takes the header to end: after the fixed part, or at the end of the bytes.
 */
function reportDataOffset(problems: TcpProblem[] | null, dataOffset: number, available: number): number {
  if (dataOffset < 5) {
    fail(problems, 'BAD_DATA_OFFSET', F.DATA_OFFSET, `TCP data offset ${dataOffset} is below 5`, {});
    return TCP_MIN_HEADER_LENGTH;
  }
  const headerLength = dataOffset * 4;
  fail(
    problems,
    'TRUNCATED',
    available,
    `TCP header truncated: data offset ${dataOffset} needs ${headerLength} bytes, ${available} available`,
    { needed: headerLength, available },
  );
  return available;
}

/**
 * The one decoder behind `decode` and `decodeLenient`: strict when `problems` is null (the first
 * problem throws), lenient otherwise (problems are recorded and the header keeps what could be read).
 * Returns null only for fewer than 20 bytes.
 *
 * @internal
 */
export function decodeHeader(
  bytes: Uint8Array,
  offset: number,
  problems: TcpProblem[] | null,
): TcpHeader | null {
  const available = bytes.length - offset;
  if (available < TCP_MIN_HEADER_LENGTH) {
    reportShort(problems, available);
    return null;
  }
  const o = offset;
  // Offsets and masks as literals checked against constants.ts by `satisfies` (see view.ts), and the
  // error reports in functions of their own: this function then stays under the 460 bytes of
  // bytecode up to which V8 inlines it into `decode`.
  const b12 = bytes[o + (12 satisfies typeof F.DATA_OFFSET)]!;
  const b13 = bytes[o + (13 satisfies typeof F.FLAGS)]!;
  const dataOffset = b12 >> 4;
  let end = dataOffset * 4;
  if (dataOffset < 5 || end > available) end = reportDataOffset(problems, dataOffset, available);
  const options: TcpOption[] = [];
  let padding = NO_PADDING;
  if (end > TCP_MIN_HEADER_LENGTH) padding = walkOptions(bytes, o, o + end, options, problems);
  return {
    srcPort: u16(bytes, o + (0 satisfies typeof F.SRC_PORT)),
    dstPort: u16(bytes, o + (2 satisfies typeof F.DST_PORT)),
    seq: u32(bytes, o + (4 satisfies typeof F.SEQ)),
    ack: u32(bytes, o + (8 satisfies typeof F.ACK)),
    dataOffset,
    reserved: (b12 >> 1) & 7,
    flags: {
      ns: (b12 & 1) !== 0,
      cwr: (b13 & (0x80 satisfies typeof TCP_FLAG.CWR)) !== 0,
      ece: (b13 & (0x40 satisfies typeof TCP_FLAG.ECE)) !== 0,
      urg: (b13 & (0x20 satisfies typeof TCP_FLAG.URG)) !== 0,
      ack: (b13 & (0x10 satisfies typeof TCP_FLAG.ACK)) !== 0,
      psh: (b13 & (0x08 satisfies typeof TCP_FLAG.PSH)) !== 0,
      rst: (b13 & (0x04 satisfies typeof TCP_FLAG.RST)) !== 0,
      syn: (b13 & (0x02 satisfies typeof TCP_FLAG.SYN)) !== 0,
      fin: (b13 & (0x01 satisfies typeof TCP_FLAG.FIN)) !== 0,
    },
    window: u16(bytes, o + (14 satisfies typeof F.WINDOW)),
    checksum: u16(bytes, o + (16 satisfies typeof F.CHECKSUM)),
    urgentPointer: u16(bytes, o + (18 satisfies typeof F.URGENT_POINTER)),
    options,
    padding,
  };
}

/**
 * Reports the malformed option whose kind byte is at `bytes[i]` (the checks and their order are
 * design §4's): thrown in strict mode, recorded in lenient mode.
 */
function reportOption(
  problems: TcpProblem[] | null,
  bytes: Uint8Array,
  o: number,
  i: number,
  end: number,
): void {
  const kind = bytes[i]!;
  const at = i - o;
  if (i + 1 >= end) {
    fail(problems, 'OPTION_TRUNCATED', at, `TCP option kind ${kind} at offset ${at} has no length byte`, {
      optionKind: kind,
    });
    return;
  }
  const length = bytes[i + 1]!;
  const details = { optionKind: kind, optionLength: length };
  if (length < 2) {
    fail(
      problems,
      'OPTION_BAD_LENGTH',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length}`,
      details,
    );
  } else if (i + length > end) {
    fail(
      problems,
      'OPTION_OVERRUN',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length} but only ${end - i} bytes remain in the header`,
      { ...details, needed: length, available: end - i },
    );
  } else {
    fail(
      problems,
      'OPTION_BAD_LENGTH',
      at,
      `TCP option kind ${kind} at offset ${at} has length ${length}, which that kind does not allow`,
      details,
    );
  }
}

/**
 * Walks the option area `bytes[o + 20 .. end)` (RFC 9293 §3.2: kinds 0 and 1 are one byte, every
 * other kind is kind, length, data), pushing options; returns the padding after an EOL. Each step
 * advances by at least one byte, so the walk ends.
 */
function walkOptions(
  bytes: Uint8Array,
  o: number,
  end: number,
  options: TcpOption[],
  problems: TcpProblem[] | null,
): Uint8Array {
  let i = o + TCP_MIN_HEADER_LENGTH;
  while (i < end) {
    const kind = bytes[i]!;
    if (kind === 0) {
      options.push({ kind: 'eol' });
      return i + 1 < end ? copyBytes(bytes, i + 1, end) : NO_PADDING;
    }
    if (kind === 1) {
      options.push({ kind: 'nop' });
      i++;
      continue;
    }
    if (i + 1 < end) {
      const length = bytes[i + 1]!;
      const option = length >= 2 && i + length <= end ? parseOption(bytes, i, kind, length) : null;
      if (option !== null) {
        options.push(option);
        i += length;
        continue;
      }
    }
    reportOption(problems, bytes, o, i, end);
    // Only lenient decoding gets here: keep the rest of the area as it is.
    options.push({ kind: 'raw', bytes: copyBytes(bytes, i, end) });
    break;
  }
  return NO_PADDING;
}

function checkDecodeArguments(bytes: unknown, offset: unknown): asserts bytes is Uint8Array {
  // The common case in one test; the full checks (and their messages) only when it fails.
  if (
    bytes instanceof Uint8Array &&
    typeof offset === 'number' &&
    offset >= 0 &&
    offset <= bytes.length &&
    Number.isInteger(offset)
  ) {
    return;
  }
  assertBytes(bytes, 'bytes');
  assertOffset(offset, bytes.length);
}

/**
 * Decodes the TCP header at `bytes[offset]`, strictly.
 *
 * The checks, in order (design §4): fewer than 20 bytes is `TRUNCATED`; a data offset below 5 is
 * `BAD_DATA_OFFSET`; fewer than `dataOffset * 4` bytes is `TRUNCATED`; then each option: no length
 * byte is `OPTION_TRUNCATED`, a length below 2 or one its fixed-size kind forbids is
 * `OPTION_BAD_LENGTH`, a length past the header is `OPTION_OVERRUN`.
 * The rules are RFC 9293 §3.1's: the data offset counts the header's 32-bit words (at least 5), and
 * every option but EOL and NOP has a length byte that counts its kind and length bytes; the fixed
 * lengths are those of each kind's RFC (RFC 9293 §3.2 for MSS, RFC 7323 §2.2 and §3.2, ...).
 *
 * @param bytes - the segment (a `Buffer` works too); only the header's bytes are read
 * @param offset - where the header starts, default 0
 * @returns the header; byte fields are copies, so later changes to `bytes` do not show through
 * @throws {@link TcpDecodeError} when the bytes are not a valid header
 * @throws `TypeError` / `RangeError` for a wrong argument
 * @example
 * ```ts
 * const header = decode(Uint8Array.from(Buffer.from('c0a80050000000010000000050022000917c0000', 'hex')));
 * header.flags.syn; // true
 * ```
 */
export function decode(bytes: Uint8Array, offset = 0): TcpHeader {
  checkDecodeArguments(bytes, offset);
  return decodeHeader(bytes, offset, null)!;
}

/**
 * The result of {@link tryDecode}.
 * An error means the bytes break RFC 9293 §3.1 (see {@link TcpDecodeErrorCode}).
 *
 * @example
 * ```ts
 * const result: TryDecodeResult = tryDecode(new Uint8Array(20)); // data offset 0
 * result.ok; // false
 * if (!result.ok) console.log(result.error.code, result.error.offset); // BAD_DATA_OFFSET 12
 * ```
 */
export type TryDecodeResult = { ok: true; header: TcpHeader } | { ok: false; error: TcpDecodeError };

/**
 * {@link decode} that returns its error instead of throwing it (wrong arguments still throw).
 * It fails where {@link decode} does: on bytes that break RFC 9293 §3.1's header and option layout.
 *
 * @param bytes - the segment
 * @param offset - where the header starts, default 0
 * @returns `{ ok: true, header }` or `{ ok: false, error }`
 * @example
 * ```ts
 * const result = tryDecode(bytes);
 * if (result.ok) console.log(result.header.window);
 * else console.log(result.error.code, result.error.offset);
 * ```
 */
export function tryDecode(bytes: Uint8Array, offset = 0): TryDecodeResult {
  checkDecodeArguments(bytes, offset);
  try {
    return { ok: true, header: decodeHeader(bytes, offset, null)! };
  } catch (error) {
    return { ok: false, error: error as TcpDecodeError };
  }
}

/**
 * A decoded header and the payload after it.
 * The payload starts `dataOffset * 4` bytes after the header's first byte (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(22);
 * bytes.set(encode({ srcPort: 80, dstPort: 5000, flags: { psh: true, ack: true } }));
 * bytes.set([0x68, 0x69], 20); // 'hi'
 * const { header, payload }: TcpSegment = decodeSegment(bytes);
 * header.dataOffset; // 5
 * payload;           // Uint8Array [0x68, 0x69]
 * ```
 */
export interface TcpSegment {
  header: TcpHeader;
  /** `bytes` after the header: a view, not a copy. */
  payload: Uint8Array;
}

/**
 * Decodes the header at `bytes[offset]` strictly and returns the rest as the payload (no copy).
 * The header is `dataOffset * 4` bytes long (RFC 9293 §3.1); the payload is everything after it.
 *
 * @param bytes - the segment: header then payload, cut at the end of the IP payload
 * @param offset - where the header starts, default 0
 * @returns the header and a subarray of the payload
 * @throws {@link TcpDecodeError} as {@link decode}
 * @example
 * ```ts
 * const { header, payload } = decodeSegment(segment);
 * console.log(header.seq, payload.length);
 * ```
 */
export function decodeSegment(bytes: Uint8Array, offset = 0): TcpSegment {
  const header = decode(bytes, offset);
  return { header, payload: bytes.subarray(offset + header.dataOffset * 4) };
}

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
  // Written out, not through a helper: see `quickOptionLength` in options.ts on boxing.
  if (seq !== undefined && !(typeof seq === 'number' && seq >>> 0 === seq))
    assertInteger(seq, 'seq', 0, 0xffffffff);
  if (ack !== undefined && !(typeof ack === 'number' && ack >>> 0 === ack))
    assertInteger(ack, 'ack', 0, 0xffffffff);
  if (reserved !== undefined && !(typeof reserved === 'number' && (reserved & 7) === reserved))
    assertInteger(reserved, 'reserved', 0, 7);
  // The flags as TCP_FLAG masks them: NS in bit 8, CWR..FIN in bits 7..0.
  let flagBits = 0;
  if (flags !== undefined) {
    if (typeof flags !== 'object' || flags === null)
      throw new TypeError(`flags must be an object, got ${describe(flags)}`);
    // One named read per flag (a loop over the names would be a keyed lookup each), all before the
    // checks as above; the checks in this order.
    const { ns, cwr, ece, urg, ack: ackFlag, psh, rst, syn, fin } = flags as Partial<TcpFlags>;
    flagBits =
      flag(ns, 'flags.ns', TCP_FLAG.NS) |
      flag(cwr, 'flags.cwr', TCP_FLAG.CWR) |
      flag(ece, 'flags.ece', TCP_FLAG.ECE) |
      flag(urg, 'flags.urg', TCP_FLAG.URG) |
      flag(ackFlag, 'flags.ack', TCP_FLAG.ACK) |
      flag(psh, 'flags.psh', TCP_FLAG.PSH) |
      flag(rst, 'flags.rst', TCP_FLAG.RST) |
      flag(syn, 'flags.syn', TCP_FLAG.SYN) |
      flag(fin, 'flags.fin', TCP_FLAG.FIN);
  }
  // Reserved (3 bits) above NS: the 12 bits after the data offset, in bits 8-19 of the result.
  const bits = (((reserved ?? 0) << 9) | flagBits) << 8;
  field16(window, 'window');
  field16(checksum, 'checksum');
  field16(urgentPointer, 'urgentPointer');

  let optionBytes = 0;
  let afterEol = false;
  if (options !== undefined) {
    if (!Array.isArray(options)) throw new TypeError(`options must be an array, got ${describe(options)}`);
    for (let i = 0; i < options.length; i++) {
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
  if (options !== undefined) {
    if (!Array.isArray(options)) return -1;
    const last = options.length - 1;
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
  if (options !== undefined) for (let k = 0; k < options.length; k++) i = writeOption(options[k]!, t, i);
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

/**
 * The first option of kind `kind` in a header, typed by that kind.
 * Options are searched in wire order (RFC 9293 §3.1). In the example, 536 is the send MSS RFC 9293
 * §3.7.1 says to assume over IPv4 when a SYN carries no MSS option (1220 over IPv6).
 *
 * @param header - a header or anything with an `options` list
 * @param kind - the option's `kind` name
 * @returns the option, or undefined
 * @example
 * ```ts
 * const mss = findOption(header, 'mss')?.mss ?? 536;
 * ```
 */
export function findOption<K extends TcpOption['kind']>(
  header: { readonly options?: readonly TcpOption[] | undefined },
  kind: K,
): Extract<TcpOption, { kind: K }> | undefined {
  const options = header.options ?? [];
  for (const option of options) {
    if (option.kind === kind) return option as Extract<TcpOption, { kind: K }>;
  }
  return undefined;
}
