import type { RandomStream } from './random.mjs';

/** A broken guarantee: what broke (`kind`), on which input. */
export class Finding extends Error {
  readonly kind: string;
  constructor(kind: string, message: string);
}

/** The library the checks run on: the main entry and the capture entry, merged. */
export type FuzzLibrary = typeof import('../../src/index.ts') & typeof import('../../src/capture/index.ts');

/** `bytes` damaged by one to four mutations; `other` lends the spliced pieces. */
export function mutateCapture(bytes: Uint8Array, other: Uint8Array, random: RandomStream): Uint8Array;

/** Every reader, the dissector, the printers, the codec and the tracker on `bytes`; a {@link Finding} on a broken guarantee. */
export function checkCapture(
  lib: FuzzLibrary,
  bytes: Uint8Array,
  random: RandomStream,
): { frames: number; segments: number };

/** An error's name and message. */
export function describe(error: unknown): string;
