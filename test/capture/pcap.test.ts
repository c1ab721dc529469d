// The pcap and pcapng readers: byte orders, time stamps (against the ones tcpdump printed), link
// types, snapshot lengths, and every way a file can be bad.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CaptureError,
  type CaptureFrame,
  dissectFrame,
  isCaptureError,
  pcapByteOrder,
  readCapture,
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
} from './build.ts';
import { CORPUS, CRAFTED, captures, tcpdumpRecords } from './tcpdump-text.ts';

/** Reads a file to its end, keeping the frames (copied) and the error that stopped it. */
function readAll(bytes: Uint8Array): { frames: CaptureFrame[]; error: unknown } {
  const frames: CaptureFrame[] = [];
  try {
    for (const frame of readCapture(bytes)) frames.push({ ...frame, data: frame.data.slice() });
    return { frames, error: null };
  } catch (error) {
    return { frames, error };
  }
}

function expectError(bytes: Uint8Array, code: string, offset: number, framesBefore: number): void {
  const { frames, error } = readAll(bytes);
  expect(frames).toHaveLength(framesBefore);
  expect(isCaptureError(error)).toBe(true);
  expect(error).toBeInstanceOf(CaptureError);
  expect((error as CaptureError).code).toBe(code);
  expect((error as CaptureError).offset).toBe(offset);
}

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

describe('CaptureError', () => {
  it('is recognised across realms and bundled copies by its name, code and offset', () => {
    const foreign = Object.assign(new Error('x'), { name: 'CaptureError', code: 'EMPTY', offset: 0 });
    expect(isCaptureError(foreign)).toBe(true);
    expect(isCaptureError(Object.assign(new Error('x'), { name: 'CaptureError' }))).toBe(false);
    expect(isCaptureError(new TypeError('x'))).toBe(false);
    expect(isCaptureError({ name: 'CaptureError', code: 'EMPTY', offset: 0 })).toBe(false);
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

describe('pcapng', () => {
  const frame = (little: boolean, id: number) => enhancedPacket(id, RAW_SYN, little, 0, 1500000);

  it('reads sections of either byte order, each with its own interfaces', () => {
    const file = concat(
      sectionHeader(true),
      interfaceDescription(101, true),
      interfaceDescription(228, true),
      frame(true, 1),
      sectionHeader(false),
      interfaceDescription(229, false),
      frame(false, 0),
    );
    const { frames, error } = readAll(file);
    expect(error).toBeNull();
    expect(frames.map((f) => [f.number, f.interfaceId, f.linkType, f.seconds, f.nanoseconds])).toEqual([
      [1, 1, 228, 1, 500000000],
      [2, 0, 229, 1, 500000000],
    ]);
    expect(frames.every((f) => Buffer.from(f.data).equals(Buffer.from(RAW_SYN)))).toBe(true);
  });

  it('skips blocks it does not know', () => {
    const file = concat(
      sectionHeader(true),
      pcapngBlock(0x0bad, Uint8Array.of(1, 2, 3), true),
      interfaceDescription(101, true),
      frame(true, 0),
    );
    expect(readAll(file).frames).toHaveLength(1);
  });

  it('a Simple Packet Block takes interface 0 and the smaller of its lengths', () => {
    const body = concat(u32(100, true), RAW_SYN);
    const file = concat(sectionHeader(true), interfaceDescription(101, true), pcapngBlock(3, body, true));
    const [simple] = readAll(file).frames;
    expect(simple).toMatchObject({ interfaceId: 0, originalLength: 100, seconds: 0 });
    expect(simple!.data.length).toBe(40);
  });

  const start = concat(sectionHeader(true), interfaceDescription(101, true));
  const shb = 28;
  const idb = 20;

  it('a packet on an interface not described', () => {
    expectError(concat(start, frame(true, 1)), 'UNKNOWN_INTERFACE', shb + idb, 0);
    expectError(
      concat(sectionHeader(true), pcapngBlock(3, concat(u32(40, true), RAW_SYN), true)),
      'UNKNOWN_INTERFACE',
      shb,
      0,
    );
  });

  it('a block length that is not a multiple of 4', () => {
    const bad = concat(u32(6, true), u32(33, true), new Uint8Array(25));
    expectError(concat(start, frame(true, 0), bad), 'BAD_HEADER', shb + idb + 72, 1);
  });

  it('a block length below 12', () => {
    expectError(concat(start, u32(6, true), u32(8, true)), 'BAD_HEADER', shb + idb, 0);
  });

  it('a trailer that disagrees with the header', () => {
    expectError(concat(start, pcapngBlock(4, new Uint8Array(4), true, 99)), 'BAD_HEADER', shb + idb, 0);
  });

  it('a byte-order magic that is neither order', () => {
    const section = sectionHeader(true);
    section.set(u32(0x12345678, true), 8);
    expectError(section, 'BAD_HEADER', 0, 0);
  });

  it('a section version other than 1', () => expectError(sectionHeader(true, 2), 'BAD_HEADER', 0, 0));

  it('a captured length past the block', () => {
    const block = enhancedPacket(0, RAW_SYN, true);
    block.set(u32(41, true), 20);
    expectError(concat(start, block), 'BAD_HEADER', shb + idb, 0);
  });

  it('a packet over 262144 bytes, by block length and by captured length', () => {
    const huge = concat(u32(6, true), u32(262144 + 131072 + 32, true));
    expectError(concat(start, huge), 'RECORD_TOO_LONG', shb + idb, 0);
    const block = enhancedPacket(0, new Uint8Array(64), true);
    block.set(u32(262145, true), 20);
    expectError(concat(start, block), 'RECORD_TOO_LONG', shb + idb, 0);
  });

  it('a block over 16 MiB', () => {
    expectError(concat(start, u32(4, true), u32(16 * 1024 * 1024 + 4, true)), 'BAD_HEADER', shb + idb, 0);
  });

  it('blocks too short for their type', () => {
    expectError(concat(sectionHeader(true), pcapngBlock(1, new Uint8Array(4), true)), 'BAD_HEADER', shb, 0);
    expectError(concat(start, pcapngBlock(6, new Uint8Array(16), true)), 'BAD_HEADER', shb + idb, 0);
    expectError(concat(start, pcapngBlock(3, new Uint8Array(0), true)), 'BAD_HEADER', shb + idb, 0);
  });

  it('a block cut short', () =>
    expectError(concat(start, frame(true, 0)).subarray(0, shb + idb + 40), 'TRUNCATED', shb + idb, 0));

  it('an obsolete Packet Block with a 16-bit interface id', () => {
    const body = concat(
      u16(0, false),
      u16(0, false),
      u32(0, false),
      u32(2000000, false),
      u32(40, false),
      u32(60, false),
      RAW_SYN,
    );
    const file = concat(sectionHeader(false), interfaceDescription(101, false), pcapngBlock(2, body, false));
    expect(readAll(file).frames[0]).toMatchObject({
      interfaceId: 0,
      originalLength: 60,
      seconds: 2,
      nanoseconds: 0,
    });
  });
});
