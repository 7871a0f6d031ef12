/**
 * The invoice book page's messages: one page of the list, the totals of a filter, an invoice's orders
 * with links back to the TMS, the customers for the filter, and opening the page itself. The
 * book is read only through `invoiceBook()`. The list and the orders are for the extension's
 * own pages: the protocol refuses them from content scripts, and the handlers check again.
 */
import { browser } from 'wxt/browser';
import { failureOf, type RequestOf, type ResponseOf, type SenderInfo } from '@/utils/messaging';
import { bookRowView } from '@/utils/book/view';
import type { BookFilter } from '@/utils/book/query';
import { orderDetailUrl } from '@/utils/tms/order-url';
import { recipeIdOf } from '@/utils/tms/recipe/adapter-id';
import { recipesItem } from '@/utils/tms/recipe/store';
import { sitesItem } from '@/utils/storage';
import { bookMigrationState, invoiceBook } from '../services/book';

const BOOK_PAGE = '/book.html';

const refused = { ok: false as const, error: { code: 'not-allowed', message: 'The invoice book is for the extension\'s own pages' } };

/** The filter as the book takes it: empty values mean "any". */
function bookFilter(filter: RequestOf<'queryBook'>['filter']): BookFilter {
  return {
    ...(filter.from ? { from: filter.from } : {}),
    ...(filter.to ? { to: filter.to } : {}),
    ...(filter.customerKey ? { customerKey: filter.customerKey } : {}),
    ...(filter.statuses?.length ? { statuses: filter.statuses } : {}),
    ...(filter.provider ? { provider: filter.provider } : {}),
    ...(filter.search ? { search: filter.search } : {}),
  };
}

export async function queryBook(req: RequestOf<'queryBook'>, sender: SenderInfo, now: () => Date = () => new Date()): Promise<ResponseOf<'queryBook'>> {
  if (sender.fromContentScript) return refused;
  try {
    const book = await invoiceBook();
    // The day the book itself filters "overdue" by, so a row's status and the filter agree.
    const today = now().toISOString().slice(0, 10);
    const filter = bookFilter(req.filter);
    const [page, migration] = await Promise.all([book.query(filter, req.sort, { offset: req.offset, limit: req.limit }), bookMigrationState()]);
    return {
      ok: true,
      rows: page.rows.map((row) => bookRowView(row, today)),
      total: page.total,
      today,
      migrationFailed: migration?.status === 'failed' ? { at: migration.at, reason: migration.reason } : null,
    };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  }
}

/** The totals of every row the filter matches (the page asks for them after the first rows). */
export async function bookTotals(req: RequestOf<'bookTotals'>, sender: SenderInfo): Promise<ResponseOf<'bookTotals'>> {
  if (sender.fromContentScript) return refused;
  try {
    const book = await invoiceBook();
    return { ok: true, totals: await book.totals(bookFilter(req.filter)) };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  }
}

export async function bookOrders(req: RequestOf<'bookOrders'>, sender: SenderInfo): Promise<ResponseOf<'bookOrders'>> {
  if (sender.fromContentScript) return refused;
  try {
    const book = await invoiceBook();
    const [links, sites, recipes] = await Promise.all([book.ordersOf(req.invoiceKey), sitesItem.get(), recipesItem.get()]);
    const orders = links
      .map((link) => {
        // Only a site the user still has gets a link: a removed one may not be theirs any more.
        const site = sites.find((s) => s.origin === link.origin);
        const recipeId = site ? recipeIdOf(site.adapter) : null;
        const recipe = recipeId ? recipes[recipeId]?.recipe : undefined;
        return { origin: link.origin, orderId: link.orderId, orderNumber: link.orderNumber, url: site ? orderDetailUrl(site, recipe, link.orderId) : null };
      })
      .sort((a, b) => a.orderNumber.localeCompare(b.orderNumber, 'de', { numeric: true }));
    return { ok: true, orders };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  }
}

export async function bookCustomers(sender: SenderInfo): Promise<ResponseOf<'bookCustomers'>> {
  if (sender.fromContentScript) return refused;
  try {
    const book = await invoiceBook();
    return { ok: true, customers: await book.customers() };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  }
}

interface OpenTab {
  tabId: number;
  windowId: number | undefined;
}

/**
 * The tab that shows the book, if one does. Chromium lists the extension's own tabs through
 * runtime.getContexts without the "tabs" permission; elsewhere tabs.query by address.
 */
async function bookTab(page: string): Promise<OpenTab | undefined> {
  const runtime = browser.runtime as unknown as { getContexts?: (filter: { contextTypes: string[] }) => Promise<{ tabId: number; windowId: number; documentUrl?: string }[]> };
  if (typeof runtime.getContexts === 'function') {
    const found = (await runtime.getContexts({ contextTypes: ['TAB'] })).find((c) => c.tabId >= 0 && c.documentUrl?.startsWith(page));
    return found ? { tabId: found.tabId, windowId: found.windowId } : undefined;
  }
  const tab = (await browser.tabs.query({ url: `${page}*` }))[0];
  return tab?.id !== undefined ? { tabId: tab.id, windowId: tab.windowId } : undefined;
}

/** Opens the book (or brings its open tab forward), searching for the number given. */
export async function openBook(req: RequestOf<'openBook'>): Promise<ResponseOf<'openBook'>> {
  const page = browser.runtime.getURL(BOOK_PAGE);
  const search = req.invoiceNumber || req.orderNumber || '';
  const url = search ? `${page}?q=${encodeURIComponent(search)}` : page;
  try {
    const open = await bookTab(page);
    if (open) {
      // The search is only changed when one was asked for: the popup's button keeps the user's view.
      await browser.tabs.update(open.tabId, search ? { url, active: true } : { active: true });
      if (open.windowId !== undefined) await browser.windows.update(open.windowId, { focused: true });
    } else {
      await browser.tabs.create({ url });
    }
    return { ok: true };
  } catch (error) {
    return { ok: false, error: failureOf(error) };
  }
}
