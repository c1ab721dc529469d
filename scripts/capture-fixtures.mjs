// Writes the hand-built captures of test/fixtures/capture/: frames for each link type, IPv4 and
// IPv6 case the capture reader walks, and pcap / pcapng variants. What tcpdump 4.99.3 prints for
// them is stored beside them (see test/fixtures/capture/README.md); the tests compare with that.
// Usage: node scripts/capture-fixtures.mjs [output folder]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2] ?? join(import.meta.dirname, '..', 'test', 'fixtures', 'capture');
mkdirSync(out, { recursive: true });

const bytes = (...parts) => {
  const list = parts.flat(Infinity).map((p) => (typeof p === 'number' ? Uint8Array.of(p) : p));
  const result = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    result.set(p, at);
    at += p.length;
  }
  return result;
};
const be16 = (v) => Uint8Array.of(v >>> 8, v & 0xff);
const be32 = (v) => Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
const le16 = (v) => Uint8Array.of(v & 0xff, v >>> 8);
const le32 = (v) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);
const hex = (text) => Uint8Array.from(text.replace(/\s/g, '').match(/../g), (h) => Number.parseInt(h, 16));
const v4 = (text) => Uint8Array.from(text.split('.'), Number);
const v6 = (last) => bytes(hex('20010db8000000000000000000000000').subarray(0, 14), be16(last));

/** RFC 1071 ones' complement sum of byte strings, folded. */
function sum16(...parts) {
  const all = bytes(...parts);
  let s = 0;
  for (let i = 0; i < all.length; i += 2) s += (all[i] << 8) | (all[i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** A TCP segment: header fields, options bytes, payload; checksum over the given pseudo addresses. */
function tcp({
  sport = 40000,
  dport = 80,
  seq = 1000,
  ack = 0,
  flags = 0x02,
  win = 8192,
  options = [],
  payload = [],
  src,
  dst,
  bad = false,
}) {
  const opts = bytes(options);
  const data = bytes(payload);
  const header = bytes(
    be16(sport),
    be16(dport),
    be32(seq),
    be32(ack),
    (5 + opts.length / 4) << 4,
    flags,
    be16(win),
    be16(0),
    be16(0),
    opts,
  );
  const segment = bytes(header, data);
  const pseudo =
    src.length === 4
      ? bytes(src, dst, 0, 6, be16(segment.length))
      : bytes(src, dst, be32(segment.length), 0, 0, 0, 6);
  const checksum = (~sum16(pseudo, segment) & 0xffff) ^ (bad ? 0x1111 : 0);
  segment.set(be16(checksum), 16);
  return segment;
}

/** An IPv4 header (options padded by the caller) in front of `payload`. */
function ipv4({
  src = v4('192.0.2.1'),
  dst = v4('198.51.100.2'),
  proto = 6,
  options = [],
  payload,
  total,
  offset = 0x4000,
  version = 4,
}) {
  const opts = bytes(options);
  const hlen = 20 + opts.length;
  const header = bytes(
    (version << 4) | (hlen / 4),
    0,
    be16(total ?? hlen + payload.length),
    be16(1),
    be16(offset),
    64,
    proto,
    be16(0),
    src,
    dst,
    opts,
  );
  header.set(be16(~sum16(header) & 0xffff), 10);
  return bytes(header, payload);
}

function ipv6({ src = v6(1), dst = v6(2), next = 6, payload, plen }) {
  return bytes(be32(0x60000000), be16(plen ?? payload.length), next, 64, src, dst, payload);
}

const SYN_OPTIONS = hex('020405b4 01 030307 01 01 080a0000123400000000 0402 00 00');
const SRC4 = v4('192.0.2.1');
const DST4 = v4('198.51.100.2');

/** A pcap file (little-endian, microseconds) from [data, originalLength?] records. */
function pcap(linkType, records, { magic = 0xa1b2c3d4, little = true, snap = 65535 } = {}) {
  const w32 = little ? le32 : be32;
  const w16 = little ? le16 : be16;
  const parts = [w32(magic), w16(2), w16(4), w32(0), w32(0), w32(snap), w32(linkType)];
  records.forEach(([data, original, seconds, fraction], i) => {
    parts.push(
      w32(seconds ?? 1700000000 + i),
      w32(fraction ?? i * 1000),
      w32(data.length),
      w32(original ?? data.length),
      data,
    );
  });
  return bytes(parts);
}

const ether = (type, payload, tags = []) =>
  bytes(
    hex('020000000002 020000000001'),
    tags.map(([tpid, tci]) => bytes(be16(tpid), be16(tci))),
    be16(type),
    payload,
  );

const syn4 = () => ipv4({ payload: tcp({ options: SYN_OPTIONS, src: SRC4, dst: DST4 }) });
const data4 = () =>
  ipv4({ payload: tcp({ flags: 0x18, ack: 5000, payload: hex('68656c6c6f0a'), src: SRC4, dst: DST4 }) });
const syn6 = (src = v6(1), dst = v6(2)) =>
  ipv6({ src, dst, payload: tcp({ options: SYN_OPTIONS, src, dst }) });

// Ethernet: tags, IPv4 cases, record-header checks.
{
  const lsrrFinal = v4('203.0.113.9');
  const lsrr = bytes(1, 131, 7, 4, lsrrFinal); // NOP, LSRR len 7 pointer 4, one hop: 8 bytes
  const full = syn4();
  const ah = bytes(6, 4, be16(0), be32(0x1000), be32(7), hex('000102030405060708090a0b'));
  const records = [
    [ether(0x0800, full)],
    [ether(0x0800, data4(), [[0x8100, 5]])],
    [
      ether(0x86dd, syn6(), [
        [0x88a8, 7],
        [0x8100, 5],
      ]),
    ],
    [ether(0x0800, full, [[0x9100, 9]])],
    [bytes(hex('020000000002 020000000001'), be16(full.length + 8), hex('aaaa03000000 0800'), full)],
    [bytes(hex('020000000002 020000000001'), be16(40), hex('aaaa03000000 0800'), full, new Uint8Array(6))],
    [bytes(hex('020000000002 020000000001'), be16(full.length + 8), hex('aaaa030000f8 86dd'), syn6())],
    [bytes(hex('020000000002 020000000001'), be16(full.length + 8), hex('aaaa0300000c 0800'), full)],
    [bytes(hex('020000000002 020000000001'), be16(full.length + 3), hex('060603'), full)],
    [
      ether(
        0x0800,
        ipv4({ options: lsrr, payload: tcp({ options: SYN_OPTIONS, src: SRC4, dst: lsrrFinal }) }),
      ),
    ],
    [
      ether(
        0x0800,
        ipv4({
          offset: 0x2000,
          payload: tcp({ flags: 0x18, ack: 1, payload: new Uint8Array(24), src: SRC4, dst: DST4 }),
        }),
      ),
    ],
    [ether(0x0800, ipv4({ offset: 0x0003, payload: new Uint8Array(24) }))],
    [
      ether(
        0x0800,
        ipv4({
          total: 100,
          payload: tcp({ flags: 0x18, ack: 1, payload: new Uint8Array(60), src: SRC4, dst: DST4 }),
        }).subarray(0, 60),
      ),
    ],
    [
      ether(
        0x0800,
        ipv4({
          total: 0,
          payload: tcp({ flags: 0x10, ack: 1, payload: new Uint8Array(100), src: SRC4, dst: DST4 }),
        }),
      ),
    ],
    [ether(0x0800, ipv4({ total: 10, payload: tcp({ flags: 0x10, ack: 1, src: SRC4, dst: DST4 }) }))],
    [ether(0x0800, ipv4({ proto: 51, payload: bytes(ah, tcp({ src: SRC4, dst: DST4 })) }))],
    [ether(0x0800, ipv4({ payload: tcp({ src: SRC4, dst: DST4 }) }).subarray(0, 22)), 74],
    [ether(0x0800, ipv4({ payload: tcp({ src: SRC4, dst: DST4 }) }).subarray(0, 32)), 74],
    [ether(0x0800, ipv4({ version: 6, payload: tcp({ src: SRC4, dst: DST4 }) }))],
    [ether(0x0800, full), 20],
    [ether(0x0800, full), 0],
    [ether(0x0800, full), 300000],
    [ether(0x0800, full).subarray(0, 24), 80],
    [ether(0x0800, ipv4({ proto: 17, payload: hex('9c4000350008 0000') }))],
    [
      ether(
        0x86dd,
        ipv6({
          payload: tcp({
            flags: 0x18,
            ack: 9,
            payload: hex('0102030405'),
            src: v6(1),
            dst: v6(2),
            bad: true,
          }),
        }),
      ),
    ],
    [ether(0x0800, full).subarray(0, 14 + 20 + 26), 14 + full.length],
  ];
  writeFileSync(join(out, 'ethernet.pcap'), pcap(1, records));
}

// Raw IPv6: extension headers.
{
  const A = v6(0xaaa);
  const B = v6(0xbbb);
  const seg = (dst = v6(2)) => tcp({ options: SYN_OPTIONS, src: v6(1), dst });
  const jumboTcp = tcp({ flags: 0x18, ack: 3, payload: new Uint8Array(70000), src: v6(1), dst: v6(2) });
  const records = [
    [ipv6({ next: 43, payload: bytes(6, 4, 0, 1, be32(0), A, B, seg(B)) })],
    [ipv6({ next: 43, payload: bytes(6, 2, 0, 1, be32(5), A, seg(A)) })],
    [ipv6({ next: 43, payload: bytes(6, 2, 2, 1, be32(0), A, seg(A)) })],
    [ipv6({ next: 43, payload: bytes(6, 4, 4, 1, 1, 0, be16(0x12), A, B, seg(A)) })],
    [ipv6({ next: 43, payload: bytes(6, 2, 3, 1, be32(0), A, seg()) })],
    [ipv6({ next: 44, payload: bytes(6, 0, be16(0x0001), be32(0x1234), seg()) })],
    [ipv6({ next: 44, payload: bytes(6, 0, be16(0x0010), be32(0x1234), seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 5, 2, 0, 0, 1, 0, seg()) })],
    [ipv6({ next: 60, payload: bytes(43, 0, 1, 4, 0, 0, 0, 0, 6, 2, 0, 1, be32(0), A, seg(A)) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 5, 9, 0, 0, 1, 0, seg()) })],
    [ipv6({ next: 51, payload: bytes(6, 4, be16(0), be32(0x1000), be32(7), new Uint8Array(12), seg()) })],
    [ipv6({ next: 0, plen: 0, payload: bytes(6, 0, 0xc2, 4, be32(jumboTcp.length + 8), jumboTcp) })],
    [ipv6({ plen: 0, payload: seg() })],
    [ipv6({ payload: seg() }).subarray(0, 60), 90],
    [ipv6({ plen: 200, payload: seg() })],
    [ipv6({ next: 0, payload: bytes(60, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0, seg()) })],
    [ipv6({ payload: seg() }).subarray(0, 44), 84],
  ];
  writeFileSync(join(out, 'raw-ipv6.pcap'), pcap(229, records));
}

// Raw IP (101): the version nibble decides; IPv4 in raw IPv4 (228).
writeFileSync(
  join(out, 'raw.pcap'),
  pcap(101, [[syn4()], [syn6()], [bytes(0x30, syn4().subarray(1))], [data4()]]),
);
writeFileSync(join(out, 'raw-ipv4.pcap'), pcap(228, [[syn4()], [syn6()]]));

// Linux cooked v1 and v2, with VLAN tags.
{
  const sll = (protocol, payload, type = 0) =>
    bytes(be16(type), be16(1), be16(6), hex('020000000001 0000'), be16(protocol), payload);
  writeFileSync(
    join(out, 'linux-sll.pcap'),
    pcap(113, [
      [sll(0x0800, syn4())],
      [sll(0x86dd, syn6(), 4)],
      [sll(0x8100, bytes(be16(5), be16(0x0800), data4()))],
      [sll(0x8100, bytes(be16(5), be16(0x8100), be16(6), be16(0x86dd), syn6()))],
      [sll(0x88a8, bytes(be16(5), be16(0x0800), syn4()))],
    ]),
  );
  const sll2 = (protocol, index, type, payload) =>
    bytes(be16(protocol), be16(0), be32(index), be16(1), type, 6, hex('020000000001 0000'), payload);
  writeFileSync(
    join(out, 'linux-sll2.pcap'),
    pcap(276, [
      [sll2(0x0800, 4000000, 0, syn4())],
      [sll2(0x0800, 4000001, 1, data4())],
      [sll2(0x86dd, 4000000, 2, syn6())],
      [sll2(0x0800, 4000000, 3, syn4())],
      [sll2(0x0800, 4000000, 4, syn4())],
      [sll2(0x0800, 4000000, 7, syn4())],
      [sll2(0x8100, 4000000, 4, bytes(be16(5), be16(0x86dd), syn6()))],
    ]),
  );
}

// BSD and OpenBSD loopback, PPP, Juniper without a link header.
writeFileSync(
  join(out, 'null.pcap'),
  pcap(0, [
    [bytes(le32(2), syn4())],
    [bytes(be32(2), data4())],
    [bytes(le32(24), syn6())],
    [bytes(le32(28), syn6())],
    [bytes(le32(30), syn6())],
    [bytes(le32(7), syn4())],
  ]),
);
writeFileSync(join(out, 'loop.pcap'), pcap(108, [[bytes(be32(2), syn4())], [bytes(be32(24), syn6())]]));
writeFileSync(
  join(out, 'ppp.pcap'),
  pcap(9, [
    [bytes(0xff, 0x03, be16(0x0021), syn4())],
    [bytes(0x21, data4())],
    [bytes(0x00, 0x03, be16(0x0021), syn4())],
    [bytes(0x01, 0x03, be16(0x0057), syn6())],
    [bytes(be16(0x0800), syn4())],
    [bytes(0xff, 0x03, be16(0xc021), hex('0101000401020304'))],
  ]),
);
writeFileSync(
  join(out, 'juniper-no-l2.pcap'),
  pcap(178, [
    [bytes(hex('4d4743'), 0x02, be32(0), syn4())],
    [bytes(hex('4d4743'), 0x82, be16(4), hex('01020304'), be32(0), syn6())],
  ]),
);

// pcap variants: big-endian with nanosecond time stamps; a record past the snapshot length; FCS bits.
writeFileSync(
  join(out, 'big-endian-nano.pcap'),
  pcap(
    1,
    [
      [ether(0x0800, syn4()), undefined, 1700000000, 123456789],
      [ether(0x0800, data4()), undefined, 1700000001, 999999999],
    ],
    { magic: 0xa1b23c4d, little: false },
  ),
);
writeFileSync(
  join(out, 'snap-cut.pcap'),
  pcap(1, [[ether(0x0800, data4())], [ether(0x0800, syn4())]], { snap: 60 }),
);
writeFileSync(
  join(out, 'fcs-bits.pcap'),
  pcap(0x14000001, [[bytes(ether(0x0800, syn4()), hex('deadbeef'))]]),
);

// pcapng: a big-endian section with two interfaces (nanosecond and 2^-3 s time stamps, an offset),
// Enhanced, Simple and obsolete Packet Blocks and a skipped Name Resolution Block; then a second
// section whose interface list starts anew (same byte order: libpcap 1.10 cannot switch).
{
  const block = (w32, type, body) => {
    const padded = bytes(body, new Uint8Array((4 - (body.length % 4)) % 4));
    const length = padded.length + 12;
    return bytes(w32(type), w32(length), padded, w32(length));
  };
  const section = (w16, w32, little) =>
    block(
      w32,
      0x0a0d0d0a,
      bytes(little ? le32(0x1a2b3c4d) : be32(0x1a2b3c4d), w16(1), w16(0), new Uint8Array(8).fill(0xff)),
    );
  const option = (w16, code, value) =>
    bytes(w16(code), w16(value.length), value, new Uint8Array((4 - (value.length % 4)) % 4));
  const idb = (w16, w32, linkType, snap, options) =>
    block(w32, 1, bytes(w16(linkType), w16(0), w32(snap), options, w16(0), w16(0)));
  const epb = (w32, id, high, low, data, original) =>
    block(w32, 6, bytes(w32(id), w32(high), w32(low), w32(data.length), w32(original ?? data.length), data));
  const pb = (w16, w32, id, high, low, data) =>
    block(w32, 2, bytes(w16(id), w16(0), w32(high), w32(low), w32(data.length), w32(data.length), data));
  const spb = (w32, data) => block(w32, 3, bytes(w32(data.length), data));
  const B16 = be16;
  const B32 = be32;
  const ns = 1700000000n * 1000000000n + 123456789n;
  const eighths = 1700000000n * 8n + 5n;
  const file = bytes(
    section(B16, B32, false),
    idb(B16, B32, 1, 0, option(B16, 9, Uint8Array.of(9))),
    idb(B16, B32, 1, 0, bytes(option(B16, 9, Uint8Array.of(0x83)), option(B16, 14, bytes(B32(0), B32(100))))),
    epb(B32, 0, Number(ns >> 32n), Number(ns & 0xffffffffn), ether(0x0800, syn4())),
    block(B32, 4, bytes(B16(1), B16(8), v4('192.0.2.1'), hex('6800 0000'), B16(0), B16(0))),
    epb(B32, 1, Number(eighths >> 32n), Number(eighths & 0xffffffffn), ether(0x86dd, syn6())),
    pb(B16, B32, 0, Number(ns >> 32n), Number(ns & 0xffffffffn), ether(0x0800, data4())),
    spb(B32, ether(0x0800, syn4())),
    section(B16, B32, false),
    idb(B16, B32, 1, 0, new Uint8Array(0)),
    epb(B32, 0, 395812, 1350574208, ether(0x0800, data4())),
  );
  writeFileSync(join(out, 'sections.pcapng'), file);
}

// Edge cases of every walker, one capture per link type: cut, short and malformed headers.
{
  const seg = tcp({ options: SYN_OPTIONS, src: SRC4, dst: DST4 });
  const syn6seg = (dst = v6(2)) => tcp({ options: SYN_OPTIONS, src: v6(1), dst });
  const A = v6(0xaaa);
  const raw = [
    [syn4().subarray(0, 19), 64],
    [bytes(0x44, syn4().subarray(1))],
    [ipv4({ options: bytes(1, 1, 1, 0), payload: seg })],
    [ipv4({ options: bytes(1, 1, 7, 1), payload: seg })],
    [ipv4({ options: bytes(131, 3, 4, 1), payload: seg })],
    [ipv4({ options: bytes(1, 1, 1, 131), payload: seg })],
    [
      ipv4({
        options: bytes(137, 7, 4, v4('203.0.113.7'), 0),
        payload: tcp({ options: SYN_OPTIONS, src: SRC4, dst: v4('203.0.113.7') }),
      }),
    ],
    [ipv4({ proto: 51, payload: bytes(6, 4, 0, 0, be32(1)) })],
    [ipv4({ proto: 51, payload: bytes(6, 40, be16(0), be32(1), be32(2), new Uint8Array(12), seg) })],
    [ipv4({ proto: 51, payload: bytes(6, 4, be16(0x55), be32(0x1000), be32(7), new Uint8Array(12), seg) })],
    [ipv4({ proto: 17, total: 0, payload: new Uint8Array(20) })],
    [ipv4({ offset: 0x0010, total: 0, payload: seg })],
    [ipv4({ options: new Uint8Array(20).fill(1), payload: seg }).subarray(0, 30), 84],
    [ipv6({ payload: syn6seg() }).subarray(0, 39), 84],
    [ipv6({ next: 0, payload: bytes() })],
    [ipv6({ next: 0, payload: bytes(6, 1, 1, 4, 0, 0, 0, 0) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 0, 1, 4, 0, 0, 0, 0, 0, syn6seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 1, 8, 0, 0, 0, 0, syn6seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 0xc9, 2, 0, 0, 0, 0, syn6seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 0x8b, 1, 0, 0, 0, 0, syn6seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 0, 0xc2, 3, 0, 0, 0, 0, syn6seg()) })],
    [ipv6({ next: 0, plen: 0, payload: bytes(6, 0, 0xc2, 4, be32(1000), syn6seg()) })],
    [ipv6({ next: 0, payload: bytes(6, 1, 0xc2, 4, be32(70000), 0xc2, 4, be32(80000), 1, 0, syn6seg()) })],
    [ipv6({ next: 44, payload: bytes(6, 0, be16(1)) })],
    [ipv6({ next: 44, payload: bytes(6, 0, be16(1), be32(9)) })],
    [ipv6({ next: 43, payload: bytes(6, 0, 0, 0) })],
    [ipv6({ next: 43, payload: bytes(6, 1, 0, 1, be32(0), A.subarray(0, 8), syn6seg()) })],
    [ipv6({ next: 43, payload: bytes(6, 3, 4, 0, 2, 0, be16(0), A, A.subarray(0, 8), syn6seg()) })],
    [ipv6({ next: 43, payload: bytes(6, 2, 4, 0, 1, 0x80, be16(7), A, syn6seg(A)) })],
    [ipv6({ next: 43, payload: bytes(6, 2, 4, 0, 3, 0, be16(7), A, syn6seg(A)) })],
    [ipv6({ next: 43, payload: bytes(6, 0, 0, 0, be32(0), syn6seg()) })],
    [ipv6({ next: 51, payload: bytes(6, 4, be16(0), be32(0x1000)) })],
    [ipv6({ next: 17, payload: new Uint8Array(16) })],
    [bytes(0x45)],
    [ipv6({ next: 0, payload: bytes(6, 0, 1, 4, 0, 0, 0, 0) })],
  ];
  writeFileSync(join(out, 'edge-raw.pcap'), pcap(101, raw));
  const full = syn4();
  writeFileSync(
    join(out, 'edge-ethernet.pcap'),
    pcap(1, [
      [hex('020000000002 020000000001 0800').subarray(0, 10), 60],
      [bytes(hex('020000000002 020000000001'), be16(0x8100), 0), 60],
      [ether(0x86dd, ipv4({ payload: tcp({ src: SRC4, dst: DST4 }) }))],
      [bytes(hex('020000000002 020000000001'), be16(2), hex('aaaa')), 60],
      [
        bytes(
          hex('020000000002 020000000001'),
          be16(full.length + 8),
          hex('aaaa03000000 0800').subarray(0, 6),
        ),
        60,
      ],
      [bytes(hex('020000000002 020000000001'), be16(full.length + 3), hex('060613'), full)],
      [bytes(hex('020000000002 020000000001'), be16(full.length + 8), hex('aaaa03000000 0806'), full)],
    ]),
  );
  writeFileSync(
    join(out, 'edge-ppp.pcap'),
    pcap(9, [
      [Uint8Array.of(0xff), 40],
      [Uint8Array.of(0xff, 0x03, 0x00), 40],
      [bytes(0xff, 0x03, 0x00, 0x21, syn6())],
    ]),
  );
  const arc = (type, header) => bytes(0x01, 0x02, be16(0), type, header ? bytes(0, be16(0)) : bytes());
  writeFileSync(
    join(out, 'edge-arcnet.pcap'),
    pcap(129, [
      [Uint8Array.of(1, 2, 0), 40],
      [bytes(arc(212, false)), 40],
      [bytes(arc(0xc4, true), syn6())],
      [bytes(arc(213, true), new Uint8Array(28))],
      [bytes(arc(240, false), syn4())],
    ]),
  );
  writeFileSync(
    join(out, 'edge-juniper.pcap'),
    pcap(178, [
      [bytes(hex('4d4744'), 0x00, syn4())],
      [bytes(hex('4d4743'), 0x80, 0), 60],
      [bytes(hex('4d4743'), 0x02, be32(0)), 60],
      [bytes(hex('4d4743'), 0x80, be16(40), new Uint8Array(8)), 80],
      [bytes(hex('4d4743'), 0x00, ether(0x0800, data4()))],
      [Uint8Array.of(0x4d, 0x47), 40],
    ]),
  );
  writeFileSync(
    join(out, 'edge-ipoib.pcap'),
    pcap(242, [[new Uint8Array(30), 60], [bytes(new Uint8Array(40), be16(0x86dd), be16(0), syn6())]]),
  );
  const sllHead = (protocol) => bytes(be16(0), be16(1), be16(6), hex('020000000001 0000'), be16(protocol));
  writeFileSync(
    join(out, 'edge-sll.pcap'),
    pcap(113, [
      [sllHead(0x0800).subarray(0, 12), 40],
      [bytes(sllHead(0x8100), be16(5)), 40],
      [bytes(sllHead(0x8100), be16(5), be16(0x0806), new Uint8Array(28))],
    ]),
  );
  writeFileSync(
    join(out, 'edge-sll2.pcap'),
    pcap(276, [
      [new Uint8Array(12), 40],
      [bytes(be16(0x0806), be16(0), be32(4000000), be16(1), 0, 6, new Uint8Array(8), new Uint8Array(28))],
    ]),
  );
  writeFileSync(join(out, 'edge-null.pcap'), pcap(0, [[Uint8Array.of(2, 0), 40]]));
  writeFileSync(
    join(out, 'edge-loop.pcap'),
    pcap(108, [[Uint8Array.of(0, 0), 40], [bytes(be32(30), syn6())]]),
  );
}
