/**
 * The rules the tracker checks a segment against, each a function that reports what it finds
 * and changes nothing: the handshake's acknowledgments (RFC 9293 §3.10.7.3, §3.10.7.4), sequence
 * numbers against what each side sent and the peer acknowledged, acknowledgments against what the
 * peer sent, keep-alives (RFC 9293 §3.8.4), and nothing after a FIN.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { seqAdd, seqDiff, seqGt, seqInWindow } from '../seq.ts';
import type { Connection, SideState } from './connection.ts';
import type { Segment } from './segment.ts';
import type { TcpViolationCode } from './types.ts';

/** Where a check reports a broken rule. */
export type ViolationSink = (code: TcpViolationCode, message: string) => void;

/** Whether `seq` lies in the closed range from `low` to `high` (mod 2^32), low not after high. */
export function between(seq: number, low: number, high: number): boolean {
  const size = seqDiff(low, high);
  return size >= 0 && seqInWindow(seq, low, size + 1);
}

/**
 * A SYN from the server while only the client's SYN is known: it must carry ACK (simultaneous open
 * is not modelled), and acknowledge the client's ISN + 1, or with Fast Open up to the SYN's data
 * (RFC 7413 §3).
 */
export function checkSynAck(
  connection: Connection,
  client: SideState,
  s: Segment,
  flag: ViolationSink,
): void {
  const expectedAck = seqAdd(client.isn ?? 0, 1);
  const acceptable = connection.fastOpen
    ? between(s.ack, expectedAck, client.sent ?? expectedAck)
    : s.ack === expectedAck;
  if (!s.flags.ack)
    flag('UNEXPECTED_SYN', 'a SYN without ACK from the server (simultaneous open is not modelled)');
  else if (!acceptable)
    flag(
      'ACK_NOT_ISN_PLUS_ONE',
      `the SYN-ACK acknowledges ${s.ack}, not the client's ISN + 1 = ${expectedAck}`,
    );
}

/** RFC 9293 §3.10.7.3: in SYN-SENT a RST counts only when its ACK acknowledges the SYN. */
export function checkResetOfSyn(client: SideState, s: Segment, flag: ViolationSink): void {
  const expected = client.sent ?? 0;
  if (s.flags.ack && s.ack !== expected)
    flag('ACK_NOT_ISN_PLUS_ONE', `the RST acknowledges ${s.ack}, not the client's ISN + 1 = ${expected}`);
}

/**
 * The ACK that completes the handshake: it acknowledges the server's ISN + 1 and carries the
 * client's ISN + 1 (with Fast Open, anything up to what the client sent: it may resend SYN data the
 * server did not take, RFC 7413 §3).
 */
export function checkHandshakeAck(
  connection: Connection,
  client: SideState,
  server: SideState,
  s: Segment,
  flag: ViolationSink,
): void {
  const expectedAck = seqAdd(server.isn ?? 0, 1);
  if (s.flags.ack && s.ack !== expectedAck)
    flag(
      'ACK_NOT_ISN_PLUS_ONE',
      `the handshake's ACK acknowledges ${s.ack}, not the server's ISN + 1 = ${expectedAck}`,
    );
  const first = seqAdd(client.isn ?? 0, 1);
  if (connection.fastOpen ? !between(s.seq, first, client.sent ?? first) : s.seq !== client.sent)
    flag('SEQ_OUT_OF_RANGE', `the handshake's ACK has seq ${s.seq}, not the client's ISN + 1 = ${first}`);
}

/** Sequence-number checks for an established (or closing) connection; `length` is SEG.LEN. */
export function checkSeq(
  me: SideState,
  peer: SideState,
  s: Segment,
  length: number,
  flag: ViolationSink,
): void {
  if (me.sent === null) return;
  const end = seqAdd(s.seq, length);
  if (seqGt(s.seq, me.sent) || seqDiff(s.seq, me.sent) === -0x8000_0000) {
    flag('SEQ_OUT_OF_RANGE', `seq ${s.seq} lies past what this side has sent (up to ${me.sent}): a gap`);
    return;
  }
  if (peer.acked !== null && !isKeepAlive(me, peer, s)) {
    const wholeBefore = length === 0 ? seqGt(peer.acked, s.seq) : seqDiff(end, peer.acked) >= 0;
    if (wholeBefore)
      flag('SEQ_OUT_OF_RANGE', `seq ${s.seq}..${end} lies before what the peer acknowledged (${peer.acked})`);
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
export function checkAck(
  me: SideState,
  peer: SideState,
  midstream: boolean,
  s: Segment,
  flag: ViolationSink,
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
export function isKeepAlive(me: SideState, peer: SideState, s: Segment): boolean {
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
