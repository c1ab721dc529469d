/**
 * Builders for the segments that open and close a TCP connection (RFC 9293 §3.5, §3.6): the
 * three-way handshake SYN / SYN-ACK / ACK and the close FIN / ACK / FIN / ACK, each segment encoded
 * with its checksum filled for the given addresses.
 *
 * The numbers follow RFC 9293 §3.4: a SYN and a FIN each take one sequence number, so the client's
 * SYN with ISN x is answered by a SYN-ACK with the server's ISN y and ack x + 1, and the client's ACK
 * carries seq x + 1 and ack y + 1. Every segment after the SYN carries ACK. ISNs left out are drawn
 * from `crypto.getRandomValues` (RFC 9293 §3.4.1 wants them unpredictable, RFC 6528).
 *
 * @module
 */
import { addressBytes, formatAddress, type IpAddress } from './address.ts';
import { assertInteger, describe } from './guards.ts';
import { decode, type TcpFlags, type TcpHeader } from './header.ts';
import type { TcpOption } from './options.ts';
import { encodeSegment } from './segment.ts';
import { seqAdd } from './seq.ts';

/**
 * One end of a connection for {@link handshake}.
 * The client makes the active open and the server the passive one (RFC 9293 §3.5); an ISN left out
 * is drawn at random (RFC 9293 §3.4.1).
 *
 * @example
 * ```ts
 * const client: HandshakeSide = { address: '127.0.0.1', port: 50000, options: [{ kind: 'mss', mss: 65495 }] };
 * ```
 */
export interface HandshakeSide {
  /** IPv4 or IPv6 address, text or bytes; both sides of the same version. */
  address: IpAddress;
  /** Port, 0..65535. */
  port: number;
  /** Initial sequence number, 0..2^32-1; random when left out. */
  isn?: number;
  /** Receive window to advertise, 0..65535 (unscaled); default 65535. */
  window?: number;
  /** Options for this side's SYN or SYN-ACK (MSS, window scale, SACK permitted, timestamps, ...). */
  options?: readonly TcpOption[];
}

/**
 * One end of a connection for {@link teardown}: where its sequence numbers stand.
 * The closer sends the first FIN (RFC 9293 §3.6); `seq` is its SND.NXT (RFC 9293 §3.3.1).
 *
 * @example
 * ```ts
 * const closer: TeardownSide = { address: '::1', port: 50000, seq: 1001 };
 * ```
 */
export interface TeardownSide {
  /** IPv4 or IPv6 address, text or bytes; both sides of the same version. */
  address: IpAddress;
  /** Port, 0..65535. */
  port: number;
  /**
   * The side's next sequence number (its SND.NXT: ISN + 1 + bytes sent). When left out: `isn + 1`
   * if `isn` is given (nothing was sent after the handshake), else random.
   */
  seq?: number;
  /** The side's initial sequence number, used when `seq` is left out. */
  isn?: number;
  /** Receive window to advertise, 0..65535 (unscaled); default 65535. */
  window?: number;
}

/**
 * A segment built by {@link handshake} or {@link teardown}: the header, the encoded bytes with the
 * checksum filled (RFC 9293 §3.1, over the IPv4 or IPv6 pseudo-header of `src` and `dst`), and the
 * addresses. It can be given to `TcpStreamTracker.track` as it is.
 *
 * @example
 * ```ts
 * const [syn] = handshake({ client, server });
 * verifyTcpChecksum(syn.bytes, { src: syn.src, dst: syn.dst }); // true
 * ```
 */
export interface BuiltSegment {
  /** Source address in canonical text. */
  src: string;
  /** Destination address in canonical text. */
  dst: string;
  /** The header, as `decode(bytes)` returns it (checksum included). */
  header: TcpHeader;
  /** The payload: always empty here. */
  payload: Uint8Array;
  /** Header and payload as on the wire. */
  bytes: Uint8Array;
}

const DEFAULT_WINDOW = 65535;
const NO_PAYLOAD: Uint8Array = new Uint8Array(0);

/** A random 32-bit number from the platform's cryptographic generator. */
function randomSequenceNumber(): number {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (array: Uint32Array) => Uint32Array } })
    .crypto;
  if (typeof crypto?.getRandomValues !== 'function')
    throw new Error('no crypto.getRandomValues on this platform: give the initial sequence numbers');
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * A side's checked address, port and window, and its other fields as read: every field of a side is
 * read once, here, so that the value checked later is the value used.
 */
interface Endpoint {
  address: string;
  port: number;
  window: number;
  version: number;
  isn: unknown;
  seq: unknown;
  options: readonly TcpOption[];
}

function readEndpoint(side: unknown, label: string): Endpoint {
  if (typeof side !== 'object' || side === null)
    throw new TypeError(`${label} must be an object { address, port, ... }, got ${describe(side)}`);
  const { address, port, window, isn, seq, options } = side as {
    address?: unknown;
    port?: unknown;
    window?: unknown;
    isn?: unknown;
    seq?: unknown;
    options?: readonly TcpOption[];
  };
  const bytes = addressBytes(address, `${label}.address`);
  assertInteger(port, `${label}.port`, 0, 0xffff);
  const w = window ?? DEFAULT_WINDOW;
  assertInteger(w, `${label}.window`, 0, 0xffff);
  return {
    address: formatAddress(bytes),
    port,
    window: w,
    version: bytes.length,
    isn,
    seq,
    options: options ?? [],
  };
}

/** A checked sequence number, or a random one when `value` is undefined. */
function sequenceNumber(value: unknown, label: string): number {
  if (value === undefined) return randomSequenceNumber();
  assertInteger(value, label, 0, 0xffff_ffff);
  return value;
}

function sameVersion(a: Endpoint, b: Endpoint, labels: string): void {
  if (a.version !== b.version)
    throw new TypeError(`${labels} must both be IPv4 or both IPv6, got ${a.address} and ${b.address}`);
}

/** Encodes one segment from `from` to `to` with its checksum and reads the header back. */
function build(
  from: Endpoint,
  to: Endpoint,
  seq: number,
  ack: number,
  flags: Partial<TcpFlags>,
  options: readonly TcpOption[],
): BuiltSegment {
  const bytes = encodeSegment(
    { srcPort: from.port, dstPort: to.port, seq, ack, flags, window: from.window, options },
    NO_PAYLOAD,
    { src: from.address, dst: to.address },
  );
  return { src: from.address, dst: to.address, header: decode(bytes), payload: NO_PAYLOAD, bytes };
}

/**
 * Builds the three segments of a TCP three-way handshake (RFC 9293 §3.5, Figure 6): the client's
 * SYN with its ISN x, the server's SYN-ACK with its ISN y and ack x + 1, and the client's ACK with
 * seq x + 1 and ack y + 1. An ISN of 0xFFFFFFFF wraps: the next number is 0.
 *
 * @param sides - `client` (sends the SYN) and `server`, each with address, port, and optionally
 *   ISN (random when left out), window and SYN options
 * @returns `[syn, synAck, ack]`, each with header, bytes (checksum filled) and addresses
 * @throws `TypeError` for a side that is not an object, an address that is not one, or sides of
 *   different IP versions; `RangeError` for a port, ISN or window out of range, or options that
 *   `encode` refuses; `Error` when an ISN is left out and the platform has no `crypto.getRandomValues`
 * @example
 * ```ts
 * const [syn, synAck, ack] = handshake({
 *   client: { address: '127.0.0.1', port: 50000, isn: 0xffff_ffff },
 *   server: { address: '127.0.0.1', port: 7, options: [{ kind: 'mss', mss: 65495 }] },
 * });
 * synAck.header.ack; // 0 (0xFFFFFFFF + 1 wraps)
 * ack.header.seq;    // 0
 * ```
 */
export function handshake(sides: {
  client: HandshakeSide;
  server: HandshakeSide;
}): [BuiltSegment, BuiltSegment, BuiltSegment] {
  if (typeof sides !== 'object' || sides === null)
    throw new TypeError(`handshake takes { client, server }, got ${describe(sides)}`);
  const client = readEndpoint(sides.client, 'client');
  const server = readEndpoint(sides.server, 'server');
  sameVersion(client, server, 'client.address and server.address');
  const x = sequenceNumber(client.isn, 'client.isn');
  const y = sequenceNumber(server.isn, 'server.isn');
  return [
    sideOptions('client', () => build(client, server, x, 0, { syn: true }, client.options)),
    sideOptions('server', () =>
      build(server, client, y, seqAdd(x, 1), { syn: true, ack: true }, server.options),
    ),
    build(client, server, seqAdd(x, 1), seqAdd(y, 1), { ack: true }, []),
  ];
}

/** `run()`, with encode's errors about the options renamed after the side they belong to (`client.options[0].mss`). */
function sideOptions(side: string, run: () => BuiltSegment): BuiltSegment {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError && error.message.startsWith('options')) {
      throw new RangeError(`${side}.${error.message}`);
    }
    if (error instanceof TypeError && error.message.startsWith('options')) {
      throw new TypeError(`${side}.${error.message}`);
    }
    throw error;
  }
}

/**
 * Builds the four segments of a TCP close (RFC 9293 §3.6, Figure 12): the closer's FIN at its next
 * sequence number a (acknowledging the peer's b), the peer's ACK of it (ack a + 1), the peer's FIN
 * at b, and the closer's ACK of that (seq a + 1, ack b + 1). Linux often sends the middle two as one
 * segment; `TcpStreamTracker` accepts both forms.
 *
 * @param sides - `closer` (sends the first FIN) and `peer`, each with address, port, and its next
 *   sequence number as `seq`, or `isn` (then `isn + 1`), or neither (random); optionally a window
 * @returns `[fin, ack, fin, ack]`, each with header, bytes (checksum filled) and addresses
 * @throws `TypeError` / `RangeError` as {@link handshake}
 * @example
 * ```ts
 * const [client, server] = [{ address: '::1', port: 50000, isn: 1 }, { address: '::1', port: 7, isn: 9 }];
 * const [fin, ack, peerFin, lastAck] = teardown({ closer: client, peer: server });
 * fin.header.seq;     // 2
 * lastAck.header.ack; // 11
 * ```
 */
export function teardown(sides: {
  closer: TeardownSide;
  peer: TeardownSide;
}): [BuiltSegment, BuiltSegment, BuiltSegment, BuiltSegment] {
  if (typeof sides !== 'object' || sides === null)
    throw new TypeError(`teardown takes { closer, peer }, got ${describe(sides)}`);
  const closer = readEndpoint(sides.closer, 'closer');
  const peer = readEndpoint(sides.peer, 'peer');
  sameVersion(closer, peer, 'closer.address and peer.address');
  const next = (side: Endpoint, label: string): number =>
    side.seq === undefined && side.isn !== undefined
      ? seqAdd(sequenceNumber(side.isn, `${label}.isn`), 1)
      : sequenceNumber(side.seq, `${label}.seq`);
  const a = next(closer, 'closer');
  const b = next(peer, 'peer');
  return [
    build(closer, peer, a, b, { fin: true, ack: true }, []),
    build(peer, closer, b, seqAdd(a, 1), { ack: true }, []),
    build(peer, closer, b, seqAdd(a, 1), { fin: true, ack: true }, []),
    build(closer, peer, seqAdd(a, 1), seqAdd(b, 1), { ack: true }, []),
  ];
}
