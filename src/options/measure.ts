/**
 * Checking one option before it is written, and how many bytes it takes: the full check with a
 * message naming the field, and the allocation-free check of the five common kinds that the one-pass
 * encoder uses.
 *
 * @module
 */
import { TCP_OPTION_KIND as KIND, TCP_EXID } from '../constants.ts';
import { assertBoolean, assertBytes, assertInteger, describe } from '../guards.ts';
import { fastOpenCookieAllowed, fixedLengthAllowed, TCP_FIXED_OPTION_LENGTHS } from './kinds.ts';
import type {
  AccEcnOption,
  FastOpenOption,
  MssOption,
  MultipathOption,
  SackBlock,
  SackOption,
  TcpOption,
  TcpOptionKind,
  TimestampsOption,
  UnknownOption,
  WindowScaleOption,
} from './types.ts';

/** Checks the `code` / `exid` pair of an option that may be carried in kind 253 / 254. */
function checkExperimentalCarrier(
  code: unknown,
  exid: unknown,
  allowedExids: readonly number[],
  label: string,
  craft: boolean,
): boolean {
  if (code === undefined) {
    if (exid !== undefined) {
      throw new RangeError(`${label}.exid must be left out unless ${label}.code is 253 or 254`);
    }
    return false;
  }
  if (code !== KIND.EXPERIMENTAL_1 && code !== KIND.EXPERIMENTAL_2) {
    throw new RangeError(`${label}.code must be 253, 254 or left out, got ${describe(code)}`);
  }
  assertInteger(exid, `${label}.exid`, 0, 0xffff);
  if (!craft && !allowedExids.includes(exid)) {
    const hex = allowedExids.map((e) => `0x${e.toString(16).toUpperCase()}`).join(' or ');
    throw new RangeError(
      `${label}.exid must be ${hex} for this option, got 0x${exid.toString(16).toUpperCase()}`,
    );
  }
  return true;
}

/** How one kind is checked: returns the bytes the option takes, or throws naming `label`. */
type Measure<K extends TcpOptionKind> = (
  option: Extract<TcpOption, { kind: K }>,
  label: string,
  craft: boolean,
) => number;

function measureSack(option: SackOption, label: string): number {
  const blocks: unknown = option.blocks;
  if (!Array.isArray(blocks))
    throw new TypeError(`${label}.blocks must be an array, got ${describe(blocks)}`);
  if (blocks.length < 1 || blocks.length > 4) {
    throw new RangeError(`${label}.blocks must hold 1..4 blocks (RFC 2018 §3), got ${blocks.length}`);
  }
  // An index loop, not forEach: forEach skips holes, which would then be written as blocks.
  for (let i = 0; i < blocks.length; i++) {
    const block: unknown = blocks[i];
    if (typeof block !== 'object' || block === null) {
      throw new TypeError(`${label}.blocks[${i}] must be an object, got ${describe(block)}`);
    }
    assertInteger((block as SackBlock).left, `${label}.blocks[${i}].left`, 0, 0xffffffff);
    assertInteger((block as SackBlock).right, `${label}.blocks[${i}].right`, 0, 0xffffffff);
  }
  return 2 + 8 * blocks.length;
}

function measureMultipath(option: MultipathOption, label: string, craft: boolean): number {
  assertInteger(option.subtype, `${label}.subtype`, 0, 15);
  assertBytes(option.data, `${label}.data`);
  if (option.data.length < 1) throw new RangeError(`${label}.data must hold at least 1 byte (the subtype)`);
  if (!craft && option.data[0]! >> 4 !== option.subtype) {
    throw new RangeError(
      `${label}.subtype must equal the high nibble of ${label}.data[0] (${option.data[0]! >> 4}), got ${option.subtype}`,
    );
  }
  return 2 + option.data.length;
}

function measureFastOpen(option: FastOpenOption, label: string, craft: boolean): number {
  assertBytes(option.cookie, `${label}.cookie`);
  if (!fastOpenCookieAllowed(option.cookie.length)) {
    throw new RangeError(
      `${label}.cookie must be empty or 4..16 bytes of even length (RFC 7413 §4.1.1), got ${option.cookie.length}`,
    );
  }
  const exids = [TCP_EXID.FAST_OPEN];
  const inExperiment = checkExperimentalCarrier(option.code, option.exid, exids, label, craft);
  return (inExperiment ? 4 : 2) + option.cookie.length;
}

function measureAccEcn(option: AccEcnOption, label: string, craft: boolean): number {
  if (option.order !== 0 && option.order !== 1) {
    throw new RangeError(`${label}.order must be 0 or 1, got ${describe(option.order)}`);
  }
  const counters: unknown = option.counters;
  if (!Array.isArray(counters)) {
    throw new TypeError(`${label}.counters must be an array, got ${describe(counters)}`);
  }
  if (counters.length > 3) {
    throw new RangeError(
      `${label}.counters must hold 0..3 counters (RFC 9768 §3.2.3), got ${counters.length}`,
    );
  }
  // An index loop, not forEach: forEach skips holes, which would then be written as zero counters.
  for (let i = 0; i < counters.length; i++)
    assertInteger(counters[i], `${label}.counters[${i}]`, 0, 0xffffff);
  const exids = [option.order === 0 ? TCP_EXID.ACC_ECN_0 : TCP_EXID.ACC_ECN_1];
  const inExperiment = checkExperimentalCarrier(option.code, option.exid, exids, label, craft);
  return (inExperiment ? 4 : 2) + 3 * counters.length;
}

function measureUnknown(option: UnknownOption, label: string, craft: boolean): number {
  assertInteger(option.code, `${label}.code`, 0, 0xff);
  assertBytes(option.data, `${label}.data`);
  if (option.code === KIND.EOL || option.code === KIND.NOP) {
    // Kinds 0 and 1 are one byte on the wire, however they are spelled (RFC 9293 §3.2).
    if (option.data.length > 0) {
      throw new RangeError(`${label}.data must be empty for code ${option.code}, a one-byte option`);
    }
    return 1;
  }
  const length = 2 + option.data.length;
  if (!craft && !fixedLengthAllowed(option.code, Math.min(length, 63))) {
    throw new RangeError(
      `${label} has code ${option.code}, whose length must be ${TCP_FIXED_OPTION_LENGTHS[option.code]!.join(' or ')}; got ${length} (use craft to write it anyway)`,
    );
  }
  return length;
}

/**
 * The check of every kind, in the order of docs/rules.md O1: a kind left out is a compile error, and
 * the list of kinds in the error for an unknown one is read from here.
 */
const MEASURES: { readonly [K in TcpOptionKind]: Measure<K> } = {
  eol: () => 1,
  nop: () => 1,
  mss: (option, label) => {
    assertInteger(option.mss, `${label}.mss`, 0, 0xffff);
    return 4;
  },
  windowScale: (option, label) => {
    assertInteger(option.shift, `${label}.shift`, 0, 0xff);
    return 3;
  },
  sackPermitted: () => 2,
  sack: measureSack,
  timestamps: (option, label) => {
    assertInteger(option.tsVal, `${label}.tsVal`, 0, 0xffffffff);
    assertInteger(option.tsEcr, `${label}.tsEcr`, 0, 0xffffffff);
    return 10;
  },
  md5: (option, label) => {
    assertBytes(option.digest, `${label}.digest`);
    if (option.digest.length !== 16) {
      throw new RangeError(`${label}.digest must be 16 bytes (RFC 2385 §3), got ${option.digest.length}`);
    }
    return 18;
  },
  userTimeout: (option, label) => {
    assertBoolean(option.minutes, `${label}.minutes`);
    assertInteger(option.timeout, `${label}.timeout`, 0, 0x7fff);
    return 4;
  },
  authentication: (option, label) => {
    assertInteger(option.keyId, `${label}.keyId`, 0, 0xff);
    assertInteger(option.rNextKeyId, `${label}.rNextKeyId`, 0, 0xff);
    assertBytes(option.mac, `${label}.mac`);
    return 4 + option.mac.length;
  },
  multipath: measureMultipath,
  fastOpen: measureFastOpen,
  accEcn: measureAccEcn,
  experimental: (option, label) => {
    if (option.code !== KIND.EXPERIMENTAL_1 && option.code !== KIND.EXPERIMENTAL_2) {
      throw new RangeError(`${label}.code must be 253 or 254, got ${describe(option.code)}`);
    }
    assertInteger(option.exid, `${label}.exid`, 0, 0xffff);
    assertBytes(option.data, `${label}.data`);
    return 4 + option.data.length;
  },
  unknown: measureUnknown,
  raw: (option, label) => {
    assertBytes(option.bytes, `${label}.bytes`);
    return option.bytes.length;
  },
};

/**
 * Checks one option and returns how many bytes it takes. Throws a `TypeError` / `RangeError` naming
 * `label` (e.g. `options[2].mss`). With `craft`, fields that merely disagree with each other are
 * allowed; values that cannot be written at all are not.
 */
export function measureOption(option: TcpOption, label: string, craft: boolean): number {
  if (typeof option !== 'object' || option === null) {
    throw new TypeError(`${label} must be an option object, got ${describe(option)}`);
  }
  const kind: unknown = option.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(MEASURES, kind)) {
    throw new TypeError(
      `${label}.kind must be one of ${Object.keys(MEASURES).join(', ')}, got ${describe(kind)}`,
    );
  }
  return (MEASURES[kind as TcpOptionKind] as Measure<TcpOptionKind>)(option as never, label, craft);
}

/**
 * The checks below are written out rather than calling a helper: a 32-bit value above 2^31 held in
 * a double field would be boxed (allocated) to be passed to a function the compiler did not inline.
 * `(v & 0xffff) === v` holds exactly for the integers 0..65535 (and -0, which measureOption accepts
 * too), `v >>> 0 === v` exactly for the integers 0..2^32-1.
 */
export function quickOptionLength(option: TcpOption, kind: TcpOptionKind | undefined): number {
  switch (kind) {
    case 'eol':
    case 'nop':
      return 1;
    case 'mss': {
      const mss = (option as MssOption).mss;
      return typeof mss === 'number' && (mss & 0xffff) === mss ? 4 : -1;
    }
    case 'windowScale': {
      const shift = (option as WindowScaleOption).shift;
      return typeof shift === 'number' && (shift & 0xff) === shift ? 3 : -1;
    }
    case 'sackPermitted':
      return 2;
    case 'timestamps': {
      const tsVal = (option as TimestampsOption).tsVal;
      const tsEcr = (option as TimestampsOption).tsEcr;
      const valid =
        typeof tsVal === 'number' &&
        tsVal >>> 0 === tsVal &&
        typeof tsEcr === 'number' &&
        tsEcr >>> 0 === tsEcr;
      return valid ? 10 : -1;
    }
    case 'sack': {
      const blocks: unknown = (option as SackOption).blocks;
      if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 4) return -1;
      for (let i = 0; i < blocks.length; i++) {
        const block: unknown = blocks[i];
        if (typeof block !== 'object' || block === null) return -1;
        const left = (block as SackBlock).left;
        const right = (block as SackBlock).right;
        if (
          typeof left !== 'number' ||
          left >>> 0 !== left ||
          typeof right !== 'number' ||
          right >>> 0 !== right
        ) {
          return -1;
        }
      }
      return 2 + 8 * blocks.length;
    }
    default:
      return -1;
  }
}
