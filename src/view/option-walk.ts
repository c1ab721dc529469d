/**
 * The view's option walk (RFC 9293 §3.2 option layout): an iterator of entries that is also a
 * cursor allocating nothing, with the checks of `decode` in the same order. A malformed option ends
 * the walk in one entry that carries the problem instead of throwing.
 *
 * @module
 */
import { type TCP_FIELD as F, type TCP_MIN_HEADER_LENGTH, TCP_OPTION_KIND } from '../constants.ts';
import type { TcpDecodeErrorCode } from '../errors.ts';
import { copyBytes, fixedLengthAllowed, parseOption, type TcpOption } from '../options.ts';

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
 * decode's (docs/rules.md D4). A module function, not a method, so the walk never escapes into a call.
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
