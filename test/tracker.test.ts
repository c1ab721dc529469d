import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { handshake, teardown } from '../src/handshake.ts';
import type { TcpFlags } from '../src/header.ts';
import { type TcpConnectionEvent, TcpStreamTracker, type TrackedSegment } from '../src/tracker.ts';
import { NO_FLAGS } from './support/vectors.ts';

const C = { address: '127.0.0.1', port: 50000 };
const S = { address: '127.0.0.1', port: 7 };

/** A segment between the client C and the server S, numbers given in full. */
function seg(
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

const summary = (events: TcpConnectionEvent[]) =>
  events.map((e) =>
    e.type === 'data' ? `data ${e.from} ${e.offset}+${e.length}` : 'by' in e ? `${e.type} ${e.by}` : e.type,
  );

/** Opens C -> S with ISNs x and y and returns the tracker. */
function opened(x: number, y: number): TcpStreamTracker {
  const tracker = new TcpStreamTracker();
  for (const s of handshake({ client: { ...C, isn: x }, server: { ...S, isn: y } }))
    expect(tracker.track(s).violations).toEqual([]);
  tracker.takeEvents();
  return tracker;
}

describe('TcpStreamTracker: handshake and close (RFC 9293 §3.5, §3.6)', () => {
  it('follows SYN, SYN-ACK, ACK and a four-segment close, ISN 0xFFFFFFFF wrapping', () => {
    const client = { ...C, isn: 0xffff_ffff };
    const server = { ...S, isn: 1000 };
    const tracker = new TcpStreamTracker();
    const segments = [...handshake({ client, server }), ...teardown({ closer: client, peer: server })];
    const results = segments.map((s) => tracker.track(s));
    expect(results.map((r) => [r.from, r.role, r.state, r.violations.length])).toEqual([
      ['client', 'syn', 'syn-sent', 0],
      ['server', 'syn-ack', 'syn-received', 0],
      ['client', 'handshake-ack', 'established', 0],
      ['client', 'fin', 'half-closed', 0],
      ['server', 'ack', 'half-closed', 0],
      ['server', 'fin', 'closing', 0],
      ['client', 'ack', 'closed', 0],
    ]);
    // tcpdump -nn without -S: the SYN (no ACK) and the SYN-ACK (records the bases) are absolute;
    // after that, client numbers count from x, server numbers from y.
    expect(results.map((r) => [r.relSeq, r.relAck])).toEqual([
      [0xffff_ffff, 0],
      [1000, 0],
      [1, 1],
      [1, 1],
      [1, 2],
      [1, 2],
      [2, 2],
    ]);
    expect(new Set(results.map((r) => r.connection)).size).toBe(1);
    expect(results[0]?.connection).toMatchObject({
      id: 1,
      client: C,
      server: S,
      clientIsn: 0xffff_ffff,
      serverIsn: 1000,
    });
    expect(summary(tracker.takeEvents())).toEqual(['opened', 'half-closed client', 'closed']);
    expect(tracker.takeEvents()).toEqual([]);
  });

  it('accepts the three-segment close: the second FIN on the ACK of the first, as Linux sends it', () => {
    const tracker = opened(100, 200);
    const roles = [
      seg('C', 101, 201, { fin: true, ack: true }),
      seg('S', 201, 102, { fin: true, ack: true }),
      seg('C', 102, 202, { ack: true }),
    ].map((s) => tracker.track(s));
    expect(roles.map((r) => [r.role, r.state, r.violations])).toEqual([
      ['fin', 'half-closed', []],
      ['fin', 'closing', []],
      ['ack', 'closed', []],
    ]);
    expect(summary(tracker.takeEvents())).toEqual(['half-closed client', 'closed']);
  });

  it('accepts a close the server starts, and simultaneous FINs', () => {
    const tracker = opened(5, 9);
    const results = [
      seg('S', 10, 6, { fin: true, ack: true }),
      seg('C', 6, 10, { fin: true, ack: true }), // crossed: C's FIN before it saw S's
      seg('C', 7, 11, { ack: true }),
      seg('S', 11, 7, { ack: true }),
    ].map((s) => tracker.track(s));
    expect(results.flatMap((r) => r.violations)).toEqual([]);
    expect(summary(tracker.takeEvents())).toEqual(['half-closed server', 'closed']);
  });

  it('reports a refused connection: SYN answered by RST-ACK acknowledging ISN + 1', () => {
    const tracker = new TcpStreamTracker();
    const [syn] = handshake({ client: { ...C, isn: 42 }, server: S });
    tracker.track(syn);
    const rst = tracker.track(seg('S', 0, 43, { rst: true, ack: true }));
    expect([rst.role, rst.connection.state, rst.violations]).toEqual(['rst', 'reset', []]);
    expect(summary(tracker.takeEvents())).toEqual(['reset server']);
    const wrong = new TcpStreamTracker();
    wrong.track(syn);
    expect(wrong.track(seg('S', 0, 44, { rst: true, ack: true })).violations.map((v) => v.code)).toEqual([
      'ACK_NOT_ISN_PLUS_ONE',
    ]);
  });

  it('starts a new connection for a SYN after the close', () => {
    const tracker = opened(1, 2);
    for (const s of teardown({ closer: { ...C, seq: 2 }, peer: { ...S, seq: 3 } })) tracker.track(s);
    const again = tracker.track(handshake({ client: { ...C, isn: 77 }, server: S })[0]);
    expect([again.role, again.connection.id, again.connection.state, again.violations]).toEqual([
      'syn',
      2,
      'syn-sent',
      [],
    ]);
  });

  it('gives retransmitted SYNs and SYN-ACKs their roles without violations', () => {
    const tracker = new TcpStreamTracker();
    const [syn, synAck, ack] = handshake({ client: { ...C, isn: 10 }, server: { ...S, isn: 20 } });
    const roles = [syn, syn, synAck, synAck, ack].map((s) => tracker.track(s));
    expect(roles.map((r) => [r.role, r.violations.length])).toEqual([
      ['syn', 0],
      ['syn', 0],
      ['syn-ack', 0],
      ['syn-ack', 0],
      ['handshake-ack', 0],
    ]);
  });
});

describe('TcpStreamTracker: data', () => {
  it('queues data events in order; data advances the sequence number by its length', () => {
    const tracker = opened(0xffff_fff0, 500); // the client's numbers wrap during the exchange
    const hello = new TextEncoder().encode('hello, world!'); // 13 bytes
    const results = [
      seg('C', 0xffff_fff1, 501, { ack: true, psh: true }, hello),
      seg('S', 501, 0xffff_fffe, { ack: true }),
      seg('S', 501, 0xffff_fffe, { ack: true, psh: true }, hello),
      seg('C', 0xffff_fffe, 514, { ack: true, psh: true }, 7), // 0xfffffffe..4, across 2^32
      seg('S', 514, 5, { ack: true }),
    ].map((s) => tracker.track(s));
    expect(results.map((r) => [r.role, r.violations])).toEqual([
      ['data', []],
      ['ack', []],
      ['data', []],
      ['data', []],
      ['ack', []],
    ]);
    expect(results.map((r) => [r.relSeq, r.relAck])).toEqual([
      [1, 1],
      [1, 14],
      [1, 14],
      [14, 14],
      [14, 21],
    ]);
    const events = tracker.takeEvents();
    expect(summary(events)).toEqual(['data client 0+13', 'data server 0+13', 'data client 13+7']);
    expect(events[0]?.type === 'data' && new TextDecoder().decode(events[0].payload)).toBe('hello, world!');
  });

  it('tells retransmissions, partly new segments and keep-alives apart', () => {
    const tracker = opened(1000, 2000);
    tracker.track(seg('C', 1001, 2001, { ack: true }, 10));
    const again = tracker.track(seg('C', 1001, 2001, { ack: true }, 10));
    const overlap = tracker.track(seg('C', 1006, 2001, { ack: true }, 10)); // bytes 5..14, 10..14 new
    tracker.track(seg('S', 2001, 1016, { ack: true }));
    const keepAlive = tracker.track(seg('C', 1015, 2001, { ack: true })); // RFC 9293 §3.8.4
    const keepAlive1 = tracker.track(seg('C', 1015, 2001, { ack: true }, 1)); // the one-byte kind
    expect([again, overlap, keepAlive, keepAlive1].map((r) => [r.role, r.violations])).toEqual([
      ['retransmission', []],
      ['data', []],
      ['keepalive', []],
      ['keepalive', []],
    ]);
    expect(summary(tracker.takeEvents())).toEqual(['data client 0+10', 'data client 10+5']);
  });

  it('accepts data on a SYN that carries a Fast Open cookie (RFC 7413)', () => {
    const tracker = new TcpStreamTracker();
    const syn = seg('C', 7, 0, { syn: true }, 4);
    syn.header.options = [{ kind: 'fastOpen', cookie: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }];
    expect(tracker.track(syn).violations).toEqual([]);
    expect(tracker.track(seg('S', 70, 12, { syn: true, ack: true })).violations).toEqual([]);
    expect(tracker.track(seg('C', 12, 71, { ack: true })).violations).toEqual([]);
    expect(summary(tracker.takeEvents())).toEqual(['data client 0+4', 'opened']);
  });

  it('picks a connection up mid-stream: one NO_HANDSHAKE, then checks as usual', () => {
    const tracker = new TcpStreamTracker();
    const results = [
      seg('C', 5000, 9000, { ack: true, psh: true }, 100),
      seg('S', 9000, 5100, { ack: true, psh: true }, 50),
      seg('C', 5100, 9050, { ack: true }),
      seg('C', 5300, 9050, { ack: true }, 1), // a gap: 5100..5300 never seen
    ].map((s) => tracker.track(s));
    expect(results.map((r) => r.violations.map((v) => v.code))).toEqual([
      ['NO_HANDSHAKE'],
      [],
      [],
      ['SEQ_OUT_OF_RANGE'],
    ]);
    expect(results[0]?.connection.state).toBe('established');
    expect(summary(tracker.takeEvents())).toEqual([
      'data client 0+100',
      'data server 0+50',
      'data client 300+1',
    ]);
  });
});

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

describe('TcpStreamTracker on a real capture (corpus dns_tcp.pcap)', () => {
  it('finds no violation; data lengths are the lengths tcpdump printed', () => {
    const vectors = readFileSync(
      join(import.meta.dirname, 'fixtures/corpus/vectors/tcpdump-tests.jsonl'),
      'utf8',
    )
      .split('\n')
      .filter((line) => line.includes('"source": "pcap/dns_tcp.pcap"'))
      .map((line) => JSON.parse(line));
    const tracker = new TcpStreamTracker();
    for (const v of vectors) {
      const e = v.expected;
      const result = tracker.track({
        src: v.src,
        dst: v.dst,
        header: { srcPort: e.srcPort, dstPort: e.dstPort, seq: e.seq, ack: e.ack, flags: e.flags },
        payloadLength: v.segmentLength - v.headerLength,
      });
      expect(result.violations, v.id).toEqual([]);
    }
    // tcpdump-out/dns_tcp.pcap.txt: "length 2" + "length 25" query, "length 2" + "length 127" answer... we
    // compare with the lengths it printed for segments with a payload, in order.
    const printed = readFileSync(
      join(import.meta.dirname, 'fixtures/corpus/tcpdump-out/dns_tcp.pcap.txt'),
      'utf8',
    )
      .split('\n')
      .map((line) => /, length (\d+)/.exec(line)?.[1])
      .filter((n): n is string => n !== undefined && n !== '0')
      .map(Number);
    const events = tracker.takeEvents();
    expect(events.filter((e) => e.type === 'data').map((e) => (e.type === 'data' ? e.length : 0))).toEqual(
      printed,
    );
    expect(events.filter((e) => e.type !== 'data').map((e) => e.type)).toEqual([
      'opened',
      'half-closed',
      'closed',
    ]);
  });
});

describe('TcpStreamTracker: arguments', () => {
  it('rejects malformed segments with TypeError / RangeError and stays unchanged', () => {
    const tracker = new TcpStreamTracker();
    const good = seg('C', 1, 0, { syn: true });
    expect(() => tracker.track(null as unknown as TrackedSegment)).toThrow(
      new TypeError('segment must be an object, got null'),
    );
    expect(() => tracker.track({ ...good, src: '300.1.1.1' })).toThrow(TypeError);
    expect(() => tracker.track({ ...good, dst: new Uint8Array(5) })).toThrow(RangeError);
    expect(() => tracker.track({ ...good, header: { ...good.header, srcPort: 70000 } })).toThrow(
      new RangeError('header.srcPort must be an integer in 0..65535, got 70000'),
    );
    expect(() => tracker.track({ ...good, header: { ...good.header, seq: 2 ** 32 } })).toThrow(RangeError);
    expect(() =>
      tracker.track({
        ...good,
        header: { ...good.header, flags: { ...NO_FLAGS, syn: 'yes' as unknown as boolean } },
      }),
    ).toThrow(new TypeError('header.flags.syn must be a boolean, got "yes"'));
    expect(() => tracker.track({ ...good, payloadLength: -1 })).toThrow(RangeError);
    expect(tracker.track(good).index).toBe(0);
  });

  it('takes IPv6 addresses as text in any RFC 4291 form or as bytes, as one endpoint', () => {
    const tracker = new TcpStreamTracker();
    const syn = tracker.track({ ...seg('C', 1, 0, { syn: true }), src: '0:0:0:0:0:0:0:1', dst: '::1' });
    const bytes = new Uint8Array(16);
    bytes[15] = 1;
    const synAck = tracker.track({ ...seg('S', 9, 2, { syn: true, ack: true }), src: bytes, dst: '::0:1' });
    expect([synAck.connection === syn.connection, synAck.role, synAck.violations]).toEqual([
      true,
      'syn-ack',
      [],
    ]);
    expect(syn.connection.client).toEqual({ address: '::1', port: 50000 });
  });
});
