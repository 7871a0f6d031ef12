/**
 * Records an invoice on a demo TMS order through its API: an event with the link, then the
 * status "Invoice created". Runs in the background with the user's TMS session cookie.
 * Safe to repeat: an order that already carries the link is left as it is.
 */
import * as v from 'valibot';
import type { CorrectionRecord, InvoiceRecord, TmsWriteBack, WriteBackResult } from '../adapter';
import { DEMO_TMS } from './selectors';

const OrderState = v.looseObject({
  status: v.string(),
  events: v.array(v.looseObject({ type: v.string(), link: v.nullish(v.looseObject({ url: v.string() })) })),
});

function failure(status: number | undefined, detail?: string): WriteBackResult {
  if (status === 401 || status === 403) return { ok: false, retryable: true, reason: 'session-expired', ...(detail ? { detail } : {}) };
  if (status === 404) return { ok: false, retryable: false, reason: 'not-found' };
  if (status === undefined || status >= 500 || status === 429) return { ok: false, retryable: true, reason: 'unreachable', ...(detail ? { detail } : {}) };
  return { ok: false, retryable: false, reason: 'rejected', ...(detail ? { detail } : {}) };
}

function caller(fetchImpl: typeof fetch) {
  return async (input: URL, init: RequestInit = {}) => {
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
}

export function createDemoWriteBack(defaultFetch: typeof fetch = (...args) => fetch(...args)): TmsWriteBack {
  return {
    id: DEMO_TMS.id,
    async recordInvoice(origin: string, orderId: string, invoice: InvoiceRecord, fetchImpl = defaultFetch): Promise<WriteBackResult> {
      const url = new URL(`${DEMO_TMS.api.orders}/${encodeURIComponent(orderId)}`, origin);
      const call = caller(fetchImpl);

      const current = await call(url);
      if (!current?.ok) return failure(current?.status);
      const state = v.safeParse(OrderState, await current.json().catch(() => null));
      if (!state.success) return failure(500, 'unexpected order format');

      const hasEvent = state.output.events.some((e) => e.type === 'invoice' && e.link?.url === invoice.url);
      if (!hasEvent) {
        const label = invoice.invoiceNumber ? `${invoice.providerName} ${invoice.invoiceNumber}` : `Open in ${invoice.providerName}`;
        const text = invoice.invoiceNumber
          ? `Invoice ${invoice.invoiceNumber} created in ${invoice.providerName}`
          : `Invoice draft created in ${invoice.providerName}`;
        const posted = await call(new URL(`${url.pathname}/events`, origin), {
          method: 'POST',
          body: JSON.stringify({ type: 'invoice', text, link: { url: invoice.url, label: label.slice(0, 100) } }),
        });
        if (!posted?.ok) return failure(posted?.status, posted ? await posted.text().catch(() => undefined) : undefined);
      }
      // A paid order stays paid: recording an invoice never moves an order backwards.
      if (state.output.status !== 'invoice_created' && state.output.status !== 'paid') {
        const patched = await call(url, { method: 'PATCH', body: JSON.stringify({ status: 'invoice_created' }) });
        if (!patched?.ok) return failure(patched?.status, patched ? await patched.text().catch(() => undefined) : undefined);
      }
      return { ok: true, alreadyRecorded: hasEvent && state.output.status === 'invoice_created' };
    },

    /** An event with the correction's link (once); a cancelled order goes back to "delivered", so it can be invoiced again. */
    async recordCorrection(origin: string, orderId: string, correction: CorrectionRecord, fetchImpl = defaultFetch): Promise<WriteBackResult> {
      const url = new URL(`${DEMO_TMS.api.orders}/${encodeURIComponent(orderId)}`, origin);
      const call = caller(fetchImpl);
      const current = await call(url);
      if (!current?.ok) return failure(current?.status);
      const state = v.safeParse(OrderState, await current.json().catch(() => null));
      if (!state.success) return failure(500, 'unexpected order format');

      const hasEvent = state.output.events.some((e) => e.type === 'invoice' && e.link?.url === correction.url);
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
      if (correction.cancelled && state.output.status === 'invoice_created') {
        const patched = await call(url, { method: 'PATCH', body: JSON.stringify({ status: 'delivered' }) });
        if (!patched?.ok) return failure(patched?.status, patched ? await patched.text().catch(() => undefined) : undefined);
      }
      return { ok: true, alreadyRecorded: hasEvent };
    },
  };
}
