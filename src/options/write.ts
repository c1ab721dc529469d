/**
 * Writing one option that the checks accepted, as kind, length and body (RFC 9293 §3.2).
 *
 * @module
 */
import { w16, w24, w32 } from '../bytes.ts';
import { TCP_OPTION_KIND as KIND } from '../constants.ts';
import type { TcpOption } from './types.ts';

/** Writes a TLV header and returns the position after it. */
function tlv(t: Uint8Array, at: number, kind: number, length: number): number {
  t[at] = kind;
  t[at + 1] = length;
  return at + 2;
}

/**
 * Writes one option that {@link measureOption} accepted, at `at`, and returns the position after it.
 */
export function writeOption(option: TcpOption, t: Uint8Array, at: number): number {
  // The kinds stacks send on every connection, in a function small enough for V8 to inline into
  // the header writer; the rest in writeOtherOption. The kinds are literals checked against
  // TCP_OPTION_KIND by `satisfies`: a property of a module's constant object is a load at run time.
  switch (option.kind) {
    case 'nop':
      t[at] = 1 satisfies typeof KIND.NOP;
      return at + 1;
    case 'mss':
      w16(t, tlv(t, at, 2 satisfies typeof KIND.MSS, 4), option.mss);
      return at + 4;
    case 'windowScale':
      t[tlv(t, at, 3 satisfies typeof KIND.WINDOW_SCALE, 3)] = option.shift;
      return at + 3;
    case 'sackPermitted':
      return tlv(t, at, 4 satisfies typeof KIND.SACK_PERMITTED, 2);
    case 'sack': {
      let i = tlv(t, at, 5 satisfies typeof KIND.SACK, 2 + 8 * option.blocks.length);
      const blocks = option.blocks;
      for (let k = 0; k < blocks.length; k++) {
        w32(t, i, blocks[k]!.left | 0);
        w32(t, i + 4, blocks[k]!.right | 0);
        i += 8;
      }
      return i;
    }
    case 'timestamps': {
      const i = tlv(t, at, 8 satisfies typeof KIND.TIMESTAMPS, 10);
      w32(t, i, option.tsVal | 0);
      w32(t, i + 4, option.tsEcr | 0);
      return at + 10;
    }
    case 'eol':
      t[at] = 0 satisfies typeof KIND.EOL;
      return at + 1;
    default:
      return writeOtherOption(option, t, at);
  }
}

/** {@link writeOption} for the kinds it does not write itself. */
function writeOtherOption(
  option: Exclude<
    TcpOption,
    { kind: 'nop' | 'mss' | 'windowScale' | 'sackPermitted' | 'sack' | 'timestamps' | 'eol' }
  >,
  t: Uint8Array,
  at: number,
): number {
  switch (option.kind) {
    case 'md5':
      t.set(option.digest, tlv(t, at, KIND.MD5, 18));
      return at + 18;
    case 'userTimeout':
      w16(t, tlv(t, at, KIND.USER_TIMEOUT, 4), (option.minutes ? 0x8000 : 0) | option.timeout);
      return at + 4;
    case 'authentication': {
      const i = tlv(t, at, KIND.AUTHENTICATION, 4 + option.mac.length);
      t[i] = option.keyId;
      t[i + 1] = option.rNextKeyId;
      t.set(option.mac, i + 2);
      return i + 2 + option.mac.length;
    }
    case 'multipath': {
      const i = tlv(t, at, KIND.MULTIPATH, 2 + option.data.length);
      t.set(option.data, i);
      return i + option.data.length;
    }
    case 'fastOpen':
      return writeExperimentalCarried(t, at, option.code ?? KIND.FAST_OPEN, option.exid, option.cookie);
    case 'accEcn': {
      const code = option.code ?? (option.order === 0 ? KIND.ACC_ECN_0 : KIND.ACC_ECN_1);
      const headerLength = option.code === undefined ? 2 : 4;
      let i = tlv(t, at, code, headerLength + 3 * option.counters.length);
      if (option.exid !== undefined) {
        w16(t, i, option.exid);
        i += 2;
      }
      const counters = option.counters;
      for (let k = 0; k < counters.length; k++) {
        w24(t, i, counters[k]!);
        i += 3;
      }
      return i;
    }
    case 'experimental':
      return writeExperimentalCarried(t, at, option.code, option.exid, option.data);
    case 'unknown': {
      if (option.code === KIND.EOL || option.code === KIND.NOP) {
        t[at] = option.code;
        return at + 1;
      }
      const i = tlv(t, at, option.code, 2 + option.data.length);
      t.set(option.data, i);
      return i + option.data.length;
    }
    case 'raw':
      t.set(option.bytes, at);
      return at + option.bytes.length;
  }
}

/** Writes kind, length, an ExID when one is given, then `body`. */
function writeExperimentalCarried(
  t: Uint8Array,
  at: number,
  code: number,
  exid: number | undefined,
  body: Uint8Array,
): number {
  let i = tlv(t, at, code, (exid === undefined ? 2 : 4) + body.length);
  if (exid !== undefined) {
    w16(t, i, exid);
    i += 2;
  }
  t.set(body, i);
  return i + body.length;
}
