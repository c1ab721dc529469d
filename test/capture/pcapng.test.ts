// The pcapng reader (src/capture/pcapng.ts): sections, interfaces and packet blocks, the blocks it
// refuses and what it says about them, the lengths it bounds, and Interface Description Block
// options and time stamps.
import { describe, expect, it, test } from 'vitest';
import { isCaptureError, readCapture } from '../../src/capture/index.ts';
import {
  concat,
  enhancedPacket,
  interfaceDescription,
  pcapngBlock,
  RAW_SYN,
  sectionHeader,
  u16,
  u32,
} from './build.ts';
import { expectError, readAll } from './read.ts';

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
