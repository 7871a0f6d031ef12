// @vitest-environment node
/**
 * The Legacy sandbox TMS shows its 300 orders 25 to a page ("Weiter »"). With `list.pages`,
 * its recipe's adapter lists the orders of every page, with the tab's session (a cookie
 * here), for the proposal and the automatic drafts; a session that ends on the way is said.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { startEmulator, type RunningServer } from '../../../sandbox/kit/http';
import { createLegacyTms, LEGACY_ORDER_COUNT, LEGACY_PASSWORD, LEGACY_USER } from '../../../sandbox/tms-legacy/server';
import golden from '../../../tests/e2e/golden/legacy.recipe.json';
import { adapterFromRecipe } from './adapter';
import { validateRecipe } from './schema';
import { DeliveredListError, openDelivered } from '../proposal';

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  // The adapter parses fetched pages with DOMParser and reads them with the DOM's classes, as
  // it does in the tab; Node's own fetch keeps the session cookie a browser's fetch would send.
  const window = new Window();
  for (const name of Object.getOwnPropertyNames(window)) {
    if (/^(DOMParser|Node|NodeFilter|Text|Document|Element|HTML\w*Element)$/.test(name)) (globalThis as Record<string, unknown>)[name] ??= (window as unknown as Record<string, unknown>)[name];
  }
  server = await startEmulator(createLegacyTms(), 0);
});
afterAll(() => server.close());
beforeEach(async () => {
  await fetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  const res = await fetch(`${server.url}/anmelden`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ benutzer: LEGACY_USER, passwort: LEGACY_PASSWORD, weiter: '/auftraege' }).toString(),
  });
  cookie = res.headers.get('set-cookie')!.split(';')[0]!;
});

function adapter(max?: number) {
  const origin = new URL(server.url).origin;
  const raw = structuredClone(golden) as Record<string, unknown> & { list: Record<string, unknown> };
  raw.list.pages = { next: { css: 'a[rel="next"]', attr: 'href' }, ...(max ? { max } : {}) };
  const checked = validateRecipe({ ...raw, id: '5f0c2a8e-1b7d-4c3e-9f6a-2d4b8e1c7a90', sites: [origin] });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return { origin, adapter: adapterFromRecipe(checked.recipe) };
}

/** The tab's fetch: its session cookie goes along; `after` requests later it has ended. */
const tabFetch = (after = Infinity): typeof fetch => {
  let sent = 0;
  return (input, init = {}) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...(sent++ < after ? { cookie } : {}) } });
};

describe('a recipe’s list over all its pages (Legacy, 12 pages of 25)', () => {
  it('lists every order of every page once, and the delivered ones are exactly the TMS’s', async () => {
    const { origin, adapter: legacy } = adapter();
    const candidates = await legacy.listDelivered!('2026-11-01', { origin, fetch: tabFetch() });
    const ids = candidates.map((c) => c.summary.id);
    expect(ids).toHaveLength(LEGACY_ORDER_COUNT);
    expect(new Set(ids).size).toBe(LEGACY_ORDER_COUNT);

    const orders = (await (await fetch(`${server.url}/__sandbox/orders`)).json()) as { id: string; status: string }[];
    const delivered = orders.filter((o) => o.status === 'delivered').map((o) => o.id).sort();
    expect(delivered.length).toBeGreaterThan(0);
    const proposed = openDelivered(candidates, { from: '2000-01-01', to: '2100-12-31' }).map((c) => c.summary.id).sort();
    expect(proposed).toEqual(delivered);
  });

  it('on the list’s first page: reads the page on screen and fetches only the pages after it', async () => {
    const { origin, adapter: legacy } = adapter();
    const first = await (await tabFetch()(`${server.url}/auftraege`)).text();
    const page = { document: new DOMParser().parseFromString(first, 'text/html'), url: new URL(`${server.url}/auftraege`) };
    const asked: string[] = [];
    const counting: typeof fetch = (input, init) => (asked.push(String(input)), tabFetch()(input, init));
    expect(await legacy.listDelivered!('2026-11-01', { origin, fetch: counting, page })).toHaveLength(LEGACY_ORDER_COUNT);
    expect(asked).toHaveLength(11);
    expect(asked).not.toContain(`${server.url}/auftraege`);
  });

  it('reads at most the pages allowed', async () => {
    const { origin, adapter: legacy } = adapter(3);
    expect(await legacy.listDelivered!('2026-11-01', { origin, fetch: tabFetch() })).toHaveLength(75);
  });

  it('a session that ends on the way is said, not taken for the end of the list', async () => {
    const { origin, adapter: legacy } = adapter();
    await expect(legacy.listDelivered!('2026-11-01', { origin, fetch: tabFetch(4) })).rejects.toEqual(new DeliveredListError('session-expired'));
  });
});
