// Tests of the package entry tcp-header/arbitraries as a whole: every factory gives the same values
// for the same seed, a failure replays from its path, and no file of it loads fast-check itself.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { malformedTcpBytes, tcpHeader, tcpHeaderBytes, tcpOption } from '../../src/arbitraries/index.ts';

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

describe('the module', () => {
  it('imports fast-check for its types only, so the caller’s fc is the only one loaded', () => {
    const folder = new URL('../../src/arbitraries/', import.meta.url);
    const source = readdirSync(folder)
      .map((file) => readFileSync(new URL(file, folder), 'utf8'))
      .join('\n');
    const imports = source.match(/^import[^;]*from '[^']+';/gms) ?? [];
    const fromFastCheck = imports.filter((line) => line.includes("'fast-check'"));
    expect(fromFastCheck.length).toBeGreaterThan(0);
    for (const line of fromFastCheck) expect(line).toMatch(/^import type /);
    expect(source).not.toMatch(/require\(|import\(/);
  });
});
