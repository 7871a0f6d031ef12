/**
 * Sandbox builds only: what `npm run bench` needs to measure the invoice book in the browser's
 * own IndexedDB (figure 11): the background's book and export log, and a bulk seed of ready-made
 * rows (200,000 invoices through `recordInvoice` would take the bench far longer than the figures
 * it measures). Production builds never reach this module: its only caller sits behind
 * `__SANDBOX__`, and the production-build E2E greps the bundle for the global's name.
 */
import { ExportLog } from '@/utils/book/export/log';
import { bookRow } from '@/sandbox/book-rows';
import { invoiceBook } from './services/book';

/** The name the bench calls on the worker's global object. */
export const SANDBOX_BENCH_GLOBAL = '__frachtbelegBench';

export const benchHooks = {
  book: invoiceBook,
  async exportLog(): Promise<ExportLog> {
    const book = await invoiceBook();
    return new ExportLog(book.db, book);
  },
  /**
   * Adds rows `from`…`to` − 1 of a book of `rows` (sandbox/book-rows.ts) as `recordInvoice` keeps
   * them: the invoice, its order link, the order's invoices. One transaction per call.
   */
  async seedBook(from: number, to: number, rows: number): Promise<void> {
    const batch = Array.from({ length: to - from }, (_, k) => bookRow(from + k, rows));
    const { db } = await invoiceBook();
    await db.transaction('rw', [db.invoices, db.orders, db.orderInvoices], async () => {
      await db.invoices.bulkAdd(batch.map((b) => b.invoice));
      await db.orders.bulkAdd(batch.map((b) => b.order));
      await db.orderInvoices.bulkAdd(batch.map((b) => ({ origin: b.order.origin, orderId: b.order.orderId, invoiceKeys: [b.order.invoiceKey] })));
    });
  },
  /**
   * Empties the book's invoices, order links and exports through the background's own
   * connection, so what the background keeps between questions ("is it invoiced?", the count)
   * hears of it as of any write (a raw IndexedDB clear from a page would go unheard).
   */
  async clearBook(): Promise<void> {
    const { db } = await invoiceBook();
    const tables = [db.invoices, db.orders, db.orderInvoices, db.exportMarks, db.exportSnapshots, db.exportLog, db.exportFiles];
    await db.transaction('rw', tables, async () => {
      for (const table of tables) await table.clear();
    });
  },
};

export type BenchHooks = typeof benchHooks;
