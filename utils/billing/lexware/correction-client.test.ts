// @vitest-environment node
/**
 * "Correct invoice" / "Cancel invoice" against the Lexware emulator, in-process over real HTTP:
 * the credit note's body field by field against the fact sheet (§3.6), the book's invoice →
 * correction link, the orders held until released, and exactly once when the answer is lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, NORDLICHT, startLexware, validInvoice, type TestLexware } from '../../../sandbox/lexware/test-support';
import { correctInvoice, correctionPending } from '../../book/correction';
import { TokenBucket } from '../rate-limit';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';
import { createLexwareCorrectionClient } from './correction-client';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

function client(server: TestLexware) {
  return createLexwareCorrectionClient({
    apiKey: () => 'test-lexware-key-0815',
    endpoints: { api: `${server.url}/v1`, app: server.url },
    fetch: globalThis.fetch,
    backoffMs: 5,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
  });
}

async function invoiceInBook(server: TestLexware, book: ReturnType<typeof freshBook>['book'], finalize = true) {
  const created = await server.api('POST', `/v1/invoices${finalize ? '?finalize=true' : ''}`, validInvoice());
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const invoice = (await server.api('GET', `/v1/invoices/${created.body.id}`)).body;
  const grossMinor = Math.round(invoice.totalPrice.totalGrossAmount * 100);
  const netMinor = Math.round(invoice.totalPrice.totalNetAmount * 100);
  await book.recordInvoice(
    invoiceInput({
      invoiceId: invoice.id,
      invoiceNumber: invoice.voucherNumber ?? null,
      netMinor,
      taxMinor: grossMinor - netMinor,
      grossMinor,
      deepLink: `${server.url}/permalink/invoices/view/${invoice.id}`,
      payment: finalize ? undefined : { status: 'draft', paidMinor: 0, paidDate: null },
    }),
  );
  return { id: invoice.id as string, key: `lexware|${invoice.id}`, number: invoice.voucherNumber as string, grossMinor };
}

type Logged = { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> };
const creditNotePosts = async (server: TestLexware) => ((await server.sandbox('requests')).body as Logged[]).filter((r) => r.method === 'POST' && r.path === '/v1/credit-notes');

describe('Correct invoice in Lexware Office', () => {
  it('cancels with a linked credit note for the full amount: body as the fact sheet says, invoice cancelled, orders held until released', async () => {
    const clock = new FakeClock();
    const server = (lx = await startLexware({ now: clock.now }));
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book);

    const outcome = await correctInvoice(book, client(server), invoice.key, { kind: 'cancel' }, () => new Date('2026-12-05T09:00:00Z'));
    expect(outcome.ok).toBe(true);

    const [post] = await creditNotePosts(server);
    expect(post!.query).toEqual({ precedingSalesVoucherId: invoice.id, finalize: 'true' });
    const body = post!.body;
    expect(Object.keys(body).sort()).toEqual(['address', 'introduction', 'language', 'lineItems', 'taxConditions', 'title', 'totalPrice', 'voucherDate']);
    expect(body.voucherDate).toBe('2026-12-05T00:00:00.000+01:00');
    expect(body.address).toEqual({ contactId: NORDLICHT });
    expect(body.title).toBe('Stornorechnung');
    expect(body.introduction).toBe(`Rechnungskorrektur zu Rechnung ${invoice.number}: Die Rechnung wird vollständig storniert.`);
    expect(body.totalPrice).toEqual({ currency: 'EUR' });
    expect(body.taxConditions).toEqual({ taxType: 'net' });
    expect(body.language).toBe('de');
    // The priced lines only (the text line carries no amount), no line discounts, no due date, shipping or payment conditions.
    expect(body.lineItems).toEqual([
      { type: 'custom', name: 'Transport Hamburg – München', description: 'Auftrag A-4711, 12 Paletten', quantity: 1, unitName: 'Pauschale', unitPrice: { currency: 'EUR', netAmount: 1250, taxRatePercentage: 19 } },
      { type: 'custom', name: 'Standzeit', quantity: 2.5, unitName: 'Stunde', unitPrice: { currency: 'EUR', netAmount: 45, taxRatePercentage: 19 } },
    ]);

    // In the emulator's records: linked to the invoice, with the text naming it.
    const invoiceNow = (await server.api('GET', `/v1/invoices/${invoice.id}`)).body;
    const link = invoiceNow.relatedVouchers.find((r: { voucherType: string }) => r.voucherType === 'creditnote');
    const creditNote = (await server.api('GET', `/v1/credit-notes/${link.id}`)).body;
    expect(creditNote.introduction).toContain(`Rechnungskorrektur zu Rechnung ${invoice.number}`);
    expect(creditNote.relatedVouchers).toEqual([{ id: invoice.id, voucherNumber: invoice.number, voucherType: 'invoice' }]);

    // The book: invoice → correction, the credit note a row of its own.
    const row = await book.get(invoice.key);
    expect(row).toMatchObject({ status: 'cancelled', correctedBy: [`lexware|${link.id}`], correction: { kind: 'creditNote', full: true, number: creditNote.voucherNumber, url: `${server.url}/permalink/credit-notes/view/${link.id}` } });
    expect(await book.get(`lexware|${link.id}`)).toMatchObject({ documentType: 'creditNote', correctionOf: invoice.key, grossMinor: invoice.grossMinor });

    // Held: the order still counts as invoiced (shown as cancelled) until the user releases it.
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')).toMatchObject({ status: 'cancelled' });
    await book.releaseOrders(invoice.key);
    expect((await book.isInvoiced(TMS, ['o-1'])).has('o-1')).toBe(false);

    // Asking again makes nothing new.
    const again = await correctInvoice(book, client(server), invoice.key, { kind: 'cancel' }, () => new Date());
    expect(again).toMatchObject({ ok: true, existing: true });
    expect(await creditNotePosts(server)).toHaveLength(1);
  });

  it('credits chosen positions: only those lines, "Rechnungskorrektur" title; the invoice stays and its orders stay invoiced', async () => {
    const server = (lx = await startLexware({ now: new FakeClock().now }));
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book);
    const lines = await client(server).invoiceLines(invoice.id);
    expect(lines).toEqual([
      { index: 0, name: 'Transport Hamburg – München', quantity: 1, unitName: 'Pauschale', netMinor: 125_000, taxRatePercentage: 19 },
      { index: 1, name: 'Standzeit', quantity: 2.5, unitName: 'Stunde', netMinor: 11_250, taxRatePercentage: 19 },
    ]);

    const outcome = await correctInvoice(book, client(server), invoice.key, { kind: 'correct', lines: [1] }, () => new Date('2026-12-05T09:00:00Z'));
    expect(outcome).toMatchObject({ ok: true, correction: { full: false } });
    const [post] = await creditNotePosts(server);
    expect(post!.body.title).toBe('Rechnungskorrektur');
    expect(post!.body.introduction).toBe(`Rechnungskorrektur zu Rechnung ${invoice.number}.`);
    expect((post!.body.lineItems as { name: string }[]).map((l) => l.name)).toEqual(['Standzeit']);
    const row = await book.get(invoice.key);
    expect(row?.status).not.toBe('cancelled');
    expect(row?.correction).toMatchObject({ full: false });
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')?.invoiceKey).toBe(invoice.key);
    expect(await book.releaseOrders(invoice.key)).toBeNull();
  });

  it('refuses a draft (Lexware allows no correction, change or deletion of it through the API) without calling Lexware', async () => {
    const server = (lx = await startLexware({ now: new FakeClock().now }));
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book, false);
    const outcome = await correctInvoice(book, client(server), invoice.key, { kind: 'cancel' }, () => new Date());
    expect(outcome).toEqual({ ok: false, reason: 'draft' });
    expect(await creditNotePosts(server)).toHaveLength(0);
    // The emulator, like Lexware, refuses a credit note on a draft with 406.
    const direct = await server.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, { ...validInvoice(), shippingConditions: undefined });
    expect(direct.status).toBe(406);
  });

  it('finds the credit note whose answer was lost instead of making a second one', async () => {
    const server = (lx = await startLexware({ now: new FakeClock().now }));
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book);
    await server.sandbox('faults', { match: { method: 'POST', path: '/v1/credit-notes' }, kind: 'status', status: 500, afterHandling: true, count: 1 });

    const outcome = await correctInvoice(book, client(server), invoice.key, { kind: 'cancel' }, () => new Date());
    expect(outcome).toMatchObject({ ok: true, existing: false, correction: { full: true } });
    expect(await creditNotePosts(server)).toHaveLength(1);
    expect(await correctionPending(book, invoice.key)).toBe(false);
    expect((await book.get(invoice.key))?.status).toBe('cancelled');
  });

  it('keeps the intent when the look after a lost answer fails, and looks first on the next attempt', async () => {
    const server = (lx = await startLexware({ now: new FakeClock().now }));
    const { book } = freshBook();
    const invoice = await invoiceInBook(server, book);
    await server.sandbox('faults', { match: { method: 'POST', path: '/v1/credit-notes' }, kind: 'status', status: 500, afterHandling: true, count: 1 });
    const lexware = client(server);
    let offline = true;
    const flaky = { ...lexware, findCorrection: (row: Parameters<typeof lexware.findCorrection>[0]) => (offline ? Promise.reject(new Error('offline')) : lexware.findCorrection(row)) };

    expect(await correctInvoice(book, flaky, invoice.key, { kind: 'cancel' }, () => new Date())).toEqual({ ok: false, reason: 'outcome-unknown' });
    expect(await correctionPending(book, invoice.key)).toBe(true);

    offline = false;
    expect(await correctInvoice(book, flaky, invoice.key, { kind: 'cancel' }, () => new Date())).toMatchObject({ ok: true, existing: false });
    expect(await creditNotePosts(server)).toHaveLength(1);
    expect(await correctionPending(book, invoice.key)).toBe(false);
  });
});
