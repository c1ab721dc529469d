/**
 * The TCP checksum (RFC 9293 §3.1): the ones' complement of the ones' complement sum of the IPv4 or
 * IPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) and the whole segment, computed, verified and
 * written, and updated incrementally after a rewrite (RFC 1624).
 *
 * How the sums are done:
 * - Ones' complement addition with end-around carry equals addition modulo 0xFFFF (RFC 1071 §2 (A)),
 *   so every sum here is an exact integer sum reduced mod 0xFFFF; a rotation by a byte is a
 *   multiplication by 256 mod 0xFFFF (RFC 1071 §2 (B), byte-order independence). That carries the
 *   byte parity across chunks of odd length: a chunk that starts at an odd offset is summed as if it
 *   started at an even one, then rotated.
 * - The final odd byte, and only it, is padded with a zero byte (RFC 9293 §3.1).
 * - The segment's checksum field counts as zero: its word is taken out of the sum again.
 * - TCP never sends 0xFFFF for a sum of zero (only UDP maps 0 to 0xFFFF, RFC 768): the computed
 *   checksum is 0x0000 then, and verifying accepts 0x0000 and 0xFFFF alike, since both add nothing
 *   mod 0xFFFF.
 * - Inputs from 128 bytes on are summed by a WebAssembly SIMD loop (`checksum.wat`, copied into its
 *   memory) where the runtime has WebAssembly with SIMD. Otherwise (no WebAssembly, no SIMD, a CSP
 *   that forbids it) JavaScript sums them: 32-bit words through a `Uint32Array` from 256 bytes on,
 *   bytes 16 a turn below that. Both give the same result; only the speed differs.
 *
 * @module
 */
import { addressBytes, type IpAddress } from './address.ts';
import { CHECKSUM_WASM_HEX } from './checksum-wasm.ts';
import { TCP_FIELD, TCP_MIN_HEADER_LENGTH } from './constants.ts';
import { assertBytes, assertInteger, describe, isBytes } from './errors.ts';
import { type EncodeOptions, encodedLength, encodeInto, type TcpHeaderInit } from './header.ts';

/**
 * The addresses and length of the pseudo-header the TCP checksum covers (RFC 9293 §3.1 for IPv4,
 * RFC 8200 §8.1 for IPv6).
 *
 * For IPv6 with a routing header, `dst` is the final destination, not the next hop (RFC 8200 §8.1).
 *
 * @example
 * ```ts
 * const pseudo: PseudoHeader = { src: '192.0.2.1', dst: '198.51.100.7' };
 * const v6: PseudoHeader = { src: '2001:db8::1', dst: Uint8Array.from(dstBytes), length: 1480 };
 * ```
 */
export interface PseudoHeader {
  /** Source address: text, or 4 (IPv4) or 16 (IPv6) bytes. */
  src: IpAddress;
  /** Destination address, of the same IP version as `src`. */
  dst: IpAddress;
  /**
   * The upper-layer length in the pseudo-header: 0..65535 for IPv4 (16 bits), 0..2^32-1 for IPv6
   * (32 bits, RFC 8200 §8.1). Default: the segment's length in bytes, which is right in nearly every
   * case, including TSO captures whose IPv4 total length field is 0.
   */
  length?: number;
}

/**
 * A TCP segment's bytes, header then payload: one `Uint8Array`, or a list of chunks in order (for
 * example the header and the payload apart); a chunk of odd length shifts the byte pairing of the
 * ones that follow, as RFC 9293 §3.1 sums the segment as one byte string.
 *
 * @example
 * ```ts
 * const whole: SegmentBytes = segment;
 * const apart: SegmentBytes = [headerBytes, payload];
 * ```
 */
export type SegmentBytes = Uint8Array | readonly Uint8Array[];

/** Ones' complement arithmetic is arithmetic modulo 2^16 - 1 (RFC 1071 §2 (A)). */
const MOD = 0xffff;
/** The protocol number of TCP, the next-header byte of the pseudo-header (RFC 9293 §3.1, IANA). */
const IP_PROTOCOL_TCP = 6;
/** The pseudo-header's length field: 16 bits for IPv4 (RFC 9293 §3.1), 32 for IPv6 (RFC 8200 §8.1). */
const IPV4_MAX_LENGTH = 0xffff;
const IPV6_MAX_LENGTH = 0xffffffff;
/** From this many bytes on, the WebAssembly loop wins even with the copy into its memory. */
const WASM_MIN_LENGTH = 128;
/** The WebAssembly memory: one 64 KiB page, which longer inputs go through piece by piece. */
const WASM_PAGE = 0x10000;

/** The few WebAssembly names used, typed here because the library's lib is plain ES2022. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; sum: (length: number) => number } };
}

interface WasmSummer {
  memory: Uint8Array;
  sum: (length: number) => number;
}

/** The loaded SIMD loop; undefined before the first try, null when it cannot run here. */
let wasmSummer: WasmSummer | null | undefined;

function loadWasm(): WasmSummer | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    const bytes = new Uint8Array(CHECKSUM_WASM_HEX.length / 2);
    for (let i = 0; i < bytes.length; i++) {
      bytes[i] = Number.parseInt(CHECKSUM_WASM_HEX.slice(2 * i, 2 * i + 2), 16);
    }
    // Synchronous compilation is fine for a module this small (browsers allow it up to 4 KiB).
    const { exports } = new api.Instance(new api.Module(bytes), {});
    return { memory: new Uint8Array(exports.memory.buffer), sum: exports.sum };
  } catch {
    // No SIMD (older engines) or WebAssembly forbidden (a CSP without 'wasm-unsafe-eval').
    return null;
  }
}

/** The SIMD loop, loaded on first use; null where it cannot run. */
function wasm(): WasmSummer | null {
  if (wasmSummer === undefined) wasmSummer = loadWasm();
  return wasmSummer;
}

/** Sum mod 0xFFFF of `b[from .. to)` as big-endian 16-bit words, `from` taken as even; 16 bytes a turn. */
function sumBytes(b: Uint8Array, from: number, to: number): number {
  // High and low bytes of the words apart; each stays exact far beyond any segment length.
  let high = 0;
  let low = 0;
  let i = from;
  for (const last = to - 15; i < last; i += 16) {
    high += b[i]! + b[i + 2]! + b[i + 4]! + b[i + 6]! + b[i + 8]! + b[i + 10]! + b[i + 12]! + b[i + 14]!;
    low += b[i + 1]! + b[i + 3]! + b[i + 5]! + b[i + 7]! + b[i + 9]! + b[i + 11]! + b[i + 13]! + b[i + 15]!;
  }
  for (; i + 1 < to; i += 2) {
    high += b[i]!;
    low += b[i + 1]!;
  }
  if (i < to) high += b[i]!; // the final odd byte, padded with a zero (RFC 9293 §3.1)
  return (high * 256 + low) % MOD;
}

/** Whether 32-bit words read from memory put their first byte lowest (every current JS engine). */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/** From this many bytes on, reading 32-bit words wins over bytes, even with the view to make. */
const WORDS_MIN_LENGTH = 256;

/**
 * Sum mod 0xFFFF of `bytes` as big-endian 16-bit words, in JavaScript: byte by byte for short
 * inputs, else 32-bit words through a `Uint32Array` over the aligned middle (RFC 1071 §4.1 "deferred
 * carries"; byte order fixed afterwards by RFC 1071 §2 (B)), with the unaligned ends byte by byte.
 */
function sumScalar(b: Uint8Array): number {
  const n = b.length;
  if (n < WORDS_MIN_LENGTH) return sumBytes(b, 0, n);
  const head = (4 - (b.byteOffset & 3)) & 3; // bytes before the first 4-byte boundary
  const count = (n - head) >>> 2;
  const words = new Uint32Array(b.buffer, b.byteOffset + head, count);
  let s0 = 0;
  let s1 = 0;
  let i = 0;
  for (const last = count - 3; i < last; i += 4) {
    const p = words[i]!;
    const q = words[i + 1]!;
    const r = words[i + 2]!;
    const t = words[i + 3]!;
    s0 += (p >>> 16) + (p & 0xffff) + (q >>> 16) + (q & 0xffff);
    s1 += (r >>> 16) + (r & 0xffff) + (t >>> 16) + (t & 0xffff);
  }
  for (; i < count; i++) {
    const p = words[i]!;
    s0 += (p >>> 16) + (p & 0xffff);
  }
  let middle = (s0 + s1) % MOD;
  if (LITTLE_ENDIAN) middle = (middle * 256) % MOD; // the words were read byte-swapped
  if (head & 1) middle = (middle * 256) % MOD; // and they start at an odd offset of `b`
  // The ends: the head starts at offset 0 (even); the tail at head + 4 * count, of head's parity.
  const tailStart = head + 4 * count;
  const tail = sumBytes(b, tailStart, n);
  return (sumBytes(b, 0, head) + middle + (tailStart & 1 ? (tail * 256) % MOD : tail)) % MOD;
}

/** Sum mod 0xFFFF of `bytes` as big-endian 16-bit words, by the SIMD loop. */
function sumWasm(summer: WasmSummer, b: Uint8Array): number {
  const { memory } = summer;
  let total = 0;
  for (let start = 0; start < b.length; start += WASM_PAGE) {
    const end = Math.min(b.length, start + WASM_PAGE);
    const length = end - start;
    const padded = (length + 63) & ~63;
    memory.set(start === 0 && end === b.length ? b : b.subarray(start, end));
    if (padded > length) memory.fill(0, length, padded); // zeros add nothing; pads an odd byte too
    total += summer.sum(padded) >>> 0;
  }
  // The loop read little-endian words: rotate by a byte (RFC 1071 §2 (B)).
  return ((total % MOD) * 256) % MOD;
}

/**
 * The ones' complement sum of `bytes` as big-endian 16-bit words (a final odd byte padded with a
 * zero), reduced mod 0xFFFF, so 0..0xFFFE. `engine` picks the JavaScript or the WebAssembly loop
 * (tests and benchmarks); `'auto'` takes WebAssembly from 128 bytes on where it is available.
 *
 * @throws `Error` for `'wasm'` where WebAssembly SIMD is not available
 * @internal
 */
export function sumWords(bytes: Uint8Array, engine: 'auto' | 'js' | 'wasm' = 'auto'): number {
  if (engine === 'js') return sumScalar(bytes);
  if (engine === 'wasm') {
    const summer = wasm();
    if (summer === null) throw new Error('WebAssembly SIMD is not available here');
    return sumWasm(summer, bytes);
  }
  if (bytes.length >= WASM_MIN_LENGTH) {
    const summer = wasm();
    if (summer !== null) return sumWasm(summer, bytes);
  }
  return sumScalar(bytes);
}

/** What {@link segmentSum} finds in a segment. */
interface SegmentSum {
  /** Sum of all words mod 0xFFFF, the checksum field included. */
  sum: number;
  /** Length in bytes. */
  length: number;
  /** The checksum field as it is. */
  field: number;
}

const tooShort = (length: number): RangeError =>
  new RangeError(`segment must hold at least ${TCP_MIN_HEADER_LENGTH} bytes (a TCP header), got ${length}`);

/** Checks `segment` and sums it, carrying byte parity across chunks. */
function segmentSum(segment: unknown): SegmentSum {
  const at = TCP_FIELD.CHECKSUM;
  if (isBytes(segment)) {
    if (segment.length < TCP_MIN_HEADER_LENGTH) throw tooShort(segment.length);
    return { sum: sumWords(segment), length: segment.length, field: (segment[at]! << 8) | segment[at + 1]! };
  }
  if (!Array.isArray(segment)) {
    throw new TypeError(
      `segment must be a Uint8Array or an array of Uint8Array chunks, got ${describe(segment)}`,
    );
  }
  let sum = 0;
  let length = 0;
  let field = 0;
  for (let i = 0; i < segment.length; i++) {
    const chunk: unknown = segment[i];
    if (!isBytes(chunk)) assertBytes(chunk, `segment[${i}]`); // the label only when it throws
    const s = sumWords(chunk);
    sum += length % 2 === 0 ? s : (s * 256) % MOD;
    if (length <= at && at < length + chunk.length) field += chunk[at - length]! << 8;
    if (length <= at + 1 && at + 1 < length + chunk.length) field += chunk[at + 1 - length]!;
    length += chunk.length;
  }
  if (length < TCP_MIN_HEADER_LENGTH) throw tooShort(length);
  return { sum: sum % MOD, length, field };
}

/** Sum mod 0xFFFF of the big-endian 16-bit words of an address (4 or 16 bytes). */
function addressSum(address: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < address.length; i += 2) sum += (address[i]! << 8) | address[i + 1]!;
  return sum % MOD;
}

/**
 * Checks `pseudo` and returns the sum mod 0xFFFF of its pseudo-header, whose length field holds
 * `length` (or `pseudo.length` when that is set). `segmentLength` is the segment's real length, for
 * the IPv4 limit; `lengthLabel` names where the length came from.
 */
function pseudoSum(pseudo: unknown, length: unknown, lengthLabel: string, segmentLength?: number): number {
  if (typeof pseudo !== 'object' || pseudo === null) {
    throw new TypeError(`pseudo must be an object { src, dst, length? }, got ${describe(pseudo)}`);
  }
  const { src, dst } = pseudo as { src?: unknown; dst?: unknown };
  const srcBytes = addressBytes(src, 'pseudo.src');
  const dstBytes = addressBytes(dst, 'pseudo.dst');
  if (srcBytes.length !== dstBytes.length) {
    throw new TypeError(
      `pseudo.src and pseudo.dst must be of the same IP version, got ${describe(src)} and ${describe(dst)}`,
    );
  }
  const ipv4 = srcBytes.length === 4;
  const max = ipv4 ? IPV4_MAX_LENGTH : IPV6_MAX_LENGTH;
  if (segmentLength !== undefined && segmentLength > max) {
    throw new RangeError(
      ipv4
        ? `an IPv4 segment must be at most 65535 bytes (the pseudo-header's length is 16 bits, RFC 9293 §3.1), got ${segmentLength}`
        : `an IPv6 segment must be at most 4294967295 bytes (RFC 8200 §8.1), got ${segmentLength}`,
    );
  }
  assertInteger(length, lengthLabel, 0, max);
  // IPv4: src, dst, zero + protocol, TCP length (RFC 9293 §3.1). IPv6: src, dst, 32-bit length,
  // three zero bytes + next header (RFC 8200 §8.1). Either way the same words, mod 0xFFFF.
  return (
    (addressSum(srcBytes) + addressSum(dstBytes) + IP_PROTOCOL_TCP + (length >>> 16) + (length & 0xffff)) %
    MOD
  );
}

/** The checksum for a sum mod 0xFFFF: its complement, 0x0000 (not 0xFFFF) when the sum is zero. */
const complement = (sum: number): number => (sum === 0 ? 0 : MOD - sum);

/**
 * The partial checksum that checksum offload leaves in the field (Linux `CHECKSUM_PARTIAL`): the
 * folded ones' complement sum of the pseudo-header alone, not complemented (RFC 9293 §3.1,
 * RFC 8200 §8.1). A captured segment whose checksum equals this was captured on the sending host
 * before the NIC finished it.
 *
 * @param pseudo - the addresses (and, if `length` is not given, the length)
 * @param length - the upper-layer length, default `pseudo.length`
 * @returns 0x0001..0xFFFF (the sum is never zero, since the protocol number is in it)
 * @throws `TypeError` for addresses that are not addresses or of different IP versions, or no
 *   length at all; `RangeError` for a length beyond 0..65535 (IPv4) or 0..2^32-1 (IPv6)
 * @example
 * ```ts
 * const partial = pseudoHeaderSum({ src: '10.0.0.1', dst: '10.0.0.2' }, segment.length);
 * const offloaded = ((segment[16] << 8) | segment[17]) === partial;
 * ```
 */
export function pseudoHeaderSum(pseudo: PseudoHeader, length?: number): number {
  const given = length ?? (typeof pseudo === 'object' && pseudo !== null ? pseudo.length : undefined);
  const sum = pseudoSum(pseudo, given, length === undefined ? 'pseudo.length' : 'length');
  return sum === 0 ? MOD : sum; // end-around carry folds a non-zero multiple of 0xFFFF to 0xFFFF
}

/** The pseudo-header's sum for a segment: `pseudo.length`, or the segment's own length. */
function pseudoSumFor(pseudo: unknown, segmentLength: number): number {
  const given =
    typeof pseudo === 'object' && pseudo !== null ? (pseudo as { length?: unknown }).length : undefined;
  return pseudoSum(pseudo, given ?? segmentLength, 'pseudo.length', segmentLength);
}

/**
 * Computes the TCP checksum of a segment (RFC 9293 §3.1): over the pseudo-header and every byte of
 * the segment, with the checksum field counted as zero. A zero sum gives 0x0000; TCP does not map it
 * to 0xFFFF.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order
 * @param pseudo - the IP addresses (text or bytes) and optionally the length for the pseudo-header
 * @returns the checksum, 0x0000..0xFFFE
 * @throws `TypeError` for a segment that is not bytes, an address that is not one, or addresses of
 *   different IP versions; `RangeError` for a segment under 20 bytes, an IPv4 segment over 65535
 *   bytes, or a `pseudo.length` out of range
 * @example
 * ```ts
 * const checksum = tcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' });
 * const same = tcpChecksum([header, payload], { src: '2001:db8::1', dst: '2001:db8::2' });
 * ```
 */
export function tcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): number {
  const s = segmentSum(segment);
  const p = pseudoSumFor(pseudo, s.length);
  return complement((s.sum + MOD - (s.field % MOD) + p) % MOD);
}

/**
 * Whether a segment's checksum is right (RFC 9293 §3.1): the sum over pseudo-header and segment,
 * checksum field included, is zero. Both 0x0000 and 0xFFFF pass where the right checksum is 0x0000.
 * A segment captured with checksum offload (its field holds {@link pseudoHeaderSum}) fails.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order
 * @param pseudo - as for {@link tcpChecksum}
 * @returns true when the checksum is right
 * @throws as {@link tcpChecksum}
 * @example
 * ```ts
 * if (!verifyTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' })) console.log('bad');
 * ```
 */
export function verifyTcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): boolean {
  const s = segmentSum(segment);
  return (s.sum + pseudoSumFor(pseudo, s.length)) % MOD === 0;
}

/** Writes a 16-bit checksum at the field's place, which may span two chunks. */
function storeChecksum(segment: SegmentBytes, checksum: number): void {
  const at = TCP_FIELD.CHECKSUM;
  if (isBytes(segment)) {
    segment[at] = checksum >>> 8;
    segment[at + 1] = checksum & 0xff;
    return;
  }
  let start = 0;
  for (const chunk of segment) {
    if (start <= at && at < start + chunk.length) chunk[at - start] = checksum >>> 8;
    if (start <= at + 1 && at + 1 < start + chunk.length) chunk[at + 1 - start] = checksum & 0xff;
    start += chunk.length;
    if (start > at + 1) return;
  }
}

/**
 * Computes the checksum as {@link tcpChecksum} does and writes it into the segment's checksum field
 * (bytes 16-17, RFC 9293 §3.1), in whichever chunk holds them.
 *
 * @param segment - header and payload, as one `Uint8Array` or a list of chunks in order; changed
 * @param pseudo - as for {@link tcpChecksum}
 * @returns the checksum written
 * @throws as {@link tcpChecksum}; nothing is written then
 * @example
 * ```ts
 * writeTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' });
 * verifyTcpChecksum(segment, { src: '192.0.2.1', dst: '198.51.100.7' }); // true
 * ```
 */
export function writeTcpChecksum(segment: SegmentBytes, pseudo: PseudoHeader): number {
  const checksum = tcpChecksum(segment, pseudo);
  storeChecksum(segment, checksum);
  return checksum;
}

/** RFC 1624 eqn. 3 on sums mod 0xFFFF: HC' = ~(~HC + ~m + m'). */
function adjust(checksum: number, oldSum: number, newSum: number): number {
  return complement((MOD - (checksum % MOD) + (MOD - oldSum) + newSum) % MOD);
}

/**
 * Updates a checksum after bytes it covers changed, without summing the rest again (RFC 1624 eqn. 3:
 * HC' = ~(~HC + ~m + m')). Equals a full recompute whenever `checksum` was right; a wrong checksum
 * stays wrong by the same amount. The result is never 0xFFFF (RFC 1624 §3: 0x0000 instead).
 *
 * The bytes are summed as 16-bit words starting at an even offset of the segment (or pseudo-header);
 * for a field at an odd offset, include the byte before it in both.
 *
 * @param checksum - the checksum before the change, 0..65535
 * @param oldBytes - the bytes as they were
 * @param newBytes - the bytes as they are now, as long as `oldBytes`
 * @returns the updated checksum
 * @throws `TypeError` for arguments of the wrong type; `RangeError` for a checksum out of range or
 *   byte strings of different lengths
 * @example
 * ```ts
 * // NAT: the source address 10.0.0.1 became 203.0.113.5
 * const fixed = updateChecksum(checksum, Uint8Array.of(10, 0, 0, 1), Uint8Array.of(203, 0, 113, 5));
 * ```
 */
export function updateChecksum(checksum: number, oldBytes: Uint8Array, newBytes: Uint8Array): number {
  assertInteger(checksum, 'checksum', 0, 0xffff);
  assertBytes(oldBytes, 'oldBytes');
  assertBytes(newBytes, 'newBytes');
  if (oldBytes.length !== newBytes.length) {
    throw new RangeError(
      `newBytes must be as long as oldBytes (${oldBytes.length} bytes), got ${newBytes.length}`,
    );
  }
  return adjust(checksum, sumWords(oldBytes), sumWords(newBytes));
}

/** Checks the segment given to a rewrite helper: bytes holding at least the fixed header. */
function assertHeaderBytes(segment: unknown): asserts segment is Uint8Array {
  assertBytes(segment, 'segment');
  if (segment.length < TCP_MIN_HEADER_LENGTH) throw tooShort(segment.length);
}

const read16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Replaces the word sums `oldSum` by `newSum` in the segment's checksum field; returns the result. */
function fixChecksum(segment: Uint8Array, oldSum: number, newSum: number): number {
  const checksum = adjust(read16(segment, TCP_FIELD.CHECKSUM), oldSum, newSum);
  storeChecksum(segment, checksum);
  return checksum;
}

function rewrite16(segment: Uint8Array, at: number, value: number, label: string): number {
  assertHeaderBytes(segment);
  assertInteger(value, label, 0, 0xffff);
  const old = read16(segment, at);
  segment[at] = value >>> 8;
  segment[at + 1] = value & 0xff;
  return fixChecksum(segment, old % MOD, value % MOD);
}

function rewrite32(segment: Uint8Array, at: number, value: number, label: string): number {
  assertHeaderBytes(segment);
  assertInteger(value, label, 0, 0xffffffff);
  const old = (read16(segment, at) + read16(segment, at + 2)) % MOD;
  segment[at] = value >>> 24;
  segment[at + 1] = (value >>> 16) & 0xff;
  segment[at + 2] = (value >>> 8) & 0xff;
  segment[at + 3] = value & 0xff;
  return fixChecksum(segment, old, ((value >>> 16) + (value & 0xffff)) % MOD);
}

/**
 * Sets the source port of a segment and updates its checksum to match (RFC 1624), reading and
 * writing only the 20-byte fixed header: the payload is not read, so the header alone will do.
 * The checksum must have been complete (not an offload partial sum, see {@link pseudoHeaderSum}).
 *
 * @param segment - the segment, or at least its header, starting at the TCP header; changed
 * @param port - the new source port, 0..65535
 * @returns the new checksum, also written to the segment
 * @throws `TypeError` for a segment that is not a `Uint8Array`; `RangeError` for a port out of
 *   range or fewer than 20 bytes
 * @example
 * ```ts
 * rewriteSrcPort(segment, 40000); // NAT: 10.0.0.1:5000 leaves as 203.0.113.5:40000
 * rewriteAddress(segment, '10.0.0.1', '203.0.113.5');
 * ```
 */
export function rewriteSrcPort(segment: Uint8Array, port: number): number {
  return rewrite16(segment, TCP_FIELD.SRC_PORT, port, 'port');
}

/**
 * Sets the destination port of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does.
 *
 * @param segment - the segment, or at least its header; changed
 * @param port - the new destination port, 0..65535
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}
 * @example
 * ```ts
 * rewriteDstPort(segment, 8080); // port forwarding: 80 to 8080
 * ```
 */
export function rewriteDstPort(segment: Uint8Array, port: number): number {
  return rewrite16(segment, TCP_FIELD.DST_PORT, port, 'port');
}

/**
 * Sets the sequence number of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does. For a shift by a delta, as a proxy that inserts bytes does, pass
 * `seqAdd(seq, delta)`.
 *
 * @param segment - the segment, or at least its header; changed
 * @param seq - the new sequence number, 0..2^32-1 (RFC 9293 §3.1)
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}, with `seq` in 0..4294967295
 * @example
 * ```ts
 * const seq = ((segment[4] << 24) | (segment[5] << 16) | (segment[6] << 8) | segment[7]) >>> 0;
 * rewriteSeq(segment, (seq + 1000) >>> 0);
 * ```
 */
export function rewriteSeq(segment: Uint8Array, seq: number): number {
  return rewrite32(segment, TCP_FIELD.SEQ, seq, 'seq');
}

/**
 * Sets the acknowledgment number of a segment and updates its checksum to match (RFC 1624), as
 * {@link rewriteSrcPort} does.
 *
 * @param segment - the segment, or at least its header; changed
 * @param ack - the new acknowledgment number, 0..2^32-1 (RFC 9293 §3.1)
 * @returns the new checksum, also written to the segment
 * @throws as {@link rewriteSrcPort}, with `ack` in 0..4294967295
 * @example
 * ```ts
 * rewriteAck(segment, 0x12345678);
 * ```
 */
export function rewriteAck(segment: Uint8Array, ack: number): number {
  return rewrite32(segment, TCP_FIELD.ACK, ack, 'ack');
}

/**
 * Updates a segment's checksum for an IP address that changed in the IP header (the source or the
 * destination: the pseudo-header sums both alike, RFC 9293 §3.1, RFC 8200 §8.1), as NAT does
 * (RFC 3022 §4.2, RFC 1624). The segment holds no address, so only its checksum changes; rewriting
 * the IP header is the caller's part.
 *
 * @param segment - the segment, or at least its header; its checksum is changed
 * @param oldAddress - the address before, text or 4 / 16 bytes
 * @param newAddress - the address after, of the same IP version
 * @returns the new checksum, also written to the segment
 * @throws `TypeError` for an address that is not one or addresses of different IP versions, and
 *   as {@link rewriteSrcPort}
 * @example
 * ```ts
 * rewriteAddress(segment, '10.0.0.1', '203.0.113.5');
 * rewriteAddress(segment6, '2001:db8::1', '2001:db8:1::1');
 * ```
 */
export function rewriteAddress(segment: Uint8Array, oldAddress: IpAddress, newAddress: IpAddress): number {
  assertHeaderBytes(segment);
  const before = addressBytes(oldAddress, 'oldAddress');
  const after = addressBytes(newAddress, 'newAddress');
  if (before.length !== after.length) {
    throw new TypeError(
      `oldAddress and newAddress must be of the same IP version, got ${describe(oldAddress)} and ${describe(newAddress)}`,
    );
  }
  return fixChecksum(segment, addressSum(before), addressSum(after));
}

/**
 * Encodes a header and appends the payload: the whole segment in one new array (design §5). With a
 * pseudo-header, the checksum is computed over both and written (RFC 9293 §3.1), whatever
 * `header.checksum` said; without one, `header.checksum` is written as given (default 0).
 *
 * @param header - as for `encode`
 * @param payload - the bytes after the header (copied)
 * @param pseudo - the addresses for the checksum; leave out to keep `header.checksum`
 * @param options - `{ craft: true }` as for `encode`
 * @returns header and payload
 * @throws `TypeError` / `RangeError` as `encode` and {@link tcpChecksum}
 * @example
 * ```ts
 * const segment = encodeSegment(
 *   { srcPort: 443, dstPort: 50000, seq: 1, ack: 1, flags: { ack: true, psh: true }, window: 512 },
 *   new TextEncoder().encode('hello'),
 *   { src: '192.0.2.1', dst: '198.51.100.7' },
 * );
 * ```
 */
export function encodeSegment(
  header: TcpHeaderInit,
  payload: Uint8Array,
  pseudo?: PseudoHeader,
  options: EncodeOptions = {},
): Uint8Array {
  assertBytes(payload, 'payload');
  const headerLength = encodedLength(header, options);
  const segment = new Uint8Array(headerLength + payload.length);
  encodeInto(header, segment, 0, options);
  segment.set(payload, headerLength);
  if (pseudo !== undefined) writeTcpChecksum(segment, pseudo);
  return segment;
}
