/**
 * A connection's state as the tracker keeps it: what each side has sent and acknowledged so far,
 * its ISN and FIN, and the connection's state name (RFC 9293 §3.3.2's names, as an observer sees
 * them). `TcpConnection` is its public face.
 *
 * Internal to the tracker.
 *
 * @module
 */
import type { TcpConnection, TcpConnectionState, TcpEndpoint, TcpSide } from './types.ts';

/** What the tracker knows of one side's sequence space. */
export interface SideState {
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
export class Connection implements TcpConnection {
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

/** The other side. */
export function otherSide(side: TcpSide): TcpSide {
  return side === 'client' ? 'server' : 'client';
}
