/**
 * Segments written byte by byte for the formatter's tests, and the option list tcpdump prints for
 * an option area.
 */
import { formatTcpSegment } from '../../src/format.ts';
import { hexToBytes } from './vectors.ts';

/**
 * A TCP segment written byte by byte (not with our encoder): ports 80 -> 5000, seq 1, ack 2,
 * window 512, checksum 0, then `options` and `payload` as hex. `flags` is byte 13; `dataOffset`
 * defaults to what the options need.
 */
export function segment(fields: {
  flags?: number;
  options?: string;
  payload?: string;
  dataOffset?: number;
  seq?: number;
  ack?: number;
  urgent?: number;
}): Uint8Array {
  const options = hexToBytes(fields.options ?? '');
  const payload = hexToBytes(fields.payload ?? '');
  const out = new Uint8Array(20 + options.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 80);
  view.setUint16(2, 5000);
  view.setUint32(4, fields.seq ?? 1);
  view.setUint32(8, fields.ack ?? 2);
  out[12] = (fields.dataOffset ?? 5 + Math.ceil(options.length / 4)) << 4;
  out[13] = fields.flags ?? 0x10;
  view.setUint16(14, 512);
  view.setUint16(18, fields.urgent ?? 0);
  out.set(options, 20);
  out.set(payload, 20 + options.length);
  return out;
}

export const ACK = 0x10;
export const SYN = 0x02;

/**
 * The option list tcpdump prints for `options` (hex, zero-filled to a multiple of 4 bytes) on a
 * segment without payload, without the `, length 0` after it.
 */
export const optionText = (options: string, flags = ACK): string => {
  const padded = options.padEnd(Math.ceil(options.length / 8) * 8, '0');
  const text = formatTcpSegment(segment({ options: padded, flags }));
  return text.slice(text.indexOf('options [')).replace(/, length 0$/, '');
};
