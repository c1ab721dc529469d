import { describe, expect, test } from 'vitest';
import { pseudoHeaderSum, rewriteAddress, tcpChecksum } from '../../src/checksum.ts';

describe('pseudo-header', () => {
  test('a pseudo-header sum of zero mod 0xFFFF is written 0xFFFF', () => {
    // 255.255.255.249 -> 0.0.0.0, protocol 6, length 0: 0xffff + 0xfff9 + 0x0006 = 0x1fffe, folded 0xffff
    expect(pseudoHeaderSum({ src: '255.255.255.249', dst: '0.0.0.0' }, 0)).toBe(0xffff);
    // the same with the length in the pseudo-header
    expect(pseudoHeaderSum({ src: '255.255.255.249', dst: '0.0.0.0', length: 0 })).toBe(0xffff);
    // 10.0.0.1 -> 10.0.0.2, length 20: 0x0a00 + 0x0001 + 0x0a00 + 0x0002 + 0x0006 + 0x0014 = 0x141d
    expect(pseudoHeaderSum({ src: '10.0.0.1', dst: '10.0.0.2' }, 20)).toBe(0x141d);
  });

  test('a pseudo-header that is not an object is a TypeError', () => {
    const segment = new Uint8Array(20);
    expect(() => tcpChecksum(segment, null as never)).toThrow(
      new TypeError('pseudo must be an object { src, dst, length? }, got null'),
    );
    expect(() => pseudoHeaderSum(7 as never, 20)).toThrow(TypeError);
  });

  test('a segment that is neither bytes nor a list of them names what it got', () => {
    expect(() => tcpChecksum('abc' as never, { src: '10.0.0.1', dst: '10.0.0.2' })).toThrow(
      new TypeError('segment must be a Uint8Array or an array of Uint8Array chunks, got "abc"'),
    );
  });

  test('rewriting an address across IP versions is refused', () => {
    const segment = new Uint8Array(20);
    segment[12] = 0x50;
    expect(() => rewriteAddress(segment, '10.0.0.1', '2001:db8::1')).toThrow(
      /^oldAddress and newAddress must be of the same IP version, got /,
    );
  });
});

// A wrong argument is refused with the error type and message the contract promises.
describe('addresses that are neither text nor bytes', () => {
  test('a pseudo-header address', () => {
    const bytes = new Uint8Array(20);
    bytes[12] = 0x50;
    expect(() => tcpChecksum(bytes, { src: 42 as unknown as string, dst: '198.51.100.7' })).toThrow(
      new TypeError('pseudo.src must be a string or a Uint8Array of 4 or 16 bytes, got 42'),
    );
  });
});
