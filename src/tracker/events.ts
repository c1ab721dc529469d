/**
 * The tracker's queue of connection events (opened, data, half-closed, closed, reset), oldest
 * first, until `takeEvents` takes them; and how a segment's bytes become a data event: only the
 * bytes past what its side had sent, at their offset in the side's byte stream.
 *
 * Internal to the tracker.
 *
 * @module
 */
import { seqAdd, seqDiff } from '../seq.ts';
import type { Connection } from './connection.ts';
import type { Segment } from './segment.ts';
import type { TcpConnectionEvent, TcpSide } from './types.ts';

/** Connection events in the order they happened. */
export class EventQueue {
  #events: TcpConnectionEvent[] = [];

  /** Queues one event. */
  push(event: TcpConnectionEvent): void {
    this.#events.push(event);
  }

  /** The queued events, oldest first; the queue is empty afterwards. */
  take(): TcpConnectionEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  /** Queues a data event for the bytes of `s` from `side`, from sequence number `fromSeq` on. */
  data(connection: Connection, side: TcpSide, s: Segment, index: number, fromSeq: number): void {
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
}
