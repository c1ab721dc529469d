/**
 * A zero-copy view of a TCP header inside a byte array: getters and setters that read and write the
 * wire bytes in place (RFC 9293 §3.1), in the manner of smoltcp's `TcpPacket`.
 *
 * Guarantees:
 * - {@link TcpView.from} checks the length and the data offset once, as {@link decode} does; after
 *   that no getter throws, whatever the bytes hold, even if they are changed behind the view's back
 *   (the option walk stays inside the array).
 * - Reading a number or a flag allocates nothing (checked by a heap-growth test);
 *   {@link TcpView.optionBytes} and {@link TcpView.payload} allocate a subarray (a view, not a copy).
 * - Setters check their value as {@link encode} does (`TypeError` for a wrong type, `RangeError`
 *   out of range, the same messages) and write only the bytes of their field.
 * - {@link TcpView.options} walks the option area lazily, with the same checks in the same order as
 *   {@link decode}; a malformed option ends the walk in one entry that carries the problem instead of
 *   throwing (see {@link TcpViewOption.problem}). The walk is an iterator of entries and also a
 *   cursor that allocates nothing ({@link TcpOptionWalk.advance}).
 *
 * Implementation note: the classes' fields are `declare`d and assigned in their constructors, so
 * each object gets its fields in one place whatever the compile target (below ES2022, a class field
 * declaration becomes one `Object.defineProperty` call per field per object, which alone would cost
 * more than the rest of `TcpView.from`).
 *
 * @module
 */
import { type PseudoHeader, verifyTcpChecksum, writeTcpChecksum } from './checksum.ts';
import { TCP_FIELD as F, TCP_FLAG, TCP_MIN_HEADER_LENGTH, TCP_OPTION_KIND } from './constants.ts';
import {
  assertBoolean,
  assertBytes,
  assertInteger,
  assertOffset,
  type TcpDecodeErrorCode,
} from './errors.ts';
import { decodeHeader, type TcpHeader } from './header.ts';
import { copyBytes, fixedLengthAllowed, parseOption, type TcpOption } from './options.ts';

// The hot paths below spell field offsets, flag masks and option kinds as number literals, each
// checked against its constant in constants.ts by `satisfies` (erased when compiled, so a literal
// that drifts from the constant fails type-checking). A literal costs less bytecode than a module
// constant, and bytecode is what V8's inliner counts: it inlines callees into one function up to
// about 920 bytes of their bytecode (those of at most 27 bytes always). A loop that reads a fresh
// view compiles to plain byte loads, the view never allocated, only when every getter and method
// it calls is inlined, so every byte here counts (see README, Performance). For the same reason no
// hot method passes `this` to a call that may stay a call: the object would escape. The flag getters
// return `!!(byte & mask)`, four bytes of bytecode shorter than `(byte & mask) !== 0`.
/** NS in byte 12: TCP_FLAG.NS (0x100) is its place in the 12 bits after the data offset. */
const NS = TCP_FLAG.NS >> 8;

/**
 * One option found by {@link TcpView.options} (RFC 9293 §3.2 option layout): where it is and what
 * kind it is, without decoding its fields (call {@link TcpViewOption.toOption} for that).
 *
 * @example
 * ```ts
 * for (const entry of view.options()) {
 *   if (entry.code === TCP_OPTION_KIND.TIMESTAMPS) console.log(entry.offset, entry.toOption());
 * }
 * ```
 */
export class TcpViewOption {
  /** The bytes of the view this entry was found in. */
  declare readonly bytes: Uint8Array;
  /** Where the header starts in `bytes`. */
  declare readonly base: number;
  /** The kind byte (0..255). */
  declare readonly code: number;
  /** Offset of the kind byte from the start of the header (20..59). */
  declare readonly offset: number;
  /**
   * Bytes the option takes: 1 for EOL and NOP, its length byte for the others; for an entry with a
   * `problem`, the rest of the option area.
   */
  declare readonly length: number;
  /**
   * Null for a well-formed option. Otherwise the error {@link decode} throws at this offset
   * (`OPTION_TRUNCATED`, `OPTION_BAD_LENGTH` or `OPTION_OVERRUN`); the entry then covers the rest of
   * the option area and is the last one, as {@link decodeLenient} keeps it in one `raw` option.
   */
  declare readonly problem: TcpDecodeErrorCode | null;

  /**
   * Made by the option walk; users get entries from {@link TcpView.options}.
   *
   * @param bytes - the view's bytes
   * @param base - where the header starts in `bytes`
   * @param code - the kind byte
   * @param offset - offset of the kind byte from the header's start
   * @param length - bytes the entry covers
   * @param problem - null, or why the option is malformed
   */
  constructor(
    bytes: Uint8Array,
    base: number,
    code: number,
    offset: number,
    length: number,
    problem: TcpDecodeErrorCode | null,
  ) {
    this.bytes = bytes;
    this.base = base;
    this.code = code;
    this.offset = offset;
    this.length = length;
    this.problem = problem;
  }

  /**
   * The option decoded as {@link decode} decodes it (byte fields are copies); an entry with a
   * `problem` gives the `raw` option {@link decodeLenient} gives, holding the rest of the area.
   *
   * @returns a new option object
   * @example
   * ```ts
   * const mss = [...view.options()].find((e) => e.code === 2)?.toOption();
   * ```
   */
  toOption(): TcpOption {
    return decodeEntry(this.bytes, this.base + this.offset, this.code, this.length, this.problem);
  }
}

/** The end of every walk (shared: `for...of` only reads it). */
const WALK_DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * The lazy option walk of a {@link TcpView}, in wire order (RFC 9293 §3.2: EOL and NOP are one
 * byte, every other kind is kind, length, data), usable two ways:
 * - as an iterator (and iterable) of {@link TcpViewOption} entries, one new object per option;
 * - as a cursor that allocates nothing: {@link TcpOptionWalk.advance} moves to the next option and
 *   `code`, `offset`, `length` and `problem` describe the current one.
 *
 * The walk stops after an EOL (the bytes after it are padding), at the end of the header, or after an
 * option with a `problem`. Each step moves at least one byte, so it always ends. It never throws.
 *
 * @example
 * ```ts
 * const kinds = Array.from(view.options(), (entry) => entry.code); // [2, 4, 8, 1, 3]
 * const walk = view.options();
 * while (walk.advance()) if (walk.code === TCP_OPTION_KIND.MSS) console.log(walk.toOption());
 * ```
 */
export class TcpOptionWalk implements IterableIterator<TcpViewOption> {
  declare private readonly bytes: Uint8Array;
  declare private readonly base: number;
  declare private readonly end: number;
  /** Absolute index of the next option's kind byte. */
  declare private at: number;
  /** Absolute index of the current option's kind byte (-1 before the first step). */
  declare private start: number;
  declare private currentCode: number;
  declare private currentLength: number;
  declare private currentProblem: TcpDecodeErrorCode | null;

  /**
   * Made by {@link TcpView.options}.
   *
   * @param bytes - the view's bytes
   * @param base - where the header starts in `bytes`
   */
  constructor(bytes: Uint8Array, base: number) {
    this.bytes = bytes;
    this.base = base;
    // The header's end by its data offset, clamped to the bytes in case they were changed behind
    // the view's back since `from`.
    this.end = Math.min(base + (bytes[base + (12 satisfies typeof F.DATA_OFFSET)]! >> 4) * 4, bytes.length);
    this.at = base + (20 satisfies typeof TCP_MIN_HEADER_LENGTH);
    this.start = -1;
    this.currentCode = -1;
    this.currentLength = 0;
    this.currentProblem = null;
  }

  /** The current option's kind byte (-1 before the first step). */
  get code(): number {
    return this.currentCode;
  }
  /** Offset of the current option's kind byte from the start of the header. */
  get offset(): number {
    return this.start - this.base;
  }
  /**
   * Bytes the current option takes: 1 for EOL and NOP, its length byte for the others, the rest of the
   * option area when it has a `problem`.
   */
  get length(): number {
    return this.currentLength;
  }
  /** Null, or what is wrong with the current option (see {@link TcpViewOption.problem}). */
  get problem(): TcpDecodeErrorCode | null {
    return this.currentProblem;
  }

  /**
   * Moves to the next option. Allocates nothing and never throws.
   *
   * @returns false when there is none (the walk is over)
   * @example
   * ```ts
   * const walk = view.options();
   * let count = 0;
   * while (walk.advance()) count++;
   * ```
   */
  advance(): boolean {
    const i = this.at;
    const end = this.end;
    if (i >= end) return false;
    const b = this.bytes;
    const kind = b[i]!;
    // RFC 9293 §3.2: kinds 0 (EOL) and 1 (NOP) are one byte; every other kind is kind, length, data.
    let length = 1;
    if (kind > (1 satisfies typeof TCP_OPTION_KIND.NOP)) {
      length = i + 1 < end ? b[i + 1]! : 0;
      if (length < 2 || i + length > end || !fixedLengthAllowed(kind, length)) {
        // The entry covers the rest of the area and ends the walk, as decodeLenient keeps it.
        this.currentProblem = optionProblem(b, i, end);
        length = end - i;
      }
    }
    this.start = i;
    this.currentCode = kind;
    this.currentLength = length;
    this.at = kind === (0 satisfies typeof TCP_OPTION_KIND.EOL) ? end : i + length;
    return true;
  }

  /**
   * The current option as an entry that stays valid after the walk moves on.
   *
   * @returns a new {@link TcpViewOption}
   * @example
   * ```ts
   * const walk = view.options();
   * const first = walk.advance() ? walk.entry() : undefined;
   * ```
   */
  entry(): TcpViewOption {
    return new TcpViewOption(
      this.bytes,
      this.base,
      this.currentCode,
      this.start - this.base,
      this.currentLength,
      this.currentProblem,
    );
  }

  /**
   * The current option decoded, as {@link TcpViewOption.toOption} does.
   *
   * @returns a new option object
   * @example
   * ```ts
   * const walk = view.options();
   * while (walk.advance()) if (walk.code === 8) console.log(walk.toOption());
   * ```
   */
  toOption(): TcpOption {
    return decodeEntry(this.bytes, this.start, this.currentCode, this.currentLength, this.currentProblem);
  }

  /**
   * The next option as an entry, or `done` after the last one. Never throws.
   *
   * @returns an iterator result
   * @example
   * ```ts
   * const first = view.options().next().value;
   * ```
   */
  next(): IteratorResult<TcpViewOption, undefined> {
    return this.advance() ? { done: false, value: this.entry() } : WALK_DONE;
  }

  /**
   * The walk itself, so it works in `for...of`.
   *
   * @returns this walk
   * @example
   * ```ts
   * for (const entry of view.options()) console.log(entry.code);
   * ```
   */
  [Symbol.iterator](): TcpOptionWalk {
    return this;
  }
}

/**
 * Why the option at `i` is malformed, given that decode rejects it: the checks and their order are
 * decode's (design §4). A module function, not a method, so the walk never escapes into a call.
 */
function optionProblem(b: Uint8Array, i: number, end: number): TcpDecodeErrorCode {
  if (i + 1 >= end) return 'OPTION_TRUNCATED';
  // Lengths 0 and 1 never overrun here.
  return i + b[i + 1]! > end ? 'OPTION_OVERRUN' : 'OPTION_BAD_LENGTH';
}

/** Decodes one walked option: `raw` for one with a problem, else as decode does. */
function decodeEntry(
  bytes: Uint8Array,
  at: number,
  code: number,
  length: number,
  problem: TcpDecodeErrorCode | null,
): TcpOption {
  if (problem !== null) return { kind: 'raw', bytes: copyBytes(bytes, at, at + length) };
  if (code === TCP_OPTION_KIND.EOL) return { kind: 'eol' };
  if (code === TCP_OPTION_KIND.NOP) return { kind: 'nop' };
  // The walk has checked the length (a `problem` otherwise), so this is never null.
  return parseOption(bytes, at, code, length)!;
}

/**
 * The nine flags of a {@link TcpView} (RFC 9293 §3.1; CWR and ECE RFC 3168 §6.1; NS, now AE,
 * RFC 9768 §3.1), read and written in place (`view.flags.syn = true`). Same names as `TcpFlags`, so
 * code that reads `header.flags.ack` reads a view too.
 *
 * @example
 * ```ts
 * if (view.flags.syn && !view.flags.ack) console.log('SYN');
 * view.flags.psh = true;
 * ```
 */
export class TcpFlagsView {
  declare private readonly bytes: Uint8Array;
  /** Absolute index of byte 12 (NS) and of byte 13 (CWR..FIN): each getter is then one load. */
  declare private readonly at12: number;
  declare private readonly at13: number;

  /**
   * Made with its {@link TcpView}.
   *
   * @param bytes - the view's bytes
   * @param base - where the header starts in `bytes`
   */
  constructor(bytes: Uint8Array, base: number) {
    this.bytes = bytes;
    this.at12 = base + (12 satisfies typeof F.DATA_OFFSET);
    this.at13 = base + (13 satisfies typeof F.FLAGS);
  }

  private set13(mask: number, value: boolean, label: string): void {
    assertBoolean(value, label);
    const i = this.at13;
    this.bytes[i] = value ? this.bytes[i]! | mask : this.bytes[i]! & ~mask;
  }

  /** NS (RFC 3540), now AE (RFC 9768 §3.1): bit 0 of byte 12. */
  get ns(): boolean {
    return !!(this.bytes[this.at12]! & NS);
  }
  /** @throws `TypeError` unless a boolean */
  set ns(value: boolean) {
    assertBoolean(value, 'flags.ns');
    const i = this.at12;
    this.bytes[i] = value ? this.bytes[i]! | NS : this.bytes[i]! & ~NS;
  }
  /** Congestion window reduced (RFC 3168). */
  get cwr(): boolean {
    return !!(this.bytes[this.at13]! & (0x80 satisfies typeof TCP_FLAG.CWR));
  }
  /** @throws `TypeError` unless a boolean */
  set cwr(value: boolean) {
    this.set13(TCP_FLAG.CWR, value, 'flags.cwr');
  }
  /** ECN-Echo (RFC 3168). */
  get ece(): boolean {
    return !!(this.bytes[this.at13]! & (0x40 satisfies typeof TCP_FLAG.ECE));
  }
  /** @throws `TypeError` unless a boolean */
  set ece(value: boolean) {
    this.set13(TCP_FLAG.ECE, value, 'flags.ece');
  }
  /** The urgent pointer is significant. */
  get urg(): boolean {
    return !!(this.bytes[this.at13]! & (0x20 satisfies typeof TCP_FLAG.URG));
  }
  /** @throws `TypeError` unless a boolean */
  set urg(value: boolean) {
    this.set13(TCP_FLAG.URG, value, 'flags.urg');
  }
  /** The acknowledgment number is significant. */
  get ack(): boolean {
    return !!(this.bytes[this.at13]! & (0x10 satisfies typeof TCP_FLAG.ACK));
  }
  /** @throws `TypeError` unless a boolean */
  set ack(value: boolean) {
    this.set13(TCP_FLAG.ACK, value, 'flags.ack');
  }
  /** Push function. */
  get psh(): boolean {
    return !!(this.bytes[this.at13]! & (0x08 satisfies typeof TCP_FLAG.PSH));
  }
  /** @throws `TypeError` unless a boolean */
  set psh(value: boolean) {
    this.set13(TCP_FLAG.PSH, value, 'flags.psh');
  }
  /** Reset the connection. */
  get rst(): boolean {
    return !!(this.bytes[this.at13]! & (0x04 satisfies typeof TCP_FLAG.RST));
  }
  /** @throws `TypeError` unless a boolean */
  set rst(value: boolean) {
    this.set13(TCP_FLAG.RST, value, 'flags.rst');
  }
  /** Synchronize sequence numbers. */
  get syn(): boolean {
    return !!(this.bytes[this.at13]! & (0x02 satisfies typeof TCP_FLAG.SYN));
  }
  /** @throws `TypeError` unless a boolean */
  set syn(value: boolean) {
    this.set13(TCP_FLAG.SYN, value, 'flags.syn');
  }
  /** No more data from sender. */
  get fin(): boolean {
    return !!(this.bytes[this.at13]! & (0x01 satisfies typeof TCP_FLAG.FIN));
  }
  /** @throws `TypeError` unless a boolean */
  set fin(value: boolean) {
    this.set13(TCP_FLAG.FIN, value, 'flags.fin');
  }
}

/**
 * A TCP header (RFC 9293 §3.1) read and written in place: no copy, no decode of fields you do not
 * read.
 *
 * Made with {@link TcpView.from}, which checks the bytes once; afterwards every getter reads the
 * current bytes (changes made through `bytes` show through) and never throws. The segment is taken to
 * run from `offset` to the end of `bytes`, so {@link TcpView.payload} is the rest of the array.
 *
 * @example
 * ```ts
 * const view = TcpView.from(segment);
 * if (view.flags.syn) console.log(view.srcPort, '->', view.dstPort, view.seq);
 * view.window = 0;            // writes bytes 14-15 of the segment
 * ```
 */
export class TcpView {
  /** The array the view reads and writes (the caller's, not a copy). */
  declare readonly bytes: Uint8Array;
  /** Where the header starts in `bytes`. */
  declare readonly offset: number;
  /** The nine flags, read and written in place. */
  declare readonly flags: TcpFlagsView;

  private constructor(bytes: Uint8Array, offset: number) {
    this.bytes = bytes;
    this.offset = offset;
    this.flags = new TcpFlagsView(bytes, offset);
  }

  /**
   * A view of the header at `bytes[offset]`, after the checks {@link decode} makes before the
   * options: at least 20 bytes, a data offset of at least 5, and `dataOffset * 4` bytes present.
   * Options are not checked here; {@link TcpView.options} reports a malformed one.
   *
   * @param bytes - the segment (a `Buffer` works too); the view shares it
   * @param offset - where the header starts, default 0
   * @returns the view
   * @throws {@link TcpDecodeError} `TRUNCATED` or `BAD_DATA_OFFSET`, with the same fields as from
   *   {@link decode}
   * @throws `TypeError` / `RangeError` for a wrong argument
   * @example
   * ```ts
   * const view = TcpView.from(frame, 34); // Ethernet (14) + IPv4 (20)
   * view.dstPort; // 443
   * ```
   */
  static from(bytes: Uint8Array, offset = 0): TcpView {
    // The common case in one test; anything else (and its error) is `fromChecked`'s.
    // `offset >>> 0 === offset` holds exactly for the integers 0..2^32-1 (and -0).
    if (bytes instanceof Uint8Array && offset >>> 0 === offset) {
      const available = bytes.length - offset;
      if (available >= (20 satisfies typeof TCP_MIN_HEADER_LENGTH)) {
        const headerLength = (bytes[offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 4) * 4;
        if (headerLength >= 20 && headerLength <= available) return new TcpView(bytes, offset);
      }
    }
    return TcpView.fromChecked(bytes, offset);
  }

  /** `from` with every check: throws what decode throws, or accepts a `Uint8Array` of another realm. */
  private static fromChecked(bytes: Uint8Array, offset: number): TcpView {
    assertBytes(bytes, 'bytes');
    assertOffset(offset, bytes.length);
    const available = bytes.length - offset;
    if (available < TCP_MIN_HEADER_LENGTH) return rejectHeader(bytes, offset);
    const dataOffset = bytes[offset + F.DATA_OFFSET]! >> 4;
    if (dataOffset < 5 || dataOffset * 4 > available) return rejectHeader(bytes, offset);
    return new TcpView(bytes, offset);
  }

  /** Source port, 0..65535. */
  get srcPort(): number {
    const b = this.bytes;
    const i = this.offset + (0 satisfies typeof F.SRC_PORT);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set srcPort(value: number) {
    assertInteger(value, 'srcPort', 0, 0xffff);
    this.write16(F.SRC_PORT, value);
  }

  /** Destination port, 0..65535. */
  get dstPort(): number {
    const b = this.bytes;
    const i = this.offset + (2 satisfies typeof F.DST_PORT);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set dstPort(value: number) {
    assertInteger(value, 'dstPort', 0, 0xffff);
    this.write16(F.DST_PORT, value);
  }

  /** Sequence number, 0..2^32-1. */
  get seq(): number {
    const b = this.bytes;
    const i = this.offset + (4 satisfies typeof F.SEQ);
    return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..2^32-1 */
  set seq(value: number) {
    assertInteger(value, 'seq', 0, 0xffffffff);
    this.write32(F.SEQ, value);
  }

  /** Acknowledgment number, 0..2^32-1 (meaningful when `flags.ack`). */
  get ack(): number {
    const b = this.bytes;
    const i = this.offset + (8 satisfies typeof F.ACK);
    return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..2^32-1 */
  set ack(value: number) {
    assertInteger(value, 'ack', 0, 0xffffffff);
    this.write32(F.ACK, value);
  }

  /** Header length in 32-bit words, 5..15. */
  get dataOffset(): number {
    return this.bytes[this.offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 4;
  }
  /**
   * Rewrites only the data offset nibble: the options and payload do not move, the header just
   * covers more or fewer of the bytes. It must stay within the bytes, so no getter can fail later.
   *
   * @throws `TypeError` / `RangeError` unless an integer in 5..15 whose header fits in the bytes
   */
  set dataOffset(value: number) {
    const fits = Math.min(15, Math.floor((this.bytes.length - this.offset) / 4));
    assertInteger(value, 'dataOffset', 5, fits);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (value << 4) | (this.bytes[i]! & 0x0f);
  }

  /** The three reserved bits after the data offset, 0..7 (RFC 9293 §3.1). */
  get reserved(): number {
    return (this.bytes[this.offset + (12 satisfies typeof F.DATA_OFFSET)]! >> 1) & 7;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..7 */
  set reserved(value: number) {
    assertInteger(value, 'reserved', 0, 7);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (this.bytes[i]! & 0xf1) | (value << 1);
  }

  /** The 12 bits after the data offset: reserved (3), NS, CWR..FIN, as {@link TCP_FLAG} masks them. */
  get flagBits(): number {
    const i = this.offset + F.DATA_OFFSET;
    return ((this.bytes[i]! & 0x0f) << 8) | this.bytes[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..4095 */
  set flagBits(value: number) {
    assertInteger(value, 'flagBits', 0, 0xfff);
    const i = this.offset + F.DATA_OFFSET;
    this.bytes[i] = (this.bytes[i]! & 0xf0) | (value >> 8);
    this.bytes[i + 1] = value;
  }

  /** Receive window, 0..65535, unscaled. */
  get window(): number {
    const b = this.bytes;
    const i = this.offset + (14 satisfies typeof F.WINDOW);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set window(value: number) {
    assertInteger(value, 'window', 0, 0xffff);
    this.write16(F.WINDOW, value);
  }

  /** Checksum field as on the wire. */
  get checksum(): number {
    const b = this.bytes;
    const i = this.offset + (16 satisfies typeof F.CHECKSUM);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set checksum(value: number) {
    assertInteger(value, 'checksum', 0, 0xffff);
    this.write16(F.CHECKSUM, value);
  }

  /** Urgent pointer, 0..65535. */
  get urgentPointer(): number {
    const b = this.bytes;
    const i = this.offset + (18 satisfies typeof F.URGENT_POINTER);
    return (b[i]! << 8) | b[i + 1]!;
  }
  /** @throws `TypeError` / `RangeError` unless an integer in 0..65535 */
  set urgentPointer(value: number) {
    assertInteger(value, 'urgentPointer', 0, 0xffff);
    this.write16(F.URGENT_POINTER, value);
  }

  /** Header length in bytes, `dataOffset * 4` (20..60). */
  get headerLength(): number {
    return (this.bytes[this.offset + F.DATA_OFFSET]! >> 4) * 4;
  }

  /** The option area (bytes 20 to `headerLength`), a subarray sharing the view's bytes. */
  get optionBytes(): Uint8Array {
    return this.bytes.subarray(this.offset + TCP_MIN_HEADER_LENGTH, this.offset + this.headerLength);
  }

  /** Everything after the header to the end of `bytes`, a subarray sharing the view's bytes. */
  get payload(): Uint8Array {
    return this.bytes.subarray(this.offset + this.headerLength);
  }

  /**
   * Walks the options lazily, in wire order, with {@link decode}'s checks. Never throws: a malformed
   * option ends the walk in an entry whose `problem` says what is wrong (see {@link TcpViewOption}).
   * The walk allocates one object; iterating it allocates an entry per option, stepping it with
   * {@link TcpOptionWalk.advance} allocates nothing.
   *
   * @returns a walk: an iterator of {@link TcpViewOption}s, each with its offset and length, and a cursor
   * @example
   * ```ts
   * for (const entry of view.options()) {
   *   if (entry.problem !== null) console.log('bad option at', entry.offset, entry.problem);
   *   else if (entry.code === TCP_OPTION_KIND.MSS) console.log('MSS', entry.toOption());
   * }
   * const walk = view.options();
   * while (walk.advance()) if (walk.code === TCP_OPTION_KIND.TIMESTAMPS) console.log(walk.offset);
   * ```
   */
  options(): TcpOptionWalk {
    return new TcpOptionWalk(this.bytes, this.offset);
  }

  /**
   * The header as a plain object, exactly what {@link decode} returns for the same bytes.
   *
   * @returns a new {@link TcpHeader} (byte fields are copies)
   * @throws {@link TcpDecodeError} for a malformed option, as {@link decode}; use
   *   `decodeLenient(view.bytes, view.offset)` to keep what can be read
   * @example
   * ```ts
   * const header = TcpView.from(bytes).toHeader();
   * ```
   */
  toHeader(): TcpHeader {
    return decodeHeader(this.bytes, this.offset, null)!;
  }

  /**
   * Whether the segment's checksum is right (RFC 9293 §3.1), over the pseudo-header and the bytes
   * from the header to the end of `bytes`, as {@link verifyTcpChecksum} computes it.
   *
   * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
   * @returns true when the checksum field holds the right value
   * @throws `TypeError` / `RangeError` as {@link verifyTcpChecksum} (a bad address, a segment too long
   *   for IPv4)
   * @example
   * ```ts
   * const ok = TcpView.from(segment).verifyChecksum({ src: '192.0.2.1', dst: '198.51.100.7' });
   * ```
   */
  verifyChecksum(pseudo: PseudoHeader): boolean {
    return verifyTcpChecksum(this.bytes.subarray(this.offset), pseudo);
  }

  /**
   * Computes the checksum over the pseudo-header and the bytes from the header to the end of `bytes`
   * and writes it into the checksum field, as {@link writeTcpChecksum} does.
   *
   * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
   * @returns the checksum written
   * @throws `TypeError` / `RangeError` as {@link writeTcpChecksum}; nothing is written then
   * @example
   * ```ts
   * const view = TcpView.from(segment);
   * view.seq = 1000;
   * view.fillChecksum({ src: '192.0.2.1', dst: '198.51.100.7' });
   * ```
   */
  fillChecksum(pseudo: PseudoHeader): number {
    return writeTcpChecksum(this.bytes.subarray(this.offset), pseudo);
  }

  private write16(field: number, value: number): void {
    const i = this.offset + field;
    this.bytes[i] = value >>> 8;
    this.bytes[i + 1] = value;
  }

  private write32(field: number, value: number): void {
    const b = this.bytes;
    const i = this.offset + field;
    b[i] = value >>> 24;
    b[i + 1] = value >>> 16;
    b[i + 2] = value >>> 8;
    b[i + 3] = value;
  }
}

/**
 * Throws the error {@link decode} throws for a header whose length or data offset is bad, so the
 * view and the decoder report the same code, offset and message.
 */
function rejectHeader(bytes: Uint8Array, offset: number): never {
  decodeHeader(bytes, offset, null);
  // decodeHeader throws for every header `from` rejects; reaching this line is a bug.
  throw new Error('TcpView.from: decode accepted a header the view rejected');
}
