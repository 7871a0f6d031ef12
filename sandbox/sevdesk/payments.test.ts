import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../kit/http';
import { NOW, SAVE_INVOICE, invoiceBody, startSevdesk, type TestClient } from './test-support';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

let clock = NOW.getTime();
async function start(): Promise<TestClient> {
  clock = NOW.getTime();
  const started = await startSevdesk({ now: () => new Date(clock) });
  server = started.server;
  return started.api;
}

/** A sent invoice (200) of 1,621.38 EUR gross; `recent` makes it due only in December. */
async function openInvoice(api: TestClient, recent = false): Promise<string> {
  const body = recent ? invoiceBody({ invoiceDate: '20.11.2026', deliveryDate: '19.11.2026' }) : invoiceBody();
  const saved = await api.post(SAVE_INVOICE, body);
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const id = saved.body.objects.invoice.id;
  expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false })).status).toBe(200);
  return id;
}

const CHECK_ACCOUNT = { id: 5936483, objectName: 'CheckAccount' };
const invoiceOf = async (api: TestClient, id: string) => (await api.get(`/api/v1/Invoice/${id}`)).body.objects[0];

describe('bookAmount and the status codes (fact sheet §4.4)', () => {
  it('moves 200 → 750 with a partial payment, then 1000 with payDate; paidAmount follows', async () => {
    const api = await start();
    const id = await openInvoice(api);
    expect(await invoiceOf(api, id)).toMatchObject({ status: '200', paidAmount: 0, payDate: null });
    expect((await api.get(`/api/v1/Invoice/${id}/getIsPartiallyPaid`)).body).toEqual({ objects: false });

    const partial = await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 1000, date: '25.11.2026', type: 'N', checkAccount: CHECK_ACCOUNT });
    expect(partial.status, JSON.stringify(partial.body)).toBe(200);
    expect(partial.body.objects).toMatchObject({ objectName: 'InvoiceLog', fromStatus: '200', toStatus: '750', ammountPayed: '1000', invoice: { id, objectName: 'Invoice' } });
    expect(await invoiceOf(api, id)).toMatchObject({ status: '750', paidAmount: 1000, payDate: null });
    expect((await api.get(`/api/v1/Invoice/${id}/getIsPartiallyPaid`)).body).toEqual({ objects: true });

    await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: '621.38', date: '2026-11-27', type: 'N', checkAccount: CHECK_ACCOUNT });
    expect(await invoiceOf(api, id)).toMatchObject({ status: '1000', paidAmount: 1621.38, payDate: '2026-11-27T00:00:00+01:00' });
  });

  it('settles in full with Skonto (CB): paidAmount is the gross sum', async () => {
    const api = await start();
    const id = await openInvoice(api);
    await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 1588.95, date: '24.11.2026', type: 'CB', checkAccount: CHECK_ACCOUNT });
    expect(await invoiceOf(api, id)).toMatchObject({ status: '1000', paidAmount: 1621.38 });
  });

  it('refuses drafts, paid invoices, overpayments, unknown types and a missing checkAccount (400)', async () => {
    const api = await start();
    const draft = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.id;
    expect((await api.put(`/api/v1/Invoice/${draft}/bookAmount`, { amount: 10, date: '24.11.2026', type: 'N', checkAccount: CHECK_ACCOUNT })).body.error.message).toBe(
      'Invoice RE-1000 with status 100 can not be booked',
    );
    const id = await openInvoice(api);
    expect((await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 2000, date: '24.11.2026', type: 'N', checkAccount: CHECK_ACCOUNT })).body.error.message).toBe(
      'amount 2000 exceeds the open amount 1621.38',
    );
    expect((await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 10, date: '24.11.2026', type: 'X', checkAccount: CHECK_ACCOUNT })).status).toBe(400);
    expect((await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 10, date: '24.11.2026', type: 'N' })).body.error.message).toBe('checkAccount is required.');
    await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 1621.38, date: '24.11.2026', type: 'FULL_PAYMENT', checkAccount: CHECK_ACCOUNT });
    expect((await api.put(`/api/v1/Invoice/${id}/bookAmount`, { amount: 1, date: '24.11.2026', type: 'N', checkAccount: CHECK_ACCOUNT })).status).toBe(400);
  });

  it('books through the sandbox route, by default the whole open amount today', async () => {
    const api = await start();
    const id = await openInvoice(api);
    const part = await api.post(`/__sandbox/invoices/${id}/payments`, { amount: 21.38 });
    expect(part.status).toBe(200);
    expect(part.body.toStatus).toBe('750');
    const rest = await api.post(`/__sandbox/invoices/${id}/payments`, {});
    expect(rest.body).toMatchObject({ fromStatus: '750', toStatus: '1000', ammountPayed: '1600' });
    expect(await invoiceOf(api, id)).toMatchObject({ status: '1000', payDate: '2026-11-23T00:00:00+01:00' });
    expect((await api.post(`/__sandbox/invoices/${id}/payments`, {})).status).toBe(409);
    expect((await api.post('/__sandbox/invoices/1/payments', {})).status).toBe(404);
  });
});

describe('resetToOpen and resetToDraft after payments (fact sheet §4.5)', () => {
  it('resets a paid invoice to open (bookings removed), then to draft; resetToDraft from 1000 is 422', async () => {
    const api = await start();
    const id = await openInvoice(api);
    await api.post(`/__sandbox/invoices/${id}/payments`, {});
    expect((await api.put(`/api/v1/Invoice/${id}/resetToDraft`, {})).status).toBe(422);
    const open = await api.put(`/api/v1/Invoice/${id}/resetToOpen`, {});
    expect(open.status).toBe(200);
    expect(open.body.objects).toMatchObject({ status: '200', paidAmount: 0, payDate: null });
    expect((await api.put(`/api/v1/Invoice/${id}/resetToOpen`, {})).status).toBe(422);
    expect((await api.put(`/api/v1/Invoice/${id}/resetToDraft`, {})).body.objects.status).toBe('100');
  });
});

describe('GET /Invoice for polling', () => {
  it('finds invoices changed after a timestamp (updateAfter), e.g. by a payment', async () => {
    const api = await start();
    const paid = await openInvoice(api);
    await openInvoice(api);
    const mark = Math.floor(clock / 1000);
    clock += 60_000;
    await api.post(`/__sandbox/invoices/${paid}/payments`, { amount: 100 });
    const changed = await api.get(`/api/v1/Invoice?updateAfter=${mark}`);
    expect(changed.body.objects.map((i: { id: string }) => i.id)).toEqual([paid]);
    expect(changed.body.objects[0]).toMatchObject({ status: '750', paidAmount: 100 });
    const iso = await api.get(`/api/v1/Invoice?updateAfter=${encodeURIComponent('2026-11-23T10:00:30+01:00')}`);
    expect(iso.body.objects.map((i: { id: string }) => i.id)).toEqual([paid]);
  });

  it('filters delinquent (open or partly paid past due), notdelinquent and partiallyPaid', async () => {
    const api = await start();
    const overdue = await openInvoice(api);
    const recent = await openInvoice(api, true);
    const partly = await openInvoice(api);
    await api.post(`/__sandbox/invoices/${partly}/payments`, { amount: 1 });
    const ids = async (query: string) => (await api.get(`/api/v1/Invoice?${query}`)).body.objects.map((i: { id: string }) => i.id);
    expect(await ids('delinquent=true')).toEqual([overdue, partly]);
    expect(await ids('notdelinquent=true')).toEqual([recent]);
    expect(await ids('partiallyPaid=true')).toEqual([partly]);
    expect(await ids('status=750')).toEqual([partly]);
  });
});
