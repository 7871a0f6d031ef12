/**
 * What the invoice book page sees of the book: the filter it sends and the rows and totals it
 * gets back, as valibot schemas for the message protocol. A row carries the status as it reads
 * on the day asked (overdue follows from the due date), so the page never computes it.
 */
import * as v from 'valibot';
import type { IsoDate } from '../domain/dates';
import { MAX_ORDER_TEXT } from '../domain/order';
import { displayStatus, openMinor } from './status';
import { BOOK_PROVIDERS, BOOK_STATUSES, IsoDateSchema, type InvoiceRow } from './schema';

/** An invoice or order number as the user types or a badge sends it. */
export const BookNumberSchema = v.pipe(v.string(), v.trim(), v.maxLength(100));

export const BookFilterSchema = v.object({
  from: v.optional(IsoDateSchema),
  to: v.optional(IsoDateSchema),
  customerKey: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(300))),
  statuses: v.optional(v.pipe(v.array(v.picklist(BOOK_STATUSES)), v.maxLength(BOOK_STATUSES.length))),
  provider: v.optional(v.picklist(BOOK_PROVIDERS)),
  search: v.optional(BookNumberSchema),
});
export type BookFilterInput = v.InferOutput<typeof BookFilterSchema>;

const Minor = v.pipe(v.number(), v.safeInteger());
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const BookRowSchema = v.object({
  key: Text(300),
  provider: v.picklist(BOOK_PROVIDERS),
  invoiceNumber: v.nullable(Text(200)),
  documentType: v.picklist(['invoice', 'creditNote']),
  invoiceDate: IsoDateSchema,
  dueDate: v.nullable(IsoDateSchema),
  // As long as a TMS may send it: one long name must not make the whole page unreadable.
  customerName: Text(MAX_ORDER_TEXT),
  currency: Text(3),
  netMinor: Minor,
  grossMinor: Minor,
  /** What is still to be paid (0 when paid, cancelled or a draft). */
  openMinor: Minor,
  paidMinor: Minor,
  paidDate: v.nullable(IsoDateSchema),
  eInvoiceProfile: v.nullable(Text(200)),
  status: v.picklist(BOOK_STATUSES),
  deepLink: v.pipe(v.string(), v.url(), v.maxLength(2000)),
  orderNumbers: v.pipe(v.array(Text(200)), v.maxLength(20_000)),
  createdBy: v.picklist(['frachtbeleg', 'billing-system']),
  /** The payment reminder made for it, where one was. */
  reminderUrl: v.nullable(v.pipe(v.string(), v.url(), v.maxLength(2000))),
  /** "Correct invoice" / "Cancel invoice": the correction made for it, where one was. */
  correction: v.optional(
    v.nullable(
      v.object({
        number: v.nullable(Text(200)),
        url: v.pipe(v.string(), v.url(), v.maxLength(2000)),
        kind: v.picklist(['creditNote', 'cancellationInvoice']),
        full: v.boolean(),
        /** The user released the orders to be invoiced again. */
        released: v.boolean(),
      }),
    ),
  ),
});
export type BookRowView = v.InferOutput<typeof BookRowSchema>;

export const BookTotalsSchema = v.object({
  currency: Text(3),
  count: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  invoicedMinor: Minor,
  openMinor: Minor,
  overdueMinor: Minor,
});
export type BookTotalsView = v.InferOutput<typeof BookTotalsSchema>;

/** The page's view of a stored row on `today`. */
export function bookRowView(row: InvoiceRow, today: IsoDate): BookRowView {
  return {
    key: row.key,
    provider: row.provider,
    invoiceNumber: row.invoiceNumber,
    documentType: row.documentType,
    invoiceDate: row.invoiceDate,
    dueDate: row.dueDate,
    customerName: row.customerName,
    currency: row.currency,
    netMinor: row.netMinor,
    grossMinor: row.grossMinor,
    openMinor: openMinor(row),
    paidMinor: row.paidMinor,
    paidDate: row.paidDate,
    eInvoiceProfile: row.eInvoiceProfile,
    status: displayStatus(row, today),
    deepLink: row.deepLink,
    orderNumbers: row.orderNumbers,
    createdBy: row.createdBy,
    reminderUrl: row.reminder?.url ?? null,
    correction: row.correction
      ? { number: row.correction.number, url: row.correction.url, kind: row.correction.kind, full: row.correction.full, released: row.correction.releasedAt !== undefined }
      : null,
  };
}
