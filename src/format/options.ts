/**
 * tcpdump 4.99's walk over the TCP option area, which is not a TLV walk: each kind it knows has a data
 * length it expects (2 for `mss`, 8 for `TS`, ...), it reads and skips that many bytes whatever the
 * option's length byte says, and prints `[len N]` when the two disagree. So the list it prints for a
 * malformed area can go on inside the previous option's data, and this module re-walks the bytes the
 * same way instead of printing a decoded option list.
 *
 * The rules (print-tcp.c, `tcp_print`): kinds 0 and 1 are one byte; any other kind needs a length byte
 * of at least 2 that fits in what is left of the area, else `[bad opt]` ends the list (`]` is added only
 * after the first option). An option whose fixed data runs past the area is `[bad opt]` too. An option
 * cut by the capture prints ` [|tcp]`. EOL ends the list.
 *
 * @module
 */
import { TCP_OPTION_KIND as KIND, TCP_EXID } from '../constants.ts';
import { formatMptcp } from './mptcp.ts';
import { decimal, hex4, hexBytes, readU16, readU32 } from './text.ts';

/**
 * Option kinds tcpdump names beyond those in `TCP_OPTION_KIND`: the obsolete RFC 1072 echo options,
 * RFC 1644 (T/TCP) connection counts, and SCPS capabilities (kind 20).
 */
const LEGACY_KIND = { ECHO: 6, ECHO_REPLY: 7, CC: 11, CC_NEW: 12, CC_ECHO: 13, SCPS: 20 } as const;

/** tcpdump's option names (`tcp_option_values`); any other kind is `unknown-<kind>`. CC.ECHO prints "". */
const OPTION_NAMES: Readonly<Record<number, string>> = {
  [KIND.EOL]: 'eol',
  [KIND.NOP]: 'nop',
  [KIND.MSS]: 'mss',
  [KIND.WINDOW_SCALE]: 'wscale',
  [KIND.SACK_PERMITTED]: 'sackOK',
  [KIND.SACK]: 'sack',
  [LEGACY_KIND.ECHO]: 'echo',
  [LEGACY_KIND.ECHO_REPLY]: 'echoreply',
  [KIND.TIMESTAMPS]: 'TS',
  [LEGACY_KIND.CC]: 'cc',
  [LEGACY_KIND.CC_NEW]: 'ccnew',
  [LEGACY_KIND.CC_ECHO]: '',
  [KIND.MD5]: 'md5',
  [LEGACY_KIND.SCPS]: 'scps',
  [KIND.USER_TIMEOUT]: 'uto',
  [KIND.AUTHENTICATION]: 'tcp-ao',
  [KIND.MULTIPATH]: 'mptcp',
  [KIND.FAST_OPEN]: 'tfo',
  [KIND.EXPERIMENTAL_2]: 'exp',
};

/** The length byte of a timestamps option (RFC 7323 §3.2). */
const TIMESTAMPS_OPTION_LENGTH = 10;
/** A header of 20 bytes, NOP, NOP and a timestamps option. */
const TIMESTAMP_LAYOUT_LENGTH = 32;

/** The MD5 digest length tcpdump expects (RFC 2385 §3). */
const MD5_DIGEST_LENGTH = 16;

/**
 * One walk over an option area: the segment as the walk sees it (offsets from the start of the TCP
 * header), filled in by the caller, and how the walk ended, filled in by {@link formatOptionArea}.
 * The printer reuses one such record for every line.
 */
export interface OptionWalk {
  /** The segment's bytes as held: at least the captured part of the header. */
  bytes: Uint8Array;
  /** How many bytes from the header's start the capture holds (tcpdump's snapend). */
  captured: number;
  /** Header length in bytes, data offset * 4 (> 20). */
  headerLength: number;
  /** The segment length the IP layer gives, header included. */
  segmentLength: number;
  /** The TCP flag byte (byte 13). */
  flags: number;
  /** Subtracted from SACK edges (tcpdump's relative numbers; 0 for absolute). */
  sackBase: number;
  /**
   * Set by the walk. `complete`: the list closed with `]` and the line goes on with `, length N`;
   * `bad`: it ended in `[bad opt]`; `truncated`: in ` [|tcp]` (or ` [|mptcp]` after an MPTCP
   * option). Only `complete` goes on.
   */
  end: 'complete' | 'bad' | 'truncated';
  /** Set by the walk: the protocol name tcpdump puts in later truncation markers (`mptcp` once an MPTCP option ran). */
  protocol: 'tcp' | 'mptcp';
}

/** How the walk stopped early: where tcpdump jumps to `bad:` or to one of its truncation exits. */
const WALK_ON = 0;
const WALK_BAD = 1;
const WALK_LENGTH_CHECK = 2;
const WALK_READ = 3;

/**
 * tcpdump's LENCHECK: `n` data bytes from `at` must lie inside the `left` bytes of the area
 * ({@link WALK_BAD} otherwise), then inside the capture ({@link WALK_LENGTH_CHECK}).
 */
function lengthCheck(n: number, left: number, at: number, captured: number): number {
  if (n > left) return WALK_BAD;
  if (at + n > captured) return WALK_LENGTH_CHECK;
  return WALK_ON;
}

/**
 * Prints `, options [...]` for the option area of `area` the way tcpdump 4.99 does.
 *
 * @param area - the segment, its capture limit and the values the printers need; the walk sets
 *   its `end` and `protocol`
 * @returns the text
 */
export function formatOptionArea(area: OptionWalk): string {
  const { bytes, captured, flags, sackBase } = area;
  const headerLength = area.headerLength;
  // The layout most segments carry (RFC 7323 Appendix A): NOP, NOP, TS, all captured. The walk
  // below prints exactly this for it.
  if (
    headerLength === TIMESTAMP_LAYOUT_LENGTH &&
    captured >= TIMESTAMP_LAYOUT_LENGTH &&
    bytes[20] === KIND.NOP &&
    bytes[21] === KIND.NOP &&
    bytes[22] === KIND.TIMESTAMPS &&
    bytes[23] === TIMESTAMPS_OPTION_LENGTH
  ) {
    area.end = 'complete';
    area.protocol = 'tcp';
    return `, options [nop,nop,TS val ${decimal(readU32(bytes, 24))} ecr ${decimal(readU32(bytes, 28))}]`;
  }
  let text = ', options [';
  let separator = '';
  let protocol: OptionWalk['protocol'] = 'tcp';
  let left = headerLength - 20;
  let at = 20;
  let stop = WALK_ON;

  walk: while (left > 0) {
    text += separator;
    // A byte read outside the option checks: past the capture it is a truncation.
    if (at >= captured) {
      stop = WALK_READ;
      break;
    }
    const kind = bytes[at++] ?? 0;
    let length = 1;
    const oneByte = kind === KIND.EOL || kind === KIND.NOP;
    if (!oneByte) {
      if (at >= captured) {
        stop = WALK_READ;
        break;
      }
      length = bytes[at++] ?? 0;
      if (length < 2 || length > left) {
        stop = WALK_BAD;
        break;
      }
      left--;
    }
    left--;
    text += OPTION_NAMES[kind] ?? `unknown-${kind}`;
    let data = 0;
    switch (kind) {
      case KIND.EOL:
      case KIND.NOP:
      case KIND.SACK_PERMITTED:
        break;
      case KIND.MSS:
        data = 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` ${readU16(bytes, at)}`;
        break;
      case KIND.WINDOW_SCALE:
        data = 1;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` ${bytes[at]}`;
        break;
      case KIND.SACK:
        data = length - 2;
        if (data % 8 !== 0) {
          text += ' invalid sack';
          break;
        }
        text += ` ${data / 8} `;
        for (let i = 0; i < data; i += 8) {
          stop = lengthCheck(i + 4, left, at, captured);
          if (stop !== WALK_ON) break walk;
          const start = (readU32(bytes, at + i) - sackBase) >>> 0;
          stop = lengthCheck(i + 8, left, at, captured);
          if (stop !== WALK_ON) break walk;
          const end = (readU32(bytes, at + i + 4) - sackBase) >>> 0;
          text += `{${start}:${end}}`;
        }
        break;
      case LEGACY_KIND.CC:
      case LEGACY_KIND.CC_NEW:
      case LEGACY_KIND.CC_ECHO:
      case LEGACY_KIND.ECHO:
      case LEGACY_KIND.ECHO_REPLY:
        data = 4;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` ${readU32(bytes, at)}`;
        break;
      case KIND.TIMESTAMPS:
        data = 8;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` val ${decimal(readU32(bytes, at))} ecr ${decimal(readU32(bytes, at + 4))}`;
        break;
      case KIND.MD5: {
        data = MD5_DIGEST_LENGTH;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        // tcpdump (built with libcrypto, run without -M) cannot check the digest; it says why.
        const whole = area.segmentLength <= captured;
        text += ` ${whole ? 'shared secret not supplied with -M' : 'snaplen too short'}, can't check - `;
        text += hexBytes(bytes, at, at + data);
        break;
      }
      case LEGACY_KIND.SCPS:
        data = 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` cap ${bytes[at]!.toString(16).padStart(2, '0')} id ${bytes[at + 1]}`;
        break;
      case KIND.AUTHENTICATION:
        data = length - 2;
        // RFC 5925 §2.2: the length is at least 4.
        if (data < 2) {
          text += ' (invalid)';
          break;
        }
        stop = lengthCheck(1, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` keyid ${bytes[at]}`;
        stop = lengthCheck(2, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` rnextkeyid ${bytes[at + 1]}`;
        if (data > 2) {
          text += ' mac 0x';
          for (let i = 2; i < data; i++) {
            stop = lengthCheck(i + 1, left, at, captured);
            if (stop !== WALK_ON) break walk;
            text += hexBytes(bytes, at + i, at + i + 1);
          }
        }
        break;
      case KIND.USER_TIMEOUT: {
        data = 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        // tcpdump reads the low bit as the granularity (RFC 5482 §2 puts it in the high bit).
        const value = readU16(bytes, at);
        text += ` 0x${value.toString(16)} ${value & 1 ? (value >> 1) * 60 : value >> 1}`;
        break;
      }
      case KIND.MULTIPATH: {
        data = length - 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        protocol = 'mptcp';
        const mptcp = formatMptcp(bytes, at - 2, length, flags);
        text += mptcp.text;
        if (!mptcp.ok) {
          stop = WALK_BAD;
          break walk;
        }
        break;
      }
      case KIND.FAST_OPEN:
        data = length - 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        text += ` ${fastOpenText(bytes, at, data)}`;
        break;
      case KIND.EXPERIMENTAL_2: {
        data = length - 2;
        stop = lengthCheck(data, left, at, captured);
        if (stop !== WALK_ON) break walk;
        if (data < 2) {
          stop = WALK_BAD;
          break walk;
        }
        // RFC 6994: the first two bytes are the experiment ID.
        const exid = readU16(bytes, at);
        text += '-';
        text += exid === TCP_EXID.FAST_OPEN ? `tfo${fastOpenText(bytes, at + 2, data - 2)}` : hex4(exid);
        break;
      }
      default:
        data = length - 2;
        if (data > 0) text += ' 0x';
        for (let i = 0; i < data; i++) {
          stop = lengthCheck(i + 1, left, at, captured);
          if (stop !== WALK_ON) break walk;
          text += hexBytes(bytes, at + i, at + i + 1);
        }
    }
    at += data;
    left -= data;
    const expected = data + (oneByte ? 1 : 2);
    if (expected !== length) text += `[len ${length}]`;
    separator = ',';
    if (kind === KIND.EOL) break;
  }
  area.protocol = protocol;
  if (stop === WALK_ON) {
    area.end = 'complete';
    return `${text}]`;
  }
  if (stop === WALK_BAD) {
    area.end = 'bad';
    text += '[bad opt]';
    return separator === '' ? text : `${text}]`;
  }
  area.end = 'truncated';
  text += ` [|${protocol}]`;
  // The length checks jump to a label that closes with '>' (a leftover of tcpdump's old `<...>` list).
  return stop === WALK_LENGTH_CHECK && separator !== '' ? `${text}>` : text;
}

/** RFC 7413 §4.1.1: an empty cookie is a request; a cookie is 4..16 bytes of even length. */
function fastOpenText(bytes: Uint8Array, at: number, length: number): string {
  if (length === 0) return ' cookiereq';
  if (length % 2 !== 0 || length < 4 || length > 16) return ' (invalid)';
  return ` cookie ${hexBytes(bytes, at, at + length)}`;
}
