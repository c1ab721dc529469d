// The compact table behind tcpdump's relative numbers (src/tracker/pair-table.ts; hostile-input
// issue, case 8): what it holds against a Map as the model, its growth, its limit (refused, the
// table unchanged), and its memory per pair, which the issue bounds (a million connections in at
// most 150 MB of process memory, where a Map of strings and arrays took 1.8 KB a pair).
import { describe, expect, test } from 'vitest';
import { PairTable } from '../../src/tracker/pair-table.ts';
import { PairLimitError, TcpdumpNumbers } from '../../src/tracker.ts';

/** A deterministic stream of 32-bit words (xorshift32). */
function words(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('PairTable', () => {
  test('holds what a Map holds, across its growth from 1024 slots', () => {
    const table = new PairTable(3, 1 << 20, 'pairs');
    const model = new Map<string, [number, number]>();
    const next = words(7);
    const keys: number[][] = [];
    for (let i = 0; i < 20_000; i++) {
      // Some keys again, with new values; most new.
      const key = i % 5 === 4 ? keys[next() % keys.length]! : [next(), next(), next()];
      if (i % 5 !== 4) keys.push(key);
      table.key.set(key);
      const values: [number, number] = [next(), next()];
      table.set(...values);
      model.set(key.join(','), values);
    }
    expect(table.size).toBe(model.size);
    expect(table.capacity).toBeGreaterThan(1024);
    for (const [text, [first, second]] of model) {
      table.key.set(text.split(',').map(Number));
      const slot = table.find();
      expect(slot).toBeGreaterThanOrEqual(0);
      expect([table.first(slot), table.second(slot)]).toEqual([first, second]);
    }
    for (let i = 0; i < 1000; i++) {
      table.key.set([next(), next(), next()]);
      expect(table.find()).toBe(-1);
    }
  });

  test('keys that differ in one word only are different pairs', () => {
    const table = new PairTable(3, 10, 'pairs');
    for (const [w, value] of [
      [0, 1],
      [1, 2],
      [2, 3],
    ] as const) {
      table.key.set([5, 5, 5]);
      table.key[w] = 6;
      table.set(value, value);
    }
    expect(table.size).toBe(3);
    table.key.set([5, 5, 6]);
    expect(table.second(table.find())).toBe(3);
  });

  test('one pair past the limit is refused, naming it; the table is unchanged', () => {
    const table = new PairTable(3, 2, 'address/port pairs (the limit); raise it');
    for (const k of [1, 2]) {
      table.key.set([k, k, k]);
      table.set(k, k);
    }
    table.key.set([3, 3, 3]);
    expect(() => table.set(3, 3)).toThrow('more than 2 address/port pairs (the limit); raise it');
    expect(() => table.set(3, 3)).toThrow(RangeError);
    expect(() => table.set(3, 3)).toThrow(PairLimitError);
    expect(table.size).toBe(2);
    expect(table.find()).toBe(-1);
    // A pair it holds still takes new values.
    table.key.set([1, 1, 1]);
    table.set(9, 9);
    expect(table.first(table.find())).toBe(9);
  });
});

describe('memory of the relative numbers', () => {
  test('300 000 IPv4 pairs take at most 32 bytes a pair, where a Map took 1.8 KB', () => {
    const numbers = new TcpdumpNumbers();
    const src = new Uint8Array(4);
    const dst = Uint8Array.of(192, 168, 0, 1);
    const n = 300_000;
    for (let i = 0; i < n; i++) {
      src[0] = 10;
      src[1] = i >>> 16;
      src[2] = i >>> 8;
      src[3] = i;
      numbers.numbers(src, dst, 40000, 80, i, i, false, true);
    }
    expect(numbers.size).toBe(n);
    // Slots of 21 bytes at most two-thirds free after a growth, plus the empty IPv6 table.
    expect(numbers.byteLength).toBeLessThan(32 * n + 64 * 1024);
  });

  test('a pair past the limit is refused with the way to raise it', () => {
    const numbers = new TcpdumpNumbers(1, 'raise X');
    const a = Uint8Array.of(10, 0, 0, 1);
    const b = Uint8Array.of(10, 0, 0, 2);
    numbers.numbers(a, b, 1, 2, 100, 200, false, true);
    expect(() => numbers.numbers(b, a, 3, 4, 100, 200, false, true)).toThrow(
      'more than 1 address/port pairs for relative numbers (the limit); raise X',
    );
    // The pair it holds is numbered as before: seq 150 is 50 past the recorded 100.
    expect(numbers.numbers(a, b, 1, 2, 150, 200, false, true).relSeq).toBe(50);
  });
});

describe('pairs of other families', () => {
  test('IPv6, and an IPv4 address beside an IPv6 one (either first), are pairs of their own', () => {
    const numbers = new TcpdumpNumbers();
    const v4 = Uint8Array.of(1, 2, 3, 4);
    // The IPv4 address's bytes, then zeros: the same words as the IPv4 address, filled.
    const v6 = Uint8Array.of(1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    const other = Uint8Array.of(0xfe, 0x80, ...new Array<number>(13).fill(0), 1);
    numbers.numbers(v4, other, 1, 2, 1000, 1, false, true);
    numbers.numbers(v6, other, 1, 2, 5000, 1, false, true);
    numbers.numbers(other, v4, 2, 1, 7000, 1001, false, true);
    expect(numbers.size).toBe(2);
    // The IPv4 address second in tcpdump's order (the lower port first): a third pair.
    numbers.numbers(other, v4, 1, 2, 9000, 1, false, true);
    expect(numbers.size).toBe(3);
    // Each pair keeps its own base: 1010 is 10 past the first's 1000, 5010 10 past the second's.
    expect(numbers.numbers(v4, other, 1, 2, 1010, 1, false, true).relSeq).toBe(10);
    expect(numbers.numbers(v6, other, 1, 2, 5010, 1, false, true).relSeq).toBe(10);
  });
});

describe('the limit counts both families', () => {
  test('one IPv4 pair, then one IPv6 pair past a limit of 1: refused', () => {
    const numbers = new TcpdumpNumbers(1, 'raise X');
    const v6 = (last: number) =>
      Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), last);
    numbers.numbers(Uint8Array.of(10, 0, 0, 1), Uint8Array.of(10, 0, 0, 2), 1, 2, 100, 200, false, true);
    expect(() => numbers.numbers(v6(1), v6(2), 1, 2, 100, 200, false, true)).toThrow(
      'more than 1 address/port pairs for relative numbers (the limit); raise X',
    );
    expect(numbers.size).toBe(1);
  });
});
