// Small builders for capture files in tests: every byte written here is spelled out by the caller.

export const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

export const u16 = (value: number, little: boolean): Uint8Array =>
  little ? Uint8Array.of(value & 0xff, value >>> 8) : Uint8Array.of(value >>> 8, value & 0xff);

export const u32 = (value: number, little: boolean): Uint8Array => {
  const b = Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  return little ? b.reverse() : b;
};

/** A pcap file header (version 2.4). */
export function pcapHeader(
  linkType: number,
  options: { little?: boolean; magic?: number; snap?: number; major?: number } = {},
): Uint8Array {
  const little = options.little ?? true;
  return concat(
    u32(options.magic ?? 0xa1b2c3d4, little),
    u16(options.major ?? 2, little),
    u16(4, little),
    u32(0, little),
    u32(0, little),
    u32(options.snap ?? 65535, little),
    u32(linkType, little),
  );
}

/** A pcap record: header (captured length from `data` unless given) and data. */
export function pcapRecord(
  data: Uint8Array,
  options: {
    little?: boolean;
    seconds?: number;
    fraction?: number;
    original?: number;
    captured?: number;
  } = {},
): Uint8Array {
  const little = options.little ?? true;
  return concat(
    u32(options.seconds ?? 0, little),
    u32(options.fraction ?? 0, little),
    u32(options.captured ?? data.length, little),
    u32(options.original ?? data.length, little),
    data,
  );
}

/** A pcapng block: type, total length, body padded to 4 bytes, total length again. */
export function pcapngBlock(type: number, body: Uint8Array, little: boolean, trailer?: number): Uint8Array {
  const padded = concat(body, new Uint8Array((4 - (body.length % 4)) % 4));
  const length = padded.length + 12;
  return concat(u32(type, little), u32(length, little), padded, u32(trailer ?? length, little));
}

export const sectionHeader = (little: boolean, major = 1): Uint8Array =>
  pcapngBlock(
    0x0a0d0d0a,
    concat(u32(0x1a2b3c4d, little), u16(major, little), u16(0, little), new Uint8Array(8).fill(0xff)),
    little,
  );

export const interfaceDescription = (linkType: number, little: boolean, snap = 0): Uint8Array =>
  pcapngBlock(1, concat(u16(linkType, little), u16(0, little), u32(snap, little)), little);

export const enhancedPacket = (
  id: number,
  data: Uint8Array,
  little: boolean,
  high = 0,
  low = 0,
): Uint8Array =>
  pcapngBlock(
    6,
    concat(
      u32(id, little),
      u32(high, little),
      u32(low, little),
      u32(data.length, little),
      u32(data.length, little),
      data,
    ),
    little,
  );

/** An IPv4 TCP SYN from 192.0.2.1:40000 to 198.51.100.2:80, 40 bytes, in raw IP framing. */
export const RAW_SYN: Uint8Array = Uint8Array.from(
  Buffer.from(
    '45000028000140004006' + '0000' + 'c0000201c6336402' + '9c400050000003e800000000500220000000' + '0000',
    'hex',
  ),
);
