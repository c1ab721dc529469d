// The checks of SYNs and of data around the handshake (src/tracker/checks.ts): a SYN or SYN-ACK
// again with the same ISN is a retransmission, a new ISN or a SYN from the wrong side is
// UNEXPECTED_SYN (RFC 9293 §3.5), bytes wholly before what was acknowledged are out of range, and data
// before the handshake completes is a violation unless the SYN carries a Fast Open cookie (RFC 7413).
// Expected numbers are worked out by hand from the ISNs each test gives.
import { describe, expect, test } from 'vitest';
import type { TcpOption } from '../../src/options.ts';
import { TcpStreamTracker } from '../../src/tracker.ts';
import {
  CLIENT_END,
  codesOf,
  fromClient,
  fromServer,
  handshaken,
  SERVER_END,
  segment,
} from '../support/tracker.ts';

describe('SYNs on a known connection', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;
  const C = fromClient;
  const S = fromServer;
  const codes = codesOf;

  test("the client's SYN again, same ISN: a retransmitted SYN", () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    const again = tracker.track(C({ syn: true }, 100, 0));
    expect([again.role, again.violations]).toEqual(['syn', []]);
  });

  test('the client with a new ISN before any answer: unexpected', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    const r = tracker.track(C({ syn: true }, 200, 0));
    expect(codes(r)).toContain('UNEXPECTED_SYN');
    // No SYN-ACK has been seen: still syn-sent, and the ISN is the first SYN's.
    expect([r.state, r.connection.clientIsn, r.connection.serverIsn]).toEqual(['syn-sent', 100, null]);
  });

  test('the client sending SYN-ACK with its own ISN: unexpected', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    expect(codes(tracker.track(C({ syn: true, ack: true }, 100, 1001)))).toContain('UNEXPECTED_SYN');
  });

  test('the server sending a SYN without ACK after its SYN-ACK, same ISN: unexpected', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    expect(codes(tracker.track(S({ syn: true }, 1000, 0)))).toContain('UNEXPECTED_SYN');
    // The same with the SYN-ACK's number left in the acknowledgment field, which counts only with ACK.
    expect(codes(tracker.track(S({ syn: true }, 1000, 101)))).toContain('UNEXPECTED_SYN');
  });

  test('the server with a new ISN after its SYN-ACK: unexpected', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    const r = tracker.track(S({ syn: true, ack: true }, 3000, 101));
    expect(codes(r)).toContain('UNEXPECTED_SYN');
    expect(r.connection.serverIsn).toBe(1000);
  });

  test('the server repeating its ISN with another acknowledgment: unexpected', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    const r = tracker.track(S({ syn: true, ack: true }, 1000, 555));
    expect(codes(r)).toContain('UNEXPECTED_SYN');
    expect(r.violations.find((v) => v.code === 'UNEXPECTED_SYN')?.message).toMatch(/server ISN is 1000$/);
  });

  test('a SYN from a side whose ISN was never seen says so', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ ack: true }, 5000, 9000));
    const r = tracker.track(S({ syn: true, ack: true }, 9000, 5000));
    expect(r.violations.find((v) => v.code === 'UNEXPECTED_SYN')?.message).toMatch(/server ISN is unknown$/);
  });

  test('the server resending bytes the client acknowledged: wholly before it, out of range', () => {
    const tracker = handshaken();
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 10 }),
    );
    tracker.track(C({ ack: true }, 101, 1011));
    const old = tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 10 }),
    );
    expect(codes(old)).toEqual(['SEQ_OUT_OF_RANGE']);
  });

  test('bytes partly new, partly acknowledged: in range', () => {
    const tracker = handshaken();
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 10 }),
    );
    tracker.track(C({ ack: true }, 101, 1011));
    const overlap = tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 20 }),
    );
    expect([overlap.role, codes(overlap)]).toEqual(['data', []]);
  });

  test('a sequence number half the number space past what was sent is a gap (RFC 1982 §3.2 leaves it undefined)', () => {
    const tracker = handshaken();
    const far = tracker.track(
      segment({ ...c, flags: { ack: true, psh: true }, seq: 101 + 2 ** 31, ack: 1001, payloadLength: 0 }),
    );
    expect(codes(far)).toEqual(['SEQ_OUT_OF_RANGE']);
    for (const v of far.violations) expect(v.message.length).toBeGreaterThan(10);
  });

  test('a SYN-ACK with data, without Fast Open: data before the handshake completed', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    const r = tracker.track(
      segment({ ...sv, flags: { syn: true, ack: true }, seq: 1000, ack: 101, payloadLength: 10 }),
    );
    expect(codes(r)).toEqual(['DATA_BEFORE_ESTABLISHED']);
  });

  test("the SYN-ACK's acknowledgment counts: a keep-alive one below it (RFC 9293 §3.8.4)", () => {
    const tracker = handshaken();
    const probe = tracker.track(C({ ack: true }, 100, 1001));
    expect([probe.role, probe.violations]).toEqual(['keepalive', []]);
  });

  test('wrong answers to a SYN come with sentences', () => {
    const a = new TcpStreamTracker();
    a.track(C({ syn: true }, 100, 0));
    const bare = a.track(S({ syn: true }, 1000, 0));
    const b = new TcpStreamTracker();
    b.track(C({ syn: true }, 100, 0));
    const wrongAck = b.track(S({ syn: true, ack: true }, 1000, 555));
    expect([codes(bare), codes(wrongAck)]).toEqual([['UNEXPECTED_SYN'], ['ACK_NOT_ISN_PLUS_ONE']]);
    expect([bare.role, wrongAck.role]).toEqual(['syn', 'syn-ack']);
    for (const v of [...bare.violations, ...wrongAck.violations])
      expect(v.message.length).toBeGreaterThan(10);
  });

  test("the server's SYN-ACK again: a retransmitted SYN-ACK", () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    const again = tracker.track(S({ syn: true, ack: true }, 1000, 101));
    expect([again.role, again.violations]).toEqual(['syn-ack', []]);
  });
});

describe('Fast Open (RFC 7413) and data before the handshake completes', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;

  test.each<[string, TcpOption[]]>([
    ['no options', []],
    ['an MSS option only', [{ kind: 'mss', mss: 1460 }]],
    [
      'an empty cookie, which only asks for one (RFC 7413 §4.1.1)',
      [{ kind: 'fastOpen', cookie: new Uint8Array(0) }],
    ],
  ] as const)('a SYN with data and %s: data before the handshake completed', (_, options) => {
    const syn = segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 4 });
    syn.header.options = options;
    expect(codesOf(new TcpStreamTracker().track(syn))).toEqual(['DATA_BEFORE_ESTABLISHED']);
  });

  test('server data after a SYN-ACK seen first, before the handshake ACK', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...sv, flags: { syn: true, ack: true }, seq: 1000, ack: 101, payloadLength: 0 }));
    const r = tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 5 }),
    );
    expect(codesOf(r)).toEqual(['DATA_BEFORE_ESTABLISHED']);
  });
});
