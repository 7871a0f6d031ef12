/**
 * The background's one invoice book (IndexedDB through Dexie). Opened on first use; before it
 * answers anything, the old ledger (an array in storage.local) is moved into it, once. A failed
 * move keeps the old array untouched and is reported (`bookMigrationItem`), and the book then
 * answers from the old array's entries too (see `invoicedOrders` in `utils/ledger.ts`), so no order that was
 * invoiced ever looks uninvoiced.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { InvoiceBook } from '@/utils/book/book';
import { openBookDb } from '@/utils/book/db';
import { migrateLedger, type MigrationReport } from '@/utils/book/migrate';

export const OLD_LEDGER_KEY = 'local:ledger' as const;
export const BOOK_MIGRATION_KEY = 'local:bookMigration' as const;

export const BookMigrationStateSchema = v.variant('status', [
  v.object({ status: v.literal('done'), at: v.string(), invoices: v.number(), orders: v.number(), rejected: v.number() }),
  v.object({ status: v.literal('failed'), at: v.string(), reason: v.pipe(v.string(), v.maxLength(2000)) }),
]);
export type BookMigrationState = v.InferOutput<typeof BookMigrationStateSchema>;

let opened: Promise<InvoiceBook> | null = null;

/** The book, migrated. Every part of the background asks here. */
export function invoiceBook(): Promise<InvoiceBook> {
  opened ??= openAndMigrate().catch((error: unknown) => {
    opened = null; // the next caller tries again (a worker can be woken while the disk is busy)
    throw error;
  });
  return opened;
}

/** Tests: forget the opened book (fake-indexeddb is reset between tests). */
export function forgetInvoiceBook(): void {
  opened = null;
}

async function openAndMigrate(): Promise<InvoiceBook> {
  const db = openBookDb();
  const book = new InvoiceBook(db, {
    onProblem: (p) => console.warn('[frachtbeleg] a book entry could not be read and was set aside:', p.table, p.reason),
  });
  await migrateOldLedger(book);
  return book;
}

/** Moves the old ledger into the book; on success the old array is removed, on failure kept. */
export async function migrateOldLedger(book: InvoiceBook, now: () => Date = () => new Date()): Promise<MigrationReport> {
  const old = await storage.getItem<unknown>(OLD_LEDGER_KEY);
  if (old === null) {
    // Nothing to move (a new install, or moved before): mark it so a later stray array is not re-read blindly.
    return migrateLedger(book.db, [], now);
  }
  const report = await migrateLedger(book.db, old, now);
  const at = now().toISOString();
  if (report.status === 'done') {
    await storage.setItem(BOOK_MIGRATION_KEY, { status: 'done', at, invoices: report.invoices, orders: report.orders, rejected: report.rejected } satisfies BookMigrationState);
    await storage.removeItem(OLD_LEDGER_KEY);
  } else if (report.status === 'failed') {
    await storage.setItem(BOOK_MIGRATION_KEY, { status: 'failed', at, reason: report.reason } satisfies BookMigrationState);
  } else {
    // Moved before, yet an array is there again (restored from a backup?): keep it, say so.
    await storage.setItem(BOOK_MIGRATION_KEY, { status: 'failed', at, reason: 'an old ledger appeared after it had been moved; it was kept and not read twice' } satisfies BookMigrationState);
  }
  return report;
}

/** What the last migration attempt reported, for the popup and the book page. */
export async function bookMigrationState(): Promise<BookMigrationState | null> {
  const parsed = v.safeParse(BookMigrationStateSchema, await storage.getItem<unknown>(BOOK_MIGRATION_KEY));
  return parsed.success ? parsed.output : null;
}
