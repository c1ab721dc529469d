// encodeInto, encode and encodedLength share one pass (encodeHeader in src/header/encode.ts) that
// ends in three ways: into the caller's buffer, into new bytes, or nowhere. One law: on any input,
// valid or not, encodeInto and encode agree: the same bytes, or the same error, and on an error
// encodeInto writes nothing.
// Runs: FUZZ_RUNS (default 2000: a run is cheap and the changes are many) per property;
// `npm run test:fuzz` runs 200 000.
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { tcpHeader } from '../src/arbitraries/index.ts';
import { encode, encodeInto, type TcpHeader } from '../src/header.ts';
import { outcome } from './support/vectors.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 2000);
const params = { numRuns };

/** Values a wrong caller passes to any field: not numbers, not integers, or absent. */
const anyOdd = fc.constantFrom<unknown>(undefined, null, -1, -0, 1.5, Number.NaN, '1', true, {}, []);

/** Each numeric field's largest value: the values around it are the ones a range check can miss. */
const NUMBER_FIELDS = {
  srcPort: 0xffff,
  dstPort: 0xffff,
  seq: 2 ** 32 - 1,
  ack: 2 ** 32 - 1,
  reserved: 7,
  window: 0xffff,
  checksum: 0xffff,
  urgentPointer: 0xffff,
  dataOffset: 15,
} as const;
const FLAGS = ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'] as const;

/** One change that may make a valid header wrong, or keep it valid in another form. */
type Change =
  | { at: 'field'; name: string; value: unknown }
  | { at: 'flag'; name: (typeof FLAGS)[number]; value: unknown }
  | { at: 'option'; index: number; value: unknown }
  | { at: 'append'; value: unknown }
  | { at: 'eolFirst' };

const numberChange = fc.constantFrom(...Object.entries(NUMBER_FIELDS)).chain(([name, max]) =>
  fc.record({
    at: fc.constant('field' as const),
    name: fc.constant(name),
    value: fc.oneof(
      { arbitrary: fc.constantFrom<unknown>(max, max + 1, 0, 4, 5, 6, 2 ** 31), weight: 3 },
      anyOdd,
    ),
  }),
);

const change: fc.Arbitrary<Change> = fc.oneof(
  { arbitrary: numberChange, weight: 4 },
  fc.record({
    at: fc.constant('field' as const),
    name: fc.constantFrom('flags', 'options', 'padding'),
    value: fc.oneof(anyOdd, fc.constantFrom<unknown>(new Uint8Array(0), new Uint8Array([0, 1]), [[]])),
  }),
  fc.record({
    at: fc.constant('flag' as const),
    name: fc.constantFrom(...FLAGS),
    value: fc.constantFrom<unknown>(undefined, null, 0, 1, 'true', {}),
  }),
  fc.record({
    at: fc.constant('option' as const),
    index: fc.nat(12),
    value: fc.oneof(
      anyOdd,
      fc.constantFrom<unknown>(
        { kind: 'eol' },
        { kind: 'nop' },
        { kind: 'mss', mss: 65536 },
        { kind: 'mss', mss: '1460' },
        { kind: 'windowScale', shift: 256 },
        { kind: 'sack', blocks: [] },
        { kind: 'sack', blocks: [{ left: 1, right: 2 ** 32 }] },
        { kind: 'timestamps', tsVal: 1, tsEcr: -1 },
        { kind: 'userTimeout', minutes: false, timeout: 5 },
        { kind: 'unknown', code: 99, data: new Uint8Array(2) },
        { kind: 'nothing' },
      ),
    ),
  }),
  fc.record({
    at: fc.constant('append' as const),
    // Valid, and long enough to take a list past 40 bytes.
    value: fc.constantFrom<unknown>(
      { kind: 'timestamps', tsVal: 1, tsEcr: 2 ** 32 - 1 },
      { kind: 'sack', blocks: [1, 2, 3].map((k) => ({ left: k, right: k + 1 })) },
    ),
  }),
  fc.constant({ at: 'eolFirst' as const }),
);

/** Headers of every kind, and of the kinds the one-pass path writes (the others go the full path). */
const header = fc.oneof(
  tcpHeader(fc),
  tcpHeader(fc, { kinds: ['eol', 'nop', 'mss', 'windowScale', 'sackPermitted', 'sack', 'timestamps'] }),
);

/** `header` as a loose record with `changes` applied (the header itself is not modified). */
function applied(header: TcpHeader, changes: readonly Change[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...header };
  const flags: Record<string, unknown> = { ...header.flags };
  const options: unknown[] = [...header.options];
  Object.assign(out, { flags, options });
  for (const c of changes) {
    if (c.at === 'field') out[c.name] = c.value;
    else if (c.at === 'flag') flags[c.name] = c.value;
    else if (c.at === 'eolFirst') options.unshift({ kind: 'eol' });
    else if (c.at === 'append') options.push(c.value);
    else options[Math.min(c.index, options.length)] = c.value;
  }
  return out;
}

describe('encodeInto and encode agree on every input', () => {
  test.prop([header, fc.array(change, { minLength: 1, maxLength: 2 }), fc.boolean(), fc.nat(8)], params)(
    'the same bytes or the same error; nothing written on an error',
    (header, changes, deriveDataOffset, offset) => {
      const input = applied(header, changes) as unknown as TcpHeader;
      // Left out, the data offset follows the options: a change to them then need not be an error.
      if (deriveDataOffset) delete (input as Partial<TcpHeader>).dataOffset;
      const viaEncode = outcome(() => encode(input));
      // Room for more than the largest header, so that only the header's own checks can stop a write.
      const target = new Uint8Array(offset + 80).fill(0xa5);
      let written = 0;
      const viaInto = outcome(() => {
        written = encodeInto(input, target, offset);
        return target.slice(offset, offset + written);
      });
      expect(viaInto).toEqual(viaEncode);
      if ('error' in viaInto) expect(target.every((b) => b === 0xa5)).toBe(true);
    },
  );

  test.prop([header, fc.nat(60)], params)(
    'a target too short for the header: the same error as the full path gives, nothing written',
    (header, room) => {
      const length = encode(header).length;
      fc.pre(room < length);
      const target = new Uint8Array(room).fill(0xa5);
      expect(() => encodeInto(header, target, 0)).toThrow(
        new RangeError(`target must have ${length} bytes from offset 0, got ${room}`),
      );
      expect(target.every((b) => b === 0xa5)).toBe(true);
    },
  );
});
