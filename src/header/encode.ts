/**
 * Encoding a TCP header from a plain object (RFC 9293 §3.1): every field read once, into locals
 * and the options into the encoder's own scratch, all of it checked, and only then written.
 *
 * Guarantees: `encode(decode(b))` gives back `b`'s header bytes exactly; `encodeInto` allocates
 * nothing, writes nothing when it throws, and writes only `target[offset, offset + returned length)`,
 * whatever the header's getters or Proxies answer: each is asked once (docs/rules.md E9).
 *
 * @module
 */
import {
  type TCP_FIELD as F,
  type TCP_FLAG,
  TCP_MAX_OPTIONS_LENGTH,
  type TCP_MIN_HEADER_LENGTH,
} from '../constants.ts';
import { assertInteger, assertOffset, bytesLength, describe, integerError } from '../guards.ts';
import { encodeOption, type TcpOption } from '../options.ts';
import type { EncodeOptions, TcpFlags, TcpHeaderInit } from './types.ts';

/**
 * The encoder's own memory: the options and padding as bytes, checked, before any is written to the
 * caller's buffer; and the bytes {@link encode} allocated. Fields assigned in the constructor give
 * every scratch one shape (docs/performance.md P4).
 */
class Scratch {
  /** The options and padding as bytes, before the zero fill: the 40 bytes there is room for. */
  declare readonly area: Uint8Array;
  /** What the last call to {@link encodeHeader} without a target allocated and wrote. */
  declare out: Uint8Array;

  constructor() {
    this.area = new Uint8Array(TCP_MAX_OPTIONS_LENGTH);
    this.out = this.area;
  }
}

/**
 * The scratch every call uses, so that encoding allocates nothing. A getter of the header being
 * encoded may itself call the encoder: that inner call, finding the shared scratch taken, uses one
 * of its own.
 */
const SHARED = new Scratch();
let sharedInUse = false;

/** The shared scratch, taken until the caller's `finally` gives it back, or a fresh one if it is taken. */
function takeScratch(): Scratch {
  if (sharedInUse) return new Scratch();
  sharedInUse = true;
  return SHARED;
}

/** `options.craft === true`, read once, without allocating a default `{}`; a TypeError for no object. */
function isCraft(options: EncodeOptions | undefined): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, got ${describe(options)}`);
  }
  return options.craft === true;
}

/**
 * The flags as TCP_FLAG masks them: NS in bit 8, CWR..FIN in bits 7..0. Each flag is read once, by
 * name (a loop over the names would be a keyed lookup each). Each term is the flag's mask when true,
 * 0 when false or absent, and 0x200 (above every mask) for anything else, written out rather than
 * through a helper, which V8 here does not inline; the messages only when the sum says so.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: nine flags written out on purpose, docs/performance.md P1
function readFlags(flags: unknown): number {
  if (typeof flags !== 'object' || flags === null) {
    throw new TypeError(`flags must be an object, got ${describe(flags)}`);
  }
  const { ns, cwr, ece, urg, ack, psh, rst, syn, fin } = flags as Partial<TcpFlags>;
  const bits =
    (ns === true ? (0x100 satisfies typeof TCP_FLAG.NS) : ns === false || ns === undefined ? 0 : 0x200) |
    (cwr === true ? (0x80 satisfies typeof TCP_FLAG.CWR) : cwr === false || cwr === undefined ? 0 : 0x200) |
    (ece === true ? (0x40 satisfies typeof TCP_FLAG.ECE) : ece === false || ece === undefined ? 0 : 0x200) |
    (urg === true ? (0x20 satisfies typeof TCP_FLAG.URG) : urg === false || urg === undefined ? 0 : 0x200) |
    (ack === true ? (0x10 satisfies typeof TCP_FLAG.ACK) : ack === false || ack === undefined ? 0 : 0x200) |
    (psh === true ? (0x08 satisfies typeof TCP_FLAG.PSH) : psh === false || psh === undefined ? 0 : 0x200) |
    (rst === true ? (0x04 satisfies typeof TCP_FLAG.RST) : rst === false || rst === undefined ? 0 : 0x200) |
    (syn === true ? (0x02 satisfies typeof TCP_FLAG.SYN) : syn === false || syn === undefined ? 0 : 0x200) |
    (fin === true ? (0x01 satisfies typeof TCP_FLAG.FIN) : fin === false || fin === undefined ? 0 : 0x200);
  return bits < 0x200 ? bits : flagError(ns, cwr, ece, urg, ack, psh, rst, syn, fin);
}

/** The error for the first of the flags {@link readFlags} read that is not a boolean, in its order. */
function flagError(...values: unknown[]): never {
  const k = values.findIndex((value) => typeof value !== 'boolean' && value !== undefined);
  const names = ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'] as const;
  throw new TypeError(`flags.${names[k]} must be a boolean, got ${describe(values[k])}`);
}

/** Checks the padding (docs/rules.md E1) and writes it into `area` after the options, when it fits. */
function readPadding(
  padding: unknown,
  afterEol: boolean,
  craft: boolean,
  area: Uint8Array,
  at: number,
): number {
  const n = bytesLength(padding, 'padding');
  if (n > 0 && !afterEol && !craft) {
    throw new RangeError('padding must follow a final eol option (or use craft to write it anyway)');
  }
  if (at + n <= (40 satisfies typeof TCP_MAX_OPTIONS_LENGTH))
    for (let j = 0; j < n; j++) area[at + j] = (padding as Uint8Array)[j]!;
  return at + n;
}

/**
 * Checks the options and the padding (docs/rules.md E1, E3) and writes them as bytes into `area`;
 * returns the bytes they take, before the zero fill to a multiple of 4.
 */
function readOptionArea(options: unknown, padding: unknown, craft: boolean, area: Uint8Array): number {
  let at = 0;
  let afterEol = false;
  if (options !== undefined) {
    if (!Array.isArray(options)) throw new TypeError(`options must be an array, got ${describe(options)}`);
    // Each option takes at least one of the 40 option bytes (docs/rules.md E3): an array that claims
    // more is refused before it is walked, so the work is bounded whatever its length says.
    const count: unknown = options.length;
    if (
      !(
        typeof count === 'number' &&
        count >>> 0 === count &&
        count <= (40 satisfies typeof TCP_MAX_OPTIONS_LENGTH)
      )
    ) {
      const message = `options and padding must fit in 0..40 bytes, got ${describe(count)} options`;
      throw typeof count === 'number' ? new RangeError(message) : new TypeError(message);
    }
    for (let i = 0; i < count; i++) {
      const option: unknown = options[i];
      if (afterEol && !craft) {
        throw new RangeError(
          `options[${i}] follows an eol; put bytes after an eol in padding (or use craft to write them as options)`,
        );
      }
      // `kind` is read once: options of many kinds make every read of it a slow, megamorphic one.
      const kind: unknown =
        typeof option === 'object' && option !== null ? (option as TcpOption).kind : undefined;
      at = encodeOption(option, kind, craft, area, at, 'options', i);
      afterEol = kind === 'eol';
    }
  }
  if (padding !== undefined) at = readPadding(padding, afterEol, craft, area, at);
  if (at > (40 satisfies typeof TCP_MAX_OPTIONS_LENGTH)) {
    throw new RangeError(`options and padding must fit in 0..40 bytes, got ${at}`);
  }
  return at;
}

/**
 * Reads every field of `header` once, checks it (docs/rules.md E1-E9), and only then writes it from
 * what it read: into `target` from `offset` when the target (its length read only now, after the
 * header's getters have run) holds it; into new bytes left in `scratch.out` when `target` is null
 * and `measure` false; nowhere when `measure` is true.
 * Returns the header's length in bytes. Before its checks pass it writes only into `scratch`.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: one pass on purpose, docs/performance.md P3
function encodeHeader(
  scratch: Scratch,
  header: unknown,
  craft: boolean,
  target: Uint8Array | null,
  offset: number,
  measure: boolean,
): number {
  if (typeof header !== 'object' || header === null) {
    throw new TypeError(`header must be an object, got ${describe(header)}`);
  }
  // Every field is read once, here, before any check: a check that may throw is a call the compiler
  // must assume can change the object, so reads between checks would each test its shape again.
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
  } = header as TcpHeaderInit;
  // Written out, not through a helper: see `encodeOption` in options/encode.ts on boxing.
  if (!(typeof srcPort === 'number' && (srcPort & 0xffff) === srcPort))
    throw integerError(srcPort, 'srcPort', 0, 0xffff);
  if (!(typeof dstPort === 'number' && (dstPort & 0xffff) === dstPort))
    throw integerError(dstPort, 'dstPort', 0, 0xffff);
  if (!(typeof seq === 'number' && seq >>> 0 === seq)) throw integerError(seq, 'seq', 0, 0xffffffff);
  if (!(typeof ack === 'number' && ack >>> 0 === ack)) throw integerError(ack, 'ack', 0, 0xffffffff);
  if (!(typeof reserved === 'number' && (reserved & 7) === reserved))
    throw integerError(reserved, 'reserved', 0, 7);
  const flagBits = flags === undefined ? 0 : readFlags(flags);
  if (!(typeof window === 'number' && (window & 0xffff) === window))
    throw integerError(window, 'window', 0, 0xffff);
  if (!(typeof checksum === 'number' && (checksum & 0xffff) === checksum))
    throw integerError(checksum, 'checksum', 0, 0xffff);
  if (!(typeof urgentPointer === 'number' && (urgentPointer & 0xffff) === urgentPointer))
    throw integerError(urgentPointer, 'urgentPointer', 0, 0xffff);

  const area = scratch.area;
  const optionBytes = readOptionArea(options, padding, craft, area);
  let length: number;
  let dataOffset: number;
  if (craft && given !== undefined) {
    assertInteger(given, 'dataOffset', 0, 15);
    length = (20 satisfies typeof TCP_MIN_HEADER_LENGTH) + optionBytes;
    dataOffset = given;
  } else {
    length = (20 satisfies typeof TCP_MIN_HEADER_LENGTH) + ((optionBytes + 3) & ~3);
    dataOffset = length >> 2;
    // A given data offset equal to the derived one is an integer in 5..15: only others need checking.
    if (given !== undefined && given !== dataOffset) {
      assertInteger(given, 'dataOffset', 5, 15);
      throw new RangeError(
        `dataOffset must be ${dataOffset} for ${optionBytes} bytes of options and padding, got ${given} (use craft to write it anyway)`,
      );
    }
  }
  if (measure) return length;
  let t: Uint8Array;
  let o: number;
  if (target === null) {
    t = scratch.out = new Uint8Array(length);
    o = 0;
  } else {
    // Read again now: a getter of the header may have resized or detached the target's buffer.
    const size: unknown = target.length;
    if (!(typeof size === 'number' && size - offset >= length)) {
      const room = typeof size === 'number' ? size - offset : describe(size);
      throw new RangeError(`target must have ${length} bytes from offset ${offset}, got ${room}`);
    }
    t = target;
    o = offset;
  }
  // Literal offsets checked against constants.ts by `satisfies` (docs/performance.md P2).
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
  // Data offset in the high nibble, then the reserved bits and NS (RFC 9293 §3.1).
  t[o + (12 satisfies typeof F.DATA_OFFSET)] = (dataOffset << 4) | (reserved << 1) | (flagBits >> 8);
  t[o + (13 satisfies typeof F.FLAGS)] = flagBits;
  t[o + (14 satisfies typeof F.WINDOW)] = window >>> 8;
  t[o + 15] = window;
  t[o + (16 satisfies typeof F.CHECKSUM)] = checksum >>> 8;
  t[o + 17] = checksum;
  t[o + (18 satisfies typeof F.URGENT_POINTER)] = urgentPointer >>> 8;
  t[o + 19] = urgentPointer;
  const start = o + (20 satisfies typeof F.OPTIONS);
  for (let k = 0; k < optionBytes; k++) t[start + k] = area[k]!;
  // Zero fill up to a multiple of 4; its first byte reads back as an EOL, as Linux sends it.
  const end = o + length;
  for (let i = start + optionBytes; i < end; i++) t[i] = 0;
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
  const craft = isCraft(options);
  const scratch = takeScratch();
  try {
    return encodeHeader(scratch, header, craft, null, 0, true);
  } finally {
    if (scratch === SHARED) sharedInUse = false;
  }
}

/**
 * Encodes a header into new bytes. The data offset is derived from the options and padding, which
 * are zero-filled to a multiple of 4 bytes; every field is read once and checked first.
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
  const scratch = takeScratch();
  try {
    encodeHeader(scratch, header, craft, null, 0, false);
    return scratch.out;
  } finally {
    if (scratch === SHARED) sharedInUse = false;
  }
}

/**
 * Encodes a header into `target` at `offset`, allocating nothing.
 * It writes the same bytes as {@link encode}, in RFC 9293 §3.1's layout: only
 * `target[offset, offset + returned length)`, and nothing at all when it throws.
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
  // `offset >>> 0 === offset` holds exactly for the integers 0..2^32-1 (and -0); the typeof test
  // first, since `>>>` throws the engine's own TypeError on a BigInt or a Symbol.
  // A Proxy passes instanceof but not ArrayBuffer.isView; a subclass may answer anything for length.
  const size: unknown =
    target instanceof Uint8Array && ArrayBuffer.isView(target) ? target.length : undefined;
  if (
    !(typeof size === 'number' && typeof offset === 'number' && offset >>> 0 === offset && offset <= size)
  ) {
    assertOffset(offset, bytesLength(target, 'target'));
  }
  const craft = isCraft(options);
  const scratch = takeScratch();
  try {
    // The target's room is measured after the header is read: a getter may resize its buffer.
    return encodeHeader(scratch, header, craft, target, offset, false);
  } finally {
    if (scratch === SHARED) sharedInUse = false;
  }
}
