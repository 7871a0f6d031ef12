// @vitest-environment node
/**
 * The invoice book's Lexware client against the Lexware emulator, in-process over real HTTP:
 * payments booked in "Lexware" (the emulator's sandbox route) show up in the book after a
 * poll, with one list call when nothing changed; a dunning draft is made exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, startLexware, validInvoice, type TestLexware } from '../../../sandbox/lexware/test-support';
import { pollLexware } from '../../book/poll';
import { createPaymentReminder, reminderOutcomeUnknown } from '../../book/reminder';
import { findExternalInvoices } from '../../book/external';
import { TokenBucket } from '../rate-limit';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';
import { createLexwareBookClient } from './book-client';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

async function start(clock: FakeClock): Promise<TestLexware> {
  lx = await startLexware({ now: clock.now });
  return lx;
}

function client(server: TestLexware) {
  return createLexwareBookClient({
    apiKey: () => 'test-lexware-key-0815',
    endpoints: { api: `${server.url}/v1`, app: server.url },
    fetch: globalThis.fetch,
    backoffMs: 5,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
  });
}

/** A finalized invoice in the emulator, recorded in the book as Frachtbeleg records it. */
async function invoiceInBook(server: TestLexware, book: ReturnType<typeof freshBook>['book'], n: number) {
  const created = await server.api('POST', '/v1/invoices?finalize=true', validInvoice());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const invoice = (await server.api('GET', `/v1/invoices/${created.body.id}`)).body;
  const grossMinor = Math.round(invoice.totalPrice.totalGrossAmount * 100);
  const netMinor = Math.round(invoice.totalPrice.totalNetAmount * 100);
  await book.recordInvoice(
    invoiceInput({ n, invoiceId: invoice.id, invoiceNumber: invoice.voucherNumber, netMinor, taxMinor: grossMinor - netMinor, grossMinor, deepLink: `${server.url}/permalink/invoices/view/${invoice.id}` }),
  );
  return { id: invoice.id as string, key: `lexware|${invoice.id}`, grossMinor };
}

const requests = async (server: TestLexware) => (await server.sandbox('requests')).body as { method: string; path: string }[];

describe('payment status from Lexware Office', () => {
  it('shows payments booked in Lexware after the next poll; a poll with nothing new makes one list call', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book } = freshBook();
    const partly = await invoiceInBook(server, book, 1);
    const full = await invoiceInBook(server, book, 2);
    const lexware = client(server);

    const first = await pollLexware(book, lexware, { lastPollAt: null }, clock.now());
    expect(first).toMatchObject({ listed: 2, updated: 0, problems: [], deferred: 0 });

    clock.advance(10 * 60_000);
    expect((await server.sandbox(`invoices/${partly.id}/payments`, { amount: 500, date: '2026-11-10' })).status).toBe(200);
    expect((await server.sandbox(`invoices/${full.id}/payments`, { date: '2026-11-10' })).status).toBe(200);
    clock.advance(60_000);

    const before = (await requests(server)).length;
    const second = await pollLexware(book, lexware, first.next, clock.now());
    expect(second).toMatchObject({ listed: 2, updated: 2, detailCalls: 2, problems: [] });
    const made = (await requests(server)).slice(before).map((r) => `${r.method} ${r.path}`);
    expect(made).toEqual(['GET /v1/voucherlist', `GET /v1/payments/${partly.id}`, `GET /v1/payments/${full.id}`]);
    expect(await book.get(partly.key)).toMatchObject({ status: 'partlyPaid', paidMinor: 50_000, paidDate: '2026-11-10' });
    expect(await book.get(full.key)).toMatchObject({ status: 'paid', paidMinor: full.grossMinor, paidDate: '2026-11-10' });

    clock.advance(30 * 60_000);
    const quiet = (await requests(server)).length;
    const third = await pollLexware(book, lexware, second.next, clock.now());
    expect(third).toMatchObject({ updated: 0, detailCalls: 0 });
    expect((await requests(server)).slice(quiet).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/voucherlist']);
  });

  it('sees an invoice voided in Lexware as cancelled, without reading its payments', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    const first = await pollLexware(book, client(server), { lastPollAt: null }, clock.now());
    clock.advance(60_000);
    expect((await server.sandbox(`invoices/${invoice.id}/void`, {})).status).toBe(200);
    clock.advance(60_000);
    const second = await pollLexware(book, client(server), first.next, clock.now());
    expect(second).toMatchObject({ updated: 1, detailCalls: 0 });
    expect(await book.get(invoice.key)).toMatchObject({ status: 'cancelled' });
  });

  it('fails the poll on a refused key, leaving the book and the poll state as they were', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    const wrongKey = createLexwareBookClient({ apiKey: () => 'wrong', endpoints: { api: `${server.url}/v1`, app: server.url }, fetch: globalThis.fetch, backoffMs: 5 });
    await expect(pollLexware(book, wrongKey, { lastPollAt: null }, clock.now())).rejects.toMatchObject({ code: 'auth' });
    expect(await book.get(invoice.key)).toMatchObject({ status: 'open', paidMinor: 0 });
  });
});

describe('payment reminder in Lexware Office (a dunning draft)', () => {
  it('makes one dunning draft linked to the overdue invoice and keeps its link; asking again makes none', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    const reminderClient = { ...client(server), absenceIsProof: false };

    const made = await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now });
    const dunnings = (await server.sandbox('dunnings')).body as { id: string; relatedVouchers: { id: string }[]; voucherStatus: string }[];
    expect(dunnings).toHaveLength(1);
    expect(dunnings[0]).toMatchObject({ voucherStatus: 'draft', relatedVouchers: [{ id: invoice.id }] });
    const url = `${server.url}/permalink/dunnings/edit/${dunnings[0]!.id}`;
    expect(made).toEqual({ ok: true, existing: false, reminder: { id: dunnings[0]!.id, url, createdAt: bookClock.now.toISOString() } });
    expect((await book.get(invoice.key))?.reminder?.url).toBe(url);
    expect((await server.raw('GET', new URL(url).pathname)).status).toBe(200);

    const again = await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now });
    expect(again).toMatchObject({ ok: true, existing: true, reminder: { url } });
    expect((await server.sandbox('dunnings')).body).toHaveLength(1);
  });

  it('after an answer that was lost, never posts again by itself: it asks the user to look in Lexware', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    const reminderClient = { ...client(server), absenceIsProof: false };
    // Lexware makes the dunning, then the answer is a 500: the outcome is unknown to us.
    await server.sandbox('faults', { match: { method: 'POST', path: '/v1/dunnings' }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    expect(await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now })).toEqual({ ok: false, reason: 'outcome-unknown' });
    expect(await reminderOutcomeUnknown(book, invoice.key)).toBe(true);
    expect(await createPaymentReminder(book, reminderClient, invoice.key, { now: () => bookClock.now })).toEqual({ ok: false, reason: 'outcome-unknown' });
    const posts = (await requests(server)).filter((r) => r.method === 'POST' && r.path === '/v1/dunnings');
    expect(posts).toHaveLength(1);
    expect((await server.sandbox('dunnings')).body).toHaveLength(1);
  });

  it('a refusal (the invoice was paid meanwhile) creates nothing and leaves no open attempt behind', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    await server.sandbox(`invoices/${invoice.id}/payments`, {});
    const outcome = await createPaymentReminder(book, { ...client(server), absenceIsProof: false }, invoice.key, { now: () => bookClock.now });
    expect(outcome).toMatchObject({ ok: false, reason: 'billing', performed: 'no', error: { code: 'validation', status: 406 } });
    expect(await reminderOutcomeUnknown(book, invoice.key)).toBe(false);
    expect((await server.sandbox('dunnings')).body).toHaveLength(0);
  });

  it('refuses invoices that are not overdue, without asking Lexware', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book, clock: bookClock } = freshBook();
    const invoice = await invoiceInBook(server, book, 1);
    bookClock.set('2026-11-20T09:00:00.000Z'); // due on 24 November
    const before = (await requests(server)).length;
    expect(await createPaymentReminder(book, { ...client(server), absenceIsProof: false }, invoice.key, { now: () => bookClock.now })).toEqual({ ok: false, reason: 'not-overdue' });
    expect((await requests(server)).length).toBe(before);
  });
});

describe('finding invoices made in Lexware Office', () => {
  it('reads the period’s invoices and records the one that names a TMS order as made in Lexware', async () => {
    const clock = new FakeClock();
    const server = await start(clock);
    const { book } = freshBook();
    // Made by the user in Lexware: the line says "Auftrag A-4711"; a draft and an invoice of another month are left out.
    const made = await server.api('POST', '/v1/invoices?finalize=true', validInvoice());
    await server.api('POST', '/v1/invoices', validInvoice());
    await server.api('POST', '/v1/invoices?finalize=true', validInvoice({ voucherDate: '2026-10-10T00:00:00.000+02:00' }));
    const result = await findExternalInvoices(book, client(server), 'lexware', { from: '2026-11-01', to: '2026-11-30' }, [{ origin: TMS, orderId: 'o-4711', orderNumber: 'A-4711' }]);
    expect(result).toEqual({ recorded: [{ invoiceKey: `lexware|${made.body.id}`, invoiceNumber: 'RE0001', orderNumbers: ['A-4711'] }], ambiguous: [], unmatched: 0, known: 0, truncated: false });
    const invoice = (await server.api('GET', `/v1/invoices/${made.body.id}`)).body;
    expect(await book.get(`lexware|${made.body.id}`)).toMatchObject({
      createdBy: 'billing-system',
      invoiceDate: '2026-11-10',
      customerName: 'Spedition Nordlicht GmbH',
      grossMinor: Math.round(invoice.totalPrice.totalGrossAmount * 100),
      status: 'open',
      deepLink: `${server.url}/permalink/invoices/view/${made.body.id}`,
    });
    expect((await book.isInvoiced(TMS, ['o-4711'])).get('o-4711')).toMatchObject({ createdBy: 'billing-system', invoiceNumber: 'RE0001' });
  });
});
