/**
 * The one-time move of the old ledger (an array in storage.local, one entry per order) into
 * the book. Every entry is kept: valid ones become invoice rows with their orders, malformed
 * ones are stored as they were among the rejected rows. It runs in one transaction, so it
 * either happens whole or not at all; the caller keeps the old array unless it reports done.
 */
import * as v from 'valibot';
import { isIsoDate } from '../domain/dates';
import { BookValidationError, checkRow, firstIssue, putOrderLinks, type BookDb } from './db';
import { invoiceKeyOf, searchKeysOf, type InvoiceRow, type OrderLink, type RejectedRow } from './schema';

/**
 * The ledger entry as storage version 1 wrote it. A frozen copy on purpose: the migration must
 * read what old versions wrote even after the live schema in storage.ts moves on.
 */
export const LegacyLedgerEntrySchema = v.object({
  provider: v.picklist(['lexware', 'sevdesk']),
  invoiceId: v.string(),
  invoiceNumber: v.nullable(v.string()),
  url: v.string(),
  origin: v.string(),
  orderId: v.string(),
  orderNumber: v.string(),
  customerName: v.string(),
  currency: v.string(),
  positionNetMinor: v.number(),
  invoiceGrossMinor: v.optional(v.number()),
  createdAt: v.string(),
  jobId: v.string(),
});
export type LegacyLedgerEntry = v.InferOutput<typeof LegacyLedgerEntrySchema>;

export const LEDGER_MIGRATION_KEY = 'migration:ledger-v1';

export type MigrationReport =
  | { status: 'done'; invoices: number; orders: number; rejected: number }
  | { status: 'already'; at: string }
  | { status: 'failed'; reason: string };

/** Customers had no key in the ledger: the name, normalised, keeps one customer's invoices together. */
export const legacyCustomerKey = (name: string): string => `name|${name.trim().toLowerCase().replace(/\s+/g, ' ')}`;

export async function migrateLedger(db: BookDb, oldLedger: unknown, now: () => Date = () => new Date()): Promise<MigrationReport> {
  const at = now().toISOString();
  try {
    return await db.transaction('rw', [db.invoices, db.orders, db.orderInvoices, db.rejected, db.meta], async () => {
      const done = await db.meta.get(LEDGER_MIGRATION_KEY);
      if (done !== undefined) {
        const when = (done.value as { at?: unknown } | null)?.at;
        return { status: 'already' as const, at: typeof when === 'string' ? when : '' };
      }
      if (!Array.isArray(oldLedger)) throw new Error(`the old ledger is not a list (${typeof oldLedger})`);

      const rejected: RejectedRow[] = [];
      const groups = new Map<string, LegacyLedgerEntry[]>();
      oldLedger.forEach((raw: unknown, index) => {
        const parsed = v.safeParse(LegacyLedgerEntrySchema, raw);
        if (!parsed.success) {
          const { field, detail } = firstIssue(parsed.issues);
          rejected.push({ source: 'ledger', reason: `entry ${index + 1}: ${field ? `${field}: ` : ''}${detail}`, raw, at });
          return;
        }
        const key = invoiceKeyOf(parsed.output.provider, parsed.output.invoiceId);
        const group = groups.get(key) ?? [];
        // The same order twice in one invoice (an old retry) is one order, counted once.
        if (!group.some((e) => e.origin === parsed.output.origin && e.orderId === parsed.output.orderId)) group.push(parsed.output);
        groups.set(key, group);
      });

      const invoices: InvoiceRow[] = [];
      const orders = new Map<string, OrderLink>();
      for (const [key, entries] of groups) {
        try {
          const row = invoiceFromEntries(key, entries);
          const links = entries.map((e) =>
            checkRow('orders', {
              origin: e.origin,
              orderId: e.orderId,
              orderNumber: e.orderNumber,
              invoiceKey: key,
              netMinor: e.positionNetMinor,
              jobId: e.jobId,
              recordedAt: row.createdAt,
            }),
          );
          invoices.push(row);
          for (const link of links) orders.set(`${link.origin}|${link.orderId}|${key}`, link);
        } catch (error) {
          const reason = error instanceof BookValidationError ? `${error.field}: ${error.detail}` : error instanceof Error ? error.message : String(error);
          for (const e of entries) rejected.push({ source: 'ledger', reason: `invoice ${e.invoiceNumber ?? e.invoiceId}: ${reason}`, raw: e, at });
        }
      }

      // Merge with what the book may already hold (an earlier, interrupted attempt cannot have
      // written anything, but a newer version may have recorded some of these invoices).
      const existing = await db.invoices.bulkGet(invoices.map((i) => i.key));
      const fresh = invoices.filter((_, i) => existing[i] === undefined);
      await db.invoices.bulkPut(fresh);
      await putOrderLinks(db, [...orders.values()]);
      if (rejected.length > 0) await db.rejected.bulkAdd(rejected);
      const report = { status: 'done' as const, invoices: invoices.length, orders: orders.size, rejected: rejected.length };
      await db.meta.put({ key: LEDGER_MIGRATION_KEY, value: { at, ...report } });
      return report;
    });
  } catch (error) {
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** One invoice row from its ledger entries (one per order). */
function invoiceFromEntries(key: string, entries: readonly LegacyLedgerEntry[]): InvoiceRow {
  const first = entries[0]!;
  const orderNumbers = [...new Set(entries.map((e) => e.orderNumber))];
  const created = [...entries.map((e) => e.createdAt)].sort()[0]!;
  const netMinor = entries.reduce((sum, e) => sum + e.positionNetMinor, 0);
  const grossMinor = entries.find((e) => e.invoiceGrossMinor !== undefined)?.invoiceGrossMinor ?? netMinor;
  const createdAt = new Date(created);
  if (Number.isNaN(createdAt.getTime())) throw new Error(`createdAt "${created}" is not a time`);
  const invoiceDate = created.slice(0, 10);
  if (!isIsoDate(invoiceDate)) throw new Error(`createdAt "${created}" has no date`);
  return checkRow('invoices', {
    key,
    provider: first.provider,
    invoiceId: first.invoiceId,
    invoiceNumber: first.invoiceNumber,
    documentType: 'invoice',
    // The ledger kept no invoice date: the day it was created is the best we know.
    invoiceDate,
    dueDate: null,
    customerKey: legacyCustomerKey(first.customerName),
    customerName: first.customerName,
    customerNumber: null,
    customerVatId: null,
    currency: first.currency,
    netMinor,
    taxMinor: grossMinor - netMinor,
    grossMinor,
    taxCase: null,
    eInvoiceProfile: null,
    // Unknown until the first poll asks the billing system.
    status: 'open',
    paidMinor: 0,
    paidDate: null,
    deepLink: first.url,
    origin: first.origin,
    orderNumbers,
    searchKeys: searchKeysOf({ invoiceNumber: first.invoiceNumber, orderNumbers }),
    createdBy: 'frachtbeleg',
    correctionOf: null,
    correctedBy: [],
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
    documentChangedAt: createdAt.toISOString(),
  });
}
