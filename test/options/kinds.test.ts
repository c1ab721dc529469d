// The option kinds table (src/options/kinds.ts): which bodies each variable-length kind allows, and
// which lengths each fixed-size kind allows, seen through decode, decodeLenient and the view's walk.
import { describe, expect, it, test } from 'vitest';
import { decode, decodeLenient, TcpDecodeError, TcpView } from '../../src/index.ts';
import { OPTION_KINDS } from '../../src/options/kinds.ts';

// Expected values from the RFCs each row cites, not from the table itself.
describe('the option kinds table: which bodies each variable-length kind allows', () => {
  it('EOL and NOP are one byte with no body (RFC 9293 §3.2)', () => {
    for (const kind of ['eol', 'nop'] as const) {
      expect(OPTION_KINDS[kind].headLength).toBe(1);
      expect(OPTION_KINDS[kind].bodyAllowed(0)).toBe(true);
      expect(OPTION_KINDS[kind].bodyAllowed(1)).toBe(false);
    }
  });

  it('MPTCP needs at least the subtype byte (RFC 8684 §3)', () => {
    expect(OPTION_KINDS.multipath.bodyAllowed(0)).toBe(false);
    expect(OPTION_KINDS.multipath.bodyAllowed(1)).toBe(true);
    expect(OPTION_KINDS.multipath.bodyAllowed(38)).toBe(true);
  });

  it('a Fast Open cookie is empty or 4..16 bytes of even length (RFC 7413 §4.1.1)', () => {
    const allowed = [...Array(20).keys()].filter((n) => OPTION_KINDS.fastOpen.bodyAllowed(n));
    expect(allowed).toEqual([0, 4, 6, 8, 10, 12, 14, 16]);
  });

  it('AccECN holds zero to three 24-bit counters (RFC 9768 §3.2.3)', () => {
    const allowed = [...Array(12).keys()].filter((n) => OPTION_KINDS.accEcn.bodyAllowed(n));
    expect(allowed).toEqual([0, 3, 6, 9]);
  });

  it('TCP-AO and the experimental kinds take any body after their 4-byte head (RFC 5925 §2.2, RFC 6994 §3)', () => {
    for (const kind of ['authentication', 'experimental'] as const) {
      expect(OPTION_KINDS[kind].headLength).toBe(4);
      expect(OPTION_KINDS[kind].bodyAllowed(0)).toBe(true);
      expect(OPTION_KINDS[kind].bodyAllowed(33)).toBe(true);
    }
  });
});

// Every length 2..40 of every fixed-size option kind, through decode, decodeLenient and the view's
// option walk: each accepts exactly the lengths the defining RFC gives the kind, and reports any
// other as OPTION_BAD_LENGTH at the kind byte (docs/rules.md D1-D8). The lengths below are copied from the
// RFCs, not from the library's table.
const RFC_LENGTHS: readonly { kind: number; name: string; lengths: readonly number[] }[] = [
  { kind: 2, name: 'MSS (RFC 9293 §3.2)', lengths: [4] },
  { kind: 3, name: 'window scale (RFC 7323 §2.2)', lengths: [3] },
  { kind: 4, name: 'SACK-permitted (RFC 2018 §2)', lengths: [2] },
  { kind: 5, name: 'SACK, one to four blocks (RFC 2018 §3)', lengths: [10, 18, 26, 34] },
  { kind: 8, name: 'timestamps (RFC 7323 §3.2)', lengths: [10] },
  { kind: 19, name: 'MD5 signature (RFC 2385 §3.0)', lengths: [18] },
  { kind: 28, name: 'user timeout (RFC 5482 §3)', lengths: [4] },
];

/** A 60-byte header whose option area is `kind`, `length`, zeros, then NOPs to the end. */
function headerWith(kind: number, length: number): Uint8Array {
  const bytes = new Uint8Array(60);
  bytes[12] = 15 << 4;
  bytes.fill(1, 20);
  bytes[20] = kind;
  bytes[21] = length;
  bytes.fill(0, 22, 20 + length);
  return bytes;
}

describe.each(RFC_LENGTHS)('$name', ({ kind, lengths }) => {
  const all = Array.from({ length: 39 }, (_, k) => k + 2);

  test.each(all)('length %i', (length) => {
    const bytes = headerWith(kind, length);
    const allowed = lengths.includes(length);
    const walk = TcpView.from(bytes).options();
    expect(walk.advance()).toBe(true);
    expect(walk.code).toBe(kind);
    const lenient = decodeLenient(bytes);
    if (allowed) {
      const header = decode(bytes);
      expect(header.options).toHaveLength(1 + (40 - length));
      expect(header.options.slice(1).every((option) => option.kind === 'nop')).toBe(true);
      expect(walk.problem).toBeNull();
      expect(walk.length).toBe(length);
      // Only lint warnings (a run of NOPs, zero fields), no error.
      expect(lenient.problems.filter((p) => p.severity === 'error')).toEqual([]);
    } else {
      let error: unknown;
      try {
        decode(bytes);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TcpDecodeError);
      expect((error as TcpDecodeError).code).toBe('OPTION_BAD_LENGTH');
      expect((error as TcpDecodeError).offset).toBe(20);
      expect(walk.problem).toBe('OPTION_BAD_LENGTH');
      expect(walk.length).toBe(40);
      const errors = lenient.problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => [p.code, p.offset])).toEqual([['OPTION_BAD_LENGTH', 20]]);
      expect(lenient.header?.options).toEqual([{ kind: 'raw', bytes: bytes.slice(20) }]);
    }
  });
});
