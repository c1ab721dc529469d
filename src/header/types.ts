/**
 * The TCP header as a plain object: what `decode` returns and what `encode` takes (RFC 9293 §3.1).
 *
 * Internal: not exported from the package (the types are, through the entry).
 *
 * @module
 */
import type { TcpDecodeError } from '../errors.ts';
import type { TcpOption } from '../options/types.ts';

/**
 * The nine flags, each an independent boolean (RFC 9293 §3.1; CWR and ECE RFC 3168 §6.1; NS RFC 3540,
 * called AE by RFC 9768 §3.1).
 *
 * @example
 * ```ts
 * // An ECN-setup SYN: SYN with ECE and CWR set (RFC 3168 §6.1.1).
 * const syn = encode({ srcPort: 50000, dstPort: 443, flags: { syn: true, ece: true, cwr: true } });
 * syn[13]; // 0xc2
 * const flags: TcpFlags = decode(syn).flags;
 * flags.syn && flags.ece && flags.cwr && !flags.ack; // true
 * ```
 */
export interface TcpFlags {
  /** ECN nonce sum (RFC 3540), now AE, "Accurate ECN" (RFC 9768). */
  ns: boolean;
  /** Congestion window reduced (RFC 3168). */
  cwr: boolean;
  /** ECN-Echo (RFC 3168). */
  ece: boolean;
  /** The urgent pointer field is significant. */
  urg: boolean;
  /** The acknowledgment number field is significant. */
  ack: boolean;
  /** Push function. */
  psh: boolean;
  /** Reset the connection. */
  rst: boolean;
  /** Synchronize sequence numbers. */
  syn: boolean;
  /** No more data from sender. */
  fin: boolean;
}

/**
 * A decoded TCP header: every field as on the wire (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const header: TcpHeader = decode(bytes);
 * console.log(header.srcPort, header.flags.syn, header.options);
 * ```
 */
export interface TcpHeader {
  /** Source port, 0..65535. */
  srcPort: number;
  /** Destination port, 0..65535. */
  dstPort: number;
  /** Sequence number, 0..2^32-1. */
  seq: number;
  /** Acknowledgment number, 0..2^32-1 (meaningful when `flags.ack`). */
  ack: number;
  /** Header length in 32-bit words, 5..15, as on the wire. */
  dataOffset: number;
  /** The three bits between the data offset and NS, 0..7, as on the wire. */
  reserved: number;
  /** The nine flags. */
  flags: TcpFlags;
  /** Receive window, 0..65535, unscaled. */
  window: number;
  /** Checksum field as on the wire. */
  checksum: number;
  /** Urgent pointer, 0..65535. */
  urgentPointer: number;
  /** Options in wire order, repeats kept, an `eol` where the wire has one. */
  options: TcpOption[];
  /** Bytes after an EOL up to the end of the header; one shared empty array when there are none. */
  padding: Uint8Array;
}

/**
 * What {@link encode} takes: a {@link TcpHeader} where everything but the ports may be left out
 * (numbers default to 0, flags to false, options and padding to empty, `dataOffset` is derived).
 * The fields are those of RFC 9293 §3.1; a derived `dataOffset` counts the 32-bit words of the
 * header once the options are zero-filled to a word boundary, as RFC 9293 §3.1 requires.
 *
 * @example
 * ```ts
 * const init: TcpHeaderInit = { srcPort: 443, dstPort: 50000, flags: { syn: true, ack: true } };
 * ```
 */
export interface TcpHeaderInit {
  srcPort: number;
  dstPort: number;
  seq?: number;
  ack?: number;
  /** Derived from the options when left out; a given one must agree unless `craft`. */
  dataOffset?: number;
  reserved?: number;
  flags?: Partial<TcpFlags>;
  window?: number;
  checksum?: number;
  urgentPointer?: number;
  options?: readonly TcpOption[];
  padding?: Uint8Array;
}

/**
 * Options for the encoders.
 * Without `craft`, what is written keeps RFC 9293 §3.1's rules (the data offset counts the header's
 * 32-bit words, the options are zero-filled to a word boundary) and §3.2's (EOL ends the option
 * list); `craft` writes headers that break them on purpose, to test a receiver.
 *
 * @example
 * ```ts
 * encode({ srcPort: 1, dstPort: 2, dataOffset: 15 }, { craft: true }); // a header that lies
 * // 20 bytes whose byte 12 is 0xf0 (data offset 15); without craft, a RangeError:
 * // 'dataOffset must be 5 for 0 bytes of options and padding, got 15 (use craft to write it anyway)'
 * ```
 */
export interface EncodeOptions {
  /**
   * Write what is given even where it is inconsistent: a `dataOffset` that disagrees with the bytes
   * (then no zero fill is added), options after an `eol`, padding without a final `eol`, a
   * `multipath.subtype` or `accEcn.order` that disagrees with its bytes, an `unknown` option with a
   * length its kind forbids. Values that cannot be written at all are still errors.
   */
  craft?: boolean;
}

/**
 * The result of {@link tryDecode}.
 * An error means the bytes break RFC 9293 §3.1 (see {@link TcpDecodeErrorCode}).
 *
 * @example
 * ```ts
 * const result: TryDecodeResult = tryDecode(new Uint8Array(20)); // data offset 0
 * result.ok; // false
 * if (!result.ok) console.log(result.error.code, result.error.offset); // BAD_DATA_OFFSET 12
 * ```
 */
export type TryDecodeResult = { ok: true; header: TcpHeader } | { ok: false; error: TcpDecodeError };

/**
 * A decoded header and the payload after it.
 * The payload starts `dataOffset * 4` bytes after the header's first byte (RFC 9293 §3.1).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(22);
 * bytes.set(encode({ srcPort: 80, dstPort: 5000, flags: { psh: true, ack: true } }));
 * bytes.set([0x68, 0x69], 20); // 'hi'
 * const { header, payload }: TcpSegment = decodeSegment(bytes);
 * header.dataOffset; // 5
 * payload;           // Uint8Array [0x68, 0x69]
 * ```
 */
export interface TcpSegment {
  header: TcpHeader;
  /** `bytes` after the header: a view, not a copy. */
  payload: Uint8Array;
}
