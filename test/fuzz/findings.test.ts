// What `npm run fuzz` found, replayed on the sources: every capture saved under test/fixtures/fuzz/
// (shrunk by the harness) and every encoder case in encoders.json must now pass the harness's
// checks (scripts/fuzz/). Then the checks themselves: each catches the break it is there for.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkCapture, Finding, type FuzzLibrary } from '../../scripts/fuzz/captures.mjs';
import { checkEncoders } from '../../scripts/fuzz/encoders.mjs';
import { randomStream } from '../../scripts/fuzz/random.mjs';
import * as capture from '../../src/capture/index.ts';
import * as main from '../../src/index.ts';

const lib: FuzzLibrary = { ...main, ...capture };
const DIR = join(import.meta.dirname, '../fixtures/fuzz');

interface EncoderCase {
  case: string;
  seed: number;
  header: string;
  finding: string;
}

const captures = readdirSync(DIR).filter((name) => name.endsWith('.bin'));
const encoderCases = JSON.parse(readFileSync(join(DIR, 'encoders.json'), 'utf8')) as EncoderCase[];
const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

describe('findings, fixed', () => {
  // capture-<kind>-<run seed>-<case>-<check seed>.bin
  test.skipIf(captures.length === 0).each(captures)('%s', (name) => {
    const checkSeed = Number(
      name
        .replace(/\.bin$/, '')
        .split('-')
        .at(-1),
    );
    expect(() =>
      checkCapture(lib, new Uint8Array(readFileSync(join(DIR, name))), randomStream(checkSeed)),
    ).not.toThrow();
  });

  test.each(encoderCases)('encoder case $case: $finding', ({ seed, header }) => {
    expect(() => checkEncoders(lib, main.decode(hex(header)), randomStream(seed))).not.toThrow();
  });
});

describe('the checks catch what they are for', () => {
  const ssh = new Uint8Array(readFileSync(join(import.meta.dirname, '../fixtures/corpus/pcap/ssh.pcap')));

  test('a stream reader that drops a frame', () => {
    const dropping = class extends capture.CaptureStreamReader {
      override *push(chunk: Uint8Array) {
        let first = true;
        for (const frame of super.push(chunk)) {
          if (!first) yield frame;
          first = false;
        }
      }
    };
    const broken = { ...lib, CaptureStreamReader: dropping };
    expect(() => checkCapture(broken, ssh, randomStream(1))).toThrow(Finding);
    expect(checkCapture(lib, ssh, randomStream(1)).frames).toBeGreaterThan(0);
  });

  test('an encoder that writes past the length it returns', () => {
    const header = main.decode(hex(encoderCases[0]!.header));
    const broken = {
      ...lib,
      encodeInto: (...args: Parameters<typeof main.encodeInto>) => {
        const n = main.encodeInto(...args);
        args[1][(args[2] ?? 0) + n] = 0;
        return n;
      },
    };
    // Some seed makes a header it accepts; its byte past the end is then a finding.
    const found = Array.from({ length: 50 }, (_, seed) => {
      try {
        checkEncoders(broken, header, randomStream(seed));
        return false;
      } catch (error) {
        return error instanceof Finding && error.kind === 'written-outside';
      }
    });
    expect(found).toContain(true);
  });

  test('a decoder that throws an error of the engine', () => {
    const broken = {
      ...lib,
      decode: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    };
    expect(() => checkCapture(broken, ssh, randomStream(1))).toThrow(/decode-threw/);
  });
});
