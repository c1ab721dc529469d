// Tests of tcpHeader: decode(encode(h)) gives h back, the option area is laid out as decode reads
// it, every data offset and ending is produced, settings are kept and bad ones throw; a header shrinks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tcpHeaderBytes } from '../../src/arbitraries/bytes.ts';
import { tcpHeader } from '../../src/arbitraries/header.ts';
import type { GeneratedOptionKind } from '../../src/arbitraries/kinds.ts';
import { tcpOption } from '../../src/arbitraries/options.ts';
import { decode, encode, type TcpHeader } from '../../src/header.ts';
import { nonCanonical, RUNS, SAMPLE, wireLength } from '../support/arbitraries.ts';

/** Checks the shape decode gives: EOL only last, padding only after it, no zero fill needed. */
function checkLayout(header: TcpHeader): void {
  const eolAt = header.options.findIndex((o) => o.kind === 'eol');
  if (eolAt >= 0) expect(eolAt).toBe(header.options.length - 1);
  if (header.padding.length > 0) expect(eolAt).toBeGreaterThanOrEqual(0);
  const optionBytes = header.options.reduce((sum, o) => sum + wireLength(o), 0);
  expect(20 + optionBytes + header.padding.length).toBe(header.dataOffset * 4);
  expect(header.dataOffset).toBeGreaterThanOrEqual(5);
  expect(header.dataOffset).toBeLessThanOrEqual(15);
  expect(header.reserved).toBeGreaterThanOrEqual(0);
  expect(header.reserved).toBeLessThanOrEqual(7);
}

describe('tcpHeader', () => {
  it('gives headers that decode(encode(h)) gives back exactly', () => {
    fc.assert(
      fc.property(tcpHeader(fc), (header) => {
        const bytes = encode(header);
        expect(bytes.length).toBe(header.dataOffset * 4);
        expect(decode(bytes)).toStrictEqual(header);
      }),
      { numRuns: RUNS },
    );
  });

  it('lays options out as decode does: aligned, or ending in eol plus padding to a word', () => {
    fc.assert(
      fc.property(tcpHeader(fc), (header) => {
        checkLayout(header);
        for (const option of header.options) expect(nonCanonical(option)).toBeNull();
      }),
      { numRuns: RUNS },
    );
  });

  it('produces every data offset and each way an option area can end', () => {
    const headers = fc.sample(tcpHeader(fc), SAMPLE);
    const offsets = new Set(headers.map((h) => h.dataOffset));
    expect([...offsets].sort((a, b) => a - b)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    const endsInEol = (h: TcpHeader): boolean => h.options.at(-1)?.kind === 'eol';
    const cases = {
      noOptions: headers.some((h) => h.options.length === 0),
      alignedWithoutEol: headers.some((h) => h.options.length > 0 && !endsInEol(h)),
      eolWithoutPadding: headers.some((h) => endsInEol(h) && h.padding.length === 0),
      eolWithZeroPadding: headers.some((h) => h.padding.length > 0 && h.padding.every((b) => b === 0)),
      eolWithJunkPadding: headers.some((h) => h.padding.some((b) => b !== 0)),
      paddingOfWholeExtraWords: headers.some((h) => h.padding.length >= 4),
      everyFlag: headers.some((h) => Object.values(h.flags).every(Boolean)),
      noFlag: headers.some((h) => Object.values(h.flags).every((f) => !f)),
      reservedSet: headers.some((h) => h.reserved === 7),
    };
    expect(cases).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, true])));
  });

  it('keeps to its constraints', () => {
    const kinds: GeneratedOptionKind[] = ['mss', 'nop', 'timestamps'];
    fc.assert(
      fc.property(
        tcpHeader(fc, { flags: { syn: true, ack: false }, reserved: 0, kinds, maxOptionBytes: 23 }),
        tcpHeader(fc, { withOptions: false }),
        tcpHeader(fc, { nonZeroPadding: false }),
        (syn, bare, zeroPadded) => {
          expect(syn.flags).toMatchObject({ syn: true, ack: false });
          expect(syn.reserved).toBe(0);
          expect(syn.dataOffset).toBeLessThanOrEqual(10); // 20 of the 23 bytes: a whole number of words
          for (const option of syn.options) expect([...kinds, 'eol']).toContain(option.kind);
          expect(bare.options).toEqual([]);
          expect(bare.dataOffset).toBe(5);
          expect(zeroPadded.padding.every((b) => b === 0)).toBe(true);
          checkLayout(syn);
          expect(decode(encode(syn))).toStrictEqual(syn);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('with kinds [eol] gives no options or one eol and its padding', () => {
    for (const header of fc.sample(tcpHeader(fc, { kinds: ['eol'] }), 300)) {
      expect(
        header.options.length === 0 || (header.options.length === 1 && header.options[0]!.kind === 'eol'),
      ).toBe(true);
      expect(header.dataOffset * 4).toBe(20 + header.options.length + header.padding.length);
    }
  });

  it.each([
    [null as unknown, 'null', TypeError, /constraints must be an object, got null/],
    [[], 'an array', TypeError, /constraints must be an object/],
    [{ maxOptionByte: 4 }, 'a misspelt setting', TypeError, /no setting "maxOptionByte"/],
    [
      { maxOptionBytes: 41 },
      'maxOptionBytes over 40',
      RangeError,
      /maxOptionBytes must be an integer in 0..40, got 41/,
    ],
    [{ maxOptionBytes: 2.5 }, 'a fractional maxOptionBytes', RangeError, /maxOptionBytes must be an integer/],
    [{ withOptions: 'no' }, 'a string withOptions', TypeError, /withOptions must be a boolean/],
    [{ withOptions: false, kinds: ['mss'] }, 'kinds without options', RangeError, /withOptions is false/],
    [{ kinds: [] }, 'no kinds', RangeError, /kinds must name at least one/],
    [{ kinds: 'mss' }, 'kinds as a string', TypeError, /kinds must be an array, got "mss"/],
    [{ kinds: ['raw'] }, 'raw', RangeError, /kinds\[0\] must be one of .*got "raw"/],
    [
      { kinds: ['md5'], maxOptionBytes: 16 },
      'a kind that cannot fit',
      RangeError,
      /md5 needs at least 18 bytes/,
    ],
    [{ flags: { syn: 1 } }, 'a numeric flag', TypeError, /flags.syn must be a boolean, got 1/],
    [{ flags: { SYN: true } }, 'an unknown flag', TypeError, /flags has no setting "SYN"/],
    [{ reserved: 8 }, 'reserved over 7', RangeError, /reserved must be an integer in 0..7, got 8/],
    [{ nonZeroPadding: 0 }, 'a numeric nonZeroPadding', TypeError, /nonZeroPadding must be a boolean/],
  ])('rejects %j (%s)', (constraints, _what, type, message) => {
    const make = (): unknown => tcpHeader(fc, constraints as never);
    expect(make).toThrow(type);
    expect(make).toThrow(message);
  });

  it('names the factory in its errors, also for tcpOption and tcpHeaderBytes', () => {
    expect(() => tcpOption(fc, { maxLength: 0 })).toThrow(
      new RangeError('tcpOption constraints.maxLength must be an integer in 1..40, got 0'),
    );
    expect(() => tcpOption(fc, { kinds: ['sack'], maxLength: 9 })).toThrow(/sack needs at least 10 bytes/);
    expect(() => tcpHeaderBytes(fc, { maxPayloadLength: -1 })).toThrow(
      new RangeError('tcpHeaderBytes constraints.maxPayloadLength must be an integer in 0..65535, got -1'),
    );
    expect(() => tcpHeaderBytes(fc, { reserved: 9 })).toThrow(/^tcpHeaderBytes constraints.reserved/);
  });
});

describe('shrinking', () => {
  it('shrinks a header with more than 2 options to one with 3 options and every field zero', () => {
    const result = fc.check(
      fc.property(tcpHeader(fc), (h) => h.options.length <= 2),
      { seed: 11 },
    );
    expect(result.failed).toBe(true);
    const [header] = result.counterexample as [TcpHeader];
    expect(header.options).toHaveLength(3);
    expect(header).toMatchObject({ srcPort: 0, dstPort: 0, seq: 0, ack: 0, reserved: 0, window: 0 });
    expect(header).toMatchObject({ checksum: 0, urgentPointer: 0 });
    expect(Object.values(header.flags).some(Boolean)).toBe(false);
    expect(decode(encode(header))).toStrictEqual(header);
  });
});

describe('tcpHeader reads its constraints once (hostile-input issue)', () => {
  it('kinds that claim 2^32 - 1 elements are refused before one is read', () => {
    let reads = 0;
    const kinds = new Proxy([], {
      get: (target, key) => {
        if (key === 'length') return 2 ** 32 - 1;
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key) as unknown;
      },
    });
    expect(() => tcpHeader(fc, { kinds })).toThrow(
      new RangeError('tcpHeader constraints.kinds must name at most 256 option kinds, got 4294967295'),
    );
    expect(reads).toBe(0);
  });

  it('a kinds getter asked once: what it answers later changes nothing', () => {
    let asked = 0;
    const constraints = Object.defineProperty({}, 'kinds', {
      get: () => (asked++ === 0 ? ['mss'] : ['raw']),
      enumerable: true,
    });
    const headers = fc.sample(tcpHeader(fc, constraints), { seed: 1, numRuns: 30 });
    expect(asked).toBe(1);
    expect(
      headers.flatMap((h) => h.options.map((o) => o.kind)).every((k) => k === 'mss' || k === 'eol'),
    ).toBe(true);
  });
});
