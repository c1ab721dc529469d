// The header playground (playground/), driven in headless Chromium on the packed ESM build: hex in,
// a field edited, a capture dropped; checked against the corpus (tshark/scapy/dpkt fields and
// tcpdump's printed lines). Takes a screenshot; PLAYGROUND_SCREENSHOT=docs/playground.png keeps it
// (npm run docs:screenshot), otherwise it goes to a temporary folder.
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StaticServer, startStaticServer } from '../../scripts/static-server.mjs';
import { launchChromium } from '../browser/chromium.ts';
import { type BuiltPackage, buildPackage, REPO_ROOT, removeBuiltPackage } from '../package/build-package.ts';

interface Vector {
  id: string;
  src: string;
  dst: string;
  segmentHex: string;
  expected: { srcPort: number; dstPort: number; seq: number; ack: number; window: number; checksum: number };
}

const corpus = join(REPO_ROOT, 'test/fixtures/corpus');
const vectors = new Map(
  readFileSync(join(corpus, 'vectors/tcpdump-tests.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Vector)
    .map((vector) => [vector.id, vector]),
);
function vector(id: string): Vector {
  const found = vectors.get(id);
  if (found === undefined) throw new Error(`no vector ${id}`);
  return found;
}
/** tcpdump's line for a segment, up to and including `length N` (it may append an app summary). */
function tcpdumpLine(capture: string, index: number): string {
  const lines = readFileSync(join(corpus, 'tcpdump-out', `${capture}.txt`), 'utf8').split('\n');
  const line = lines[index] ?? '';
  return line.replace(/(, length \d+).*$/, '$1');
}

/** RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'), in 16-bit ones' complement: the expected new checksum. */
function updatedChecksum(checksum: number, oldWord: number, newWord: number): number {
  let sum = (~checksum & 0xffff) + (~oldWord & 0xffff) + newWord;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

const hex4 = (value: number): string => `0x${value.toString(16).padStart(4, '0')}`;

describe('the header playground', () => {
  let built: BuiltPackage;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    built = buildPackage();
    server = await startStaticServer({
      routes: [
        { prefix: '/', dir: join(REPO_ROOT, 'playground') },
        { prefix: '/dist/', dir: join(built.packageDir, 'dist') },
      ],
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.url}/`);
    await page.waitForSelector('html[data-ready="true"]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built !== undefined) removeBuiltPackage(built);
  });

  const field = (name: string) => page.locator(`#diagram [data-field="${name}"]`);

  test('draws the fields, checksum, tcpdump line and options of pasted hex', async () => {
    const ssh = vector('pcap/ssh.pcap#4');
    await page.fill('#src', ssh.src);
    await page.fill('#dst', ssh.dst);
    await page.fill('#hex', ssh.segmentHex);
    expect(await field('srcPort').inputValue()).toBe(String(ssh.expected.srcPort));
    expect(await field('dstPort').inputValue()).toBe(String(ssh.expected.dstPort));
    expect(await field('seq').inputValue()).toBe(String(ssh.expected.seq));
    expect(await field('ack').inputValue()).toBe(String(ssh.expected.ack));
    expect(await field('window').inputValue()).toBe(String(ssh.expected.window));
    expect(await field('checksum').inputValue()).toBe(hex4(ssh.expected.checksum));
    expect(await field('flags.psh').isChecked()).toBe(true);
    expect(await field('flags.ack').isChecked()).toBe(true);
    expect(await field('flags.syn').isChecked()).toBe(false);
    expect(await page.textContent('#checksum')).toBe(`cksum ${hex4(ssh.expected.checksum)} (correct)`);
    expect(await page.textContent('#tcpdump')).toBe(tcpdumpLine('ssh.pcap', 3));
    expect(await page.textContent('#options tbody')).toBe('no options');
    expect(await page.textContent('[data-cell="payload"]')).toContain('21 bytes');
    expect(pageErrors).toEqual([]);
  });

  test('editing the window re-encodes the bytes and recomputes the checksum', async () => {
    const ssh = vector('pcap/ssh.pcap#4');
    await field('window').fill('1024');
    await field('window').press('Tab');
    const expectedChecksum = updatedChecksum(ssh.expected.checksum, ssh.expected.window, 1024);
    const expectedHex = `${ssh.segmentHex.slice(0, 28)}0400${expectedChecksum.toString(16).padStart(4, '0')}${ssh.segmentHex.slice(36)}`;
    const shown = (await page.inputValue('#hex')).replace(/\s/g, '');
    expect(shown).toBe(expectedHex);
    expect(await field('checksum').inputValue()).toBe(hex4(expectedChecksum));
    expect(await page.textContent('#checksum')).toBe(`cksum ${hex4(expectedChecksum)} (correct)`);
    expect(await page.textContent('#tcpdump')).toContain(', win 1024, length 21');
  });

  test('a checksum typed by hand is kept and reported as incorrect with the right value', async () => {
    const ssh = vector('pcap/ssh.pcap#4');
    const right = updatedChecksum(ssh.expected.checksum, ssh.expected.window, 1024);
    await field('checksum').fill('0x1234');
    await field('checksum').press('Tab');
    expect((await page.inputValue('#hex')).replace(/\s/g, '').slice(32, 36)).toBe('1234');
    expect(await page.textContent('#checksum')).toBe(`cksum 0x1234 (incorrect -> ${hex4(right)})`);
  });

  test('setting a flag re-encodes the flag bits', async () => {
    await field('flags.fin').check();
    // ACK|PSH|FIN = 0x019 after a data offset of 5 words: byte 12 is 0x50, byte 13 is 0x19.
    expect((await page.inputValue('#hex')).replace(/\s/g, '').slice(24, 28)).toBe('5019');
    expect(await page.textContent('#tcpdump')).toContain('Flags [FP.]');
  });

  test('an out-of-range value is refused with a message, and the bytes stay', async () => {
    const before = await page.inputValue('#hex');
    await field('srcPort').fill('70000');
    await field('srcPort').press('Tab');
    expect(await page.textContent('#status')).toContain('srcPort must be an integer in 0..65535, got 70000');
    expect(await page.inputValue('#hex')).toBe(before);
  });

  test('the suspicious example lists the NOP run that lint finds', async () => {
    await page.click('[data-sample="odd"]');
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems.some((text) => text.includes('NOP_RUN'))).toBe(true);
    // eleven NOPs, drawn as eleven option cells (ssh.pcap frame 2, tcpdump: mss 1460,sackOK,nop x11,wscale 7)
    expect(await page.locator('#options tbody tr').count()).toBe(14);
    expect(await page.textContent('#tcpdump')).toBe(tcpdumpLine('ssh.pcap', 1));
  });

  test('a dropped pcap lists its TCP segments as tcpdump does, and picking one draws it', async () => {
    await page.setInputFiles('#file', join(corpus, 'pcap/tcp-handshake-nano.pcap'));
    await page.waitForSelector('#frames li');
    const lines = await page.locator('#frames li').allTextContents();
    expect(lines).toEqual([0, 1, 2].map((index) => tcpdumpLine('tcp-handshake-nano.pcap', index)));
    await page.click('#frames li:nth-child(2)');
    const synAck = vector('pcap/tcp-handshake-nano.pcap#2');
    expect(await field('srcPort').inputValue()).toBe(String(synAck.expected.srcPort));
    expect(await field('seq').inputValue()).toBe(String(synAck.expected.seq));
    expect(await page.textContent('#tcpdump')).toBe(tcpdumpLine('tcp-handshake-nano.pcap', 1));
    expect(await page.textContent('#checksum')).toBe(`cksum ${hex4(synAck.expected.checksum)} (correct)`);
  });

  test('takes a screenshot of the page with the SYN example', async () => {
    await page.click('[data-sample="syn"]');
    const { PLAYGROUND_SCREENSHOT: wanted } = process.env;
    const target = resolve(REPO_ROOT, wanted ?? join(tmpdir(), 'tcp-header-playground.png'));
    await page.screenshot({ path: target, fullPage: true });
    const png = readFileSync(target);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(statSync(target).size).toBeGreaterThan(10_000);
    expect(pageErrors).toEqual([]);
  });
});
