// The role a segment is given (src/tracker/tracker.ts): keep-alives (RFC 9293 §3.8.4) against data
// and resent bytes, and after a reset the role from the flags alone, with no check, until a new SYN
// opens a new connection (RFC 9293 §3.5). Numbers are worked out by hand from the ISNs.
import { describe, expect, test } from 'vitest';
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

describe('keep-alives (RFC 9293 §3.8.4) and resent bytes', () => {
  const C = fromClient;
  const S = fromServer;
  function established(): TcpStreamTracker {
    const tracker = handshaken();
    tracker.track(C({ ack: true, psh: true }, 101, 1001, 10));
    tracker.track(S({ ack: true }, 1001, 111));
    tracker.takeEvents();
    return tracker;
  }

  test('two bytes one below what the peer acknowledged are data, not a keep-alive', () => {
    const r = established().track(C({ ack: true, psh: true }, 110, 1001, 2));
    expect([r.role, codesOf(r)]).toEqual(['data', []]);
  });

  test('no keep-alive after the FIN', () => {
    const tracker = established();
    tracker.track(C({ ack: true, fin: true }, 111, 1001));
    tracker.track(S({ ack: true }, 1001, 112));
    expect(tracker.track(C({ ack: true }, 111, 1001)).role).not.toBe('keepalive');
  });

  test('resent bytes with a new FIN: no data event, only the half-close', () => {
    const tracker = established();
    const r = tracker.track(C({ ack: true, fin: true }, 101, 1001, 10));
    expect(r.role).toBe('fin');
    expect(tracker.takeEvents().map((e) => e.type)).toEqual(['half-closed']);
  });
});

describe('after a reset', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;
  function resetConnection(): TcpStreamTracker {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    tracker.track(segment({ ...sv, flags: { syn: true, ack: true }, seq: 900, ack: 101, payloadLength: 0 }));
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 101, ack: 901, payloadLength: 0 }));
    tracker.track(segment({ ...c, flags: { rst: true, ack: true }, seq: 101, ack: 901, payloadLength: 0 }));
    tracker.takeEvents();
    return tracker;
  }

  test('a stray segment, even one past a gap, is given a role and not checked', () => {
    const stray = resetConnection().track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 5000, ack: 101, payloadLength: 10 }),
    );
    expect([stray.role, stray.violations, stray.state]).toEqual(['data', [], 'reset']);
  });

  test('a new SYN on the same ports opens a new connection (RFC 9293 §3.5)', () => {
    const tracker = resetConnection();
    const syn = tracker.track(segment({ ...c, flags: { syn: true }, seq: 77777, ack: 0, payloadLength: 0 }));
    expect([syn.connection.id, syn.role, syn.state, syn.violations]).toEqual([2, 'syn', 'syn-sent', []]);
  });
});

describe('roles after a reset, from the flags alone', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;
  test.each([
    ['rst', { rst: true, ack: true }, 0],
    ['syn-ack', { syn: true, ack: true }, 0],
    ['fin', { fin: true, ack: true }, 0],
    ['ack', { ack: true }, 0],
    ['data', { ack: true }, 3],
  ] as const)('%s', (role, flags, payloadLength) => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    tracker.track(segment({ ...sv, flags: { rst: true, ack: true }, seq: 0, ack: 101, payloadLength: 0 }));
    const r = tracker.track(segment({ ...sv, flags, seq: 7000, ack: 101, payloadLength }));
    expect([r.role, r.violations, r.state]).toEqual([role, [], 'reset']);
  });
});
