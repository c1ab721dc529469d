/**
 * The text tcpdump 4.99 prints for a Multipath TCP option (kind 30, RFC 8684 §3, and RFC 6824 for
 * version 0), subtype by subtype. Each subtype accepts only certain lengths (and some only with certain
 * TCP flags); when it refuses, tcpdump ends the option list with `[bad opt]`.
 *
 * @module
 */

import { ipv4Text, ipv6Text } from '../address.ts';
import { u16, u32 } from '../bytes.ts';
import { TCP_FLAG } from '../constants.ts';
import { hexBytes, readU64 } from './text.ts';

/** What {@link formatMptcp} printed, and whether tcpdump accepted the option. */
export interface MptcpText {
  text: string;
  /** False where tcpdump's subtype printer returns 0: the caller appends `[bad opt]` and stops. */
  ok: boolean;
}

/** MPTCP subtypes tcpdump knows (RFC 8684 §3, Table 1); 8 and above print as `unknown`. */
const SUBTYPE_NAMES = [
  'capable',
  'join',
  'dss',
  'add-addr',
  'rem-addr',
  'prio',
  'fail',
  'fast-close',
  'unknown',
] as const;

/** ADD_ADDR: the low nibble of the third byte (version 0's IP version, version 1's echo bit). */
const ADD_ADDR_FORMS: Readonly<Record<number, string>> = {
  6: 'v0-ip6',
  4: 'v0-ip4',
  1: 'v1-echo',
  0: 'v1',
};

/** The `A`, `a`, `M`, `m` and `F` bits of a DSS option (RFC 8684 §3.3). */
const DSS = { ACK: 0x01, ACK_8: 0x02, MAP: 0x04, MAP_8: 0x08, FIN: 0x10 } as const;

const hex64 = (b: Uint8Array, i: number): string => readU64(b, i).toString(16);

type SubtypePrinter = (b: Uint8Array, at: number, length: number, flags: number) => MptcpText;

/** MP_CAPABLE (RFC 8684 §3.1): length 4 or 12 on a SYN, 20 or 22 on the ACK that ends the handshake. */
const capable: SubtypePrinter = (b, at, length, flags) => {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const thirdAck = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === TCP_FLAG.ACK;
  if (!((length === 12 || length === 4) && syn) && !((length === 20 || length === 22) && thirdAck)) {
    return { text: '', ok: false };
  }
  const version = b[at + 2]! & 0x0f;
  if (version > 1) return { text: ` Unknown Version (${version})`, ok: true };
  let text = ` v${version}`;
  if ((b[at + 3]! & 0x80) !== 0) text += ' csum';
  if (length === 12 || length >= 20) {
    text += ` {0x${hex64(b, at + 4)}`;
    if (length >= 20) text += `,0x${hex64(b, at + 12)}`;
    text += '}';
  }
  return { text, ok: true };
};

/** MP_JOIN (RFC 8684 §3.2): 12 bytes on a SYN, 16 on a SYN-ACK, 24 on an ACK. */
const join: SubtypePrinter = (b, at, length, flags) => {
  const syn = (flags & TCP_FLAG.SYN) !== 0;
  const synAck = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK)) === (TCP_FLAG.SYN | TCP_FLAG.ACK);
  const ack = (flags & TCP_FLAG.ACK) !== 0;
  if (!(length === 12 && syn) && !(length === 16 && synAck) && !(length === 24 && ack)) {
    return { text: '', ok: false };
  }
  let text = '';
  if (length !== 24) {
    if ((b[at + 2]! & 0x01) !== 0) text += ' backup';
    text += ` id ${b[at + 3]}`;
  }
  if (length === 12) {
    text += ` token 0x${u32(b, at + 4).toString(16)} nonce 0x${u32(b, at + 8).toString(16)}`;
  } else if (length === 16) {
    text += ` hmac 0x${hex64(b, at + 4)} nonce 0x${u32(b, at + 12).toString(16)}`;
  } else {
    text += ` hmac 0x${hexBytes(b, at + 4, at + 24)}`;
  }
  return { text, ok: true };
};

/**
 * DSS (RFC 8684 §3.3): flags, then the data ACK (4 or 8 bytes), then the mapping (DSN of 4 or 8
 * bytes, subflow sequence number, data-level length, and a checksum when 2 bytes remain). Anything
 * left over, or a DSS on a SYN, is refused; what was printed before that stays.
 */
const dss: SubtypePrinter = (b, at, length, flags) => {
  if (length < 4 || (flags & TCP_FLAG.SYN) !== 0) return { text: '', ok: false };
  const dssFlags = b[at + 3]!;
  let text = '';
  if ((dssFlags & DSS.FIN) !== 0) text += ' fin';
  let i = at + 4;
  let left = length - 4;
  const number = (wide: boolean): string | null => {
    const size = wide ? 8 : 4;
    if (left < size) return null;
    const value = wide ? readU64(b, i).toString() : String(u32(b, i));
    i += size;
    left -= size;
    return value;
  };
  if ((dssFlags & DSS.ACK) !== 0) {
    text += ' ack ';
    const ack = number((dssFlags & DSS.ACK_8) !== 0);
    if (ack === null) return { text, ok: false };
    text += ack;
  }
  if ((dssFlags & DSS.MAP) !== 0) {
    text += ' seq ';
    const dsn = number((dssFlags & DSS.MAP_8) !== 0);
    if (dsn === null) return { text, ok: false };
    text += dsn;
    if (left < 4) return { text, ok: false };
    text += ` subseq ${u32(b, i)}`;
    i += 4;
    left -= 4;
    if (left < 2) return { text, ok: false };
    text += ` len ${u16(b, i)}`;
    i += 2;
    left -= 2;
    if (left >= 2) {
      text += ` csum 0x${u16(b, i).toString(16)}`;
      left -= 2;
    }
  }
  return { text, ok: left === 0 };
};

/** ADD_ADDR (RFC 8684 §3.4.1): an IPv4 or IPv6 address by length, an optional port and HMAC. */
const addAddr: SubtypePrinter = (b, at, length) => {
  if (![8, 10, 16, 18, 20, 22, 28, 30].includes(length)) return { text: '', ok: false };
  let text = ` ${ADD_ADDR_FORMS[b[at + 2]! & 0x0f] ?? '[bad version/echo]'} id ${b[at + 3]}`;
  const v4 = length <= 18;
  const addressEnd = at + (v4 ? 8 : 20);
  text += ` ${v4 ? ipv4Text(b, at + 4) : ipv6Text(b, at + 4)}`;
  const withPort = length === 10 || length === 18 || length === 22 || length === 30;
  if (withPort) text += `:${u16(b, addressEnd)}`;
  const withHmac = length === 16 || length === 18 || length === 28 || length === 30;
  if (withHmac) text += ` hmac 0x${hex64(b, addressEnd + (withPort ? 2 : 0))}`;
  return { text, ok: true };
};

/** REMOVE_ADDR (RFC 8684 §3.4.2): one or more address IDs. */
const removeAddr: SubtypePrinter = (b, at, length) => {
  if (length < 4) return { text: '', ok: false };
  let text = ' id';
  for (let i = at + 3; i < at + length; i++) text += ` ${b[i]}`;
  return { text, ok: true };
};

/** MP_PRIO (RFC 8684 §3.3.8): the backup bit, and an address ID in the 4-byte form. */
const prio: SubtypePrinter = (b, at, length) => {
  if (length !== 3 && length !== 4) return { text: '', ok: false };
  let text = (b[at + 2]! & 0x01) !== 0 ? ' backup' : ' non-backup';
  if (length === 4) text += ` id ${b[at + 3]}`;
  return { text, ok: true };
};

/** MP_FAIL (RFC 8684 §3.7): a 64-bit data sequence number. */
const fail: SubtypePrinter = (b, at, length) =>
  length === 12 ? { text: ` seq ${readU64(b, at + 4)}`, ok: true } : { text: '', ok: false };

/** MP_FASTCLOSE (RFC 8684 §3.5): the receiver's 64-bit key. */
const fastClose: SubtypePrinter = (b, at, length) =>
  length === 12 ? { text: ` key 0x${hex64(b, at + 4)}`, ok: true } : { text: '', ok: false };

const unknown: SubtypePrinter = () => ({ text: '', ok: true });

const PRINTERS: readonly SubtypePrinter[] = [
  capable,
  join,
  dss,
  addAddr,
  removeAddr,
  prio,
  fail,
  fastClose,
  unknown,
];

/**
 * The text after `mptcp` for the option at `b[at]` (kind byte) of total length `length`, which the
 * caller has checked is inside the option area and captured: ` <length> <subtype>` and the subtype's
 * fields. `flags` is the TCP flag byte (byte 13). Below 3 bytes nothing is printed and the option is
 * refused.
 */
export function formatMptcp(b: Uint8Array, at: number, length: number, flags: number): MptcpText {
  if (length < 3) return { text: '', ok: false };
  const subtype = Math.min(b[at + 2]! >> 4, SUBTYPE_NAMES.length - 1);
  const body = PRINTERS[subtype]!(b, at, length, flags);
  return { text: ` ${length} ${SUBTYPE_NAMES[subtype]}${body.text}`, ok: body.ok };
}
