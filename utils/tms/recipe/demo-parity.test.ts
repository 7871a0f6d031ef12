/**
 * The demo TMS as a recipe (demo/demo.recipe.json) against the demo's code adapter, on every
 * saved demo page and on the API answer: the same orders, summaries, rows and problems
 * (recipes.md § 5, acceptance A2). The one intended difference is `source.adapter`, which
 * names the recipe (`recipe:<id>`), so it is compared separately.
 */
import { describe, expect, it, vi } from 'vitest';
import type { OrderReadResult, TmsPageAdapter } from '../adapter';
import { demoTmsAdapter } from '../demo/page-adapter';
import demoRecipeJson from '../demo/demo.recipe.json';
import { API_IDS, DETAIL_IDS, FIXTURE_ORIGIN, LIST_FIXTURES, apiFixture, detailFile, detailUrl, expectedOrder, fixtureDocument, listUrl } from '../demo/fixtures/fixtures';
import { adapterFromRecipe } from './adapter';
import { validateRecipe, type Recipe } from './schema';

function loadRecipe(): Recipe {
  const checked = validateRecipe(demoRecipeJson);
  if (!checked.ok) throw new Error(`demo.recipe.json is not a valid recipe: ${JSON.stringify(checked.issues)}`);
  return checked.recipe;
}

const recipe = loadRecipe();
const byRecipe: TmsPageAdapter = adapterFromRecipe(recipe);
const RECIPE_ADAPTER = `recipe:${recipe.id}`;

/** As it travels to the background (undefined keys vanish), with the adapter name the code adapter uses. */
function comparable(value: unknown): unknown {
  const json = JSON.parse(JSON.stringify(value)) as unknown;
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) out[k] = k === 'adapter' && v === RECIPE_ADAPTER ? 'demo-tms' : visit(v);
      return out;
    }
    return node;
  };
  return visit(json);
}

const listFixtureUrl = (file: string) => (file === 'list-nordlicht.html' ? listUrl('?customer=C-1001') : listUrl());

describe('the demo recipe is a valid recipe', () => {
  it('passes validateRecipe', () => expect(validateRecipe(demoRecipeJson).ok).toBe(true));
  it('names itself recipe:<id> on the orders it reads', () => {
    const result = byRecipe.readDetail(fixtureDocument(detailFile('o-0001')), detailUrl('o-0001'));
    expect(result.ok && result.order.source).toEqual({ origin: FIXTURE_ORIGIN, adapter: RECIPE_ADAPTER });
  });
});

describe('detail pages: recipe adapter = code adapter', () => {
  it.each(DETAIL_IDS)('%s reads the same order, summary, id, kind and anchor', (id) => {
    const doc = fixtureDocument(detailFile(id));
    const url = detailUrl(id);
    const fromRecipe = byRecipe.readDetail(doc, url);
    expect(comparable(fromRecipe)).toStrictEqual(comparable(demoTmsAdapter.readDetail(doc, url)));
    expect(comparable(fromRecipe)).toStrictEqual({ ok: true, order: expectedOrder(id) });
    expect(byRecipe.summariseDetail(doc, url)).toStrictEqual(demoTmsAdapter.summariseDetail(doc, url));
    expect(byRecipe.detailOrderId(doc, url)).toBe(demoTmsAdapter.detailOrderId(doc, url));
    expect(byRecipe.recognises(doc, url)).toBe(true);
    expect(byRecipe.pageKind(doc, url)).toBe(demoTmsAdapter.pageKind(doc, url));
    expect(byRecipe.detailActionAnchor(doc)).toStrictEqual(demoTmsAdapter.detailActionAnchor(doc));
    // A detail page is no list, and the list URL on it finds nothing.
    expect(byRecipe.listRows(doc)).toEqual(demoTmsAdapter.listRows(doc));
  });

  it.each([
    ['no price', (doc: Document) => doc.querySelector('#section-price .price-amount')!.remove()],
    ['an unreadable price', (doc: Document) => (doc.querySelector('#section-price .price-amount')!.textContent = 'auf Anfrage')],
    ['no customer name', (doc: Document) => doc.querySelector('#section-customer dd')!.replaceChildren()],
    ['no stops', (doc: Document) => doc.querySelector('ol.stops')!.replaceChildren()],
    ['an interpreted weight', (doc: Document) => (doc.querySelector('#section-load .field-row:nth-child(2) dd')!.textContent = 'ca. 1.200 kg')],
    ['a status the schema does not know', (doc: Document) => (doc.querySelector('.title-group .badge')!.textContent = 'Archived')],
  ])('a broken page (%s) gives the same problems', (_name, breakIt) => {
    const doc = fixtureDocument(detailFile('o-0001'));
    breakIt(doc);
    const url = detailUrl('o-0001');
    expect(comparable(byRecipe.readDetail(doc, url))).toStrictEqual(comparable(demoTmsAdapter.readDetail(doc, url)));
  });
});

describe('list pages: recipe adapter = code adapter', () => {
  it.each(LIST_FIXTURES)('%s: same kind, rows, checkboxes, container and summaries', (file) => {
    const doc = fixtureDocument(file);
    const url = listFixtureUrl(file);
    expect(byRecipe.recognises(doc, url)).toBe(true);
    expect(byRecipe.pageKind(doc, url)).toBe(demoTmsAdapter.pageKind(doc, url));
    expect(byRecipe.listContainer(doc)).toBe(demoTmsAdapter.listContainer(doc));
    const mine = byRecipe.listRows(doc);
    const theirs = demoTmsAdapter.listRows(doc);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((r) => [r.id, r.row, r.checkbox])).toEqual(theirs.map((r) => [r.id, r.row, r.checkbox]));
    expect(mine.map((r) => byRecipe.summariseRow(r))).toStrictEqual(theirs.map((r) => demoTmsAdapter.summariseRow(r)));
    for (const box of doc.querySelectorAll('input[type="checkbox"]')) {
      expect(byRecipe.rowOf!(box)?.id ?? null).toBe(demoTmsAdapter.rowOf!(box)?.id ?? null);
    }
  });

  it('a list page is not a detail page for either', () => {
    const doc = fixtureDocument('list.html');
    expect(byRecipe.detailOrderId(doc, listUrl())).toBe(demoTmsAdapter.detailOrderId(doc, listUrl()));
    expect(byRecipe.summariseDetail(doc, listUrl())).toBe(demoTmsAdapter.summariseDetail(doc, listUrl()));
  });
});

// ------------------------------------------------------------------------------------------
// The API: the same fake TMS answers both adapters

const jsonResponse = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const askedIds = (input: Parameters<typeof fetch>[0]): string[] => new URL(String(input)).searchParams.get('ids')!.split(',');
type Answer = (input: Parameters<typeof fetch>[0]) => Promise<Response>;

function fakeTms(items: unknown[] = apiFixture().items): Answer {
  const known = new Map(items.map((item) => [(item as { id: string }).id, item]));
  return async (input) => {
    const found = askedIds(input).flatMap((id) => (known.has(id) ? [known.get(id)] : []));
    return jsonResponse({ items: found, total: found.length });
  };
}

async function both(ids: string[], answer: Answer): Promise<[OrderReadResult[], OrderReadResult[], string[], string[]]> {
  const codeFetch = vi.fn<typeof fetch>(answer);
  const recipeFetch = vi.fn<typeof fetch>(answer);
  const code = await demoTmsAdapter.readOrders(ids, { origin: FIXTURE_ORIGIN, fetch: codeFetch });
  const mine = await byRecipe.readOrders(ids, { origin: FIXTURE_ORIGIN, fetch: recipeFetch });
  return [mine, code, recipeFetch.mock.calls.map((c) => String(c[0])), codeFetch.mock.calls.map((c) => String(c[0]))];
}

describe('readOrders through the API: recipe adapter = code adapter', () => {
  const [first, second, third] = apiFixture().items as Record<string, unknown>[];
  const cases: [string, string[], Answer][] = [
    ['the saved answer', [...API_IDS], fakeTms()],
    ['asked in another order, with an unknown id', ['o-0052', 'o-9999', 'o-0001', 'o-0022'], fakeTms()],
    ['401: session expired', ['o-0001', 'o-0022'], async () => jsonResponse({ error: 'session_expired' }, 401)],
    ['500: server error', ['o-0001'], async () => jsonResponse({ error: 'boom' }, 500)],
    [
      'network error',
      ['o-0001', 'o-0022'],
      async () => {
        throw new TypeError('Failed to fetch');
      },
    ],
    ['a login page instead of JSON', ['o-0001'], async () => new Response('<!doctype html><h1>Sign in</h1>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['an answer that is not an order list', ['o-0001'], async () => jsonResponse({ orders: [] })],
    ['an item without an id', ['o-0001'], async () => jsonResponse({ items: [{ number: 'A-1' }] })],
    // #16: the freight references, also where the TMS sends an empty one.
    ['freight references', ['o-0001', 'o-0022'], async () => jsonResponse({ items: [{ ...first, cmrNumber: 'CMR 0419-2026', vehicle: 'FR-SH 419', freightTerms: 'frei Haus', exportReference: '26CH0000000419AB12' }, { ...second, cmrNumber: '', vehicle: 'M-BL 422' }] })],
    ['an order of the wrong shape', ['o-0001', 'o-0022'], async () => jsonResponse({ items: [first, { ...second, stops: 'Hamburg', customer: 'Nordlicht' }] })],
    [
      'broken prices',
      ['o-0001', 'o-0022', 'o-0052'],
      async () => jsonResponse({ items: [first, { ...second, price: { amount: '980,50', currency: 'CHF' } }, { ...third, price: { amount: '990.00', currency: 'XYZ' } }] }),
    ],
    ['no price at all', ['o-0001'], async () => jsonResponse({ items: [{ ...first, price: undefined }] })],
    ['a weight typed as text', ['o-0001'], async () => jsonResponse({ items: [{ ...first, load: { goods: 'Teile', weightKg: 'ca. 1.200 kg', pallets: 3 } }] })],
    ['an invoice event with a link', ['o-0001'], async () => jsonResponse({ items: [{ ...first, status: 'invoice_created', events: [{ type: 'invoice', link: { url: 'https://app.lexware.de/permalink/invoices/view/1' } }] }] })],
  ];

  it.each(cases)('%s', async (_name, ids, answer) => {
    const [mine, code, myUrls, theirUrls] = await both(ids, answer);
    expect(comparable(mine)).toStrictEqual(comparable(code));
    expect(myUrls).toEqual(theirUrls);
  });

  it('the recipe reads the freight references as recipe fields (#16)', async () => {
    const answer = async () => jsonResponse({ items: [{ ...first, cmrNumber: 'CMR 0419-2026', vehicle: 'FR-SH 419', freightTerms: 'unfrei', exportReference: ' ' }] });
    const [[mine]] = await both(['o-0001'], answer);
    expect(mine).toMatchObject({ ok: true, order: { cmrNumber: 'CMR 0419-2026', vehicle: 'FR-SH 419', freightTerms: 'unfrei' } });
    expect(mine?.ok && mine.order.exportReference).toBeFalsy();
  });

  it('the saved answer reads to the expected orders', async () => {
    const [mine] = await both([...API_IDS], fakeTms());
    expect(comparable(mine)).toStrictEqual(API_IDS.map((id) => ({ ok: true, order: expectedOrder(id) })));
  });

  it('450 orders: the same batches of 200, and the same results', async () => {
    const base = apiFixture().items[0] as Record<string, unknown>;
    const items = Array.from({ length: 450 }, (_, i) => ({ ...base, id: `o-${String(i + 1).padStart(4, '0')}`, number: `A-${i + 1}` }));
    const [mine, code, myUrls, theirUrls] = await both(
      items.map((i) => i.id),
      fakeTms(items),
    );
    expect(myUrls).toHaveLength(3);
    expect(myUrls).toEqual(theirUrls);
    expect(comparable(mine)).toStrictEqual(comparable(code));
  });
});
