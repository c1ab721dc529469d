// Tests of malformedTcpBytes: each variant is rejected with its code and nothing else (docs/rules.md D1-D8),
// the mix has every variant, bad settings throw; a short input shrinks to the boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MALFORMED_TCP_VARIANTS,
  type MalformedTcpVariant,
  malformedTcpBytes,
} from '../../src/arbitraries/malformed.ts';
import { TcpDecodeError } from '../../src/errors.ts';
import { tryDecode } from '../../src/header.ts';
import { FIXED, RUNS, SAMPLE } from '../support/arbitraries.ts';

const FIXED_KINDS = Object.keys(FIXED).map(Number);

/** Which variant a rejected input is, told from the error alone (docs/rules.md D1-D8). */
function classify(bytes: Uint8Array, error: TcpDecodeError): MalformedTcpVariant {
  switch (error.code) {
    case 'TRUNCATED':
      return bytes.length < 20 ? 'short' : 'dataOffsetPastEnd';
    case 'BAD_DATA_OFFSET':
      return 'dataOffsetBelow5';
    case 'OPTION_TRUNCATED':
      return 'optionMissingLength';
    case 'OPTION_BAD_LENGTH':
      return error.optionLength! < 2 ? 'optionLengthBelow2' : 'fixedOptionBadLength';
    case 'OPTION_OVERRUN':
      return error.optionLength! >= 128 ? 'optionLengthHuge' : 'optionOverrun';
  }
}

const VARIANTS = Object.keys(MALFORMED_TCP_VARIANTS) as MalformedTcpVariant[];

describe('malformedTcpBytes', () => {
  it.each(VARIANTS)('variant %s is rejected with its code and nothing else', (variant) => {
    fc.assert(
      fc.property(malformedTcpBytes(fc, { variants: [variant] }), (bytes) => {
        const result = tryDecode(bytes);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.error).toBeInstanceOf(TcpDecodeError);
        expect(result.error.code).toBe(MALFORMED_TCP_VARIANTS[variant]);
        expect(classify(bytes, result.error)).toBe(variant);
        const headerLength = (bytes[12]! >> 4) * 4;
        if (variant === 'short') expect(bytes.length).toBeLessThan(20);
        if (variant === 'dataOffsetPastEnd') expect(bytes.length).toBeLessThan(headerLength);
        if (variant === 'optionMissingLength') expect(result.error.offset).toBe(headerLength - 1);
        if (variant === 'fixedOptionBadLength') {
          expect(FIXED_KINDS).toContain(result.error.optionKind);
          expect(FIXED[result.error.optionKind!]).not.toContain(result.error.optionLength);
          expect(result.error.offset + result.error.optionLength!).toBeLessThanOrEqual(headerLength);
        }
        if (variant === 'optionOverrun') {
          expect(result.error.optionLength).toBeGreaterThanOrEqual(2);
          expect(result.error.optionLength).toBeLessThan(128);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('mixes every variant, with bad options after valid ones and before a payload', () => {
    const samples = fc.sample(malformedTcpBytes(fc), SAMPLE);
    const seen = new Set<MalformedTcpVariant>();
    let afterValidOption = false;
    let withPayload = false;
    for (const bytes of samples) {
      const result = tryDecode(bytes);
      if (result.ok) throw new Error(`accepted: ${Buffer.from(bytes).toString('hex')}`);
      seen.add(classify(bytes, result.error));
      const headerLength = (bytes[12]! >> 4) * 4;
      if (result.error.code.startsWith('OPTION_')) {
        if (bytes.length > headerLength) withPayload = true;
        // Bytes 20.. up to the bad option hold something other than NOPs: a real option.
        if (bytes.subarray(20, result.error.offset).some((b) => b !== 1)) afterValidOption = true;
      }
    }
    expect([...seen].sort()).toEqual([...VARIANTS].sort());
    expect(afterValidOption).toBe(true);
    expect(withPayload).toBe(true);
  });

  it('rejects bad variants', () => {
    expect(() => malformedTcpBytes(fc, { variants: [] })).toThrow(RangeError);
    expect(() => malformedTcpBytes(fc, { variants: ['junkAfterEol' as MalformedTcpVariant] })).toThrow(
      /variants\[0\] must be one of short, .*got "junkAfterEol"/,
    );
    expect(() => malformedTcpBytes(fc, { variants: 'short' as never })).toThrow(TypeError);
    expect(() => malformedTcpBytes(fc, { kinds: [] } as never)).toThrow(/no setting "kinds"/);
  });
});

describe('shrinking', () => {
  it('shrinks a short malformed input to the boundary', () => {
    const result = fc.check(
      fc.property(malformedTcpBytes(fc, { variants: ['short'] }), (b) => b.length < 10),
      { seed: 3 },
    );
    expect(result.counterexample).toStrictEqual([new Uint8Array(10)]);
  });
});
