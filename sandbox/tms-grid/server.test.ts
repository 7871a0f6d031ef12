import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningServer } from '../kit/http';
import type { GridOrder } from './api-shape';
import { createGridTms } from './server';

let server: RunningServer;
let token: string;
let csrf: string;

beforeAll(async () => {
  server = await startEmulator(createGridTms(), 0);
});
afterAll(() => server.close());

async function page(query = ''): Promise<string> {
  return (await fetch(`${server.url}/${query}`)).text();
}

async function signIn(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/session`, { method: 'POST', body: JSON.stringify({ username: 'dispatch', password: 'cargogrid' }) });
  expect(res.status).toBe(201);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const metaToken = (html: string) => /<meta name="csrf-token" content="([\w-]+)">/.exec(html)![1]!;
const bootOf = (html: string) => JSON.parse(/<script type="application\/json" id="cg-boot">(.*?)<\/script>/s.exec(html)![1]!) as {
  cls: Record<string, string>;
  ids: Record<string, string>;
  columns: { key: string; title: string }[];
  wrapDepth: number;
  tokenStore: 'memory' | 'session';
};

beforeEach(async () => {
  await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  await fetch(`${server.url}/__sandbox/mutate`, { method: 'POST', body: JSON.stringify({ seed: null }) });
  token = await signIn();
  csrf = metaToken(await page());
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

function patch(id: string, body: unknown, headers: Record<string, string> = { 'x-csrf-token': csrf }) {
  return api(`/api/orders/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('bearer token', () => {
  it('rejects API calls without a valid bearer token and never sets a cookie', async () => {
    for (const headers of [{}, { authorization: 'Bearer forged' }, { authorization: token }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/api/orders`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthorized', message: 'Missing or expired access token. Sign in again.' } });
    }
    const login = await fetch(`${server.url}/api/auth/session`, { method: 'POST', body: JSON.stringify({ username: 'dispatch', password: 'cargogrid' }) });
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('tells the app where to keep its token: in memory by default, in sessionStorage with ?token=session', async () => {
    expect(bootOf(await page()).tokenStore).toBe('memory');
    expect(bootOf(await page('?token=session')).tokenStore).toBe('session');
    expect((await fetch(`${server.url}/?token=cookie`)).status).toBe(400);
  });

  it('refuses wrong credentials and malformed sign-ins', async () => {
    const wrong = await fetch(`${server.url}/api/auth/session`, { method: 'POST', body: JSON.stringify({ username: 'dispatch', password: 'x' }) });
    expect(wrong.status).toBe(401);
    const bad = await fetch(`${server.url}/api/auth/session`, { method: 'POST', body: '[]' });
    expect(bad.status).toBe(400);
  });

  it('expires tokens through the inspection API', async () => {
    await fetch(`${server.url}/__sandbox/tokens/expire`, { method: 'POST' });
    expect((await api('/api/orders')).status).toBe(401);
  });
});

describe('orders API', () => {
  it('pages through 1,000 orders shaped unlike the demo TMS', async () => {
    const all: GridOrder[] = [];
    for (let offset = 0; offset < 1000; offset += 250) {
      const body = (await (await api(`/api/orders?offset=${offset}&limit=250`)).json()) as { data: GridOrder[]; meta: { total: number } };
      expect(body.meta.total).toBe(1000);
      all.push(...body.data);
    }
    expect(new Set(all.map((o) => o.id)).size).toBe(1000);
    const o = all[0]!;
    expect(o.route.legs[0]).toMatchObject({ seq: 1, kind: 'PICKUP', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(o.route.legs.at(-1)!.kind).toBe('DROP');
    expect(Number.isInteger(o.freight.amountCents)).toBe(true);
    expect(o.client).toMatchObject({ id: expect.any(String), name: expect.any(String), address: { country: expect.stringMatching(/^[A-Z]{2}$/) } });
    expect(new Set(all.map((x) => x.freight.currency))).toEqual(new Set(['EUR', 'CHF', 'PLN']));
    for (const state of ['DELIVERED', 'CANCELLED', 'INVOICED']) expect(all.some((x) => x.state === state)).toBe(true);
    expect(all.some((x) => x.documents.length === 1 && x.documents[0]!.url.startsWith('/documents/'))).toBe(true);
  });

  it('keeps the money exact in cents', async () => {
    const seedOrders = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; price: { amount: string } }[];
    const first = seedOrders[0]!;
    const { data } = (await (await api(`/api/orders/${first.id}`)).json()) as { data: GridOrder };
    expect(data.freight.amountCents).toBe(Math.round(Number(first.price.amount) * 100));
  });

  it('filters by state and checks its parameters', async () => {
    const body = (await (await api('/api/orders?state=DELIVERED&limit=250')).json()) as { data: GridOrder[] };
    expect(body.data.every((o) => o.state === 'DELIVERED')).toBe(true);
    expect((await api('/api/orders?limit=251')).status).toBe(400);
    expect((await api('/api/orders?offset=-1')).status).toBe(400);
    expect((await api('/api/orders?state=done')).status).toBe(400);
    expect((await api('/api/orders/nope')).status).toBe(404);
  });
});

describe('PATCH /api/orders/:id with CSRF', () => {
  it('stores the invoice reference with a valid CSRF header from the page meta tag', async () => {
    const { data } = (await (await api('/api/orders?state=DELIVERED&limit=1')).json()) as { data: GridOrder[] };
    const id = data[0]!.id;
    const res = await patch(id, { invoiceReference: 'RE-2026-0042' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: GridOrder }).data.invoiceReference).toBe('RE-2026-0042');
    const again = (await (await api(`/api/orders/${id}`)).json()) as { data: GridOrder };
    expect(again.data.invoiceReference).toBe('RE-2026-0042');
  });

  it('rejects a missing or forged CSRF header with 403 and changes nothing', async () => {
    const { data } = (await (await api('/api/orders?state=DELIVERED&limit=1')).json()) as { data: GridOrder[] };
    const id = data[0]!.id;
    for (const headers of [{}, { 'x-csrf-token': 'forged' }] as Record<string, string>[]) {
      const res = await patch(id, { invoiceReference: 'RE-1' }, headers);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_token_invalid');
    }
    expect(((await (await api(`/api/orders/${id}`)).json()) as { data: GridOrder }).data.invoiceReference).toBeNull();
  });

  it('rejects bodies that are not exactly {invoiceReference}', async () => {
    const { data } = (await (await api('/api/orders?limit=1')).json()) as { data: GridOrder[] };
    const id = data[0]!.id;
    for (const body of [{}, { invoiceReference: 42 }, { invoiceReference: '<script>' }, { invoiceReference: 'RE-1', status: 'x' }]) {
      expect((await patch(id, body)).status).toBe(400);
    }
    const noToken = await fetch(`${server.url}/api/orders/${id}`, { method: 'PATCH', headers: { 'x-csrf-token': csrf }, body: '{}' });
    expect(noToken.status).toBe(401);
  });
});

describe('app shell and mutation mode', () => {
  it('serves the SPA with generated class names that are stable per run seed', async () => {
    const a = bootOf(await page());
    const b = bootOf(await page());
    expect(a.cls).toEqual(b.cls);
    expect(a.cls.row).toMatch(/^_[0-9a-z]{6}$/);
    expect(new Set(Object.values(a.cls)).size).toBe(Object.keys(a.cls).length);
    const other = await startEmulator(createGridTms({ runSeed: 99 }), 0);
    try {
      const c = bootOf(await (await fetch(`${other.url}/`)).text());
      expect(c.cls.row).not.toBe(a.cls.row);
    } finally {
      await other.close();
    }
    const js = await fetch(`${server.url}/static/app.js`);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(await js.text()).not.toMatch(/localStorage\.setItem\([^)]*accessToken|document\.cookie/);
  });

  it('mutates class names, column order, wrappers, an extra column and ids; deterministically', async () => {
    const plain = bootOf(await page());
    const m7 = bootOf(await page('?mutate=7'));
    expect(m7).toEqual(bootOf(await page('?mutate=7')));
    expect(m7.cls.row).not.toBe(plain.cls.row);
    expect(m7.columns.map((c) => c.key)).toContain('pallets');
    expect(m7.columns.filter((c) => c.key !== 'pallets')).not.toEqual(plain.columns);
    expect(m7.wrapDepth).toBeGreaterThan(0);
    expect(m7.ids.grid).not.toBe('grid');
    expect(bootOf(await page('?mutate=8')).cls.row).not.toBe(m7.cls.row);
    expect((await fetch(`${server.url}/?mutate=abc`)).status).toBe(400);
  });
});
