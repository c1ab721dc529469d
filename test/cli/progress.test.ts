// The running count on standard error: only on a terminal, only after a second, redrawn in place.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Progress } from '../../src/cli/progress.ts';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: string[] } {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

describe('Progress', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('writes nothing when standard error is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const progress = new Progress(stream);
    vi.setSystemTime(5000);
    progress.update(10, 5, 1_000_000);
    progress.clear();
    expect(written).toEqual([]);
  });

  it('stays silent for the first second, then redraws at most every 250 ms, and clears its line', () => {
    const { stream, written } = fakeStream(true);
    const progress = new Progress(stream);
    vi.setSystemTime(900);
    progress.update(1, 1, 100);
    expect(written).toEqual([]);
    vi.setSystemTime(1000);
    progress.update(2000, 1500, 2_500_000);
    vi.setSystemTime(1100);
    progress.update(3000, 2000, 3_000_000);
    vi.setSystemTime(1300);
    progress.update(4000, 3000, 4_000_000);
    progress.clear();
    expect(written).toEqual([
      '\r2000 frames, 1500 TCP segments, 2.5 MB read',
      '\r4000 frames, 3000 TCP segments, 4.0 MB read',
      '\r\x1b[K',
    ]);
  });
});
