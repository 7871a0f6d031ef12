import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningServer } from '../kit/http';
import { type OrderWithCustomer } from './seed';
import { createDemoTms, loadSeed } from './server';

const NOW = new Date('2026-11-12T09:30:00Z');
const seed = loadSeed();
let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  server = await startEmulator(createDemoTms({ seed, now: () => NOW }), 0);
});
afterAll(() => server.close());

async function login(): Promise<string> {
  const res = await fetch(`${server.url}/orders`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

beforeEach(async () => {
  await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  cookie = await login();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } });

const getJson = async (path: string) => {
  const res = await api(path);
  return { status: res.status, body: await res.json() };
};

function send(method: string, path: string, body: unknown, contentType = 'application/json') {
  return api(path, { method, headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('session', () => {
  it('logs a page visitor in with an HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await fetch(`${server.url}/orders`);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^tms_session=[\w-]{16,}; Path=\/; HttpOnly; SameSite=Lax$/);
    // A known session is kept, not replaced.
    const again = await fetch(`${server.url}/orders/o-0001`, { headers: { cookie } });
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('answers API calls without a valid session with 401 session_expired', async () => {
    for (const headers of [{}, { cookie: 'tms_session=forged' }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/api/orders`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: 'session_expired', message: 'Your session has expired. Please sign in again.' });
    }
    expect(await getJson('/api/session')).toEqual({ status: 200, body: { user: { name: 'Dispo Demo' } } });
  });

  it('expires every session on request; the next page visit logs in again', async () => {
    const expire = await fetch(`${server.url}/__sandbox/sessions/expire`, { method: 'POST' });
    expect(await expire.json()).toMatchObject({ ok: true });
    expect((await api('/api/session')).status).toBe(401);
    const page = await fetch(`${server.url}/orders`, { headers: { cookie } });
    const fresh = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(fresh).not.toBe(cookie);
    expect((await fetch(`${server.url}/api/session`, { headers: { cookie: fresh } })).status).toBe(200);
  });
});

describe('reading orders', () => {
  it('lists customers', async () => {
    const { body } = await getJson('/api/customers');
    expect(body.items).toEqual(seed.customers);
  });

  it('pages through all orders, newest delivery first', async () => {
    const first = await getJson('/api/orders');
    expect(first.body).toMatchObject({ total: seed.orders.length, page: 1, pageSize: 25 });
    expect(first.body.items).toHaveLength(25);
    const all: OrderWithCustomer[] = [];
    for (let page = 1; page <= 4; page++) all.push(...(await getJson(`/api/orders?page=${page}&pageSize=20`)).body.items);
    expect(all).toHaveLength(seed.orders.length);
    expect(new Set(all.map((o) => o.id)).size).toBe(seed.orders.length);
    const lastDelivery = (o: OrderWithCustomer) => o.stops.filter((s) => s.type === 'delivery').at(-1)?.date ?? o.stops.at(-1)!.date;
    for (let i = 1; i < all.length; i++) expect(lastDelivery(all[i - 1]!) >= lastDelivery(all[i]!)).toBe(true);
    expect(all[0]!.customer.id).toBe(all[0]!.customerId);
    expect((await getJson('/api/orders?page=99')).body.items).toEqual([]);
  });

  it('serves pages of up to 1000 rows', async () => {
    const { status, body } = await getJson('/api/orders?pageSize=1000');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: seed.orders.length, page: 1, pageSize: 1000 });
    expect(body.items).toHaveLength(seed.orders.length);
  });

  it('filters by customer, status and search text', async () => {
    const { body } = await getJson('/api/orders?customerId=C-1001&status=delivered&pageSize=200');
    expect(body.total).toBe(seed.orders.filter((o) => o.customerId === 'C-1001' && o.status === 'delivered').length);
    expect(body.items.every((o: OrderWithCustomer) => o.customer.name === 'Spedition Nordlicht GmbH' && o.status === 'delivered')).toBe(true);
    expect((await getJson('/api/orders?q=a-2026-0412')).body.items.map((o: OrderWithCustomer) => o.id)).toEqual(['o-0001']);
    expect((await getJson('/api/orders?q=Poznań')).body.total).toBeGreaterThan(0);
  });

  it('returns exactly the orders asked for by ids, ignoring paging', async () => {
    const ids = seed.orders.slice(0, 40).map((o) => o.id);
    const { body } = await getJson(`/api/orders?ids=${ids.join(',')}&pageSize=5`);
    expect(body.items.map((o: OrderWithCustomer) => o.id)).toEqual(ids);
    expect(body.total).toBe(40);
    const some = await getJson('/api/orders?ids=o-0002,nope,o-0001');
    expect(some.body.items.map((o: OrderWithCustomer) => o.id)).toEqual(['o-0002', 'o-0001']);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `o-${i}`).join(',');
    expect((await getJson(`/api/orders?ids=${tooMany}`)).status).toBe(400);
  });

  it.each(['pageSize=0', 'pageSize=1001', 'page=0', 'page=x', 'status=done'])('rejects %s with 400', async (query) => {
    const { status, body } = await getJson(`/api/orders?${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_request');
  });

  it('gets one order with its customer, and 404s for unknown ids', async () => {
    const { status, body } = await getJson('/api/orders/o-0001');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'o-0001', number: 'A-2026-0412', customer: { id: 'C-1001', name: 'Spedition Nordlicht GmbH' } });
    const missing = await getJson('/api/orders/o-9999');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
    expect((await getJson('/api/nothing')).status).toBe(404);
  });
});

describe('write-backs', () => {
  it('PATCH sets the status and records a status event once', async () => {
    const res = await send('PATCH', '/api/orders/o-0001', { status: 'invoice_created' });
    expect(res.status).toBe(200);
    const order = await res.json();
    expect(order).toMatchObject({ id: 'o-0001', status: 'invoice_created', customer: { id: 'C-1001' } });
    expect(order.events.at(-1)).toEqual({ at: NOW.toISOString(), type: 'status', text: 'Invoice created' });
    const again = await (await send('PATCH', '/api/orders/o-0001', { status: 'invoice_created' })).json();
    expect(again.events).toHaveLength(order.events.length);
    expect((await getJson('/api/orders/o-0001')).body.status).toBe('invoice_created');
  });

  it('POST events appends an event with a link', async () => {
    const event = { type: 'invoice', text: 'Invoice created in Lexware Office', link: { url: 'https://app.lexware.de/permalink/invoices/view/abc', label: 'Open invoice' } };
    const res = await send('POST', '/api/orders/o-0001/events', event);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ event: { at: NOW.toISOString(), ...event } });
    const stored = await (await fetch(`${server.url}/__sandbox/orders`)).json();
    expect(stored.find((o: { id: string }) => o.id === 'o-0001').events.at(-1)).toMatchObject(event);
    const note = await send('POST', '/api/orders/o-0001/events', { type: 'note', text: 'Called the customer' });
    expect(await note.json()).toEqual({ event: { at: NOW.toISOString(), type: 'note', text: 'Called the customer' } });
  });

  const goodEvent = { type: 'invoice', text: 'Invoice created', link: { url: 'https://example.com/i/1', label: 'Open invoice' } };
  it.each([
    ['PATCH', 'non-JSON', '{status: invoice_created', /not valid JSON/],
    ['PATCH', 'non-JSON without a JSON content type', 'status=paid', /not valid JSON/, 'application/x-www-form-urlencoded'],
    ['PATCH', 'an empty body', '', /empty/],
    ['PATCH', 'an array', [], /JSON object/],
    ['PATCH', 'an unknown field', { status: 'paid', invoiceUrl: 'x' }, /unknown field "invoiceUrl"/],
    ['PATCH', 'a bad status', { status: 'invoiced' }, /status must be one of .*\(got "invoiced"\)/],
    ['PATCH', 'a missing status', {}, /status is required/],
    ['POST', 'non-JSON', 'hello', /not valid JSON/],
    ['POST', 'an unknown field', { ...goodEvent, extra: 1 }, /unknown field "extra"/],
    ['POST', 'a bad type', { ...goodEvent, type: 'email' }, /type must be one of note, invoice, status, pod/],
    ['POST', 'empty text', { ...goodEvent, text: '' }, /text must not be empty/],
    ['POST', 'blank text', { ...goodEvent, text: '   ' }, /text must not be empty/],
    ['POST', 'text too long', { ...goodEvent, text: 'x'.repeat(501) }, /text must be at most 500 characters/],
    ['POST', 'a relative link URL', { ...goodEvent, link: { url: '/invoices/1', label: 'Open' } }, /link\.url must be an absolute http\(s\) URL/],
    ['POST', 'a javascript: URL', { ...goodEvent, link: { url: 'javascript:alert(1)', label: 'Open' } }, /link\.url must be an absolute http\(s\) URL/],
    ['POST', 'a URL over 2000 characters', { ...goodEvent, link: { url: `https://example.com/${'a'.repeat(2000)}`, label: 'Open' } }, /link\.url must be at most 2000/],
    ['POST', 'a missing label', { ...goodEvent, link: { url: 'https://example.com/i/1' } }, /link\.label is required/],
    ['POST', 'a label too long', { ...goodEvent, link: { url: 'https://example.com/i/1', label: 'x'.repeat(101) } }, /link\.label must be at most 100/],
    ['POST', 'an unknown link field', { ...goodEvent, link: { ...goodEvent.link, target: '_top' } }, /unknown field "link\.target"/],
    ['POST', 'a null link', { ...goodEvent, link: null }, /link must be an object/],
  ])('%s with %s is a 400 that says what is wrong', async (method, _what, body, message, contentType?: string) => {
    const path = method === 'PATCH' ? '/api/orders/o-0002' : '/api/orders/o-0002/events';
    const before = (await getJson('/api/orders/o-0002')).body;
    const res = await send(method, path, body, contentType);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.error).toBe('invalid_request');
    expect(answer.message).toMatch(message);
    expect((await getJson('/api/orders/o-0002')).body).toEqual(before);
  });

  it('POST batch writes each order\'s event, then its status, by the single routes\' rules; an unknown id is answered on its own', async () => {
    const res = await send('POST', '/api/orders/batch', {
      orders: [
        { id: 'o-0001', event: goodEvent, status: 'invoice_created' },
        { id: 'o-9999', status: 'invoice_created' },
        { id: 'o-0002', event: { type: 'note', text: 'Called the customer' } },
      ],
    });
    expect(res.status).toBe(200);
    expect((await res.json()).results).toEqual([
      { id: 'o-0001', ok: true, status: 'invoice_created' },
      { id: 'o-9999', ok: false, error: 'not_found', message: 'There is no order with the id "o-9999".' },
      { id: 'o-0002', ok: true, status: (await getJson('/api/orders/o-0002')).body.status },
    ]);
    const first = (await getJson('/api/orders/o-0001')).body;
    expect(first.events.slice(-2)).toEqual([
      { at: NOW.toISOString(), ...goodEvent },
      { at: NOW.toISOString(), type: 'status', text: 'Invoice created' },
    ]);
    // A status the order already has adds no second status event, as with PATCH.
    await send('POST', '/api/orders/batch', { orders: [{ id: 'o-0001', status: 'invoice_created' }] });
    expect((await getJson('/api/orders/o-0001')).body.events).toHaveLength(first.events.length);
  });

  it.each([
    ['no orders', { orders: [] }, /orders must list at least one order/],
    ['too many orders', { orders: Array.from({ length: 1001 }, () => ({ id: 'o-0001', status: 'paid' })) }, /orders must list at most 1000 orders/],
    ['an unknown field', { orders: [{ id: 'o-0001', status: 'paid', note: 'x' }] }, /unknown field "orders\[0\]\.note"/],
    ['a bad event among good ones', { orders: [{ id: 'o-0001', status: 'paid' }, { id: 'o-0002', event: { ...goodEvent, text: ' ' } }] }, /orders\[1\]\.event\.text must not be empty/],
  ])('POST batch with %s is a 400 that changes nothing', async (_what, body, message) => {
    const before = (await getJson('/api/orders/o-0001')).body;
    const res = await send('POST', '/api/orders/batch', body);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(message);
    expect((await getJson('/api/orders/o-0001')).body).toEqual(before);
  });

  it('404s write-backs to unknown orders and 405s unknown methods', async () => {
    expect((await send('PATCH', '/api/orders/o-9999', { status: 'paid' })).status).toBe(404);
    expect((await send('POST', '/api/orders/o-9999/events', goodEvent)).status).toBe(404);
    expect((await send('DELETE', '/api/orders/o-0001', '')).status).toBe(405);
  });
});

describe('sandbox routes', () => {
  it('reset restores the seed', async () => {
    await send('PATCH', '/api/orders/o-0001', { status: 'paid' });
    await send('POST', '/api/orders/o-0001/events', { type: 'note', text: 'x' });
    await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
    const { body } = await getJson('/api/orders/o-0001');
    const { customer: _customer, ...order } = body;
    expect(order).toEqual(seed.orders[0]);
  });

  it('logs API calls with their bodies, but not pages, assets or documents', async () => {
    await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
    await fetch(`${server.url}/orders`, { headers: { cookie } });
    await fetch(`${server.url}/static/app.js`);
    await fetch(`${server.url}/documents/pod-A-2026-0412.pdf`);
    await api('/api/orders?status=delivered');
    await send('PATCH', '/api/orders/o-0001', { status: 'invoice_created' });
    const log = await (await fetch(`${server.url}/__sandbox/requests`)).json();
    expect(log.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toEqual(['GET /api/orders', 'PATCH /api/orders/o-0001']);
    expect(log[0].query).toEqual({ status: 'delivered' });
    expect(log[1].body).toEqual({ status: 'invoice_created' });
  });

  it('injects faults into API calls in the TMS error format', async () => {
    await fetch(`${server.url}/__sandbox/faults`, { method: 'POST', body: JSON.stringify({ status: 503, match: { path: '/api/orders' } }) });
    const res = await api('/api/orders');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('service_unavailable');
    expect((await api('/api/orders')).status).toBe(200);
  });
});

describe('web app', () => {
  it('redirects / to /orders', async () => {
    const res = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/orders');
  });

  it('serves the same data-free shell for the list, detail and unknown orders', async () => {
    const list = await (await fetch(`${server.url}/orders`)).text();
    const hostile = `/orders/${encodeURIComponent('<script>alert(1)</script>')}?q=${encodeURIComponent('"><img src=x onerror=alert(1)>')}`;
    for (const path of ['/orders/o-0001', hostile, '/orders/o-9999']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toBe(list);
    }
    expect(list).toContain('<script type="module" src="/static/app.js"></script>');
    expect(list).toContain('/static/app.css');
    for (const order of seed.orders) expect(list).not.toContain(order.number);
    for (const customer of seed.customers) expect(list).not.toContain(customer.name);
    expect(list).not.toMatch(/onerror|<img|alert\(/);
  });

  it('serves the app modules and styles, and nothing outside public/', async () => {
    for (const file of ['app.js', 'list-page.js', 'detail-page.js', 'format.js', 'dom.js', 'app.css', 'favicon.svg']) {
      const res = await fetch(`${server.url}/static/${file}`);
      expect(res.status, file).toBe(200);
    }
    expect((await fetch(`${server.url}/static/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}/static/..%2Fserver.ts`)).status).toBe(404);
    expect((await fetch(`${server.url}/static/%2e%2e/seed.json`)).status).toBe(404);
  });

  it('never assigns HTML from data in the browser app', async () => {
    for (const file of ['app.js', 'api.js', 'dom.js', 'format.js', 'list-page.js', 'detail-page.js', 'menu.js', 'tabs.js', 'views.js', 'order-bits.js']) {
      const source = await (await fetch(`${server.url}/static/${file}`)).text();
      expect(source, file).not.toMatch(/\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML\(|document\.write\(|createContextualFragment|DOMParser/);
    }
  });

  it('serves a valid PDF for POD links in the data, 404 otherwise', async () => {
    const res = await fetch(`${server.url}/documents/pod-A-2026-0412.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('latin1');
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text).toContain('(Order: A-2026-0412)');
    // Every xref entry points at its object.
    const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = text.slice(startxref).split('\n').slice(3, 8).map((line) => Number(line.slice(0, 10)));
    offsets.forEach((offset, i) => expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`));
    expect((await fetch(`${server.url}/documents/pod-A-2026-9999.pdf`)).status).toBe(404);
    const noPod = seed.orders.find((o) => o.status === 'delivered' && o.podUrl === null)!;
    expect((await fetch(`${server.url}/documents/pod-${noPod.number}.pdf`)).status).toBe(404);
  });

  it('answers unknown pages with an HTML 404', async () => {
    const res = await fetch(`${server.url}/invoices`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});
