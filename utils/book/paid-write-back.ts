/**
 * "Paid" written back to the TMS orders of an invoice the customer paid, where the user turned
 * it on for the order's TMS site (issue #17). Exactly once per order: the poll journals the
 * invoice when it becomes paid (paid-journal.ts, in the same transaction); each order is
 * ticked off in the journal after its write-back answered; and the adapter's `recordPayment`
 * reads the order before it writes, so an order written but not yet ticked off (the worker
 * stopped between the two) is not written again. One pass at a time in a worker.
 */
import * as v from 'valibot';
import type { InvoiceBook } from './book';
import { PAID_JOURNAL_PREFIX, PaidJournalSchema, paidJournalKey, type PaidJournalEntry } from './paid-journal';
import type { BookProvider } from './schema';
import type { TmsWriteBack, WriteBackResult } from '../tms/adapter';

export interface PaidSite {
  /** The user's choice in the options' TMS sites card; off by default. */
  writePaid: boolean;
  /** The adapter (or recipe) that serves the site. */
  adapter: string;
}

export interface PaidWriteBackDeps {
  book: InvoiceBook;
  /** The TMS site an order belongs to, or undefined when it is no longer a site. */
  site: (origin: string) => Promise<PaidSite | undefined>;
  writeBack: (adapterId: string) => Promise<TmsWriteBack | undefined>;
  providerName: (provider: BookProvider) => string;
}

export interface PaidWriteBackSummary {
  /** Orders told now ("paid" written, or found written already). */
  recorded: number;
  /** Orders whose TMS could not be reached: asked again after the next poll. */
  retrying: number;
  /** Orders the TMS refused (not found, cancelled): not asked again. */
  refused: number;
}

const orderKeyOf = (origin: string, orderId: string): string => `${origin}|${orderId}`;

/** Work through the journal: every paid invoice's orders on sites that want "paid" written back. */
export async function recordPaidInTms(deps: PaidWriteBackDeps): Promise<PaidWriteBackSummary> {
  const { book } = deps;
  const summary: PaidWriteBackSummary = { recorded: 0, retrying: 0, refused: 0 };
  const stored = await book.db.meta.where('key').startsWith(PAID_JOURNAL_PREFIX).toArray();
  for (const raw of stored) {
    const parsed = v.safeParse(PaidJournalSchema, raw.value);
    // An unreadable entry cannot say which orders were told: dropped, never guessed (the
    // write-back is optional, and a second "paid" would be worse than a missing one).
    if (!parsed.success) {
      await book.db.meta.delete(raw.key);
      continue;
    }
    const entry: PaidJournalEntry = { ...parsed.output, done: [...parsed.output.done] };
    const row = await book.get(entry.invoiceKey);
    // Paid no longer (a payment taken back, a cancellation): nothing to write.
    if (!row || row.status !== 'paid') {
      await book.db.meta.delete(raw.key);
      continue;
    }
    let left = 0;
    for (const order of await book.ordersOf(row.key)) {
      const orderKey = orderKeyOf(order.origin, order.orderId);
      if (entry.done.includes(orderKey)) continue;
      const result = await tellOrder(deps, order.origin, order.orderId, {
        providerName: deps.providerName(row.provider),
        invoiceNumber: row.invoiceNumber,
        url: row.deepLink,
        paidDate: row.paidDate,
      });
      if (result === 'retry') {
        summary.retrying++;
        left++;
        continue;
      }
      if (result === 'recorded') summary.recorded++;
      if (result === 'refused') summary.refused++;
      entry.done.push(orderKey);
      // Ticked off at once: a stop after this order never asks its TMS again.
      await book.db.meta.put({ key: raw.key, value: v.parse(PaidJournalSchema, entry) });
    }
    if (left === 0) await book.db.meta.delete(paidJournalKey(entry.invoiceKey));
  }
  return summary;
}

async function tellOrder(
  deps: PaidWriteBackDeps,
  origin: string,
  orderId: string,
  payment: Parameters<NonNullable<TmsWriteBack['recordPayment']>>[2],
): Promise<'recorded' | 'skipped' | 'refused' | 'retry'> {
  const site = await deps.site(origin);
  if (!site?.writePaid) return 'skipped';
  const writeBack = await deps.writeBack(site.adapter);
  // A TMS without the write (ledger-mode recipes) shows "paid" in the ledger badge.
  if (!writeBack?.recordPayment) return 'skipped';
  let result: WriteBackResult;
  try {
    result = await writeBack.recordPayment(origin, orderId, payment);
  } catch {
    return 'retry';
  }
  if (result.ok) return 'recorded';
  return result.retryable ? 'retry' : 'refused';
}

/** One pass at a time in this worker: the popup's poll and the alarm's must not both write. */
export function singlePass<T>(work: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () => {
    running ??= work().finally(() => {
      running = null;
    });
    return running;
  };
}
