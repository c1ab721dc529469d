/**
 * The TCP header's wire layout in one place: field offsets, flag masks, option kinds and lengths.
 *
 * Every number in the codec comes from here. The layout is RFC 9293 §3.1; each option kind cites
 * the RFC that defines it.
 *
 * @module
 */

/**
 * Byte offset of each fixed field from the start of the header (RFC 9293 §3.1, Figure 1).
 *
 * @example
 * ```ts
 * const window = (bytes[TCP_FIELD.WINDOW] << 8) | bytes[TCP_FIELD.WINDOW + 1];
 * ```
 */
export const TCP_FIELD = {
  SRC_PORT: 0,
  DST_PORT: 2,
  SEQ: 4,
  ACK: 8,
  /** Data offset (high nibble), reserved bits and the NS flag (low nibble). */
  DATA_OFFSET: 12,
  /** The eight flags CWR..FIN. */
  FLAGS: 13,
  WINDOW: 14,
  CHECKSUM: 16,
  URGENT_POINTER: 18,
  OPTIONS: 20,
} as const;

/**
 * Length of the fixed part of the header, and the smallest legal header (data offset 5).
 * RFC 9293 §3.1, Figure 1: ten fixed fields in five 32-bit words, options after them.
 *
 * @example
 * ```ts
 * if (bytes.length < TCP_MIN_HEADER_LENGTH) throw new Error('short');
 * ```
 */
export const TCP_MIN_HEADER_LENGTH: 20 = TCP_FIELD.OPTIONS;

/**
 * The largest header: data offset 15, i.e. 60 bytes (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const buffer = new Uint8Array(TCP_MAX_HEADER_LENGTH);
 * ```
 */
export const TCP_MAX_HEADER_LENGTH = 60 as const;

/**
 * Room for options: 60 - 20 = 40 bytes.
 * RFC 9293 §3.1: options sit between the fixed header and the data offset, whose largest value is
 * 15 words.
 *
 * @example
 * ```ts
 * const spare = TCP_MAX_OPTIONS_LENGTH - 12;
 * ```
 */
export const TCP_MAX_OPTIONS_LENGTH = 40 as const;

/**
 * Smallest and largest data offset, in 32-bit words (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const ok = dataOffset >= TCP_DATA_OFFSET.MIN && dataOffset <= TCP_DATA_OFFSET.MAX;
 * ```
 */
export const TCP_DATA_OFFSET = { MIN: 5, MAX: 15 } as const;

/**
 * Masks of the nine flags inside the 12 bits that follow the data offset
 * (bytes 12-13 read big-endian, low 12 bits). RFC 9293 §3.1 for URG..FIN, RFC 3168 §6.1 for CWR and
 * ECE, RFC 3540 for NS (reassigned as AE, "Accurate ECN", by RFC 9768 §3.1).
 *
 * @example
 * ```ts
 * const isSyn = (flagBits & TCP_FLAG.SYN) !== 0;
 * ```
 */
export const TCP_FLAG = {
  FIN: 0x001,
  SYN: 0x002,
  RST: 0x004,
  PSH: 0x008,
  ACK: 0x010,
  URG: 0x020,
  ECE: 0x040,
  CWR: 0x080,
  NS: 0x100,
} as const;

/**
 * The three reserved bits sit above NS in the 12-bit flag field (RFC 9293 §3.1: "Reserved (Rsrvd):
 * A set of control bits reserved for future use. Must be zero in generated segments and must be
 * ignored in received segments").
 *
 * @example
 * ```ts
 * const reserved = (flagBits & TCP_RESERVED_MASK) >> TCP_RESERVED_SHIFT;
 * ```
 */
export const TCP_RESERVED_MASK = 0xe00 as const;

/**
 * Shift of the reserved bits inside the 12-bit flag field.
 * RFC 9293 §3.1, Figure 1: the reserved bits follow the data offset; the lowest of the four it
 * shows is now the NS / AE flag (RFC 9768), so three remain, from bit 9.
 *
 * @example
 * ```ts
 * const flagBitsWithReserved = flagBits | (7 << TCP_RESERVED_SHIFT);
 * ```
 */
export const TCP_RESERVED_SHIFT = 9 as const;

/**
 * Option kind numbers from the IANA "TCP Option Kind Numbers" registry.
 * RFC 9293 §3.1 gives the option layout (a kind byte, then for all but EOL and NOP a length byte
 * that counts the kind and length bytes); each kind below cites the RFC that defines it.
 *
 * @example
 * ```ts
 * if (bytes[20] === TCP_OPTION_KIND.MSS) console.log('MSS first');
 * ```
 */
export const TCP_OPTION_KIND = {
  /** End of option list, one byte (RFC 9293 §3.2). */
  EOL: 0,
  /** No-operation, one byte (RFC 9293 §3.2). */
  NOP: 1,
  /** Maximum segment size, length 4 (RFC 9293 §3.2, §3.7.1). */
  MSS: 2,
  /** Window scale, length 3 (RFC 7323 §2). */
  WINDOW_SCALE: 3,
  /** SACK permitted, length 2 (RFC 2018 §2). */
  SACK_PERMITTED: 4,
  /** Selective acknowledgment, length 2 + 8n (RFC 2018 §3). */
  SACK: 5,
  /** Timestamps, length 10 (RFC 7323 §3). */
  TIMESTAMPS: 8,
  /** TCP MD5 signature, length 18 (RFC 2385 §3). */
  MD5: 19,
  /** User timeout, length 4 (RFC 5482 §2). */
  USER_TIMEOUT: 28,
  /** TCP Authentication Option, length >= 4 (RFC 5925 §2.2). */
  AUTHENTICATION: 29,
  /** Multipath TCP, length >= 3 (RFC 8684 §3). */
  MULTIPATH: 30,
  /** TCP Fast Open cookie, length 2 or 6..18 even (RFC 7413 §4.1.1). */
  FAST_OPEN: 34,
  /** AccECN order 0, length 2, 5, 8 or 11 (RFC 9768 §3.2.3). */
  ACC_ECN_0: 172,
  /** AccECN order 1, length 2, 5, 8 or 11 (RFC 9768 §3.2.3). */
  ACC_ECN_1: 174,
  /** Experiment 1, with a 16-bit ExID (RFC 4727, RFC 6994). */
  EXPERIMENTAL_1: 253,
  /** Experiment 2, with a 16-bit ExID (RFC 4727, RFC 6994). */
  EXPERIMENTAL_2: 254,
} as const;

/**
 * Experiment identifiers (RFC 6994 §3) that carry options we decode to their typed form.
 *
 * @example
 * ```ts
 * const isTfo = exid === TCP_EXID.FAST_OPEN;
 * ```
 */
export const TCP_EXID = {
  /** TCP Fast Open before kind 34 was assigned (RFC 7413 §4.1.1). */
  FAST_OPEN: 0xf989,
  /** AccECN order 0 in an experimental option (RFC 9768 §3.2.3). */
  ACC_ECN_0: 0xacc0,
  /** AccECN order 1 in an experimental option (RFC 9768 §3.2.3). */
  ACC_ECN_1: 0xacc1,
} as const;

/**
 * The largest window scale shift a receiver honours; larger ones are treated as 14 (RFC 7323 §2.3).
 *
 * @example
 * ```ts
 * const effective = Math.min(shift, TCP_MAX_WINDOW_SCALE);
 * ```
 */
export const TCP_MAX_WINDOW_SCALE = 14 as const;

/**
 * Linux's smallest accepted MSS (`TCP_MIN_SND_MSS`), the floor below which `lint` warns
 * (see CVE-2019-11477 and CVE-2023-35847 for what tiny MSS values did).
 * The MSS option itself is RFC 9293 §3.2 and §3.7.1, which set no lower bound on a received value:
 * 48 is Linux's choice, not an RFC's.
 *
 * @example
 * ```ts
 * const tiny = mss < TCP_MIN_REASONABLE_MSS;
 * ```
 */
export const TCP_MIN_REASONABLE_MSS = 48 as const;

/**
 * The nine flags' names as {@link TcpFlags} spells them, in wire order, high bit first
 * (RFC 9293 §3.1; NS from RFC 3540). Internal: the tracker, the arbitraries and the CLI walk them.
 *
 * @example
 * ```ts
 * const set = TCP_FLAG_NAMES.filter((name) => header.flags[name]);
 * ```
 */
export const TCP_FLAG_NAMES = ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'] as const;
