export interface RowRange {
  first: number;
  count: number;
}
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan: number): RowRange;
export function poolSize(viewportHeight: number, rowHeight: number, overscan: number): number;
export function assignSlots(pool: number, range: RowRange): (number | null)[];
