// TcpStreamTracker behaviour the mutation run found unpinned: tcpdump's endpoint order when both
// ports are equal (relative numbers checked against tcpdump 4.99.3's own lines), the segment index,
// the argument each error message names, and the flag an INVALID_FLAGS message names.
import { describe, expect, test } from 'vitest';
import { formatTcp } from '../../src/format.ts';
import type { TcpFlags } from '../../src/header.ts';
import type { TcpOption } from '../../src/options.ts';
import { TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';
import { NO_FLAGS } from '../support/vectors.ts';

interface Wire {
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
function codesOf(r: { violations: { code: string; message: string }[] }): string[] {
  for (const v of r.violations) expect(v.message.length, v.code).toBeGreaterThan(10);
  return r.violations.map((v) => v.code);
}

function segment(w: Wire): TrackedSegment {
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

/** tcpdump's default line (without -S) for each segment, from the tracker's relative numbers. */
function linesOf(wire: readonly Wire[]): string[] {
  const tracker = new TcpStreamTracker();
  return wire.map((w) => {
    const r = tracker.track(segment(w));
    return formatTcp(
      { srcPort: w.srcPort, dstPort: w.dstPort, seq: w.seq, ack: w.ack, flags: w.flags, window: 65535 },
      {
        payloadLength: w.payloadLength,
        src: w.src,
        dst: w.dst,
        relative: { seq: r.relSeq, ack: r.relAck, sackBase: r.sackBase },
      },
    );
  });
}

describe("tcpdump's relative numbers when both ports are equal", () => {
  // tcpdump puts the endpoints of a pair in one order (the lower port first; equal ports, the lower
  // address bytes first) so that both directions find the same entry. The lines are what
  // `tcpdump -nn -t` printed for these segments in a raw-IP pcap.
  const A = '10.0.0.2';
  const B = '10.0.0.1';
  const ab = { src: A, dst: B, srcPort: 7777, dstPort: 7777 };
  const ba = { src: B, dst: A, srcPort: 7777, dstPort: 7777 };
  test('the higher address opens, the lower answers (addresses differing in their last byte)', () => {
    expect(
      linesOf([
        { ...ab, flags: { syn: true }, seq: 1000, ack: 0, payloadLength: 0 },
        { ...ba, flags: { syn: true, ack: true }, seq: 5000, ack: 1001, payloadLength: 0 },
        { ...ab, flags: { ack: true }, seq: 1001, ack: 5001, payloadLength: 0 },
        { ...ab, flags: { psh: true, ack: true }, seq: 1001, ack: 5001, payloadLength: 10 },
        { ...ba, flags: { psh: true, ack: true }, seq: 5001, ack: 1011, payloadLength: 20 },
        { ...ab, flags: { ack: true }, seq: 1011, ack: 5021, payloadLength: 0 },
      ]),
    ).toEqual([
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [S], seq 1000, win 65535, length 0',
      'IP 10.0.0.1.7777 > 10.0.0.2.7777: Flags [S.], seq 5000, ack 1001, win 65535, length 0',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [.], ack 1, win 65535, length 0',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [P.], seq 1:11, ack 1, win 65535, length 10',
      'IP 10.0.0.1.7777 > 10.0.0.2.7777: Flags [P.], seq 1:21, ack 11, win 65535, length 20',
      'IP 10.0.0.2.7777 > 10.0.0.1.7777: Flags [.], ack 21, win 65535, length 0',
    ]);
  });
});

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

describe('the segment index', () => {
  test('counts 0, 1, 2, ... over every segment given, and events carry it', () => {
    const tracker = new TcpStreamTracker();
    const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 7 };
    const s = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 7, dstPort: 40000 };
    const indexes = [
      { ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 },
      { ...s, flags: { syn: true, ack: true }, seq: 900, ack: 101, payloadLength: 0 },
      { ...c, flags: { ack: true }, seq: 101, ack: 901, payloadLength: 0 },
    ].map((w) => tracker.track(segment(w)).index);
    expect(indexes).toEqual([0, 1, 2]);
    expect(tracker.takeEvents().map((e) => [e.type, e.segment])).toEqual([['opened', 2]]);
  });
});

describe('the argument an error names', () => {
  const good = {
    src: '192.0.2.1',
    dst: '198.51.100.2',
    header: { srcPort: 1, dstPort: 2, seq: 0, ack: 0, flags: { ...NO_FLAGS, syn: true } },
  };
  const track = (value: unknown) => () => new TcpStreamTracker().track(value as TrackedSegment);
  test.each([
    ['header.srcPort', { ...good, header: { ...good.header, srcPort: 65536 } }],
    ['header.dstPort', { ...good, header: { ...good.header, dstPort: -1 } }],
    ['header.seq', { ...good, header: { ...good.header, seq: 2 ** 32 } }],
    ['header.ack', { ...good, header: { ...good.header, ack: 0.5 } }],
    ['header.flags.fin', { ...good, header: { ...good.header, flags: { ...NO_FLAGS, fin: 1 } } }],
    ['segment.payloadLength', { ...good, payloadLength: -1 }],
    ['segment.src', { ...good, src: 'not an address' }],
    ['segment.dst', { ...good, dst: '10.0.0' }],
  ])('%s', (name, value) => {
    expect(track(value)).toThrow(new RegExp(`^${name.replace(/\./g, '\\.')} `));
  });

  test('a header or flags that are not objects', () => {
    expect(track({ ...good, header: 5 })).toThrow(new TypeError('segment.header must be an object, got 5'));
    expect(track({ ...good, header: { ...good.header, flags: null } })).toThrow(
      new TypeError('header.flags must be an object, got null'),
    );
  });

  test('a segment without payload or payloadLength has none', () => {
    const result = new TcpStreamTracker().track(good);
    expect([result.role, result.violations]).toEqual(['syn', []]);
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
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
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

describe('after a reset', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
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

describe('checks around the handshake and the acknowledgments (RFC 9293 §3.10.7)', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
  const codes = codesOf;

  function established(): TcpStreamTracker {
    const tracker = new TcpStreamTracker();
    tracker.track(segment({ ...c, flags: { syn: true }, seq: 100, ack: 0, payloadLength: 0 }));
    tracker.track(segment({ ...sv, flags: { syn: true, ack: true }, seq: 1000, ack: 101, payloadLength: 0 }));
    tracker.track(segment({ ...c, flags: { ack: true }, seq: 101, ack: 1001, payloadLength: 0 }));
    return tracker;
  }

  test('a SYN where none belongs still gets a role', () => {
    const r = established().track(
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
    const tracker = established();
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
    const tracker = established();
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
    const tracker = established();
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
    add(established().track(segment({ ...c, flags: { psh: true }, seq: 101, ack: 0, payloadLength: 1 })));
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

describe('closing (RFC 9293 §3.6)', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
  const C = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...c, flags, seq, ack, payloadLength });
  const S = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...sv, flags, seq, ack, payloadLength });
  const kinds = (t: TcpStreamTracker) => t.takeEvents().map((e) => e.type);

  /** C (ISN 100) and S (ISN `serverIsn`) after their handshake. */
  function established(serverIsn = 1000): TcpStreamTracker {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, serverIsn, 101));
    tracker.track(C({ ack: true }, 101, serverIsn + 1));
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

describe('SYNs on a known connection', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
  const C = (flags: Partial<TcpFlags>, seq: number, ack: number) =>
    segment({ ...c, flags, seq, ack, payloadLength: 0 });
  const S = (flags: Partial<TcpFlags>, seq: number, ack: number) =>
    segment({ ...sv, flags, seq, ack, payloadLength: 0 });
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
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    tracker.track(C({ ack: true }, 101, 1001));
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
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    tracker.track(C({ ack: true }, 101, 1001));
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
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    tracker.track(C({ ack: true }, 101, 1001));
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
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    tracker.track(C({ ack: true }, 101, 1001));
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

describe('keep-alives (RFC 9293 §3.8.4) and resent bytes', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
  const C = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...c, flags, seq, ack, payloadLength });
  const S = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...sv, flags, seq, ack, payloadLength });
  function established(): TcpStreamTracker {
    const tracker = new TcpStreamTracker();
    tracker.track(C({ syn: true }, 100, 0));
    tracker.track(S({ syn: true, ack: true }, 1000, 101));
    tracker.track(C({ ack: true }, 101, 1001));
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

describe('a server picked up after the SYN, its SYN-ACK not seen', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
  const C = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...c, flags, seq, ack, payloadLength });
  const S = (flags: Partial<TcpFlags>, seq: number, ack: number, payloadLength = 0) =>
    segment({ ...sv, flags, seq, ack, payloadLength });

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

describe('Fast Open (RFC 7413) and data before the handshake completes', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };

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

describe('roles after a reset, from the flags alone', () => {
  const c = { src: '192.0.2.1', dst: '198.51.100.2', srcPort: 40000, dstPort: 80 };
  const sv = { src: '198.51.100.2', dst: '192.0.2.1', srcPort: 80, dstPort: 40000 };
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
