/**
 * The recipe engine on small hand-made pages of a German legacy TMS (a table list, a th/td
 * detail page, a JSON API per order): pages and kinds, rows and the three selection modes,
 * the sources of order.read, and every way a read fails as a named ReadProblem.
 */
import { describe, expect, it, vi } from 'vitest';
import type { OrderReadResult, ReadContext } from '../adapter';
import { SelectionTracker } from '../selection';
import { adapterFromRecipe } from './adapter';
import { validateRecipe, type Recipe } from './schema';
import { MAX_RESPONSE_CHARS } from './sources';
import { matchUrl } from './url-match';

const SITE = 'https://tms.altmann.example';

const LIST = `<!doctype html><html><head><title>Aufträge</title></head><body>
<header><span class="logo">Altmann TMS</span></header>
<table class="auftraege"><thead><tr><th></th><th>Auftrags-Nr.</th><th>Kunde</th><th>Frachtpreis</th><th>Status</th></tr></thead>
<tbody>
<tr><td><input type="checkbox" name="auswahl[]"></td><td><a href="/auftrag.php?id=101">AU-101</a></td><td>Nordlicht GmbH</td><td>1.250,00 €</td><td>Offen</td></tr>
<tr><td><input type="checkbox" name="auswahl[]"></td><td><a href="/auftrag.php?id=102">AU-102</a></td><td>Bayern AG</td><td>auf Anfrage</td><td>Geliefert</td></tr>
<tr><td></td><td>ohne Link</td><td>?</td><td></td><td></td></tr>
<tr class="summe"><td></td><td><a href="/auftrag.php?id=999">Summe</a></td><td></td><td>2.000,00 €</td><td></td></tr>
</tbody></table></body></html>`;

const DETAIL = (over: Partial<Record<string, string>> = {}) => `<!doctype html><html><body>
<header><span class="logo">Altmann TMS</span></header>
<main><div role="toolbar" aria-label="Aktionen"><button>Drucken</button></div>
<table class="kopf"><tbody>
<tr><th>Auftrags-Nr.</th><td>${over.number ?? 'AU-101'}</td></tr>
<tr><th>Kunde</th><td>${over.customer ?? 'Nordlicht GmbH'}</td></tr>
<tr><th>Kundennummer</th><td>10001</td></tr>
<tr><th>Status</th><td>${over.status ?? 'Geliefert'}</td></tr>
<tr><th>Frachtpreis</th><td>${over.price ?? '1.250,00 €'}</td></tr>
<tr><th>Gewicht</th><td>${over.weight ?? '12,4 t'}</td></tr>
</tbody></table>
<table class="stationen"><thead><tr><th>Art</th><th>Ort</th><th>Land</th><th>Datum</th></tr></thead><tbody>
<tr><td>Ladestelle</td><td>D-20457 Hamburg</td><td>D</td><td>${over.pickupDate ?? '10.11.2026'}</td></tr>
<tr><td>Entladestelle</td><td>A-1010 Wien</td><td>A</td><td>11.11.2026</td></tr>
</tbody></table>
${over.extra ?? ''}
</main></body></html>`;

/** A recipe being built in a test: plain JSON, checked by validateRecipe() before use. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test recipes are edited freely, then validated
type Raw = Record<string, any>;

const STATUS = { Offen: 'open', Geliefert: 'delivered', Storniert: 'cancelled' };

function makeRecipe(change: (r: Raw) => void = () => {}): Recipe {
  const raw: Raw = {
    format: 1,
    id: '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31',
    revision: 1,
    name: 'Altmann',
    sites: [SITE],
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
    list: {
      url: { path: '/auftraege', query: { seite: '*?' }, marker: { css: 'header .logo', parse: [{ regex: '^(Altmann TMS)$' }] } },
      row: { css: 'table.auftraege tbody > tr', skip: { css: '.summe' } },
      rowKey: { css: "a[href*='auftrag.php']", attr: 'href', parse: [{ urlParam: 'id' }] },
      selection: { mode: 'checkbox', control: { css: "input[name='auswahl[]']" } },
      summary: { number: { column: 'Auftrags-Nr.' }, customer: { column: 'Kunde' }, price: { column: 'Frachtpreis', parse: [{ money: {} }] }, status: { column: 'Status', parse: [{ map: { table: STATUS, other: 'keep' } }] } },
    },
    detail: { url: { path: '/auftrag.php', query: { id: ':id' }, marker: { css: 'header .logo' } }, container: { css: 'main' }, anchor: { role: 'toolbar', name: 'Aktionen', append: 'first' } },
    sources: { fetch: { api: { url: '/api/auftraege/{id}' } } },
    order: {
      read: ['fetch:api', 'list'],
      fields: {
        number: { json: '$.nr', html: { any: [{ label: 'Auftrags-Nr.' }, { column: 'Auftrags-Nr.' }] } },
        'customer.name': { json: '$.kunde.name', html: { any: [{ label: 'Kunde' }, { column: 'Kunde' }] } },
        'customer.customerNumber': { json: '$.kunde.nummer', html: { label: 'Kundennummer' } },
        status: { json: '$.status', html: { any: [{ label: 'Status' }, { column: 'Status' }] }, parse: [{ map: { table: STATUS, other: 'keep' } }] },
        price: { json: { amount: '$.preisCent', unit: 'minor', currency: '$.waehrung' }, html: { any: [{ label: 'Frachtpreis' }, { column: 'Frachtpreis' }] }, parse: [{ money: {} }] },
        'load.weightKg': { json: '$.gewichtKg', html: { label: 'Gewicht' }, parse: [{ weight: { to: 'kg' } }] },
        stops: {
          each: { json: '$.stationen[*]', html: { css: 'table.stationen tbody tr' } },
          fields: {
            type: { json: '$.art', html: { column: 'Art' }, parse: [{ map: { table: { Ladestelle: 'pickup', Entladestelle: 'delivery' }, other: 'problem' } }] },
            zip: { json: '$.plz', html: { column: 'Ort', parse: [{ zipCity: 'zip' }] } },
            city: { json: '$.ort', html: { column: 'Ort', parse: [{ zipCity: 'city' }] } },
            countryCode: { json: '$.land', html: { column: 'Land' }, parse: [{ country: { plates: true } }] },
            date: { json: '$.datum', html: { column: 'Datum' }, parse: [{ date: {} }] },
          },
        },
        invoiceLinks: { json: '$.belege[*].url', parse: [{ absoluteUrl: {} }] },
      },
    },
    customers: { key: ['customerNumber', 'name'] },
  };
  change(raw);
  const checked = validateRecipe(raw);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

const page = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const listUrl = new URL(`${SITE}/auftraege?seite=2`);
const detailUrl = (id = '101') => new URL(`${SITE}/auftrag.php?id=${id}`);
const problems = (r: OrderReadResult) => (r.ok ? [] : r.problems);

const apiOrder = (over: Record<string, unknown> = {}) => ({
  nr: 'AU-101',
  kunde: { name: 'Nordlicht GmbH', nummer: 10001 },
  status: 'Geliefert',
  preisCent: 125000,
  waehrung: 'EUR',
  gewichtKg: 12400,
  stationen: [
    { art: 'Ladestelle', plz: '20457', ort: 'Hamburg', land: 'DE', datum: '2026-11-10' },
    { art: 'Entladestelle', plz: '1010', ort: 'Wien', land: 'AT', datum: '2026-11-11T09:00:00+01:00' },
  ],
  belege: [{ url: '/belege/r-1.pdf' }],
  ...over,
});

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const context = (fetch: typeof globalThis.fetch, pageDoc?: Document, url?: URL): ReadContext => ({ origin: SITE, fetch, ...(pageDoc && url ? { page: { document: pageDoc, url } } : {}) });

describe('URL patterns', () => {
  it.each([
    ['/orders/:id', '/orders/o-1', { id: 'o-1' }],
    ['/orders/:id', '/orders/o%201/', { id: 'o 1' }],
    ['/orders/:id', '/orders/o-1/events', null],
    ['/orders/*', '/orders/o-1/events', {}],
    ['/orders', '/orders/', {}],
    ['/orders', '/order', null],
  ])('%s on %s', (path, pathname, expected) => expect(matchUrl({ path }, new URL(`${SITE}${pathname}`))).toEqual(expected));

  it('query rules: *? any or none, * present, :name captured, a literal equal', () => {
    const q = { seite: '*?', ansicht: 'liste', id: ':id', sort: '*' };
    expect(matchUrl({ path: '/a', query: q }, new URL(`${SITE}/a?ansicht=liste&id=7&sort=x`))).toEqual({ id: '7' });
    expect(matchUrl({ path: '/a', query: q }, new URL(`${SITE}/a?ansicht=karte&id=7&sort=x`))).toBeNull();
    expect(matchUrl({ path: '/a', query: q }, new URL(`${SITE}/a?ansicht=liste&id=7`))).toBeNull();
    expect(matchUrl({ path: '/a', query: q }, new URL(`${SITE}/a?ansicht=liste&id=&sort=x`))).toBeNull();
  });
});

describe('pages', () => {
  const adapter = adapterFromRecipe(makeRecipe());

  it('is named after the recipe', () => expect([adapter.id, adapter.name]).toEqual(['recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31', 'Altmann']));

  it('knows its list and detail pages by origin, path and marker', () => {
    expect(adapter.recognises(page(LIST), listUrl)).toBe(true);
    expect(adapter.pageKind(page(LIST), listUrl)).toBe('list');
    expect(adapter.pageKind(page(DETAIL()), detailUrl())).toBe('detail');
  });

  it('not on another origin, another path, or without the marker', () => {
    expect(adapter.recognises(page(LIST), new URL('https://other.example/auftraege'))).toBe(false);
    expect(adapter.pageKind(page(LIST), new URL(`${SITE}/kunden`))).toBeNull();
    expect(adapter.pageKind(page(LIST.replace('Altmann TMS', 'Other TMS')), listUrl)).toBeNull();
    expect(adapter.pageKind(page(DETAIL()), new URL(`${SITE}/auftrag.php`))).toBeNull();
  });

  it('reads the detail id from the URL, or from the key locator', () => {
    expect(adapter.detailOrderId(page(DETAIL()), detailUrl('101'))).toBe('101');
    const keyed = adapterFromRecipe(makeRecipe((r) => (r.detail.key = { label: 'Auftrags-Nr.' })));
    expect(keyed.detailOrderId(page(DETAIL()), detailUrl('101'))).toBe('AU-101');
  });

  it('finds the action anchor by role and name, and none when it is not unique', () => {
    const doc = page(DETAIL());
    expect(adapter.detailActionAnchor(doc)).toEqual({ element: doc.querySelector('[role=toolbar]'), append: 'first' });
    const twice = page(DETAIL({ extra: '<div role="toolbar" aria-label="Aktionen"></div>' }));
    expect(adapter.detailActionAnchor(twice)).toBeNull();
  });

  it('summarises the detail page', () => {
    expect(adapter.summariseDetail(page(DETAIL()), detailUrl())).toEqual({ id: '101', number: 'AU-101', customerName: 'Nordlicht GmbH', price: { minor: 125000, currency: 'EUR' }, status: 'delivered' });
    expect(adapter.summariseDetail(page(LIST), listUrl)).toBeNull();
  });
});

describe('rows and selection', () => {
  it('checkbox mode: rows with a key and the TMS checkbox; the totals row and keyless rows are skipped', () => {
    const adapter = adapterFromRecipe(makeRecipe());
    const doc = page(LIST);
    const rows = adapter.listRows(doc);
    expect(rows.map((r) => r.id)).toEqual(['101', '102']);
    expect(rows[0]!.checkbox).toBe(doc.querySelector("input[name='auswahl[]']"));
    expect(adapter.listContainer(doc)).toBe(doc.querySelector('table.auftraege'));
    expect(adapter.rowOf!(rows[1]!.checkbox)?.id).toBe('102');
    expect(adapter.rowOf!(doc.querySelector('header')!)).toBeNull();
  });

  it('summaries: an unreadable price is null, never a guess', () => {
    const adapter = adapterFromRecipe(makeRecipe());
    expect(adapter.listRows(page(LIST)).map((r) => adapter.summariseRow(r))).toEqual([
      { id: '101', number: 'AU-101', customerName: 'Nordlicht GmbH', price: { minor: 125000, currency: 'EUR' }, status: 'open' },
      { id: '102', number: 'AU-102', customerName: 'Bayern AG', price: null, status: 'delivered' },
    ]);
  });

  it('own mode: one extension checkbox per row, kept across calls, working with the SelectionTracker', () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.list.selection = { mode: 'own' })));
    const doc = page(LIST);
    const rows = adapter.listRows(doc);
    expect(rows.map((r) => r.id)).toEqual(['101', '102']);
    expect(rows[0]!.checkbox.hasAttribute('data-frachtbeleg-select')).toBe(true);
    expect(adapter.listRows(doc)[0]!.checkbox).toBe(rows[0]!.checkbox);
    expect(doc.querySelectorAll('input[data-frachtbeleg-select]')).toHaveLength(2);

    const tracker = new SelectionTracker(adapter, doc);
    rows[1]!.checkbox.checked = true;
    tracker.handleChange(rows[1]!.checkbox);
    expect(tracker.items.map((i) => i.id)).toEqual(['102']);
  });

  it('own mode: a recycled row (its key changed) loses the old order\'s tick', () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.list.selection = { mode: 'own' })));
    const doc = page(LIST);
    const [first] = adapter.listRows(doc);
    first!.checkbox.checked = true;
    first!.row.querySelector('a')!.setAttribute('href', '/auftrag.php?id=555');
    const again = adapter.listRows(doc)[0]!;
    expect(again.id).toBe('555');
    expect(again.checkbox).toBe(first!.checkbox);
    expect(again.checkbox.checked).toBe(false);
  });

  it('rowAttribute mode: the extension checkbox starts ticked on rows the TMS marks selected', () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.list.selection = { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } })));
    const doc = page(LIST);
    doc.querySelectorAll('tbody tr')[1]!.setAttribute('aria-selected', 'true');
    expect(adapter.listRows(doc).map((r) => [r.id, r.checkbox.checked])).toEqual([
      ['101', false],
      ['102', true],
    ]);
  });

  it('rowAttribute mode: follows the TMS marking and unmarking rows later, so the tracker sees each change', async () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.list.selection = { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } })));
    const doc = page(LIST);
    const tracker = new SelectionTracker(adapter, doc);
    doc.addEventListener('change', (event) => tracker.handleChange(event.target), true);
    adapter.listRows(doc);
    const [first, second] = doc.querySelectorAll('tbody tr');
    // The TMS's own click: it marks the row, the extension's box follows.
    second!.setAttribute('aria-selected', 'true');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tracker.items.map((i) => i.id)).toEqual(['102']);
    first!.setAttribute('aria-selected', 'true');
    // Unmarked by taking the attribute away, as many grids do.
    second!.removeAttribute('aria-selected');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(tracker.items.map((i) => i.id)).toEqual(['101']);
    expect(adapter.listRows(doc).map((r) => [r.id, r.checkbox.checked])).toEqual([
      ['101', true],
      ['102', false],
    ]);
  });
});

describe('readDetail: a whole order from the page', () => {
  const adapter = adapterFromRecipe(makeRecipe());

  it('reads labels, columns, German formats and vehicle codes into an Order', () => {
    const result = adapter.readDetail(page(DETAIL()), detailUrl());
    expect(result).toEqual({
      ok: true,
      order: {
        id: '101',
        number: 'AU-101',
        customer: { id: '10001', name: 'Nordlicht GmbH', customerNumber: '10001' },
        status: 'delivered',
        price: { minor: 125000, currency: 'EUR' },
        stops: [
          { type: 'pickup', zip: '20457', city: 'Hamburg', countryCode: 'DE', date: '2026-11-10' },
          { type: 'delivery', zip: '1010', city: 'Wien', countryCode: 'AT', date: '2026-11-11' },
        ],
        load: { weightKg: 12400 },
        source: { origin: SITE, adapter: 'recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31' },
      },
    });
  });

  it.each([
    ['no price', { price: '' }, [{ code: 'price-missing' }]],
    ['a price it cannot read', { price: 'auf Anfrage' }, [{ code: 'price-unreadable' }]],
    ['a currency nobody knows', { price: '1.250,00 XYZ' }, [{ code: 'currency-unknown' }]],
    ['a date that is no date', { pickupDate: '31.02.2026' }, [{ code: 'date-invalid', field: 'stopDate' }]],
    ['a status the map does not know', { status: 'Archiviert' }, [{ code: 'field-invalid', field: 'status' }]],
    ['a weight that is no weight', { weight: 'schwer' }, [{ code: 'field-invalid', field: 'weight' }]],
    ['no customer name', { customer: '' }, [{ code: 'field-missing', field: 'customerName' }]],
    ['two values where one is expected', { extra: '<table><tr><th>Kunde</th><td>Zweite GmbH</td></tr></table>' }, [{ code: 'field-invalid', field: 'customerName' }, { code: 'field-missing', field: 'customerName' }]],
  ])('%s → %j', (_name, over, expected) => {
    expect(problems(adapter.readDetail(page(DETAIL(over)), detailUrl()))).toEqual(expected);
  });

  it('an interpreted weight is flagged for the preview', () => {
    const result = adapter.readDetail(page(DETAIL({ weight: 'ca. 1.200 kg' })), detailUrl());
    expect(result.ok && result.order.interpreted).toEqual(['weight']);
  });

  it('a stop type the map refuses is named as the stop type', () => {
    const doc = page(DETAIL());
    doc.querySelector('table.stationen tbody td')!.textContent = 'Zwischenstopp';
    expect(problems(adapter.readDetail(doc, detailUrl()))).toEqual([
      { code: 'field-invalid', field: 'stopType' },
      { code: 'field-missing', field: 'stopType' },
    ]);
  });

  it('no stops at all', () => {
    const doc = page(DETAIL());
    doc.querySelector('table.stationen tbody')!.replaceChildren();
    expect(problems(adapter.readDetail(doc, detailUrl()))).toEqual([{ code: 'stops-missing' }, { code: 'delivery-missing' }]);
  });

  it('a container that is not there: order-not-found', () => {
    expect(problems(adapter.readDetail(page('<p>leer</p>'), detailUrl()))).toEqual([{ code: 'order-not-found' }]);
  });
});

describe('readOrders: the sources of order.read, in their order', () => {
  it('fetch:<id> per order: GET on the page origin with the session, JSON money in minor units, ISO instants as the Berlin day', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json(apiOrder()));
    const [result] = await adapterFromRecipe(makeRecipe()).readOrders(['101'], context(fetch));
    expect(String(fetch.mock.calls[0]![0])).toBe(`${SITE}/api/auftraege/101`);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ credentials: 'same-origin' });
    expect(result).toMatchObject({
      ok: true,
      order: {
        customer: { id: '10001', name: 'Nordlicht GmbH', customerNumber: '10001' },
        price: { minor: 125000, currency: 'EUR' },
        stops: [{ date: '2026-11-10' }, { date: '2026-11-11' }],
        invoiceLinks: [`${SITE}/belege/r-1.pdf`],
      },
    });
  });

  it.each([
    ['401', () => json({}, 401), [{ code: 'session-expired' }]],
    ['403', () => json({}, 403), [{ code: 'session-expired' }]],
    ['404', () => json({}, 404), [{ code: 'order-not-found' }]],
    ['500', () => json({}, 500), [{ code: 'tms-unreachable' }]],
    ['not JSON', () => new Response('{oops', { status: 200, headers: { 'content-type': 'application/json' } }), [{ code: 'field-invalid', field: 'response' }]],
    ['a JSON string', () => json('AU-101'), [{ code: 'field-invalid', field: 'response' }]],
    ['too large', () => new Response('x', { headers: { 'content-length': String(MAX_RESPONSE_CHARS + 1) } }), [{ code: 'field-invalid', field: 'response' }]],
  ])('without a page (no list source): %s', async (_name, answer, expected) => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => answer());
    const [result] = await adapterFromRecipe(makeRecipe()).readOrders(['101'], context(fetch));
    // The list source can't run without the page: it is named too.
    expect(problems(result!)).toEqual([...expected, { code: 'source-unavailable', field: 'source' }]);
  });

  it('the network fails', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    const [result] = await adapterFromRecipe(makeRecipe((r) => (r.order.read = ['fetch:api']))).readOrders(['101'], context(fetch));
    expect(problems(result!)).toEqual([{ code: 'tms-unreachable' }]);
  });

  it.each([
    ['an amount in minor units that is not whole', { preisCent: 1250.5 }, [{ code: 'price-unreadable' }]],
    ['an unknown currency', { waehrung: 'EURO' }, [{ code: 'currency-unknown' }]],
    ['no amount', { preisCent: null }, [{ code: 'price-missing' }]],
    ['an object where text is expected', { nr: { text: 'AU-101' } }, [{ code: 'field-invalid', field: 'orderNumber' }, { code: 'field-missing', field: 'orderNumber' }]],
    ['a country nobody knows', { stationen: [{ art: 'Entladestelle', ort: 'Wien', land: 'Atlantis', datum: '2026-11-11' }] }, [{ code: 'field-invalid', field: 'stopAddress' }, { code: 'field-missing', field: 'stopAddress' }]],
    ['an invoice link that is no http(s) link', { belege: [{ url: 'javascript:alert(1)' }] }, [{ code: 'field-invalid', field: 'invoiceLinks' }]],
  ])('a JSON order with %s', async (_name, over, expected) => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json(apiOrder(over)));
    const [result] = await adapterFromRecipe(makeRecipe((r) => (r.order.read = ['fetch:api']))).readOrders(['101'], context(fetch));
    expect(problems(result!)).toEqual(expected);
  });

  it('per field, the first source that has it wins: the API, then the row on the page', async () => {
    const doc = page(LIST);
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json(apiOrder({ kunde: { nummer: 10001 }, preisCent: undefined })));
    const [result] = await adapterFromRecipe(makeRecipe()).readOrders(['101'], context(fetch, doc, listUrl));
    expect(result).toMatchObject({ ok: true, order: { customer: { name: 'Nordlicht GmbH' }, price: { minor: 125000, currency: 'EUR' } } });
  });

  it('the list alone (no API) gives what the row has, and names what it lacks', async () => {
    const doc = page(LIST);
    const fetch = vi.fn<typeof globalThis.fetch>();
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.order.read = ['list'])));
    const [onPage, offPage] = await adapter.readOrders(['101', '777'], context(fetch, doc, listUrl));
    expect(fetch).not.toHaveBeenCalled();
    expect(onPage).toMatchObject({ ok: false, id: '101', number: 'AU-101', problems: [{ code: 'stops-missing' }, { code: 'delivery-missing' }] });
    expect(offPage).toEqual({ ok: false, id: '777', problems: [{ code: 'order-not-found' }] });
  });

  it('detail: the order the open detail page shows', async () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => (r.order.read = ['detail'])));
    const [shown, other] = await adapter.readOrders(['101', '102'], context(vi.fn(), page(DETAIL()), detailUrl('101')));
    expect(shown!.ok).toBe(true);
    expect(other).toEqual({ ok: false, id: '102', problems: [{ code: 'order-not-found' }] });
  });

  it('a fetched HTML page is read like the detail page (a TMS without JSON API)', async () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => ((r.sources.fetch.api = { url: '/auftrag.php?id={id}' }), (r.order.read = ['fetch:api']))));
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(DETAIL(), { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    const [result] = await adapter.readOrders(['101'], context(fetch));
    expect(result).toEqual(adapter.readDetail(page(DETAIL()), detailUrl('101')));
  });

  it('a batch URL ({ids}) asks once per batch and matches items by key', async () => {
    const adapter = adapterFromRecipe(makeRecipe((r) => ((r.sources.fetch.api = { url: '/api/auftraege?ids={ids}', items: '$.daten[*]', key: '$.id', batch: 2 }), (r.order.read = ['fetch:api']))));
    const fetch = vi.fn<typeof globalThis.fetch>(async (input) => {
      const ids = new URL(String(input)).searchParams.get('ids')!.split(',');
      return json({ daten: ids.filter((id) => id !== '103').map((id) => ({ ...apiOrder(), id: Number(id) })) });
    });
    const results = await adapter.readOrders(['101', '102', '103'], context(fetch));
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(results.map((r) => (r.ok ? r.order.id : problems(r)))).toEqual(['101', '102', [{ code: 'order-not-found' }]]);
  });

  it('a capture source is not available yet: named, and the next source is used', async () => {
    const adapter = adapterFromRecipe(
      makeRecipe((r) => {
        r.sources.capture = [{ id: 'grid', url: '/api/*', items: '$.items[*]', key: '$.id' }];
        r.order.read = ['capture:grid', 'fetch:api'];
      }),
    );
    const [read] = await adapter.readOrders(['101'], context(vi.fn<typeof globalThis.fetch>(async () => json(apiOrder()))));
    expect(read!.ok).toBe(true);
    const [failed] = await adapter.readOrders(['101'], context(vi.fn<typeof globalThis.fetch>(async () => json({}, 404))));
    expect(problems(failed!)).toEqual([{ code: 'source-unavailable', field: 'source' }, { code: 'order-not-found' }]);
  });
});

describe('the schema keeps recipes the engine can run', () => {
  it.each([
    ['an undeclared fetch source', (r: Raw) => (r.order.read = ['fetch:nowhere']), /every source must be declared/],
    ['a batch URL without items and key', (r: Raw) => (r.sources.fetch.api = { url: '/api?ids={ids}' }), /batch URL/],
    ['a write-back placeholder in a fetch URL', (r: Raw) => (r.sources.fetch.api = { url: '/api/{invoiceNumber}' }), /only use \{id\} or \{ids\}/],
    ['a checkbox selection without its control', (r: Raw) => (r.list.selection = { mode: 'checkbox' }), /checkbox needs the control/],
    ['four markers', (r: Raw) => (r.list.url.marker = Array.from({ length: 4 }, () => ({ css: 'header' }))), /at most 3/],
  ])('%s is refused', (_name, change, message) => {
    expect(() => makeRecipe(change)).toThrow(message);
  });
});

describe('a detail drawer without a URL of its own', () => {
  const adapter = adapterFromRecipe(
    makeRecipe((r) => {
      r.detail = { container: { css: '[role=dialog]' }, key: { label: 'Auftrags-Nr.' } };
      r.order.read = ['detail'];
    }),
  );

  it('is a detail view only while the drawer is open, keyed by the key locator', () => {
    const closed = page(LIST);
    expect(adapter.pageKind(closed, new URL(`${SITE}/irgendwo`))).toBeNull();
    const open = page(DETAIL().replace('<main>', '<main role="dialog">'));
    expect(adapter.pageKind(open, new URL(`${SITE}/irgendwo`))).toBe('detail');
    expect(adapter.detailOrderId(open, new URL(`${SITE}/irgendwo`))).toBe('AU-101');
  });
});
