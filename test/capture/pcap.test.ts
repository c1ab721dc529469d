// The pcap reader: byte orders, time stamps (against the ones tcpdump printed), link types,
// snapshot lengths, and every way a file can be bad. (pcapng's are in pcapng.test.ts.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, test } from 'vitest';
import { dissectFrame, isCaptureError, pcapByteOrder, readCapture } from '../../src/capture/index.ts';
import { concat, pcapHeader, pcapRecord, RAW_SYN } from './build.ts';
import { expectError, readAll } from './read.ts';
import { CORPUS, CRAFTED, captures, tcpdumpRecords } from './tcpdump-text.ts';

describe('pcap byte order', () => {
  it.each([
    ['d4c3b2a1', { littleEndian: true, nanosecond: false }],
    ['a1b2c3d4', { littleEndian: false, nanosecond: false }],
    ['4d3cb2a1', { littleEndian: true, nanosecond: true }],
    ['a1b23c4d', { littleEndian: false, nanosecond: true }],
    ['0a0d0d0a', null],
    ['d4c3b2', null],
  ])('magic %s', (hex, expected) => {
    expect(pcapByteOrder(Uint8Array.from(Buffer.from(hex, 'hex')))).toEqual(expected);
  });
});

describe('time stamps, as tcpdump -tt --nano printed them', () => {
  it.each(captures(CRAFTED, ['.']))('%s', (_folder, name) => {
    const stamps = tcpdumpRecords(CRAFTED, 'tcpdump-out-times', name).map(([line]) => line!.split(' ')[0]!);
    const frames = readAll(readFileSync(join(CRAFTED, name))).frames;
    expect(frames.length).toBe(stamps.length);
    let compared = 0;
    frames.forEach((frame, i) => {
      // tcpdump prints no time stamp for a record header it rejects (`[Invalid header: ...]`).
      if (!/^\d+\.\d{9}$/.test(stamps[i]!)) return;
      expect(`${frame.seconds}.${String(frame.nanoseconds).padStart(9, '0')}`, `frame ${i + 1}`).toBe(
        stamps[i],
      );
      compared++;
    });
    expect(compared).toBeGreaterThan(0);
  });
});

describe('what the file headers say', () => {
  it('reads big-endian pcap files of the corpus (as many frames as tcpdump printed)', () => {
    for (const name of ['ipoib.pcap', 'pptp.pcap', 'unaligned-nfs-1.pcap']) {
      const frames = readAll(readFileSync(join(CORPUS, 'pcap', name))).frames;
      expect(frames.length, name).toBe(tcpdumpRecords(CORPUS, 'tcpdump-out', name).length);
    }
  });

  it('masks the FCS bits of the link-type field', () => {
    // beep-oobr.pcap's header holds 0x300000e5: raw IPv6 (229) with bits above the 16-bit type.
    const [frame] = readAll(readFileSync(join(CORPUS, 'pcap', 'beep-oobr.pcap'))).frames;
    expect(frame!.linkType).toBe(229);
    const [fcs] = readAll(readFileSync(join(CRAFTED, 'fcs-bits.pcap'))).frames;
    expect(fcs!.linkType).toBe(1);
  });

  it('keeps a record longer than the snapshot length whole, and libpcap cuts it when asked', () => {
    // snap-cut.pcap: snapshot length 60; the second record is Ethernet (14), IPv4 (20) and a SYN
    // with 24 bytes of options (44): 78 bytes.
    const [, long] = readAll(readFileSync(join(CRAFTED, 'snap-cut.pcap'))).frames;
    expect(long!.snapLength).toBe(60);
    expect(long!.data.length).toBe(78);
    expect(dissectFrame(long!)!.segment.length).toBe(44);
    expect(dissectFrame(long!, { libpcapSnapLength: true })!.segment.length).toBe(26);
  });

  it('takes a snapshot length of 0 as 262144', () => {
    const file = concat(pcapHeader(101, { snap: 0 }), pcapRecord(RAW_SYN));
    expect(readAll(file).frames[0]!.snapLength).toBe(262144);
  });

  it('accepts records of 262144 bytes, past the snapshot length, and refuses one byte more', () => {
    const big = new Uint8Array(262144);
    big.set(RAW_SYN);
    const ok = concat(pcapHeader(101, { snap: 1500 }), pcapRecord(big));
    expect(readAll(ok).frames[0]!.data.length).toBe(262144);
    const bad = concat(pcapHeader(101), pcapRecord(RAW_SYN), pcapRecord(new Uint8Array(262145)));
    expectError(bad, 'RECORD_TOO_LONG', 24 + 16 + 40, 1);
  });

  it('reads micro- and nanosecond fractions in both byte orders', () => {
    for (const little of [true, false]) {
      const micro = concat(
        pcapHeader(101, { little }),
        pcapRecord(RAW_SYN, { little, seconds: 7, fraction: 250000 }),
      );
      expect(readAll(micro).frames[0]).toMatchObject({ seconds: 7, nanoseconds: 250000000, linkType: 101 });
      const nano = concat(
        pcapHeader(101, { little, magic: 0xa1b23c4d }),
        pcapRecord(RAW_SYN, { little, seconds: 7, fraction: 250000 }),
      );
      expect(readAll(nano).frames[0]).toMatchObject({ seconds: 7, nanoseconds: 250000, originalLength: 40 });
    }
  });
});

describe('bad pcap files', () => {
  it('an empty file', () => expectError(new Uint8Array(0), 'EMPTY', 0, 0));

  it('a file that is not a capture', () => {
    expectError(new TextEncoder().encode('GET / HTTP/1.1\r\n'), 'BAD_MAGIC', 0, 0);
  });

  it('a file shorter than a magic number', () => expectError(Uint8Array.of(0xd4, 0xc3), 'TRUNCATED', 0, 0));

  it('a file header cut short', () => expectError(pcapHeader(1).subarray(0, 20), 'TRUNCATED', 0, 0));

  it('a version other than 2', () => expectError(pcapHeader(1, { major: 1 }), 'BAD_HEADER', 0, 0));

  it('a record cut short, after the whole ones', () => {
    const file = concat(pcapHeader(101), pcapRecord(RAW_SYN), pcapRecord(RAW_SYN)).subarray(0, 24 + 56 + 30);
    expectError(file, 'TRUNCATED', 24 + 56, 1);
  });

  it('a record header cut short', () => {
    const file = concat(pcapHeader(101), pcapRecord(RAW_SYN), new Uint8Array(8));
    expectError(file, 'TRUNCATED', 24 + 56, 1);
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
