/**
 * Big-endian reads and writes of 16, 24 and 32-bit unsigned numbers in a byte array (network byte
 * order, RFC 9293 §3.1), shared by the decoder, the encoder and the view.
 *
 * Each is a one-line function on purpose: V8 inlines a function whose bytecode is at most 27 bytes
 * wherever it is called, outside its inlining budget, so a caller pays no call for them, and a
 * getter that calls one stays small enough to be inlined the same way.
 *
 * Internal: not exported from the package.
 *
 * @module
 */

/** `b[i..i+2)` as a big-endian unsigned 16-bit number. */
export const u16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

/** `b[i..i+3)` as a big-endian unsigned 24-bit number. */
export const u24 = (b: Uint8Array, i: number): number => (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;

/** `b[i..i+4)` as a big-endian unsigned 32-bit number (0..2^32-1, never negative). */
export const u32 = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Writes the low 16 bits of `v` big-endian at `t[i]`. */
export const w16 = (t: Uint8Array, i: number, v: number): void => {
  t[i] = v >>> 8;
  t[i + 1] = v;
};

/** Writes the low 24 bits of `v` big-endian at `t[i]`. */
export const w24 = (t: Uint8Array, i: number, v: number): void => {
  t[i] = v >>> 16;
  t[i + 1] = v >>> 8;
  t[i + 2] = v;
};

/**
 * Writes the low 32 bits of `v` big-endian at `t[i]`. Callers pass `x | 0` for a value that may be
 * above 2^31: the same low 32 bits, held as an int32, so it is never boxed to be passed.
 */
export const w32 = (t: Uint8Array, i: number, v: number): void => {
  t[i] = v >>> 24;
  t[i + 1] = v >>> 16;
  t[i + 2] = v >>> 8;
  t[i + 3] = v;
};

/** `b[i..i+2)` as a little-endian unsigned 16-bit number (pcap and pcapng files written on little-endian hosts). */
export const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8);

/** `b[i..i+4)` as a little-endian unsigned 32-bit number (0..2^32-1, never negative). */
export const u32le = (b: Uint8Array, i: number): number =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
