// Argument checks of the sequence helpers and the handshake / teardown builders that the mutation run
// found unpinned: each wrong argument is a TypeError or RangeError whose message names it.
import { describe, expect, test } from 'vitest';
import { aceCounter, handshake, segmentLength, seqInWindow, teardown } from '../../src/index.ts';

const client = { address: '192.0.2.1', port: 50000, isn: 1 };
const server = { address: '198.51.100.7', port: 443, isn: 2 };

describe('messages name the argument', () => {
  test.each<[string, () => unknown, Error]>([
    [
      'seqInWindow seq',
      () => seqInWindow(-1, 0, 1),
      new RangeError('seq must be an integer in 0..4294967295, got -1'),
    ],
    [
      'seqInWindow start',
      () => seqInWindow(0, 2 ** 32, 1),
      new RangeError('start must be an integer in 0..4294967295, got 4294967296'),
    ],
    ['aceCounter flags', () => aceCounter(null as never), new TypeError('flags must be an object, got null')],
    [
      'aceCounter ns',
      () => aceCounter({ ns: 1, cwr: false, ece: false } as never),
      new TypeError('flags.ns must be a boolean, got 1'),
    ],
    [
      'aceCounter cwr',
      () => aceCounter({ ns: false, cwr: 1, ece: false } as never),
      new TypeError('flags.cwr must be a boolean, got 1'),
    ],
    [
      'aceCounter ece',
      () => aceCounter({ ns: false, cwr: false, ece: 1 } as never),
      new TypeError('flags.ece must be a boolean, got 1'),
    ],
    [
      'segmentLength header',
      () => segmentLength(null as never, 0),
      new TypeError('header must be an object, got null'),
    ],
    [
      'segmentLength flags',
      () => segmentLength({ flags: 3 } as never, 0),
      new TypeError('header.flags must be an object, got 3'),
    ],
    [
      'segmentLength syn',
      () => segmentLength({ flags: { syn: 'y', fin: false } } as never, 0),
      new TypeError('header.flags.syn must be a boolean, got "y"'),
    ],
    [
      'segmentLength fin',
      () => segmentLength({ flags: { syn: false, fin: 0 } } as never, 0),
      new TypeError('header.flags.fin must be a boolean, got 0'),
    ],
    [
      'segmentLength payloadLength',
      () => segmentLength({ flags: { syn: false, fin: false } }, -1),
      new RangeError('payloadLength must be an integer in 0..4294967295, got -1'),
    ],
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

  test('teardown refuses endpoints of different IP versions, naming both', () => {
    expect(() => teardown({ closer: client, peer: { ...server, address: '2001:db8::1' } })).toThrow(
      /closer\.address and peer\.address/,
    );
  });
});
