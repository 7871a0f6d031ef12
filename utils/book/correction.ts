/**
 * "Correct invoice" and "Cancel invoice" for an invoice of the book, exactly once. As for
 * invoices and reminders, the intent is journaled (a meta row per invoice) before the POST; a
 * POST whose outcome is unknown (timeout, 5xx, a worker stopped mid-request) is followed by a
 * look in the billing system, never by a second POST. Both billing systems show the
 * correction on the invoice (Lexware: `relatedVouchers`; sevdesk: the SR's `origin`, the credit
 * note's `refSrcInvoice`), so a
 * look that finds none proves there is none; a look that fails keeps the intent, and the next
 * attempt looks again first.
 */
import * as v from 'valibot';
import { BillingError } from '../billing/errors';
import type { IsoDate } from '../domain/dates';
import type { InvoiceBook } from './book';
import { intentStore, serialPerKey } from './intent';
import { InstantSchema, invoiceKeyOf, type CorrectionLink, type InvoiceRow } from './schema';

/** `cancel`: the whole invoice; `correct`: the whole invoice or chosen positions (a credit note). */
export type CorrectionKind = 'cancel' | 'correct';

export interface CorrectionRequest {
  kind: CorrectionKind;
  /** Indexes of the invoice's lines to credit ("correct"); absent: all of them. */
  lines?: readonly number[] | undefined;
}

/** One line of the invoice as the billing system holds it, for choosing what to credit. */
export interface CorrectionLine {
  index: number;
  name: string;
  quantity: number;
  unitName: string;
  netMinor: number;
  taxRatePercentage: number;
}

export interface CreatedCorrection {
  id: string;
  number: string | null;
  url: string;
  kind: CorrectionLink['kind'];
  date: IsoDate;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  /** The correction takes back the whole invoice. */
  full: boolean;
  /**
   * Made as a draft that the user finalises in the billing system (sevdesk credit notes are
   * created with status 100): the book keeps it unsettled instead of paid against the invoice.
   */
  draft?: boolean;
}

export interface CorrectionClient {
  /** The invoice's lines; null where the billing system corrects only the whole invoice. */
  invoiceLines(invoiceId: string): Promise<CorrectionLine[] | null>;
  createCorrection(invoice: InvoiceRow, request: CorrectionRequest, today: IsoDate): Promise<CreatedCorrection>;
  /** The correction linked to the invoice, if the billing system shows one. */
  findCorrection(invoice: InvoiceRow): Promise<CreatedCorrection | null>;
}

const CorrectionIntentSchema = v.object({
  state: v.literal('sending'),
  kind: v.picklist(['cancel', 'correct']),
  startedAt: InstantSchema,
});
type CorrectionIntent = v.InferOutput<typeof CorrectionIntentSchema>;

export const correctionIntentKey = (invoiceKey: string): string => `correction|${invoiceKey}`;
// An unreadable intent still says "an attempt was made".
const intents = intentStore(CorrectionIntentSchema, correctionIntentKey, (): CorrectionIntent => ({ state: 'sending', kind: 'correct', startedAt: new Date(0).toISOString() }));

export type CorrectionOutcome =
  | { ok: true; invoice: InvoiceRow; correction: CorrectionLink; existing: boolean }
  | { ok: false; reason: 'not-in-book' | 'not-an-invoice' | 'draft' | 'already-cancelled' | 'no-lines' | 'outcome-unknown' }
  | { ok: false; reason: 'billing'; error: BillingError };

/** One attempt at a time per invoice in this worker (a double click, two tabs of the book). */
const serial = serialPerKey();

export function correctInvoice(book: InvoiceBook, client: CorrectionClient, invoiceKey: string, request: CorrectionRequest, now: () => Date): Promise<CorrectionOutcome> {
  return serial(invoiceKey, () => attempt(book, client, invoiceKey, request, now));
}

async function attempt(book: InvoiceBook, client: CorrectionClient, invoiceKey: string, request: CorrectionRequest, now: () => Date): Promise<CorrectionOutcome> {
  const row = await book.get(invoiceKey);
  if (!row) return { ok: false, reason: 'not-in-book' };
  if (row.documentType !== 'invoice') return { ok: false, reason: 'not-an-invoice' };
  if (row.correction) return { ok: true, invoice: row, correction: row.correction, existing: true };

  if (await intents.read(book, invoiceKey)) {
    // An earlier attempt may have made it: look before anything else (a failed look throws and keeps the intent).
    const found = await client.findCorrection(row);
    if (found) return record(book, row, found, now);
    await intents.clear(book, invoiceKey);
  }
  // A draft is edited or deleted in the billing system, never corrected (Lexware answers 406, sevdesk 400).
  if (row.status === 'draft') return { ok: false, reason: 'draft' };
  if (row.status === 'cancelled') return { ok: false, reason: 'already-cancelled' };
  if (request.lines !== undefined && request.lines.length === 0) return { ok: false, reason: 'no-lines' };

  await intents.write(book, invoiceKey, { state: 'sending', kind: request.kind, startedAt: now().toISOString() });
  let created: CreatedCorrection;
  try {
    created = await client.createCorrection(row, request, now().toISOString().slice(0, 10));
  } catch (error) {
    const billing = error instanceof BillingError ? error : new BillingError('network', error instanceof Error ? error.message : String(error), { outcome: 'unknown' });
    if (billing.outcome === 'not-performed') {
      await intents.clear(book, invoiceKey);
      return { ok: false, reason: 'billing', error: billing };
    }
    // The billing system may have made it: look, never send again blindly.
    let found: CreatedCorrection | null;
    try {
      found = await client.findCorrection(row);
    } catch {
      return { ok: false, reason: 'outcome-unknown' };
    }
    if (found) return record(book, row, found, now);
    await intents.clear(book, invoiceKey);
    return { ok: false, reason: 'billing', error: billing };
  }
  return record(book, row, created, now);
}

/**
 * The correction document gets its own row (the accountant's exports carry it), then the link
 * goes onto the invoice, then the intent goes: a crash in between finds the correction again.
 */
async function record(book: InvoiceBook, invoice: InvoiceRow, created: CreatedCorrection, now: () => Date): Promise<CorrectionOutcome> {
  const key = invoiceKeyOf(invoice.provider, created.id);
  await book.recordInvoice({
    provider: invoice.provider,
    invoiceId: created.id,
    invoiceNumber: created.number,
    documentType: 'creditNote',
    invoiceDate: created.date,
    dueDate: null,
    customerKey: invoice.customerKey,
    customerName: invoice.customerName,
    customerNumber: invoice.customerNumber,
    customerVatId: invoice.customerVatId,
    currency: invoice.currency,
    netMinor: created.netMinor,
    taxMinor: created.taxMinor,
    grossMinor: created.grossMinor,
    taxCase: invoice.taxCase,
    eInvoiceProfile: null,
    deepLink: created.url,
    origin: invoice.origin,
    createdBy: 'frachtbeleg',
    correctionOf: invoice.key,
    orders: [],
    // Settled at once against the invoice (Lexware: paidoff; sevdesk SR: "automatically paid"); a draft settles nothing yet.
    payment: created.draft ? { status: 'draft', paidMinor: 0, paidDate: null } : { status: 'paid', paidMinor: created.grossMinor, paidDate: created.date },
  });
  const correction: CorrectionLink = { key, id: created.id, number: created.number, url: created.url, kind: created.kind, full: created.full, createdAt: now().toISOString() };
  await book.setCorrection(invoice.key, correction);
  await intents.clear(book, invoice.key);
  const updated = await book.get(invoice.key);
  return { ok: true, invoice: updated ?? invoice, correction, existing: false };
}


/** Whether an earlier attempt's outcome is still open (the dialog says it looks first). */
export async function correctionPending(book: InvoiceBook, invoiceKey: string): Promise<boolean> {
  return (await intents.read(book, invoiceKey)) !== null;
}
