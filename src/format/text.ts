/**
 * Small text helpers shared by the tcpdump-style printers: big-endian reads and the number and byte
 * forms tcpdump's `printf` formats produce.
 *
 * @module
 */

/** Big-endian 16-bit read (the caller has checked the bounds). */
export const readU16 = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!;

/** Big-endian 32-bit read, unsigned (the caller has checked the bounds). */
export const readU32 = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Big-endian 64-bit read as a bigint, for tcpdump's `%" PRIu64 "` and `%" PRIx64 "`. */
export const readU64 = (b: Uint8Array, i: number): bigint =>
  (BigInt(readU32(b, i)) << 32n) | BigInt(readU32(b, i + 4));

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

/** IPv4 address bytes in dotted-quad text. */
export function ipv4Text(b: Uint8Array, i: number): string {
  return `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
}

/**
 * IPv6 address bytes as tcpdump prints them (its `addrtostr6`, the classic `inet_ntop` rules): groups
 * in lowercase hex without leading zeros, the longest run of two or more zero groups (the first of
 * equal runs) written `::`, and `::a.b.c.d` / `::ffff:a.b.c.d` for IPv4-compatible and -mapped
 * addresses.
 */
export function ipv6Text(b: Uint8Array, i: number): string {
  const words: number[] = [];
  for (let w = 0; w < 8; w++) words.push(readU16(b, i + 2 * w));
  let bestBase = -1;
  let bestLength = 0;
  for (let w = 0; w < 8; ) {
    if (words[w] !== 0) {
      w++;
      continue;
    }
    let end = w;
    while (end < 8 && words[end] === 0) end++;
    if (end - w > bestLength) {
      bestBase = w;
      bestLength = end - w;
    }
    w = end;
  }
  if (bestLength < 2) bestBase = -1;
  const embedsIpv4 = bestBase === 0 && (bestLength === 6 || (bestLength === 5 && words[5] === 0xffff));
  let text = '';
  for (let w = 0; w < 8; w++) {
    if (bestBase !== -1 && w >= bestBase && w < bestBase + bestLength) {
      if (w === bestBase) text += ':';
      continue;
    }
    if (w !== 0) text += ':';
    if (w === 6 && embedsIpv4) return text + ipv4Text(b, i + 12);
    text += words[w]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLength === 8) text += ':';
  return text;
}
