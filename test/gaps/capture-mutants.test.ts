// Capture reading the mutation run found unpinned: an IPv6 jumbogram cut short (the line checked
// against tcpdump 4.99.3's own for the same bytes), and how a capture error is recognised when it
// does not come from this copy of the library.
import { describe, expect, test } from 'vitest';
import {
  CaptureError,
  dissectFrame,
  isCaptureError,
  readCapture,
  readCaptureStream,
  TcpdumpPrinter,
} from '../../src/capture/index.ts';
import {
  concat,
  enhancedPacket,
  interfaceDescription,
  pcapHeader,
  pcapngBlock,
  pcapRecord,
  RAW_SYN,
  sectionHeader,
  u16,
  u32,
} from '../capture/build.ts';
import { hexToBytes } from '../support/vectors.ts';

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

describe('isCaptureError', () => {
  test('a CaptureError the reader throws is one, by class and by name', () => {
    let caught: unknown;
    try {
      [...readCapture(new Uint8Array(24))];
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CaptureError);
    expect((caught as Error).name).toBe('CaptureError');
    expect(isCaptureError(caught)).toBe(true);
  });

  test('another copy is told by name, string code and numeric offset, all three', () => {
    const foreign = (fields: { name?: string; code?: unknown; offset?: unknown }) =>
      Object.assign(new Error('x'), { name: 'CaptureError', code: 'TRUNCATED', offset: 24, ...fields });
    expect(isCaptureError(foreign({}))).toBe(true);
    expect(isCaptureError(foreign({ name: 'RangeError' }))).toBe(false);
    expect(isCaptureError(foreign({ code: 7 }))).toBe(false);
    expect(isCaptureError(foreign({ offset: '24' }))).toBe(false);
    expect(isCaptureError({ name: 'CaptureError', code: 'TRUNCATED', offset: 24, message: 'x' })).toBe(false);
  });
});

test('readCaptureStream reads a file given in chunks that split its headers', async () => {
  // Two records of the 40-byte SYN; chunks of 7 bytes cut through the file and record headers.
  const file = concat(pcapHeader(101), pcapRecord(RAW_SYN), pcapRecord(RAW_SYN, { seconds: 1 }));
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < file.length; at += 7) chunks.push(file.slice(at, at + 7));
  const seen: [number, number, number][] = [];
  for await (const frame of readCaptureStream(chunks))
    seen.push([frame.number, frame.seconds, frame.data.length]);
  expect(seen).toEqual([
    [1, 0, 40],
    [2, 1, 40],
  ]);
});

describe("the -v checksum's pseudo-header destination with IPv4 options (RFC 791 §3.1)", () => {
  // IPv4 192.0.2.1 > 198.51.100.2 with a Record Route option (07 0b 04, slots 10.0.0.1 and 10.0.0.9,
  // then EOL), then a SYN 40000 > 5000 whose checksum is over the real destination. Only a source
  // route (LSRR, SSRR) moves the destination the checksum uses; tcpdump -v printed for this frame:
  // `192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], cksum 0x13dc (correct), seq 7, win 65535, length 0`.
  const frame = hexToBytes(
    '48000034000100004006766dc0000201c6336402070b040a0000010a00000900' +
      '9c40138800000007000000005002ffff13dc0000',
  );
  test('a Record Route option does not', () => {
    const file = concat(pcapHeader(101, { snap: 262144 }), pcapRecord(frame));
    const printer = new TcpdumpPrinter({ verify: true });
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!, { libpcapSnapLength: true });
    const line = tcp === null ? '' : printer.line(tcp);
    expect(line.slice(line.indexOf('Flags'))).toBe(
      'Flags [S], cksum 0x13dc (correct), seq 7, win 65535, length 0',
    );
  });
});

describe('source routes and the -v checksum (RFC 791 §3.1 LSRR / SSRR; tcpdump ip_finddst)', () => {
  // IPv4 192.0.2.1 > 198.51.100.2 with the options named, then a SYN 40000 > 5000 whose checksum is
  // over the destination named (A = 203.0.113.9). The expected text is what tcpdump -nn -S -t -v
  // printed for each frame.
  const verify = (hex: string) => {
    const file = concat(pcapHeader(101, { snap: 262144 }), pcapRecord(hexToBytes(hex)));
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!, { libpcapSnapLength: true });
    const line = tcp === null ? '' : new TcpdumpPrinter({ verify: true }).line(tcp);
    return line.slice(line.indexOf('Flags'));
  };
  test.each([
    [
      'EOL then (len 2) then LSRR, cksum real dst',
      '48000034000100004006fa46c0000201c63364020002830704cb0071090000009c40138800000007000000005002ffff13dc0000',
      'Flags [S], cksum 0x13dc (correct), seq 7, win 65535, length 0',
    ],
    [
      'short LSRR (len 6) then LSRR A, cksum A',
      '49000038000100004006703ac0000201c6336402830604010203830704cb0071090000009c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (correct), seq 7, win 65535, length 0',
    ],
    [
      'short LSRR (len 6) then LSRR A, cksum dst',
      '49000038000100004006703ac0000201c6336402830604010203830704cb0071090000009c40138800000007000000005002ffff13dc0000',
      'Flags [S], cksum 0x13dc (incorrect -> 0x0208), seq 7, win 65535, length 0',
    ],
    [
      'NOP then LSRR A cksum A',
      '4700003000010000400647ffc0000201c633640201830704cb0071099c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (correct), seq 7, win 65535, length 0',
    ],
    [
      'opt len 1 then LSRR, cksum dst',
      '48000034000100004006b647c0000201c63364024401830704cb0071090000009c40138800000007000000005002ffff13dc0000',
      'Flags [S], cksum 0x13dc (correct), seq 7, win 65535, length 0',
    ],
    [
      'opt len 1 then LSRR, cksum A',
      '48000034000100004006b647c0000201c63364024401830704cb0071090000009c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (incorrect -> 0x13dc), seq 7, win 65535, length 0',
    ],
    [
      'LSRR overrunning area, cksum dst',
      '47000030000100004006fb2bc0000201c6336402832804cb007109009c40138800000007000000005002ffff13dc0000',
      'Flags [S], cksum 0x13dc (correct), seq 7, win 65535, length 0',
    ],
    [
      'RR(len 7) then LSRR A cksum A',
      '490000380001000040063ae6c0000201c63364020707040a000001830704cb00710900009c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (correct), seq 7, win 65535, length 0',
    ],
    [
      'an option of length 2 (kind 0x44) then LSRR A, cksum A',
      '48000034000100004006b646c0000201c63364024402830704cb0071090000009c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (correct), seq 7, win 65535, length 0',
    ],
    [
      // tcpdump's ip_finddst returns at the first source route: B = 203.0.113.77 is not used.
      'LSRR A then LSRR B, cksum A',
      '49000038000100004006b56fc0000201c6336402830704cb007109830704cb00714d00009c40138800000007000000005002ffff02080000',
      'Flags [S], cksum 0x0208 (correct), seq 7, win 65535, length 0',
    ],
    [
      'LSRR len 8 (A then 1 pad byte) cksum last4',
      '47000030000100004006fb46c0000201c6336402830804cb007109059c40138800000007000000005002ffff349c0000',
      'Flags [S], cksum 0x349c (correct), seq 7, win 65535, length 0',
    ],
  ])('%s', (_, hex, tcpdump) => {
    expect(verify(hex)).toBe(tcpdump);
  });
});

describe('IPv4 headers with nothing after them, and AH (RFC 4302) before TCP', () => {
  // IPv4 192.0.2.1 > 198.51.100.2, each frame in a raw-IP pcap (len as given, else the frame's
  // length); the text is what tcpdump -nn -S -t printed. Where tcpdump stopped inside AH (`[|ah]`)
  // it printed no TCP, and the frame has no segment.
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
      'header only, cut by the capture (total 40, caplen 20)',
      '450000280001000040068e98c0000201c6336402',
      40,
      'IP 192.0.2.1 > 198.51.100.2: [|tcp]',
    ],
    [
      'total length 20: a header and nothing after it',
      '450000140001000040068eacc0000201c6336402',
      20,
      'IP 192.0.2.1 > 198.51.100.2: [|tcp]',
    ],
    [
      'AH of 16 bytes, then the SYN',
      '450000380001000040338e5bc0000201c6336402060200000000123400000001aabbccdd9c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1 > 198.51.100.2: AH(spi=0x00001234,seq=0x1,icv=0xaabbccdd): 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'AH of 16 bytes whose length runs past the total length',
      '450000200001000040338e73c0000201c6336402060200000000123400000001aabbccdd9c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'AH cut: 11 bytes of it in the packet',
      '4500001f0001000040338e74c0000201c63364020602000000001234000000',
      null,
      null,
    ],
    [
      'AH of 12 bytes exactly (length byte 1), then the SYN',
      '450000340001000040338e5fc0000201c63364020601000000001234000000019c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1 > 198.51.100.2: AH(spi=0x00001234,seq=0x1,icv=0x): 40000 > 5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'AH of 12 bytes and nothing after it',
      '450000200001000040338e73c0000201c6336402060100000000123400000001',
      null,
      'IP 192.0.2.1 > 198.51.100.2: AH(spi=0x00001234,seq=0x1,icv=0x): 192.0.2.1 > 198.51.100.2: [|tcp]',
    ],
    [
      'AH of 16 bytes and nothing after it',
      '450000240001000040338e6fc0000201c6336402060200000000123400000001aabbccdd',
      null,
      'IP 192.0.2.1 > 198.51.100.2: AH(spi=0x00001234,seq=0x1,icv=0xaabbccdd): 192.0.2.1 > 198.51.100.2: [|tcp]',
    ],
  ])('%s', (_, hex, original, tcpdump) => {
    expect(line(hex, original)).toBe(tcpdump);
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

describe('Ethernet: IEEE 802.3 with 802.2 LLC and SNAP (RFC 948, RFC 1042), VLAN tags', () => {
  // Frames from 02:00:00:00:00:01 to 02:00:00:00:00:02 in an Ethernet pcap, carrying the IPv4 SYN
  // 192.0.2.1.40000 > 198.51.100.2.5000 (or the IPv6 one between 2001:db8::1 and ::2); the text is
  // what tcpdump -nn -S -t printed. Where it printed no IP line, the frame has no segment.
  const line = (hex: string) => {
    const file = concat(pcapHeader(1, { snap: 262144 }), pcapRecord(hexToBytes(hex)));
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!, { libpcapSnapLength: true });
    return tcp === null ? null : new TcpdumpPrinter().line(tcp);
  };
  test.each<[string, string, null, string | null]>([
    [
      '802.3 with LLC SAPs 06/06 (IP), then IPv4',
      '020000000002020000000001002b060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with LLC DSAP 06, SSAP aa: not IP',
      '020000000002020000000001002b06aa03450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with LLC DSAP aa, SSAP 06: not IP',
      '020000000002020000000001002baa0603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP, OUI 00-00-00, EtherType IPv4',
      '0200000000020200000000010030aaaa030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP, OUI 00-00-f8, EtherType IPv4',
      '0200000000020200000000010030aaaa030000f80800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP, OUI 00-00-0c: not IP',
      '0200000000020200000000010030aaaa0300000c0800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP, OUI 00-00-00, EtherType IPv6',
      '0200000000020200000000010044aaaa0300000086dd600000000014064020010db800000000000000000000000120010db80000000000000000000000029c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1.40000 > 2001:db8::2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      '802.3 with SNAP DSAP aa, SSAP 06: not IP',
      '0200000000020200000000010030aa06030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with LLC IP, the length field ending inside TCP',
      '0200000000020200000000010021060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP truncated-ip - 10 bytes missing! 192.0.2.1.40000 > 198.51.100.2.5000:  [|tcp]',
    ],
    [
      '802.3 with a length field of 2: no room for LLC',
      '0200000000020200000000010002060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      '802.3 with SNAP and a length field of 7: no room for SNAP',
      '0200000000020200000000010007aaaa030000000800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
    [
      'Ethernet II with a 0x9200 VLAN tag, then IPv4',
      '020000000002020000000001920000050800450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Ethernet II with a 0x9100 VLAN tag, then IPv6',
      '0200000000020200000000019100000586dd600000000014064020010db800000000000000000000000120010db80000000000000000000000029c40138800000007000000005002ffff00000000',
      null,
      'IP6 2001:db8::1.40000 > 2001:db8::2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'Ethernet II with an 802.1Q tag cut before its EtherType',
      '02000000000202000000000181000005',
      null,
      null,
    ],
    ['Ethernet II of 14 bytes, EtherType IPv4, nothing after it', '0200000000020200000000010800', null, null],
    [
      'an 802.3 length field of 1500 (0x05dc), LLC IP',
      '02000000000202000000000105dc060603450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      'IP 192.0.2.1.40000 > 198.51.100.2.5000: Flags [S], seq 7, win 65535, length 0',
    ],
    [
      'EtherType 0x0600 (past 1500, not a length, not a type tcpdump knows)',
      '0200000000020200000000010600450000280001000040060000c0000201c63364029c40138800000007000000005002ffff00000000',
      null,
      null,
    ],
  ])('%s', (_, hex, _original, tcpdump) => {
    expect(line(hex)).toBe(tcpdump);
  });
});

describe('what a pcap error says (draft-ietf-opsawg-pcap §4, §5)', () => {
  const message = (file: Uint8Array) => {
    try {
      [...readCapture(file)];
    } catch (error) {
      return isCaptureError(error) ? error.message : String(error);
    }
    return null;
  };

  test('a record over 262144 bytes: its number and where it starts', () => {
    // File header 24 bytes, first record 16 + 40: the second record starts at byte 80.
    const file = concat(pcapHeader(101), pcapRecord(RAW_SYN), pcapRecord(new Uint8Array(262145)));
    expect(message(file)).toMatch(/^pcap record 2 at byte 80 /);
  });

  test('a version other than 2.x: the version read', () => {
    expect(message(concat(pcapHeader(101, { major: 3 }), pcapRecord(RAW_SYN)))).toMatch(/version 3\.4 /);
  });
});

test.each([
  ['a Simple Packet Block', 3],
  ['an obsolete Packet Block', 2],
  ['an Enhanced Packet Block', 6],
])('%s longer than any packet of 262144 bytes can make it is refused as too long', (_, type) => {
  // A block header saying 1 MiB; the file ends there. Packet blocks are bounded by the largest
  // packet plus their fields and options; the reader refuses before waiting for the bytes.
  const file = concat(sectionHeader(true), u32(type, true), u32(1 << 20, true));
  let code: string | null = null;
  try {
    [...readCapture(file)];
  } catch (error) {
    code = isCaptureError(error) ? error.code : 'other';
  }
  expect(code).toBe('RECORD_TOO_LONG');
});

describe('a pcapng Section Header Block the reader refuses (draft-ietf-opsawg-pcapng §4.1)', () => {
  const error = (file: Uint8Array) => {
    try {
      [...readCapture(file)];
    } catch (caught) {
      if (isCaptureError(caught)) return { code: caught.code, message: caught.message };
    }
    return null;
  };
  // Block type 0x0a0d0d0a, then the block length, then the byte-order magic 0x1a2b3c4d.
  const shb = (length: number, magic: number) =>
    concat(u32(0x0a0d0d0a, true), u32(length, true), u32(magic, true), new Uint8Array(16), u32(length, true));

  test('a byte-order magic that is neither order of 0x1a2b3c4d', () => {
    const e = error(shb(32, 0x3c2b1a00)); // bytes 00 1a 2b 3c
    expect(e?.code).toBe('BAD_HEADER');
    expect(e?.message).toContain('0x001a2b3c');
  });

  test('a length below the 28 bytes a section header takes', () => {
    const e = error(concat(shb(24, 0x1a2b3c4d)));
    expect(e?.code).toBe('BAD_HEADER');
    expect(e?.message).toMatch(/length 24, which is below 28/);
  });
});

describe('pcapng block lengths (draft-ietf-opsawg-pcapng §3.1)', () => {
  const error = (type: number, length: number) => {
    try {
      [...readCapture(concat(sectionHeader(true), u32(type, true), u32(length, true), new Uint8Array(4)))];
    } catch (caught) {
      if (isCaptureError(caught)) return { code: caught.code, message: caught.message };
    }
    return null;
  };
  // The section header takes bytes 0..27; the block under test starts at byte 28.

  test('not a multiple of 4', () => {
    expect(error(1, 30)).toEqual({
      code: 'BAD_HEADER',
      message: expect.stringMatching(/at byte 28 has length 30/),
    });
  });

  test('a packet block of exactly the largest size is read (here: cut short), one of 4 more is too long', () => {
    // 12 bytes of block overhead, 16 of packet fields, 262144 of packet, 131072 of options.
    const largest = 12 + 16 + 262144 + 131072;
    expect(error(6, largest)?.code).toBe('TRUNCATED');
    expect(error(6, largest + 4)).toEqual({
      code: 'RECORD_TOO_LONG',
      message: expect.stringMatching(/at byte 28 is 393248 bytes long/),
    });
  });

  test('any block of exactly 16 MiB is read (here: cut short), one of 4 more is refused', () => {
    const largest = 16 * 1024 * 1024;
    expect(error(0x0bad, largest)?.code).toBe('TRUNCATED');
    expect(error(0x0bad, largest + 4)).toEqual({
      code: 'BAD_HEADER',
      message: expect.stringMatching(/at byte 28 is 16777220 bytes long/),
    });
  });
});

describe('pcapng blocks the reader refuses, and what it says (draft-ietf-opsawg-pcapng)', () => {
  const message = (file: Uint8Array) => {
    try {
      [...readCapture(file)];
    } catch (caught) {
      if (isCaptureError(caught)) return caught.message;
    }
    return null;
  };

  test('a trailer length other than the header length: both lengths (§3.1)', () => {
    const block = pcapngBlock(0x0bad, new Uint8Array(4), true, 20);
    expect(message(concat(sectionHeader(true), block))).toMatch(
      /at byte 28 has length 16 .* 20 in its trailer/,
    );
  });

  test('a section version other than 1.x: the version (§4.1)', () => {
    expect(message(concat(sectionHeader(true, 2)))).toMatch(/version 2\.0 /);
  });

  test('an Interface Description Block shorter than 20 bytes: its length (§4.2)', () => {
    expect(message(concat(sectionHeader(true), pcapngBlock(1, new Uint8Array(4), true)))).toMatch(
      /at byte 28 is 16 bytes long, below 20/,
    );
  });

  test('the obsolete Packet Block: a 16-bit interface ID, then a 16-bit drops count (Appendix A)', () => {
    // Interface 0, drops count 5, time stamp 0, captured and original length 40, the SYN.
    const body = concat(
      u16(0, true),
      u16(5, true),
      u32(0, true),
      u32(0, true),
      u32(40, true),
      u32(40, true),
      RAW_SYN,
    );
    const file = concat(sectionHeader(true), interfaceDescription(101, true), pcapngBlock(2, body, true));
    expect([...readCapture(file)].map((f) => [f.interfaceId, f.data.length])).toEqual([[0, 40]]);
  });
});

describe('Interface Description Block options and time stamps (draft-ietf-opsawg-pcapng §4.2)', () => {
  // An IDB for raw IP with the options given, then one Enhanced Packet Block with the time stamp
  // 1500000 in the interface's units (by default microseconds: 1.5 s).
  const time = (options: Uint8Array) => {
    const idb = pcapngBlock(1, concat(u16(101, true), u16(0, true), u32(0, true), options), true);
    const file = concat(sectionHeader(true), idb, enhancedPacket(0, RAW_SYN, true, 0, 1500000));
    return [...readCapture(file)].map((f) => [f.seconds, f.nanoseconds]);
  };
  const option = (code: number, value: Uint8Array) =>
    concat(u16(code, true), u16(value.length, true), value, new Uint8Array((4 - (value.length % 4)) % 4));

  test('no options: microseconds', () => {
    expect(time(new Uint8Array(0))).toEqual([[1, 500000000]]);
  });

  test('if_tsresol 9: nanoseconds', () => {
    expect(time(option(9, Uint8Array.of(9)))).toEqual([[0, 1500000]]);
  });

  test('if_tsresol 0x86: units of 2^-6 seconds', () => {
    // 1500000 / 64 = 23437.5 s
    expect(time(option(9, Uint8Array.of(0x86)))).toEqual([[23437, 500000000]]);
  });

  test('if_tsoffset 10: ten seconds later', () => {
    expect(time(option(14, concat(u32(10, true), u32(0, true))))).toEqual([[11, 500000000]]);
  });

  test('a one-byte if_name and an eight-byte if_speed are neither', () => {
    expect(time(concat(option(2, Uint8Array.of(0x78)), option(8, new Uint8Array(8).fill(1))))).toEqual([
      [1, 500000000],
    ]);
  });

  test('an if_tsresol of 2 bytes or an if_tsoffset of 4 is malformed and ignored', () => {
    expect(time(concat(option(9, Uint8Array.of(9, 9)), option(14, u32(10, true))))).toEqual([[1, 500000000]]);
  });

  test('nothing after opt_endofopt counts', () => {
    expect(time(concat(option(0, new Uint8Array(0)), option(9, Uint8Array.of(9))))).toEqual([[1, 500000000]]);
  });

  test('an if_tsresol whose value would lie past the options is not read', () => {
    // The option header (code 9, length 1) ends the block's body; its value byte would be the trailer's.
    expect(time(concat(u16(9, true), u16(1, true)))).toEqual([[1, 500000000]]);
  });
});

describe('pcapng packet blocks the reader refuses, and what it says (draft-ietf-opsawg-pcapng §4.3, §4.4)', () => {
  const idb = interfaceDescription(101, true);
  const error = (...blocks: Uint8Array[]) => {
    try {
      [...readCapture(concat(sectionHeader(true), idb, ...blocks))];
    } catch (caught) {
      if (isCaptureError(caught)) return { code: caught.code, message: caught.message };
    }
    return null;
  };
  // Blocks after the section header (28 bytes) and the IDB (20 bytes) start at byte 48.

  test('an Enhanced Packet Block naming an interface not described', () => {
    expect(error(enhancedPacket(3, RAW_SYN, true))?.message).toMatch(/at byte 48 names interface 3/);
  });

  test('an Enhanced Packet Block of 28 bytes: no room for its fields', () => {
    expect(error(pcapngBlock(6, new Uint8Array(16), true))).toEqual({
      code: 'BAD_HEADER',
      message: expect.stringMatching(/at byte 48 is 28 bytes long, below 32/),
    });
  });

  test('an Enhanced Packet Block of 32 bytes: its fields and no packet', () => {
    expect(() => [
      ...readCapture(concat(sectionHeader(true), idb, pcapngBlock(6, new Uint8Array(20), true))),
    ]).not.toThrow();
  });

  test('a captured length over 262144, and one past the block', () => {
    const fields = (captured: number) =>
      concat(u32(0, true), u32(0, true), u32(0, true), u32(captured, true), u32(40, true));
    expect(error(pcapngBlock(6, concat(fields(262145), RAW_SYN), true))).toEqual({
      code: 'RECORD_TOO_LONG',
      message: expect.stringMatching(/at byte 48 has a captured length of 262145/),
    });
    expect(error(pcapngBlock(6, concat(fields(44), RAW_SYN), true))).toEqual({
      code: 'BAD_HEADER',
      message: expect.stringMatching(/at byte 48 has a captured length of 44, past/),
    });
  });

  test('a Simple Packet Block of 12 bytes: no room for its original length', () => {
    expect(error(pcapngBlock(3, new Uint8Array(0), true))).toEqual({
      code: 'BAD_HEADER',
      message: expect.stringMatching(/at byte 48 is 12 bytes long, below 16/),
    });
  });

  test('a Simple Packet Block of 16 bytes: an empty packet', () => {
    const file = concat(sectionHeader(true), idb, pcapngBlock(3, u32(0, true), true));
    expect([...readCapture(file)].map((f) => f.data.length)).toEqual([0]);
  });

  test('an if_tsoffset past 2^32 seconds', () => {
    const options = concat(u16(14, true), u16(8, true), u32(10, true), u32(1, true));
    const withOffset = pcapngBlock(1, concat(u16(101, true), u16(0, true), u32(0, true), options), true);
    const file = concat(sectionHeader(true), withOffset, enhancedPacket(0, RAW_SYN, true, 0, 1500000));
    expect([...readCapture(file)].map((f) => f.seconds)).toEqual([2 ** 32 + 11]);
  });
});

describe('what the reader says about a file that is not a whole capture', () => {
  // test/capture/stream.test.ts covers the stream reader too, but is left out of mutation runs (it
  // feeds 256 MB through the reader); these are its messages for small files.
  const failure = (file: Uint8Array) => {
    try {
      [...readCapture(file)];
    } catch (caught) {
      if (isCaptureError(caught)) return [caught.code, caught.offset, caught.message];
    }
    return null;
  };

  test('no bytes at all', () => {
    expect(failure(new Uint8Array(0))).toEqual(['EMPTY', 0, 'the capture file is empty']);
  });

  test('fewer bytes than a magic number', () => {
    expect(failure(Uint8Array.of(0xd4, 0xc3))?.[2]).toMatch(
      /ends inside its magic number at byte 0: 2 of 4 bytes/,
    );
  });

  test('a file header cut short', () => {
    expect(failure(pcapHeader(101).subarray(0, 10))?.[2]).toMatch(
      /ends inside a header, record or block at byte 0: 10 of 24 bytes/,
    );
  });

  test('a magic number of neither format, with its leading zero byte', () => {
    expect(failure(Uint8Array.of(0x0a, 0x0d, 0x0d, 0x00, 1, 2, 3, 4))).toEqual([
      'BAD_MAGIC',
      0,
      'not a pcap or pcapng file: it starts with 0x0a0d0d00',
    ]);
  });
});
