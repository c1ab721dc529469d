// The event queue (src/tracker/events.ts) and the states and roles behind it: opened, data,
// half-closed, closed and reset through the handshake and the close (RFC 9293 §3.5, §3.6), data
// offsets and lengths across the 2^32 wrap, the segment index events carry, and a real capture
// (corpus dns_tcp.pcap) whose data lengths must be the ones tcpdump printed
// (test/fixtures/corpus/tcpdump-out/). Other expected numbers are worked out by hand from the ISNs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { handshake, teardown } from '../../src/handshake.ts';
import { TcpStreamTracker } from '../../src/tracker.ts';
import { C, opened, S, seg, segment, summary } from '../support/tracker.ts';

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

describe('TcpStreamTracker on a real capture (corpus dns_tcp.pcap)', () => {
  it('finds no violation; data lengths are the lengths tcpdump printed', () => {
    const vectors = readFileSync(
      join(import.meta.dirname, '../fixtures/corpus/vectors/tcpdump-tests.jsonl'),
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
      join(import.meta.dirname, '../fixtures/corpus/tcpdump-out/dns_tcp.pcap.txt'),
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
