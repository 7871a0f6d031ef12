/**
 * The invoice book page's messages through the real protocol and the background's one book
 * (Dexie on fake-indexeddb): the list with statuses and totals, an invoice's orders with their
 * TMS links, the customers, opening the page, and who may ask.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storage } from 'wxt/utils/storage';
import { allowContentScriptsFrom, handle, removeAllHandlers, request, type RequestOf } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { recipesItem } from '@/utils/tms/recipe/store';
import { legacyRecipe, LEGACY_SITE } from '@/utils/tms/recipe/testing/legacy-recipe';
import { recipeAdapterId } from '@/utils/tms/recipe/adapter-id';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { invoiceInput } from '@/tests/support/book';
import { ledgerEntry } from '@/tests/support/ledger';
import { forgetInvoiceBook, invoiceBook, OLD_LEDGER_KEY } from '../services/book';
import { bookCustomers, bookOrders, bookTotals, openBook, queryBook } from './book';
import { isTmsSite } from './tms-sites';

const DEMO = 'http://127.0.0.1:4410';
const GONE = 'http://127.0.0.1:4419';
const FUTURE = '2099-12-31';
const PAST = '2020-01-01';

const query = (over: Partial<RequestOf<'queryBook'>> = {}): RequestOf<'queryBook'> => ({
  filter: {},
  sort: { column: 'invoiceNumber', direction: 'asc' },
  offset: 0,
  limit: 50,
  ...over,
});

beforeEach(() => {
  // Each test gets an empty IndexedDB and a book opened (and migrated) afresh.
  Dexie.dependencies.indexedDB = new IDBFactory();
  forgetInvoiceBook();
  removeAllHandlers();
  handle('queryBook', (req, sender) => queryBook(req, sender));
  handle('bookOrders', (req, sender) => bookOrders(req, sender));
  handle('bookTotals', (req, sender) => bookTotals(req, sender));
  handle('bookCustomers', (_req, sender) => bookCustomers(sender));
  handle('openBook', (req) => openBook(req));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(extensionPage('book.html'));
});

afterEach(async () => {
  (await invoiceBook().catch(() => null))?.db.close();
});

async function record(...inputs: Parameters<typeof invoiceInput>[0][]) {
  const book = await invoiceBook();
  for (const input of inputs) await book.recordInvoice(invoiceInput(input));
}

describe('queryBook', () => {
  it('lists one page of rows with the status as it reads today and the count, without the totals (asked apart)', async () => {
    await record(
      { n: 1, dueDate: FUTURE },
      { n: 2, dueDate: PAST, customerKey: 'lexware|c-2', customerName: 'Kühne Logistik' },
      { n: 3, dueDate: FUTURE, currency: 'CHF', netMinor: 50_000, taxMinor: 0, grossMinor: 50_000, payment: { status: 'paid', paidMinor: 50_000, paidDate: '2026-11-30' } },
    );
    const answer = await request('queryBook', query({ limit: 2 }));
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.total).toBe(3);
    expect(answer.rows.map((r) => [r.invoiceNumber, r.status, r.openMinor])).toEqual([
      ['RE-1001', 'open', 119_000],
      ['RE-1002', 'overdue', 119_000],
    ]);
    expect(answer.rows[0]).toMatchObject({ customerName: 'Spedition Müller GmbH', orderNumbers: ['A-0001'], eInvoiceProfile: 'XRechnung', deepLink: 'https://app.lexware.de/permalink/invoices/view/lx-1' });
    expect(answer).not.toHaveProperty('totals');
    expect(answer.migrationFailed).toBeNull();

    const next = await request('queryBook', query({ offset: 2, limit: 2 }));
    expect(next.ok && next.rows.map((r) => [r.invoiceNumber, r.status, r.paidDate])).toEqual([['RE-1003', 'paid', '2026-11-30']]);
  });

  it('adds up every row a filter matches, per currency, apart from the list (bookTotals)', async () => {
    await record(
      { n: 1, dueDate: FUTURE },
      { n: 2, dueDate: PAST, customerKey: 'lexware|c-2', customerName: 'Kühne Logistik' },
      { n: 3, dueDate: FUTURE, currency: 'CHF', netMinor: 50_000, taxMinor: 0, grossMinor: 50_000 },
    );
    expect(await request('bookTotals', { filter: {} })).toEqual({
      ok: true,
      totals: [
        { currency: 'CHF', count: 1, invoicedMinor: 50_000, openMinor: 50_000, overdueMinor: 0 },
        { currency: 'EUR', count: 2, invoicedMinor: 238_000, openMinor: 238_000, overdueMinor: 119_000 },
      ],
    });
    expect(await request('bookTotals', { filter: { customerKey: 'lexware|c-2' } })).toEqual({
      ok: true,
      totals: [{ currency: 'EUR', count: 1, invoicedMinor: 119_000, openMinor: 119_000, overdueMinor: 119_000 }],
    });
  });

  it('filters by an order number, by status "overdue", and sorts by any column', async () => {
    await record({ n: 1, dueDate: FUTURE }, { n: 2, dueDate: PAST, netMinor: 200_000, taxMinor: 38_000, grossMinor: 238_000 }, { n: 3, dueDate: PAST });
    const byOrder = await request('queryBook', query({ filter: { search: ' a-0002 ' } }));
    expect(byOrder.ok && byOrder.rows.map((r) => r.invoiceNumber)).toEqual(['RE-1002']);
    const overdue = await request('queryBook', query({ filter: { statuses: ['overdue'] } }));
    expect(overdue.ok && [overdue.total, overdue.rows.map((r) => r.invoiceNumber)]).toEqual([2, ['RE-1002', 'RE-1003']]);
    expect(await request('bookTotals', { filter: { statuses: ['overdue'] } })).toEqual({ ok: true, totals: [{ currency: 'EUR', count: 2, invoicedMinor: 357_000, openMinor: 357_000, overdueMinor: 357_000 }] });
    const byGross = await request('queryBook', query({ sort: { column: 'grossMinor', direction: 'desc' } }));
    expect(byGross.ok && byGross.rows.map((r) => r.invoiceNumber)).toEqual(['RE-1002', 'RE-1001', 'RE-1003']);
  });

  it('lists an invoice whose customer has a very long name (the whole answer stays readable)', async () => {
    const name = `Spedition ${'Sehr Langer Name '.repeat(40)}GmbH`;
    await record({ n: 1, customerName: name });
    const answer = await request('queryBook', query());
    expect(answer.ok && answer.rows.map((r) => r.customerName)).toEqual([name]);
  });

  it('moves the old ledger in on first use and lists its invoices', async () => {
    await storage.setItem(OLD_LEDGER_KEY, [ledgerEntry(1), ledgerEntry(2)]);
    const answer = await request('queryBook', query());
    expect(answer.ok && [answer.total, answer.migrationFailed]).toEqual([2, null]);
  });

  it('says so when the old ledger could not be moved (and keeps it)', async () => {
    await storage.setItem(OLD_LEDGER_KEY, 'not a list');
    const answer = await request('queryBook', query());
    expect(answer.ok && answer.migrationFailed?.reason).toBe('the old ledger is not a list (string)');
    expect(await storage.getItem(OLD_LEDGER_KEY)).toBe('not a list');
  });

  it('refuses a page size over 200 and a malformed filter', async () => {
    await expect(request('queryBook', query({ limit: 201 }))).rejects.toThrow(/malformed/);
    await expect(request('queryBook', { ...query(), filter: { from: '5.11.2026' } } as never)).rejects.toThrow(/malformed/);
  });
});

describe('bookOrders', () => {
  it('gives each order a link back to its TMS where the site can make one', async () => {
    const recipe = legacyRecipe();
    await sitesItem.set([
      { origin: DEMO, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' },
      { origin: LEGACY_SITE, addedAt: '2026-11-01T09:00:00.000Z', adapter: recipeAdapterId(recipe.id) },
    ]);
    await recipesItem.set({ [recipe.id]: { recipe, paused: false, savedAt: '2026-11-01T09:00:00.000Z' } });
    await record(
      { n: 1, origin: DEMO, orders: [{ orderId: 'o 2', orderNumber: 'A-0002' }, { orderId: 'o1', orderNumber: 'A-0001' }] },
      { n: 2, origin: LEGACY_SITE, orders: [{ orderId: 'o-0289', orderNumber: 'AU-289' }] },
      { n: 3, origin: GONE, orders: [{ orderId: 'x-1', orderNumber: 'X-1' }] },
    );
    const demo = await request('bookOrders', { invoiceKey: 'lexware|lx-1' });
    expect(demo.ok && demo.orders).toEqual([
      { origin: DEMO, orderId: 'o1', orderNumber: 'A-0001', url: `${DEMO}/orders/o1` },
      { origin: DEMO, orderId: 'o 2', orderNumber: 'A-0002', url: `${DEMO}/orders/o%202` },
    ]);
    const legacy = await request('bookOrders', { invoiceKey: 'lexware|lx-2' });
    expect(legacy.ok && legacy.orders.map((o) => o.url)).toEqual([`${LEGACY_SITE}/auftraege/o-0289`]);
    // A site the user removed gets no link, only the number.
    const gone = await request('bookOrders', { invoiceKey: 'lexware|lx-3' });
    expect(gone.ok && gone.orders).toEqual([{ origin: GONE, orderId: 'x-1', orderNumber: 'X-1', url: null }]);
  });
});

describe('bookCustomers', () => {
  it('lists each customer once, by name', async () => {
    await record({ n: 1 }, { n: 2, customerKey: 'lexware|c-2', customerName: 'Kühne Logistik' }, { n: 3 });
    const answer = await request('bookCustomers', undefined);
    expect(answer.ok && answer.customers).toEqual([
      { key: 'lexware|c-2', name: 'Kühne Logistik' },
      { key: 'lexware|c-1', name: 'Spedition Müller GmbH' },
    ]);
  });
});

describe('who may read the book', () => {
  it('refuses the list, the orders and the customers to a TMS page, even one the user added', async () => {
    await sitesItem.set([{ origin: DEMO, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
    await record({ n: 1 });
    deliverMessagesFrom(contentScript(`${DEMO}/orders`));
    await expect(request('queryBook', query())).rejects.toThrow(/not for pages/);
    await expect(request('bookOrders', { invoiceKey: 'lexware|lx-1' })).rejects.toThrow(/not for pages/);
    await expect(request('bookCustomers', undefined)).rejects.toThrow(/not for pages/);
    await expect(request('bookTotals', { filter: {} })).rejects.toThrow(/not for pages/);
  });

  it('answers a content script that reaches the handler directly with a refusal, never rows', async () => {
    await record({ n: 1 });
    const page = { origin: DEMO, fromContentScript: true, tabId: 7 };
    expect(await queryBook(query(), page)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
    expect(await bookOrders({ invoiceKey: 'lexware|lx-1' }, page)).toMatchObject({ ok: false });
    expect(await bookTotals({ filter: {} }, page)).toMatchObject({ ok: false, error: { code: 'not-allowed' } });
  });

  it('lets an order\'s badge on a TMS page open the book at its invoice (it reads nothing)', async () => {
    await sitesItem.set([{ origin: DEMO, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
    vi.spyOn(fakeBrowser.runtime, 'getContexts').mockResolvedValue([] as never);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    deliverMessagesFrom(contentScript(`${DEMO}/orders`));
    expect(await request('openBook', { invoiceNumber: 'RE-1001' })).toEqual({ ok: true });
    expect(create).toHaveBeenCalledWith({ url: 'chrome-extension://test-extension-id/book.html?q=RE-1001' });
    // A page of a site the user did not add is refused.
    deliverMessagesFrom(contentScript('https://elsewhere.example/'));
    await expect(request('openBook', { invoiceNumber: 'RE-1001' })).rejects.toThrow(/not a TMS site/);
  });
});

describe('openBook', () => {
  const PAGE = 'chrome-extension://test-extension-id/book.html';

  it('opens the book searching for the number', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getContexts').mockResolvedValue([] as never);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await request('openBook', { invoiceNumber: 'RE-1001' })).toEqual({ ok: true });
    expect(create).toHaveBeenCalledWith({ url: `${PAGE}?q=RE-1001` });
  });

  it('brings an open book forward instead of opening a second one, with the new search', async () => {
    vi.spyOn(fakeBrowser.runtime, 'getContexts').mockResolvedValue([
      { contextType: 'POPUP', tabId: -1, windowId: 1, documentUrl: 'chrome-extension://test-extension-id/popup.html' },
      { contextType: 'TAB', tabId: 12, windowId: 3, documentUrl: `${PAGE}?q=RE-1` },
    ] as never);
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const update = vi.spyOn(fakeBrowser.tabs, 'update').mockResolvedValue({} as never);
    const focus = vi.spyOn(fakeBrowser.windows, 'update').mockResolvedValue({} as never);
    await request('openBook', { orderNumber: 'A 7' });
    expect(update).toHaveBeenCalledWith(12, { url: `${PAGE}?q=A%207`, active: true });
    expect(focus).toHaveBeenCalledWith(3, { focused: true });
    // Without a number (the popup's button) the book keeps what it shows.
    await request('openBook', {});
    expect(update).toHaveBeenLastCalledWith(12, { active: true });
    expect(create).not.toHaveBeenCalled();
  });
});
