// The argument of track() (src/tracker/segment.ts): each malformed segment, header, flags, options
// or payload is refused with a TypeError or RangeError whose message names the argument at fault
// (the contract's messages, written out), the tracker stays unchanged, IPv6 addresses are one endpoint
// in any RFC 4291 text form or as bytes, and a well-formed segment without payload is taken.
import { describe, expect, it, test } from 'vitest';
import { TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';
import { seg } from '../support/tracker.ts';
import { NO_FLAGS } from '../support/vectors.ts';

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

const header = {
  srcPort: 1,
  dstPort: 2,
  seq: 0,
  ack: 0,
  flags: {
    ns: false,
    cwr: false,
    ece: false,
    urg: false,
    ack: false,
    psh: false,
    rst: false,
    syn: true,
    fin: false,
  },
  options: [],
};
const segment = { src: '192.0.2.1', dst: '198.51.100.7', header };

describe('TcpStreamTracker.track refuses malformed segments', () => {
  const track = (value: unknown) => () => new TcpStreamTracker().track(value as TrackedSegment);

  test('the segment itself', () => {
    expect(track(null)).toThrow(new TypeError('segment must be an object, got null'));
    expect(track('syn')).toThrow(new TypeError('segment must be an object, got "syn"'));
  });

  test('its header', () => {
    expect(track({ ...segment, header: null })).toThrow(
      new TypeError('segment.header must be an object, got null'),
    );
  });

  test('its flags', () => {
    expect(track({ ...segment, header: { ...header, flags: 2 } })).toThrow(
      new TypeError('header.flags must be an object, got 2'),
    );
  });

  test('its options', () => {
    expect(track({ ...segment, header: { ...header, options: 'mss' } })).toThrow(
      new TypeError('header.options must be an array, got "mss"'),
    );
  });

  test('its payload', () => {
    expect(track({ ...segment, payload: [1, 2, 3] })).toThrow(
      new TypeError('segment.payload must be a Uint8Array, got an array of length 3'),
    );
  });

  test('and takes a well-formed one', () => {
    expect(new TcpStreamTracker().track(segment as TrackedSegment).role).toBeDefined();
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
