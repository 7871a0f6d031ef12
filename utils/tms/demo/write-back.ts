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

/** The demo TMS's answer to a batch write: one result per order asked. */
const BatchResults = v.looseObject({
  results: v.array(v.union([v.looseObject({ id: v.string(), ok: v.literal(true) }), v.looseObject({ id: v.string(), ok: v.literal(false), error: v.string(), message: v.optional(v.string()) })])),
});

/** Ids per batch read (the demo API takes up to 1,000; the panel's reads use 200 too). */
const READ_BATCH = 200;

/** Answers of a TMS without the batch routes (an older version): recorded one by one instead. */
const NOT_OFFERED = new Set([404, 405, 501]);

/** The event that records an invoice on an order; its link tells whether it is already there. */
function invoiceEvent(invoice: InvoiceRecord) {
  const label = invoice.invoiceNumber ? `${invoice.providerName} ${invoice.invoiceNumber}` : `Open in ${invoice.providerName}`;
  const text = invoice.invoiceNumber ? `Invoice ${invoice.invoiceNumber} created in ${invoice.providerName}` : `Invoice draft created in ${invoice.providerName}`;
  return { type: 'invoice' as const, text, link: { url: invoice.url, label: label.slice(0, 100) } };
}

const hasInvoiceEvent = (state: OrderState, invoice: InvoiceRecord) => state.events.some((e) => e.type === 'invoice' && e.link?.url === invoice.url);
/** A paid order stays paid: recording an invoice never moves an order backwards. */
const needsStatus = (state: OrderState) => state.status !== 'invoice_created' && state.status !== 'paid';

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
    const hasEvent = hasInvoiceEvent(state, invoice);
    if (!hasEvent) {
      const posted = await call(new URL(`${url.pathname}/events`, origin), { method: 'POST', body: JSON.stringify(invoiceEvent(invoice)) });
      if (!posted?.ok) return failure(posted?.status, posted ? await posted.text().catch(() => undefined) : undefined);
    }
    if (needsStatus(state)) {
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

    // Two requests per 200 orders instead of two per order: the orders' state read afresh,
    // then one batch write of what each still lacks (the event, the status). In the browser's
    // service worker each request costs 10-40 ms on a busy machine, so the 600 single writes
    // of a 300-position invoice took seconds; the TMS's own work is the same either way.
    async recordMany(origin, orderIds, invoice, fetchImpl = defaultFetch) {
      const results = new Map<string, WriteBackResult>();
      const call = caller(fetchImpl);
      const unique = [...new Set(orderIds)];
      for (let i = 0; i < unique.length; i += READ_BATCH) {
        const batch = unique.slice(i, i + READ_BATCH);
        const readUrl = new URL(DEMO_TMS.api.orders, origin);
        readUrl.searchParams.set('ids', batch.join(','));
        const read = await call(readUrl);
        // A TMS that does not read many at once: the caller records these one by one.
        if (read && NOT_OFFERED.has(read.status)) continue;
        if (!read?.ok) {
          const result = failure(read?.status);
          batch.forEach((id) => results.set(id, result));
          continue;
        }
        const body = v.safeParse(OrderStates, await read.json().catch(() => null));
        if (!body.success) continue;
        const states = new Map(body.output.items.map((item) => [item.id, v.safeParse(OrderState, item)] as const));
        const writes: { id: string; event?: ReturnType<typeof invoiceEvent>; status?: 'invoice_created' }[] = [];
        for (const id of batch) {
          const state = states.get(id);
          // The ids read leaves out unknown orders.
          if (!state) results.set(id, failure(404));
          else if (!state.success) results.set(id, failure(500, 'unexpected order format'));
          else {
            const hasEvent = hasInvoiceEvent(state.output, invoice);
            const status = needsStatus(state.output);
            // Nothing to write: recorded before (or paid since, which stays paid).
            if (hasEvent && !status) results.set(id, { ok: true, alreadyRecorded: state.output.status === 'invoice_created' });
            else writes.push({ id, ...(hasEvent ? {} : { event: invoiceEvent(invoice) }), ...(status ? { status: 'invoice_created' as const } : {}) });
          }
        }
        if (writes.length === 0) continue;
        const written = await call(new URL(DEMO_TMS.api.batch, origin), { method: 'POST', body: JSON.stringify({ orders: writes }) });
        // Without the batch write (or an answer in another shape: written or not is unknown),
        // these orders are left to the caller, whose one-by-one recording reads each afresh.
        if (written && NOT_OFFERED.has(written.status)) continue;
        if (!written?.ok) {
          const result = failure(written?.status, written ? await written.text().catch(() => undefined) : undefined);
          writes.forEach(({ id }) => results.set(id, result));
          continue;
        }
        const answer = v.safeParse(BatchResults, await written.json().catch(() => null));
        if (!answer.success) continue;
        const byId = new Map(answer.output.results.map((r) => [r.id, r] as const));
        for (const { id } of writes) {
          const result = byId.get(id);
          if (!result) continue;
          if (result.ok) results.set(id, { ok: true, alreadyRecorded: false });
          else results.set(id, result.error === 'not_found' ? failure(404) : failure(400, result.message ?? result.error));
        }
      }
      return results;
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
