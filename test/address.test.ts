/**
 * IPv4 / IPv6 text <-> bytes. Expected values: the examples of RFC 4291 §2.2 and RFC 5952 §2 and §4,
 * the addresses tshark printed into the corpus vectors, and bytes written out by hand.
 */
import { describe, expect, test } from 'vitest';
import { formatAddress, parseAddress, parseIPv4, parseIPv6 } from '../src/address.ts';
import { hexToBytes, loadVectors, vectorFiles } from './support/vectors.ts';

const v6 = (hex: string): Uint8Array => hexToBytes(hex.replaceAll(' ', ''));

describe('parse: RFC 4291 §2.2 text forms', () => {
  // Each row: the RFC's text, and its 16 bytes written out by hand.
  const rows: [string, string][] = [
    ['ABCD:EF01:2345:6789:ABCD:EF01:2345:6789', 'abcd ef01 2345 6789 abcd ef01 2345 6789'],
    ['2001:DB8:0:0:8:800:200C:417A', '2001 0db8 0000 0000 0008 0800 200c 417a'],
    ['2001:DB8::8:800:200C:417A', '2001 0db8 0000 0000 0008 0800 200c 417a'],
    ['FF01:0:0:0:0:0:0:101', 'ff01 0000 0000 0000 0000 0000 0000 0101'],
    ['FF01::101', 'ff01 0000 0000 0000 0000 0000 0000 0101'],
    ['0:0:0:0:0:0:0:1', '0000 0000 0000 0000 0000 0000 0000 0001'],
    ['::1', '0000 0000 0000 0000 0000 0000 0000 0001'],
    ['0:0:0:0:0:0:0:0', '0000 0000 0000 0000 0000 0000 0000 0000'],
    ['::', '0000 0000 0000 0000 0000 0000 0000 0000'],
    ['0:0:0:0:0:0:13.1.68.3', '0000 0000 0000 0000 0000 0000 0d01 4403'],
    ['0:0:0:0:0:FFFF:129.144.52.38', '0000 0000 0000 0000 0000 ffff 8190 3426'],
    ['::13.1.68.3', '0000 0000 0000 0000 0000 0000 0d01 4403'],
    ['::FFFF:129.144.52.38', '0000 0000 0000 0000 0000 ffff 8190 3426'],
    // Leading zeros are optional (§2.2 form 1); "::" may stand for a single group (§2.2 form 2).
    ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001 0db8 0000 0000 0001 0000 0000 0001'],
    ['1:2:3:4:5:6:7::', '0001 0002 0003 0004 0005 0006 0007 0000'],
    ['::2:3:4:5:6:7:8', '0000 0002 0003 0004 0005 0006 0007 0008'],
    ['1:2:3:4:5:6:1.2.3.4', '0001 0002 0003 0004 0005 0006 0102 0304'],
    ['64:ff9b::192.0.2.33', '0064 ff9b 0000 0000 0000 0000 c000 0221'],
  ];
  test.each(rows)('%s', (text, hex) => {
    expect(parseIPv6(text)).toEqual(v6(hex));
    expect(parseAddress(text)).toEqual(v6(hex));
  });

  test('RFC 5952 §2: every spelling of 2001:db8:0:0:1:0:0:1 gives the same bytes', () => {
    const spellings = [
      '2001:db8:0:0:1:0:0:1',
      '2001:0db8:0:0:1:0:0:1',
      '2001:db8::1:0:0:1',
      '2001:db8::0:1:0:0:1',
      '2001:0db8::1:0:0:1',
      '2001:db8:0:0:1::1',
      '2001:db8:0000:0:1::1',
      '2001:DB8:0:0:1::1',
    ];
    for (const text of spellings)
      expect(parseAddress(text)).toEqual(v6('2001 0db8 0000 0000 0001 0000 0000 0001'));
  });

  test('IPv4 dotted decimal', () => {
    expect(parseIPv4('192.0.2.1')).toEqual(Uint8Array.of(192, 0, 2, 1));
    expect(parseAddress('255.255.255.255')).toEqual(Uint8Array.of(255, 255, 255, 255));
    expect(parseAddress('0.0.0.0')).toEqual(Uint8Array.of(0, 0, 0, 0));
  });
});

describe('parse: anything else is a TypeError quoting the input', () => {
  const bad = [
    '',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1::2::3',
    ':::',
    '1:::2',
    ':1::',
    '::1:',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6::7:8',
    '12345::',
    'g::',
    '::ffff:256.0.0.1',
    '::ffff:1.2.3',
    '::ffff:01.2.3.4',
    '1.2.3.4::',
    '::1.2.3.4:5',
    '1:2:3:4:5:6:7:1.2.3.4',
    'fe80::1%eth0',
    '[::1]',
    ' ::1',
    '::1 ',
    '2001:db8::/32',
    '01.2.3.4',
    '1.2.3.04',
    '1.2.3.4.5',
    '1.2.3',
    '256.1.1.1',
    '0x1.2.3.4',
    '1.2.3.-1',
    '١.٢.٣.٤',
  ];
  test.each(bad)('%j', (text) => {
    expect(() => parseAddress(text)).toThrow(TypeError);
    expect(() => parseAddress(text)).toThrow(JSON.stringify(text));
  });

  test('parseIPv4 and parseIPv6 accept only their own family', () => {
    expect(() => parseIPv4('::1')).toThrow(TypeError);
    expect(() => parseIPv6('192.0.2.1')).toThrow(TypeError);
    expect(() => parseIPv6('192.0.2.1')).toThrow('"192.0.2.1"');
  });

  test('a value that is not text is a TypeError naming its type', () => {
    expect(() => parseAddress(42 as unknown as string)).toThrow(TypeError);
    expect(() => parseAddress(Uint8Array.of(1, 2, 3, 4) as unknown as string)).toThrow(TypeError);
    expect(() => parseIPv4(null as unknown as string)).toThrow('got null');
  });
});

describe('format: RFC 5952', () => {
  const rows: [string, string][] = [
    // §4.1: no leading zeros.
    ['2001:0db8::0001', '2001:db8::1'],
    ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'],
    ['2001:db8:aaaa:bbbb:cccc:dddd:eeee:001', '2001:db8:aaaa:bbbb:cccc:dddd:eeee:1'],
    // §4.2.1: shorten as much as possible.
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8::0:1', '2001:db8::1'],
    // §4.2.2: not for a single zero group.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8::1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // §4.2.3: the longest run; the first of equal runs.
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // §4.3: lower case.
    ['2001:DB8::AB:CD', '2001:db8::ab:cd'],
    // §5: IPv4-mapped in mixed notation.
    ['::FFFF:129.144.52.38', '::ffff:129.144.52.38'],
    ['0:0:0:0:0:ffff:c000:0201', '::ffff:192.0.2.1'],
    // Ends and edges.
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['1:2:3:4:5:6:7:0', '1:2:3:4:5:6:7:0'],
    ['::13.1.68.3', '::d01:4403'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
  ];
  test.each(rows)('%s -> %s', (text, expected) => {
    expect(formatAddress(text)).toBe(expected);
    expect(formatAddress(parseAddress(text))).toBe(expected);
  });

  test('IPv4 bytes print as dotted decimal', () => {
    expect(formatAddress(Uint8Array.of(192, 0, 2, 1))).toBe('192.0.2.1');
    expect(formatAddress(Uint8Array.of(0, 0, 0, 0))).toBe('0.0.0.0');
  });

  test('bytes that are not 4 or 16 long are a RangeError', () => {
    expect(() => formatAddress(new Uint8Array(5))).toThrow(RangeError);
    expect(() => formatAddress(new Uint8Array(5))).toThrow('4 (IPv4) or 16 (IPv6) bytes, got 5');
  });

  test('every address tshark printed in the corpus reads and prints back the same', () => {
    let count = 0;
    for (const file of vectorFiles()) {
      for (const v of loadVectors(file)) {
        for (const text of [v.src, v.dst]) {
          const bytes = parseAddress(text);
          expect(bytes.length, text).toBe(v.ipVersion === 4 ? 4 : 16);
          expect(formatAddress(bytes), text).toBe(text);
          count++;
        }
      }
    }
    expect(count).toBe(2 * (1696 + 500));
  });
});

describe('addresses that are neither text nor bytes', () => {
  test('an address to print', () => {
    expect(() => formatAddress(null as unknown as string)).toThrow(
      new TypeError('address must be a string or a Uint8Array of 4 or 16 bytes, got null'),
    );
  });
});
