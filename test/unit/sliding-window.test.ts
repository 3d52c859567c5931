// The Discord proxy's pace (scripts/sliding-window.ts): never more than `limit` through in any
// window, whatever window one looks at, and in the order callers came.
import { describe, expect, it } from 'vitest';
import { SlidingWindow } from '../../scripts/sliding-window.ts';

describe('SlidingWindow', () => {
  it('lets at most 3 through in any 150 ms, first come first served', async () => {
    const gate = new SlidingWindow(3, 150);
    const passed: { n: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, n) => gate.take().then(() => passed.push({ n, at: performance.now() }))),
    );
    expect(passed.map((p) => p.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Any four in a row span at least the window (timers may fire a millisecond early).
    for (let i = 0; i + 3 < passed.length; i += 1)
      expect((passed[i + 3]?.at ?? 0) - (passed[i]?.at ?? 0)).toBeGreaterThanOrEqual(148);
  });
});
