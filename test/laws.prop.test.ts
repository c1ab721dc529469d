// The codec's laws (docs/rules.md D1-D8 and E1-E8), one property each, with the arbitraries as generators.
// Runs: FUZZ_RUNS (default 300); `npm run test:fuzz` runs 200 000 of each.
import { Buffer } from 'node:buffer';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { malformedTcpBytes, tcpHeader, tcpHeaderBytes } from '../src/arbitraries/index.ts';
import { isTcpDecodeError, TcpDecodeError } from '../src/errors.ts';
import { decode, encode, encodedLength, encodeInto, type TcpHeader, tryDecode } from '../src/header.ts';
import { decodeLenient } from '../src/lint.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);
if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error(`FUZZ_RUNS must be a positive integer`);
const params = { numRuns };

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A copy of `bytes` with the data offset nibble (byte 12, RFC 9293 §3.1) set to `dataOffset`. */
const withDataOffset = (bytes: Uint8Array, dataOffset: number): Uint8Array => {
  const out = bytes.slice();
  out[12] = (dataOffset << 4) | (out[12]! & 0x0f);
  return out;
};

/**
 * Option-area bytes that often walk: EOL, NOP, TLVs of common kinds with small lengths, and stray
 * bytes. Plain random bytes almost never hold a valid option list past the first option.
 */
const optionSoup = (length: number): fc.Arbitrary<Uint8Array> =>
  fc
    .array(
      fc.oneof(
        fc.constant(Uint8Array.of(0)),
        fc.constant(Uint8Array.of(1)),
        fc
          .tuple(
            fc.oneof(
              fc.constantFrom(2, 3, 4, 5, 8, 19, 28, 29, 30, 34, 172, 174, 253, 254),
              fc.integer({ min: 0, max: 255 }),
            ),
            fc.integer({ min: 2, max: 20 }),
            fc.uint8Array({ minLength: 18, maxLength: 18 }),
          )
          .map(([kind, len, body]) => concat(Uint8Array.of(kind, len), body.subarray(0, len - 2))),
        fc.uint8Array({ minLength: 1, maxLength: 3 }),
      ),
      { maxLength: 12 },
    )
    .map((chunks) => {
      const area = new Uint8Array(length);
      area.set(concat(...chunks).subarray(0, length));
      return area;
    });

/** Random bytes of 20..60 with a data offset they can hold (5..length/4), option area biased or not. */
const randomWithValidDataOffset: fc.Arbitrary<Uint8Array> = fc
  .integer({ min: 5, max: 15 })
  .chain((dataOffset) =>
    fc
      .tuple(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.oneof(
          optionSoup(dataOffset * 4 - 20),
          fc.uint8Array({ minLength: dataOffset * 4 - 20, maxLength: dataOffset * 4 - 20 }),
        ),
        fc.uint8Array({ maxLength: 60 - dataOffset * 4 }),
      )
      .map(([fixed, options, payload]) => concat(withDataOffset(fixed, dataOffset), options, payload)),
  );

/** Random bytes that decode accepts. */
const decodableRandomBytes = randomWithValidDataOffset.filter((b) => tryDecode(b).ok);

/** Any bytes: random, random with a valid data offset, valid headers, malformed ones. */
const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  randomWithValidDataOffset,
  tcpHeaderBytes(fc),
  malformedTcpBytes(fc),
);

/** What every decoder makes of `bytes` at `offset`, with errors as plain data. */
function outcome(bytes: Uint8Array, offset = 0): unknown {
  const strict = tryDecode(bytes, offset);
  return {
    strict: strict.ok
      ? strict.header
      : {
          code: strict.error.code,
          offset: strict.error.offset,
          needed: strict.error.needed,
          available: strict.error.available,
          optionKind: strict.error.optionKind,
          optionLength: strict.error.optionLength,
          message: strict.error.message,
        },
    lenient: decodeLenient(bytes, offset),
  };
}

describe('law 1: encode(decode(b)) is b’s header bytes', () => {
  test.prop([fc.oneof(tcpHeaderBytes(fc), decodableRandomBytes)], params)(
    'for every b that decode accepts',
    (b) => {
      const header = decode(b);
      expect(encode(header)).toEqual(b.subarray(0, header.dataOffset * 4));
    },
  );
});

describe('law 2: decode(encode(h)) deep-equals h', () => {
  test.prop([tcpHeader(fc)], params)('for every canonical header', (h) => {
    expect(decode(encode(h))).toStrictEqual(h);
  });
});

describe('law 3: a lenient header re-encodes (craft) to the bytes it was read from', () => {
  test.prop([fc.oneof(fc.uint8Array({ minLength: 20, maxLength: 80 }), anyBytes)], params)(
    'for every b of at least 20 bytes',
    (b) => {
      fc.pre(b.length >= 20);
      const { header } = decodeLenient(b);
      expect(header).not.toBeNull();
      const read = Math.max(20, Math.min(b.length, header!.dataOffset * 4));
      expect(encode(header!, { craft: true })).toEqual(b.subarray(0, read));
    },
  );
});

describe('law 4a: every truncation of a valid header is TRUNCATED', () => {
  test.prop([tcpHeaderBytes(fc, { maxPayloadLength: 0 })], params)(
    'each length 0..headerLength-1 fails with offset = available and needed as docs/rules.md D1-D8 says',
    (b) => {
      // One comparison per header (not per length): 200 000 runs of up to 60 lengths stay fast.
      const got: string[] = [];
      const want: string[] = [];
      for (let length = 0; length < b.length; length++) {
        const result = tryDecode(b.subarray(0, length));
        const e = result.ok ? null : result.error;
        got.push(
          e === null ? `${length}: accepted` : `${length}: ${e.code} ${e.offset} ${e.available} ${e.needed}`,
        );
        // Step 1 needs the 20 fixed bytes, step 3 the whole header; offset = available = length.
        want.push(`${length}: TRUNCATED ${length} ${length} ${length < 20 ? 20 : b.length}`);
      }
      expect(got.join('\n')).toBe(want.join('\n'));
    },
  );
});

describe('law 4b: decoders throw only TcpDecodeError (tryDecode and decodeLenient never throw)', () => {
  test.prop([anyBytes], params)('random, valid and malformed bytes', (b) => {
    let thrown: unknown = null;
    try {
      decode(b);
    } catch (error) {
      thrown = error;
    }
    if (thrown !== null) {
      expect(thrown).toBeInstanceOf(TcpDecodeError);
      expect(isTcpDecodeError(thrown)).toBe(true);
    }
    const tried = tryDecode(b);
    expect(tried.ok).toBe(thrown === null);
    if (!tried.ok) expect(tried.error).toStrictEqual(thrown);
    expect(() => decodeLenient(b)).not.toThrow();
  });

  test.prop([malformedTcpBytes(fc)], params)('malformed bytes always throw a TcpDecodeError', (b) => {
    expect(() => decode(b)).toThrow(TcpDecodeError);
    expect(tryDecode(b).ok).toBe(false);
    expect(() => decodeLenient(b)).not.toThrow();
  });
});

describe('decodeLenient is total', () => {
  test.prop([anyBytes], params)('a header for 20 bytes or more, null below, never a throw', (b) => {
    const { header, problems } = decodeLenient(b);
    expect(header === null).toBe(b.length < 20);
    const strict = tryDecode(b);
    // Problems of severity error are exactly the strict decoder's failure (docs/rules.md D1-D8).
    const errors = problems.filter((p) => p.severity === 'error');
    if (strict.ok) {
      expect(errors).toEqual([]);
      expect(header).toStrictEqual(strict.header);
    } else {
      expect(errors[0]).toMatchObject({ code: strict.error.code, offset: strict.error.offset });
    }
  });
});

describe('decoders read only their view', () => {
  const surrounded = fc.record({
    b: anyBytes,
    before: fc.uint8Array({ minLength: 1, maxLength: 32 }),
    after: fc.uint8Array({ maxLength: 32 }),
    noise: fc.uint8Array({ minLength: 64, maxLength: 64 }),
  });

  test.prop([surrounded], params)(
    'decode(big, offset) and decode(big.subarray(...)) equal decoding a copy, whatever surrounds them',
    ({ b, before, after, noise }) => {
      const big = concat(before, b, after);
      const off = before.length;
      const expectedView = outcome(b.slice());
      const expectedTail = outcome(big.slice(off));
      expect(outcome(big.subarray(off, off + b.length))).toStrictEqual(expectedView);
      expect(outcome(big, off)).toStrictEqual(expectedTail);
      // New bytes around the view change nothing; new bytes before the offset change nothing.
      big.set(noise.subarray(0, off), 0);
      big.set(noise.subarray(0, after.length), off + b.length);
      expect(outcome(big.subarray(off, off + b.length))).toStrictEqual(expectedView);
      big.set(noise.subarray(32, 32 + after.length), off + b.length);
      expect(outcome(big, off)).toStrictEqual(outcome(big.slice(off)));
    },
  );

  test.prop([surrounded], params)(
    'a slice of a pooled Node Buffer decodes as a copy does, into plain Uint8Arrays it does not share',
    ({ b, before, after, noise }) => {
      const pooled = Buffer.from(concat(before, b, after)); // small Buffers come from the shared pool
      const view = pooled.subarray(before.length, before.length + b.length);
      const expected = outcome(b.slice());
      const got = outcome(view);
      expect(got).toStrictEqual(expected);
      // Byte fields are copies: overwriting the whole Buffer afterwards changes nothing decoded.
      pooled.fill(noise[0]! ^ 0xff);
      expect(got).toStrictEqual(expected);
    },
  );
});

describe('encodeInto writes exactly encodedLength bytes and nothing else', () => {
  // Canonical headers, and lenient ones (raw options, lying data offsets) written with craft.
  const headerAndMode = fc.oneof(
    tcpHeader(fc).map((h) => ({ header: h, craft: false })),
    fc
      .uint8Array({ minLength: 20, maxLength: 80 })
      .map((b) => ({ header: decodeLenient(b).header as TcpHeader, craft: true })),
  );

  test.prop([headerAndMode, fc.nat(64), fc.nat(64)], params)(
    'into a buffer prefilled with 0xa5, at any offset',
    ({ header, craft }, offset, slack) => {
      const length = encodedLength(header, { craft });
      const target = new Uint8Array(offset + length + slack).fill(0xa5);
      expect(encodeInto(header, target, offset, { craft })).toBe(length);
      expect(target.subarray(offset, offset + length)).toEqual(encode(header, { craft }));
      expect(target.subarray(0, offset).every((byte) => byte === 0xa5)).toBe(true);
      expect(target.subarray(offset + length).every((byte) => byte === 0xa5)).toBe(true);
    },
  );
});
