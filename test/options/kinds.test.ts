import { describe, expect, it } from 'vitest';
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
