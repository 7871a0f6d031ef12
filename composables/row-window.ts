/**
 * The arithmetic of a windowed list with a fixed row height: only the rows in view are
 * rendered. A few rows may be taller (an invoice opened to show its orders) by a known extra
 * height, so offsets stay exact without measuring the DOM.
 */
export interface RowLayout {
  count: number;
  totalHeight: number;
  offsetOf(index: number): number;
  heightOf(index: number): number;
  /** The row at a vertical position (clamped to the list). */
  indexAt(y: number): number;
}

export function rowLayout(count: number, rowHeight: number, extras: ReadonlyMap<number, number> = new Map()): RowLayout {
  const tall = [...extras.entries()].filter(([i, extra]) => i >= 0 && i < count && extra > 0).sort((a, b) => a[0] - b[0]);
  const extraBefore = (index: number) => tall.reduce((sum, [i, extra]) => (i < index ? sum + extra : sum), 0);
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  return {
    count,
    totalHeight: count * rowHeight + tall.reduce((sum, [, extra]) => sum + extra, 0),
    offsetOf: (index) => index * rowHeight + extraBefore(index),
    heightOf: (index) => rowHeight + (extras.get(index) ?? 0),
    indexAt(y) {
      if (count === 0) return 0;
      let acc = 0;
      for (const [i, extra] of tall) {
        const start = i * rowHeight + acc;
        if (y < start) return clamp(Math.floor((y - acc) / rowHeight));
        if (y < start + rowHeight + extra) return i;
        acc += extra;
      }
      return clamp(Math.floor((y - acc) / rowHeight));
    },
  };
}

/** The rows to render for a viewport, with a few more on each side for smooth scrolling. */
export function visibleRange(layout: RowLayout, scrollTop: number, viewportHeight: number, overscan = 5): { first: number; last: number } {
  if (layout.count === 0) return { first: 0, last: -1 };
  return {
    first: Math.max(0, layout.indexAt(scrollTop) - overscan),
    last: Math.min(layout.count - 1, layout.indexAt(scrollTop + viewportHeight) + overscan),
  };
}
