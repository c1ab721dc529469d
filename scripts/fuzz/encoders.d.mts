import type { TcpHeader } from '../../src/index.ts';
import type { FuzzLibrary } from './captures.mjs';
import type { RandomStream } from './random.mjs';

/** One hostile change of `header` through encode, encodedLength and encodeInto; a `Finding` on a broken guarantee. */
export function checkEncoders(lib: FuzzLibrary, header: TcpHeader, random: RandomStream): void;
