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
import { segmentLength, seqAdd, seqDiff, seqGt } from '../seq.ts';
import {
  between,
  checkAck,
  checkHandshakeAck,
  checkResetOfSyn,
  checkSeq,
  checkSynAck,
  isKeepAlive,
  type ViolationSink,
} from './checks.ts';
import { Connection, otherSide, type SideState } from './connection.ts';
import { EventQueue } from './events.ts';
import { TcpdumpNumbers } from './relative.ts';
import { connectionKey, plainRole, readSegment, type Segment } from './segment.ts';
import type {
  TcpConnectionEvent,
  TcpSegmentRole,
  TcpSide,
  TcpViolation,
  TcpViolationCode,
  TrackedSegment,
  TrackResult,
} from './types.ts';

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
  readonly #numbers = new TcpdumpNumbers();
  readonly #events = new EventQueue();
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
   *   text or 4 / 16 bytes, a port or number out of range, a flag that is not a boolean), and a
   *   `RangeError` for a segment of one address/port pair more than the 4 194 304 whose relative
   *   numbers it follows; the tracker is unchanged then
   * @example
   * ```ts
   * const result = tracker.track({ src: '127.0.0.1', dst: '127.0.0.1', header, payloadLength: 5 });
   * if (result.violations.length > 0) console.log(result.violations[0].message);
   * ```
   */
  track(segment: TrackedSegment): TrackResult {
    const s = readSegment(segment);
    // What may throw (past the relative numbers' limit of pairs) before anything is counted.
    const relative = this.#numbers.of(s);
    const index = this.#count++;
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
    return this.#events.take();
  }

  /** Opens a connection for a segment on an unknown address/port pair (or a new SYN on an ended one). */
  #open(s: Segment, key: string, flag: ViolationSink): Connection {
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
  #first(connection: Connection, s: Segment, index: number, flag: ViolationSink): TcpSegmentRole {
    const length = segmentLength(s, s.payloadLength);
    const end = seqAdd(s.seq, length);
    if (s.flags.syn && !s.flags.ack) {
      const client = connection.sides.client;
      client.isn = s.seq;
      client.dataStart = seqAdd(s.seq, 1);
      client.sent = end;
      connection.state = 'syn-sent';
      connection.fastOpen = s.fastOpenCookie;
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
    if (s.payloadLength > 0) this.#events.data(connection, 'client', s, index, s.seq);
    if (s.flags.fin) return 'fin';
    return s.payloadLength > 0 ? 'data' : 'ack';
  }

  /**
   * The role and checks of a later segment of a known connection: a SYN, then the server's first
   * answer to a SYN, then the checks, then the connection moved on (acknowledgment, data, FIN,
   * close) in that order, so that its events come out in the order they happen.
   */
  #next(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: ViolationSink,
  ): TcpSegmentRole {
    if (connection.state === 'reset') return plainRole(s);
    const me = connection.sides[from];
    const peer = connection.sides[otherSide(from)];
    const length = segmentLength(s, s.payloadLength);

    if (s.flags.syn) {
      const role = this.#syn(connection, from, s, index, flag);
      if (role !== null) return role;
    }
    // Only the client's SYN is known; the server has not answered.
    if (connection.state === 'syn-sent' && from === 'server')
      return this.#serverFirst(connection, s, index, flag);
    if (!s.flags.ack && !s.flags.rst)
      flag(
        'ACK_MISSING',
        'a segment after the SYN without ACK (RFC 9293 §3.10.7.4: such a segment is dropped)',
      );

    const completing = connection.state === 'syn-received' && from === 'client' && !s.flags.rst;
    if (completing) {
      checkHandshakeAck(connection, me, peer, s, flag);
    } else {
      checkSeq(me, peer, s, length, flag);
      if (s.flags.ack) checkAck(me, peer, connection.midstream, s, flag);
    }

    // Move the connection on.
    if (s.flags.ack) acknowledge(me, peer, s.ack);
    if (s.flags.rst) return this.#reset(connection, from, index);
    let role: TcpSegmentRole | null = null;
    if (completing) {
      connection.state = 'established';
      this.#events.push({ type: 'opened', connection, segment: index });
      role = 'handshake-ack';
    }
    const fresh = this.#sent(connection, from, s, index, length, flag);
    if (this.#fin(connection, from, s, index, flag)) role ??= 'fin';
    this.#closeWhenDone(connection, me, peer, index);
    return role ?? laterRole(me, peer, s, fresh);
  }

  /**
   * A segment from the server while only the client's SYN is known: a RST that refuses the SYN, or
   * a server picked up without its SYN-ACK.
   */
  #serverFirst(connection: Connection, s: Segment, index: number, flag: ViolationSink): TcpSegmentRole {
    if (s.flags.rst) {
      checkResetOfSyn(connection.sides.client, s, flag);
      return this.#reset(connection, 'server', index);
    }
    flag('NO_HANDSHAKE', "a segment from the server before its SYN-ACK: the server's SYN was not seen");
    return this.#pickUp(connection, 'server', s, index);
  }

  /**
   * Queues the data of `s` that its side had not sent before, and moves what the side has sent on.
   * Returns whether the segment reaches past what the side had sent (new data, or a new FIN).
   */
  #sent(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    length: number,
    flag: ViolationSink,
  ): boolean {
    const me = connection.sides[from];
    const peer = connection.sides[otherSide(from)];
    const established = connection.state !== 'syn-sent' && connection.state !== 'syn-received';
    me.dataStart ??= s.seq; // a side of a connection picked up mid-stream, first heard from now
    const previous = me.sent ?? s.seq;
    const end = seqAdd(s.seq, length);
    const fresh = seqDiff(previous, end) > 0;
    if (s.payloadLength > 0) {
      if (!established) this.#dataBeforeEstablished(connection, from, s, index, flag);
      else if (fresh) this.#events.data(connection, from, s, index, previous);
    }
    if (me.sent === null) {
      // A side first heard from mid-stream: the peer's acknowledgment shows it had sent bytes up to
      // there before the capture began, even when this segment resends older ones.
      me.sent = peer.acked !== null && seqGt(peer.acked, end) ? peer.acked : end;
    } else if (fresh) {
      me.sent = end;
    }
    return fresh;
  }

  /** A FIN: the side's first moves the connection's state on; a later one must sit where it was. */
  #fin(connection: Connection, from: TcpSide, s: Segment, index: number, flag: ViolationSink): boolean {
    if (!s.flags.fin) return false;
    const me = connection.sides[from];
    const at = seqAdd(s.seq, s.payloadLength);
    if (me.fin !== null) {
      if (at !== me.fin) flag('DATA_AFTER_FIN', `a FIN at ${at}, but this side's FIN was at ${me.fin}`);
      return false;
    }
    me.fin = at;
    if (connection.state === 'established') {
      connection.state = 'half-closed';
      this.#events.push({ type: 'half-closed', connection, segment: index, by: from });
    } else if (connection.state === 'half-closed') {
      connection.state = 'closing';
    }
    return true;
  }

  /** Closed once each side's FIN is acknowledged by the other. */
  #closeWhenDone(connection: Connection, me: SideState, peer: SideState, index: number): void {
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
  }

  /** A SYN on a known connection: a retransmitted SYN or SYN-ACK, the SYN-ACK itself, or a violation. */
  #syn(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: ViolationSink,
  ): TcpSegmentRole | null {
    const me = connection.sides[from];
    const peer = connection.sides[otherSide(from)];
    if (from === 'client' && !s.flags.ack && s.seq === me.isn) return 'syn';
    if (from === 'server' && connection.state === 'syn-sent') {
      checkSynAck(connection, peer, s, flag);
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

  /** Picks up a side whose SYN was not seen, from its first segment. */
  #pickUp(connection: Connection, from: TcpSide, s: Segment, index: number): TcpSegmentRole {
    const me = connection.sides[from];
    me.dataStart = s.seq;
    me.sent = seqAdd(s.seq, segmentLength(s, s.payloadLength));
    if (s.flags.ack) me.acked = s.ack;
    connection.state = 'established';
    if (s.payloadLength > 0) this.#events.data(connection, from, s, index, s.seq);
    return plainRole(s);
  }

  /** Data before the handshake completed: delivered after a Fast Open SYN, a violation otherwise. */
  #dataBeforeEstablished(
    connection: Connection,
    from: TcpSide,
    s: Segment,
    index: number,
    flag: ViolationSink,
  ): void {
    if (connection.fastOpen) {
      this.#events.data(connection, from, s, index, s.seq);
      return;
    }
    flag('DATA_BEFORE_ESTABLISHED', `${s.payloadLength} bytes of data before the handshake completed`);
  }

  /** The connection is reset by `by`. */
  #reset(connection: Connection, by: TcpSide, index: number): TcpSegmentRole {
    connection.state = 'reset';
    this.#events.push({ type: 'reset', connection, segment: index, by });
    return 'rst';
  }
}

/** Moves a side's highest acknowledgment on, for an ACK within what the peer sent. */
function acknowledge(me: SideState, peer: SideState, ack: number): void {
  if (peer.sent !== null && !between(ack, me.acked ?? ack, peer.sent)) return;
  if (me.acked === null || seqGt(ack, me.acked)) me.acked = ack;
}

/** The role of a later segment that neither completed the handshake nor carried its side's first FIN. */
function laterRole(me: SideState, peer: SideState, s: Segment, fresh: boolean): TcpSegmentRole {
  if (s.flags.fin) return 'retransmission';
  if (isKeepAlive(me, peer, s)) return 'keepalive';
  if (s.payloadLength > 0) return fresh ? 'data' : 'retransmission';
  return 'ack';
}
