/**
 * The nine flag bits of a viewed header, read and written in place (RFC 9293 §3.1).
 * Masks are literals checked by `satisfies` (docs/performance.md P2).
 *
 * @module
 */
import { type TCP_FIELD as F, TCP_FLAG } from '../constants.ts';
import { assertBoolean } from '../guards.ts';

/** NS in byte 12: TCP_FLAG.NS (0x100) is its place in the 12 bits after the data offset. */
const NS = TCP_FLAG.NS >> 8;

/**
 * The nine flags of a {@link TcpView} (RFC 9293 §3.1; CWR and ECE RFC 3168 §6.1; NS, now AE,
 * RFC 9768 §3.1), read and written in place (`view.flags.syn = true`). Same names as `TcpFlags`, so
 * code that reads `header.flags.ack` reads a view too.
 *
 * @example
 * ```ts
 * if (view.flags.syn && !view.flags.ack) console.log('SYN');
 * view.flags.psh = true;
 * ```
 */
export class TcpFlagsView {
  declare private readonly bytes: Uint8Array;
  /** Absolute index of byte 12 (NS) and of byte 13 (CWR..FIN): each getter is then one load. */
  declare private readonly at12: number;
  declare private readonly at13: number;

  /**
   * Made with its {@link TcpView}.
   *
   * @param bytes - the view's bytes
   * @param base - where the header starts in `bytes`
   */
  constructor(bytes: Uint8Array, base: number) {
    this.bytes = bytes;
    this.at12 = base + (12 satisfies typeof F.DATA_OFFSET);
    this.at13 = base + (13 satisfies typeof F.FLAGS);
  }

  private set13(mask: number, value: boolean, label: string): void {
    assertBoolean(value, label);
    const i = this.at13;
    this.bytes[i] = value ? this.bytes[i]! | mask : this.bytes[i]! & ~mask;
  }

  /** NS (RFC 3540), now AE (RFC 9768 §3.1): bit 0 of byte 12. */
  get ns(): boolean {
    return !!(this.bytes[this.at12]! & NS);
  }
  /** @throws `TypeError` unless a boolean */
  set ns(value: boolean) {
    assertBoolean(value, 'flags.ns');
    const i = this.at12;
    this.bytes[i] = value ? this.bytes[i]! | NS : this.bytes[i]! & ~NS;
  }
  /** Congestion window reduced (RFC 3168). */
  get cwr(): boolean {
    return !!(this.bytes[this.at13]! & (0x80 satisfies typeof TCP_FLAG.CWR));
  }
  /** @throws `TypeError` unless a boolean */
  set cwr(value: boolean) {
    this.set13(TCP_FLAG.CWR, value, 'flags.cwr');
  }
  /** ECN-Echo (RFC 3168). */
  get ece(): boolean {
    return !!(this.bytes[this.at13]! & (0x40 satisfies typeof TCP_FLAG.ECE));
  }
  /** @throws `TypeError` unless a boolean */
  set ece(value: boolean) {
    this.set13(TCP_FLAG.ECE, value, 'flags.ece');
  }
  /** The urgent pointer is significant. */
  get urg(): boolean {
    return !!(this.bytes[this.at13]! & (0x20 satisfies typeof TCP_FLAG.URG));
  }
  /** @throws `TypeError` unless a boolean */
  set urg(value: boolean) {
    this.set13(TCP_FLAG.URG, value, 'flags.urg');
  }
  /** The acknowledgment number is significant. */
  get ack(): boolean {
    return !!(this.bytes[this.at13]! & (0x10 satisfies typeof TCP_FLAG.ACK));
  }
  /** @throws `TypeError` unless a boolean */
  set ack(value: boolean) {
    this.set13(TCP_FLAG.ACK, value, 'flags.ack');
  }
  /** Push function. */
  get psh(): boolean {
    return !!(this.bytes[this.at13]! & (0x08 satisfies typeof TCP_FLAG.PSH));
  }
  /** @throws `TypeError` unless a boolean */
  set psh(value: boolean) {
    this.set13(TCP_FLAG.PSH, value, 'flags.psh');
  }
  /** Reset the connection. */
  get rst(): boolean {
    return !!(this.bytes[this.at13]! & (0x04 satisfies typeof TCP_FLAG.RST));
  }
  /** @throws `TypeError` unless a boolean */
  set rst(value: boolean) {
    this.set13(TCP_FLAG.RST, value, 'flags.rst');
  }
  /** Synchronize sequence numbers. */
  get syn(): boolean {
    return !!(this.bytes[this.at13]! & (0x02 satisfies typeof TCP_FLAG.SYN));
  }
  /** @throws `TypeError` unless a boolean */
  set syn(value: boolean) {
    this.set13(TCP_FLAG.SYN, value, 'flags.syn');
  }
  /** No more data from sender. */
  get fin(): boolean {
    return !!(this.bytes[this.at13]! & (0x01 satisfies typeof TCP_FLAG.FIN));
  }
  /** @throws `TypeError` unless a boolean */
  set fin(value: boolean) {
    this.set13(TCP_FLAG.FIN, value, 'flags.fin');
  }
}
