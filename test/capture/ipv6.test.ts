// The IPv6 walk (src/capture/ipv6.ts, ipv6-routing.ts): the extension headers and Hop-by-Hop
// options tcpdump 4.99.3 walks, and a jumbogram cut short, each line checked against tcpdump's own
// for the same bytes.
import { describe, expect, test } from 'vitest';
import { dissectFrame, readCapture, TcpdumpPrinter } from '../../src/capture/index.ts';
import { hexToBytes } from '../support/vectors.ts';
import { concat, pcapHeader, pcapRecord } from './build.ts';

describe('an IPv6 jumbogram (RFC 2675) whose packet is shorter than its Jumbo Payload length', () => {
  // IPv6 2001:db8::1 > 2001:db8::2, payload length 0, Hop-by-Hop header with a Jumbo Payload option
  // of 70000 (c2 04 00 01 11 70), then a TCP SYN 40000 > 5000, seq 7: 68 bytes in all.
  const frame = hexToBytes(
    '600000000000004020010db800000000000000000000000120010db8000000000000000000000002' +
      '0600c20400011170' +
      '9c40138800000007000000005002ffff00000000',
  );
  const lines = (original: number) => {
    const file = concat(pcapHeader(101, { snap: 262144 }), pcapRecord(frame, { original }));
    const printer = new TcpdumpPrinter();
    return [...readCapture(file)].map((f) => {
      const tcp = dissectFrame(f, { libpcapSnapLength: true });
      return tcp === null ? null : printer.line(tcp);
    });
  };

  test('the packet as long as the frame: tcpdump says how many bytes are missing', () => {
    // tcpdump -nn -S -t on a raw-IP pcap of this record (caplen 68, len 68).
    expect(lines(68)).toEqual([
      'IP6 2001:db8::1 > 2001:db8::2: HBH truncated-ip6 - 69972 bytes missing!40000 > 5000: Flags [S], seq 7:69979, win 65535, length 69972',
    ]);
  });

  test('the original length covering the jumbogram: nothing missing', () => {
    // The same record with len 70040 (the capture kept 68 bytes of it).
    expect(lines(70040)).toEqual([
      'IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 5000: Flags [S], seq 7:69979, win 65535, length 69972',
    ]);
  });
});

describe('IPv6 extension headers and Hop-by-Hop options (RFC 8200 §4, RFC 2675)', () => {
  // IPv6 2001:db8::1 > 2001:db8::2 with the headers named, each frame in a raw-IP pcap; the text is
  // what tcpdump -nn -S -t printed. Where tcpdump printed no TCP (a header or option it refused, a
  // cut header, a fragment), the frame has no segment.
  const line = (hex: string, original: number | null) => {
    const bytes = hexToBytes(hex);
    const file = concat(
      pcapHeader(101, { snap: 262144 }),
      pcapRecord(bytes, { original: original ?? bytes.length }),
    );
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!, { libpcapSnapLength: true });
    return tcp === null ? null : new TcpdumpPrinter().line(tcp);
  };
  test.each<[string, string, number | null, string | null]>([
    [
      'HBH with a Home Address option of 18 bytes',
      '60000000002c004020010db800000000000000000000000120010db80000000000000000000000020602c91000000000000000000000000000000000010200009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Destination Options with a Router Alert of length 1',
      '60000000001c3c4020010db800000000000000000000000120010db800000000000000000000000206000501000100009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: DSTOPT 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'IPv6 header alone, next header TCP, payload length 0',
      '600000000000064020010db800000000000000000000000120010db8000000000000000000000002',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: [|tcp]',
    ],
    [
      'IPv6 header alone, payload length 20, cut by the capture',
      '600000000014064020010db800000000000000000000000120010db8000000000000000000000002',
      60,
      'IP6 2001:db8::1 > 2001:db8::2: [|tcp]',
    ],
    [
      'HBH with a Router Alert of length 1',
      '60000000001c004020010db800000000000000000000000120010db800000000000000000000000206000501000100009c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'HBH with a Router Alert of length 2',
      '60000000001c004020010db800000000000000000000000120010db800000000000000000000000206000502000001009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'HBH with a Home Address option of 16 bytes',
      '60000000002c004020010db800000000000000000000000120010db80000000000000000000000020602c90e00000000000000000000000000000104000000009c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'HBH whose last option byte is a type without its length',
      '60000000001c004020010db800000000000000000000000120010db800000000000000000000000206000103000000449c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'HBH with a Jumbo Payload of 65536, payload length 0',
      '600000000000004020010db800000000000000000000000120010db80000000000000000000000020600c204000100009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: HBH truncated-ip6 - 65508 bytes missing!40000 > 5000: Flags [S], seq 7:65515, win 65535, length 65508',
    ],
    [
      'HBH with a Jumbo Payload of 65535',
      '600000000000004020010db800000000000000000000000120010db80000000000000000000000020600c2040000ffff9c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'HBH with a Jumbo Payload of 70000 but a nonzero payload length',
      '60000000001c004020010db800000000000000000000000120010db80000000000000000000000020600c204000111709c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'HBH with two Jumbo Payload options, 70000 then 80000',
      '600000000000004020010db800000000000000000000000120010db80000000000000000000000020601c20400011170c2040001388001009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: HBH truncated-ip6 - 69964 bytes missing!40000 > 5000: Flags [S], seq 7:69971, win 65535, length 69964',
    ],
    [
      'HBH cut after its first byte',
      '600000000001004020010db800000000000000000000000120010db800000000000000000000000206',
      null,
      null,
    ],
    [
      'HBH whose length runs past the packet',
      '600000000008004020010db800000000000000000000000120010db80000000000000000000000020603010400000000',
      null,
      null,
    ],
    [
      'Destination Options, then the SYN',
      '60000000001c3c4020010db800000000000000000000000120010db800000000000000000000000206000104000000009c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: DSTOPT 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Fragment header cut at 7 bytes',
      '6000000000072c4020010db800000000000000000000000120010db800000000000000000000000206000000000000',
      null,
      null,
    ],
    [
      'Fragment header of 8 bytes and nothing after it',
      '6000000000082c4020010db800000000000000000000000120010db80000000000000000000000020600000000000001',
      null,
      null,
    ],
    [
      'First fragment (offset 0, M set), then the SYN',
      '60000000001c2c4020010db800000000000000000000000120010db800000000000000000000000206000001000000019c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1 > 2001:db8::2: frag (0|20) 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
  ])('%s', (_, hex, original, tcpdump) => {
    expect(line(hex, original)).toBe(tcpdump);
  });
});
