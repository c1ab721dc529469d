// The IPv4 walk (src/capture/ipv4.ts, ah.ts): the source route the -v checksum's pseudo-header
// uses, headers with nothing after them, and AH before TCP, each line checked against tcpdump
// 4.99.3's own for the same bytes.
import { describe, expect, test } from 'vitest';
import { dissectFrame, readCapture, TcpdumpPrinter } from '../../src/capture/index.ts';
import { formatTcpSegment } from '../../src/format.ts';
import { hexToBytes } from '../support/vectors.ts';
import { concat, pcapHeader, pcapRecord } from './build.ts';

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

describe('a header longer than its packet (hostile-input issue, case 7)', () => {
  // IPv4 192.0.2.1 > 198.51.100.2, protocol TCP, IHL 15 (a 60-byte header), total length 20, in a
  // 40-byte frame. tcpdump 4.99.3 -nn -t (and -v) printed `IP bad-len 20` for it.
  const frame = hexToBytes(`4f0000140001000040060000c0000201c6336402${'00'.repeat(20)}`);
  test("has a segment of length 0, never below, and tcpdump's line", () => {
    const file = concat(pcapHeader(101, { snap: 262144 }), pcapRecord(frame));
    const [first] = [...readCapture(file)];
    const tcp = dissectFrame(first!);
    expect(tcp?.segmentLength).toBe(0);
    expect(tcp?.segment.length).toBe(0);
    expect(new TcpdumpPrinter().line(tcp!)).toBe('IP bad-len 20');
    expect(formatTcpSegment(tcp!.segment, { segmentLength: tcp!.segmentLength })).toBeTypeOf('string');
  });
});
