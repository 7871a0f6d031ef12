/**
 * Capture in a TMS tab: the engine keeps only what a real capture of this recipe could have
 * sent (forged, oversized, off-pattern and foreign envelopes are dropped), at most 5,000 items
 * per rule; the page script forwards only matching answers and the Authorization header only
 * when asked; the recipe adapter reads captured items, joins rows by their visible number and
 * sends the captured token with its requests. Header templates read the page's meta and cookies.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { gridRecipe, gridRecipeJson } from '@/tests/support/grid-recipe';
import { adapterFromRecipe } from './adapter';
import { CaptureStore, MAX_CAPTURED_ITEMS, startCapture } from './capture';
import { CAPTURE_CHANNEL, MAX_CAPTURED_CHARS } from './capture-pattern';
import { installPageCapture } from './capture-page';
import { validateRecipe } from './schema';
import { pageValue } from './write-back';

const ORIGIN = 'https://grid.example.com';
const recipe = gridRecipe(ORIGIN);
const order = (id: string, ref: string) => ({ id, ref, state: 'DELIVERED', client: { id: 'c-1', name: 'Nordlicht GmbH', accountNo: 'K-1', vatId: null, email: null, address: { name: 'Nordlicht', street: 'Weg 1', postcode: '28195', town: 'Bremen', country: 'DE' } }, customerRef: null, route: { legs: [{ seq: 1, kind: 'PICKUP', site: { name: 'A', street: 'S 1', postcode: '20095', town: 'Hamburg', country: 'DE' }, date: '2026-11-10' }, { seq: 2, kind: 'DROP', site: { name: 'B', street: 'S 2', postcode: '80331', town: 'München', country: 'DE' }, date: '2026-11-11' }] }, freight: { amountCents: 125000, currency: 'EUR' } });
const answer = (body: unknown, path = '/api/orders?offset=0&limit=250') => ({ channel: CAPTURE_CHANNEL, kind: 'answer', url: `${ORIGIN}${path}`, body: typeof body === 'string' ? body : JSON.stringify(body) });
const ready = { channel: CAPTURE_CHANNEL, kind: 'ready' };

describe('the engine checks every envelope', () => {
  it('keeps a real answer of a recipe pattern, by the rule\'s key', () => {
    const store = new CaptureStore(recipe, ORIGIN);
    expect(store.accept(ready)).toBe(true);
    expect(store.accept(answer({ data: [order('o-1', 'A-1'), order('o-2', 'A-2')] }))).toBe(true);
    expect(store.count('orders')).toBe(2);
    expect(store.item('orders', 'o-2')).toMatchObject({ ref: 'A-2' });
    expect(store.keyWhere('orders', '$.ref', ' A-2 ')).toBe('o-2');
  });

  it.each([
    ['another shape', { ...answer({ data: [order('o-1', 'A-1')] }), extra: 1 }],
    ['another channel', { ...answer({ data: [order('o-1', 'A-1')] }), channel: 'other' }],
    ['a body that is not text', { ...answer({}), body: { data: [order('o-1', 'A-1')] } }],
    ['over 5 MB', answer(`{"data":[${' '.repeat(MAX_CAPTURED_CHARS)}]}`)],
    ['a URL no rule names', answer({ data: [order('o-1', 'A-1')] }, '/api/orders/o-1')],
    ['another origin', { ...answer({ data: [order('o-1', 'A-1')] }), url: 'https://evil.example.com/api/orders?offset=0' }],
    ['a body that is not JSON', answer('{"data": [')],
    ['a script, not a URL', { ...answer({}), url: 'javascript:alert(1)' }],
  ])('drops %s', (_what, envelope) => {
    const store = new CaptureStore(recipe, ORIGIN);
    expect(store.accept(envelope)).toBe(false);
    expect(store.count('orders')).toBe(0);
  });

  it('keeps the page\'s Authorization only for captured auth, and only a header value', () => {
    const auth = (authorization: string) => ({ channel: CAPTURE_CHANNEL, kind: 'auth', url: `${ORIGIN}/api/orders`, authorization });
    const store = new CaptureStore(recipe, ORIGIN);
    expect(store.accept(auth('Bearer line\nbreak'))).toBe(false);
    expect(store.accept({ ...auth('Bearer x'), url: 'https://evil.example.com/' })).toBe(false);
    expect(store.accept(auth('Bearer abc'))).toBe(true);
    expect(store.authorization()).toBe('Bearer abc');
    const cookieAuth = new CaptureStore(gridRecipe(ORIGIN, { sources: { ...gridRecipeJson(ORIGIN).sources as object, auth: { mode: 'cookie' } } }), ORIGIN);
    expect(cookieAuth.accept(auth('Bearer abc'))).toBe(false);
    expect(cookieAuth.authorization()).toBeNull();
  });

  it('keeps at most 5,000 items per rule; the oldest go first', () => {
    const store = new CaptureStore(recipe, ORIGIN);
    const many = (from: number, n: number) => ({ data: Array.from({ length: n }, (_, i) => ({ id: `o-${from + i}`, ref: `A-${from + i}` })) });
    store.accept(answer(many(0, 4_000)));
    store.accept(answer(many(4_000, 2_000)));
    expect(store.count('orders')).toBe(MAX_CAPTURED_ITEMS);
    expect(store.item('orders', 'o-0')).toBeUndefined();
    expect(store.item('orders', 'o-999')).toBeUndefined();
    expect(store.item('orders', 'o-1000')).toBeDefined();
    expect(store.keyWhere('orders', '$.ref', 'A-5999')).toBe('o-5999');
  });
});

describe('the page script', () => {
  afterEach(() => vi.useRealTimers());

  function page() {
    const posted: Record<string, unknown>[] = [];
    const listeners: ((e: MessageEvent) => void)[] = [];
    const responses: Record<string, string> = {};
    const win = {
      location: { origin: ORIGIN, href: `${ORIGIN}/` },
      fetch: vi.fn(async (input: string) => new Response(responses[new URL(input, ORIGIN).pathname] ?? '{}', { headers: { 'content-type': 'application/json' } })),
      XMLHttpRequest: class {},
      addEventListener: (_t: string, l: (e: MessageEvent) => void) => listeners.push(l),
      postMessage: (data: Record<string, unknown>) => posted.push(data),
    };
    installPageCapture(win as never);
    const send = (data: unknown, source: unknown = win) => listeners.forEach((l) => l({ source, data } as MessageEvent));
    return { win: win as unknown as { fetch: typeof fetch }, posted, responses, send };
  }
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('holds early answers, then forwards only those the patterns match, and the page gets its answer', async () => {
    const p = page();
    p.responses['/api/orders'] = '{"data":[{"id":"o-1"}]}';
    p.responses['/api/me'] = '{"name":"Dispatch"}';
    const res = await p.win.fetch('/api/orders?offset=0', { headers: { Authorization: 'Bearer early' } });
    expect(await res.json()).toEqual({ data: [{ id: 'o-1' }] });
    await p.win.fetch('/api/me');
    await flush();
    expect(p.posted).toEqual([]);
    p.send({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: ['/api/orders?*'], auth: false });
    expect(p.posted.map((m) => [m.kind, m.url])).toEqual([['ready', undefined], ['answer', `${ORIGIN}/api/orders?offset=0`]]);
    await p.win.fetch('/api/me', { headers: { Authorization: 'Bearer later' } });
    await flush();
    // No pattern for /api/me; no Authorization without captured auth.
    expect(p.posted).toHaveLength(2);
    expect(JSON.stringify(p.posted)).not.toContain('Bearer');
  });

  it('forwards the page\'s own Authorization only when asked, same origin only, once per value', async () => {
    const p = page();
    p.send({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: ['/api/orders?*'], auth: true });
    await p.win.fetch('https://cdn.example.net/x', { headers: { Authorization: 'Bearer third-party' } });
    await p.win.fetch('/api/orders?offset=0', { headers: { Authorization: 'Bearer mine' } });
    await p.win.fetch('/api/orders?offset=250', { headers: { Authorization: 'Bearer mine' } });
    await flush();
    expect(p.posted.filter((m) => m.kind === 'auth').map((m) => m.authorization)).toEqual(['Bearer mine']);
  });

  it('ignores a config from a frame', async () => {
    const p = page();
    p.send({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: ['/*'], auth: true }, {});
    expect(p.posted).toEqual([]);
  });
});

describe('startCapture', () => {
  it('sends the patterns and listens to its own window only', async () => {
    const posted = vi.spyOn(window, 'postMessage');
    const { store, stop } = startCapture(window, recipe);
    expect(posted).toHaveBeenCalledWith({ channel: CAPTURE_CHANNEL, kind: 'config', patterns: ['/api/orders?*'], auth: true }, window.location.origin);
    stop();
    expect(store.running()).toBe(false);
  });
});

describe('the recipe adapter with captured data', () => {
  const captured = () => {
    const store = new CaptureStore(recipe, ORIGIN);
    store.accept(ready);
    store.accept(answer({ data: [order('o-1', 'A-1'), order('o-2', 'A-2')] }));
    return store;
  };
  const gridPage = (refs: string[]) => {
    document.body.innerHTML = `<div role="grid"><div role="row" aria-rowindex="1"><div role="columnheader">Order</div><div role="columnheader">Client</div></div>
      <div role="rowgroup">${refs.map((r, i) => `<div role="row" aria-rowindex="${i + 2}" aria-selected="false"><div role="gridcell">${r}</div><div role="gridcell">Nordlicht GmbH</div></div>`).join('')}</div></div>`;
    return document;
  };

  it('joins a row\'s visible number to the captured id; a row no item has is skipped', () => {
    const rows = adapterFromRecipe(recipe, captured()).listRows(gridPage(['A-2', 'A-9', 'A-1']));
    expect(rows.map((r) => r.id)).toEqual(['o-2', 'o-1']);
    expect(adapterFromRecipe(recipe).listRows(gridPage(['A-2']))).toEqual([]);
  });

  it('reads captured orders without a request; without the capture script the source is unavailable', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const [read] = await adapterFromRecipe(recipe, captured()).readOrders(['o-1'], { origin: ORIGIN, fetch });
    expect(read).toMatchObject({ ok: true, order: { number: 'A-1', price: { minor: 125000, currency: 'EUR' } } });
    expect(fetch).not.toHaveBeenCalled();
    const [none] = await adapterFromRecipe(recipe).readOrders(['o-1'], { origin: ORIGIN, fetch });
    expect(none).toMatchObject({ ok: false, problems: expect.arrayContaining([{ code: 'source-unavailable', field: 'source' }, { code: 'token-missing' }]) });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('fetches an order not captured with the page\'s own Authorization header', async () => {
    const store = captured();
    store.accept({ channel: CAPTURE_CHANNEL, kind: 'auth', url: `${ORIGIN}/api/orders`, authorization: 'Bearer t0k3n' });
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(JSON.stringify({ data: order('o-7', 'A-7') }), { headers: { 'content-type': 'application/json' } }));
    const [read] = await adapterFromRecipe(recipe, store).readOrders(['o-7'], { origin: ORIGIN, fetch });
    expect(read).toMatchObject({ ok: true, order: { number: 'A-7' } });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]![1]!.headers).toMatchObject({ authorization: 'Bearer t0k3n' });
  });
});

describe('schema: rowKeyJoin and header templates', () => {
  const base = gridRecipeJson(ORIGIN);
  const issues = (over: Record<string, unknown>) => {
    const r = validateRecipe({ ...base, ...over });
    return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
  };
  const writeBack = base.writeBack as Record<string, unknown>;

  it('accepts meta and cookie headers, at most 3, and no header the browser or auth sets', () => {
    expect(issues({ writeBack: { ...writeBack, headers: { 'X-CSRF-Token': { meta: 'csrf-token' }, 'X-XSRF-TOKEN': { cookie: 'XSRF-TOKEN' } } } })).toEqual([]);
    expect(issues({ writeBack: { ...writeBack, headers: { Authorization: { meta: 'token' } } } }).join()).toMatch(/writeBack\.headers.*set by the browser/);
    expect(issues({ writeBack: { ...writeBack, headers: { 'X-A': { script: 'x' } } } }).join()).toMatch(/writeBack\.headers/);
    expect(issues({ writeBack: { ...writeBack, headers: { A: { meta: 'a' }, B: { meta: 'b' }, C: { meta: 'c' }, D: { meta: 'd' } } } }).join()).toMatch(/at most 3 headers/);
  });

  it('refuses a join to a capture rule that does not exist', () => {
    expect(issues({ list: { ...(base.list as object), rowKeyJoin: { capture: 'nothing', match: '$.ref' } } }).join()).toMatch(/rowKeyJoin: capture must name a rule/);
  });

  it('reads a header value from the page\'s meta tag or cookie', () => {
    document.head.innerHTML = '<meta name="csrf-token" content="c5rf">';
    document.cookie = 'XSRF-TOKEN=a%2Fb';
    expect(pageValue(document, { meta: 'csrf-token' })).toBe('c5rf');
    expect(pageValue(document, { cookie: 'XSRF-TOKEN' })).toBe('a/b');
    expect(pageValue(document, { meta: 'other' })).toBeNull();
  });
});
