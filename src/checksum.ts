/**
 * The TCP checksum (RFC 9293 §3.1): the ones' complement sum (`checksum/sum.ts`), the pseudo-header
 * (`checksum/pseudo-header.ts`), compute, verify and write (`checksum/tcp.ts`), the incremental
 * updates after a rewrite (RFC 1624, `checksum/rewrite.ts`).
 *
 * A re-export of the files that hold them, kept so that imports of this path go on working.
 *
 * @module
 */
export { type PseudoHeader, pseudoHeaderSum } from './checksum/pseudo-header.ts';
export {
  rewriteAck,
  rewriteAddress,
  rewriteDstPort,
  rewriteSeq,
  rewriteSrcPort,
  updateChecksum,
} from './checksum/rewrite.ts';
export { sumWords } from './checksum/sum.ts';
export { type SegmentBytes, tcpChecksum, verifyTcpChecksum, writeTcpChecksum } from './checksum/tcp.ts';
