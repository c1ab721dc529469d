// Reading a capture file to its end in tests, and the check of the CaptureError that stopped it.
import { expect } from 'vitest';
import { CaptureError, type CaptureFrame, isCaptureError, readCapture } from '../../src/capture/index.ts';

/** Reads a file to its end, keeping the frames (copied) and the error that stopped it. */
export function readAll(bytes: Uint8Array): { frames: CaptureFrame[]; error: unknown } {
  const frames: CaptureFrame[] = [];
  try {
    for (const frame of readCapture(bytes)) frames.push({ ...frame, data: frame.data.slice() });
    return { frames, error: null };
  } catch (error) {
    return { frames, error };
  }
}

export function expectError(bytes: Uint8Array, code: string, offset: number, framesBefore: number): void {
  const { frames, error } = readAll(bytes);
  expect(frames).toHaveLength(framesBefore);
  expect(isCaptureError(error)).toBe(true);
  expect(error).toBeInstanceOf(CaptureError);
  expect((error as CaptureError).code).toBe(code);
  expect((error as CaptureError).offset).toBe(offset);
}
