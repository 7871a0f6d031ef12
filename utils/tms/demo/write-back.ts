/**
 * Records an invoice on a demo TMS order through its API: an event with the link, then the
 * status "Invoice created". Runs in the background with the user's TMS session cookie.
 * Safe to repeat: an order that already carries the link is left as it is.
 */
import * as v from 'valibot';
import type { CorrectionRecord, InvoiceRecord, PaymentRecord, TmsWriteBack, WriteBackResult } from '../adapter';
import { DEMO_TMS } from './selectors';

const OrderState = v.looseObject({
  status: v.string(),
  events: v.array(v.looseObject({ type: v.string(), text: v.optional(v.string()), link: v.nullish(v.looseObject({ url: v.string() })) })),
});

/** The note a payment leaves on an order; its start tells it from the invoice's own event (same link). */
const PAID_NOTE = 'Paid: invoice';
type OrderState = v.InferOutput<typeof OrderState>;

const OrderStates = v.looseObject({ items: v.array(v.looseObject({ id: v.string() })) });

/** Ids per batch read (the demo API takes up to 1,000; the panel's reads use 200 too). */
const READ_BATCH = 200;

function failure(status: number | undefined, detail?: string): WriteBackResult {
  if (status === 401 || status === 403) return { ok: false, retryable: true, reason: 'session-expired', ...(detail ? { detail } : {}) };
  if (status === 404) return { ok: false, retryable: false, reason: 'not-found' };
  if (status === undefined || status >= 500 || status === 429) return { ok: false, retryable: true, reason: 'unreachable', ...(detail ? { detail } : {}) };
  return { ok: false, retryable: false, reason: 'rejected', ...(detail ? { detail } : {}) };
}

export function createDemoWriteBack(defaultFetch: typeof fetch = (...args) => fetch(...args)): TmsWriteBack {
  const caller = (fetchImpl: typeof fetch) => async (input: URL, init: RequestInit = {}) => {
    try {
      return await fetchImpl(input, {
        ...init,
        credentials: 'include',
        headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
      });
    } catch {
      return undefined;
    }
  };
  const orderUrl = (origin: string, orderId: string) => new URL(`${DEMO_TMS.api.orders}/${encodeURIComponent(orderId)}`, origin);

  async function readOne(origin: string, orderId: string, fetchImpl: typeof fetch): Promise<{ state: OrderState } | { failed: WriteBackResult }> {
    const current = await caller(fetchImpl)(orderUrl(origin, orderId));
    if (!current?.ok) return { failed: failure(current?.status) };
    const state = v.safeParse(OrderState, await current.json().catch(() => null));
    return state.success ? { state: state.output } : { failed: failure(500, 'unexpected order format') };
  }

  /** The writes for one order whose state was just read: the event once, then the status. */
  async function write(origin: string, orderId: string, state: OrderState, invoice: InvoiceRecord, fetchImpl: typeof fetch): Promise<WriteBackResult> {
    const call = caller(fetchImpl);
    const url = orderUrl(origin, orderId);
    const hasEvent = state.events.some((e) => e.type === 'invoice' && e.link?.url === invoice.url);
    if (!hasEvent) {
      const label = invoice.invoiceNumber ? `${invoice.providerName} ${invoice.invoiceNumber}` : `Open in ${invoice.providerName}`;
      const text = invoice.invoiceNumber ? `Invoice ${invoice.invoiceNumber} created in ${invoice.providerName}` : `Invoice draft created in ${invoice.providerName}`;
      const posted = await call(new URL(`${url.pathname}/events`, origin), {
        method: 'POST',
        body: JSON.stringify({ type: 'invoice', text, link: { url: invoice.url, label: label.slice(0, 100) } }),
      });
      if (!posted?.ok) return failure(posted?.status, posted ? await posted.text().catch(() => undefined) : undefined);
    }
    // A paid order stays paid: recording an invoice never moves an order backwards.
    if (state.status !== 'invoice_created' && state.status !== 'paid') {
      const patched = await call(url, { method: 'PATCH', body: JSON.stringify({ status: 'invoice_created' }) });
      if (!patched?.ok) return failure(patched?.status, patched ? await patched.text().catch(() => undefined) : undefined);
    }
    return { ok: true, alreadyRecorded: hasEvent && state.status === 'invoice_created' };
  }

  async function recordInvoice(origin: string, orderId: string, invoice: InvoiceRecord, fetchImpl = defaultFetch): Promise<WriteBackResult> {
    const read = await readOne(origin, orderId, fetchImpl);
    return 'failed' in read ? read.failed : write(origin, orderId, read.state, invoice, fetchImpl);
  }

  return {
    id: DEMO_TMS.id,
    recordInvoice,
    // One read per 200 orders instead of one per order: a third of the requests of a long
    // invoice's write-back, and the heaviest third (each answer is the whole order).
    async prepare(origin, orderIds, fetchImpl = defaultFetch) {
      const states = new Map<string, OrderState>();
      const call = caller(fetchImpl);
      const batches: string[][] = [];
      for (let i = 0; i < orderIds.length; i += READ_BATCH) batches.push(orderIds.slice(i, i + READ_BATCH));
      for (const batch of batches) {
        const url = new URL(DEMO_TMS.api.orders, origin);
        url.searchParams.set('ids', batch.join(','));
        const response = await call(url);
        if (!response?.ok) throw new Error(`reading the orders' state failed (${response?.status ?? 'unreachable'})`);
        const body = v.safeParse(OrderStates, await response.json().catch(() => null));
        if (!body.success) throw new Error('unexpected answer to the orders read');
        for (const item of body.output.items) {
          const state = v.safeParse(OrderState, item);
          // An order in an unexpected shape is read on its own, which reports it.
          if (state.success) states.set(item.id, state.output);
        }
      }
      return (orderId, invoice) => {
        const state = states.get(orderId);
        // Each state is used once: a second call for the same order reads it again.
        states.delete(orderId);
        return state ? write(origin, orderId, state, invoice, fetchImpl) : recordInvoice(origin, orderId, invoice, fetchImpl);
      };
    },

    /** An event with the correction's link (once); a cancelled order goes back to "delivered", so it can be invoiced again. */
    async recordCorrection(origin: string, orderId: string, correction: CorrectionRecord, fetchImpl = defaultFetch): Promise<WriteBackResult> {
      const read = await readOne(origin, orderId, fetchImpl);
      if ('failed' in read) return read.failed;
      const call = caller(fetchImpl);
      const url = orderUrl(origin, orderId);
      const hasEvent = read.state.events.some((e) => e.type === 'invoice' && e.link?.url === correction.url);
      if (!hasEvent) {
        const invoice = correction.invoiceNumber ?? '';
        const document = correction.correctionNumber ?? '';
        const text = (correction.cancelled ? `Invoice ${invoice} cancelled in ${correction.providerName}: ${document}` : `Invoice ${invoice} corrected in ${correction.providerName}: ${document}`).replace(/\s+/g, ' ').trim();
        const label = `${correction.providerName} ${document}`.trim();
        const posted = await call(new URL(`${url.pathname}/events`, origin), {
          method: 'POST',
          body: JSON.stringify({ type: 'invoice', text, link: { url: correction.url, label: label.slice(0, 100) } }),
        });
        if (!posted?.ok) return failure(posted?.status, posted ? await posted.text().catch(() => undefined) : undefined);
      }
      if (correction.cancelled && read.state.status === 'invoice_created') {
        const patched = await call(url, { method: 'PATCH', body: JSON.stringify({ status: 'delivered' }) });
        if (!patched?.ok) return failure(patched?.status, patched ? await patched.text().catch(() => undefined) : undefined);
      }
      return { ok: true, alreadyRecorded: hasEvent };
    },

    /**
     * A note with the invoice's link (once: a note of this payment already there is kept) and
     * the status "Paid". Read first, so a write repeated after a lost answer or a stopped
     * worker adds nothing; an order moved on to "cancelled" is not touched.
     */
    async recordPayment(origin: string, orderId: string, payment: PaymentRecord, fetchImpl = defaultFetch): Promise<WriteBackResult> {
      const read = await readOne(origin, orderId, fetchImpl);
      if ('failed' in read) return read.failed;
      if (read.state.status === 'cancelled') return { ok: false, retryable: false, reason: 'rejected', detail: 'the order is cancelled' };
      const call = caller(fetchImpl);
      const url = orderUrl(origin, orderId);
      const hasNote = read.state.events.some((e) => e.type === 'note' && e.link?.url === payment.url && (e.text ?? '').startsWith(PAID_NOTE));
      if (!hasNote) {
        const text = `${PAID_NOTE} ${payment.invoiceNumber ?? ''} in ${payment.providerName}${payment.paidDate ? ` on ${payment.paidDate}` : ''}`.replace(/\s+/g, ' ').trim();
        const label = `${payment.providerName} ${payment.invoiceNumber ?? ''}`.trim();
        const posted = await call(new URL(`${url.pathname}/events`, origin), {
          method: 'POST',
          body: JSON.stringify({ type: 'note', text, link: { url: payment.url, label: label.slice(0, 100) } }),
        });
        if (!posted?.ok) return failure(posted?.status, posted ? await posted.text().catch(() => undefined) : undefined);
      }
      if (read.state.status !== 'paid') {
        const patched = await call(url, { method: 'PATCH', body: JSON.stringify({ status: 'paid' }) });
        if (!patched?.ok) return failure(patched?.status, patched ? await patched.text().catch(() => undefined) : undefined);
      }
      return { ok: true, alreadyRecorded: hasNote && read.state.status === 'paid' };
    },
  };
}
