/**
 * `TcpStreamTracker` follows TCP connections segment by segment (RFC 9293 §3.5, §3.6, §3.10.7).
 * Its rooms: `tracker/types.ts` (the public types), `tracker/segment.ts` (reading one argument),
 * `tracker/connection.ts` (each side's state), `tracker/checks.ts` (the rules, each reporting what
 * it finds), `tracker/relative.ts` (tcpdump's relative numbers, in the compact tables of `tracker/pair-table.ts`), `tracker/events.ts` (the event
 * queue) and `tracker/tracker.ts` (the class that moves a connection on).
 *
 * @module
 */
export { PairLimitError } from './tracker/pair-table.ts';
export { DEFAULT_PAIR_LIMIT, TcpdumpNumbers } from './tracker/relative.ts';
export { TcpStreamTracker } from './tracker/tracker.ts';
export type {
  TcpConnection,
  TcpConnectionEvent,
  TcpConnectionState,
  TcpEndpoint,
  TcpSegmentRole,
  TcpSide,
  TcpViolation,
  TcpViolationCode,
  TrackedSegment,
  TrackResult,
} from './tracker/types.ts';
