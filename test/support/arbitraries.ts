// What the arbitraries' tests judge values by, written by hand from the option table of docs/rules.md O1-O5
// (independently of src/options.ts and src/arbitraries/): wire lengths, the fixed-size kinds, and
// whether an option is the canonical form decode gives. Shared by the files of test/arbitraries/.
import { encode } from '../../src/header.ts';
import type { TcpOption } from '../../src/options.ts';

export const RUNS = 300;
export const SAMPLE = { seed: 20260601, numRuns: 3000 };

/** Bytes an option takes on the wire: kind 0 and 1 one byte, others kind + length + data. */
export function wireLength(option: TcpOption): number {
  // A crafted header keeps the data offset we give, so nothing is added after the option.
  return encode({ srcPort: 0, dstPort: 0, dataOffset: 5, options: [option] }, { craft: true }).length - 20;
}

/** Kinds that must have exactly these lengths, else decode fails (docs/rules.md O1, D4). */
export const FIXED: Record<number, number[]> = {
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
 * Whether `option` is what decode gives for its bytes, by docs/rules.md O1-O5 (written independently of
 * src/options.ts): the reason string when it is not.
 */
export function nonCanonical(option: TcpOption): string | null {
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
