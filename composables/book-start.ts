/**
 * The invoice book page's start order: the first invoice rows come first, and what else the
 * page asks on opening (the payment check, the customers, the totals, the export plan and log,
 * the connected billing system) only after they are painted. Asked at once, those requests
 * kept the background busy (the export plan alone reads every changed invoice) while the
 * first rows waited behind them.
 */
import { inject, provide, type InjectionKey } from 'vue';

interface BookStart {
  firstRowsShown: Promise<void>;
  rowsShown: () => void;
}

const BOOK_START: InjectionKey<BookStart> = Symbol('book-start');

/** The page: one start for all its sections. */
export function provideBookStart(): void {
  let rowsShown!: () => void;
  const firstRowsShown = new Promise<void>((resolve) => (rowsShown = resolve));
  provide(BOOK_START, { firstRowsShown, rowsShown });
}

/**
 * A section's start (call in setup): resolves once the first rows are painted, at once where
 * no book list leads (the section on its own page or in a test).
 */
export function afterFirstRows(): Promise<void> {
  return inject(BOOK_START, null)?.firstRowsShown ?? Promise.resolve();
}

/** The list (call in setup): tells the other sections that its first rows are on screen (or failed). */
export function useRowsShown(): () => void {
  const start = inject(BOOK_START, null);
  return () => start?.rowsShown();
}

/** Resolves after the next frame is painted (a frame, then a task after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame !== 'function') setTimeout(resolve, 0);
    else requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}
