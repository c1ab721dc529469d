import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type BuiltSegment, handshake, teardown } from '../../src/handshake.ts';
import type { TcpFlags } from '../../src/header.ts';
import { seqAdd } from '../../src/seq.ts';
import { TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);

const isn = fc.oneof(
  fc.integer({ min: 0, max: 0xffff_ffff }),
  fc.constantFrom(0, 1, 0x7fff_ffff, 0x8000_0000, 0xffff_fffe, 0xffff_ffff),
);
const port = fc.integer({ min: 0, max: 0xffff });
const ipv4 = fc.ipV4();
const ipv6 = fc.ipV6();
/** Client and server endpoints of one IP version (the same address for both, as on loopback, included). */
const endpoints = fc
  .oneof(
    fc.record({ client: fc.record({ address: ipv4, port }), server: fc.record({ address: ipv4, port }) }),
    fc.record({ client: fc.record({ address: ipv6, port }), server: fc.record({ address: ipv6, port }) }),
    fc.record({
      client: fc.record({ address: fc.constant('127.0.0.1'), port }),
      server: fc.record({ address: fc.constant('127.0.0.1'), port }),
    }),
  )
  .filter(({ client, server }) => client.address !== server.address || client.port !== server.port);

/** A handshake, then the close started by `closer`, as the builders make them. */
function conversation(
  ends: { client: { address: string; port: number }; server: { address: string; port: number } },
  x: number,
  y: number,
  closer: 'client' | 'server',
): BuiltSegment[] {
  const client = { ...ends.client, isn: x };
  const server = { ...ends.server, isn: y };
  const [a, b] = closer === 'client' ? [client, server] : [server, client];
  return [...handshake({ client, server }), ...teardown({ closer: a, peer: b })];
}

function track(segments: TrackedSegment[]) {
  const tracker = new TcpStreamTracker();
  const results = segments.map((s) => tracker.track(s));
  return { results, events: tracker.takeEvents() };
}

describe('the tracker and the builders (RFC 9293 §3.5, §3.6)', () => {
  test.prop([endpoints, isn, isn, fc.constantFrom('client' as const, 'server' as const)], { numRuns })(
    'the tracker accepts every handshake and four-segment close the builders make',
    (ends, x, y, closer) => {
      const { results, events } = track(conversation(ends, x, y, closer));
      expect(results.flatMap((r) => r.violations)).toEqual([]);
      expect(results.map((r) => r.role)).toEqual([
        'syn',
        'syn-ack',
        'handshake-ack',
        'fin',
        'ack',
        'fin',
        'ack',
      ]);
      expect(events.map((e) => e.type)).toEqual(['opened', 'half-closed', 'closed']);
      expect(results[6]?.connection).toMatchObject({ state: 'closed', clientIsn: x, serverIsn: y });
    },
  );

  test.prop([endpoints, isn, isn, fc.constantFrom('client' as const, 'server' as const)], { numRuns })(
    'the tracker accepts the three-segment close (the second FIN on the ACK of the first)',
    (ends, x, y, closer) => {
      const segments = conversation(ends, x, y, closer);
      // drop the peer's bare ACK: its FIN (same numbers, FIN + ACK) acknowledges the closer's FIN
      const { results, events } = track([...segments.slice(0, 4), ...segments.slice(5)]);
      expect(results.flatMap((r) => r.violations)).toEqual([]);
      expect(events.map((e) => e.type)).toEqual(['opened', 'half-closed', 'closed']);
    },
  );

  test.prop(
    [
      endpoints,
      isn,
      isn,
      fc.array(fc.record({ fromClient: fc.boolean(), length: fc.integer({ min: 0, max: 3000 }) }), {
        maxLength: 12,
      }),
    ],
    { numRuns },
  )(
    'data advances each side by its length: no violation, one data event per non-empty segment, contiguous',
    (ends, x, y, sends) => {
      const tracker = new TcpStreamTracker();
      for (const s of handshake({ client: { ...ends.client, isn: x }, server: { ...ends.server, isn: y } }))
        tracker.track(s);
      const next = { client: seqAdd(x, 1), server: seqAdd(y, 1) };
      const sent = { client: 0, server: 0 };
      const none: TcpFlags = {
        ns: false,
        cwr: false,
        ece: false,
        urg: false,
        ack: true,
        psh: true,
        rst: false,
        syn: false,
        fin: false,
      };
      for (const { fromClient, length } of sends) {
        const [me, peer] = fromClient ? (['client', 'server'] as const) : (['server', 'client'] as const);
        const result = tracker.track({
          src: ends[me].address,
          dst: ends[peer].address,
          header: {
            srcPort: ends[me].port,
            dstPort: ends[peer].port,
            seq: next[me],
            ack: next[peer],
            flags: none,
          },
          payloadLength: length,
        });
        expect(result.violations).toEqual([]);
        expect(result.relSeq).toBe(sent[me] + 1); // tcpdump counts from the ISN
        next[me] = seqAdd(next[me], length);
        sent[me] += length;
      }
      for (const s of teardown({
        closer: { ...ends.client, seq: next.client },
        peer: { ...ends.server, seq: next.server },
      }))
        expect(tracker.track(s).violations).toEqual([]);
      const data = tracker.takeEvents().flatMap((e) => (e.type === 'data' ? [e] : []));
      expect(data).toHaveLength(sends.filter((s) => s.length > 0).length);
      const offsets = { client: 0, server: 0 };
      for (const e of data) {
        expect(e.offset).toBe(offsets[e.from]);
        offsets[e.from] += e.length;
      }
      expect(offsets).toEqual(sent);
    },
  );

  /**
   * One field of one segment changed. Not corrupted: the window (any value is legal), the ack number
   * of the SYN (not significant without ACK), and setting FIN on a bare ACK (that is a valid close).
   */
  const corruption = fc.record({
    index: fc.integer({ min: 0, max: 6 }),
    field: fc.constantFrom(
      'seq',
      'ack',
      'srcPort',
      'dstPort',
      'src',
      'dst',
      'flag-ack',
      'flag-syn',
      'flag-fin',
    ),
    value: fc.integer({ min: 0, max: 0xffff_ffff }),
    delta: fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
    near: fc.boolean(),
  });

  test.prop([endpoints, isn, isn, fc.constantFrom('client' as const, 'server' as const), corruption], {
    numRuns,
  })(
    'the tracker flags every single-field corruption that makes the conversation wrong',
    (ends, x, y, closer, c) => {
      const segments: TrackedSegment[] = conversation(ends, x, y, closer).map((s) => ({
        ...s,
        header: { ...s.header, flags: { ...s.header.flags } },
      }));
      const target = segments[c.index];
      if (target === undefined) return;
      const h = target.header;
      // Near values (± 1..3) find off-by-one slips; far values anything else.
      const pick = (old: number, max: number) => {
        const v = c.near ? (old + c.delta + max + 1) % (max + 1) : c.value % (max + 1);
        return v === old ? (old + 1) % (max + 1) : v;
      };
      switch (c.field) {
        case 'seq':
          h.seq = pick(h.seq, 0xffff_ffff);
          break;
        case 'ack':
          if (!h.flags.ack) return; // not significant
          h.ack = pick(h.ack, 0xffff_ffff);
          break;
        case 'srcPort':
          h.srcPort = pick(h.srcPort, 0xffff);
          break;
        case 'dstPort':
          h.dstPort = pick(h.dstPort, 0xffff);
          break;
        case 'src':
        case 'dst': {
          const address = target[c.field] as string;
          target[c.field] = address.includes(':')
            ? `${address === '::2' ? '::3' : '::2'}`
            : address === '10.9.9.9'
              ? '10.9.9.8'
              : '10.9.9.9';
          break;
        }
        case 'flag-ack':
          h.flags.ack = !h.flags.ack;
          break;
        case 'flag-syn':
          h.flags.syn = !h.flags.syn;
          break;
        case 'flag-fin':
          if (!h.flags.fin) return; // setting FIN on a bare ACK is a valid close
          h.flags.fin = false;
          break;
      }
      const original = conversation(ends, x, y, closer)[c.index]?.header;
      const { results } = track(segments);
      const flagged = results.some((r) => r.violations.length > 0);
      // Two corruptions give a segment that is right after all (computed here from the
      // conversation's known numbers, not from the tracker):
      // - a bare ACK one below the expected seq from a side that has not sent its FIN is a
      //   keep-alive (RFC 9293 §3.8.4): the peer's ACK of the closer's FIN (index 4);
      // - an ACK equal to the sender's previous one is a duplicate ACK (the peer's ACK, index 4,
      //   and the closer's last ACK, index 6, repeating their previous acknowledgment).
      const keepAlive = c.field === 'seq' && c.index === 4 && h.seq === seqAdd(original?.seq ?? 0, -1);
      const previousAck =
        c.index === 4
          ? seqAdd(original?.ack ?? 0, -1)
          : c.index === 6
            ? seqAdd(original?.ack ?? 0, -1)
            : null;
      const duplicateAck = c.field === 'ack' && previousAck !== null && h.ack === previousAck;
      if (keepAlive) expect(results[4]?.role).toBe('keepalive');
      expect(flagged).toBe(!(keepAlive || duplicateAck));
    },
  );

  test.prop(
    [
      fc.array(
        fc.record({
          fromClient: fc.boolean(),
          seq: isn,
          ack: isn,
          flags: fc.record({
            ns: fc.boolean(),
            cwr: fc.boolean(),
            ece: fc.boolean(),
            urg: fc.boolean(),
            ack: fc.boolean(),
            psh: fc.boolean(),
            rst: fc.boolean(),
            syn: fc.boolean(),
            fin: fc.boolean(),
          }),
          payloadLength: fc.integer({ min: 0, max: 70000 }),
        }),
        { maxLength: 30 },
      ),
    ],
    { numRuns },
  )('any sequence of well-formed segments is tracked without throwing, numbers in range', (segments) => {
    const tracker = new TcpStreamTracker();
    for (const s of segments) {
      const [a, b] = s.fromClient ? [1, 2] : [2, 1];
      const r = tracker.track({
        src: `10.0.0.${a}`,
        dst: `10.0.0.${b}`,
        header: { srcPort: a, dstPort: b, seq: s.seq, ack: s.ack, flags: s.flags },
        payloadLength: s.payloadLength,
      });
      for (const n of [r.relSeq, r.relAck, r.sackBase]) expect(n >>> 0).toBe(n);
    }
    for (const e of tracker.takeEvents()) if (e.type === 'data') expect(e.length).toBeGreaterThan(0);
  });
});
