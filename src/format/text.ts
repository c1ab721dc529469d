/**
 * Small text helpers shared by the tcpdump-style printers: the number and byte forms tcpdump's
 * `printf` formats produce, and the 64-bit big-endian read its MPTCP keys and sequence numbers need.
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { u32 } from '../bytes.ts';

/** Big-endian 64-bit read as a bigint, for tcpdump's `%" PRIu64 "` and `%" PRIx64 "`. */
export const readU64 = (b: Uint8Array, i: number): bigint =>
  (BigInt(u32(b, i)) << 32n) | BigInt(u32(b, i + 4));

/** Decimal text of 0..9999, and the same zero-padded to four digits; built on first use. */
let decimalDigits: string[] | null = null;
let paddedDigits: string[] | null = null;

/**
 * Decimal text of an integer in 0..2^32-1 (`%u`), the same as `String(value)`: put together from
 * four-digit groups looked up in a table, so each result is one short flat string rather than a
 * fresh number conversion, which is most of the cost of printing a line of numbers.
 */
export function decimal(value: number): string {
  if (decimalDigits === null || paddedDigits === null) {
    decimalDigits = Array.from({ length: 10000 }, (_, i) => String(i));
    paddedDigits = decimalDigits.map((text) => text.padStart(4, '0'));
  }
  if (value < 10000) return decimalDigits[value]!;
  if (value < 100000000) {
    const high = (value / 10000) | 0;
    return decimalDigits[high]! + paddedDigits[value - high * 10000]!;
  }
  const high = Math.floor(value / 100000000);
  const rest = value - high * 100000000;
  const middle = (rest / 10000) | 0;
  return decimalDigits[high]! + paddedDigits[middle]! + paddedDigits[rest - middle * 10000]!;
}

/** `%02x` of each byte of `b[start .. end)`, concatenated. */
export function hexBytes(b: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += b[i]!.toString(16).padStart(2, '0');
  return text;
}

/** `%04x`. */
export const hex4 = (value: number): string => value.toString(16).padStart(4, '0');

/**
 * One byte as tcpdump's `fn_print_char` shows it: bytes above 0x7F get `M-` and lose their top bit,
 * then control characters and DEL become `^` and the character 0x40 away (`^@`, `^J`, `^?`).
 */
export function printableChar(byte: number): string {
  let c = byte;
  let text = '';
  if (c > 0x7f) {
    c &= 0x7f;
    text += 'M-';
  }
  if (c < 0x20 || c === 0x7f) {
    c ^= 0x40;
    text += '^';
  }
  return text + String.fromCharCode(c);
}
