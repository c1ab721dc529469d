/**
 * The TCP header as a plain object, and the codec between it and bytes (RFC 9293 §3.1): decoding in
 * `header/decode.ts`, encoding in `header/encode.ts`, the types in `header/types.ts`.
 *
 * @module
 */
export { decode, decodeHeader, decodeSegment, findOption, tryDecode } from './header/decode.ts';
export { encode, encodedLength, encodeInto } from './header/encode.ts';
export type {
  EncodeOptions,
  TcpFlags,
  TcpHeader,
  TcpHeaderInit,
  TcpSegment,
  TryDecodeResult,
} from './header/types.ts';
