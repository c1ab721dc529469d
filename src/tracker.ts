/**
 * `TcpStreamTracker`: follows TCP connections segment by segment, as an observer on the wire sees
 * them (RFC 9293 §3.5 opening, §3.6 closing, §3.10.7 the checks a receiver makes).
 *
 * For each segment {@link TcpStreamTracker.track} says which connection it belongs to, who sent it,
 * what part it plays (SYN, SYN-ACK, the ACK that completes the handshake, data, FIN, ...), the
 * sequence and acknowledgment numbers as `tcpdump` prints them without `-S`, and every rule it
 * breaks. Connection events (opened, data, half-closed, closed, reset) wait in an ordered queue,
 * like the events a Node `net` program handles, until {@link TcpStreamTracker.takeEvents} takes them.
 *
 * What the tracker checks, side by side with what each side has sent and acknowledged so far:
 * - the handshake: the SYN-ACK and the ACK that completes it acknowledge the other side's ISN + 1,
 *   and the ACK carries the client's ISN + 1 (RFC 9293 §3.10.7.3, §3.10.7.4);
 * - no data before the handshake completes, except on a SYN that carries a Fast Open cookie
 *   (RFC 7413 §4.2);
 * - every segment after the SYN carries ACK (RFC 9293 §3.10.7.4, "fifth"), a RST excepted;
 * - sequence numbers stay between what the peer acknowledged and what the sender has sent: no gap
 *   ahead, nothing wholly before what was acknowledged (a keep-alive, one below, excepted: RFC 9293
 *   §3.8.4); acknowledgments neither acknowledge what the peer has not sent nor go back;
 * - nothing after a side's FIN, which stays where it was first sent;
 * - no SYN where none belongs (a new ISN on a known connection; simultaneous open, RFC 9293 §3.5
 *   Figure 8, is not modelled and is reported so), no SYN with FIN or RST.
 * The close is accepted in four segments (FIN, ACK, FIN, ACK) and in three (the second FIN on the
 * ACK of the first, as Linux sends it). A connection seen without its SYN is picked up mid-stream
 * (with a `NO_HANDSHAKE` violation) and checked from there on. After a reset, segments of that
 * connection are given roles but not checked (stray segments in flight are normal then).
 *
 * @module
 */
import { addressBytes, formatAddress, type IpAddress } from './address.ts';
import { TCP_FLAG_NAMES } from './constants.ts';
import { assertBoolean, assertInteger, describe, isBytes } from './guards.ts';
import type { TcpFlags, TcpHeader } from './header/types.ts';
import type { TcpOption } from './options.ts';
import { segmentLength, seqAdd, seqDiff, seqGt, seqInWindow } from './seq.ts';

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

/** What the tracker knows of one side's sequence space. */
interface SideState {
  /** Its ISN, from its SYN. */
  isn: number | null;
  /** The first sequence number of its data (ISN + 1, or the first seen mid-stream). */
  dataStart: number | null;
  /** One past the highest sequence number it has sent (its SND.MAX); null before its first segment. */
  sent: number | null;
  /** The highest acknowledgment it has sent (its RCV.NXT as seen); null before its first ACK. */
  acked: number | null;
  /** Where its FIN sits, once sent. */
  fin: number | null;
  /** The server's SYN-ACK's acknowledgment number, to recognise its retransmissions. */
  synAckAck: number | null;
}

/** A connection's internal state; `TcpConnection` is its public face. */
class Connection implements TcpConnection {
  readonly id: number;
  readonly client: TcpEndpoint;
  readonly server: TcpEndpoint;
  state: TcpConnectionState;
  readonly sides: Record<TcpSide, SideState> = {
    client: { isn: null, dataStart: null, sent: null, acked: null, fin: null, synAckAck: null },
    server: { isn: null, dataStart: null, sent: null, acked: null, fin: null, synAckAck: null },
  };
  /** The SYN carried a Fast Open cookie: data before the handshake completes is allowed. */
  fastOpen = false;
  /** Picked up without the client's SYN: a side not yet heard from may have sent anything. */
  midstream = false;

  constructor(id: number, client: TcpEndpoint, server: TcpEndpoint, state: TcpConnectionState) {
    this.id = id;
    this.client = client;
    this.server = server;
    this.state = state;
  }

  get clientIsn(): number | null {
    return this.sides.client.isn;
  }

  get serverIsn(): number | null {
    return this.sides.server.isn;
  }
}

/** An address as bytes and in canonical text (RFC 5952 for IPv6). */
interface ParsedAddress {
  bytes: Uint8Array;
  text: string;
}

/** Reads an address argument. */
function parseAddress(address: unknown, label: string): ParsedAddress {
  const bytes = addressBytes(address, label);
  return { bytes, text: formatAddress(bytes) };
}

/** The fields of one segment after checking. */
interface Segment {
  src: ParsedAddress;
  dst: ParsedAddress;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  options: readonly TcpOption[];
  payloadLength: number;
  payload: Uint8Array | undefined;
}

/** Checks a `track` argument and reads what the tracker needs from it. */
function readSegment(segment: TrackedSegment): Segment {
  if (typeof segment !== 'object' || segment === null)
    throw new TypeError(`segment must be an object, got ${describe(segment)}`);
  const header: unknown = segment.header;
  if (typeof header !== 'object' || header === null)
    throw new TypeError(`segment.header must be an object, got ${describe(header)}`);
  const h = header as TrackedSegment['header'];
  assertInteger(h.srcPort, 'header.srcPort', 0, 0xffff);
  assertInteger(h.dstPort, 'header.dstPort', 0, 0xffff);
  assertInteger(h.seq, 'header.seq', 0, 0xffff_ffff);
  assertInteger(h.ack, 'header.ack', 0, 0xffff_ffff);
  const flags: unknown = h.flags;
  if (typeof flags !== 'object' || flags === null)
    throw new TypeError(`header.flags must be an object, got ${describe(flags)}`);
  for (const name of TCP_FLAG_NAMES) assertBoolean((flags as TcpFlags)[name], `header.flags.${name}`);
  const options: unknown = h.options ?? [];
  if (!Array.isArray(options))
    throw new TypeError(`header.options must be an array, got ${describe(options)}`);
  const payload: unknown = segment.payload;
  if (payload !== undefined && !isBytes(payload))
    throw new TypeError(`segment.payload must be a Uint8Array, got ${describe(payload)}`);
  const payloadLength = segment.payloadLength ?? payload?.length ?? 0;
  assertInteger(payloadLength, 'segment.payloadLength', 0, 0xffff_ffff);
  return {
    src: parseAddress(segment.src, 'segment.src'),
    dst: parseAddress(segment.dst, 'segment.dst'),
    srcPort: h.srcPort,
    dstPort: h.dstPort,
    seq: h.seq,
    ack: h.ack,
    flags: flags as TcpFlags,
    options: options as readonly TcpOption[],
    payloadLength,
    payload,
  };
}

/** Compares two byte strings as C's memcmp does (only the sign matters). */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Whether `seq` lies in the closed range from `low` to `high` (mod 2^32), low not after high. */
function between(seq: number, low: number, high: number): boolean {
  const size = seqDiff(low, high);
  return size >= 0 && seqInWindow(seq, low, size + 1);
}

/**
 * Follows TCP connections, segment by segment. Give it every segment in capture order, both
 * directions of every connection; it keeps one entry per address/port pair.
 * It checks what an observer can of RFC 9293 §3.5 (opening), §3.6 (closing) and §3.10.7 (the checks
 * a receiver makes on each segment).
 *
 * @example
 * ```ts
 * const tracker = new TcpStreamTracker();
 * for (const segment of handshake({ client, server })) {
 *   const { role, violations } = tracker.track(segment);
 *   console.log(role, violations.length); // syn 0, syn-ack 0, handshake-ack 0
 * }
 * tracker.takeEvents(); // [{ type: 'opened', ... }]
 * ```
 */
export class TcpStreamTracker {
  readonly #connections = new Map<string, Connection>();
  /** tcpdump's table of first numbers per address/port pair: `[seq base, ack base]` in its order. */
  readonly #tcpdumpBases = new Map<string, [number, number]>();
  #events: TcpConnectionEvent[] = [];
  #nextId = 1;
  #count = 0;

  /**
   * Reads one segment: finds or opens its connection, checks it, moves the connection on and
   * queues the events it causes.
   *
   * @param segment - addresses, header and payload length of the segment
   * @returns the connection, the sender's side, the segment's role, tcpdump's relative numbers and the
   *   violations
   * @throws `TypeError` / `RangeError` for a malformed argument (an address that is not IPv4 or IPv6
   *   text or 4 / 16 bytes, a port or number out of range, a flag that is not a boolean); the
   *   tracker is unchanged then
   * @example
   * ```ts
   * const result = tracker.track({ src: '127.0.0.1', dst: '127.0.0.1', header, payloadLength: 5 });
   * if (result.violations.length > 0) console.log(result.violations[0].message);
   * ```
   */
  track(segment: TrackedSegment): TrackResult {
    const s = readSegment(segment);
    const index = this.#count++;
    const relative = this.#relative(s);
    const violations: TcpViolation[] = [];
    const flag = (code: TcpViolationCode, message: string): void => {
      violations.push({ code, message });
    };
    if (s.flags.syn && (s.flags.fin || s.flags.rst))
      flag('INVALID_FLAGS', `SYN with ${s.flags.fin ? 'FIN' : 'RST'} (RFC 9293 §3.1)`);

    const key = connectionKey(s);
    let connection = this.#connections.get(key);
    const startsOver =
      connection !== undefined &&
      s.flags.syn &&
      !s.flags.ack &&
      (connection.state === 'closed' || connection.state === 'reset');
    let from: TcpSide;
    let role: TcpSegmentRole;
    if (connection === undefined || startsOver) {
      connection = this.#open(s, key, flag);
      from = s.flags.syn && s.flags.ack ? 'server' : 'client';
      role = this.#first(connection, s, index, flag);
    } else {
      from =
        s.src.text === connection.client.address && s.srcPort === connection.client.port
          ? 'client'
          : 'server';
      role = this.#next(connection, from, s, index, flag);
    }
    return { index, connection, from, role, state: connection.state, ...relative, violations };
  }

  /**
   * Takes the queued connection events, oldest first, and empties the queue.
   *
   * @returns the events since the last call
   * @example
   * ```ts
   * for (const event of tracker.takeEvents()) if (event.type === 'data') console.log(event.length);
   * ```
   */
  takeEvents(): TcpConnectionEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /**
   * tcpdump's relative numbers (print-tcp.c in tcpdump 4.99, learnt, not copied): only segments with
   * ACK take part. The pair of endpoints is put in one order (lower port first; equal ports, lower
   * address bytes first). The first ACK-carrying segment of a pair, and any segment with SYN and
   * ACK, records its seq and ack - 1 as the bases of the two directions and prints absolute numbers;
   * later segments print their numbers minus the bases, modulo 2^32.
   */
  #relative(s: Segment): { relSeq: number; relAck: number; sackBase: number } {
    if (!s.flags.ack) return { relSeq: s.seq, relAck: s.ack, sackBase: 0 };
    const reversed =
      s.srcPort > s.dstPort || (s.srcPort === s.dstPort && compareBytes(s.src.bytes, s.dst.bytes) > 0);
    const key = reversed
      ? `${s.dst.text} ${s.dstPort} ${s.src.text} ${s.srcPort}`
      : `${s.src.text} ${s.srcPort} ${s.dst.text} ${s.dstPort}`;
    const bases = this.#tcpdumpBases.get(key);
    if (bases === undefined || s.flags.syn) {
      // bases[0] belongs to the first endpoint in tcpdump's order, bases[1] to the second
      const recorded: [number, number] = reversed ? [seqAdd(s.ack, -1), s.seq] : [s.seq, seqAdd(s.ack, -1)];
      this.#tcpdumpBases.set(key, recorded);
      return { relSeq: s.seq, relAck: s.ack, sackBase: reversed ? recorded[0] : recorded[1] };
    }
    const [mine, theirs] = reversed ? [bases[1], bases[0]] : bases;
    return { relSeq: (s.seq - mine) >>> 0, relAck: (s.ack - theirs) >>> 0, sackBase: theirs };
  }

  /** Opens a connection for a segment on an unknown address/port pair (or a new SYN on an ended one). */
  #open(s: Segment, key: string, flag: (code: TcpViolationCode, message: string) => void): Connection {
    const sender = { address: s.src.text, port: s.srcPort };
    const receiver = { address: s.dst.text, port: s.dstPort };
    // A SYN-ACK seen first still tells who the client is: the side it answers.
    const synAck = s.flags.syn && s.flags.ack;
    const connection = new Connection(
      this.#nextId++,
      synAck ? receiver : sender,
      synAck ? sender : receiver,
      'established',
    );
    if (!(s.flags.syn && !s.flags.ack)) {
      flag(
        'NO_HANDSHAKE',
        "the connection's first segment seen is not a SYN: its handshake was not captured",
      );
      connection.midstream = !s.flags.syn;
    }
    this.#connections.set(key, connection);
    return connection;
  }

  /** The role and checks of a connection's first segment. */
  #first(
    connection: Connection,
    s: Segment,
    index: number,
    flag: (code: TcpViolationCode, message: string) => void,
  ): TcpSegmentRole {
    const length = segmentLength(s, s.payloadLength);
    const end = seqAdd(s.seq, length);
    if (s.flags.syn && !s.flags.ack) {
      const client = connection.sides.client;
      client.isn = s.seq;
      client.dataStart = seqAdd(s.seq, 1);
      client.sent = end;
      connection.state = 'syn-sent';
      connection.fastOpen = hasFastOpenCookie(s.options);
      if (s.payloadLength > 0) this.#dataBeforeEstablished(connection, 'client', s, index, flag);
      return 'syn';
    }
    if (s.flags.syn) {
      // A SYN-ACK without its SYN: the client is the receiver, and its ISN is the ack - 1.
      const { client, server } = connection.sides;
      server.isn = s.seq;
      server.dataStart = seqAdd(s.seq, 1);
      server.sent = end;
      server.acked = s.ack;
      server.synAckAck = s.ack;
      client.isn = seqAdd(s.ack, -1);
      client.dataStart = s.ack;
      client.sent = s.ack;
      connection.state = 'syn-received';
      return 'syn-ack';
    }
    const sender = connection.sides.client;
    sender.dataStart = s.seq;
    sender.sent = end;
    if (s.flags.ack) sender.acked = s.ack;
    if (s.flags.rst) return this.#reset(connection, 'client', index);
    if (s.flags.fin) {
      sender.fin = seqAdd(s.seq, s.payloadLength);
      connection.state = 'half-closed';
      this.#events.push({ type: 'half-closed', connection, segment: index, by: 'client' });
    }
    if (s.payloadLength > 0) this.#data(connection, 'client', s, index, s.seq);
    if (s.flags.fin) return 'fin';
    return s.payloadLength > 0 ? 'data' : 'ack';
  }

  /** The role and checks of a later segment of a known connection. */
  #next(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: (code: TcpViolationCode, message: string) => void,
  ): TcpSegmentRole {
    if (connection.state === 'reset') return plainRole(s);
    const other: TcpSide = from === 'client' ? 'server' : 'client';
    const me = connection.sides[from];
    const peer = connection.sides[other];
    const length = segmentLength(s, s.payloadLength);

    if (s.flags.syn) {
      const role = this.#syn(connection, from, s, index, flag);
      if (role !== null) return role;
    }
    if (connection.state === 'syn-sent') {
      // Only the client's SYN is known; the server has not answered.
      if (from === 'server') {
        if (s.flags.rst) {
          // RFC 9293 §3.10.7.3: in SYN-SENT a RST counts only when its ACK acknowledges the SYN.
          const expected = peer.sent ?? 0;
          if (s.flags.ack && s.ack !== expected)
            flag(
              'ACK_NOT_ISN_PLUS_ONE',
              `the RST acknowledges ${s.ack}, not the client's ISN + 1 = ${expected}`,
            );
          return this.#reset(connection, from, index);
        }
        flag('NO_HANDSHAKE', "a segment from the server before its SYN-ACK: the server's SYN was not seen");
        return this.#pickUp(connection, from, s, index);
      }
    }
    if (!s.flags.ack && !s.flags.rst)
      flag(
        'ACK_MISSING',
        'a segment after the SYN without ACK (RFC 9293 §3.10.7.4: such a segment is dropped)',
      );

    const completing = connection.state === 'syn-received' && from === 'client' && !s.flags.rst;
    if (completing) {
      const expectedAck = seqAdd(peer.isn ?? 0, 1);
      if (s.flags.ack && s.ack !== expectedAck)
        flag(
          'ACK_NOT_ISN_PLUS_ONE',
          `the handshake's ACK acknowledges ${s.ack}, not the server's ISN + 1 = ${expectedAck}`,
        );
      const first = seqAdd(me.isn ?? 0, 1);
      // With Fast Open the client may resend SYN data the server did not take (RFC 7413 §3).
      if (connection.fastOpen ? !between(s.seq, first, me.sent ?? first) : s.seq !== me.sent)
        flag('SEQ_OUT_OF_RANGE', `the handshake's ACK has seq ${s.seq}, not the client's ISN + 1 = ${first}`);
    } else {
      this.#checkSeq(connection, from, s, length, flag);
      if (s.flags.ack) this.#checkAck(me, peer, connection.midstream, s, flag);
    }

    // Move the connection on.
    if (s.flags.ack && (peer.sent === null || between(s.ack, me.acked ?? s.ack, peer.sent))) {
      if (me.acked === null || seqGt(s.ack, me.acked)) me.acked = s.ack;
    }
    if (s.flags.rst) return this.#reset(connection, from, index);
    let role: TcpSegmentRole | null = null;
    if (completing) {
      connection.state = 'established';
      this.#events.push({ type: 'opened', connection, segment: index });
      role = 'handshake-ack';
    }
    const established = connection.state !== 'syn-sent' && connection.state !== 'syn-received';
    me.dataStart ??= s.seq; // a side of a connection picked up mid-stream, first heard from now
    const previous = me.sent ?? s.seq;
    const end = seqAdd(s.seq, length);
    const fresh = seqDiff(previous, end) > 0;
    if (s.payloadLength > 0) {
      if (!established) this.#dataBeforeEstablished(connection, from, s, index, flag);
      else if (fresh) this.#data(connection, from, s, index, previous);
    }
    if (me.sent === null) {
      // A side first heard from mid-stream: the peer's acknowledgment shows it had sent bytes up to
      // there before the capture began, even when this segment resends older ones.
      me.sent = peer.acked !== null && seqGt(peer.acked, end) ? peer.acked : end;
    } else if (fresh) {
      me.sent = end;
    }
    if (s.flags.fin) {
      const at = seqAdd(s.seq, s.payloadLength);
      if (me.fin === null) {
        me.fin = at;
        role ??= 'fin';
        if (connection.state === 'established') {
          connection.state = 'half-closed';
          this.#events.push({ type: 'half-closed', connection, segment: index, by: from });
        } else if (connection.state === 'half-closed') {
          connection.state = 'closing';
        }
      } else if (at !== me.fin) {
        flag('DATA_AFTER_FIN', `a FIN at ${at}, but this side's FIN was at ${me.fin}`);
      }
    }
    if (
      peer.fin !== null &&
      me.acked === seqAdd(peer.fin, 1) &&
      me.fin !== null &&
      peer.acked === seqAdd(me.fin, 1) &&
      connection.state !== 'closed'
    ) {
      connection.state = 'closed';
      this.#events.push({ type: 'closed', connection, segment: index });
    }
    if (role !== null) return role;
    if (s.flags.fin) return 'retransmission';
    if (this.#isKeepAlive(me, peer, s)) return 'keepalive';
    if (s.payloadLength > 0) return fresh ? 'data' : 'retransmission';
    return 'ack';
  }

  /** A SYN on a known connection: a retransmitted SYN or SYN-ACK, the SYN-ACK itself, or a violation. */
  #syn(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: (code: TcpViolationCode, message: string) => void,
  ): TcpSegmentRole | null {
    const me = connection.sides[from];
    const peer = connection.sides[from === 'client' ? 'server' : 'client'];
    if (from === 'client' && !s.flags.ack && s.seq === me.isn) return 'syn';
    const expectedAck = seqAdd(peer.isn ?? 0, 1);
    if (from === 'server' && connection.state === 'syn-sent') {
      // With Fast Open the SYN-ACK may acknowledge the SYN's data too (RFC 7413 §3).
      const acceptable = connection.fastOpen
        ? between(s.ack, expectedAck, peer.sent ?? expectedAck)
        : s.ack === expectedAck;
      if (!s.flags.ack)
        flag('UNEXPECTED_SYN', 'a SYN without ACK from the server (simultaneous open is not modelled)');
      else if (!acceptable)
        flag(
          'ACK_NOT_ISN_PLUS_ONE',
          `the SYN-ACK acknowledges ${s.ack}, not the client's ISN + 1 = ${expectedAck}`,
        );
      me.isn = s.seq;
      me.dataStart = seqAdd(s.seq, 1);
      me.sent = seqAdd(s.seq, segmentLength(s, s.payloadLength));
      if (s.flags.ack) me.acked = s.ack;
      me.synAckAck = s.ack;
      connection.state = 'syn-received';
      if (s.payloadLength > 0) this.#dataBeforeEstablished(connection, from, s, index, flag);
      return s.flags.ack ? 'syn-ack' : 'syn';
    }
    if (from === 'server' && s.flags.ack && s.seq === me.isn && s.ack === me.synAckAck) return 'syn-ack';
    flag(
      'UNEXPECTED_SYN',
      `a SYN with seq ${s.seq} on a connection whose ${from} ISN is ${me.isn ?? 'unknown'}`,
    );
    return null;
  }

  /** Sequence-number checks for an established (or closing) connection. */
  #checkSeq(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    length: number,
    flag: (code: TcpViolationCode, message: string) => void,
  ): void {
    const me = connection.sides[from];
    const peer = connection.sides[from === 'client' ? 'server' : 'client'];
    if (me.sent === null) return;
    const end = seqAdd(s.seq, length);
    if (seqGt(s.seq, me.sent) || seqDiff(s.seq, me.sent) === -0x8000_0000) {
      flag('SEQ_OUT_OF_RANGE', `seq ${s.seq} lies past what this side has sent (up to ${me.sent}): a gap`);
      return;
    }
    if (peer.acked !== null && !this.#isKeepAlive(me, peer, s)) {
      const wholeBefore = length === 0 ? seqGt(peer.acked, s.seq) : seqDiff(end, peer.acked) >= 0;
      if (wholeBefore)
        flag(
          'SEQ_OUT_OF_RANGE',
          `seq ${s.seq}..${end} lies before what the peer acknowledged (${peer.acked})`,
        );
    }
    if (me.fin !== null && s.payloadLength > 0 && seqGt(seqAdd(s.seq, s.payloadLength), me.fin))
      flag(
        'DATA_AFTER_FIN',
        `bytes up to ${seqAdd(s.seq, s.payloadLength)} after this side's FIN at ${me.fin}`,
      );
    if (me.fin === null && s.flags.fin && seqGt(me.sent, seqAdd(s.seq, s.payloadLength)))
      flag(
        'DATA_AFTER_FIN',
        `a FIN at ${seqAdd(s.seq, s.payloadLength)}, but bytes up to ${me.sent} were sent`,
      );
  }

  /** Acknowledgment checks: not past what the peer sent, not behind this side's last ACK. */
  #checkAck(
    me: SideState,
    peer: SideState,
    midstream: boolean,
    s: Segment,
    flag: (code: TcpViolationCode, message: string) => void,
  ): void {
    if (peer.sent === null) {
      // Mid-stream the peer may simply not have been heard from yet; otherwise it has sent nothing.
      if (!midstream) flag('ACK_OUT_OF_RANGE', `ack ${s.ack} acknowledges bytes the peer has not sent`);
      return;
    }
    if (!between(s.ack, me.acked ?? s.ack, peer.sent)) {
      const past = me.acked === null || !between(s.ack, me.acked, seqAdd(me.acked, 0x7fff_ffff));
      flag(
        'ACK_OUT_OF_RANGE',
        past && me.acked !== null
          ? `ack ${s.ack} goes back behind this side's earlier ack ${me.acked}`
          : `ack ${s.ack} acknowledges bytes the peer has not sent (it sent up to ${peer.sent})`,
      );
    }
  }

  /** A keep-alive (RFC 9293 §3.8.4): at most one byte, one below what the peer acknowledged, no FIN yet. */
  #isKeepAlive(me: SideState, peer: SideState, s: Segment): boolean {
    return (
      me.fin === null &&
      peer.acked !== null &&
      s.payloadLength <= 1 &&
      !s.flags.syn &&
      !s.flags.fin &&
      !s.flags.rst &&
      s.seq === seqAdd(peer.acked, -1)
    );
  }

  /** Picks up a side whose SYN was not seen, from its first segment. */
  #pickUp(connection: Connection, from: TcpSide, s: Segment, index: number): TcpSegmentRole {
    const me = connection.sides[from];
    me.dataStart = s.seq;
    me.sent = seqAdd(s.seq, segmentLength(s, s.payloadLength));
    if (s.flags.ack) me.acked = s.ack;
    connection.state = 'established';
    if (s.payloadLength > 0) this.#data(connection, from, s, index, s.seq);
    return plainRole(s);
  }

  #dataBeforeEstablished(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: (code: TcpViolationCode, message: string) => void,
  ): void {
    if (connection.fastOpen) {
      this.#data(connection, from, s, index, s.seq);
      return;
    }
    flag('DATA_BEFORE_ESTABLISHED', `${s.payloadLength} bytes of data before the handshake completed`);
  }

  /** Queues a data event for the bytes of `s` from `from` (a sequence number) on. */
  #data(connection: Connection, side: TcpSide, s: Segment, index: number, fromSeq: number): void {
    const dataSeq = s.flags.syn ? seqAdd(s.seq, 1) : s.seq;
    const skip = Math.max(0, seqDiff(dataSeq, fromSeq));
    const length = s.payloadLength - skip;
    if (length <= 0) return;
    const start = connection.sides[side].dataStart ?? dataSeq;
    const event: TcpConnectionEvent = {
      type: 'data',
      connection,
      segment: index,
      from: side,
      offset: seqDiff(start, seqAdd(dataSeq, skip)) >>> 0,
      length,
    };
    if (s.payload !== undefined) event.payload = s.payload.subarray(skip, skip + length);
    this.#events.push(event);
  }

  #reset(connection: Connection, by: TcpSide, index: number): TcpSegmentRole {
    connection.state = 'reset';
    this.#events.push({ type: 'reset', connection, segment: index, by });
    return 'rst';
  }
}

/** The role of a segment from its flags and payload alone. */
function plainRole(s: Segment): TcpSegmentRole {
  if (s.flags.rst) return 'rst';
  if (s.flags.syn) return s.flags.ack ? 'syn-ack' : 'syn';
  if (s.flags.fin) return 'fin';
  return s.payloadLength > 0 ? 'data' : 'ack';
}

/** The same key for both directions of an address/port pair. */
function connectionKey(s: Segment): string {
  const a = `${s.src.text} ${s.srcPort}`;
  const b = `${s.dst.text} ${s.dstPort}`;
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

/** Whether a SYN's options carry a Fast Open cookie (RFC 7413 §4.1.1; an empty one only asks for one). */
function hasFastOpenCookie(options: readonly TcpOption[]): boolean {
  return options.some((option) => option.kind === 'fastOpen' && option.cookie.length > 0);
}
