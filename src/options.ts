/**
 * TCP options (RFC 9293 §3.2 and the RFCs of each kind): the typed union in `options/types.ts`, the
 * kinds table in `options/kinds.ts`, and one file per step of an option's codec: `parse.ts` (bytes
 * to option), `encode.ts` (option to bytes, checked), `code.ts`.
 *
 * @module
 */
export { optionCode } from './options/code.ts';
export { encodeOption, measureOption } from './options/encode.ts';
export { fixedLengthAllowed } from './options/kinds.ts';
export { copyBytes, parseOption } from './options/parse.ts';

export type {
  AccEcnOption,
  AuthenticationOption,
  EolOption,
  ExperimentalOption,
  FastOpenOption,
  Md5Option,
  MssOption,
  MultipathOption,
  NopOption,
  RawOption,
  SackBlock,
  SackOption,
  SackPermittedOption,
  TcpOption,
  TcpOptionKind,
  TimestampsOption,
  UnknownOption,
  UserTimeoutOption,
  WindowScaleOption,
} from './options/types.ts';
