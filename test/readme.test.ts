// The README's examples, checked: what a newcomer copies must do what the README says.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decode, encode, findOption } from '../src/index.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  test('the SYN in the decode example decodes as the comments say and re-encodes byte-exact', () => {
    const hex = /'([0-9a-f]{80})'/.exec(readme)?.[1];
    expect(hex).toBeDefined();
    const bytes = Uint8Array.from(hex!.match(/../g)!.map((h) => Number.parseInt(h, 16)));
    const header = decode(bytes);
    expect(header.srcPort).toBe(50000);
    expect(header.dstPort).toBe(443);
    expect(header.flags.syn).toBe(true);
    expect(header.options.map((o) => o.kind)).toEqual([
      'mss',
      'sackPermitted',
      'timestamps',
      'nop',
      'windowScale',
    ]);
    expect(findOption(header, 'mss')?.mss).toBe(1460);
    expect(findOption(header, 'windowScale')?.shift).toBe(7);
    expect(encode(header)).toEqual(bytes);
  });

  test('the SYN-ACK built from scratch is 28 bytes with data offset 7', () => {
    const bytes = encode({
      srcPort: 443,
      dstPort: 50000,
      seq: 0x12345678,
      ack: 0x2a4f0c8a,
      flags: { syn: true, ack: true },
      window: 65160,
      options: [{ kind: 'mss', mss: 1460 }, { kind: 'sackPermitted' }],
    });
    expect(bytes.length).toBe(28);
    expect(bytes[12]! >> 4).toBe(7);
    // MSS (02 04 05 b4), SACK-permitted (04 02), then two zero bytes of fill.
    expect(Array.from(bytes.subarray(20))).toEqual([0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x00, 0x00]);
  });
});
