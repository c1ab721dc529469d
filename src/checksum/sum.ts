/**
 * The ones' complement sum of a byte string as big-endian 16-bit words (RFC 1071), by a JavaScript
 * loop or a WebAssembly SIMD loop, and the arithmetic on such sums the checksum code shares.
 *
 * - Ones' complement addition with end-around carry equals addition modulo 0xFFFF (RFC 1071 §2 (A)),
 *   so every sum here is an exact integer sum reduced mod 0xFFFF; a rotation by a byte is a
 *   multiplication by 256 mod 0xFFFF (RFC 1071 §2 (B), byte-order independence). That carries the
 *   byte parity across chunks of odd length: a chunk that starts at an odd offset is summed as if it
 *   started at an even one, then rotated.
 * - The final odd byte, and only it, is padded with a zero byte (RFC 9293 §3.1).
 * - Inputs from 128 bytes on are summed by a WebAssembly SIMD loop (`checksum.wat`, copied into its
 *   memory) where the runtime has WebAssembly with SIMD. Otherwise (no WebAssembly, no SIMD, a CSP
 *   that forbids it) JavaScript sums them: 32-bit words through a `Uint32Array` from 256 bytes on,
 *   bytes 16 a turn below that. Both give the same result; only the speed differs.
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { CHECKSUM_WASM_HEX } from '../checksum-wasm.ts';

/** Ones' complement arithmetic is arithmetic modulo 2^16 - 1 (RFC 1071 §2 (A)). */
export const MOD = 0xffff;
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

/**
 * The checksum for a sum mod 0xFFFF: its complement, 0x0000 (not 0xFFFF) when the sum is zero.
 * TCP never sends 0xFFFF for a sum of zero (only UDP maps 0 to 0xFFFF, RFC 768).
 */
export const complement = (sum: number): number => (sum === 0 ? 0 : MOD - sum);

/**
 * A non-negative sum folded to 16 bits with end-around carry (RFC 1071 §4.1): 0 stays 0, a non-zero
 * multiple of 0xFFFF folds to 0xFFFF, anything else to its value mod 0xFFFF.
 *
 * @internal
 */
export const fold = (sum: number): number => (sum === 0 ? 0 : ((sum - 1) % MOD) + 1);
