/**
 * tcpdump-identical text for a TCP segment (`format/tcp.ts`: the entry points and their options;
 * `format/line.ts`: the line; `format/options.ts` and `format/option-kinds.ts`: the option list).
 *
 * A re-export of the files that hold them, kept so that imports of this path go on working.
 *
 * @module
 */
export type { TcpChecksumCheck, TcpRelativeNumbers } from './format/line.ts';
export {
  type FormatTcpCommonOptions,
  type FormatTcpOptions,
  type FormatTcpSegmentOptions,
  formatCapturedTcp,
  formatTcp,
  formatTcpSegment,
  readRelativeNumbers,
} from './format/tcp.ts';
