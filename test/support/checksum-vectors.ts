/**
 * Corpus vectors for the checksum tests: those whose right checksum the corpus knows, and their
 * pseudo-headers.
 */
import { type CorpusVector, loadVectors, vectorFiles } from './vectors.ts';

export const OFFLOAD_NOTE = 'captured checksum equals the folded pseudo-header sum';
export const isOffloaded = (v: CorpusVector): boolean => v.notes.some((n) => n.startsWith(OFFLOAD_NOTE));
export const pseudoOf = (v: CorpusVector): { src: string; dst: string } => ({ src: v.src, dst: v.dst });
export const field = (b: Uint8Array): number => (b[16]! << 8) | b[17]!;

/** Vectors whose whole segment was captured and whose right checksum the corpus knows. */
export function checksummed(): CorpusVector[] {
  const out: CorpusVector[] = [];
  for (const file of vectorFiles()) {
    for (const v of loadVectors(file)) if (!v.truncated && v.expected.correctChecksum !== null) out.push(v);
  }
  return out;
}
