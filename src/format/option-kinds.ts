/**
 * What tcpdump 4.99 prints for each option kind it knows (print-tcp.c, `tcp_print`): its name
 * (`tcp_option_values`) and the text of its data, which it reads at the data length it expects for
 * the kind whatever the option's length byte says.
 *
 * The names of the typed kinds come from the one table of option kinds (`OPTION_KINDS` in
 * `options/kinds.ts`, per code); tcpdump also names a few obsolete kinds the table does not carry
 * (`LEGACY_KINDS`). Any other kind prints as `unknown-<kind>` with its data in hex.
 *
 * Internal: not exported from the package.
 *
 * @module
 */
import { u16, u32 } from '../bytes.ts';
import { TCP_EXID } from '../constants.ts';
import { fastOpenCookieAllowed, OPTION_KINDS } from '../options/kinds.ts';
import type { TcpOptionKind } from '../options/types.ts';
import { formatMptcp } from './mptcp.ts';
import { decimal, hex4, hexBytes } from './text.ts';

/** Go on with the next option: the option printed in full. */
export const WALK_ON = 0;
/** tcpdump's `bad:` exit: `[bad opt]` ends the list. */
export const WALK_BAD = 1;
/** A LENCHECK that ran past the capture: a truncation marker closed by `>`. */
export const WALK_LENGTH_CHECK = 2;
/** A kind or length byte past the capture: a truncation marker. */
export const WALK_READ = 3;

/** The MD5 digest length tcpdump expects (RFC 2385 §3). */
const MD5_DIGEST_LENGTH = 16;

/**
 * One walk over an option area: the segment as the walk sees it (offsets from the start of the TCP
 * header), filled in by the caller; where the walk is, which the walk and each kind's printer
 * update; and how the walk ended, filled in by `formatOptionArea`. The printer reuses one such
 * record for every line and every option, so a line allocates no record.
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
  /** The option's kind byte. */
  kind: number;
  /** The option's length byte (1 for the one-byte kinds). */
  length: number;
  /** Where the option's data starts. */
  at: number;
  /** Bytes left in the option area from `at`. */
  left: number;
  /** Set by the printer: the data bytes tcpdump steps over for this option. */
  data: number;
  /** The text so far. */
  text: string;
  /**
   * Set by the walk. `complete`: the list closed with `]` and the line goes on with `, length N`;
   * `bad`: it ended in `[bad opt]`; `truncated`: in ` [|tcp]` (or ` [|mptcp]` after an MPTCP
   * option). Only `complete` goes on.
   */
  end: 'complete' | 'bad' | 'truncated';
  /** Set by the walk: the protocol name tcpdump puts in later truncation markers (`mptcp` once an MPTCP option ran). */
  protocol: 'tcp' | 'mptcp';
}

/** Prints an option's data into `c.text`, sets `c.data`; {@link WALK_ON} or how the walk stops. */
export type OptionPrinter = (c: OptionWalk) => number;

/**
 * tcpdump's LENCHECK: `n` data bytes from `c.at` must lie inside what is left of the area
 * ({@link WALK_BAD} otherwise), then inside the capture ({@link WALK_LENGTH_CHECK}).
 */
function lengthCheck(c: OptionWalk, n: number): number {
  if (n > c.left) return WALK_BAD;
  if (c.at + n > c.captured) return WALK_LENGTH_CHECK;
  return WALK_ON;
}

/** Data bytes `from .. to` in hex, each checked first, as tcpdump prints unknown data and MACs. */
function hexData(c: OptionWalk, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const stop = lengthCheck(c, i + 1);
    if (stop !== WALK_ON) return stop;
    c.text += hexBytes(c.bytes, c.at + i, c.at + i + 1);
  }
  return WALK_ON;
}

/** A kind whose data tcpdump reads at a fixed length `n`, printed by `print` once it is checked. */
function fixedData(n: number, print: (b: Uint8Array, at: number, c: OptionWalk) => string): OptionPrinter {
  return (c) => {
    c.data = n;
    const stop = lengthCheck(c, n);
    if (stop === WALK_ON) c.text += print(c.bytes, c.at, c);
    return stop;
  };
}

/** RFC 7413 §4.1.1: an empty cookie is a request; a cookie is 4..16 bytes of even length. */
function fastOpenText(bytes: Uint8Array, at: number, length: number): string {
  if (length === 0) return ' cookiereq';
  if (!fastOpenCookieAllowed(length)) return ' (invalid)';
  return ` cookie ${hexBytes(bytes, at, at + length)}`;
}

/** No data: EOL, NOP, SACK-permitted. */
const noData: OptionPrinter = () => WALK_ON;

/** A 32-bit number: the RFC 1072 echo options and the RFC 1644 connection counts. */
const number32 = /* @__PURE__ */ fixedData(4, (b, at) => ` ${u32(b, at)}`);

/** Any other kind: its data in hex. */
const unknownData: OptionPrinter = (c) => {
  c.data = c.length - 2;
  if (c.data > 0) c.text += ' 0x';
  return hexData(c, 0, c.data);
};

/** SACK (RFC 2018 §3): the block count, then each block's edges less `sackBase`. */
const sack: OptionPrinter = (c) => {
  const data = c.length - 2;
  c.data = data;
  if (data % 8 !== 0) {
    c.text += ' invalid sack';
    return WALK_ON;
  }
  c.text += ` ${data / 8} `;
  for (let i = 0; i < data; i += 8) {
    let stop = lengthCheck(c, i + 4);
    if (stop !== WALK_ON) return stop;
    const start = (u32(c.bytes, c.at + i) - c.sackBase) >>> 0;
    stop = lengthCheck(c, i + 8);
    if (stop !== WALK_ON) return stop;
    const end = (u32(c.bytes, c.at + i + 4) - c.sackBase) >>> 0;
    c.text += `{${start}:${end}}`;
  }
  return WALK_ON;
};

/** TCP-AO (RFC 5925 §2.2): the key ids and the MAC; the length is at least 4. */
const authentication: OptionPrinter = (c) => {
  const data = c.length - 2;
  c.data = data;
  if (data < 2) {
    c.text += ' (invalid)';
    return WALK_ON;
  }
  let stop = lengthCheck(c, 1);
  if (stop !== WALK_ON) return stop;
  c.text += ` keyid ${c.bytes[c.at]}`;
  stop = lengthCheck(c, 2);
  if (stop !== WALK_ON) return stop;
  c.text += ` rnextkeyid ${c.bytes[c.at + 1]}`;
  if (data <= 2) return WALK_ON;
  c.text += ' mac 0x';
  return hexData(c, 2, data);
};

/** MPTCP (RFC 8684 §3): printed by subtype; a subtype tcpdump refuses ends the list. */
const multipath: OptionPrinter = (c) => {
  c.data = c.length - 2;
  const stop = lengthCheck(c, c.data);
  if (stop !== WALK_ON) return stop;
  c.protocol = 'mptcp';
  const mptcp = formatMptcp(c.bytes, c.at - 2, c.length, c.flags);
  c.text += mptcp.text;
  return mptcp.ok ? WALK_ON : WALK_BAD;
};

/** TCP Fast Open (RFC 7413 §4.1.1). */
const fastOpen: OptionPrinter = (c) => {
  c.data = c.length - 2;
  const stop = lengthCheck(c, c.data);
  if (stop === WALK_ON) c.text += ` ${fastOpenText(c.bytes, c.at, c.data)}`;
  return stop;
};

/** Kind 254 (RFC 6994): the ExID, and a Fast Open cookie under its ExID. */
const experimental: OptionPrinter = (c) => {
  const data = c.length - 2;
  c.data = data;
  const stop = lengthCheck(c, data);
  if (stop !== WALK_ON) return stop;
  if (data < 2) return WALK_BAD;
  const exid = u16(c.bytes, c.at);
  c.text += '-';
  c.text += exid === TCP_EXID.FAST_OPEN ? `tfo${fastOpenText(c.bytes, c.at + 2, data - 2)}` : hex4(exid);
  return WALK_ON;
};

/**
 * tcpdump's data printer for each typed kind, for the codes tcpdump has a name for (a kind without
 * one prints as `unknown-<kind>` whatever its printer here).
 */
const PRINTERS: Readonly<Record<TcpOptionKind, OptionPrinter>> = {
  eol: noData,
  nop: noData,
  mss: /* @__PURE__ */ fixedData(2, (b, at) => ` ${u16(b, at)}`),
  windowScale: /* @__PURE__ */ fixedData(1, (b, at) => ` ${b[at]}`),
  sackPermitted: noData,
  sack,
  timestamps: /* @__PURE__ */ fixedData(
    8,
    (b, at) => ` val ${decimal(u32(b, at))} ecr ${decimal(u32(b, at + 4))}`,
  ),
  // tcpdump (built with libcrypto, run without -M) cannot check the digest; it says why.
  md5: /* @__PURE__ */ fixedData(MD5_DIGEST_LENGTH, (b, at, c) => {
    const why = c.segmentLength <= c.captured ? 'shared secret not supplied with -M' : 'snaplen too short';
    return ` ${why}, can't check - ${hexBytes(b, at, at + MD5_DIGEST_LENGTH)}`;
  }),
  // tcpdump reads the low bit as the granularity (RFC 5482 §2 puts it in the high bit).
  userTimeout: /* @__PURE__ */ fixedData(2, (b, at) => {
    const value = u16(b, at);
    return ` 0x${value.toString(16)} ${value & 1 ? (value >> 1) * 60 : value >> 1}`;
  }),
  authentication,
  multipath,
  fastOpen,
  accEcn: unknownData,
  experimental,
  unknown: unknownData,
  raw: unknownData,
};

/**
 * Kinds tcpdump names that the kinds table does not carry: the obsolete RFC 1072 echo options,
 * RFC 1644 (T/TCP) connection counts (CC.ECHO prints as ""), and SCPS capabilities (kind 20).
 */
const LEGACY_KINDS: Readonly<Record<number, KnownKind>> = {
  6: ['echo', number32],
  7: ['echoreply', number32],
  11: ['cc', number32],
  12: ['ccnew', number32],
  13: ['', number32],
  20: [
    'scps',
    /* @__PURE__ */ fixedData(2, (b, at) => ` cap ${b[at]!.toString(16).padStart(2, '0')} id ${b[at + 1]}`),
  ],
};

/** A kind tcpdump knows: its name and its data printer. */
type KnownKind = readonly [name: string, print: OptionPrinter];

/** tcpdump's name and printer for each kind byte it knows, from the kinds table and the legacy kinds. */
function knownKinds(): (KnownKind | undefined)[] {
  const known: (KnownKind | undefined)[] = new Array(256).fill(undefined);
  for (const [code, kind] of Object.entries(LEGACY_KINDS)) known[Number(code)] = kind;
  for (const [form, rule] of Object.entries(OPTION_KINDS)) {
    const print = PRINTERS[form as TcpOptionKind];
    rule.codes.forEach((code, i) => {
      const name = rule.tcpdumpNames[i];
      if (name !== undefined) known[code] = [name, print];
    });
  }
  return known;
}

/** Indexed by kind byte; undefined for a kind tcpdump prints as `unknown-<kind>`. */
const KNOWN_KINDS: readonly (KnownKind | undefined)[] = /* @__PURE__ */ knownKinds();

/**
 * Prints the name and data of the option at `c.kind` (its kind and length bytes read), and sets
 * `c.data`; returns {@link WALK_ON} or how the walk stops.
 */
export function printOptionData(c: OptionWalk): number {
  const known = KNOWN_KINDS[c.kind];
  if (known === undefined) {
    c.text += `unknown-${c.kind}`;
    return unknownData(c);
  }
  c.text += known[0];
  return known[1](c);
}
