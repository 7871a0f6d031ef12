/**
 * "Correct invoice" and "Cancel invoice" from the invoice book and from an invoiced order's
 * detail page in the TMS (which may touch only invoices of its own site's orders): the dialog's options, the correction made exactly once
 * (utils/book/correction.ts), the TMS told where its adapter can write back, and the orders of
 * a cancelled invoice released for invoicing again on the user's explicit confirmation.
 */
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { codeOf, refusal, serialized } from './billing-failure';
import { PROVIDER_NAMES } from '@/utils/billing/registry';
import type { InvoiceBook, InvoicedOrder } from '@/utils/book/book';
import { bookRowView } from '@/utils/book/view';
import { correctInvoice as makeCorrection, correctionPending, type CorrectionClient } from '@/utils/book/correction';
import type { BookProvider, CorrectionLink, InvoiceRow } from '@/utils/book/schema';
import { createTranslator, type Locale, type Translate } from '@/utils/i18n/translate';
import type { TmsWriteBack } from '@/utils/tms/adapter';
import { errorText } from '@/composables/panel-text';

export interface CorrectionDeps {
  book: () => Promise<InvoiceBook>;
  client: (provider: BookProvider) => Promise<CorrectionClient>;
  /** The adapter that made an order's invoice (from its job), for the write-back. */
  adapterOfJob: (jobId: string) => Promise<string | undefined>;
  writeBack: (adapterId: string) => Promise<TmsWriteBack | undefined>;
  locale: () => Promise<Locale>;
  now: () => Date;
  /** The one answer to "is this order invoiced?" (services/book.ts). */
  invoicedOrders: (origin: string, orderIds: readonly string[]) => Promise<Map<string, InvoicedOrder>>;
}

/**
 * A TMS page may correct only an invoice that holds an order of its own site. A foreign page
 * is answered as if the invoice were not in the book: it learns nothing about other sites.
 */
async function pageMayTouch(book: InvoiceBook, invoiceKey: string, sender: SenderInfo | undefined): Promise<boolean> {
  if (!sender?.fromContentScript) return true;
  const orders = await book.ordersOf(invoiceKey).catch(() => []);
  return orders.some((o) => o.origin === sender.origin);
}

/** The invoice of the order a TMS detail page shows, as the book's row (null: not invoiced). */
export async function getOrderInvoice(deps: CorrectionDeps, req: RequestOf<'getOrderInvoice'>, sender?: SenderInfo): Promise<ResponseOf<'getOrderInvoice'>> {
  const t = createTranslator(await deps.locale());
  if (sender?.fromContentScript && sender.origin !== req.origin) return refusal('foreign-origin', t('bookCorrections.foreignOrder'));
  const found = (await deps.invoicedOrders(req.origin, [req.orderId])).get(req.orderId);
  if (!found) return { ok: true, invoice: null };
  const row = await (await deps.book()).get(found.invoiceKey);
  // An order of the old ledger (not moved into the book) has no row to correct from.
  return { ok: true, invoice: row ? bookRowView(row, deps.now().toISOString().slice(0, 10)) : null };
}

export async function getCorrectionOptions(deps: CorrectionDeps, req: RequestOf<'getCorrectionOptions'>, sender?: SenderInfo): Promise<ResponseOf<'getCorrectionOptions'>> {
  const t = createTranslator(await deps.locale());
  const book = await deps.book();
  const row = await book.get(req.invoiceKey).catch(() => undefined);
  if (!row || !(await pageMayTouch(book, row.key, sender))) return refusal('not-in-book', t('bookCorrections.notInBook'));
  if (row.documentType !== 'invoice') return refusal('not-an-invoice', t('bookCorrections.notAnInvoice'));
  const pending = await correctionPending(book, row.key);
  if (row.status === 'draft') return { ok: true, lines: null, pending, draftUrl: editLink(row) };
  try {
    const lines = await (await deps.client(row.provider)).invoiceLines(row.invoiceId);
    return { ok: true, lines, pending, draftUrl: null };
  } catch (error) {
    return refusal(codeOf(error), errorText(t, serialized(error), row.provider));
  }
}

/** Lexware opens an editable draft at `/edit/` (a finished one is redirected to the view). */
function editLink(row: InvoiceRow): string {
  return row.provider === 'lexware' ? row.deepLink.replace('/permalink/invoices/view/', '/permalink/invoices/edit/') : row.deepLink;
}

export async function correctInvoice(deps: CorrectionDeps, req: RequestOf<'correctInvoice'>, sender?: SenderInfo): Promise<ResponseOf<'correctInvoice'>> {
  const t = createTranslator(await deps.locale());
  const book = await deps.book();
  const row = await book.get(req.invoiceKey).catch(() => undefined);
  if (!row || !(await pageMayTouch(book, row.key, sender))) return refusal('not-in-book', t('bookCorrections.notInBook'));
  const provider = PROVIDER_NAMES[row.provider];
  let outcome;
  try {
    const client = await deps.client(row.provider);
    outcome = await makeCorrection(book, client, row.key, { kind: req.kind, ...(req.lines ? { lines: req.lines } : {}) }, deps.now);
  } catch (error) {
    // A failed look after an unknown outcome, or the book itself: the intent stays, nothing is made twice.
    return refusal(codeOf(error), errorText(t, serialized(error), row.provider));
  }
  if (!outcome.ok) {
    switch (outcome.reason) {
      case 'not-in-book':
        return refusal(outcome.reason, t('bookCorrections.notInBook'));
      case 'not-an-invoice':
        return refusal(outcome.reason, t('bookCorrections.notAnInvoice'));
      case 'draft':
        return refusal(outcome.reason, t('bookCorrections.draft', { provider }));
      case 'already-cancelled':
        return refusal(outcome.reason, t('bookCorrections.alreadyCancelled'));
      case 'no-lines':
        return refusal(outcome.reason, t('bookCorrections.noLines'));
      case 'outcome-unknown':
        return refusal('correction-outcome-unknown', t('bookCorrections.outcomeUnknown', { provider }));
      case 'billing': {
        const error = outcome.error;
        if (error.code === 'validation') {
          const fields = [...new Set(error.fields.map((f) => f.field))].join(', ');
          return refusal('validation', t('bookCorrections.refused', { provider, fields: fields || error.message }));
        }
        return refusal(error.code, errorText(t, serialized(error), row.provider));
      }
    }
  }
  const { correction, existing } = outcome;
  // A draft (sevdesk's credit note) is not finished until the user finalises it in the billing system.
  const draft = (await book.get(correction.key).catch(() => undefined))?.status === 'draft';
  const parts = [t(draft ? 'bookCorrections.doneDraft' : 'bookCorrections.done', { provider, number: correction.number ?? '' })];
  if (!existing) parts.push(...(await tellTms(deps, book, outcome.invoice, correction, t)));
  return {
    ok: true,
    correction: { number: correction.number, url: correction.url, kind: correction.kind, full: correction.full },
    existing,
    summary: parts.join(' ').slice(0, 2000),
  };
}

/** The orders' TMS gets an event with the correction's link, where its adapter can write back. */
async function tellTms(deps: CorrectionDeps, book: InvoiceBook, invoice: InvoiceRow, correction: CorrectionLink, t: Translate): Promise<string[]> {
  const orders = await book.ordersOf(invoice.key);
  let recorded = 0;
  const failures: string[] = [];
  for (const order of orders) {
    const adapterId = order.jobId ? await deps.adapterOfJob(order.jobId) : undefined;
    const writeBack = adapterId ? await deps.writeBack(adapterId) : undefined;
    if (!writeBack?.recordCorrection) continue;
    const result = await writeBack.recordCorrection(order.origin, order.orderId, {
      providerName: PROVIDER_NAMES[invoice.provider],
      invoiceNumber: invoice.invoiceNumber,
      correctionNumber: correction.number,
      url: correction.url,
      cancelled: correction.full,
    });
    if (result.ok) recorded++;
    else failures.push(result.reason);
  }
  const out: string[] = [];
  if (recorded > 0) out.push(t('bookCorrections.tmsRecorded', { count: recorded }));
  if (failures.length > 0) out.push(t('bookCorrections.tmsFailed', { reason: [...new Set(failures)].join(', ') }));
  return out;
}

export async function releaseInvoicedOrders(deps: CorrectionDeps, req: RequestOf<'releaseInvoicedOrders'>, sender?: SenderInfo): Promise<ResponseOf<'releaseInvoicedOrders'>> {
  const t = createTranslator(await deps.locale());
  const book = await deps.book();
  if (!(await pageMayTouch(book, req.invoiceKey, sender))) return refusal('nothing-to-release', t('bookCorrections.noneToRelease'));
  const row = await book.releaseOrders(req.invoiceKey).catch(() => null);
  if (!row) return refusal('nothing-to-release', t('bookCorrections.noneToRelease'));
  return { ok: true, orderNumbers: row.orderNumbers };
}

