/**
 * A recipe site's tab answering "which delivered orders can you read?" for automatic drafts:
 * the list on screen, or the list page fetched with the tab's session from any other page.
 * The adapter is a small fake over plain rows: what is tested is what the tab sends back.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ListRow, OrderReadResult, TmsPageAdapter } from '@/utils/tms/adapter';
import { makeOrder } from '@/tests/support/orders';
import { deliveredInTab } from './delivered-in-tab';
import { DeliveredListError } from '@/utils/tms/proposal';

const SITE = 'http://127.0.0.1:4413';
const LIST = `${SITE}/auftraege`;
const REQ = { origin: SITE, from: '2026-11-01', to: '2026-12-02' };

/** Rows as `id:status` (status may be empty: the row does not show it). */
const page = (rows: string[], list = true) =>
  new DOMParser().parseFromString(`<main data-kind="${list ? 'list' : 'detail'}"><table>${rows.map((r) => `<tr data-id="${r.split(':')[0]}" data-status="${r.split(':')[1]}"></tr>`).join('')}</table></main>`, 'text/html');

/** Each order as its detail page would read: `delivered` unless named here. */
function adapter(status: Record<string, string> = {}): TmsPageAdapter & { read: ReturnType<typeof vi.fn> } {
  const read = vi.fn(async (ids: readonly string[]): Promise<OrderReadResult[]> =>
    ids.map((id) => {
      if (id.startsWith('bad')) return { ok: false, id, problems: [{ code: 'field-missing', field: 'stopDate' }] };
      const order = makeOrder({ id, number: `A-${id}`, status: (status[id] ?? 'delivered') as 'delivered' });
      // "old…": delivered before the period.
      return { ok: true, order: id.startsWith('old') ? { ...order, stops: order.stops.map((s) => ({ ...s, date: '2026-09-30' })) } : order };
    }),
  );
  return {
    pageKind: (doc: Document) => (doc.querySelector('main')?.getAttribute('data-kind') as 'list' | 'detail' | null) ?? null,
    listRows: (doc: Document) => [...doc.querySelectorAll('tr')].map((row) => ({ id: row.getAttribute('data-id')!, row: row as HTMLElement, checkbox: doc.createElement('input') }) as ListRow),
    summariseRow: (row: ListRow) => ({ id: row.id, number: `A-${row.id}`, customer: 'Kunde', price: null, status: row.row.getAttribute('data-status') ?? '' }),
    readOrders: read,
    read,
  } as unknown as TmsPageAdapter & { read: ReturnType<typeof vi.fn> };
}

describe('deliveredInTab', () => {
  it('on the list page: reads the delivered rows and rows without a status, and sends back only orders delivered in the period', async () => {
    const doc = page(['d1:delivered', 'p1:planned', 'c1:cancelled', 'u1:', 'u2:', 'bad1:delivered', 'bad2:', 'old1:delivered']);
    const tms = adapter({ u2: 'in_transit' });
    const fetch = vi.fn();
    const answer = await deliveredInTab({ adapter: tms, doc, url: () => new URL(LIST), fetch: fetch as typeof globalThis.fetch, listUrl: LIST }, REQ);

    expect(fetch).not.toHaveBeenCalled();
    expect(tms.read.mock.calls[0]![0]).toEqual(['d1', 'bad1', 'old1', 'u1', 'u2', 'bad2']);
    expect(tms.read.mock.calls[0]![1].page.document).toBe(doc);
    if (!answer.ok) throw new Error('expected orders');
    // The unreadable order whose row said "delivered" goes back (it waits for the user); one of unknown status does not.
    expect(answer.reads.map((r) => (r.ok ? r.order.id : `unreadable ${r.id}`))).toEqual(['d1', 'unreadable bad1', 'u1']);
  });

  it('on any other page of the site: fetches the list page with the tab’s session and reads from it', async () => {
    const fetched = page(['d7:delivered', 'o7:open']).documentElement.outerHTML;
    const fetch = vi.fn(async () => new Response(fetched, { status: 200, headers: { 'content-type': 'text/html' } }));
    const tms = adapter();
    const answer = await deliveredInTab({ adapter: tms, doc: page([], false), url: () => new URL(`${SITE}/auftraege/o-1`), fetch: fetch as typeof globalThis.fetch, listUrl: LIST }, REQ);

    expect(fetch).toHaveBeenCalledWith(new URL(LIST), expect.objectContaining({ credentials: 'same-origin' }));
    expect(tms.read.mock.calls[0]![1].page.url.href).toBe(LIST);
    expect(answer).toMatchObject({ ok: true, reads: [{ ok: true, order: { id: 'd7' } }] });
  });

  it('says when the session has ended, the TMS does not answer, or no list page can be reached', async () => {
    const elsewhere = (fetch: () => Promise<Response>, listUrl: string | null = LIST) =>
      deliveredInTab({ adapter: adapter(), doc: page([], false), url: () => new URL(`${SITE}/start`), fetch: fetch as typeof globalThis.fetch, listUrl }, REQ);
    expect(await elsewhere(async () => new Response('', { status: 401 }))).toEqual({ ok: false, reason: 'session-expired' });
    expect(await elsewhere(async () => new Response('', { status: 502 }))).toEqual({ ok: false, reason: 'tms-unreachable' });
    expect(await elsewhere(async () => Promise.reject(new TypeError('Failed to fetch')))).toEqual({ ok: false, reason: 'tms-unreachable' });
    // Redirected to the sign-in page instead of the list.
    const login = new Response('<form>Anmelden</form>', { status: 200, headers: { 'content-type': 'text/html' } });
    Object.defineProperties(login, { redirected: { value: true }, url: { value: `${SITE}/login` } });
    expect(await elsewhere(async () => login)).toEqual({ ok: false, reason: 'session-expired' });
    expect(await elsewhere(async () => new Response(''), null)).toEqual({ ok: false, reason: 'no-list' });
  });

  it('a list shown a page at a time: the orders of every page the adapter lists are read, with the page on screen', async () => {
    const doc = page(['d1:delivered']);
    const tms = adapter();
    const candidate = (id: string, status: string) => ({ summary: { id, number: `A-${id}`, customerName: 'Kunde', price: null, status }, deliveredOn: null, invoicedInTms: false });
    const listDelivered = vi.fn(async () => [candidate('d1', 'delivered'), candidate('p1', 'planned'), candidate('d26', 'delivered'), candidate('d51', 'delivered')]);
    const answer = await deliveredInTab({ adapter: { ...tms, listDelivered, readOrders: tms.read } as TmsPageAdapter, doc, url: () => new URL(LIST), fetch: vi.fn() as typeof globalThis.fetch, listUrl: LIST }, REQ);

    expect(listDelivered).toHaveBeenCalledWith(REQ.from, expect.objectContaining({ origin: SITE, page: { document: doc, url: new URL(LIST) } }));
    expect(tms.read.mock.calls[0]![0]).toEqual(['d1', 'd26', 'd51']);
    expect(answer).toMatchObject({ ok: true, reads: [{ order: { id: 'd1' } }, { order: { id: 'd26' } }, { order: { id: 'd51' } }] });

    const expired = vi.fn(async () => Promise.reject(new DeliveredListError('session-expired')));
    expect(await deliveredInTab({ adapter: { ...tms, listDelivered: expired } as TmsPageAdapter, doc, url: () => new URL(LIST), fetch: vi.fn() as typeof globalThis.fetch, listUrl: LIST }, REQ)).toEqual({ ok: false, reason: 'session-expired' });
  });
});
