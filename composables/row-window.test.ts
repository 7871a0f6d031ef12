import { describe, expect, it } from 'vitest';
import { rowLayout, visibleRange } from './row-window';

describe('rowLayout', () => {
  it('places rows of a fixed height, with taller opened rows pushing the rest down', () => {
    const layout = rowLayout(100, 40, new Map([[3, 60], [10, 100]]));
    expect(layout.totalHeight).toBe(100 * 40 + 160);
    expect([layout.offsetOf(3), layout.offsetOf(4), layout.offsetOf(11)]).toEqual([120, 220, 600]);
    expect(layout.heightOf(3)).toBe(100);
    // Inside the opened row, then the rows after it.
    expect([layout.indexAt(0), layout.indexAt(119), layout.indexAt(120), layout.indexAt(219), layout.indexAt(220), layout.indexAt(599), layout.indexAt(600)]).toEqual([0, 2, 3, 3, 4, 10, 11]);
    expect(layout.indexAt(1_000_000)).toBe(99);
  });

  it('renders only the rows in view, plus a few on each side', () => {
    const layout = rowLayout(10_000, 40);
    expect(visibleRange(layout, 4000, 400, 5)).toEqual({ first: 95, last: 115 });
    expect(visibleRange(rowLayout(0, 40), 0, 400)).toEqual({ first: 0, last: -1 });
  });
});
