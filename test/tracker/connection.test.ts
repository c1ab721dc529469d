// Which connection and which side a segment belongs to, and each side's state
// (src/tracker/connection.ts): ends that share a port told apart by address, two connections at once,
// and connections picked up mid-stream or without their SYN or SYN-ACK, whose sides are then held to
// what they were first heard sending and acknowledging (RFC 9293 §3.1: the acknowledgment field
// counts only with ACK set). Numbers are worked out by hand from each test's segments.
import { describe, expect, test } from 'vitest';
import type { TcpFlags } from '../../src/header.ts';
import { TcpStreamTracker } from '../../src/tracker.ts';
import { CLIENT_END, codesOf, fromClient, fromServer, SERVER_END, segment } from '../support/tracker.ts';

describe('the sides of a connection whose ends share a port', () => {
  test('the side is told by address and port together', () => {
    const tracker = new TcpStreamTracker();
    const a = { src: '10.0.0.2', dst: '10.0.0.1', srcPort: 7777, dstPort: 7777 };
    const b = { src: '10.0.0.1', dst: '10.0.0.2', srcPort: 7777, dstPort: 7777 };
    const results = [
      { ...a, flags: { syn: true }, seq: 1000, ack: 0, payloadLength: 0 },
      { ...b, flags: { syn: true, ack: true }, seq: 5000, ack: 1001, payloadLength: 0 },
      { ...a, flags: { ack: true }, seq: 1001, ack: 5001, payloadLength: 0 },
      { ...b, flags: { psh: true, ack: true }, seq: 5001, ack: 1001, payloadLength: 20 },
    ].map((w) => tracker.track(segment(w)));
    expect(results.map((r) => [r.from, r.role, r.violations])).toEqual([
      ['client', 'syn', []],
      ['server', 'syn-ack', []],
      ['client', 'handshake-ack', []],
      ['server', 'data', []],
    ]);
  });
});

test('two connections at once are kept apart', () => {
  const tracker = new TcpStreamTracker();
  const a = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const b = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40001, dstPort: 80 };
  const first = tracker.track(segment({ ...a, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
  const second = tracker.track(segment({ ...b, flags: { syn: true }, seq: 900, ack: 0, payloadLength: 0 }));
  expect([first.connection.id, second.connection.id, second.role, second.violations]).toEqual([
    1,
    2,
    'syn',
    [],
  ]);
});

describe('a connection picked up mid-stream', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 7 };
  const s = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 7, dstPort: 40000 };

  test("the peer first heard resending older bytes: the client's ACK stays in range", () => {
    // The client's ACK covers 1000; the server is then first heard from resending bytes 500..509.
    // Its bytes up to 1000 were sent before the capture began (the client acknowledged them), so
    // the client's next ACK of 1000 is valid.
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 100, ack: 1000, payloadLength: 0 }));
    tracker.track(segment({ ...s, flags: { ack: true }, seq: 500, ack: 100, payloadLength: 10 }));
    const again = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 100, ack: 1000, payloadLength: 0 }),
    );
    expect(codesOf(again)).toEqual([]);
    // An ACK past anything the server can have sent is still one.
    const past = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 100, ack: 1500, payloadLength: 0 }),
    );
    expect(codesOf(past)).toEqual(['ACK_OUT_OF_RANGE']);
  });

  test('the peer first heard sending new bytes: what it sent ends at those', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 100, ack: 1000, payloadLength: 0 }));
    tracker.track(segment({ ...s, flags: { ack: true }, seq: 1000, ack: 100, payloadLength: 10 }));
    const ok = tracker.track(segment({ ...c, flags: { ack: true }, seq: 100, ack: 1010, payloadLength: 0 }));
    expect(codesOf(ok)).toEqual([]);
    const past = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 100, ack: 1011, payloadLength: 0 }),
    );
    expect(codesOf(past)).toEqual(['ACK_OUT_OF_RANGE']);
  });
});

describe('the first segment of a connection picked up without its SYN', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;
  const first = (flags: Partial<TcpFlags>, payloadLength: number) => {
    const tracker = new TcpStreamTracker();
    const result = tracker.track(segment({ ...c, flags, seq: 5000, ack: 9000, payloadLength }));
    return { result, events: tracker.takeEvents().map((e) => ('by' in e ? `${e.type} ${e.by}` : e.type)) };
  };

  test.each([
    ['data', { ack: true, psh: true }, 100, 'established', ['data']],
    ['ack', { ack: true }, 0, 'established', []],
    ['fin', { ack: true, fin: true }, 0, 'half-closed', ['half-closed client']],
    ['fin', { ack: true, fin: true }, 10, 'half-closed', ['half-closed client', 'data']],
    ['rst', { rst: true }, 0, 'reset', ['reset client']],
  ] as const)('role %s (%o, %i bytes)', (role, flags, payloadLength, state, events) => {
    const { result, events: seen } = first(flags, payloadLength);
    expect([result.role, result.state, result.from, seen]).toEqual([role, state, 'client', events]);
    expect(result.violations.map((v) => v.code)).toEqual(['NO_HANDSHAKE']);
  });

  test('a SYN-ACK seen first leaves the connection in syn-received', () => {
    const result = new TcpStreamTracker().track(
      segment({ ...sv, flags: { syn: true, ack: true }, seq: 700, ack: 5001, payloadLength: 0 }),
    );
    expect([result.role, result.state, result.connection.state]).toEqual([
      'syn-ack',
      'syn-received',
      'syn-received',
    ]);
  });

  test('its acknowledgment counts only with ACK set (RFC 9293 §3.1: the field is significant only then)', () => {
    // Without ACK, the 9500 in the field acknowledges nothing, so the server's bytes 9050.. are not
    // before anything the client acknowledged.
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { psh: true }, seq: 5000, ack: 9500, payloadLength: 10 }));
    tracker.track(segment({ ...sv, flags: { ack: true }, seq: 9000, ack: 5010, payloadLength: 50 }));
    const next = tracker.track(
      segment({ ...sv, flags: { ack: true }, seq: 9050, ack: 5010, payloadLength: 50 }),
    );
    expect(next.violations).toEqual([]);
  });

  test('with ACK set it does count: later bytes wholly before it are out of range', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 5000, ack: 9000, payloadLength: 0 }));
    tracker.track(segment({ ...sv, flags: { ack: true }, seq: 8000, ack: 5000, payloadLength: 10 }));
    const next = tracker.track(
      segment({ ...sv, flags: { ack: true }, seq: 8010, ack: 5000, payloadLength: 10 }),
    );
    expect(codesOf(next)).toEqual(['SEQ_OUT_OF_RANGE']);
  });

  test('the other side may not have been heard from yet: its ACKs are not out of range', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(
      segment({ ...c, flags: { ack: true, psh: true }, seq: 5000, ack: 9000, payloadLength: 10 }),
    );
    const next = tracker.track(
      segment({ ...c, flags: { ack: true, psh: true }, seq: 5010, ack: 9000, payloadLength: 10 }),
    );
    expect(next.violations).toEqual([]);
  });
});

describe('a server picked up after the SYN, its SYN-ACK not seen', () => {
  const C = fromClient;
  const S = fromServer;

  test('is followed from its first segment: state, role, data offsets, gaps', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    const first = tracker.track(S({ ack: true, psh: true }, 5000, 101, 10));
    expect([first.role, first.state, codesOf(first)]).toEqual(['data', 'established', ['NO_HANDSHAKE']]);
    const next = tracker.track(S({ ack: true, psh: true }, 5010, 101, 10));
    expect([next.role, codesOf(next)]).toEqual(['data', []]);
    const data = tracker
      .takeEvents()
      .flatMap((e) => (e.type === 'data' ? [[e.from, e.offset, e.length]] : []));
    expect(data).toEqual([
      ['server', 0, 10],
      ['server', 10, 10],
    ]);
    expect(codesOf(tracker.track(S({ ack: true, psh: true }, 6000, 101, 10)))).toEqual(['SEQ_OUT_OF_RANGE']);
  });

  test('a bare first segment: role ack, no data event', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    const first = tracker.track(S({ ack: true }, 5000, 101));
    expect(first.role).toBe('ack');
    expect(tracker.takeEvents().filter((e) => e.type === 'data')).toEqual([]);
  });

  test("its acknowledgment counts with ACK set: the client's keep-alive below it", () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ ack: true }, 5000, 101));
    expect(tracker.track(C({ ack: true }, 100, 5000)).role).toBe('keepalive');
  });

  test('and not without', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ psh: true }, 5000, 101, 5));
    expect(tracker.track(C({ ack: true }, 100, 5005)).role).not.toBe('keepalive');
  });
});
