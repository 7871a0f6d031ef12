/**
 * Answers the background's "which delivered orders can you read?" for automatic drafts on a
 * recipe site. A recipe's list is a page, not an API: the background (a service worker, no
 * DOM, no page sign-in) can't read it, the open tab can. The tab lists the rows of the list on
 * screen, or, on any other page of the site, fetches the recipe's list page with its own
 * session and reads the rows from that; each delivered, not cancelled order in the period
 * (or without a date on its row: its delivery date is known once read) is then read through
 * the recipe as the preview reads it.
 * The background decides what is due; nothing is shown in the tab.
 */
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import type { TmsPageAdapter } from '@/utils/tms/adapter';
import { DeliveredListError, openDelivered, type DeliveredCandidate } from '@/utils/tms/proposal';
import { loadListPage, type ListPage } from '@/utils/tms/recipe/list-pages';
import { deliveryDate, type Order } from '@/utils/domain/order';

export interface DeliveredInTabEnvironment {
  adapter: TmsPageAdapter;
  doc: Document;
  url: () => URL;
  fetch: typeof fetch;
  /** The recipe's list page, when its address can be made without a page (no `:id`, no `*`). */
  listUrl: string | null;
  /** Parses a fetched page; DOMParser runs no scripts. */
  parse?: (html: string) => Document;
}

type Answer = ResponseOf<'readDeliveredInTab'>;

/** The document holding the list rows: the page on screen when it is the list, else the list page fetched. */
async function listPage(env: DeliveredInTabEnvironment): Promise<ListPage | Extract<Answer, { ok: false }>> {
  const here = env.url();
  if (env.adapter.pageKind(env.doc, here) === 'list') return { document: env.doc, url: here };
  if (!env.listUrl) return { ok: false, reason: 'no-list' };
  const loaded = await loadListPage(new URL(env.listUrl), env.fetch, env.parse);
  return typeof loaded === 'string' ? { ok: false, reason: loaded } : loaded;
}

/**
 * The delivered rows the tab can see: every page of a list shown a page at a time (the
 * adapter follows its "next page" link), else the one list page.
 */
async function candidatesOf(env: DeliveredInTabEnvironment, req: RequestOf<'readDeliveredInTab'>): Promise<{ candidates: DeliveredCandidate[]; page: ListPage | undefined } | Extract<Answer, { ok: false }>> {
  const here = env.url();
  const onScreen = env.adapter.pageKind(env.doc, here) === 'list' ? { document: env.doc, url: here } : undefined;
  if (env.adapter.listDelivered) {
    try {
      return { candidates: await env.adapter.listDelivered(req.from, { origin: req.origin, fetch: env.fetch, ...(onScreen ? { page: onScreen } : {}) }), page: onScreen };
    } catch (error) {
      return { ok: false, reason: error instanceof DeliveredListError ? error.reason : 'tms-unreachable' };
    }
  }
  const page = await listPage(env);
  if ('ok' in page) return page;
  const candidates = env.adapter.listRows(page.document).map((row) => ({
    summary: env.adapter.summariseRow(row),
    deliveredOn: env.adapter.rowDeliveredOn?.(row) ?? null,
    invoicedInTms: false,
  }));
  return { candidates, page };
}

export async function deliveredInTab(env: DeliveredInTabEnvironment, req: RequestOf<'readDeliveredInTab'>): Promise<Answer> {
  const found = await candidatesOf(env, req);
  if ('ok' in found) return found;
  const { candidates, page } = found;
  // A row that shows no status is read too; its order's own status decides below.
  const unknown = candidates.filter((c) => c.summary.status.trim() === '' && (c.deliveredOn === null || (c.deliveredOn >= req.from && c.deliveredOn <= req.to)));
  const known = openDelivered(candidates, { from: req.from, to: req.to });
  const ids = [...new Set([...known, ...unknown].map((c) => c.summary.id))].slice(0, 5000);
  if (ids.length === 0) return { ok: true, reads: [] };
  const unknownIds = new Set(unknown.map((c) => c.summary.id));
  const reads = await env.adapter.readOrders(ids, { origin: req.origin, fetch: env.fetch, ...(page ? { page } : {}) });
  // Only orders delivered in the period go back (a row without a date is known once read);
  // an unreadable one only when its row said "delivered".
  const inRange = (order: Order) => order.status === 'delivered' && deliveryDate(order) >= req.from && deliveryDate(order) <= req.to;
  return { ok: true, reads: reads.filter((r) => (r.ok ? inRange(r.order) : !unknownIds.has(r.id))) };
}
