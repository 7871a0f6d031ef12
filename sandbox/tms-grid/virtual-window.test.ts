import { describe, expect, it } from 'vitest';
import { assignSlots, poolSize, visibleRange } from './public/virtual-window.js';
import { GRID_GEOMETRY } from './mutate';

const { viewportHeight, rowHeight, overscan } = GRID_GEOMETRY;
const pool = poolSize(viewportHeight, rowHeight, overscan);

describe('grid windowing', () => {
  it('keeps about 30 row elements for 1,000 orders', () => {
    expect(pool).toBeGreaterThanOrEqual(25);
    expect(pool).toBeLessThanOrEqual(32);
    for (const top of [0, 100, 5_000, 13_337, 1000 * rowHeight]) {
      expect(visibleRange(top, viewportHeight, rowHeight, 1000, overscan).count).toBeLessThanOrEqual(pool);
    }
  });

  it('maps scrollTop to the rows under the viewport plus overscan, clamped at both ends', () => {
    expect(visibleRange(0, viewportHeight, rowHeight, 1000, overscan)).toEqual({ first: 0, count: viewportHeight / rowHeight + overscan });
    const mid = visibleRange(500 * rowHeight, viewportHeight, rowHeight, 1000, overscan);
    expect(mid.first).toBe(500 - overscan);
    expect(mid.first + mid.count).toBe(500 + viewportHeight / rowHeight + overscan);
    const end = visibleRange(1000 * rowHeight - viewportHeight, viewportHeight, rowHeight, 1000, overscan);
    expect(end.first + end.count).toBe(1000);
    expect(visibleRange(-50, viewportHeight, rowHeight, 10, overscan)).toEqual({ first: 0, count: 10 });
    expect(visibleRange(0, viewportHeight, rowHeight, 0, overscan)).toEqual({ first: 0, count: 0 });
  });

  it('recycles: an element keeps its order while visible and takes a new one when its order scrolls out', () => {
    const before = assignSlots(pool, visibleRange(0, viewportHeight, rowHeight, 1000, overscan));
    const after = assignSlots(pool, visibleRange(10 * rowHeight, viewportHeight, rowHeight, 1000, overscan));
    // Rows 6.. stay visible: they stay in the same elements.
    for (let i = 6; i < 24; i++) expect(after[i % pool]).toBe(before[i % pool]);
    // Row 0 scrolled out; its element now shows a row further down.
    expect(before[0]).toBe(0);
    expect(after[0]).not.toBe(0);
    expect(after[0]! % pool).toBe(0);
    // Every shown row appears exactly once.
    const shown = after.filter((x): x is number => x !== null);
    expect(new Set(shown).size).toBe(shown.length);
  });
});
