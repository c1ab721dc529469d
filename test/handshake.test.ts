import { afterEach, describe, expect, it, test, vi } from 'vitest';
import { verifyTcpChecksum } from '../src/checksum.ts';
import { handshake, type TeardownSide, teardown } from '../src/handshake.ts';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

describe('handshake (RFC 9293 §3.5)', () => {
  it('builds SYN x, SYN-ACK y / x+1, ACK x+1 / y+1, byte for byte', () => {
    const [syn, synAck, ack] = handshake({
      client: { address: '127.0.0.1', port: 50000, isn: 0xffff_ffff },
      server: { address: '127.0.0.1', port: 7, isn: 0x1234_5678, window: 1024 },
    });
    // c350 0007 | ffffffff | 00000000 | 50 02 (data offset 5, SYN) | ffff (window) | checksum | 0000
    // checksum by hand: words c350+0007+ffff+ffff+5002+ffff = 0x41356; pseudo-header
    // 7f00+0001+7f00+0001+0006+0014 = 0xfe1c; 0x41356 + 0xfe1c = 0x51172 -> 0x1177 -> ~ 0xee88
    expect(hex(syn.bytes)).toBe('c3500007ffffffff000000005002ffffee880000');
    // 0007 c350 | 12345678 | 00000000 (0xffffffff + 1 wraps) | 50 12 (SYN, ACK) | 0400 | ....
    expect(hex(synAck.bytes).replace(/^(.{32}).{4}/, '$1....')).toBe(
      '0007c350123456780000000050120400....0000',
    );
    // c350 0007 | 00000000 | 12345679 | 50 10 (ACK) | ffff
    expect(hex(ack.bytes).replace(/^(.{32}).{4}/, '$1....')).toBe('c350000700000000123456795010ffff....0000');
    for (const s of [syn, synAck, ack])
      expect(verifyTcpChecksum(s.bytes, { src: s.src, dst: s.dst })).toBe(true);
    expect([syn.src, syn.dst, synAck.src, synAck.dst]).toEqual([
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
      '127.0.0.1',
    ]);
    expect(syn.header).toMatchObject({
      srcPort: 50000,
      dstPort: 7,
      seq: 0xffff_ffff,
      ack: 0,
      checksum: 0xee88,
    });
    expect(syn.payload.length).toBe(0);
  });

  it('puts each side’s options on its SYN or SYN-ACK only, and checksums over IPv6', () => {
    const [syn, synAck, ack] = handshake({
      client: {
        address: '::1',
        port: 40000,
        isn: 1,
        options: [{ kind: 'mss', mss: 65476 }, { kind: 'sackPermitted' }, { kind: 'windowScale', shift: 7 }],
      },
      server: { address: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), port: 8, isn: 2 },
    });
    // options: 02 04 ff c4 | 04 02 | 03 03 07 | zero fill to 12 bytes -> data offset 8
    expect(hex(syn.bytes.subarray(20))).toBe('0204ffc40402030307000000');
    expect(syn.header.dataOffset).toBe(8);
    expect([synAck.header.options, ack.header.options]).toEqual([[], []]);
    expect(synAck.src).toBe('::1');
    for (const s of [syn, synAck, ack])
      expect(verifyTcpChecksum(s.bytes, { src: '::1', dst: '::1' })).toBe(true);
  });

  it('draws ISNs from crypto.getRandomValues when left out', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    const [syn, synAck] = handshake({
      client: { address: '10.0.0.1', port: 1 },
      server: { address: '10.0.0.2', port: 2 },
    });
    expect(spy).toHaveBeenCalledTimes(2);
    const drawn = spy.mock.results.map((r) => (r.value as Uint32Array)[0]);
    expect([syn.header.seq, synAck.header.seq]).toEqual(drawn);
    spy.mockRestore();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('says so when no random source exists and an ISN is left out', () => {
    vi.stubGlobal('crypto', undefined);
    expect(() =>
      handshake({
        client: { address: '10.0.0.1', port: 1 },
        server: { address: '10.0.0.2', port: 2, isn: 1 },
      }),
    ).toThrow('no crypto.getRandomValues on this platform: give the initial sequence numbers');
    expect(
      handshake({
        client: { address: '10.0.0.1', port: 1, isn: 5 },
        server: { address: '10.0.0.2', port: 2, isn: 1 },
      }),
    ).toHaveLength(3);
  });

  it('checks its arguments', () => {
    const client = { address: '10.0.0.1', port: 1, isn: 1 };
    const server = { address: '10.0.0.2', port: 2, isn: 2 };
    expect(() => handshake(null as unknown as { client: typeof client; server: typeof server })).toThrow(
      TypeError,
    );
    expect(() => handshake({ client: { ...client, port: 70000 }, server })).toThrow(
      new RangeError('client.port must be an integer in 0..65535, got 70000'),
    );
    expect(() => handshake({ client, server: { ...server, isn: -1 } })).toThrow(
      new RangeError('server.isn must be an integer in 0..4294967295, got -1'),
    );
    expect(() => handshake({ client, server: { ...server, window: 65536 } })).toThrow(RangeError);
    expect(() => handshake({ client: { ...client, address: '10.0.0' }, server })).toThrow(TypeError);
    expect(() => handshake({ client, server: { ...server, address: '::2' } })).toThrow(
      new TypeError('client.address and server.address must both be IPv4 or both IPv6, got 10.0.0.1 and ::2'),
    );
    expect(() =>
      handshake({ client: { ...client, options: [{ kind: 'mss', mss: 70000 }] }, server }),
    ).toThrow(RangeError);
    expect(() => handshake({ client: undefined as unknown as typeof client, server })).toThrow(
      new TypeError('client must be an object { address, port, ... }, got undefined'),
    );
  });
});

describe('teardown (RFC 9293 §3.6)', () => {
  it('builds FIN a / b, ACK b / a+1, FIN b / a+1, ACK a+1 / b+1', () => {
    const segments = teardown({
      closer: { address: '192.0.2.1', port: 443, seq: 0xffff_ffff },
      peer: { address: '198.51.100.7', port: 50000, seq: 77, window: 100 },
    });
    expect(
      segments.map((s) => [
        s.src,
        s.header.srcPort,
        s.header.seq,
        s.header.ack,
        s.header.flags.fin,
        s.header.flags.ack,
        s.header.window,
      ]),
    ).toEqual([
      ['192.0.2.1', 443, 0xffff_ffff, 77, true, true, 65535],
      ['198.51.100.7', 50000, 77, 0, false, true, 100],
      ['198.51.100.7', 50000, 77, 0, true, true, 100],
      ['192.0.2.1', 443, 0, 78, false, true, 65535],
    ]);
    for (const s of segments) expect(verifyTcpChecksum(s.bytes, { src: s.src, dst: s.dst })).toBe(true);
    // FIN, ACK: byte 13 = 0x11
    expect(segments[0]?.bytes[13]).toBe(0x11);
  });

  it('takes isn + 1 when only the ISN is given, seq when both are', () => {
    const [fin, ack] = teardown({
      closer: { address: '::1', port: 1, isn: 9 },
      peer: { address: '::1', port: 2, isn: 3, seq: 50 },
    });
    expect([fin?.header.seq, fin?.header.ack, ack?.header.ack]).toEqual([10, 50, 11]);
  });

  it('checks its arguments', () => {
    expect(() =>
      teardown({ closer: { address: '::1', port: 1, seq: 2 ** 32 }, peer: { address: '::1', port: 2 } }),
    ).toThrow(new RangeError('closer.seq must be an integer in 0..4294967295, got 4294967296'));
    expect(() =>
      teardown({ closer: { address: '::1', port: 1 }, peer: { address: '127.0.0.1', port: 2 } }),
    ).toThrow(TypeError);
    expect(() => teardown(7 as unknown as Parameters<typeof teardown>[0])).toThrow(TypeError);
  });
});

const client = { address: '192.0.2.1', port: 50000, isn: 1 };
const server = { address: '198.51.100.7', port: 443, isn: 2 };

// Each wrong argument to a builder is a TypeError or RangeError whose message names it.
describe('messages name the argument', () => {
  test.each<[string, () => unknown, Error]>([
    [
      'handshake sides',
      () => handshake(null as never),
      new TypeError('handshake takes { client, server }, got null'),
    ],
    [
      'handshake server',
      () => handshake({ client, server: 5 } as never),
      new TypeError('server must be an object { address, port, ... }, got 5'),
    ],
    [
      'handshake client.address',
      () => handshake({ client: { ...client, address: 9 }, server } as never),
      new TypeError('client.address must be a string or a Uint8Array of 4 or 16 bytes, got 9'),
    ],
    [
      'handshake client.window',
      () => handshake({ client: { ...client, window: 70000 }, server }),
      new RangeError('client.window must be an integer in 0..65535, got 70000'),
    ],
    [
      'handshake client.isn',
      () => handshake({ client: { ...client, isn: -1 }, server }),
      new RangeError('client.isn must be an integer in 0..4294967295, got -1'),
    ],
    [
      'handshake client.options, named after the side',
      () => handshake({ client: { ...client, options: [{ kind: 'mss', mss: 70000 }] }, server }),
      new RangeError('client.options[0].mss must be an integer in 0..65535, got 70000'),
    ],
    [
      'handshake server.options, named after the side',
      () => handshake({ client, server: { ...server, options: [null] } } as never),
      new TypeError('server.options[0] must be an option object, got null'),
    ],
    [
      'teardown sides',
      () => teardown(undefined as never),
      new TypeError('teardown takes { closer, peer }, got undefined'),
    ],
    [
      'teardown closer',
      () => teardown({ closer: 'a', peer: server } as never),
      new TypeError('closer must be an object { address, port, ... }, got "a"'),
    ],
    [
      'teardown peer',
      () => teardown({ closer: client, peer: null } as never),
      new TypeError('peer must be an object { address, port, ... }, got null'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });

  test("an option's own getter that throws: its error, as it is", () => {
    const option = {
      get kind(): string {
        throw new Error('from the getter');
      },
    };
    expect(() => handshake({ client: { ...client, options: [option] }, server } as never)).toThrow(
      new Error('from the getter'),
    );
  });

  test('teardown refuses endpoints of different IP versions, naming both', () => {
    expect(() => teardown({ closer: client, peer: { ...server, address: '2001:db8::1' } })).toThrow(
      /closer\.address and peer\.address/,
    );
  });
});

describe('each field of a side read once (hostile-input issue)', () => {
  test('teardown: a seq getter that answers 5 and then nothing is taken as 5', () => {
    let reads = 0;
    const closer = {
      address: '192.0.2.1',
      port: 40000,
      get seq() {
        return reads++ === 0 ? 5 : undefined;
      },
    } as unknown as TeardownSide;
    const [fin] = teardown({ closer, peer: { address: '192.0.2.2', port: 80, seq: 9 } });
    expect(fin.header.seq).toBe(5);
    expect(reads).toBe(1);
  });

  test('teardown: an isn getter that answers 5 and then 7 is taken as 5 (the FIN at 6)', () => {
    let reads = 0;
    const closer = {
      address: '192.0.2.1',
      port: 40000,
      get isn() {
        return reads++ === 0 ? 5 : 7;
      },
    };
    const [fin] = teardown({ closer, peer: { address: '192.0.2.2', port: 80, seq: 9 } });
    expect(fin.header.seq).toBe(6);
    expect(reads).toBe(1);
  });

  test('handshake: each side object is read once', () => {
    let reads = 0;
    const sides = {
      get client() {
        reads++;
        return { address: '192.0.2.1', port: 40000, isn: 1 };
      },
      server: { address: '192.0.2.2', port: 80, isn: 9 },
    };
    const [syn, synAck] = handshake(sides);
    expect(reads).toBe(1);
    expect(syn.header.seq).toBe(1);
    expect(synAck.header.ack).toBe(2);
  });
});
