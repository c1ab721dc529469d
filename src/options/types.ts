/**
 * The typed option union: one interface per option kind, as `decode` returns them and `encode`
 * takes them.
 *
 * @module
 */

/**
 * One SACK block: the left and right edge of a received range, both 32-bit unsigned (RFC 2018 §3).
 *
 * @example
 * ```ts
 * const block: SackBlock = { left: 1001, right: 2001 };       // bytes 1001..2000 arrived
 * const wrapped: SackBlock = { left: 0xfffffc00, right: 0x400 }; // 2048 bytes across the wrap
 * ```
 */
export interface SackBlock {
  /** First sequence number of the block. */
  left: number;
  /** Sequence number just past the block; smaller than `left` when the block spans the wrap. */
  right: number;
}

/**
 * End of option list (kind 0, one byte, RFC 9293 §3.2).
 *
 * @example
 * ```ts
 * const header = decode(encode({ srcPort: 1, dstPort: 2, options: [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }] }));
 * header.options; // [{ kind: 'mss', mss: 1460 }, { kind: 'eol' }]
 * header.padding; // Uint8Array [0, 0, 0]: the zero fill after the EOL
 * ```
 */
export interface EolOption {
  kind: 'eol';
}
/**
 * No-operation (kind 1, one byte, RFC 9293 §3.2), used to align the next option.
 *
 * @example
 * ```ts
 * const options: TcpOption[] = [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsVal: 1, tsEcr: 0 }];
 * encode({ srcPort: 1, dstPort: 2, options }).subarray(20); // 01 01 08 0a 00000001 00000000
 * ```
 */
export interface NopOption {
  kind: 'nop';
}
/**
 * Maximum segment size (kind 2, length 4, RFC 9293 §3.7.1).
 *
 * @example
 * ```ts
 * const mss: MssOption = { kind: 'mss', mss: 1460 }; // a 1500-byte MTU less 20 (IPv4) and 20 (TCP)
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [mss] }).subarray(20); // 02 04 05 b4
 * ```
 */
export interface MssOption {
  kind: 'mss';
  /** 0..65535. */
  mss: number;
}
/**
 * Window scale (kind 3, length 3, RFC 7323 §2).
 *
 * @example
 * ```ts
 * const scale: WindowScaleOption = { kind: 'windowScale', shift: 7 }; // windows count units of 128 bytes
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [scale] }).subarray(20);
 * // 03 03 07, then one zero byte of fill
 * ```
 */
export interface WindowScaleOption {
  kind: 'windowScale';
  /** The shift as sent, 0..255; receivers use at most 14 (RFC 7323 §2.3, see `lint`). */
  shift: number;
}
/**
 * SACK permitted (kind 4, length 2, RFC 2018 §2), sent on a SYN only.
 *
 * @example
 * ```ts
 * const syn = encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [{ kind: 'sackPermitted' }] });
 * syn.subarray(20); // 04 02, then two zero bytes of fill
 * ```
 */
export interface SackPermittedOption {
  kind: 'sackPermitted';
}
/**
 * Selective acknowledgment (kind 5, length 2 + 8n, n = 1..4, RFC 2018 §3).
 *
 * @example
 * ```ts
 * // ACK 1 while bytes 1001..2000 have arrived: a hole at 1..1000.
 * const sack: SackOption = { kind: 'sack', blocks: [{ left: 1001, right: 2001 }] };
 * encode({ srcPort: 443, dstPort: 50000, ack: 1, flags: { ack: true }, options: [sack] }).subarray(20);
 * // 05 0a 000003e9 000007d1, then two zero bytes of fill
 * ```
 */
export interface SackOption {
  kind: 'sack';
  /** One to four blocks, in wire order. */
  blocks: SackBlock[];
}
/**
 * Timestamps (kind 8, length 10, RFC 7323 §3).
 *
 * @example
 * ```ts
 * const ts: TimestampsOption = { kind: 'timestamps', tsVal: 1000, tsEcr: 0 }; // TSecr is 0 on a first SYN
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [ts] }).subarray(20);
 * // 08 0a 000003e8 00000000, then two zero bytes of fill
 * ```
 */
export interface TimestampsOption {
  kind: 'timestamps';
  /** TSval, 32-bit unsigned. */
  tsVal: number;
  /** TSecr, 32-bit unsigned. */
  tsEcr: number;
}
/**
 * TCP MD5 signature (kind 19, length 18, RFC 2385 §3).
 *
 * @example
 * ```ts
 * // The digest is computed over the segment and a shared key (RFC 2385 §2); zeros hold its place here.
 * const md5: Md5Option = { kind: 'md5', digest: new Uint8Array(16) };
 * encodedLength({ srcPort: 179, dstPort: 50000, options: [md5] }); // 40: 20 + 18, filled to 40
 * ```
 */
export interface Md5Option {
  kind: 'md5';
  /** The 16-byte digest. */
  digest: Uint8Array;
}
/**
 * User timeout (kind 28, length 4, RFC 5482 §2).
 *
 * @example
 * ```ts
 * const uto: UserTimeoutOption = { kind: 'userTimeout', minutes: true, timeout: 10 }; // 10 minutes
 * encode({ srcPort: 50000, dstPort: 22, options: [uto] }).subarray(20); // 1c 04 80 0a: G bit set, 10
 * ```
 */
export interface UserTimeoutOption {
  kind: 'userTimeout';
  /** The G bit: true when `timeout` counts minutes, false for seconds. */
  minutes: boolean;
  /** 0..32767. */
  timeout: number;
}
/**
 * TCP Authentication Option (kind 29, length >= 4, RFC 5925 §2.2).
 *
 * @example
 * ```ts
 * // A 12-byte MAC (HMAC-SHA-1-96, RFC 5926); zeros hold its place here.
 * const ao: AuthenticationOption = { kind: 'authentication', keyId: 1, rNextKeyId: 1, mac: new Uint8Array(12) };
 * encode({ srcPort: 179, dstPort: 50000, options: [ao] }).subarray(20, 24); // 1d 10 01 01: length 16
 * ```
 */
export interface AuthenticationOption {
  kind: 'authentication';
  /** KeyID, 0..255. */
  keyId: number;
  /** RNextKeyID, 0..255. */
  rNextKeyId: number;
  /** The MAC, any length that fits. */
  mac: Uint8Array;
}
/**
 * Multipath TCP (kind 30, length >= 3, RFC 8684 §3).
 *
 * @example
 * ```ts
 * // MP_CAPABLE (subtype 0), version 1, flag H (HMAC-SHA256), as a SYN carries it (RFC 8684 §3.1).
 * const mpc: MultipathOption = { kind: 'multipath', subtype: 0, data: Uint8Array.of(0x01, 0x01) };
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [mpc] }).subarray(20); // 1e 04 01 01
 * ```
 */
export interface MultipathOption {
  kind: 'multipath';
  /** The MPTCP subtype, the high nibble of `data[0]` (encode checks they agree). */
  subtype: number;
  /** Everything after the kind and length bytes (at least one byte). */
  data: Uint8Array;
}
/**
 * TCP Fast Open cookie (kind 34, RFC 7413 §4.1.1), or the same carried in an experimental option
 * with ExID 0xF989 (then `code` and `exid` are set, so it re-encodes the same way).
 *
 * @example
 * ```ts
 * const request: FastOpenOption = { kind: 'fastOpen', cookie: new Uint8Array(0) }; // 22 02
 * const oldStyle: FastOpenOption = { kind: 'fastOpen', cookie: new Uint8Array(0), code: 254, exid: 0xf989 }; // fe 04 f9 89
 * encode({ srcPort: 50000, dstPort: 443, flags: { syn: true }, options: [request] }).subarray(20, 22); // 22 02
 * ```
 */
export interface FastOpenOption {
  kind: 'fastOpen';
  /** Empty for a cookie request, else 4..16 bytes, even. */
  cookie: Uint8Array;
  /** 253 or 254 when carried in an experimental option; absent for kind 34. */
  code?: 253 | 254;
  /** 0xF989 when carried in an experimental option. */
  exid?: number;
}
/**
 * Accurate ECN counters (kinds 172 and 174, length 2 + 3n, RFC 9768 §3.2.3), or the same carried in
 * an experimental option with ExID 0xACC0 / 0xACC1.
 *
 * @example
 * ```ts
 * const accEcn: AccEcnOption = { kind: 'accEcn', order: 0, counters: [1000, 0, 1] }; // EE0B, ECEB, EE1B
 * encode({ srcPort: 443, dstPort: 50000, flags: { ack: true }, options: [accEcn] }).subarray(20);
 * // ac 0b 0003e8 000000 000001, then one zero byte of fill
 * ```
 */
export interface AccEcnOption {
  kind: 'accEcn';
  /** 0 for kind 172 / ExID 0xACC0 (EE0B, ECEB, EE1B), 1 for kind 174 / ExID 0xACC1 (EE1B, ECEB, EE0B). */
  order: 0 | 1;
  /** Zero to three 24-bit byte counters, in wire order. */
  counters: number[];
  /** 253 or 254 when carried in an experimental option; absent for kinds 172 and 174. */
  code?: 253 | 254;
  /** 0xACC0 or 0xACC1 when carried in an experimental option. */
  exid?: number;
}
/**
 * An experimental option (kinds 253 and 254, length >= 4) with its ExID (RFC 6994 §3). Kinds 253 and
 * 254 are the two experimental kinds RFC 4727 assigns.
 *
 * @example
 * ```ts
 * const option: ExperimentalOption = { kind: 'experimental', code: 253, exid: 0x1234, data: Uint8Array.of(0xab) };
 * encode({ srcPort: 1, dstPort: 2, options: [option] }).subarray(20); // fd 05 12 34 ab, then three zero bytes
 * ```
 */
export interface ExperimentalOption {
  kind: 'experimental';
  /** 253 or 254. */
  code: 253 | 254;
  /** The 16-bit experiment identifier. */
  exid: number;
  /** The bytes after the ExID. */
  data: Uint8Array;
}
/**
 * Any other kind, or a kind whose length its typed form does not allow; kept as a valid TLV: a kind
 * byte, a length byte that counts both, then the data (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * // A Fast Open option with a 3-byte cookie, which RFC 7413 §4.1.1 does not allow:
 * const unknown: UnknownOption = { kind: 'unknown', code: 34, data: Uint8Array.of(1, 2, 3) };
 * const bytes = encode({ srcPort: 1, dstPort: 2, options: [unknown] }); // 22 05 01 02 03 after the fixed header
 * decode(bytes).options[0]; // { kind: 'unknown', code: 34, data: Uint8Array [1, 2, 3] }
 * ```
 */
export interface UnknownOption {
  kind: 'unknown';
  /** The kind byte, 0..255. */
  code: number;
  /** The bytes after the kind and length bytes. */
  data: Uint8Array;
}
/**
 * Bytes written verbatim: the escape hatch for crafting, and what lenient decoding returns for an
 * option area it cannot walk.
 * Nothing is checked: the bytes may break RFC 9293 §3.1's option layout, which is their use.
 *
 * @example
 * ```ts
 * const bad = encode({ srcPort: 1, dstPort: 2, options: [{ kind: 'raw', bytes: Uint8Array.of(2, 1) }] }); // MSS, length 1
 * tryDecode(bad).ok;                   // false: OPTION_BAD_LENGTH at offset 20
 * decodeLenient(bad).header?.options; // [{ kind: 'raw', bytes: Uint8Array [2, 1, 0, 0] }]
 * ```
 */
export interface RawOption {
  kind: 'raw';
  /** Written as they are, kind and length bytes included. */
  bytes: Uint8Array;
}

/**
 * A TCP option, discriminated by `kind` (docs/rules.md O1-O3).
 * Each is laid out as RFC 9293 §3.1 says: EOL and NOP one byte, every other kind a kind byte, a
 * length byte that counts both, then data; each member cites the RFC that defines its kind.
 *
 * @example
 * ```ts
 * const options: TcpOption[] = [{ kind: 'mss', mss: 1460 }, { kind: 'nop' }, { kind: 'windowScale', shift: 7 }];
 * ```
 */
export type TcpOption =
  | EolOption
  | NopOption
  | MssOption
  | WindowScaleOption
  | SackPermittedOption
  | SackOption
  | TimestampsOption
  | Md5Option
  | UserTimeoutOption
  | AuthenticationOption
  | MultipathOption
  | FastOpenOption
  | AccEcnOption
  | ExperimentalOption
  | UnknownOption
  | RawOption;

/**
 * The `kind` names of {@link TcpOption}: one per option kind of RFC 9293 §3.2 and the RFCs that
 * define the others, plus `unknown` and `raw`.
 *
 * @example
 * ```ts
 * // A Linux SYN's options: MSS, SACK permitted, timestamps, NOP, window scale.
 * const kinds: TcpOptionKind[] = decode(syn).options.map((option) => option.kind);
 * // ['mss', 'sackPermitted', 'timestamps', 'nop', 'windowScale']
 * ```
 */
export type TcpOptionKind = TcpOption['kind'];
