/**
 * The invoices of a carrier's book over three years, made up for the book's benchmarks: row i
 * of n. Used by the Node proxy bench/book.ts, and by the sandbox build's background for figure
 * 11 of `npm run bench` (sandbox-bench.ts), which makes its 200,000 rows itself rather than
 * receive them over DevTools.
 */
import type { RecordInvoiceInput } from '../utils/book/book';
import { invoiceKeyOf, searchKeysOf, type InvoiceRow, type OrderLink } from '../utils/book/schema';

export const BOOK_TMS = 'https://tms.example.test';
const TMS = BOOK_TMS;
const CUSTOMERS = 400;

export function bookRow(i: number, rows: number): { invoice: InvoiceRow; order: OrderLink } {
  const day = new Date(Date.UTC(2024, 0, 1) + Math.floor((i / rows) * 3 * 365) * 86_400_000).toISOString().slice(0, 10);
  const due = new Date(Date.parse(day) + 14 * 86_400_000).toISOString().slice(0, 10);
  const net = 50_000 + ((i * 7919) % 200_000);
  const tax = Math.round(net * 0.19);
  // As a carrier's book looks: older invoices are paid (a few cancelled), the last weeks' are open.
  const recent = day >= '2026-11-15';
  const status = i % 50 === 0 ? 'cancelled' : recent ? (['open', 'open', 'partlyPaid', 'paid'] as const)[i % 4]! : i % 97 === 0 ? 'open' : 'paid';
  const at = new Date(Date.parse(day) + 9 * 3_600_000).toISOString();
  const invoice: InvoiceRow = {
    key: invoiceKeyOf('lexware', `lx-${i}`),
    provider: i % 5 === 0 ? 'sevdesk' : 'lexware',
    invoiceId: `lx-${i}`,
    invoiceNumber: `RE-${String(100000 + i)}`,
    documentType: 'invoice',
    invoiceDate: day,
    dueDate: due,
    customerKey: `lexware|c-${i % CUSTOMERS}`,
    customerName: `Kunde ${i % CUSTOMERS} GmbH`,
    customerNumber: String(10000 + (i % CUSTOMERS)),
    customerVatId: null,
    currency: 'EUR',
    netMinor: net,
    taxMinor: tax,
    grossMinor: net + tax,
    taxCase: 'domestic',
    eInvoiceProfile: 'XRechnung',
    status,
    paidMinor: status === 'paid' ? net + tax : status === 'partlyPaid' ? 10_000 : 0,
    paidDate: status === 'paid' ? due : null,
    deepLink: `https://app.lexware.de/permalink/invoices/view/lx-${i}`,
    origin: TMS,
    orderNumbers: [`A-${String(i).padStart(7, '0')}`],
    searchKeys: [],
    createdBy: 'frachtbeleg',
    correctionOf: null,
    correctedBy: [],
    createdAt: at,
    updatedAt: at,
    documentChangedAt: at,
  };
  // Fix the provider in the key as well.
  invoice.key = invoiceKeyOf(invoice.provider, invoice.invoiceId);
  invoice.searchKeys = searchKeysOf(invoice);
  const order: OrderLink = { origin: TMS, orderId: `o-${i}`, orderNumber: invoice.orderNumbers[0]!, invoiceKey: invoice.key, netMinor: net, jobId: null, recordedAt: at };
  return { invoice, order };
}


/** A new invoice as a job hands it to `recordInvoice`: row i's fields with a new id and order. */
export function newInvoiceInput(i: number, rows: number): RecordInvoiceInput {
  const { invoice } = bookRow(i, rows);
  const { key: _k, orderNumbers: _o, searchKeys: _sk, createdAt: _c, updatedAt: _u, documentChangedAt: _d, correctedBy: _b, status: _s, paidMinor: _p, paidDate: _pd, ...fields } = invoice;
  return { ...fields, invoiceId: `new-${i}`, orders: [{ orderId: `new-o-${i}`, orderNumber: `N-${i}` }] };
}
