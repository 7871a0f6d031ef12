/**
 * The Frames TMS ("Kombi") on its saved pages: the list in the top document, each order's
 * detail page in an iframe, reached through the row's signed link on the same origin
 * (`ansicht=gleich`) or on a second origin (`ansicht=fremd`).
 */
import { describe, expect, it, vi } from 'vitest';
import { adapterFromRecipe } from './adapter';
import { FRAMES_DETAIL_ORIGIN, FRAMES_SITE, framesPage, framesPageText, framesRecipe } from './testing/frames-recipe';
import type { ReadContext } from '../adapter';

const LIST = new URL(`${FRAMES_SITE}/kombi?ansicht=gleich`);
const FREMD = new URL(`${FRAMES_SITE}/kombi?ansicht=fremd`);
/** The saved detail pages by order id (the first three rows of the list). */
const DETAIL: Record<string, string> = { 'o-0058': 'frames-detail-1.html', 'o-0060': 'frames-detail-2.html', 'o-0059': 'frames-detail-3.html' };

/** A TMS that serves the saved detail pages at their frame paths, on any origin. */
function tms(headers: Record<string, string> = {}) {
  return vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const id = /^\/rahmen\/auftrag\/([^/]+)$/.exec(url.pathname)?.[1];
    const file = id ? DETAIL[decodeURIComponent(id)] : undefined;
    if (!file || !url.searchParams.get('sig')) return new Response('Fehler', { status: 403, headers: { 'content-type': 'text/html', ...headers } });
    return new Response(framesPageText(file), { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
  });
}
const context = (page: URL, fetch: ReturnType<typeof tms>): ReadContext => ({ origin: page.origin, fetch: fetch as unknown as typeof globalThis.fetch, page: { document: framesPage(page.searchParams.get('ansicht') === 'fremd' ? 'frames-list-fremd.html' : 'frames-list-gleich.html'), url: page } });

describe('a recipe whose detail lives in an iframe', () => {
  it('recognises the list in the top document and reads every row with its key', () => {
    const adapter = adapterFromRecipe(framesRecipe());
    const doc = framesPage('frames-list-gleich.html');
    expect(adapter.pageKind(doc, LIST)).toBe('list');
    const rows = adapter.listRows(doc);
    expect(rows).toHaveLength(60);
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual(['o-0058', 'o-0060', 'o-0059']);
    expect(adapter.summariseRow(rows[0]!)).toMatchObject({ id: 'o-0058', number: 'A-2026-0058', customerName: 'Donau Spedition AG', price: { minor: 80915, currency: 'EUR' } });
  });

  it('reads the full orders of selected rows from the pages their links open (same origin)', async () => {
    const fetch = tms();
    const results = await adapterFromRecipe(framesRecipe()).readOrders(['o-0058', 'o-0060'], context(LIST, fetch));
    expect(fetch.mock.calls.map(([url]) => new URL(String(url)).origin)).toEqual([FRAMES_SITE, FRAMES_SITE]);
    expect(results[0]).toMatchObject({
      ok: true,
      order: {
        id: 'o-0058',
        number: 'A-2026-0058',
        status: 'open',
        customer: { id: '10001', name: 'Donau Spedition AG', customerNumber: '10001', vatId: 'DE309519402', billingAddress: { street: 'Heilbronner Straße 345', zip: '70469', city: 'Stuttgart', countryCode: 'DE' } },
        customerReference: 'Auftrag 93004',
        price: { minor: 80915, currency: 'EUR' },
        load: { goods: 'Frischfisch (0–2 °C)', weightKg: 4000, loadingMeters: '5.1' },
        stops: [
          { type: 'pickup', name: 'Hafen Ruhrort', street: 'Hafenstraße 24', zip: '47119', city: 'Duisburg', countryCode: 'DE', date: '2026-11-28' },
          { type: 'delivery', name: 'Werk Feuerbach', street: 'Heilbronner Straße 345', zip: '70469', city: 'Stuttgart', countryCode: 'DE', date: '2026-11-30' },
        ],
        // The order belongs to the site, wherever its detail page is served.
        source: { origin: FRAMES_SITE },
      },
    });
    expect(results[1]).toMatchObject({ ok: true, order: { id: 'o-0060', status: 'cancelled' } });
  });

  it('reads them from the second origin the links point to, when the recipe names it', async () => {
    const fetch = tms();
    const results = await adapterFromRecipe(framesRecipe()).readOrders(['o-0059'], context(FREMD, fetch));
    expect(String(fetch.mock.calls[0]![0])).toMatch(new RegExp(`^${FRAMES_DETAIL_ORIGIN}/rahmen/auftrag/o-0059\\?sig=`));
    expect(results[0]).toMatchObject({ ok: true, order: { id: 'o-0059', number: 'A-2026-0059' } });
  });

  it('never opens a second origin the recipe does not name, and says so', async () => {
    const fetch = tms();
    const [result] = await adapterFromRecipe(framesRecipe((r) => (r.extraOrigins = []))).readOrders(['o-0059'], context(FREMD, fetch));
    expect(fetch).not.toHaveBeenCalled();
    // The address to grant comes with it: the preview says "grant access to 127.0.0.1:4416".
    expect(result).toEqual({ ok: false, id: 'o-0059', problems: [{ code: 'access-missing', field: 'source', host: new URL(FRAMES_DETAIL_ORIGIN).host }] });
  });

  it('names a second origin the user has not granted (the background refuses the request)', async () => {
    const [result] = await adapterFromRecipe(framesRecipe()).readOrders(['o-0059'], context(FREMD, tms({ 'x-frachtbeleg-access': 'missing' })));
    expect(result).toEqual({ ok: false, id: 'o-0059', problems: [{ code: 'access-missing', field: 'source', host: new URL(FRAMES_DETAIL_ORIGIN).host }] });
  });

  it('says an order whose row is not on the page can not be found', async () => {
    const [result] = await adapterFromRecipe(framesRecipe()).readOrders(['o-9999'], context(LIST, tms()));
    expect(result).toEqual({ ok: false, id: 'o-9999', problems: [{ code: 'order-not-found' }] });
  });

  it('knows the detail page inside the frame, on either origin, and puts its action into the frame’s action area', () => {
    const adapter = adapterFromRecipe(framesRecipe());
    const doc = framesPage('frames-detail-1.html');
    for (const origin of [FRAMES_SITE, FRAMES_DETAIL_ORIGIN]) {
      const url = new URL(`${origin}/rahmen/auftrag/o-0058?sig=QU5jMveDIb9L4ton0x16w3`);
      expect(adapter.pageKind(doc, url)).toBe('detail');
      expect(adapter.detailOrderId(doc, url)).toBe('o-0058');
      expect(adapter.readDetail(doc, url)).toMatchObject({ ok: true, order: { id: 'o-0058', price: { minor: 80915 } } });
    }
    const anchor = adapter.detailActionAnchor(doc);
    expect(anchor?.element.getAttribute('aria-label')).toBe('Aktionen');
    expect(anchor?.append).toBe('last');
  });
});
