/**
 * Conformance against the corpus: every vector's segment decodes to the fields tshark, scapy and dpkt
 * agreed on (mapped to our schema by test/support/vectors.ts), re-encodes byte-exact, and captures
 * cut inside the header fail with TRUNCATED.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { isTcpDecodeError } from '../src/errors.ts';
import { decode, decodeSegment, encode, tryDecode } from '../src/header.ts';
import { decodeLenient } from '../src/lint.ts';
import {
  bytesToHex,
  type CorpusVector,
  comparable,
  cutInsideHeader,
  expectedHeader,
  loadVectors,
  segmentBytes,
  vectorById,
  vectorFiles,
} from './support/vectors.ts';

const HEADER_FIELDS = [
  'srcPort',
  'dstPort',
  'seq',
  'ack',
  'dataOffset',
  'reserved',
  'flags',
  'window',
  'checksum',
  'urgentPointer',
  'options',
  'padding',
] as const;

interface FileCounts {
  vectors: number;
  decoded: number;
  reencoded: number;
  cutInHeader: number;
  cutInPayload: number;
  markedMalformed: number;
}

/** Checks one vector; pushes one line per disagreement to `mismatches`. */
function checkVector(v: CorpusVector, mismatches: string[], counts: FileCounts): void {
  const bytes = segmentBytes(v);
  const say = (what: string): void => {
    mismatches.push(`${v.id}: ${what}`);
  };
  counts.vectors++;
  if (bytes.length !== v.capturedLength)
    say(`segmentHex holds ${bytes.length} bytes, capturedLength ${v.capturedLength}`);
  const result = tryDecode(bytes);
  if (v.malformed !== null) {
    counts.markedMalformed++;
    if (result.ok) say(`the corpus calls it malformed (${v.malformed}) but decode accepted it`);
    return;
  }
  if (cutInsideHeader(v)) {
    counts.cutInHeader++;
    const needed = bytes.length < 20 ? 20 : v.headerLength;
    if (result.ok) {
      say(`cut at ${bytes.length} of ${needed} header bytes, but decode accepted it`);
      return;
    }
    const e = result.error;
    const got = { code: e.code, offset: e.offset, needed: e.needed, available: e.available };
    const want = { code: 'TRUNCATED', offset: bytes.length, needed, available: bytes.length };
    if (!isDeepStrictEqual(got, want)) say(`error ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    // The lenient decoder still reads the fixed part when 20 bytes are there.
    const lenient = decodeLenient(bytes).header;
    if (bytes.length < 20) {
      if (lenient !== null) say('decodeLenient gave a header for fewer than 20 bytes');
    } else if (lenient === null) {
      say('decodeLenient gave no header for 20+ bytes');
    } else {
      for (const field of ['srcPort', 'dstPort', 'seq', 'ack', 'dataOffset', 'window', 'checksum'] as const) {
        if (lenient[field] !== v.expected[field]) {
          say(`lenient ${field} ${lenient[field]}, expected ${v.expected[field]}`);
        }
      }
    }
    return;
  }
  if (v.truncated) counts.cutInPayload++;
  if (!result.ok) {
    say(`decode threw ${result.error.code} at ${result.error.offset}: ${result.error.message}`);
    return;
  }
  counts.decoded++;
  const header = result.header;
  let want: ReturnType<typeof expectedHeader>;
  try {
    want = expectedHeader(v);
  } catch (error) {
    say(`vector not mappable: ${(error as Error).message}`);
    return;
  }
  if (want === null) {
    say('the vector lacks header fields although the capture holds the header');
    return;
  }
  for (const field of HEADER_FIELDS) {
    const got = comparable(header[field]);
    const expected = comparable(want[field]);
    if (!isDeepStrictEqual(got, expected)) {
      say(`${field}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
  }
  const extra = Object.keys(header).filter((k) => !(HEADER_FIELDS as readonly string[]).includes(k));
  if (extra.length > 0) say(`unexpected header keys ${extra.join(', ')}`);
  const headerLength = header.dataOffset * 4;
  if (v.headerLength !== headerLength) say(`header length ${headerLength}, vector says ${v.headerLength}`);
  const again = bytesToHex(encode(header));
  const original = bytesToHex(bytes.subarray(0, headerLength));
  if (again === original) counts.reencoded++;
  else say(`re-encoded ${again}, captured ${original}`);
  const { payload } = decodeSegment(bytes);
  if (payload.length !== bytes.length - headerLength) say(`payload of ${payload.length} bytes`);
}

function runFile(file: string): { mismatches: string[]; counts: FileCounts } {
  const mismatches: string[] = [];
  const counts: FileCounts = {
    vectors: 0,
    decoded: 0,
    reencoded: 0,
    cutInHeader: 0,
    cutInPayload: 0,
    markedMalformed: 0,
  };
  for (const v of loadVectors(file)) checkVector(v, mismatches, counts);
  return { mismatches, counts };
}

/** The counts the corpus README states, and what follows from them (see test/fixtures/corpus/README.md). */
const EXPECTED_COUNTS: Record<string, FileCounts> = {
  // 1696 vectors, 17 cut by the capture: 4 inside the header (beep-oobr#2, heapoverflow-tcp_print#1,
  // tcp-auth-heapoverflow#1, tcp_header_heapoverflow#1), 13 in the payload.
  'tcpdump-tests.jsonl': {
    vectors: 1696,
    decoded: 1692,
    reencoded: 1692,
    cutInHeader: 4,
    cutInPayload: 13,
    markedMalformed: 0,
  },
  // 500 valid segments built by scapy.
  'scapy-set-a.jsonl': {
    vectors: 500,
    decoded: 500,
    reencoded: 500,
    cutInHeader: 0,
    cutInPayload: 0,
    markedMalformed: 0,
  },
};

describe('corpus vectors', () => {
  test('both vector files are present', () => {
    expect(vectorFiles()).toEqual(Object.keys(EXPECTED_COUNTS).sort());
  });

  test.each(vectorFiles())(
    '%s: every vector decodes to its expected fields and re-encodes exactly',
    (file) => {
      const { mismatches, counts } = runFile(file);
      console.log(`${file}: ${JSON.stringify(counts)}`);
      expect(mismatches).toEqual([]);
      expect(counts).toEqual(EXPECTED_COUNTS[file]);
    },
  );
});

/** Named vectors, one per interesting mapping, so a failure reads as a diff of one header. */
const NAMED: [string, string][] = [
  ['pcap/accecn_handshake.pcap#2', 'kind 254 ExID 0xACC0 length 13 is accEcn with code 254'],
  ['pcap/accecn_handshake.pcap#3', 'accEcn after NOPs and timestamps, then zero padding after EOL'],
  ['pcap/tfo-5c1fa7f9ae91.pcap#1', 'kind 254 ExID 0xF989 length 4 is a fastOpen cookie request'],
  ['pcap/tfo-5c1fa7f9ae91.pcap#3', 'kind 254 ExID 0xF989 length 10 is a 6-byte fastOpen cookie'],
  ['pcap/mptcp-dss-oobr.pcap#1', 'multipath of length 3 (DSS subtype, CVE-2017-13040) then EOL'],
  ['pcap/mptcp-v1.pcap#1', 'MP_CAPABLE of length 4'],
  ['pcap/scps_invalid.pcap#1', 'kind 20 length 2 is unknown with empty data'],
  ['pcap/bgp_vpn_rt-oobr.pcap#1', 'kind 161 length 2, EOL, non-zero padding 0a; capture cut in the payload'],
  ['pcap/kday4.pcap#10', 'capture cut exactly at the end of the header'],
  ['scapy/scapy-set-a.pcap#45', 'SACK with four blocks'],
  ['scapy/scapy-set-a.pcap#4', 'reserved bits 111'],
  ['scapy/scapy-set-a.pcap#10', 'user timeout in minutes'],
  ['scapy/scapy-set-a.pcap#30', 'TCP-AO of length 4 (empty MAC)'],
  ['scapy/scapy-set-a.pcap#76', 'kind 253 length 2 has no ExID: unknown'],
  ['scapy/scapy-set-a.pcap#244', 'kind 254 length 3 has no ExID: unknown'],
];

describe('named corpus vectors', () => {
  test.each(NAMED)('%s: %s', (id) => {
    const v = vectorById(id);
    const bytes = segmentBytes(v);
    const header = decode(bytes);
    expect(comparable(header)).toEqual(comparable(expectedHeader(v)));
    expect(bytesToHex(encode(header))).toBe(v.segmentHex.slice(0, header.dataOffset * 8));
  });

  test.each([
    ['pcap/tcp_header_heapoverflow.pcap#1', 20, 12], // CVE-2016-7975: 12 bytes, data offset not captured
    ['pcap/heapoverflow-tcp_print.pcap#1', 60, 30], // byte 12 0xfd: data offset 15, 30 bytes captured
    ['pcap/tcp-auth-heapoverflow.pcap#1', 52, 30], // byte 12 0xdc: data offset 13, 30 bytes captured
    ['pcap/beep-oobr.pcap#2', 28, 24], // byte 12 0x7f: data offset 7, 24 bytes captured
  ])('%s is cut inside the header: TRUNCATED needing %i bytes with %i available', (id, needed, available) => {
    const bytes = segmentBytes(vectorById(id));
    let caught: unknown;
    try {
      decode(bytes);
    } catch (error) {
      caught = error;
    }
    expect(isTcpDecodeError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'TRUNCATED', offset: available, needed, available });
  });
});
