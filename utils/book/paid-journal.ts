/**
 * The journal of "paid" write-backs to the TMS (issue #17, optional per TMS site): one entry
 * per invoice that became paid, in the book's `meta` table, with the orders already told.
 * Kept apart from the write-back itself so the book can write an entry in the transaction
 * that marks the invoice paid without importing any TMS code.
 */
import * as v from 'valibot';
import type { BookDb } from './db';

export const PAID_JOURNAL_PREFIX = 'paid-tms|';
export const paidJournalKey = (invoiceKey: string): string => `${PAID_JOURNAL_PREFIX}${invoiceKey}`;

export const PaidJournalSchema = v.object({
  invoiceKey: v.pipe(v.string(), v.minLength(1)),
  /** When the poll saw the invoice paid. */
  at: v.string(),
  /** Orders ("origin|orderId") whose write-back answered, or that need none. */
  done: v.array(v.string()),
});
export type PaidJournalEntry = v.InferOutput<typeof PaidJournalSchema>;

/** Called inside the book's transaction on `invoices` and `meta`; an entry already there is kept with its progress. */
export async function journalPaid(db: BookDb, invoiceKey: string, at: string): Promise<void> {
  const key = paidJournalKey(invoiceKey);
  if (await db.meta.get(key)) return;
  await db.meta.put({ key, value: v.parse(PaidJournalSchema, { invoiceKey, at, done: [] }) });
}
