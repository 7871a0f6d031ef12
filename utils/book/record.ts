/**
 * What the invoice book keeps of an invoice the job runner created: one row for the invoice
 * (its totals as the billing system computed them where it said so) and one link per order.
 */
import type { Job } from '../jobs/job';
import type { CreatedInvoice } from '../billing/provider';
import type { FreightTaxCase } from '../domain/freight-tax';
import { computeTotals } from '../domain/totals';
import { PROVIDER_RULES } from '../domain/provider-rules';
import { tmsKey } from '../domain/ids';
import type { RecordInvoiceInput, RecordedOrder } from './book';
import type { BookTaxCase } from './schema';

/**
 * The accounting view of a freight tax case (which revenue account, which export column).
 * Two freight cases are "not taxable in Germany" alike; a private customer is taxed as domestic.
 */
export const BOOK_TAX_CASE: Record<FreightTaxCase, BookTaxCase> = {
  domestic: 'domestic',
  exemptCrossBorder: 'exemptExport',
  intraEuReverseCharge: 'intraEuReverseCharge',
  thirdCountry: 'thirdCountry',
  thirdCountryTransport: 'thirdCountry',
  privateCustomer: 'domestic',
};

/** The due date the payment term gives; null where the billing system's default applies (unknown here). */
export function dueDateOf(voucherDate: string, paymentTermDays: number | null): string | null {
  if (paymentTermDays === null) return null;
  const due = new Date(`${voucherDate}T00:00:00.000Z`);
  due.setUTCDate(due.getUTCDate() + paymentTermDays);
  return due.toISOString().slice(0, 10);
}

export function bookRecordOf(job: Job, invoice: CreatedInvoice): RecordInvoiceInput {
  const { draft } = job;
  const totals = computeTotals(draft.positions, draft.currency, PROVIDER_RULES[draft.provider].rounding);
  const netMinor = totals.net.minor;
  // The billing system's gross wins: it is what the customer is asked to pay.
  const grossMinor = invoice.grossMinor ?? totals.gross.minor;
  const orders = new Map<string, RecordedOrder>();
  draft.positions.forEach((p, i) => {
    const line = totals.lines[i]!.minor;
    const known = orders.get(p.orderId);
    // Surcharges are positions of their own: an order's share is the sum of its positions.
    if (known) known.netMinor = (known.netMinor ?? 0) + line;
    else orders.set(p.orderId, { orderId: p.orderId, orderNumber: p.orderNumber, netMinor: line, jobId: job.id });
  });
  return {
    provider: draft.provider,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number,
    documentType: 'invoice',
    invoiceDate: draft.voucherDate,
    dueDate: dueDateOf(draft.voucherDate, draft.paymentTermDays),
    // One customer across invoices: the billing contact where linked, else the TMS customer.
    customerKey: draft.contact ? `${draft.provider}|${draft.contact.id}` : tmsKey(draft.tms.origin, draft.customer.id),
    customerName: draft.contact?.name || draft.customer.name,
    customerNumber: null,
    customerVatId: draft.customer.vatId ?? null,
    currency: draft.currency,
    netMinor,
    taxMinor: grossMinor - netMinor,
    grossMinor,
    taxCase: draft.taxCase === null ? null : BOOK_TAX_CASE[draft.taxCase],
    eInvoiceProfile: invoice.eInvoice?.profile ?? null,
    deepLink: invoice.url,
    origin: draft.tms.origin,
    createdBy: 'frachtbeleg',
    correctionOf: null,
    orders: [...orders.values()],
    payment: { status: invoice.status === 'draft' ? 'draft' : 'open', paidMinor: 0, paidDate: null },
  };
}
