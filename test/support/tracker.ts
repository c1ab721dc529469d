// Segments and small helpers the tracker tests share. Two styles, kept as the tests were written:
// `seg` between the client C and the server S on loopback (numbers in full, payload bytes or a
// length), and `segment` from a `Wire` record (addresses, ports, flags, numbers, payload length).
import { expect } from 'vitest';
import { handshake } from '../../src/handshake.ts';
import type { TcpFlags } from '../../src/header.ts';
import { type TcpConnectionEvent, TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';
import { NO_FLAGS } from './vectors.ts';

/** The client and the server of `seg`: two ports on loopback. */
export const C = { address: '127.0.0.1', port: 50000 };
export const S = { address: '127.0.0.1', port: 7 };

/** A segment between the client C and the server S, numbers given in full. */
export function seg(
  from: 'C' | 'S',
  seq: number,
  ack: number,
  flags: Partial<TcpFlags>,
  payload: Uint8Array | number = 0,
): TrackedSegment {
  const [a, b] = from === 'C' ? [C, S] : [S, C];
  const bytes = typeof payload === 'number' ? new Uint8Array(payload) : payload;
  return {
    src: a.address,
    dst: b.address,
    header: {
      srcPort: a.port,
      dstPort: b.port,
      seq: seq >>> 0,
      ack: ack >>> 0,
      flags: { ...NO_FLAGS, ...flags },
    },
    payload: bytes,
  };
}

export const summary = (events: TcpConnectionEvent[]) =>
  events.map((e) =>
    e.type === 'data' ? `data ${e.from} ${e.offset}+${e.length}` : 'by' in e ? `${e.type} ${e.by}` : e.type,
  );

/** Opens C -> S with ISNs x and y and returns the tracker. */
export function opened(x: number, y: number): TcpStreamTracker {
  const tracker = new TcpStreamTracker();
  for (const s of handshake({ client: { ...C, isn: x }, server: { ...S, isn: y } }))
    expect(tracker.track(s).violations).toEqual([]);
  tracker.takeEvents();
  return tracker;
}

/** One segment as it went over the wire: addresses, ports, flags, numbers and payload length. */
export interface Wire {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  flags: Partial<TcpFlags>;
  seq: number;
  ack: number;
  payloadLength: number;
}

/** The violation codes of a result; every violation must come with a sentence. */
export function codesOf(r: { violations: { code: string; message: string }[] }): string[] {
  for (const v of r.violations) expect(v.message.length, v.code).toBeGreaterThan(10);
  return r.violations.map((v) => v.code);
}

/** The tracker's argument for a `Wire` record: the payload given by its length only. */
export function segment(w: Wire): TrackedSegment {
  return {
    src: w.src,
    dst: w.dst,
    header: {
      srcPort: w.srcPort,
      dstPort: w.dstPort,
      seq: w.seq,
      ack: w.ack,
      flags: { ...NO_FLAGS, ...w.flags },
    },
    payloadLength: w.payloadLength,
  };
}

/** The two ends of the connection most tracker tests follow: 192.0.2.1:40000 and 198.51.100.2:80. */
export const CLIENT_END = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 } as const;
export const SERVER_END = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 } as const;

/** A segment from the client end to the server end: flags, numbers in full, payload length. */
export const fromClient = (
  flags: Partial<TcpFlags>,
  seq: number,
  ack: number,
  payloadLength = 0,
): TrackedSegment => segment({ ...CLIENT_END, flags, seq, ack, payloadLength });

/** A segment from the server end to the client end. */
export const fromServer = (
  flags: Partial<TcpFlags>,
  seq: number,
  ack: number,
  payloadLength = 0,
): TrackedSegment => segment({ ...SERVER_END, flags, seq, ack, payloadLength });

/** A tracker after the client end (ISN 100) and the server end (ISN `serverIsn`) shook hands. */
export function handshaken(serverIsn = 1000): TcpStreamTracker {
  const tracker = new TcpStreamTracker();
  tracker.track(fromClient({ syn: true }, 100, 0));
  tracker.track(fromServer({ syn: true, ack: true }, serverIsn, 101));
  tracker.track(fromClient({ ack: true }, 101, serverIsn + 1));
  return tracker;
}
