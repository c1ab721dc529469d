// Tests of tcpHeaderBytes: decode accepts every value (a header, then the payload), including the
// header alone and junk after an EOL; a failing payload length shrinks to the boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tcpHeaderBytes } from '../../src/arbitraries/bytes.ts';
import { decode, decodeSegment, encode } from '../../src/header.ts';
import { RUNS, SAMPLE } from '../support/arbitraries.ts';

describe('tcpHeaderBytes', () => {
  it('gives bytes decode accepts: a header, then the payload', () => {
    fc.assert(
      fc.property(tcpHeaderBytes(fc), (segment) => {
        const { header, payload } = decodeSegment(segment);
        expect(payload.length).toBeLessThanOrEqual(32);
        expect(encode(header)).toEqual(segment.subarray(0, header.dataOffset * 4));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the header alone with maxPayloadLength 0, and odd-but-valid junk after an EOL', () => {
    const segments = fc.sample(tcpHeaderBytes(fc, { maxPayloadLength: 0 }), SAMPLE);
    for (const segment of segments) expect(segment.length).toBe((segment[12]! >> 4) * 4);
    const junkAfterEol = segments.some((s) => decode(s).padding.some((b) => b !== 0));
    expect(junkAfterEol).toBe(true);
  });
});

describe('shrinking', () => {
  it('shrinks a failing payload length to the boundary', () => {
    const result = fc.check(
      fc.property(tcpHeaderBytes(fc, { withOptions: false }), (b) => b.length < 30),
      { seed: 3 },
    );
    expect(result.counterexample).toHaveLength(1);
    expect(result.counterexample?.[0]).toHaveLength(30);
  });
});
