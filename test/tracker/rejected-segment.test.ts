// A segment track() refuses leaves the tracker as it was: the refusal names the field at fault,
// and the next good segment gets index 0, opens connection 1 and is the first of its connection.
// Each field is read once: a getter that answers differently on a second read cannot slip a value
// past the check. The bad values are the fuzz campaign's (hostile-input issue, case 6).
import { describe, expect, test } from 'vitest';
import type { TcpOption } from '../../src/options.ts';
import { TcpStreamTracker, type TrackedSegment } from '../../src/tracker.ts';
import { NO_FLAGS } from '../support/vectors.ts';

/** A SYN from 10.0.0.1:40000 to 10.0.0.2:80 with the given options. */
function syn(options: readonly unknown[]): TrackedSegment {
  return {
    src: '10.0.0.1',
    dst: '10.0.0.2',
    header: {
      srcPort: 40000,
      dstPort: 80,
      seq: 1000,
      ack: 0,
      flags: { ...NO_FLAGS, syn: true },
      options: options as readonly TcpOption[],
    },
    payloadLength: 0,
  };
}

/** The tracker still has seen nothing: the next SYN is segment 0 and opens connection 1. */
function expectUnchanged(tracker: TcpStreamTracker): void {
  const result = tracker.track(syn([]));
  expect(result.index).toBe(0);
  expect(result.connection.id).toBe(1);
  expect(result.role).toBe('syn');
  expect(result.violations).toEqual([]);
  expect(tracker.takeEvents()).toEqual([]);
}

describe('options the tracker cannot read', () => {
  test.each([
    ['null', [null], new TypeError('header.options[0] must be an object, got null')],
    [
      'a number',
      [{ kind: 'mss', mss: 1460 }, 7],
      new TypeError('header.options[1] must be an object, got 7'),
    ],
    [
      'a hole',
      Object.assign(new Array(3), { 0: { kind: 'nop' }, 2: { kind: 'nop' } }),
      new TypeError('header.options[1] must be an object, got undefined'),
    ],
    ['no kind', [{}], new TypeError('header.options[0].kind must be a string, got undefined')],
    [
      'Fast Open without its cookie',
      [{ kind: 'fastOpen' }],
      new TypeError('header.options[0].cookie must be a Uint8Array, got undefined'),
    ],
    [
      'a Fast Open cookie that is an array',
      [{ kind: 'fastOpen', cookie: [1, 2, 3, 4] }],
      new TypeError('header.options[0].cookie must be a Uint8Array, got an array of length 4'),
    ],
  ])('%s: refused, naming the element, and the tracker unchanged', (_, options, error) => {
    const tracker = new TcpStreamTracker();
    expect(() => tracker.track(syn(options))).toThrow(error);
    expectUnchanged(tracker);
  });

  test('an array that claims more options than 40 bytes hold is refused without walking it', () => {
    const tracker = new TcpStreamTracker();
    let reads = 0;
    const huge = new Proxy([] as unknown[], {
      get: (target, key) => {
        if (key === 'length') return 2 ** 32 - 1;
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    expect(() => tracker.track(syn(huge))).toThrow(
      new RangeError('header.options must hold at most 40 options (40 option bytes), got 4294967295'),
    );
    expect(reads).toBe(0);
    expectUnchanged(tracker);
  });
});

describe('each field read once', () => {
  test('a port whose getter answers 80 and then 70000 is taken as 80', () => {
    const tracker = new TcpStreamTracker();
    const segment = syn([]);
    let reads = 0;
    Object.defineProperty(segment.header, 'dstPort', { get: () => (reads++ === 0 ? 80 : 70_000) });
    const result = tracker.track(segment);
    expect(reads).toBe(1);
    expect(result.connection.server).toEqual({ address: '10.0.0.2', port: 80 });
  });

  test('a flag whose getter answers false and then true is taken as false', () => {
    const tracker = new TcpStreamTracker();
    const segment = syn([]);
    let reads = 0;
    const flags = { ...NO_FLAGS, syn: true };
    Object.defineProperty(flags, 'rst', { get: () => reads++ > 0, enumerable: true });
    segment.header.flags = flags;
    const result = tracker.track(segment);
    expect(reads).toBe(1);
    expect(result.role).toBe('syn');
    expect(result.violations).toEqual([]);
  });
});
