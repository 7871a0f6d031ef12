/**
 * Reading sevdesk invoices back: the result of saveInvoice, and the search for an invoice
 * whose creation had an unknown outcome (billing-apis.md §2.9).
 */
import { minorFromApiNumber, parseDecimalMoney } from '../../domain/money';
import type { CreatedInvoice, InvoiceProbe } from '../provider';
import { sevdeskDay, sevdeskInstant } from './dates';
import type { Amount, SevdeskInvoice } from './schemas';

/** Clocks of browser and sevdesk may differ; an invoice this much "older" can still be ours. */
export const CLOCK_SKEW_MS = 10 * 60 * 1000;

export function amountMinor(value: Amount, currency: string): number | null {
  return typeof value === 'number' ? minorFromApiNumber(value, currency) : (parseDecimalMoney(value, currency)?.minor ?? null);
}

/**
 * The gross total in the invoice's currency. For foreign currencies sevdesk may keep a EUR
 * amount in sumGross and the document's amount in sumGrossForeignCurrency (as it does for
 * vouchers), so that one wins where it is set.
 */
export function grossMinorOf(invoice: SevdeskInvoice, currency: string): number | undefined {
  const foreign = invoice.sumGrossForeignCurrency;
  const useForeign = currency !== 'EUR' && foreign !== undefined && foreign !== null && amountMinor(foreign, currency) !== 0;
  const value = useForeign ? foreign : invoice.sumGross;
  if (value === undefined || value === null) return undefined;
  return amountMinor(value, currency) ?? undefined;
}

export function toCreated(invoice: SevdeskInvoice, currency: string, url: (id: string) => string): CreatedInvoice {
  const gross = grossMinorOf(invoice, invoice.currency ?? currency);
  return {
    id: invoice.id,
    number: invoice.invoiceNumber || null,
    url: url(invoice.id),
    // Update 2.0 creates drafts only; anything else was changed in sevdesk meanwhile.
    status: !invoice.status || invoice.status === '100' ? 'draft' : 'open',
    ...(gross !== undefined ? { grossMinor: gross } : {}),
  };
}

/** Whether the invoice was created at or after `after` (ms), allowing for clock skew. */
function createdAfter(create: string, after: number): boolean {
  // A bare day cannot be compared to the minute: compare days instead.
  if (!/\d[T ]\d/.test(create)) {
    const day = sevdeskDay(create);
    return day === null || day >= new Date(after - CLOCK_SKEW_MS).toISOString().slice(0, 10);
  }
  const created = sevdeskInstant(create);
  return created === null || created >= after - CLOCK_SKEW_MS;
}

/**
 * Whether an invoice may be the one an attempt created: a regular invoice of the contact,
 * created after the attempt started, on the voucher date, with the same currency and total.
 * Fields sevdesk did not send do not exclude an invoice.
 */
export function matchesProbe(invoice: SevdeskInvoice, probe: InvoiceProbe): boolean {
  if (invoice.invoiceType && invoice.invoiceType !== 'RE') return false;
  if (invoice.contact && invoice.contact.id !== probe.contactId) return false;
  if (invoice.currency && invoice.currency !== probe.currency) return false;
  const after = Date.parse(probe.createdAfter);
  if (invoice.create && !Number.isNaN(after) && !createdAfter(invoice.create, after)) return false;
  const day = invoice.invoiceDate ? sevdeskDay(invoice.invoiceDate) : null;
  if (day !== null && day !== probe.voucherDate) return false;
  const gross = grossMinorOf(invoice, probe.currency);
  return gross === undefined || gross === probe.grossMinor;
}
