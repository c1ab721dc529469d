/**
 * IPv4 and IPv6 addresses between text and bytes, for the checksum pseudo-header and for printing.
 *
 * Parsing accepts exactly the text forms of RFC 4291 §2.2 for IPv6 (1 to 4 hex digits per group,
 * any case, one `::` standing for one or more zero groups, an embedded dotted IPv4 address as the
 * last 32 bits) and dotted decimal for IPv4. Everything else is a `TypeError` that quotes the input:
 * zone indexes (`fe80::1%eth0`, RFC 4007), brackets, prefixes (`/64`), whitespace, and IPv4 parts
 * with leading zeros (`010.0.0.1`, which `inet_aton` would read as octal, RFC 6943 §3.1.1).
 *
 * Printing follows RFC 5952 §4: lower case, no leading zeros, the longest run of two or more zero
 * groups (the first of equal runs) shortened to `::`, and IPv4-mapped addresses in the mixed form
 * `::ffff:192.0.2.1` (RFC 5952 §5).
 *
 * @module
 */
import { u16, w16 } from './bytes.ts';
import { describe, isBytes } from './guards.ts';

/**
 * An IP address as text (`"192.0.2.1"`, `"2001:db8::1"`, any RFC 4291 §2.2 form) or as its 4 or 16
 * bytes in network order.
 *
 * @example
 * ```ts
 * const a: IpAddress = '2001:db8::1';
 * const b: IpAddress = Uint8Array.of(192, 0, 2, 1);
 * ```
 */
export type IpAddress = string | Uint8Array;

/** Dotted decimal, four parts 0..255 without leading zeros (RFC 4291 §2.2 form 3, RFC 6943 §3.1.1). */
const DOTTED_PART = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const DOTTED_QUAD = new RegExp(`^${DOTTED_PART}\\.${DOTTED_PART}\\.${DOTTED_PART}\\.${DOTTED_PART}$`);
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** The parsed address, or null when `text` is not dotted decimal. */
function ipv4FromText(text: string): Uint8Array | null {
  if (!DOTTED_QUAD.test(text)) return null;
  const parts = text.split('.');
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = Number(parts[i]);
  return out;
}

/**
 * Writes the groups of one side of an IPv6 address (a `:`-separated list, possibly ending in a
 * dotted IPv4 address when `mayEndInIpv4`) into `words`; returns how many 16-bit groups it held,
 * or -1 when a group is not 1..4 hex digits.
 */
function ipv6Groups(side: string, mayEndInIpv4: boolean, words: number[]): number {
  if (side === '') return 0;
  const groups = side.split(':');
  let count = 0;
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i] as string;
    if (HEX_GROUP.test(group)) {
      words.push(Number.parseInt(group, 16));
      count++;
    } else if (mayEndInIpv4 && i === groups.length - 1) {
      const v4 = ipv4FromText(group);
      if (v4 === null) return -1;
      words.push(u16(v4, 0), u16(v4, 2));
      count += 2;
    } else {
      return -1;
    }
  }
  return count;
}

/** The parsed address, or null when `text` is not an RFC 4291 §2.2 text form. */
function ipv6FromText(text: string): Uint8Array | null {
  const gap = text.indexOf('::');
  const head: number[] = [];
  const tail: number[] = [];
  let groups: number;
  if (gap === -1) {
    groups = ipv6Groups(text, true, head);
    if (groups !== 8) return null;
  } else {
    if (text.indexOf('::', gap + 1) !== -1) return null; // at most one "::" (RFC 4291 §2.2 form 2)
    const left = ipv6Groups(text.slice(0, gap), false, head);
    const right = ipv6Groups(text.slice(gap + 2), true, tail);
    if (left < 0 || right < 0) return null;
    groups = left + right;
    if (groups > 7) return null; // "::" stands for at least one group
  }
  const out = new Uint8Array(16);
  const words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  for (let i = 0; i < 8; i++) w16(out, 2 * i, words[i]!);
  return out;
}

/**
 * Parses dotted-decimal IPv4 text (RFC 4291 §2.2 form 3 uses the same notation) into 4 bytes.
 *
 * @param text - e.g. `"192.0.2.1"`; each part 0..255, no leading zeros
 * @returns 4 bytes in network order
 * @throws `TypeError` when `text` is not a string or not dotted decimal (the message quotes it)
 * @example
 * ```ts
 * parseIPv4('192.0.2.1'); // Uint8Array [192, 0, 2, 1]
 * ```
 */
export function parseIPv4(text: string): Uint8Array {
  const bytes = typeof text === 'string' ? ipv4FromText(text) : null;
  if (bytes === null) throw new TypeError(`address must be IPv4 dotted decimal, got ${describe(text)}`);
  return bytes;
}

/**
 * Parses IPv6 text in any RFC 4291 §2.2 form (full, `::`-shortened, embedded IPv4) into 16 bytes.
 *
 * @param text - e.g. `"2001:db8::1"`, `"::ffff:192.0.2.1"`, `"2001:0DB8:0:0:0:0:0:1"`
 * @returns 16 bytes in network order
 * @throws `TypeError` when `text` is not a string or not an IPv6 text form (the message quotes it)
 * @example
 * ```ts
 * parseIPv6('::ffff:192.0.2.1'); // 10 zero bytes, 0xff, 0xff, 192, 0, 2, 1
 * ```
 */
export function parseIPv6(text: string): Uint8Array {
  const bytes = typeof text === 'string' ? ipv6FromText(text) : null;
  if (bytes === null) throw new TypeError(`address must be IPv6 text (RFC 4291 §2.2), got ${describe(text)}`);
  return bytes;
}

/**
 * Parses IPv4 or IPv6 text into 4 or 16 bytes: a `:` means IPv6 (RFC 4291 §2.2), otherwise dotted
 * decimal IPv4.
 *
 * @param text - the address as text
 * @returns 4 bytes for IPv4, 16 for IPv6
 * @throws `TypeError` when `text` is not a string or not an address (the message quotes it)
 * @example
 * ```ts
 * parseAddress('10.0.0.1').length; // 4
 * parseAddress('fe80::1').length; // 16
 * ```
 */
export function parseAddress(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError(`address must be a string, got ${describe(text)}`);
  return addressBytes(text, 'address');
}

/**
 * The bytes of an address given as text or bytes; bytes of length 4 or 16 are returned as they are.
 * `label` names the argument in error messages.
 *
 * @internal
 */
export function addressBytes(address: unknown, label: string): Uint8Array {
  if (typeof address === 'string') {
    const bytes = address.includes(':') ? ipv6FromText(address) : ipv4FromText(address);
    if (bytes !== null) return bytes;
    throw new TypeError(`${label} must be an IPv4 or IPv6 address (RFC 4291 §2.2), got ${describe(address)}`);
  }
  if (isBytes(address)) {
    if (address.length === 4 || address.length === 16) return address;
    throw new RangeError(`${label} must be 4 (IPv4) or 16 (IPv6) bytes, got ${address.length}`);
  }
  throw new TypeError(`${label} must be a string or a Uint8Array of 4 or 16 bytes, got ${describe(address)}`);
}

/** IPv4 address bytes `b[i..i+4)` in dotted-quad text. */
export function ipv4Text(b: Uint8Array, i: number): string {
  return `${b[i]}.${b[i + 1]}.${b[i + 2]}.${b[i + 3]}`;
}

/**
 * The 16 address bytes at `b[i..i+16)` as text: groups in lower-case hex without leading zeros, the
 * longest run of two or more zero groups (the first of equal runs) written `::` (RFC 5952 §4.1-4.2),
 * and IPv4-mapped addresses (RFC 4291 §2.5.5.2) as `::ffff:a.b.c.d` (RFC 5952 §5). With
 * `compatible`, IPv4-compatible addresses (six zero groups, RFC 4291 §2.5.5.1) as `::a.b.c.d` too,
 * as the classic `inet_ntop` and tcpdump's `addrtostr6` print them.
 */
function ipv6At(b: Uint8Array, i: number, compatible: boolean): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let w = 0; w < 8; ) {
    if (u16(b, i + 2 * w) !== 0) {
      w++;
      continue;
    }
    let end = w;
    while (end < 8 && u16(b, i + 2 * end) === 0) end++;
    if (end - w > bestLength) {
      bestStart = w;
      bestLength = end - w;
    }
    w = end;
  }
  if (bestStart === 0 && bestLength === 5 && u16(b, i + 10) === 0xffff)
    return `::ffff:${ipv4Text(b, i + 12)}`;
  if (compatible && bestStart === 0 && bestLength === 6) return `::${ipv4Text(b, i + 12)}`;
  let text = '';
  for (let w = 0; w < 8; w++) {
    if (w === bestStart) {
      text += '::';
      w += bestLength - 1;
      continue;
    }
    if (w !== 0 && w !== bestStart + bestLength) text += ':';
    text += u16(b, i + 2 * w).toString(16);
  }
  return text;
}

/**
 * IPv6 address bytes `b[i..i+16)` as tcpdump prints them (its `addrtostr6`, the classic `inet_ntop`
 * rules): RFC 5952 §4's text, and `::a.b.c.d` for IPv4-compatible addresses besides
 * `::ffff:a.b.c.d` for IPv4-mapped ones.
 */
export function ipv6Text(b: Uint8Array, i: number): string {
  return ipv6At(b, i, true);
}

/**
 * Prints an address: dotted decimal for IPv4, RFC 5952 §4 for IPv6 (lower case, no leading zeros,
 * the longest run of two or more zero groups as `::`, IPv4-mapped as `::ffff:a.b.c.d`). Text is
 * parsed first, so this also puts any RFC 4291 text form into the canonical one.
 *
 * @param address - 4 or 16 bytes, or text
 * @returns the canonical text
 * @throws `TypeError` for text that is not an address or a value of another type; `RangeError` for
 *   bytes that are not 4 or 16 long
 * @example
 * ```ts
 * formatAddress(Uint8Array.of(192, 0, 2, 1)); // '192.0.2.1'
 * formatAddress('2001:0DB8:0:0:1:0:0:1'); // '2001:db8::1:0:0:1'
 * ```
 */
export function formatAddress(address: IpAddress): string {
  const bytes = addressBytes(address, 'address');
  return bytes.length === 4 ? ipv4Text(bytes, 0) : ipv6At(bytes, 0, false);
}
