/**
 * TCP options (RFC 9293 §3.2 and the RFCs of each kind): the typed union in `options/types.ts`, the
 * kinds table in `options/kinds.ts`, and one file per step of an option's codec: `parse.ts`,
 * `measure.ts`, `write.ts`, `code.ts`.
 *
 * @module
 */
export { optionCode } from './options/code.ts';
export { fixedLengthAllowed } from './options/kinds.ts';
export { measureOption, quickOptionLength } from './options/measure.ts';
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
export { writeOption } from './options/write.ts';
