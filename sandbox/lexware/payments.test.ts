import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

/** validInvoice totals 1,621.38 € gross; due 14 days after 10.11.2026. */
const GROSS = 1621.38;

async function openInvoice(body: unknown = validInvoice()): Promise<string> {
  const r = await lx!.api('POST', '/v1/invoices?finalize=true', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const day = (iso: string) => Date.parse(iso);

describe('GET /v1/payments/{id} and the status transitions', () => {
  it('shows an open invoice with its whole amount open, then partly paid, then paid with paidDate', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const id = await openInvoice();
    expect((await lx.api('GET', `/v1/payments/${id}`)).body).toEqual({
      openAmount: GROSS,
      currency: 'EUR',
      paymentStatus: 'openRevenue',
      voucherType: 'invoice',
      voucherStatus: 'open',
      paidDate: null,
      paymentItems: [],
    });

    clock.ms = day('2026-11-20T10:00:00.000Z');
    const part = await lx.sandbox(`invoices/${id}/payments`, { amount: 1000, date: '2026-11-19' });
    expect(part.status).toBe(200);
    const partly = (await lx.api('GET', `/v1/payments/${id}`)).body;
    expect(partly).toMatchObject({ openAmount: 621.38, paymentStatus: 'openRevenue', voucherStatus: 'open', paidDate: null });
    expect(partly.paymentItems).toEqual([{ paymentItemType: 'manualPayment', postingDate: '2026-11-19T00:00:00.000+01:00', amount: 1000, currency: 'EUR' }]);
    // Partly paid is still `open` on the invoice itself.
    const invoice = (await lx.api('GET', `/v1/invoices/${id}`)).body;
    expect(invoice.voucherStatus).toBe('open');
    expect(invoice.updatedDate).toBe('2026-11-20T11:00:00.000+01:00');
    expect(invoice.version).toBe(2);

    await lx.sandbox(`invoices/${id}/payments`, { amount: 621.38, date: '2026-11-21', type: 'manualPayment' });
    expect((await lx.api('GET', `/v1/payments/${id}`)).body).toMatchObject({ openAmount: 0, paymentStatus: 'balanced', voucherStatus: 'paid', paidDate: '2026-11-21T00:00:00.000+01:00' });
    expect((await lx.api('GET', `/v1/invoices/${id}`)).body.voucherStatus).toBe('paid');
  });

  it('reports a voided invoice as balanced with 0 open: only voucherStatus tells it apart', async () => {
    lx = await startLexware();
    const id = await openInvoice();
    expect((await lx.sandbox(`invoices/${id}/void`, {})).status).toBe(200);
    expect((await lx.api('GET', `/v1/payments/${id}`)).body).toMatchObject({ openAmount: 0, paymentStatus: 'balanced', voucherStatus: 'voided' });
    expect((await lx.api('GET', `/v1/invoices/${id}`)).body.voucherStatus).toBe('voided');
  });

  it('answers 406 for drafts and 404 for unknown vouchers', async () => {
    lx = await startLexware();
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    const r = await lx.api('GET', `/v1/payments/${draft.body.id}`);
    expect(r.status).toBe(406);
    expect(r.body).toMatchObject({ status: 406, error: 'Not Acceptable' });
    expect((await lx.api('GET', '/v1/payments/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('sandbox payment routes', () => {
  it('refuses payments on drafts, overpayments, bad amounts, dates and types; voiding with payments or twice', async () => {
    lx = await startLexware();
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    expect((await lx.sandbox(`invoices/${draft.body.id}/payments`, { amount: 10 })).status).toBe(409);
    expect((await lx.sandbox(`invoices/${draft.body.id}/void`, {})).status).toBe(409);
    const id = await openInvoice();
    expect((await lx.sandbox(`invoices/${id}/payments`, { amount: GROSS + 0.01 })).body).toEqual({ message: `amount ${GROSS + 0.01} exceeds the open amount ${GROSS}` });
    expect((await lx.sandbox(`invoices/${id}/payments`, { amount: 1.005 })).status).toBe(400);
    expect((await lx.sandbox(`invoices/${id}/payments`, { amount: -5 })).status).toBe(400);
    expect((await lx.sandbox(`invoices/${id}/payments`, { amount: 5, date: '20.11.2026' })).status).toBe(400);
    expect((await lx.sandbox(`invoices/${id}/payments`, { amount: 5, type: 'cash' })).status).toBe(400);
    expect((await lx.sandbox('invoices/unknown/payments', { amount: 5 })).status).toBe(404);
    await lx.sandbox(`invoices/${id}/payments`, { amount: 5, type: 'cashDiscount' });
    expect((await lx.sandbox(`invoices/${id}/void`, {})).status).toBe(409);
  });

  it('books the whole open amount when no amount is given', async () => {
    lx = await startLexware();
    const id = await openInvoice();
    expect((await lx.sandbox(`invoices/${id}/payments`, {})).body).toMatchObject({ openAmount: 0, voucherStatus: 'paid' });
  });

  it('deletes drafts only (what the user does in the app instead of an API DELETE)', async () => {
    lx = await startLexware();
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    expect((await lx.api('DELETE', `/v1/invoices/${draft.body.id}`)).status).toBe(403);
    expect((await lx.raw('DELETE', `/__sandbox/invoices/${draft.body.id}`)).status).toBe(200);
    expect((await lx.api('GET', `/v1/invoices/${draft.body.id}`)).status).toBe(404);
    const id = await openInvoice();
    expect((await lx.raw('DELETE', `/__sandbox/invoices/${id}`)).status).toBe(409);
  });
});

describe('voucherlist for polling (fact sheet §3.4)', () => {
  it('reports open amounts after payments and finds changes with updatedDateFrom and voucherStatus=any', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const paid = await openInvoice();
    const untouched = await openInvoice();
    await lx.api('POST', '/v1/invoices', validInvoice());
    clock.ms = day('2026-11-25T09:00:00.000Z');
    await lx.sandbox(`invoices/${paid}/payments`, { amount: 621.38 });

    const changed = await lx.api('GET', '/v1/voucherlist?voucherType=invoice,creditnote&voucherStatus=any&updatedDateFrom=2026-11-25&size=250');
    expect(changed.status).toBe(200);
    expect(changed.body.content.map((i: { id: string }) => i.id)).toEqual([paid]);
    expect(changed.body.content[0]).toMatchObject({ voucherStatus: 'open', totalAmount: GROSS, openAmount: 1000 });

    const all = await lx.api('GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=any&size=2&page=0');
    expect(all.body).toMatchObject({ totalElements: 3, totalPages: 2, numberOfElements: 2, size: 2, number: 0 });
    const untouchedItem = (await lx.api('GET', `/v1/voucherlist?voucherType=invoice&voucherStatus=open&voucherNumber=RE0002`)).body.content[0];
    expect(untouchedItem).toMatchObject({ id: untouched, openAmount: GROSS });
  });

  it('lists open invoices past their due day as overdue, not paid ones', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const overdue = await openInvoice();
    const paid = await openInvoice();
    await lx.sandbox(`invoices/${paid}/payments`, {});
    clock.ms = day('2026-11-25T09:00:00.000Z');
    const r = await lx.api('GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=overdue');
    expect(r.body.content.map((i: { id: string }) => i.id)).toEqual([overdue]);
    expect((await lx.api('GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=paid')).body.content.map((i: { id: string }) => i.id)).toEqual([paid]);
  });
});
