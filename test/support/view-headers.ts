// Headers the view tests share, each written out and decoded by hand (or taken from the corpus,
// frame named) in the comment beside it.
import { hexToBytes } from './vectors.ts';

/**
 * The 20 fixed bytes of a SYN, by hand: ports 80 > 8080 (0050 1f90), seq 1, ack 0, byte 12 as given
 * (data offset nibble, reserved, NS), flags 0x02 (SYN), window 0x2000, checksum 0, urgent pointer 0.
 */
export const fixed = (byte12: string): string => `00501f90 00000001 00000000 ${byte12}02 2000 0000 0000`;

// test/fixtures/corpus/pcap/bgp-4byte-asn.pcap frame 3, a Linux SYN of 40 bytes (data offset 10):
// MSS 1460, SACK permitted, timestamps, NOP, window scale 9.
export const SYN = hexToBytes(
  'a6f500b38afa6c3200000000a002721098710000020405b40402080a27ca70da0000000001030309',
);

// test/fixtures/corpus/pcap/dns_tcp.pcap frame 3: a bare ACK, data offset 5.
export const ACK = hexToBytes('83f3003523fec80d79d249145010faf0f5aa0000');

/** The bytes `buffer` puts before the header. */
export const JUNK = [0xde, 0xad, 0xbe, 0xef, 0x55, 0xaa, 0x77];

/** Seven junk bytes, then a header (ports 1 -> 2, ACK) with the given option bytes, then 3 junk bytes. */
export function buffer(options: number[]): Uint8Array {
  const dataOffset = 5 + options.length / 4;
  const header = [0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, dataOffset << 4, 0x10, 0, 0, 0, 0, 0, 0];
  return Uint8Array.from([...JUNK, ...header, ...options, 0xee, 0xee, 0xee]);
}
