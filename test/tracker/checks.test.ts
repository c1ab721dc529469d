// The rules a segment is checked against (src/tracker/checks.ts) and the violations they give: the
// handshake's acknowledgments and sequence numbers (RFC 9293 §3.10.7.3, §3.10.7.4), data before the
// handshake completes, ACK missing, acknowledgments out of range or going back, data after FIN,
// unexpected SYNs and invalid flag sets (RFC 9293 §3.1), and a sentence with every violation.
// Expected numbers are worked out by hand from the ISNs each test gives.
import { describe, expect, it, test } from 'vitest';
import { TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';
import {
  C,
  CLIENT_END,
  codesOf,
  handshaken,
  opened,
  S,
  SERVER_END,
  seg,
  segment,
} from '../support/tracker.ts';

describe('TcpStreamTracker: violations', () => {
  const codes = (tracker: TcpStreamTracker, s: TrackedSegment) =>
    tracker.track(s).violations.map((v) => v.code);

  it('ACK_NOT_ISN_PLUS_ONE: a SYN-ACK or handshake ACK acknowledging anything but ISN + 1', () => {
    const a = new TcpStreamTracker();
    a.track(seg('C', 100, 0, { syn: true }));
    expect(codes(a, seg('S', 300, 100, { syn: true, ack: true }))).toEqual(['ACK_NOT_ISN_PLUS_ONE']);
    const b = new TcpStreamTracker();
    b.track(seg('C', 100, 0, { syn: true }));
    b.track(seg('S', 300, 101, { syn: true, ack: true }));
    expect(codes(b, seg('C', 101, 300, { ack: true }))).toEqual(['ACK_NOT_ISN_PLUS_ONE']);
  });

  it('SEQ_OUT_OF_RANGE: a handshake ACK whose seq is not ISN + 1; data wholly before what was acknowledged', () => {
    const a = new TcpStreamTracker();
    a.track(seg('C', 100, 0, { syn: true }));
    a.track(seg('S', 300, 101, { syn: true, ack: true }));
    expect(codes(a, seg('C', 100, 301, { ack: true }))).toEqual(['SEQ_OUT_OF_RANGE']);
    const b = opened(100, 300);
    b.track(seg('C', 101, 301, { ack: true }, 20));
    b.track(seg('S', 301, 121, { ack: true }));
    expect(codes(b, seg('C', 101, 301, { ack: true }, 19))).toEqual(['SEQ_OUT_OF_RANGE']);
    expect(codes(b, seg('C', 119, 301, { ack: true }))).toEqual(['SEQ_OUT_OF_RANGE']); // zero length, 2 below
  });

  it('DATA_BEFORE_ESTABLISHED: payload on a SYN without Fast Open, or before the handshake ACK', () => {
    expect(codes(new TcpStreamTracker(), seg('C', 1, 0, { syn: true }, 21))).toEqual([
      'DATA_BEFORE_ESTABLISHED',
    ]);
    const b = new TcpStreamTracker();
    b.track(seg('C', 1, 0, { syn: true }));
    b.track(seg('S', 50, 2, { syn: true, ack: true }));
    expect(codes(b, seg('S', 51, 2, { ack: true, psh: true }, 3))).toEqual(['DATA_BEFORE_ESTABLISHED']);
  });

  it('ACK_MISSING: a segment after the SYN without ACK (a RST is exempt)', () => {
    const tracker = opened(1, 2);
    expect(codes(tracker, seg('C', 2, 0, { psh: true }, 4))).toEqual(['ACK_MISSING']);
    expect(codes(tracker, seg('C', 6, 0, { rst: true }))).toEqual([]);
  });

  it('ACK_OUT_OF_RANGE: acknowledging bytes never sent, or going back', () => {
    const tracker = opened(1, 2);
    expect(codes(tracker, seg('C', 2, 4, { ack: true }))).toEqual(['ACK_OUT_OF_RANGE']);
    tracker.track(seg('S', 3, 2, { ack: true }, 10));
    tracker.track(seg('C', 2, 13, { ack: true }));
    expect(codes(tracker, seg('C', 2, 12, { ack: true }))).toEqual(['ACK_OUT_OF_RANGE']);
    const early = new TcpStreamTracker();
    early.track(seg('C', 1, 0, { syn: true }));
    expect(codes(early, seg('C', 2, 77, { ack: true }))).toEqual(['ACK_OUT_OF_RANGE']); // server silent
  });

  it('DATA_AFTER_FIN: bytes past a FIN, a FIN moved, a FIN before bytes already sent', () => {
    const a = opened(1, 2);
    a.track(seg('C', 2, 3, { fin: true, ack: true }));
    expect(codes(a, seg('C', 2, 3, { ack: true }, 5))).toContain('DATA_AFTER_FIN');
    const b = opened(1, 2);
    b.track(seg('C', 2, 3, { fin: true, ack: true }));
    expect(codes(b, seg('C', 3, 3, { fin: true, ack: true }))).toContain('DATA_AFTER_FIN');
    const c = opened(1, 2);
    c.track(seg('C', 2, 3, { ack: true }, 8));
    expect(codes(c, seg('C', 5, 3, { fin: true, ack: true }))).toEqual(['DATA_AFTER_FIN']);
  });

  it('UNEXPECTED_SYN and INVALID_FLAGS', () => {
    const a = opened(1, 2);
    expect(codes(a, seg('C', 2, 3, { syn: true, ack: true }))).toEqual(['UNEXPECTED_SYN']); // ISN was 1
    const b = new TcpStreamTracker();
    b.track(seg('C', 1, 0, { syn: true }));
    expect(codes(b, seg('S', 5, 0, { syn: true }))).toEqual(['UNEXPECTED_SYN']); // simultaneous open
    expect(codes(new TcpStreamTracker(), seg('C', 1, 0, { syn: true, fin: true }))).toEqual([
      'INVALID_FLAGS',
    ]);
  });

  it('NO_HANDSHAKE: a server segment before its SYN-ACK, a SYN-ACK without its SYN', () => {
    const a = new TcpStreamTracker();
    a.track(seg('C', 1, 0, { syn: true }));
    expect(codes(a, seg('S', 5, 2, { ack: true }))).toEqual(['NO_HANDSHAKE']);
    const b = new TcpStreamTracker();
    const r = b.track(seg('S', 5, 2, { syn: true, ack: true }));
    expect([r.from, r.role, r.violations.map((v) => v.code)]).toEqual([
      'server',
      'syn-ack',
      ['NO_HANDSHAKE'],
    ]);
    expect(r.connection).toMatchObject({ client: C, server: S, clientIsn: 1, serverIsn: 5 });
    expect(codes(b, seg('C', 2, 6, { ack: true }))).toEqual([]);
  });

  it('skips the checks after a reset: segments in flight are normal then', () => {
    const tracker = opened(1, 2);
    tracker.track(seg('C', 2, 3, { rst: true, ack: true }));
    const stray = tracker.track(seg('S', 3, 2, { ack: true, psh: true }, 10));
    expect([stray.role, stray.violations, stray.connection.state]).toEqual(['data', [], 'reset']);
  });
});

describe('INVALID_FLAGS names the flag that came with SYN (RFC 9293 §3.1)', () => {
  const c = {
    src: '192.0.2.1',
    dst: '198.51.100.2',
    srcPort: 40000,
    dstPort: 7,
    seq: 1,
    ack: 0,
    payloadLength: 0,
  };
  test.each([
    ['FIN', { syn: true, fin: true }],
    ['RST', { syn: true, rst: true }],
  ])('SYN with %s', (name, flags) => {
    const [violation] = new TcpStreamTracker().track(segment({ ...c, flags })).violations;
    expect(violation?.code).toBe('INVALID_FLAGS');
    expect(violation?.message).toMatch(new RegExp(`^SYN with ${name} `));
  });
});

describe('checks around the handshake and the acknowledgments (RFC 9293 §3.10.7)', () => {
  const c = CLIENT_END;
  const sv = SERVER_END;
  const codes = codesOf;

  test('a SYN where none belongs still gets a role', () => {
    const r = handshaken().track(
      segment({ ...c, flags: { syn: true }, seq: 4444, ack: 0, payloadLength: 0 }),
    );
    expect(codes(r)).toContain('UNEXPECTED_SYN');
    expect([
      'syn',
      'syn-ack',
      'handshake-ack',
      'data',
      'ack',
      'fin',
      'rst',
      'keepalive',
      'retransmission',
    ]).toContain(r.role);
  });

  test('client data after its SYN, before any SYN-ACK, is data before the handshake completed', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    const r = tracker.track(segment({ ...c, flags: { psh: true }, seq: 101, ack: 0, payloadLength: 10 }));
    expect(codesOf(r)).toContain('DATA_BEFORE_ESTABLISHED');
    expect(tracker.takeEvents().filter((e) => e.type === 'data')).toEqual([]);
  });

  test('an acknowledgment of bytes not sent is not remembered: a right one after it is fine', () => {
    const tracker = handshaken();
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 1000 }),
    );
    const wrong = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 101, ack: 5001, payloadLength: 0 }),
    );
    expect(codes(wrong)).toEqual(['ACK_OUT_OF_RANGE']);
    const right = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 101, ack: 1501, payloadLength: 0 }),
    );
    expect(codes(right)).toEqual([]);
  });

  test('an acknowledgment that goes back, and one of bytes not sent, are told apart', () => {
    const tracker = handshaken();
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 1000 }),
    );
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 101, ack: 1501, payloadLength: 0 }));
    const back = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 101, ack: 1201, payloadLength: 0 }),
    );
    const ahead = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 101, ack: 2101, payloadLength: 0 }),
    );
    expect([codesOf(back), codesOf(ahead)]).toEqual([['ACK_OUT_OF_RANGE'], ['ACK_OUT_OF_RANGE']]);
    expect(back.violations[0]?.message).toMatch(/back behind .*1501/);
    expect(ahead.violations[0]?.message).toMatch(/not sent .*2001/);
  });

  test("a side's first acknowledgment, of bytes not sent", () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { psh: true }, seq: 5000, ack: 0, payloadLength: 10 }));
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 9000, ack: 5010, payloadLength: 10 }),
    );
    const r = tracker.track(segment({ ...c, flags: { ack: true }, seq: 5010, ack: 99999, payloadLength: 0 }));
    expect(codesOf(r)).toEqual(['ACK_OUT_OF_RANGE']);
    expect(r.violations[0]?.message).toMatch(/not sent .*9010/);
  });

  test('an ACK from the client before the server said anything acknowledges nothing it sent', () => {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    const r = tracker.track(segment({ ...c, flags: { ack: true }, seq: 101, ack: 7, payloadLength: 0 }));
    expect(codesOf(r)).toEqual(['ACK_OUT_OF_RANGE']);
  });

  test('the acknowledgment field of a segment without ACK is not remembered either', () => {
    const tracker = handshaken();
    tracker.track(
      segment({ ...sv, flags: { ack: true, psh: true }, seq: 1001, ack: 101, payloadLength: 1000 }),
    );
    const noAck = tracker.track(
      segment({ ...c, flags: { psh: true }, seq: 101, ack: 2001, payloadLength: 5 }),
    );
    expect(codes(noAck)).toEqual(['ACK_MISSING']);
    const right = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 106, ack: 1501, payloadLength: 0 }),
    );
    expect(codes(right)).toEqual([]);
  });

  test("with Fast Open, the handshake's ACK may resend SYN data, but not start before the ISN + 1", () => {
    const tracker = new TcpStreamTracker();
    const syn = segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 4 });
    syn.header.options = [{ kind: 'fastOpen', cookie: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }];
    tracker.track(syn);
    tracker.track(segment({ ...sv, flags: { syn: true, ack: true }, seq: 1000, ack: 101, payloadLength: 0 }));
    const early = tracker.track(
      segment({ ...c, flags: { ack: true }, seq: 50, ack: 1001, payloadLength: 0 }),
    );
    expect(codes(early)).toEqual(['SEQ_OUT_OF_RANGE']);
    expect(early.violations[0]?.message).toContain('101');
  });

  test('every violation comes with a sentence', () => {
    const violations: { code: string; message: string }[] = [];
    const add = (r: { violations: { code: string; message: string }[] }) => violations.push(...r.violations);
    let t = new TcpStreamTracker();
    add(t.track(segment({ ...c, flags: { ack: true }, seq: 5000, ack: 9000, payloadLength: 0 })));
    add(t.track(segment({ ...c, flags: { syn: true, fin: true }, seq: 1, ack: 0, payloadLength: 0 })));
    t = new TcpStreamTracker();
    t.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    add(t.track(segment({ ...sv, flags: { ack: true }, seq: 1000, ack: 101, payloadLength: 0 })));
    t = new TcpStreamTracker();
    t.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    add(t.track(segment({ ...sv, flags: { rst: true, ack: true }, seq: 0, ack: 555, payloadLength: 0 })));
    t = new TcpStreamTracker();
    t.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    t.track(segment({ ...sv, flags: { syn: true, ack: true }, seq: 1000, ack: 101, payloadLength: 0 }));
    add(t.track(segment({ ...c, flags: { ack: true }, seq: 102, ack: 1002, payloadLength: 0 })));
    add(handshaken().track(segment({ ...c, flags: { psh: true }, seq: 101, ack: 0, payloadLength: 1 })));
    const seen = violations.map((v) => v.code);
    for (const code of [
      'NO_HANDSHAKE',
      'INVALID_FLAGS',
      'ACK_NOT_ISN_PLUS_ONE',
      'SEQ_OUT_OF_RANGE',
      'ACK_MISSING',
    ])
      expect(seen).toContain(code);
    expect(violations.length).toBeGreaterThanOrEqual(7);
    for (const v of violations) expect(v.message.length).toBeGreaterThan(10);
  });
});
