// The built ESM package in a real browser (headless Chromium): no Buffer, no process, no require,
// only the bytes a page has. Expected values come from the corpus vectors (tshark, scapy and dpkt
// agree on them), never from our own output.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { type BuiltPackage, buildPackage, REPO_ROOT, removeBuiltPackage } from '../package/build-package.ts';
import { launchChromium } from './chromium.ts';

/** What the page holds once the module script below ran (page.evaluate cannot use `import()`). */
interface Loaded {
  tcpHeader: typeof import('../../src/index.ts');
  tcpCapture: typeof import('../../src/capture/index.ts');
}

interface Vector {
  id: string;
  source: string;
  frame: number;
  ipVersion: 4 | 6;
  src: string;
  dst: string;
  segmentLength: number;
  truncated: boolean;
  segmentHex: string;
  headerLength: number;
  expected: {
    srcPort: number;
    dstPort: number;
    seq: number;
    ack: number;
    dataOffset: number;
    reserved: number;
    flags: Record<string, boolean>;
    window: number;
    checksum: number;
    urgentPointer: number;
    options: unknown[];
    optionsAfterEolHex?: string;
    checksumValid: boolean;
    correctChecksum: number;
  };
}

const corpus = join(REPO_ROOT, 'test/fixtures/corpus');
function readVectors(file: string): Vector[] {
  return readFileSync(join(corpus, 'vectors', file), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Vector);
}
const scapyVectors = readVectors('scapy-set-a.jsonl');
const tcpdumpVectors = readVectors('tcpdump-tests.jsonl');
/** Captures read in the page: pcap with nanosecond stamps, pcapng, and scapy's IPv4 + IPv6 pcap. */
const CAPTURES = ['pcap/tcp-handshake-nano.pcap', 'pcap/of13_ericsson.pcapng', 'scapy/scapy-set-a.pcap'];

describe('the ESM build in headless Chromium', () => {
  let built: BuiltPackage;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    built = buildPackage();
    server = await startStaticServer({
      routes: [
        { prefix: '/', dir: join(REPO_ROOT, 'test/browser') },
        { prefix: '/pkg/', dir: built.packageDir },
        { prefix: '/corpus/', dir: corpus },
      ],
    });
    browser = await launchChromium();
    page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/index.html`);
    await page.addScriptTag({
      type: 'module',
      content: [
        "import * as lib from '/pkg/dist/index.js';",
        "import * as capture from '/pkg/dist/capture.js';",
        'globalThis.tcpHeader = lib;',
        'globalThis.tcpCapture = capture;',
      ].join('\n'),
    });
    await page.waitForFunction(() => 'tcpHeader' in globalThis && 'tcpCapture' in globalThis);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built !== undefined) removeBuiltPackage(built);
  });

  test('the page has no Buffer, process or require', async () => {
    const globals = await page.evaluate(() => [
      typeof globalThis.Buffer,
      typeof globalThis.process,
      typeof require,
    ]);
    expect(globals).toEqual(['undefined', 'undefined', 'undefined']);
  });

  test('decodes 500 scapy segments from plain Uint8Arrays, field by field, and re-encodes their bytes', async () => {
    const inputs = scapyVectors.map((vector) => vector.segmentHex);
    const results = await page.evaluate((hexes) => {
      const lib = (globalThis as unknown as Loaded).tcpHeader;
      const toBytes = (hex: string): Uint8Array =>
        Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
      const toHex = (bytes: Uint8Array): string =>
        Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      return hexes.map((hex) => {
        const bytes = toBytes(hex);
        const header = lib.decode(bytes);
        const segment = lib.decodeSegment(bytes);
        return {
          fields: {
            srcPort: header.srcPort,
            dstPort: header.dstPort,
            seq: header.seq,
            ack: header.ack,
            dataOffset: header.dataOffset,
            reserved: header.reserved,
            flags: header.flags,
            window: header.window,
            checksum: header.checksum,
            urgentPointer: header.urgentPointer,
          },
          optionCount: header.options.length,
          paddingHex: toHex(header.padding),
          headerHex: toHex(lib.encode(header)),
          payloadLength: segment.payload.length,
        };
      });
    }, inputs);
    expect(results).toHaveLength(scapyVectors.length);
    results.forEach((result, index) => {
      const vector = scapyVectors[index] as Vector;
      const { srcPort, dstPort, seq, ack, dataOffset, reserved, flags, window, checksum, urgentPointer } =
        vector.expected;
      expect(result.fields, vector.id).toEqual({
        srcPort,
        dstPort,
        seq,
        ack,
        dataOffset,
        reserved,
        flags,
        window,
        checksum,
        urgentPointer,
      });
      expect(result.optionCount, vector.id).toBe(vector.expected.options.length);
      expect(result.paddingHex, vector.id).toBe(vector.expected.optionsAfterEolHex ?? '');
      expect(result.headerHex, vector.id).toBe(vector.segmentHex.slice(0, vector.headerLength * 2));
      expect(result.payloadLength, vector.id).toBe(vector.segmentHex.length / 2 - vector.headerLength);
    });
  });

  test('throws TcpDecodeError with its code for bad bytes, as in Node', async () => {
    const outcome = await page.evaluate(() => {
      const lib = (globalThis as unknown as Loaded).tcpHeader;
      const badOffset = new Uint8Array(20);
      badOffset[12] = 0x40; // data offset 4 words: below the minimum of 5
      const codes: string[] = [];
      for (const bytes of [new Uint8Array(19), badOffset]) {
        try {
          lib.decode(bytes);
          codes.push('no error');
        } catch (error) {
          codes.push(
            lib.isTcpDecodeError(error) && error instanceof lib.TcpDecodeError ? error.code : 'other',
          );
        }
      }
      return codes;
    });
    expect(outcome).toEqual(['TRUNCATED', 'BAD_DATA_OFFSET']);
  });

  test('reads pcap and pcapng files fetched as bytes: every TCP segment, its frame and addresses', async () => {
    const found = await page.evaluate(async (paths) => {
      const { tcpCapture } = globalThis as unknown as Loaded;
      const toHex = (bytes: Uint8Array): string =>
        Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      const results: { source: string; frame: number; src: string; dst: string; segmentHex: string }[] = [];
      for (const path of paths) {
        const bytes = new Uint8Array(await (await fetch(`/corpus/${path}`)).arrayBuffer());
        for (const frame of tcpCapture.readCapture(bytes)) {
          const tcp = tcpCapture.dissectFrame(frame);
          if (tcp === null) continue;
          results.push({
            source: path,
            frame: frame.number,
            src: tcp.src,
            dst: tcp.dst,
            segmentHex: toHex(tcp.segment),
          });
        }
      }
      return results;
    }, CAPTURES);
    const expected = [...scapyVectors, ...tcpdumpVectors]
      .filter((vector) => CAPTURES.includes(vector.source))
      .sort((a, b) => CAPTURES.indexOf(a.source) - CAPTURES.indexOf(b.source) || a.frame - b.frame)
      .map(({ source, frame, src, dst, segmentHex }) => ({ source, frame, src, dst, segmentHex }));
    expect(expected.length).toBe(3 + 174 + 500);
    expect(found).toEqual(expected);
  });

  test('checksums: computes, verifies and writes the checksum of 500 IPv4 and IPv6 segments', async () => {
    const inputs = scapyVectors.map(({ segmentHex, src, dst }) => ({ segmentHex, src, dst }));
    const results = await page.evaluate((segments) => {
      const lib = (globalThis as unknown as Loaded).tcpHeader;
      const toBytes = (hex: string): Uint8Array =>
        Uint8Array.from(hex.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
      return segments.map(({ segmentHex, src, dst }) => {
        const bytes = toBytes(segmentHex);
        const pseudo = { src, dst };
        const computed = lib.tcpChecksum(bytes, pseudo);
        const verified = lib.verifyTcpChecksum(bytes, pseudo);
        const zeroed = bytes.slice();
        zeroed[16] = 0;
        zeroed[17] = 0;
        const before = lib.verifyTcpChecksum(zeroed, pseudo);
        const written = lib.writeTcpChecksum(zeroed, pseudo);
        return { computed, verified, before, written, rewritten: zeroed[16]! * 256 + zeroed[17]! };
      });
    }, inputs);
    results.forEach((result, index) => {
      const vector = scapyVectors[index] as Vector;
      const right = vector.expected.correctChecksum;
      expect(result, vector.id).toEqual({
        computed: right,
        verified: true,
        // a zero field verifies only where the right checksum is zero too (RFC 9293 §3.1, RFC 1071)
        before: right === 0 || right === 0xffff,
        written: right,
        rewritten: right,
      });
    });
  });
});
