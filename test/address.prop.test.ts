/**
 * Laws of the address text, one per property: the reference is Node's URL host serializer and
 * `net.isIP`.
 */
import { isIP } from 'node:net';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { formatAddress, parseAddress } from '../src/address.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);

describe('address laws (RFC 4291 §2.2, RFC 5952)', () => {
  const v6Bytes = fc.oneof(
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
    // Words drawn mostly from 0 so that runs of zero groups, and ties between them, are common.
    fc
      .array(fc.constantFrom(0, 0, 0, 1, 0xffff, 0xdb8), { minLength: 8, maxLength: 8 })
      .map((words) => Uint8Array.from(words.flatMap((w) => [w >>> 8, w & 0xff]))),
  );

  test.prop([v6Bytes], { numRuns })('parse(format(bytes)) gives the bytes back', (bytes) => {
    expect(parseAddress(formatAddress(bytes))).toEqual(bytes);
  });

  test.prop([v6Bytes], { numRuns })(
    'format prints what the URL host serializer prints (it shares RFC 5952 but for IPv4-mapped)',
    (bytes) => {
      const text = formatAddress(bytes);
      const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
      const viaUrl = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      if (mapped) expect(text).toMatch(/^::ffff:\d+\.\d+\.\d+\.\d+$/);
      else expect(text).toBe(viaUrl);
    },
  );

  test.prop([fc.uint8Array({ minLength: 4, maxLength: 4 })], { numRuns })(
    'IPv4: parse(format(bytes)) gives the bytes back',
    (bytes) => {
      expect(parseAddress(formatAddress(bytes))).toEqual(bytes);
    },
  );

  const textArb = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), maxLength: 45 }),
    v6Bytes.map((b) => formatAddress(b)),
    // Valid text with one character changed, inserted or removed.
    fc
      .tuple(
        v6Bytes,
        fc.nat(),
        fc.constantFrom(...'0f:.g'.split('')),
        fc.constantFrom('set', 'insert', 'remove'),
      )
      .map(([b, at, c, how]) => {
        const t = formatAddress(b);
        const i = at % (t.length + 1);
        if (how === 'insert') return t.slice(0, i) + c + t.slice(i);
        if (how === 'remove') return t.slice(0, i) + t.slice(i + 1);
        return t.slice(0, i) + c + t.slice(i + 1);
      }),
  );

  test.prop([textArb], { numRuns: numRuns * 4 })('text parses exactly when net.isIP accepts it', (text) => {
    let parsed: Uint8Array | null = null;
    try {
      parsed = parseAddress(text);
    } catch (error) {
      expect(error).toBeInstanceOf(TypeError);
    }
    const family = isIP(text);
    expect(parsed === null ? 0 : parsed.length === 4 ? 4 : 6).toBe(family);
  });
});
