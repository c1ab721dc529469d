/**
 * The corpus vectors (test/fixtures/corpus/vectors/*.jsonl, schema in test/fixtures/corpus/README.md)
 * and the mapping from their schema (numeric kinds, hex strings, the decoding tools' field names) to
 * ours (docs/rules.md O1-O5). The expected values come from tshark, scapy and dpkt; nothing here calls the
 * code under test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TcpFlags, TcpHeader } from '../../src/header.ts';
import type { SackBlock, TcpOption } from '../../src/options.ts';

/** Folder holding the vector files. */
export const VECTOR_DIR: string = fileURLToPath(new URL('../fixtures/corpus/vectors/', import.meta.url));

/** One option as the corpus writes it (README "Vector schema", `expected.options`). */
export interface CorpusOption {
  kind: number;
  length: number;
  /** The bytes after kind and length (absent for EOL and NOP). */
  dataHex?: string;
  mss?: number;
  shift?: number;
  sack?: [number, number][];
  tsVal?: number;
  tsEcr?: number;
  granularity?: 'seconds' | 'minutes';
  timeout?: number;
  cookie?: string;
  exid?: number;
  mptcpSubtype?: number;
  md5?: string;
  keyId?: number;
  rNextKeyId?: number;
  mac?: string;
  raw?: string;
  malformed?: string;
}

/** The decoded fields of a vector; null where the capture did not hold them. */
export interface CorpusExpected {
  srcPort: number | null;
  dstPort: number | null;
  seq: number | null;
  ack: number | null;
  dataOffset: number | null;
  reserved: number | null;
  flags: TcpFlags | null;
  window: number | null;
  checksum: number | null;
  urgentPointer: number | null;
  options: CorpusOption[] | null;
  optionsAfterEolHex?: string;
  optionsTruncatedInCapture?: boolean;
  checksumValid: boolean | null;
  correctChecksum: number | null;
}

/** One line of a vector file. */
export interface CorpusVector {
  id: string;
  source: string;
  frame: number;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  segmentHex: string;
  segmentLength: number;
  capturedLength: number;
  truncated: boolean;
  headerLength: number | null;
  expected: CorpusExpected;
  malformed: string | null;
  tsharkExpert: string[];
  disagreements: unknown[];
  confirmedBy: string[];
  notes: string[];
  toolNotes: string[];
}

/** The names of the vector files, sorted. */
export function vectorFiles(): string[] {
  return readdirSync(VECTOR_DIR)
    .filter((name) => name.endsWith('.jsonl'))
    .sort();
}

const cache = new Map<string, CorpusVector[]>();

/** Every vector of one file (by name, e.g. `scapy-set-a.jsonl`), in file order. */
export function loadVectors(file: string): CorpusVector[] {
  let vectors = cache.get(file);
  if (vectors === undefined) {
    vectors = readFileSync(VECTOR_DIR + file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as CorpusVector);
    cache.set(file, vectors);
  }
  return vectors;
}

/** The vector with this id, from whichever file holds it. */
export function vectorById(id: string): CorpusVector {
  for (const file of vectorFiles()) {
    const found = loadVectors(file).find((v) => v.id === id);
    if (found !== undefined) return found;
  }
  throw new Error(`no corpus vector ${id}`);
}

/** Bytes from a hex string; whitespace between the digits is ignored (`'0050 1f90'`). */
export function hexToBytes(text: string): Uint8Array {
  const hex = text.replace(/\s+/g, '');
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) throw new Error(`bad hex: ${text}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The captured segment bytes of a vector. */
export function segmentBytes(vector: CorpusVector): Uint8Array {
  return hexToBytes(vector.segmentHex);
}

/**
 * Whether the capture ends inside the TCP header (before byte 20, or before `dataOffset * 4`):
 * a strict decoder must then fail with `TRUNCATED`.
 */
export function cutInsideHeader(vector: CorpusVector): boolean {
  return (
    vector.capturedLength < 20 ||
    (vector.headerLength !== null && vector.capturedLength < vector.headerLength)
  );
}

/** Ways a vector option did not fit any rule of docs/rules.md O1-O5 (so the mapping cannot say what we decode). */
export class UnmappedOptionError extends Error {
  override readonly name = 'UnmappedOptionError';
}

const FAST_OPEN_EXID = 0xf989;
const ACC_ECN_EXIDS = [0xacc0, 0xacc1];

/** RFC 7413 §4.1.1: an empty cookie (a request) or 4..16 bytes of even length. */
function fastOpenCookieLength(n: number): boolean {
  return n === 0 || (n >= 4 && n <= 16 && n % 2 === 0);
}

function need<T>(value: T | undefined, what: string, option: CorpusOption): T {
  if (value === undefined) {
    throw new UnmappedOptionError(`corpus option kind ${option.kind} length ${option.length} lacks ${what}`);
  }
  return value;
}

/** Reads n 24-bit big-endian counters (RFC 9768 §3.2.3). */
function counters24(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= bytes.length; i += 3)
    out.push((bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!);
  return out;
}

/**
 * Our {@link TcpOption} for one corpus option, by docs/rules.md O1-O5: the typed form where the kind and length
 * allow it (values taken from the tools' decoded fields where the corpus has them), `unknown` or
 * `experimental` otherwise. Throws {@link UnmappedOptionError} for an option marked malformed or
 * missing a field the tools should have decoded.
 */
export function expectedOption(option: CorpusOption): TcpOption {
  if (option.malformed !== undefined) {
    throw new UnmappedOptionError(`corpus option kind ${option.kind} is malformed: ${option.malformed}`);
  }
  const { kind, length } = option;
  if (kind === 0) return { kind: 'eol' };
  if (kind === 1) return { kind: 'nop' };
  const data = hexToBytes(need(option.dataHex, 'dataHex', option));
  if (data.length !== length - 2) {
    throw new UnmappedOptionError(
      `corpus option kind ${kind}: dataHex holds ${data.length} bytes, length ${length}`,
    );
  }
  switch (kind) {
    case 2:
      if (length === 4) return { kind: 'mss', mss: need(option.mss, 'mss', option) };
      break;
    case 3:
      if (length === 3) return { kind: 'windowScale', shift: need(option.shift, 'shift', option) };
      break;
    case 4:
      if (length === 2) return { kind: 'sackPermitted' };
      break;
    case 5:
      if ((length - 2) % 8 === 0 && length >= 10 && length <= 34) {
        const blocks: SackBlock[] = need(option.sack, 'sack', option).map(([left, right]) => ({
          left,
          right,
        }));
        return { kind: 'sack', blocks };
      }
      break;
    case 8:
      if (length === 10) {
        return {
          kind: 'timestamps',
          tsVal: need(option.tsVal, 'tsVal', option),
          tsEcr: need(option.tsEcr, 'tsEcr', option),
        };
      }
      break;
    case 19:
      if (length === 18) return { kind: 'md5', digest: hexToBytes(need(option.md5, 'md5', option)) };
      break;
    case 28:
      if (length === 4) {
        return {
          kind: 'userTimeout',
          minutes: need(option.granularity, 'granularity', option) === 'minutes',
          timeout: need(option.timeout, 'timeout', option),
        };
      }
      break;
    case 29:
      if (length >= 4) {
        return {
          kind: 'authentication',
          keyId: need(option.keyId, 'keyId', option),
          rNextKeyId: need(option.rNextKeyId, 'rNextKeyId', option),
          mac: hexToBytes(need(option.mac, 'mac', option)),
        };
      }
      break;
    case 30:
      if (length >= 3)
        return { kind: 'multipath', subtype: need(option.mptcpSubtype, 'mptcpSubtype', option), data };
      break;
    case 34:
      if (fastOpenCookieLength(length - 2)) {
        return { kind: 'fastOpen', cookie: hexToBytes(need(option.cookie, 'cookie', option)) };
      }
      break;
    case 172:
    case 174:
      if (length - 2 <= 9 && (length - 2) % 3 === 0) {
        return { kind: 'accEcn', order: kind === 172 ? 0 : 1, counters: counters24(data) };
      }
      break;
    case 253:
    case 254:
      if (length >= 4) {
        const exid = need(option.exid, 'exid', option);
        const body = data.subarray(2);
        if (exid === FAST_OPEN_EXID && fastOpenCookieLength(body.length)) {
          return {
            kind: 'fastOpen',
            cookie: hexToBytes(need(option.cookie, 'cookie', option)),
            code: kind,
            exid,
          };
        }
        if (ACC_ECN_EXIDS.includes(exid) && body.length <= 9 && body.length % 3 === 0) {
          return {
            kind: 'accEcn',
            order: exid === 0xacc0 ? 0 : 1,
            counters: counters24(body),
            code: kind,
            exid,
          };
        }
        return { kind: 'experimental', code: kind, exid, data: body.slice() };
      }
      break;
  }
  if (option.raw !== undefined && option.raw !== option.dataHex) {
    throw new UnmappedOptionError(`corpus option kind ${kind}: raw ${option.raw} differs from dataHex`);
  }
  return { kind: 'unknown', code: kind, data };
}

/**
 * The {@link TcpHeader} a vector says its bytes hold, mapped to our schema; null when the capture
 * did not hold the whole header (then `cutInsideHeader` is true).
 */
export function expectedHeader(vector: CorpusVector): TcpHeader | null {
  const e = vector.expected;
  if (
    e.srcPort === null ||
    e.dstPort === null ||
    e.seq === null ||
    e.ack === null ||
    e.dataOffset === null ||
    e.reserved === null ||
    e.flags === null ||
    e.window === null ||
    e.checksum === null ||
    e.urgentPointer === null ||
    e.options === null
  ) {
    return null;
  }
  return {
    srcPort: e.srcPort,
    dstPort: e.dstPort,
    seq: e.seq,
    ack: e.ack,
    dataOffset: e.dataOffset,
    reserved: e.reserved,
    flags: { ...e.flags },
    window: e.window,
    checksum: e.checksum,
    urgentPointer: e.urgentPointer,
    options: e.options.map(expectedOption),
    padding: hexToBytes(e.optionsAfterEolHex ?? ''),
  };
}

/**
 * A plain, comparable copy of a value: every `Uint8Array` becomes `{ hex }`, so two headers compare
 * with `isDeepStrictEqual` and print readably.
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) return { hex: bytesToHex(value) };
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

/** What an encoding call did: its bytes, or its error's class and message (to compare two calls). */
export function outcome(run: () => Uint8Array): { bytes: number[] } | { error: string } {
  try {
    return { bytes: [...run()] };
  } catch (error) {
    return { error: `${(error as Error).constructor.name}: ${(error as Error).message}` };
  }
}

/** The error `fn` throws (the test fails if it does not throw). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** Every flag clear, for building headers and segments in tests. */
export const NO_FLAGS: TcpFlags = {
  ns: false,
  cwr: false,
  ece: false,
  urg: false,
  ack: false,
  psh: false,
  rst: false,
  syn: false,
  fin: false,
};

/** Every flag set, for the largest values a header holds. */
export const ALL_FLAGS: TcpFlags = {
  ns: true,
  cwr: true,
  ece: true,
  urg: true,
  ack: true,
  psh: true,
  rst: true,
  syn: true,
  fin: true,
};
