/**
 * The capture half of the fuzz harness: damage a capture as an attacker would, then hold every
 * reader, the dissector, the printers, the codec and the tracker to their guarantees on it.
 *
 * The library is passed in (`lib`: the package's main and capture entries merged), so the harness
 * runs on the build and the replay test (test/fuzz/findings.test.ts) on the sources.
 */

/** A broken guarantee: what broke, on which input. */
export class Finding extends Error {
  constructor(kind, message) {
    super(`${kind}: ${message}`);
    this.name = 'Finding';
    this.kind = kind;
  }
}

/** Link types a swapped header may claim: the supported ones, their neighbours, nonsense. */
const LINK_TYPES = [
  0, 1, 9, 10, 12, 50, 101, 104, 105, 113, 127, 192, 228, 229, 239, 276, 0xffff, 0x10000001,
];
/** 32-bit values that inflate a length field. */
const BIG = [0xffffffff, 0x7fffffff, 0x80000000, 262145, 0x01000000, 0x00010000, 65535];

const u32 = (value, little) =>
  little
    ? [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]
    : [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];

/**
 * `bytes` damaged by one to four mutations, each chosen by `random`: bit flips, interesting bytes,
 * truncation, an inflated 32-bit length, a spliced slice of `other`, a duplicated region, a
 * swapped link type.
 */
export function mutateCapture(bytes, other, random) {
  let b = bytes.slice();
  const count = 1 + random.int(4);
  for (let m = 0; m < count; m++) {
    const at = random.int(Math.max(1, b.length));
    switch (random.int(7)) {
      case 0:
        for (let k = 1 + random.int(8); k > 0; k--) {
          const i = random.int(Math.max(1, b.length));
          if (i < b.length) b[i] ^= 1 << random.int(8);
        }
        break;
      case 1:
        if (at < b.length) b[at] = random.pick([0, 0xff, 0x7f, 0x80, 1]);
        break;
      case 2:
        b = b.subarray(0, random.int(b.length + 1)).slice();
        break;
      case 3: {
        const where = at & ~3;
        if (where + 4 <= b.length) b.set(u32(random.pick(BIG), random.chance(0.5)), where);
        break;
      }
      case 4: {
        const from = random.int(Math.max(1, other.length));
        const piece = other.subarray(from, from + 1 + random.int(200));
        b = concat(b.subarray(0, at), piece, b.subarray(at));
        break;
      }
      case 5: {
        const piece = b.subarray(at, at + 1 + random.int(300));
        b = concat(b.subarray(0, at), piece, b.subarray(at));
        break;
      }
      default:
        // The pcap header's link type (bytes 20-23), in either byte order; in a pcapng, bytes of
        // a block somewhere.
        if (b.length >= 24) b.set(u32(random.pick(LINK_TYPES), random.chance(0.5)), 20);
    }
  }
  return b;
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What a frame is, for comparing two readers: everything but the view itself. */
function summary(frame) {
  const { number, interfaceId, linkType, seconds, nanoseconds, originalLength, snapLength, data } = frame;
  return `${number} ${interfaceId} ${linkType} ${seconds} ${nanoseconds} ${originalLength} ${snapLength} ${Buffer.from(data).toString('hex')}`;
}

/** The frames a read yields (copied as they come) and the error that ended it, if any. */
function collect(lib, read) {
  const frames = [];
  try {
    for (const frame of read())
      frames.push({ frame: { ...frame, data: frame.data.slice() }, text: summary(frame) });
    return { frames, error: null };
  } catch (error) {
    if (!lib.isCaptureError(error)) throw new Finding('reader-error', `the reader threw ${describe(error)}`);
    return { frames, error: `${error.code} at ${error.offset}` };
  }
}

/** `bytes` cut into chunks of random sizes (some empty, some one byte). */
function* chunks(bytes, random) {
  let at = 0;
  while (at < bytes.length) {
    const size = random.pick([0, 1, 2, 3, 7, 16, 24, 64, 100, 1000, 4096, 65536]);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

export function describe(error) {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Reads `bytes` in memory and streamed in random chunks, and puts every frame through the
 * dissector, the three printers, strict and lenient decoding with re-encoding, and a tracker.
 *
 * @throws {@link Finding} for a broken guarantee
 * @returns how many frames and TCP segments it saw
 */
export function checkCapture(lib, bytes, random) {
  const inMemory = collect(lib, () => lib.readCapture(bytes));
  const streamed = collect(lib, function* read() {
    const reader = new lib.CaptureStreamReader();
    for (const chunk of chunks(bytes, random)) yield* reader.push(chunk);
    reader.end();
  });
  const same =
    inMemory.error === streamed.error &&
    inMemory.frames.length === streamed.frames.length &&
    inMemory.frames.every((f, i) => f.text === streamed.frames[i].text);
  if (!same) {
    throw new Finding(
      'stream-differs',
      `in memory ${inMemory.frames.length} frames, ${inMemory.error}; streamed ${streamed.frames.length}, ${streamed.error}`,
    );
  }
  const printers = [
    new lib.TcpdumpPrinter(),
    new lib.TcpdumpPrinter({ relative: true }),
    new lib.TcpdumpPrinter({ relative: true, verify: true }),
  ];
  const tracker = new lib.TcpStreamTracker();
  let segments = 0;
  for (const { frame } of inMemory.frames) {
    const tcp = guard('dissect', () => lib.dissectFrame(frame, { libpcapSnapLength: true }));
    if (tcp === null) continue;
    segments++;
    for (const printer of printers) guard('print', () => printer.line(tcp));
    checkSegment(lib, tcp, tracker);
  }
  return { frames: inMemory.frames.length, segments };
}

/** Runs `run`; any throw is a finding of `kind`. */
function guard(kind, run) {
  try {
    return run();
  } catch (error) {
    if (error instanceof Finding) throw error;
    throw new Finding(`${kind}-threw`, describe(error));
  }
}

/** Strict decode (only TcpDecodeError) and re-encode, lenient decode and craft re-encode, the tracker. */
function checkSegment(lib, tcp, tracker) {
  const b = tcp.segment;
  let header = null;
  try {
    header = lib.decode(b);
  } catch (error) {
    if (!lib.isTcpDecodeError(error)) throw new Finding('decode-threw', describe(error));
  }
  if (header !== null) {
    const again = guard('encode', () => lib.encode(header));
    if (!equal(again, b.subarray(0, header.dataOffset * 4)))
      throw new Finding('re-encode', 'encode(decode(b)) differs from b');
  }
  if (b.length >= 20) {
    const lenient = guard('lenient', () => lib.decodeLenient(b));
    const read = Math.max(20, Math.min(b.length, lenient.header.dataOffset * 4));
    const crafted = guard('craft', () => lib.encode(lenient.header, { craft: true }));
    if (!equal(crafted, b.subarray(0, read)))
      throw new Finding('craft-re-encode', 'lenient header re-encodes differently');
    guard('track', () =>
      tracker.track({
        src: tcp.srcAddress,
        dst: tcp.dstAddress,
        header: lenient.header,
        payloadLength: Math.max(0, tcp.segmentLength - read),
      }),
    );
  }
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
