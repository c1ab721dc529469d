/**
 * tcp-header: encode and decode TCP segment headers (RFC 9293 §3.1) byte-exact.
 *
 * @example
 * ```ts
 * import { decode, encode } from 'tcp-header';
 * const header = decode(bytes);
 * const again = encode(header); // the same bytes
 * ```
 *
 * @module
 */
export { formatAddress, type IpAddress, parseAddress, parseIPv4, parseIPv6 } from './address.ts';
export {
  type PseudoHeader,
  pseudoHeaderSum,
  rewriteAck,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  rewriteSrcPort,
  type SegmentBytes,
  tcpChecksum,
  updateChecksum,
  verifyTcpChecksum,
  writeTcpChecksum,
} from './checksum.ts';
export {
  TCP_DATA_OFFSET,
  TCP_EXID,
  TCP_FIELD,
  TCP_FLAG,
  TCP_MAX_HEADER_LENGTH,
  TCP_MAX_OPTIONS_LENGTH,
  TCP_MAX_WINDOW_SCALE,
  TCP_MIN_HEADER_LENGTH,
  TCP_MIN_REASONABLE_MSS,
  TCP_OPTION_KIND,
  TCP_RESERVED_MASK,
  TCP_RESERVED_SHIFT,
} from './constants.ts';
export {
  isTcpDecodeError,
  TcpDecodeError,
  type TcpDecodeErrorCode,
  type TcpDecodeErrorDetails,
} from './errors.ts';
export {
  type FormatTcpCommonOptions,
  type FormatTcpOptions,
  type FormatTcpSegmentOptions,
  formatTcp,
  formatTcpSegment,
  type TcpChecksumCheck,
  type TcpRelativeNumbers,
} from './format.ts';
export {
  type BuiltSegment,
  type HandshakeSide,
  handshake,
  type TeardownSide,
  teardown,
} from './handshake.ts';
export {
  decode,
  decodeSegment,
  type EncodeOptions,
  encode,
  encodedLength,
  encodeInto,
  findOption,
  type TcpFlags,
  type TcpHeader,
  type TcpHeaderInit,
  type TcpSegment,
  type TryDecodeResult,
  tryDecode,
} from './header.ts';
export { decodeLenient, type LenientDecodeResult, lint } from './lint.ts';
export { TCP_FIXED_OPTION_LENGTHS } from './options/kinds.ts';
export {
  type AccEcnOption,
  type AuthenticationOption,
  type EolOption,
  type ExperimentalOption,
  type FastOpenOption,
  type Md5Option,
  type MssOption,
  type MultipathOption,
  type NopOption,
  optionCode,
  type RawOption,
  type SackBlock,
  type SackOption,
  type SackPermittedOption,
  type TcpOption,
  type TcpOptionKind,
  type TimestampsOption,
  type UnknownOption,
  type UserTimeoutOption,
  type WindowScaleOption,
} from './options.ts';
export type { TcpLintCode, TcpProblem } from './problems.ts';
export { encodeSegment } from './segment.ts';
export {
  aceCounter,
  segmentLength,
  seqAdd,
  seqDiff,
  seqGe,
  seqGt,
  seqInWindow,
  seqLe,
  seqLt,
} from './seq.ts';
export {
  type TcpConnection,
  type TcpConnectionEvent,
  type TcpConnectionState,
  type TcpEndpoint,
  type TcpSegmentRole,
  type TcpSide,
  TcpStreamTracker,
  type TcpViolation,
  type TcpViolationCode,
  type TrackedSegment,
  type TrackResult,
} from './tracker.ts';
export { TcpFlagsView, TcpOptionWalk, TcpView, TcpViewOption } from './view.ts';
