/**
 * The builder's steps played on saved pages of the Frames sandbox TMS ("Kombi"): the list in
 * the top document, the detail page taught inside the frame the order link opens. Addresses
 * and places are written on one line with commas, stops are terms of a description list with
 * their dates in terms of their own. What the builder makes must read the orders where each
 * row links to, like the hand-written test recipe does.
 */
import { describe, expect, it, vi } from 'vitest';
import { adapterFromRecipe } from '../adapter';
import { lineText, locate, locateElements } from '../locate';
import { applySteps } from '../parse-steps';
import { FRAMES_DETAIL_ORIGIN, FRAMES_SITE, framesPage, framesPageText } from '../testing/frames-recipe';
import { proposeRows } from './rows';
import { proposeLocators, proposeRowKeys, proposeRowLink, withFallbacks } from './locators';
import { detectSelection, inferLocale } from './suggest';
import { detailPathFrom, guessStatus, proposeAddress, proposeStops, valueParts } from './detail';
import { newDraft, recipeFromDraft, type BuilderDraft } from './draft';

const LIST = new URL(`${FRAMES_SITE}/kombi?ansicht=gleich`);
const DETAIL: Record<string, string> = { 'o-0058': 'frames-detail-1.html', 'o-0060': 'frames-detail-2.html', 'o-0059': 'frames-detail-3.html' };
const dd = (doc: Document, label: string) => [...doc.querySelectorAll('dt')].find((dt) => dt.textContent === label)!.nextElementSibling!;
const pick = (root: Element | Document, clicked: Element) => withFallbacks(proposeLocators(root, clicked))!;
const LOCALE = inferLocale(['809,15 €']);

/** What a user teaches: rows, key and columns on the list; the fields of order o-0058 inside the frame. */
function teach(inFrame: boolean): BuilderDraft {
  const list = framesPage('frames-list-gleich.html');
  const draft = newDraft(FRAMES_SITE, '2b7e4c1a-9d3f-4e6a-8b5c-1f0e2d3c4b5a', 'Kombi');
  const price = [...list.querySelectorAll('td')].find((td) => td.textContent === '809,15 €')!;
  const rows = proposeRows(price)!;
  const key = proposeRowKeys(rows.rows)[0]!;
  Object.assign(draft, { listPath: LIST.pathname, rowCss: rows.css, rowKey: key.locator, keys: key.keys, selection: detectSelection(rows.rows) });
  const link = proposeRowLink(rows.rows, key.locator);
  if (link) draft.link = link;
  const cells = rows.row.children;
  draft.summary = { number: pick(rows.row, cells[0]!.querySelector('a')!), customer: pick(rows.row, cells[1]!), price: pick(rows.row, cells[5]!), status: pick(rows.row, cells[6]!) };
  draft.statusMap = Object.fromEntries(['Offen', 'Disponiert', 'Storniert', 'Zugestellt', 'Unterwegs', 'Berechnet', 'Bezahlt'].map((w) => [w, guessStatus(w)!]));
  draft.locale = LOCALE;

  const detail = framesPage('frames-detail-1.html');
  const where = detailPathFrom(new URL(`${FRAMES_SITE}/rahmen/auftrag/o-0058?sig=QU5jMveDIb9L4ton0x16w3`), draft.keys)!;
  draft.detail = { path: where.path, fetch: where.fetch, anchor: { css: 'h1', append: 'after' }, ...(inFrame ? { frame: true } : {}) };
  const field = (label: string, parse?: unknown[]) => ({ html: pick(detail, dd(detail, label)), ...(parse ? { parse } : {}) });
  draft.fields = {
    number: field('Auftragsnummer'),
    'customer.name': field('Auftraggeber'),
    'customer.customerNumber': field('Kundennummer'),
    'customer.vatId': field('USt-IdNr.', [{ vatId: {} }]),
    ...proposeAddress(pick(detail, dd(detail, 'Rechnungsanschrift')), lineText(dd(detail, 'Rechnungsanschrift'))),
    customerReference: field('Referenz'),
    status: field('Status'),
    price: field('Frachtbetrag', [{ money: {} }]),
    stops: proposeStops(detail, dd(detail, 'Ladestelle'))!.stops,
    'load.goods': field('Ware'),
    'load.weightKg': field('Gewicht', [{ weight: { to: 'kg' } }]),
    'load.loadingMeters': field('Lademeter', [{ loadingMeters: {} }]),
  };
  return draft;
}

/** The Frames TMS serving its saved detail pages where the rows' signed links point. */
function tms() {
  return vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const file = DETAIL[/^\/rahmen\/auftrag\/([^/]+)$/.exec(url.pathname)?.[1] ?? ''];
    if (!file || !url.searchParams.get('sig')) return new Response('Fehler', { status: 403, headers: { 'content-type': 'text/html' } });
    return new Response(framesPageText(file), { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
}

describe('values written on one line with commas', () => {
  it('splits an address by its commas when it has one line', () => {
    expect(valueParts('Heilbronner Straße 345, DE-70469 Stuttgart')).toEqual({ parts: ['Heilbronner Straße 345', 'DE-70469 Stuttgart'], by: 'comma' });
    expect(valueParts('ul. Kwidzyńska 6\nPL-51-416 Wrocław').by).toBe('line');
    expect(valueParts('Donau Spedition AG')).toEqual({ parts: ['Donau Spedition AG'], by: 'line' });
  });

  it('reads a clicked one-line address as street, zip, city and country', () => {
    const text = 'Heilbronner Straße 345, DE-70469 Stuttgart';
    const address = proposeAddress({ label: 'Rechnungsanschrift' }, text);
    const read = (f: keyof typeof address) => applySteps(text, address[f]!.parse as never, LOCALE);
    expect((['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode'] as const).map((f) => { const r = read(f); return r.ok && r.value; })).toEqual(['Heilbronner Straße 345', '70469', 'Stuttgart', 'DE']);
  });

  it('one click on a place in a description list finds both stops, their kinds and their dates', () => {
    const detail = framesPage('frames-detail-1.html');
    const proposal = proposeStops(detail, dd(detail, 'Ladestelle'))!;
    expect(proposal.labels).toEqual([{ label: 'Ladestelle', type: 'pickup' }, { label: 'Entladestelle', type: 'delivery' }]);
    expect(proposal.count).toBe(2);
    expect(proposal.stops.fields.date).toEqual({ html: { label: ['Ladedatum', 'Liefertermin'], parse: [{ date: {} }] } });
    // The billing address is no stop: it has no name before its street.
    expect(proposeStops(detail, dd(detail, 'Rechnungsanschrift'))).toBeNull();
  });
});

describe('roles a page gives without saying so', () => {
  it('finds <section aria-label> as the region of that name, as getByRole does', () => {
    const detail = framesPage('frames-detail-1.html');
    const [actions] = locateElements(detail, { role: 'region', name: 'Aktionen' });
    expect(actions?.tagName).toBe('SECTION');
    expect(locateElements(detail, { role: 'heading', name: 'Auftrag A-2026-0058' })).toHaveLength(1);
    expect(locate(detail, { role: 'button', name: 'Speichern' })).toMatchObject({ ok: true, value: 'Speichern' });
    // An unnamed section is no region.
    const plain = new DOMParser().parseFromString('<section><p>x</p></section><div role="region" aria-label="Liste">y</div>', 'text/html');
    expect(locateElements(plain, { role: 'region' }).map((el) => el.tagName)).toEqual(['DIV']);
  });
});

describe('the recipe the builder makes for a detail taught inside a frame', () => {
  it('follows each row’s own link into the frame’s detail page', () => {
    const made = recipeFromDraft(teach(true));
    expect(made.ok ? [] : made.issues).toEqual([]);
    if (!made.ok) return;
    expect(made.recipe.detail).toMatchObject({ view: 'iframe', url: { path: '/rahmen/auftrag/:id' } });
    expect(made.recipe.list?.link).toEqual({ css: 'a[href*="/rahmen/"]', attr: 'href' });
    expect(made.recipe.order.read).toEqual(['detail', 'link']);
    expect(made.recipe.sources?.fetch).toBeUndefined();
  });

  it('a detail page taught in the tab itself is read by the URL its key makes, as before', () => {
    const made = recipeFromDraft(teach(false));
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    expect(made.recipe.detail?.view).toBe('page');
    expect(made.recipe.list?.link).toBeUndefined();
    expect(made.recipe.order.read).toEqual(['detail', 'fetch:detail']);
  });

  it('names the frame’s second origin, when the detail page was taught there, so the user grants it with the site', () => {
    const draft = teach(true);
    draft.detail = { ...draft.detail!, origin: FRAMES_DETAIL_ORIGIN };
    const made = recipeFromDraft(draft);
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    expect(made.recipe.extraOrigins).toEqual([FRAMES_DETAIL_ORIGIN]);
    expect(made.recipe.sites).toEqual([FRAMES_SITE]);
    expect((recipeFromDraft(teach(true)) as { recipe: { extraOrigins: string[] } }).recipe.extraOrigins).toEqual([]);
  });

  it('says so when the rows have no link to follow', () => {
    const draft = teach(true);
    delete draft.link;
    const made = recipeFromDraft(draft);
    expect(!made.ok && made.issues.map((i) => i.path)).toEqual(['list.link']);
  });

  it('reads selected orders whole from the pages their rows link to, and the detail page in the frame', async () => {
    const made = recipeFromDraft(teach(true));
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    const adapter = adapterFromRecipe(made.recipe);
    const list = framesPage('frames-list-gleich.html');
    expect(adapter.summariseRow(adapter.listRows(list)[0]!)).toMatchObject({ id: 'o-0058', number: 'A-2026-0058', customerName: 'Donau Spedition AG', status: 'open', price: { minor: 80915, currency: 'EUR' } });
    const fetch = tms();
    const results = await adapter.readOrders(['o-0058', 'o-0060', 'o-0059'], { origin: FRAMES_SITE, fetch: fetch as unknown as typeof globalThis.fetch, page: { document: list, url: LIST } });
    expect(results.map((r) => (r.ok ? [] : r.problems))).toEqual([[], [], []]);
    expect(results[0]).toMatchObject({
      ok: true,
      order: {
        id: 'o-0058', number: 'A-2026-0058', status: 'open', customerReference: 'Auftrag 93004', price: { minor: 80915, currency: 'EUR' },
        customer: { name: 'Donau Spedition AG', customerNumber: '10001', vatId: 'DE309519402', billingAddress: { street: 'Heilbronner Straße 345', zip: '70469', city: 'Stuttgart', countryCode: 'DE' } },
        load: { goods: 'Frischfisch (0–2 °C)', weightKg: 4000, loadingMeters: '5.1' },
      },
    });
    // Other orders' places have fewer parts: street and place are counted from the end.
    const stops = results.map((r) => (r.ok ? r.order.stops.map((s) => [s.type, s.name, s.street, s.zip, s.city, s.countryCode, s.date]) : []));
    expect(stops[0]).toEqual([
      ['pickup', 'Hafen Ruhrort', 'Hafenstraße 24', '47119', 'Duisburg', 'DE', '2026-11-28'],
      ['delivery', 'Werk Feuerbach', 'Heilbronner Straße 345', '70469', 'Stuttgart', 'DE', '2026-11-30'],
    ]);
    expect(stops[2]).toEqual([
      ['pickup', 'Bayernhafen Regensburg', 'Linzer Straße 6', '93055', 'Regensburg', 'DE', expect.stringMatching(/^2026-11-\d\d$/)],
      ['delivery', 'Logistikpark Spandau', 'Am Juliusturm 26', '13599', 'Berlin', 'DE', '2026-11-29'],
    ]);
    const url = new URL(`${FRAMES_SITE}/rahmen/auftrag/o-0058?sig=QU5jMveDIb9L4ton0x16w3`);
    expect(adapter.pageKind(framesPage('frames-detail-1.html'), url)).toBe('detail');
    expect(adapter.readDetail(framesPage('frames-detail-1.html'), url)).toMatchObject({ ok: true, order: { id: 'o-0058' } });
  });
});
