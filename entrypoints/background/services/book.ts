/**
 * The background's one invoice book (IndexedDB through Dexie). Opened on first use; before it
 * answers anything, the old ledger (an array in storage.local) is moved into it, once. A failed
 * move keeps the old array untouched and is reported (`bookMigrationItem`), and the book then
 * answers from the old array's entries too (see `invoicedOrders` below), so no order that was
 * invoiced ever looks uninvoiced.
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { InvoiceBook, type InvoicedOrder } from '@/utils/book/book';
import { openBookDb } from '@/utils/book/db';
import { migrateLedger, type MigrationReport } from '@/utils/book/migrate';
import { invoiceKeyOf, type InvoiceRow } from '@/utils/book/schema';
import { bookRecordOf } from '@/utils/book/record';
import type { Job } from '@/utils/jobs/job';
import type { CreatedInvoice } from '@/utils/billing/provider';
import type { ProviderId } from '@/utils/domain/ids';
import { ledgerItem } from '@/utils/storage';

export const OLD_LEDGER_KEY = 'local:ledger' as const;
export const BOOK_MIGRATION_KEY = 'local:bookMigration' as const;

export const BookMigrationStateSchema = v.variant('status', [
  v.object({ status: v.literal('done'), at: v.string(), invoices: v.number(), orders: v.number(), rejected: v.number() }),
  v.object({ status: v.literal('failed'), at: v.string(), reason: v.pipe(v.string(), v.maxLength(2000)) }),
]);
export type BookMigrationState = v.InferOutput<typeof BookMigrationStateSchema>;

let opened: Promise<InvoiceBook> | null = null;
/** The old ledger could not be moved: its entries still count as invoiced (read, never written). */
let oldLedgerStillCounts = false;

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
  oldLedgerStillCounts = false;
}

async function openAndMigrate(): Promise<InvoiceBook> {
  const db = openBookDb();
  const book = new InvoiceBook(db, {
    onProblem: (p) => console.warn('[frachtbeleg] a book entry could not be read and was set aside:', p.table, p.reason),
  });
  const report = await migrateOldLedger(book);
  oldLedgerStillCounts = report.status !== 'done' && (await storage.getItem<unknown>(OLD_LEDGER_KEY)) !== null;
  // Counted now, while the page that opened the book is still loading: its first rows need it.
  book.countInvoices().catch(() => undefined);
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

/** Records an invoice a job created, with its orders (recording it again merges, never duplicates). */
export async function recordInvoice(job: Job, invoice: CreatedInvoice): Promise<InvoiceRow> {
  return (await invoiceBook()).recordInvoice(bookRecordOf(job, invoice));
}

/**
 * The one answer to "is this order invoiced?" for the whole extension: the orders of this TMS
 * site on an invoice that still stands, by order id.
 */
export async function invoicedOrders(origin: string, orderIds: readonly string[]): Promise<Map<string, InvoicedOrder>> {
  const book = await invoiceBook();
  const found = await book.isInvoiced(origin, orderIds);
  if (!oldLedgerStillCounts) return found;
  const wanted = new Set(orderIds);
  for (const e of await ledgerItem.get()) {
    if (e.origin !== origin || !wanted.has(e.orderId) || found.has(e.orderId)) continue;
    found.set(e.orderId, {
      orderId: e.orderId,
      invoiceKey: invoiceKeyOf(e.provider, e.invoiceId),
      provider: e.provider,
      invoiceNumber: e.invoiceNumber,
      deepLink: e.url,
      status: 'open',
      createdBy: 'frachtbeleg',
    });
  }
  return found;
}

/** Which of these invoice ids the book already holds (a search after an unknown outcome skips them). */
export async function knownInvoiceIds(provider: ProviderId, invoiceIds: readonly string[]): Promise<Set<string>> {
  const book = await invoiceBook();
  const rows = await book.db.invoices.bulkGet(invoiceIds.map((id) => invoiceKeyOf(provider, id)));
  const known = new Set(invoiceIds.filter((_, i) => rows[i] !== undefined));
  if (oldLedgerStillCounts) for (const e of await ledgerItem.get()) if (e.provider === provider && invoiceIds.includes(e.invoiceId)) known.add(e.invoiceId);
  return known;
}

/** The invoices Frachtbeleg created last, newest first (the popup's activity). */
export async function recentInvoices(limit: number): Promise<InvoiceRow[]> {
  const book = await invoiceBook();
  // Newest invoice dates first; among those, the newest created. A few extra rows cover
  // invoices dated ahead or back.
  const { rows } = await book.query({}, { column: 'invoiceDate', direction: 'desc' }, { offset: 0, limit: limit * 5 });
  return rows
    .filter((r) => r.createdBy === 'frachtbeleg')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
}
