// Tests of tcpOption: every value encodes and decodes back to itself, is canonical (docs/rules.md O1-O5),
// keeps to its settings, and every kind and carrier is produced; a failing SACK shrinks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tcpOption } from '../../src/arbitraries/options.ts';
import { decode, encode } from '../../src/header.ts';
import type { TcpOption } from '../../src/options.ts';
import { nonCanonical, RUNS, SAMPLE, wireLength } from '../support/arbitraries.ts';

/** A label telling the forms of each kind apart, to check that every one is produced. */
function form(option: TcpOption): string {
  if ((option.kind === 'fastOpen' || option.kind === 'accEcn') && option.code !== undefined) {
    return `${option.kind} in ${option.code}`;
  }
  if (option.kind === 'unknown')
    return [29, 30, 34, 172, 174, 253, 254].includes(option.code) ? 'unknown typed code' : 'unknown';
  return option.kind;
}

describe('tcpOption', () => {
  it('gives options that encode and decode back to themselves', () => {
    fc.assert(
      fc.property(tcpOption(fc), (option) => {
        const decoded = decode(encode({ srcPort: 1, dstPort: 2, options: [option] }));
        expect(decoded.options[0]).toStrictEqual(option);
      }),
      { numRuns: RUNS },
    );
  });

  it('gives only the canonical form of each option (docs/rules.md O1-O5)', () => {
    fc.assert(
      fc.property(tcpOption(fc), (option) => {
        expect(nonCanonical(option)).toBeNull();
        expect(wireLength(option)).toBeLessThanOrEqual(40);
      }),
      { numRuns: RUNS },
    );
  });

  it('produces every kind and every carrier', () => {
    const forms = new Set(fc.sample(tcpOption(fc), SAMPLE).map(form));
    expect([...forms].sort()).toEqual(
      [
        'eol',
        'nop',
        'mss',
        'windowScale',
        'sackPermitted',
        'sack',
        'timestamps',
        'md5',
        'userTimeout',
        'authentication',
        'multipath',
        'fastOpen',
        'fastOpen in 253',
        'fastOpen in 254',
        'accEcn',
        'accEcn in 253',
        'accEcn in 254',
        'experimental',
        'unknown',
        'unknown typed code',
      ].sort(),
    );
  });

  it('keeps to maxLength and kinds', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 10, max: 40 })
          .chain((maxLength) =>
            fc.tuple(fc.constant(maxLength), tcpOption(fc, { maxLength, kinds: ['sack', 'unknown', 'nop'] })),
          ),
        ([maxLength, option]) => {
          expect(['sack', 'unknown', 'nop']).toContain(option.kind);
          expect(wireLength(option)).toBeLessThanOrEqual(maxLength);
        },
      ),
      { numRuns: RUNS },
    );
  });
  it('gives only native Fast Open and AccECN when 253/254 cannot fit (maxLength below 4)', () => {
    const options = [
      ...fc.sample(tcpOption(fc, { kinds: ['fastOpen'], maxLength: 3 }), 100),
      ...fc.sample(tcpOption(fc, { kinds: ['accEcn'], maxLength: 2 }), 100),
    ];
    // RFC 7413 §4.1.1: a 2-byte kind 34 is a cookie request; RFC 9768 §3.2.3: 2-byte AccECN, no counters.
    for (const option of options) {
      expect(option).toSatisfy(
        (o: TcpOption) =>
          (o.kind === 'fastOpen' && o.cookie.length === 0 && o.code === undefined) ||
          (o.kind === 'accEcn' && o.counters.length === 0 && o.code === undefined),
      );
    }
  });
});

describe('shrinking', () => {
  it('shrinks a failing SACK to one block of zero edges', () => {
    const result = fc.check(
      fc.property(tcpOption(fc), (o) => o.kind !== 'sack'),
      { seed: 5 },
    );
    expect(result.counterexample).toStrictEqual([{ kind: 'sack', blocks: [{ left: 0, right: 0 }] }]);
  });
});
