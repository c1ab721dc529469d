// The close (RFC 9293 §3.6): a FIN again is a retransmission, a FIN moved or before bytes already
// sent is DATA_AFTER_FIN, the connection is half-closed after one acknowledged FIN and closed only
// once both FINs are acknowledged, with one event each. Numbers are worked out by hand from the ISNs.
import { describe, expect, test } from 'vitest';
import { TcpStreamTracker } from '../../src/tracker.ts';
import { codesOf, fromClient, fromServer, handshaken } from '../support/tracker.ts';

describe('closing (RFC 9293 §3.6)', () => {
  const C = fromClient;
  const S = fromServer;
  const kinds = (t: TcpStreamTracker) => t.takeEvents().map((e) => e.type);

  /** C (ISN 100) and S (ISN `serverIsn`) after their handshake. */
  function established(serverIsn = 1000): TcpStreamTracker {
    const tracker = handshaken(serverIsn);
    tracker.takeEvents();
    return tracker;
  }

  test('a retransmitted FIN is a retransmission, not a second FIN', () => {
    const tracker = established();
    expect(tracker.track(C({ fin: true, ack: true }, 101, 1001)).role).toBe('fin');
    const again = tracker.track(C({ fin: true, ack: true }, 101, 1001));
    expect([again.role, again.violations, again.state]).toEqual(['retransmission', [], 'half-closed']);
  });

  test('a FIN at another place than the first breaks DATA_AFTER_FIN, with a sentence', () => {
    const tracker = established();
    tracker.track(C({ fin: true, ack: true }, 101, 1001));
    const moved = tracker.track(C({ fin: true, ack: true }, 101, 1001, 5));
    expect(moved.violations.map((v) => v.code)).toContain('DATA_AFTER_FIN');
    for (const v of moved.violations) expect(v.message.length).toBeGreaterThan(10);
  });

  test('a FIN before the end of bytes already sent breaks DATA_AFTER_FIN', () => {
    const tracker = established();
    tracker.track(C({ ack: true, psh: true }, 101, 1001, 10));
    expect(codesOf(tracker.track(C({ fin: true, ack: true }, 105, 1001)))).toContain('DATA_AFTER_FIN');
  });

  test('closed only once both FINs are acknowledged, and only one closed event', () => {
    const tracker = established();
    tracker.track(C({ fin: true, ack: true }, 101, 1001));
    tracker.track(S({ ack: true }, 1001, 102));
    tracker.track(S({ fin: true, ack: true }, 1001, 102));
    // C sends its FIN again without acknowledging S's FIN yet: both FINs sent, one not acknowledged.
    const resent = tracker.track(C({ fin: true, ack: true }, 101, 1001));
    expect(resent.state).toBe('closing');
    expect(kinds(tracker)).toEqual(['half-closed']);
    expect(tracker.track(C({ ack: true }, 102, 1002)).state).toBe('closed');
    tracker.track(C({ ack: true }, 102, 1002));
    expect(kinds(tracker)).toEqual(['closed']);
  });

  test('one FIN, acknowledged, is half-closed, whatever the ISNs (server ISN 0)', () => {
    const tracker = established(0);
    tracker.track(C({ fin: true, ack: true }, 101, 1));
    tracker.track(S({ ack: true }, 1, 102));
    const next = tracker.track(C({ ack: true }, 102, 1));
    expect([next.state, kinds(tracker)]).toEqual(['half-closed', ['half-closed']]);
  });

  test('a FIN during the handshake does not make it closing: one FIN is half a close at most', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    expect(tracker.track(S({ fin: true, ack: true }, 1001, 101)).state).toBe('syn-received');
  });

  test('a side first heard from with a bare ACK is held to it: a gap after it is out of range', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ ack: true }, 5000, 9000));
    tracker.track(S({ ack: true }, 9000, 5000));
    const gap = tracker.track(S({ ack: true, psh: true }, 9500, 5000, 10));
    expect(codesOf(gap)).toEqual(['SEQ_OUT_OF_RANGE']);
  });
});
