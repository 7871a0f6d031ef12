// @vitest-environment node
/**
 * Capture against the real Grid sandbox TMS, in-process: the capture script's logic wraps a
 * page window's fetch, the page signs in and loads its orders as CargoGrid's app does, the
 * recipe engine's store keeps what the script forwards, and a recipe made in this test reads
 * orders from the captured answers (and, for one not captured, from the API with the page's
 * own bearer token). The write-back sends the page's CSRF meta tag and patches once: a second
 * run only looks.
 */
import { Window } from 'happy-dom';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gridRecipe } from '@/tests/support/grid-recipe';
import { recordedInvoice } from '@/tests/support/jobs';
import { startEmulator, type RecordedRequest, type RunningServer } from '../../../sandbox/kit/http';
import { createGridTms } from '../../../sandbox/tms-grid/server';
import { adapterFromRecipe } from './adapter';
import { startCapture } from './capture';
import { installPageCapture } from './capture-page';
import { pageValue, writeBackFromRecipe } from './write-back';

let tms: RunningServer;
let origin: string;

beforeAll(async () => {
  tms = await startEmulator(createGridTms(), 0);
  origin = new URL(tms.url).origin;
});
afterAll(() => tms.close());
beforeEach(async () => {
  await fetch(`${tms.url}/__sandbox/reset`, { method: 'POST' });
});

/** A page window just big enough for both worlds: its fetch is the network, its messages go to every listener. */
function pageWindow() {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const win = {
    location: { origin, href: `${origin}/` } as Location,
    fetch: ((input, init) => fetch(input, init)) as typeof fetch,
    XMLHttpRequest: class {} as unknown as typeof XMLHttpRequest,
    addEventListener: (type: string, listener: (event: MessageEvent) => void) => void (type === 'message' && listeners.push(listener)),
    removeEventListener: () => undefined,
    dispatchEvent: () => true,
    postMessage: (data: unknown) => {
      const copy = structuredClone(data);
      queueMicrotask(() => listeners.forEach((l) => l({ source: win, data: copy } as unknown as MessageEvent)));
    },
  };
  return win as unknown as Window & typeof globalThis;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const requests = async () => (await (await fetch(`${tms.url}/__sandbox/requests`)).json()) as RecordedRequest[];

/** CargoGrid's start: the shell (with its CSRF meta), sign-in, then all orders in pages of 250. */
async function openGrid(win: ReturnType<typeof pageWindow>) {
  const html = await (await fetch(`${tms.url}/`)).text();
  const doc = new new Window({ url: `${origin}/` }).DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  const signIn = await win.fetch(`${origin}/api/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'dispatch', password: 'cargogrid' }) });
  const session = (await signIn.json()) as unknown as { accessToken: string };
  const orders: { id: string; ref: string }[] = [];
  for (let offset = 0; offset < 1000; offset += 250) {
    const res = await win.fetch(`${origin}/api/orders?offset=${offset}&limit=250`, { headers: { Authorization: `Bearer ${session.accessToken}` } });
    orders.push(...((await res.json()) as unknown as { data: { id: string; ref: string }[] }).data);
  }
  return { doc, orders, token: session.accessToken };
}

describe('capture on the Grid sandbox TMS', () => {
  it('reads orders from the API answers the page itself loaded, by the number a row shows', async () => {
    const win = pageWindow();
    installPageCapture(win);
    const { orders } = await openGrid(win);
    // The engine starts after the page's first requests (document_idle): the script held them.
    const recipe = gridRecipe(origin);
    const { store } = startCapture(win, recipe);
    await settle();
    expect(store.running()).toBe(true);
    expect(store.count('orders')).toBe(1000);
    expect(store.authorization()).toMatch(/^Bearer /);

    const picked = [orders[0]!, orders[517]!, orders[999]!];
    // A row shows only "Order <ref>": the join gives the TMS's id.
    expect(picked.map((o) => store.keyWhere('orders', '$.ref', o.ref))).toEqual(picked.map((o) => o.id));
    const before = (await requests()).length;
    const reads = await adapterFromRecipe(recipe, store).readOrders(picked.map((o) => o.id), { origin, fetch });
    expect(reads.map((r) => (r.ok ? r.order.number : r.problems))).toEqual(picked.map((o) => o.ref));
    expect(reads.every((r) => r.ok && r.order.stops.length >= 2 && r.order.price.minor > 0)).toBe(true);
    // Everything came from the captured answers: no request to the TMS.
    expect((await requests()).length).toBe(before);
  });

  it('reads an order not captured from the API with the page\'s own token; without one, says so', async () => {
    const win = pageWindow();
    installPageCapture(win);
    const { orders } = await openGrid(win);
    // Captures nothing of the order lists (another pattern), but the page's token.
    const recipe = gridRecipe(origin, { sources: { capture: [{ id: 'orders', url: '/api/nothing*', items: '$.data[*]', key: '$.id' }], fetch: { order: { url: '/api/orders/{id}', items: '$.data', key: '$.id' } }, auth: { mode: 'captured' } } });
    const { store } = startCapture(win, recipe);
    await settle();
    expect(store.count('orders')).toBe(0);
    const [read] = await adapterFromRecipe(recipe, store).readOrders([orders[3]!.id], { origin, fetch });
    expect(read).toMatchObject({ ok: true, order: { number: orders[3]!.ref } });

    // A page whose capture runs but that has not signed in yet: nothing is sent without a token.
    const fresh = pageWindow();
    installPageCapture(fresh);
    const unsigned = startCapture(fresh, recipe).store;
    await settle();
    const [refused] = await adapterFromRecipe(recipe, unsigned).readOrders([orders[3]!.id], { origin, fetch });
    expect(refused).toEqual({ ok: false, id: orders[3]!.id, problems: [{ code: 'token-missing' }] });
  });

  it('writes the invoice reference back with the page\'s CSRF token, exactly once', async () => {
    const win = pageWindow();
    installPageCapture(win);
    const { doc, orders } = await openGrid(win);
    const recipe = gridRecipe(origin);
    const { store } = startCapture(win, recipe);
    await settle();
    const page = { value: (from: Parameters<typeof pageValue>[1]) => pageValue(doc, from), authorization: () => store.authorization() };
    const order = orders[42]!;
    const invoice = recordedInvoice;
    const patches = async () => (await requests()).filter((r) => r.method === 'PATCH');

    expect(await writeBackFromRecipe(recipe, fetch, page).recordInvoice(origin, order.id, invoice)).toEqual({ ok: true, alreadyRecorded: false });
    expect(await patches()).toEqual([expect.objectContaining({ path: `/api/orders/${order.id}`, body: { invoiceReference: invoice.invoiceNumber } })]);
    const stored = (await (await fetch(`${tms.url}/api/orders/${order.id}`, { headers: { authorization: store.authorization()! } })).json()) as { data: { invoiceReference: string } };
    expect(stored.data.invoiceReference).toBe(invoice.invoiceNumber);

    expect(await writeBackFromRecipe(recipe, fetch, page).recordInvoice(origin, order.id, invoice)).toEqual({ ok: true, alreadyRecorded: true });
    expect(await patches()).toHaveLength(1);
  });

  it('without the page (the background, no TMS tab) sends nothing and waits', async () => {
    const recipe = gridRecipe(origin);
    const before = (await requests()).length;
    expect(await writeBackFromRecipe(recipe, fetch).recordInvoice(origin, 'o-0001', recordedInvoice)).toEqual({ ok: false, retryable: true, reason: 'unreachable', detail: 'Open the TMS to finish recording.' });
    expect((await requests()).length).toBe(before);
  });
});
