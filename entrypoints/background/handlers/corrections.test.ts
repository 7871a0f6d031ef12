/**
 * The background's side of "Correct invoice" / "Cancel invoice": answers in the user's language,
 * the TMS told through the adapter that made the order's invoice (where it can write back), a
 * draft offered its edit link, and the orders released only for an invoice cancelled by a correction.
 */
import { describe, expect, it } from 'vitest';
import { BillingError } from '@/utils/billing/errors';
import type { CorrectionClient, CreatedCorrection } from '@/utils/book/correction';
import type { Locale } from '@/utils/i18n/translate';
import type { CorrectionRecord, TmsWriteBack } from '@/utils/tms/adapter';
import { freshBook, invoiceInput, TMS } from '@/tests/support/book';
import type { SenderInfo } from '@/utils/messaging';
import { correctInvoice, getCorrectionOptions, getOrderInvoice, releaseInvoicedOrders, type CorrectionDeps } from './corrections';

const CREDIT_NOTE: CreatedCorrection = {
  id: 'cn-1',
  number: 'GS0001',
  url: 'https://app.lexware.de/permalink/credit-notes/view/cn-1',
  kind: 'creditNote',
  date: '2026-12-05',
  netMinor: 100_000,
  taxMinor: 19_000,
  grossMinor: 119_000,
  full: true,
};

function setup(options: { locale?: Locale; client?: Partial<CorrectionClient>; adapter?: string | undefined } = {}) {
  const { book, clock } = freshBook('2026-12-05T09:00:00.000Z');
  const told: { orderId: string; correction: CorrectionRecord }[] = [];
  const writeBack: TmsWriteBack = {
    id: 'demo-tms',
    recordInvoice: async () => ({ ok: true, alreadyRecorded: false }),
    recordCorrection: async (_origin, orderId, correction) => {
      told.push({ orderId, correction });
      return { ok: true, alreadyRecorded: false };
    },
  };
  const client: CorrectionClient = {
    invoiceLines: async () => [{ index: 0, name: 'Transport', quantity: 1, unitName: 'Pauschale', netMinor: 100_000, taxRatePercentage: 19 }],
    createCorrection: async () => CREDIT_NOTE,
    findCorrection: async () => null,
    ...options.client,
  };
  const deps: CorrectionDeps = {
    book: async () => book,
    client: async () => client,
    adapterOfJob: async () => ('adapter' in options ? options.adapter : 'demo-tms'),
    writeBack: async (id) => (id === 'demo-tms' ? writeBack : undefined),
    locale: async () => options.locale ?? 'en',
    now: () => clock.now,
    invoicedOrders: (origin, orderIds) => book.isInvoiced(origin, orderIds),
  };
  return { deps, book, told };
}

describe('correctInvoice', () => {
  it('makes the correction, tells the TMS of each order, and says so in German', async () => {
    const { deps, book, told } = setup({ locale: 'de' });
    await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001', jobId: 'job-1' }] }));
    const answer = await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' });
    expect(answer).toEqual({
      ok: true,
      correction: { number: 'GS0001', url: CREDIT_NOTE.url, kind: 'creditNote', full: true },
      existing: false,
      summary: 'Lexware Office hat GS0001 erstellt. Im TMS an 1 Auftrag vermerkt.',
    });
    expect(told).toEqual([{ orderId: 'o-1', correction: { providerName: 'Lexware Office', invoiceNumber: 'RE-1001', correctionNumber: 'GS0001', url: CREDIT_NOTE.url, cancelled: true } }]);
    // Asked again: answered from the book, the TMS is not told twice.
    expect(await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' })).toMatchObject({ ok: true, existing: true, summary: 'Lexware Office hat GS0001 erstellt.' });
    expect(told).toHaveLength(1);
  });

  it('leaves a TMS without write-back (a ledger-mode recipe) alone: the badge shows the correction', async () => {
    const { deps, book, told } = setup({ adapter: undefined });
    await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001', jobId: 'job-1' }] }));
    expect(await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' })).toMatchObject({ ok: true, summary: 'Lexware Office made GS0001.' });
    expect(told).toEqual([]);
    expect((await book.isInvoiced(TMS, ['o-1'])).get('o-1')?.status).toBe('cancelled');
  });

  it('names the fields the billing system refused, and keeps nothing pending', async () => {
    const { deps, book } = setup({
      client: { createCorrection: async () => Promise.reject(new BillingError('validation', 'refused', { status: 406, fields: [{ field: 'precedingSalesVoucherId', key: 'NOTALLOWED' }] })) },
    });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect(await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'correct' })).toEqual({
      ok: false,
      error: { code: 'validation', message: 'Lexware Office refused the correction: precedingSalesVoucherId.' },
    });
    expect(await getCorrectionOptions(deps, { invoiceKey: 'lexware|lx-1' })).toMatchObject({ ok: true, pending: false });
  });

  it('says plainly when the outcome is unknown and could not be checked', async () => {
    const { deps, book } = setup({
      client: {
        createCorrection: async () => Promise.reject(new BillingError('network', 'timeout', { outcome: 'unknown' })),
        findCorrection: async () => Promise.reject(new BillingError('network', 'offline', { outcome: 'not-performed' })),
      },
    });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    const answer = await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'correction-outcome-unknown' } });
    expect(await getCorrectionOptions(deps, { invoiceKey: 'lexware|lx-1' })).toMatchObject({ ok: true, pending: true });
  });
});

describe('getCorrectionOptions', () => {
  it("offers a Lexware draft's edit link instead of lines", async () => {
    const { deps, book } = setup();
    await book.recordInvoice(invoiceInput({ n: 2, invoiceNumber: null, payment: { status: 'draft', paidMinor: 0, paidDate: null } }));
    expect(await getCorrectionOptions(deps, { invoiceKey: 'lexware|lx-2' })).toEqual({ ok: true, lines: null, pending: false, draftUrl: 'https://app.lexware.de/permalink/invoices/edit/lx-2' });
  });
});

describe('releaseInvoicedOrders', () => {
  it('releases only the orders of an invoice cancelled by a correction', async () => {
    const { deps, book } = setup();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect(await releaseInvoicedOrders(deps, { invoiceKey: 'lexware|lx-1' })).toMatchObject({ ok: false, error: { code: 'nothing-to-release' } });
    await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' });
    expect(await releaseInvoicedOrders(deps, { invoiceKey: 'lexware|lx-1' })).toEqual({ ok: true, orderNumbers: ['A-0001'] });
    expect((await book.isInvoiced(TMS, ['o-1'])).has('o-1')).toBe(false);
  });
});

/** A TMS page's content script: the origin is the page's, as checkSender reports it. */
const page = (origin: string): SenderInfo => ({ tabId: 7, frameId: 0, origin, fromContentScript: true });
const OTHER_SITE = 'https://other-tms.example.test';

describe('from a TMS detail page', () => {
  it("shows the order's invoice as the book's row, and nothing for an order not invoiced", async () => {
    const { deps, book } = setup();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    const answer = await getOrderInvoice(deps, { origin: TMS, orderId: 'o-1' }, page(TMS));
    expect(answer).toMatchObject({ ok: true, invoice: { key: 'lexware|lx-1', invoiceNumber: 'RE-1001', provider: 'lexware', status: 'overdue', orderNumbers: ['A-0001'], correction: null } });
    expect(await getOrderInvoice(deps, { origin: TMS, orderId: 'o-2' }, page(TMS))).toEqual({ ok: true, invoice: null });
  });

  it("refuses to tell a page about another site's orders", async () => {
    const { deps, book } = setup({ locale: 'de' });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect(await getOrderInvoice(deps, { origin: TMS, orderId: 'o-1' }, page(OTHER_SITE))).toEqual({
      ok: false,
      error: { code: 'foreign-origin', message: 'Diese Seite darf nur nach Aufträgen ihrer eigenen Website fragen.' },
    });
  });

  it("corrects an invoice of the page's own site, tells the TMS, and then shows the correction on the order", async () => {
    const { deps, book, told } = setup();
    await book.recordInvoice(invoiceInput({ n: 1, orders: [{ orderId: 'o-1', orderNumber: 'A-0001', jobId: 'job-1' }] }));
    expect(await getCorrectionOptions(deps, { invoiceKey: 'lexware|lx-1' }, page(TMS))).toMatchObject({ ok: true, pending: false, draftUrl: null });
    expect(await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' }, page(TMS))).toMatchObject({ ok: true, existing: false, summary: 'Lexware Office made GS0001. Recorded on 1 order in the TMS.' });
    expect(told).toHaveLength(1);
    // Still held (cancelled, not released): the order shows its invoice with the correction.
    expect(await getOrderInvoice(deps, { origin: TMS, orderId: 'o-1' }, page(TMS))).toMatchObject({
      ok: true,
      invoice: { status: 'cancelled', correction: { number: 'GS0001', full: true, released: false } },
    });
    expect(await releaseInvoicedOrders(deps, { invoiceKey: 'lexware|lx-1' }, page(TMS))).toEqual({ ok: true, orderNumbers: ['A-0001'] });
    expect(await getOrderInvoice(deps, { origin: TMS, orderId: 'o-1' }, page(TMS))).toEqual({ ok: true, invoice: null });
  });

  it("never lets a page correct, look at or release an invoice of another site's orders", async () => {
    let made = 0;
    const { deps, book, told } = setup({ client: { createCorrection: async () => (made++, CREDIT_NOTE) } });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    const notInBook = { ok: false, error: { code: 'not-in-book', message: 'This invoice is not in the invoice book (any more).' } };
    expect(await getCorrectionOptions(deps, { invoiceKey: 'lexware|lx-1' }, page(OTHER_SITE))).toEqual(notInBook);
    expect(await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' }, page(OTHER_SITE))).toEqual(notInBook);
    expect(made).toBe(0);
    expect(told).toEqual([]);
    expect((await book.get('lexware|lx-1'))?.correction).toBeUndefined();
    // Cancelled from the book: another site's page still can't release its orders.
    await correctInvoice(deps, { invoiceKey: 'lexware|lx-1', kind: 'cancel' });
    expect(await releaseInvoicedOrders(deps, { invoiceKey: 'lexware|lx-1' }, page(OTHER_SITE))).toMatchObject({ ok: false, error: { code: 'nothing-to-release' } });
    expect((await book.isInvoiced(TMS, ['o-1'])).has('o-1')).toBe(true);
  });
});
