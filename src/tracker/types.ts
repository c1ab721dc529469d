/**
 * The tracker's public types: what `track` reads ({@link TrackedSegment}), what it answers
 * ({@link TrackResult}: connection, side, role, relative numbers, violations) and the connection
 * events it queues ({@link TcpConnectionEvent}).
 *
 * @module
 */
import type { IpAddress } from '../address.ts';
import type { TcpFlags, TcpHeader } from '../header/types.ts';
import type { TcpOption } from '../options.ts';

/**
 * What the tracker reads from one segment. The segments `handshake` and `teardown` build have
 * this shape; for a captured frame, pass its addresses, decoded header and payload length.
 * The header fields are RFC 9293 §3.1's; from them and the payload length the tracker works out the
 * segment's SEG.LEN, counting SYN and FIN (RFC 9293 §3.4).
 *
 * @example
 * ```ts
 * tracker.track({ src: '10.0.0.1', dst: '10.0.0.2', header: decode(bytes), payloadLength: 0 });
 * ```
 */
export interface TrackedSegment {
  /** Source address. */
  src: IpAddress;
  /** Destination address. */
  dst: IpAddress;
  /** The header (only ports, seq, ack, flags and options are read). */
  header: Pick<TcpHeader, 'srcPort' | 'dstPort' | 'seq' | 'ack'> & {
    flags: TcpFlags;
    options?: readonly TcpOption[];
  };
  /** Bytes after the header; when left out, `payload.length` (or 0). */
  payloadLength?: number;
  /** The payload bytes, passed on in `data` events (may be shorter than `payloadLength` in a cut capture). */
  payload?: Uint8Array;
}

/**
 * Which end of a connection: the one that sent the SYN, or the one that answered it.
 * The client makes the active open, the server the passive one (RFC 9293 §3.5).
 *
 * @example
 * ```ts
 * const side: TcpSide = tracker.track(segment).from;
 * ```
 */
export type TcpSide = 'client' | 'server';

/**
 * One end of a connection, its address in canonical text form (RFC 5952 for IPv6).
 *
 * @example
 * ```ts
 * const { address, port }: TcpEndpoint = result.connection.server; // '::1', 7
 * ```
 */
export interface TcpEndpoint {
  readonly address: string;
  readonly port: number;
}

/**
 * Where a connection stands, as the segments show it:
 * `syn-sent` (SYN seen), `syn-received` (SYN-ACK seen), `established`, `half-closed` (one FIN),
 * `closing` (both FINs, not both acknowledged), `closed` (both FINs acknowledged), `reset`.
 * An observer's view, coarser than the states of each end in RFC 9293 §3.3.2: `syn-sent` and
 * `syn-received` are named after the states there, `half-closed` is RFC 9293 §3.6.1's half-closed
 * connection.
 *
 * @example
 * ```ts
 * if (result.state === 'closed') console.log(`connection ${result.connection.id} closed cleanly`);
 * ```
 */
export type TcpConnectionState =
  | 'syn-sent'
  | 'syn-received'
  | 'established'
  | 'half-closed'
  | 'closing'
  | 'closed'
  | 'reset';

/**
 * A connection the tracker follows. The same object is returned for every segment of it and
 * changes as segments arrive.
 * It is followed from its opening (RFC 9293 §3.5) to its close (RFC 9293 §3.6); the ISNs are those
 * of RFC 9293 §3.4.1.
 *
 * @example
 * ```ts
 * const { id, client, server, clientIsn }: TcpConnection = tracker.track(syn).connection;
 * ```
 */
export interface TcpConnection {
  /** 1, 2, 3, ... in the order connections were first seen. */
  readonly id: number;
  /** The side that sent the SYN (without one: the sender of the first segment seen). */
  readonly client: TcpEndpoint;
  /** The other side. */
  readonly server: TcpEndpoint;
  /** Where the connection stands. */
  readonly state: TcpConnectionState;
  /** The client's initial sequence number, null until its SYN is seen. */
  readonly clientIsn: number | null;
  /** The server's initial sequence number, null until its SYN-ACK is seen. */
  readonly serverIsn: number | null;
}

/**
 * The part a segment plays: `syn`, `syn-ack`, `handshake-ack` (completes the handshake), `data`
 * (carries bytes not sent before), `ack` (no payload, no SYN/FIN/RST), `fin` (a side's first FIN),
 * `rst`, `keepalive` (RFC 9293 §3.8.4: one below what the peer acknowledged, at most one byte),
 * `retransmission` (bytes or a FIN sent before).
 *
 * @example
 * ```ts
 * const roles: TcpSegmentRole[] = handshake({ client, server }).map((s) => tracker.track(s).role);
 * // ['syn', 'syn-ack', 'handshake-ack']
 * ```
 */
export type TcpSegmentRole =
  | 'syn'
  | 'syn-ack'
  | 'handshake-ack'
  | 'data'
  | 'ack'
  | 'fin'
  | 'rst'
  | 'keepalive'
  | 'retransmission';

/**
 * The rules a segment can break:
 * - `NO_HANDSHAKE`: a segment from a side whose SYN was not seen (tracking starts mid-stream);
 * - `ACK_NOT_ISN_PLUS_ONE`: a SYN-ACK, a RST answering a SYN, or the ACK completing the handshake
 *   that does not acknowledge the other side's ISN + 1 (RFC 9293 §3.10.7.3, §3.10.7.4);
 * - `DATA_BEFORE_ESTABLISHED`: payload before the handshake completes, without Fast Open;
 * - `ACK_MISSING`: a segment after the SYN without ACK (RFC 9293 §3.10.7.4), RST excepted;
 * - `SEQ_OUT_OF_RANGE`: a sequence number past what the sender has sent (a gap) or wholly
 *   before what the peer acknowledged; in the handshake, an ACK whose seq is not the ISN + 1;
 * - `ACK_OUT_OF_RANGE`: an acknowledgment of bytes the peer has not sent, or behind one sent before;
 * - `DATA_AFTER_FIN`: bytes past the sender's FIN, or a FIN at another place than the first;
 * - `UNEXPECTED_SYN`: a SYN where none belongs;
 * - `INVALID_FLAGS`: SYN with FIN or with RST.
 *
 * @example
 * ```ts
 * const gaps = results.filter((r) => r.violations.some((v) => v.code === 'SEQ_OUT_OF_RANGE'));
 * ```
 */
export type TcpViolationCode =
  | 'NO_HANDSHAKE'
  | 'ACK_NOT_ISN_PLUS_ONE'
  | 'DATA_BEFORE_ESTABLISHED'
  | 'ACK_MISSING'
  | 'SEQ_OUT_OF_RANGE'
  | 'ACK_OUT_OF_RANGE'
  | 'DATA_AFTER_FIN'
  | 'UNEXPECTED_SYN'
  | 'INVALID_FLAGS';

/**
 * A rule a segment breaks, with a sentence for people.
 * Most rules are checks RFC 9293 §3.10.7 has a receiver make; {@link TcpViolationCode} lists each,
 * with its section where it has one.
 *
 * @example
 * ```ts
 * const [first]: TcpViolation[] = result.violations;
 * if (first !== undefined) console.log(first.code, first.message);
 * ```
 */
export interface TcpViolation {
  code: TcpViolationCode;
  message: string;
}

/**
 * What {@link TcpStreamTracker.track} says about one segment. `relSeq`, `relAck` and `sackBase`
 * are what `formatTcp` takes as `relative: { seq, ack, sackBase }` to print tcpdump's default line.
 * Relative numbers are differences modulo 2^32 (RFC 9293 §3.4); the checks behind `violations` are
 * RFC 9293 §3.10.7's.
 *
 * @example
 * ```ts
 * const { role, relSeq, relAck, violations }: TrackResult = tracker.track(segment);
 * ```
 */
export interface TrackResult {
  /** 0, 1, 2, ...: the segment's place among all segments given to this tracker. */
  index: number;
  /** The connection it belongs to. */
  connection: TcpConnection;
  /** Which side sent it. */
  from: TcpSide;
  /** The connection's state after this segment (`connection.state` moves on with later ones). */
  state: TcpConnectionState;
  /** The part it plays. */
  role: TcpSegmentRole;
  /**
   * The sequence number as `tcpdump` prints it without `-S`: relative to the first number recorded
   * for the connection, absolute for a segment without ACK and for the one that records the numbers
   * (the first ACK-carrying segment seen, or any SYN-ACK).
   */
  relSeq: number;
  /** The acknowledgment number as `tcpdump` prints it without `-S` (absolute when `relSeq` is). */
  relAck: number;
  /** What `tcpdump` subtracts from each SACK block edge (mod 2^32); 0 for a segment without ACK. */
  sackBase: number;
  /** The rules it breaks, in the order checked; empty when it is all right. */
  violations: TcpViolation[];
}

/**
 * A connection event, queued in the order the segments caused them.
 * - `opened`: the handshake completed;
 * - `data`: bytes not sent before (`offset` counts from the first byte after the SYN; for a
 *   connection picked up mid-stream, from the first byte seen), `payload` when the segment gave one;
 * - `half-closed`: the first FIN, `by` the side that sent it;
 * - `closed`: both FINs acknowledged;
 * - `reset`: a RST, `by` the side that sent it.
 *
 * `opened` follows RFC 9293 §3.5 (three-way handshake), `half-closed` and `closed` RFC 9293 §3.6,
 * `reset` RFC 9293 §3.5.3; when the SYN was seen, `offset` 0 is ISN + 1, the first data byte
 * (RFC 9293 §3.4).
 *
 * @example
 * ```ts
 * const events: TcpConnectionEvent[] = tracker.takeEvents();
 * for (const event of events) if (event.type === 'data') console.log(event.from, event.length);
 * ```
 */
export type TcpConnectionEvent =
  | { type: 'opened'; connection: TcpConnection; segment: number }
  | {
      type: 'data';
      connection: TcpConnection;
      segment: number;
      from: TcpSide;
      offset: number;
      length: number;
      payload?: Uint8Array;
    }
  | { type: 'half-closed'; connection: TcpConnection; segment: number; by: TcpSide }
  | { type: 'closed'; connection: TcpConnection; segment: number }
  | { type: 'reset'; connection: TcpConnection; segment: number; by: TcpSide };
