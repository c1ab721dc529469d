// Tests of the arbitraries themselves, the way fast-check tests its own: every value is valid, the
// same seed gives the same values, values shrink, every variant is produced, bad settings throw.
// "Valid" is judged two ways: by the codec (decode / encode), and by predicates written here by hand
// from the option table of design §3 and the decode rules of design §4.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GeneratedOptionKind,
  MALFORMED_TCP_VARIANTS,
  type MalformedTcpVariant,
  malformedTcpBytes,
  tcpHeader,
  tcpHeaderBytes,
  tcpOption,
} from '../src/arbitraries.ts';
import { TcpDecodeError } from '../src/errors.ts';
import { decode, decodeSegment, encode, type TcpHeader, tryDecode } from '../src/header.ts';
import type { TcpOption } from '../src/options.ts';

const RUNS = 300;
const SAMPLE = { seed: 20260601, numRuns: 3000 };

/** Bytes an option takes on the wire: kind 0 and 1 one byte, others kind + length + data. */
function wireLength(option: TcpOption): number {
  // A crafted header keeps the data offset we give, so nothing is added after the option.
  return encode({ srcPort: 0, dstPort: 0, dataOffset: 5, options: [option] }, { craft: true }).length - 20;
}

/** Kinds that must have exactly these lengths, else decode fails (design §3/§4). */
const FIXED: Record<number, number[]> = {
  2: [4],
  3: [3],
  4: [2],
  5: [10, 18, 26, 34],
  8: [10],
  19: [18],
  28: [4],
};
const cookieOk = (n: number): boolean => n === 0 || (n >= 4 && n <= 16 && n % 2 === 0);
const countersOk = (n: number): boolean => n <= 9 && n % 3 === 0;

/**
 * Whether `option` is what decode gives for its bytes, by design §3 (written independently of
 * src/options.ts): the reason string when it is not.
 */
function nonCanonical(option: TcpOption): string | null {
  switch (option.kind) {
    case 'raw':
      return 'raw is never decoded strictly';
    case 'multipath':
      return option.data.length >= 1 && option.subtype === option.data[0]! >> 4 ? null : 'subtype';
    case 'fastOpen':
      if (!cookieOk(option.cookie.length)) return 'cookie length';
      if (option.code === undefined) return 'exid' in option || 'code' in option ? 'stray keys' : null;
      return (option.code === 253 || option.code === 254) && option.exid === 0xf989 ? null : 'carrier';
    case 'accEcn':
      if (option.counters.length > 3) return 'counters';
      if (option.code === undefined) return 'exid' in option || 'code' in option ? 'stray keys' : null;
      return (option.code === 253 || option.code === 254) && option.exid === 0xacc0 + option.order
        ? null
        : 'carrier';
    case 'experimental': {
      const n = option.data.length;
      if (option.exid === 0xf989 && cookieOk(n)) return 'is a Fast Open';
      if ((option.exid === 0xacc0 || option.exid === 0xacc1) && countersOk(n)) return 'is an AccECN';
      return option.code === 253 || option.code === 254 ? null : 'code';
    }
    case 'unknown': {
      const { code } = option;
      const n = option.data.length;
      if (code === 0 || code === 1) return 'one-byte code';
      if (FIXED[code] !== undefined) return 'fixed kind: typed or an error';
      if (code === 29 && n >= 2) return 'is authentication';
      if (code === 30 && n >= 1) return 'is multipath';
      if (code === 34 && cookieOk(n)) return 'is Fast Open';
      if ((code === 172 || code === 174) && countersOk(n)) return 'is AccECN';
      if ((code === 253 || code === 254) && n >= 2) return 'is experimental';
      return null;
    }
    case 'sack':
      return option.blocks.length >= 1 && option.blocks.length <= 4 ? null : 'blocks';
    default:
      return null;
  }
}

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

  it('gives only the canonical form of each option (design §3)', () => {
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

const FIXED_KINDS = Object.keys(FIXED).map(Number);

/** Which variant a rejected input is, told from the error alone (design §4). */
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

describe('reproducibility', () => {
  const factories: Record<string, () => fc.Arbitrary<unknown>> = {
    tcpOption: () => tcpOption(fc),
    tcpHeader: () => tcpHeader(fc),
    tcpHeaderBytes: () => tcpHeaderBytes(fc),
    malformedTcpBytes: () => malformedTcpBytes(fc),
  };
  it.each(Object.entries(factories))('%s gives the same values for the same seed', (_name, make) => {
    const first = fc.sample(make(), { seed: 42, numRuns: 200 });
    const again = fc.sample(make(), { seed: 42, numRuns: 200 });
    const other = fc.sample(make(), { seed: 43, numRuns: 200 });
    expect(again).toStrictEqual(first);
    expect(other).not.toStrictEqual(first);
  });

  it('replays a failure from its seed and path', () => {
    const property = fc.property(tcpHeader(fc), (h) => h.options.length <= 2);
    const first = fc.check(property, { seed: 7 });
    expect(first.failed).toBe(true);
    const replay = fc.check(property, { seed: 7, path: first.counterexamplePath ?? '' });
    expect(replay.counterexample).toStrictEqual(first.counterexample);
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

  it('shrinks a failing SACK to one block of zero edges', () => {
    const result = fc.check(
      fc.property(tcpOption(fc), (o) => o.kind !== 'sack'),
      { seed: 5 },
    );
    expect(result.counterexample).toStrictEqual([{ kind: 'sack', blocks: [{ left: 0, right: 0 }] }]);
  });

  it('shrinks a failing payload length to the boundary', () => {
    const result = fc.check(
      fc.property(tcpHeaderBytes(fc, { withOptions: false }), (b) => b.length < 30),
      { seed: 3 },
    );
    expect(result.counterexample).toHaveLength(1);
    expect(result.counterexample?.[0]).toHaveLength(30);
  });

  it('shrinks a short malformed input to the boundary', () => {
    const result = fc.check(
      fc.property(malformedTcpBytes(fc, { variants: ['short'] }), (b) => b.length < 10),
      { seed: 3 },
    );
    expect(result.counterexample).toStrictEqual([new Uint8Array(10)]);
  });
});

describe('the module', () => {
  it('imports fast-check for its types only, so the caller’s fc is the only one loaded', () => {
    const source = readFileSync(new URL('../src/arbitraries.ts', import.meta.url), 'utf8');
    const imports = source.match(/^import[^;]*from '[^']+';/gms) ?? [];
    const fromFastCheck = imports.filter((line) => line.includes("'fast-check'"));
    expect(fromFastCheck.length).toBeGreaterThan(0);
    for (const line of fromFastCheck) expect(line).toMatch(/^import type /);
    expect(source).not.toMatch(/require\(|import\(/);
  });
});
