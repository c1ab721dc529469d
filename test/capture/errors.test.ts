// CaptureError (src/capture/errors.ts): how a capture error is recognised, also when it does not
// come from this copy of the library.
import { describe, expect, it, test } from 'vitest';
import { CaptureError, isCaptureError, readCapture } from '../../src/capture/index.ts';

describe('isCaptureError', () => {
  test('a CaptureError the reader throws is one, by class and by name', () => {
    let caught: unknown;
    try {
      [...readCapture(new Uint8Array(24))];
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CaptureError);
    expect((caught as Error).name).toBe('CaptureError');
    expect(isCaptureError(caught)).toBe(true);
  });

  test('another copy is told by name, string code and numeric offset, all three', () => {
    const foreign = (fields: { name?: string; code?: unknown; offset?: unknown }) =>
      Object.assign(new Error('x'), { name: 'CaptureError', code: 'TRUNCATED', offset: 24, ...fields });
    expect(isCaptureError(foreign({}))).toBe(true);
    expect(isCaptureError(foreign({ name: 'RangeError' }))).toBe(false);
    expect(isCaptureError(foreign({ code: 7 }))).toBe(false);
    expect(isCaptureError(foreign({ offset: '24' }))).toBe(false);
    expect(isCaptureError({ name: 'CaptureError', code: 'TRUNCATED', offset: 24, message: 'x' })).toBe(false);
  });
});

describe('CaptureError', () => {
  it('is recognised across realms and bundled copies by its name, code and offset', () => {
    const foreign = Object.assign(new Error('x'), { name: 'CaptureError', code: 'EMPTY', offset: 0 });
    expect(isCaptureError(foreign)).toBe(true);
    expect(isCaptureError(Object.assign(new Error('x'), { name: 'CaptureError' }))).toBe(false);
    expect(isCaptureError(new TypeError('x'))).toBe(false);
    expect(isCaptureError({ name: 'CaptureError', code: 'EMPTY', offset: 0 })).toBe(false);
  });
});
