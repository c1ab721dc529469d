/**
 * fast-check arbitraries for TCP headers (RFC 9293 §3.1): typed options, canonical header objects,
 * valid header bytes, and malformed bytes that a strict decoder must reject. Use them to fuzz your own
 * packet tools the way this library fuzzes itself.
 *
 * The module never loads fast-check: every factory takes *your* fast-check as its first argument
 * (`import fc from 'fast-check'` or `import * as fc from 'fast-check'`), so there is one fast-check
 * in your tests, with your seed, your `numRuns` and your shrinking.
 *
 * What each factory promises:
 * - {@link tcpOption}: any typed option with every value in range, in its canonical form (the form
 *   `decode` gives for its bytes).
 * - {@link tcpHeader}: canonical {@link TcpHeader} values, exactly what `decode` can return, so
 *   `decode(encode(h))` deep-equals `h`.
 * - {@link tcpHeaderBytes}: bytes `decode` accepts (a header, then an optional payload).
 * - {@link malformedTcpBytes}: bytes `decode` rejects with a `TcpDecodeError`, one variant per rule
 *   of docs/rules.md D1-D4 ({@link MALFORMED_TCP_VARIANTS} names the code each variant gets).
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { decode, encode } from 'tcp-header';
 * import { malformedTcpBytes, tcpHeader } from 'tcp-header/arbitraries';
 *
 * fc.assert(fc.property(tcpHeader(fc, { flags: { syn: true } }), (header) => {
 *   myTool.handle(encode(header)); // must not crash on any SYN
 * }));
 * fc.assert(fc.property(malformedTcpBytes(fc), (bytes) => {
 *   expect(() => myTool.parse(bytes)).toThrow(MyParseError);
 * }));
 * ```
 *
 * @module
 */
// biome-ignore lint/correctness/noUnusedImports: the module comment's {@link TcpHeader} resolves through it.
import type { TcpHeader } from '../header.ts';

export type { FastCheckApi } from './api.ts';
export { type TcpHeaderBytesConstraints, tcpHeaderBytes } from './bytes.ts';
export { type TcpHeaderConstraints, tcpHeader } from './header.ts';
export type { GeneratedOptionKind } from './kinds.ts';
export {
  MALFORMED_TCP_VARIANTS,
  type MalformedTcpBytesConstraints,
  type MalformedTcpVariant,
  malformedTcpBytes,
} from './malformed.ts';
export { type TcpOptionConstraints, tcpOption } from './options.ts';
