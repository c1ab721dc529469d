/**
 * The option walk (format/options.ts, format/option-kinds.ts), kind by kind. Expected text is tcpdump 4.99.3's or worked out by hand from print-tcp.c's rules,
 * explained next to each case.
 */
import { describe, expect, test } from 'vitest';
import { formatTcpSegment } from '../../src/format.ts';
import { optionText, segment } from '../support/format-segments.ts';

describe('the option walk, case by case (expected text from the rules of print-tcp.c)', () => {
  test.each([
    // A fixed-size kind with a longer length: tcpdump reads its 2 bytes, notes [len 6], and goes on
    // 4 bytes later, inside the option: the 01 01 there print as two NOPs.
    ['02 06 05b4 0101', 'options [mss 1460[len 6],nop,nop,eol]'],
    ['01 03 03 07', 'options [nop,wscale 7]'],
    ['06 06 00000009 0000', 'options [echo 9,eol]'],
    ['0d 06 00000007 0000', 'options [ 7,eol]'], // CC.ECHO: tcpdump's name for kind 13 is ""
    ['05 06 00000001 0000', 'options [sack invalid sack,eol]'],
    ['14 04 01 02', 'options [scps cap 01 id 2]'],
    ['1d 03 aa 00', 'options [tcp-ao (invalid),eol]'],
    ['1d 04 01 02', 'options [tcp-ao keyid 1 rnextkeyid 2]'],
    ['22 03 aa 00', 'options [tfo  (invalid),eol]'],
    ['fe 07 f989 aabbcc 00', 'options [exp-tfo (invalid),eol]'],
    ['fe 04 acc0', 'options [exp-acc0]'],
    // An experimental option too short for its ExID ends the list; a first option gets no "]".
    ['fe 03 aa 00', 'options [exp[bad opt]'],
    ['63 02 0000', 'options [unknown-99,eol]'],
    // tcpdump takes the low bit of the user timeout as "minutes": 0x8005 is (0x8005 >> 1) * 60.
    ['1c 04 8005', 'options [uto 0x8005 983160]'],
    // Length 1, or a length past the area, is [bad opt] at once (after a first option, with "]").
    ['01 08 01 00', 'options [nop,[bad opt]]'],
    ['08 0a 00000001', 'options [[bad opt]'],
  ])('%s', (hex, expected) => {
    expect(optionText(hex.replace(/ /g, ''))).toBe(expected);
  });

  test('MD5 when the payload was not captured: "snaplen too short"', () => {
    const digest = '00112233445566778899aabbccddeeff';
    const bytes = segment({ options: `1312${digest}0000`, payload: 'ff' });
    expect(formatTcpSegment(bytes.subarray(0, 40), { segmentLength: 41 })).toBe(
      `Flags [.], seq 1:2, ack 2, win 512, options [md5 snaplen too short, can't check - ${digest},eol], length 1`,
    );
  });
});
