// findOption on a header the caller built: a wrong header or options list is a TypeError or
// RangeError naming it, holes included, and a list longer than a header can hold is refused
// before it is walked (hostile-input issue: an audit of every function that takes user values).
import { describe, expect, test } from 'vitest';
import { findOption } from '../../src/header.ts';

describe('findOption refuses what no header holds', () => {
  test.each<[string, () => unknown, Error]>([
    [
      'no header',
      () => findOption(null as never, 'mss'),
      new TypeError('header must be an object, got null'),
    ],
    [
      'options that are not a list',
      () => findOption({ options: 'mss' as never }, 'mss'),
      new TypeError('header.options must be an array, got "mss"'),
    ],
    [
      'a hole',
      () => findOption({ options: Object.assign(new Array(2), { 1: { kind: 'mss', mss: 1 } }) }, 'mss'),
      new TypeError('header.options[0] must be an option object, got undefined'),
    ],
    [
      'more options than 40 bytes hold',
      () => findOption({ options: Array.from({ length: 41 }, () => ({ kind: 'nop' }) as const) }, 'mss'),
      new RangeError('header.options must hold at most 40 options, got 41'),
    ],
  ])('%s', (_, call, error) => {
    expect(call).toThrow(error);
  });

  test('a list claiming 2^32-1 options is refused without reading one', () => {
    let reads = 0;
    const options = new Proxy([], {
      get: (target, key) => {
        if (key === 'length') return 2 ** 32 - 1;
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key);
      },
    });
    expect(() => findOption({ options }, 'mss')).toThrow(RangeError);
    expect(reads).toBe(0);
  });
});
