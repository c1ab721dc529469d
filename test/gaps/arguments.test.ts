// Argument checks the coverage run found untried: each wrong argument is refused with the error type
// and the message the contract promises (a TypeError naming the field), and the one right argument
// that takes the slow path (bytes from another realm) is accepted.
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import {
  formatAddress,
  TcpStreamTracker,
  TcpView,
  type TrackedSegment,
  tcpChecksum,
} from '../../src/index.ts';

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

describe('addresses that are neither text nor bytes', () => {
  test('a pseudo-header address', () => {
    const bytes = new Uint8Array(20);
    bytes[12] = 0x50;
    expect(() => tcpChecksum(bytes, { src: 42 as unknown as string, dst: '198.51.100.7' })).toThrow(
      new TypeError('pseudo.src must be a string or a Uint8Array of 4 or 16 bytes, got 42'),
    );
  });

  test('an address to print', () => {
    expect(() => formatAddress(null as unknown as string)).toThrow(
      new TypeError('address must be a string or a Uint8Array of 4 or 16 bytes, got null'),
    );
  });
});

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

test('TcpView.from accepts a Uint8Array from another realm', () => {
  // ports 0x1234 -> 0x0050, data offset 5
  const foreign = runInNewContext(
    'const b = new Uint8Array(20); b[0] = 0x12; b[1] = 0x34; b[3] = 0x50; b[12] = 0x50; b',
  ) as Uint8Array;
  expect(foreign instanceof Uint8Array).toBe(false);
  const view = TcpView.from(foreign);
  expect([view.srcPort, view.dstPort, view.headerLength]).toEqual([0x1234, 0x50, 20]);
});
