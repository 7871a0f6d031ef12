import { describe, expect, it, vi } from 'vitest';
import type { OrderReadResult } from '../adapter';
import { orderFromApi, readOrdersFromApi } from './api';
import { parseDetailPage } from './detail-page';
import { demoTmsAdapter } from './page-adapter';
import { API_IDS, FIXTURE_ORIGIN, apiFixture, detailFile, detailUrl, expectedOrder, fixtureDocument } from './fixtures/fixtures';

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The ids a call to GET /api/orders asked for. */
const askedIds = (input: Parameters<typeof fetch>[0]): string[] => new URL(String(input)).searchParams.get('ids')!.split(',');

/** A demo TMS API that knows the orders of api-orders.json and answers like the real one. */
function fakeTms() {
  const known = new Map(apiFixture().items.map((item) => [(item as { id: string }).id, item]));
  return vi.fn<typeof fetch>(async (input) => {
    const items = askedIds(input).flatMap((id) => (known.has(id) ? [known.get(id)] : []));
    return jsonResponse({ items, total: items.length, page: 1, pageSize: items.length });
  });
}

describe('the API and the detail page read the same orders', () => {
  it.each(API_IDS)('%s: orderFromApi equals the detail page and the expected order', (id) => {
    const raw = apiFixture().items.find((item) => (item as { id: string }).id === id);
    const fromApi = orderFromApi(raw, FIXTURE_ORIGIN);
    const fromPage = parseDetailPage(fixtureDocument(detailFile(id)), detailUrl(id));
    expect(fromApi.ok).toBe(true);
    expect(asJson(fromApi)).toStrictEqual(asJson(fromPage));
    expect(asJson(fromApi)).toStrictEqual({ ok: true, order: expectedOrder(id) });
  });

  it('readOrders asks the API once, as the logged-in user, and returns the orders in the order asked', async () => {
    const fetch = fakeTms();
    const results = await demoTmsAdapter.readOrders(['o-0052', 'o-0001', 'o-0022'], { origin: FIXTURE_ORIGIN, fetch });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [input, init] = fetch.mock.calls[0]!;
    expect(String(input)).toBe(`${FIXTURE_ORIGIN}/api/orders?ids=o-0052%2Co-0001%2Co-0022`);
    expect(init).toMatchObject({ credentials: 'same-origin', headers: { accept: 'application/json' } });
    expect(asJson(results)).toStrictEqual(['o-0052', 'o-0001', 'o-0022'].map((id) => ({ ok: true, order: expectedOrder(id as (typeof API_IDS)[number]) })));
  });
});

describe('readOrdersFromApi when things go wrong', () => {
  const context = (fetch: typeof globalThis.fetch) => ({ origin: FIXTURE_ORIGIN, fetch });
  const problemsOf = (results: OrderReadResult[]) => results.map((r) => (r.ok ? r.order.id : { id: r.id, problems: r.problems }));

  it('401 (session expired) → session-expired for every order asked', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ error: 'session_expired', message: 'Your session has expired.' }, 401));
    expect(problemsOf(await readOrdersFromApi(['o-0001', 'o-0022'], context(fetch)))).toEqual([
      { id: 'o-0001', problems: [{ code: 'session-expired' }] },
      { id: 'o-0022', problems: [{ code: 'session-expired' }] },
    ]);
  });

  it('a server error → tms-unreachable', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ error: 'server_error', message: 'boom' }, 500));
    expect(problemsOf(await readOrdersFromApi(['o-0001'], context(fetch)))).toEqual([{ id: 'o-0001', problems: [{ code: 'tms-unreachable' }] }]);
  });

  it('a network error → tms-unreachable', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(problemsOf(await readOrdersFromApi(['o-0001', 'o-0022'], context(fetch)))).toEqual([
      { id: 'o-0001', problems: [{ code: 'tms-unreachable' }] },
      { id: 'o-0022', problems: [{ code: 'tms-unreachable' }] },
    ]);
  });

  it('an answer that is not JSON (a login page) → a field-invalid problem on the response', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response('<!doctype html><h1>Sign in</h1>', { status: 200, headers: { 'content-type': 'text/html' } }));
    expect(problemsOf(await readOrdersFromApi(['o-0001'], context(fetch)))).toEqual([{ id: 'o-0001', problems: [{ code: 'field-invalid', field: 'response' }] }]);
  });

  it('an answer that is not an order list → a problem on every order of the batch', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ orders: [] }));
    expect(problemsOf(await readOrdersFromApi(['o-0001'], context(fetch)))).toEqual([{ id: 'o-0001', problems: [{ code: 'field-invalid', field: 'response' }] }]);
  });

  it('an item without an id cannot be matched: that order is not found, nothing half read', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ items: [{ number: 'A-1' }] }));
    expect(problemsOf(await readOrdersFromApi(['o-0001'], context(fetch)))).toEqual([{ id: 'o-0001', problems: [{ code: 'order-not-found' }] }]);
  });

  it('an order of the wrong shape fails alone; the others of its batch are read', async () => {
    const [good, bad] = apiFixture().items as Record<string, unknown>[];
    const broken = { ...bad!, stops: 'Hamburg', customer: 'Nordlicht' };
    const fetch = vi.fn<typeof globalThis.fetch>(async () => jsonResponse({ items: [good, broken] }));
    const results = await readOrdersFromApi([String(good!.id), String(bad!.id)], context(fetch));
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, id: bad!.id, problems: expect.arrayContaining([{ code: 'customer-missing' }]) });
  });

  it('an id the TMS does not know → order-not-found; the others are read', async () => {
    const results = await readOrdersFromApi(['o-0001', 'o-9999', 'o-0022'], context(fakeTms()));
    expect(problemsOf(results)).toEqual(['o-0001', { id: 'o-9999', problems: [{ code: 'order-not-found' }] }, 'o-0022']);
  });

  it('an order with a broken price is reported on that order only', async () => {
    const [good, bad, odd] = apiFixture().items as Record<string, unknown>[];
    const fetch = vi.fn<typeof globalThis.fetch>(async () =>
      jsonResponse({ items: [good, { ...bad, price: { amount: '980,50', currency: 'CHF' } }, { ...odd, price: { amount: '990.00', currency: 'XYZ' } }] }),
    );
    const results = await readOrdersFromApi(['o-0001', 'o-0022', 'o-0052'], context(fetch));
    expect(problemsOf(results)).toEqual([
      'o-0001',
      { id: 'o-0022', problems: [{ code: 'price-unreadable' }] },
      { id: 'o-0052', problems: [{ code: 'currency-unknown' }] },
    ]);
    expect(results[1]).toMatchObject({ ok: false, number: 'A-2026-0433' });
    expect(results[1]).not.toHaveProperty('order');
  });

  it('asks for more than 200 orders in batches of 200, and a failed batch fails only its orders', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => `o-${String(i + 1).padStart(4, '0')}`);
    const calls: string[][] = [];
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) => {
      const asked = askedIds(input);
      calls.push(asked);
      if (calls.length === 2) return jsonResponse({ error: 'server_error', message: 'boom' }, 503);
      // Only the ids of the fixture exist; the API leaves unknown ids out.
      const items = apiFixture().items.filter((item) => asked.includes((item as { id: string }).id));
      return jsonResponse({ items, total: items.length, page: 1, pageSize: asked.length });
    });
    const results = await readOrdersFromApi(ids, context(fetch));
    expect(calls.map((c) => c.length)).toEqual([200, 200, 50]);
    expect(calls.flat()).toEqual(ids);
    expect(results.map((r) => (r.ok ? r.order.id : r.id))).toEqual(ids);
    expect(results.filter((r) => r.ok).map((r) => (r.ok ? r.order.id : ''))).toEqual(['o-0001', 'o-0022', 'o-0052']);
    expect(results[250]).toEqual({ ok: false, id: 'o-0251', problems: [{ code: 'tms-unreachable' }] });
    expect(results[420]).toEqual({ ok: false, id: 'o-0421', problems: [{ code: 'order-not-found' }] });
  });
});

describe('freight references (#16): CMR number, vehicle, Frankatur and export MRN', () => {
  const references = { cmrNumber: 'CMR 0419-2026', vehicle: 'FR-SH 419', freightTerms: 'frei Haus', exportReference: '26CH0000000419AB12' };
  const labels = { cmrNumber: 'CMR number', vehicle: 'Vehicle', freightTerms: 'Freight terms', exportReference: 'Export reference (MRN)' } as const;

  it('are read from the API and from the Documents card alike, and only those the order has', () => {
    const raw = { ...(apiFixture().items.find((item) => (item as { id: string }).id === 'o-0001') as object), ...references, freightTerms: ' ' };
    const doc = fixtureDocument(detailFile('o-0001'));
    // The rows the demo TMS prints under "Documents" (sandbox/tms/public/detail-page.js).
    const list = doc.createElement('dl');
    for (const key of ['cmrNumber', 'vehicle', 'exportReference'] as const) {
      const row = doc.createElement('div');
      row.append(Object.assign(doc.createElement('dt'), { textContent: labels[key] }), Object.assign(doc.createElement('dd'), { textContent: references[key] }));
      list.append(row);
    }
    doc.querySelector('#section-documents')!.append(list);

    const fromApi = orderFromApi(raw, FIXTURE_ORIGIN);
    const fromPage = parseDetailPage(doc, detailUrl('o-0001'));
    expect(fromApi).toMatchObject({ ok: true, order: { cmrNumber: 'CMR 0419-2026', vehicle: 'FR-SH 419', exportReference: '26CH0000000419AB12' } });
    expect(fromApi.ok && 'freightTerms' in fromApi.order).toBe(false);
    expect(asJson(fromPage)).toStrictEqual(asJson(fromApi));
  });

  it('an order without them reads as before', () => {
    const fromPage = parseDetailPage(fixtureDocument(detailFile('o-0001')), detailUrl('o-0001'));
    expect(fromPage.ok && Object.keys(fromPage.order).filter((k) => k in references)).toEqual([]);
  });
});
