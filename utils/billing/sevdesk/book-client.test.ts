// @vitest-environment node
/**
 * The invoice book's sevdesk client against the sevdesk emulator, in-process over real HTTP:
 * partial and full payments (status 750 and 1000, paidAmount, payDate) reach the book with
 * one list call, and a reminder (MA) is made exactly once, also when its answer was lost.
 */
import { describe, expect, it } from 'vitest';
import { invoiceBody, SAVE_INVOICE, TOKEN, useSevdesk, type TestClient } from '../../../sandbox/sevdesk/test-support';
import { pollSevdesk } from '../../book/poll';
import { createPaymentReminder, reminderOutcomeUnknown } from '../../book/reminder';
import { findExternalInvoices } from '../../book/external';
import { TokenBucket } from '../rate-limit';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';
import { createSevdeskBookClient } from './book-client';

const clock = { now: new Date('2026-11-23T09:00:00Z') };
const advance = (ms: number) => (clock.now = new Date(clock.now.getTime() + ms));
const start = useSevdesk({ now: () => clock.now });

function client(api: TestClient) {
  return createSevdeskBookClient({
    apiKey: () => TOKEN,
    endpoints: { api: `${api.url}/api/v1`, app: api.url },
    fetch: globalThis.fetch,
    backoffMs: 5,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
    errorStreak: { threshold: 100, pausesMs: [1] },
  });
}

/** An invoice marked as sent (status 200) in the emulator, recorded in the book. */
async function invoiceInBook(api: TestClient, book: ReturnType<typeof freshBook>['book'], n: number) {
  const saved = await api.post(SAVE_INVOICE, invoiceBody());
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const id = String(saved.body.objects.invoice.id);
  expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false })).status).toBe(200);
  const invoice = (await api.get(`/api/v1/Invoice/${id}`)).body.objects[0];
  const grossMinor = Math.round(Number(invoice.sumGross) * 100);
  const netMinor = Math.round(Number(invoice.sumNet) * 100);
  await book.recordInvoice(
    invoiceInput({
      n,
      provider: 'sevdesk',
      invoiceId: id,
      invoiceNumber: invoice.invoiceNumber,
      invoiceDate: '2026-06-02',
      dueDate: '2026-06-16',
      netMinor,
      taxMinor: grossMinor - netMinor,
      grossMinor,
      customerKey: 'sevdesk|74100231',
      deepLink: `${api.url}/fi/detail/type/RE/id/${id}`,
    }),
  );
  return { id, key: `sevdesk|${id}`, grossMinor };
}

const requests = async (api: TestClient) => (await api.get('/__sandbox/requests')).body as { method: string; path: string }[];

describe('payment status from sevdesk', () => {
  it('shows partial and full payments booked in sevdesk after the next poll, from the list alone', async () => {
    const api = await start();
    const { book } = freshBook();
    const partly = await invoiceInBook(api, book, 1);
    const full = await invoiceInBook(api, book, 2);
    const sevdesk = client(api);

    advance(60_000);
    const first = await pollSevdesk(book, sevdesk, { lastPollAt: null }, clock.now);
    expect(first).toMatchObject({ listed: 2, updated: 0, problems: [] });

    advance(10 * 60_000);
    expect((await api.post(`/__sandbox/invoices/${partly.id}/payments`, { amount: 100, date: '2026-11-23' })).status).toBe(200);
    expect((await api.post(`/__sandbox/invoices/${full.id}/payments`, { date: '2026-11-23' })).status).toBe(200);
    advance(60_000);

    const before = (await requests(api)).length;
    const second = await pollSevdesk(book, sevdesk, first.next, clock.now);
    expect(second).toMatchObject({ updated: 2, detailCalls: 0, problems: [] });
    expect((await requests(api)).slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/Invoice']);
    // sevdesk sets payDate only when the invoice is settled.
    expect(await book.get(partly.key)).toMatchObject({ status: 'partlyPaid', paidMinor: 10_000, paidDate: null });
    expect(await book.get(full.key)).toMatchObject({ status: 'paid', paidMinor: full.grossMinor, paidDate: '2026-11-23' });

    // Nothing changed since: the few minutes re-read for clock skew list them again, nothing is rewritten.
    advance(30 * 60_000);
    const updatedAt = (await book.get(full.key))?.updatedAt;
    const third = await pollSevdesk(book, sevdesk, second.next, clock.now);
    expect(third).toMatchObject({ updated: 0, detailCalls: 0 });
    expect((await book.get(full.key))?.updatedAt).toBe(updatedAt);
    // Later still, the list is empty.
    advance(30 * 60_000);
    expect(await pollSevdesk(book, sevdesk, third.next, clock.now)).toMatchObject({ listed: 0, updated: 0 });
  });
});

describe('draft credit notes from "Correct invoice"', () => {
  it('follow their status in sevdesk: still a draft, then open once the user finalised it, then left alone when settled', async () => {
    const api = await start();
    const { book } = freshBook();
    const invoice = await invoiceInBook(api, book, 1);
    const made = await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id: Number(invoice.id), objectName: 'Invoice' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const cnId = String(made.body.objects.creditNote.id);
    const key = `sevdesk|CreditNote-${cnId}`;
    await book.recordInvoice(
      invoiceInput({
        n: 2,
        provider: 'sevdesk',
        invoiceId: `CreditNote-${cnId}`,
        invoiceNumber: made.body.objects.creditNote.creditNoteNumber,
        documentType: 'creditNote',
        correctionOf: invoice.key,
        dueDate: null,
        netMinor: 10_000,
        taxMinor: 1_900,
        grossMinor: 11_900,
        orders: [],
        payment: { status: 'draft', paidMinor: 0, paidDate: null },
      }),
    );
    const sevdesk = client(api);

    advance(60_000);
    const first = await pollSevdesk(book, sevdesk, { lastPollAt: null }, clock.now);
    expect(first).toMatchObject({ updated: 0, problems: [] });
    expect(await book.get(key)).toMatchObject({ status: 'draft' });

    advance(10 * 60_000);
    expect((await api.put(`/api/v1/CreditNote/${cnId}/sendBy`, { sendType: 'VPDF', sendDraft: false })).status).toBe(200);
    advance(60_000);
    const before = (await requests(api)).length;
    const second = await pollSevdesk(book, sevdesk, first.next, clock.now);
    expect(second).toMatchObject({ updated: 1, problems: [] });
    expect(await book.get(key)).toMatchObject({ status: 'open', paidMinor: 0 });
    // One list call for the invoices, one read of the credit note (its list has no updateAfter).
    expect((await requests(api)).slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/Invoice', `GET /api/v1/CreditNote/${cnId}`]);

    // Settled in the book: no longer read.
    await book.updatePayment(key, { status: 'paid', paidMinor: 11_900, paidDate: '2026-11-23' });
    advance(60_000);
    const after = (await requests(api)).length;
    await pollSevdesk(book, sevdesk, second.next, clock.now);
    expect((await requests(api)).slice(after).map((r) => r.path)).toEqual(['/api/v1/Invoice']);
  });
});

describe('payment reminder in sevdesk (type MA)', () => {
  it('makes one reminder from the overdue invoice and keeps its link; asking again makes none', async () => {
    const api = await start();
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(api, book, 1);
    const reminderClient = { ...client(api), absenceIsProof: true };

    const made = await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now });
    const reminders = (await api.get(`/api/v1/Invoice?invoiceType=MA`)).body.objects as { id: string; origin: { id: string } }[];
    expect(reminders).toHaveLength(1);
    expect(String(reminders[0]!.origin.id)).toBe(invoice.id);
    const url = `${api.url}/fi/detail/type/MA/id/${reminders[0]!.id}`;
    expect(made).toMatchObject({ ok: true, existing: false, reminder: { url } });
    expect((await book.get(invoice.key))?.reminder?.url).toBe(url);

    expect(await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now })).toMatchObject({ ok: true, existing: true });
    expect((await api.get(`/api/v1/Invoice?invoiceType=MA`)).body.objects).toHaveLength(1);
  });

  it('finds the reminder whose answer was lost instead of making a second one', async () => {
    const api = await start();
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(api, book, 1);
    await api.post('/__sandbox/faults', { match: { method: 'POST', path: '/api/v1/Invoice/Factory/createInvoiceReminder' }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    const outcome = await createPaymentReminder(book, { ...client(api), absenceIsProof: true }, invoice.key, { now: () => bookClock.now });
    const reminders = (await api.get(`/api/v1/Invoice?invoiceType=MA`)).body.objects as { id: string }[];
    expect(reminders).toHaveLength(1);
    expect(outcome).toMatchObject({ ok: true, existing: false, reminder: { id: String(reminders[0]!.id) } });
    expect(await reminderOutcomeUnknown(book, invoice.key)).toBe(false);
    const posts = (await requests(api)).filter((r) => r.method === 'POST' && r.path.endsWith('createInvoiceReminder'));
    expect(posts).toHaveLength(1);
  });

  it('an attempt interrupted before its answer (worker stopped) is looked up on the next click, not repeated', async () => {
    const api = await start();
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(api, book, 1);
    // The reminder was made, but the worker stopped before recording it: only the intent is left.
    await api.post(`/api/v1/Invoice/Factory/createInvoiceReminder?invoice[id]=${invoice.id}&invoice[objectName]=Invoice`, { invoice: { id: Number(invoice.id), objectName: 'Invoice' } });
    await book.db.meta.put({ key: `reminder|${invoice.key}`, value: { state: 'sending', startedAt: bookClock.now.toISOString() } });

    const outcome = await createPaymentReminder(book, { ...client(api), absenceIsProof: true }, invoice.key, { now: () => bookClock.now });
    expect(outcome).toMatchObject({ ok: true, existing: false });
    expect((await api.get(`/api/v1/Invoice?invoiceType=MA`)).body.objects).toHaveLength(1);
  });
});

describe('finding invoices made in sevdesk', () => {
  it('reads the period’s sent invoices with their positions and records the one naming a TMS order', async () => {
    const api = await start();
    const { book } = freshBook();
    // Made by the user in sevdesk: header "Rechnung zu Auftrag A-4711", invoice date 02.06.2026, 14 days to pay.
    const saved = await api.post(SAVE_INVOICE, invoiceBody());
    const id = String(saved.body.objects.invoice.id);
    await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false });
    await api.post(SAVE_INVOICE, invoiceBody({ header: 'Entwurf zu Auftrag A-4712' })); // a draft: left out
    const result = await findExternalInvoices(book, client(api), 'sevdesk', { from: '2026-06-01', to: '2026-06-30' }, [
      { origin: TMS, orderId: 'o-4711', orderNumber: 'A-4711' },
      { origin: TMS, orderId: 'o-4712', orderNumber: 'A-4712' },
    ]);
    expect(result).toMatchObject({ recorded: [{ invoiceKey: `sevdesk|${id}`, orderNumbers: ['A-4711'] }], ambiguous: [], unmatched: 0 });
    expect(await book.get(`sevdesk|${id}`)).toMatchObject({
      createdBy: 'billing-system',
      invoiceDate: '2026-06-02',
      dueDate: '2026-06-16',
      customerKey: 'sevdesk|74100231',
      status: 'open',
      deepLink: `${api.url}/fi/detail/type/RE/id/${id}`,
    });
  });
});
