// The grid's windowing, as pure functions so the server's tests can check them (virtual-window.test.ts).

/**
 * Which rows a scroll position shows: the rows under the viewport plus `overscan` on each side.
 * @param {number} scrollTop @param {number} viewportHeight @param {number} rowHeight
 * @param {number} total @param {number} overscan
 * @returns {{ first: number, count: number }}
 */
export function visibleRange(scrollTop, viewportHeight, rowHeight, total, overscan) {
  if (total <= 0 || rowHeight <= 0) return { first: 0, count: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.max(0, Math.min(total - 1, Math.floor(top / rowHeight) - overscan));
  const end = Math.min(total, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) + overscan);
  return { first, count: Math.max(0, end - first) };
}

/** How many row elements the grid keeps: enough for a full window, never more. */
export function poolSize(viewportHeight, rowHeight, overscan) {
  return Math.ceil(viewportHeight / rowHeight) + 2 * overscan + 1;
}

/**
 * Which row element shows which row: row i always lives in element i % pool, so an element
 * keeps its order while that order stays in view and gets another one when it scrolls out.
 * @returns {(number | null)[]} per element, the row index it shows (null: hidden)
 */
export function assignSlots(pool, range) {
  const slots = new Array(pool).fill(null);
  for (let i = range.first; i < range.first + Math.min(range.count, pool); i++) slots[i % pool] = i;
  return slots;
}
