/**
 * The builder's steps played on saved pages of the Legacy sandbox TMS, the way the builder
 * panel plays them on the live page: one click per field, proposals taken as offered, the
 * recipe made by recipeFromDraft. What it makes must read the pages' orders (stops, address,
 * money in PLN) and keep reading them on the mutated pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterFromRecipe } from '../adapter';
import { lineText } from '../locate';
import { applySteps } from '../parse-steps';
import { proposeRows } from './rows';
import { proposeLocators, proposeRowKeys, withFallbacks } from './locators';
import { detectSelection, inferLocale } from './suggest';
import { detailPathFrom, guessStatus, lineRoles, proposeAddress, proposeStops, stopTypeOf } from './detail';
import { newDraft, recipeFromDraft, type BuilderDraft } from './draft';

const ORIGIN = 'http://127.0.0.1:4413';
const page = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), 'text/html');
const cell = (doc: ParentNode, text: string) => [...doc.querySelectorAll('td')].find((td) => td.textContent?.trim() === text)!;
const pick = (root: Element | Document, clicked: Element) => withFallbacks(proposeLocators(root, clicked))!;

function teach(): BuilderDraft {
  const list = page('legacy-list.html');
  const draft = newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann');
  const rows = proposeRows(cell(list, '7.473,00 PLN'))!;
  const key = proposeRowKeys(rows.rows)[0]!;
  Object.assign(draft, { listPath: '/auftraege', rowCss: rows.css, rowKey: key.locator, keys: key.keys, selection: detectSelection(rows.rows) });
  draft.summary = {
    number: pick(rows.row, rows.row.querySelector('a')!),
    customer: pick(rows.row, cell(rows.row, 'Allgäu Spedition Sp. z o.o.')),
    price: pick(rows.row, cell(rows.row, '7.473,00 PLN')),
    status: pick(rows.row, cell(rows.row, 'Disponiert')),
  };
  const words = [...new Set(rows.rows.map((r) => r.querySelector('.sp-status')!.textContent!.trim()))];
  draft.statusMap = Object.fromEntries(words.map((w) => [w, guessStatus(w)!]));
  draft.locale = inferLocale(rows.rows.map((r) => r.querySelector('.sp-betrag')!.textContent!));

  const detail = page('legacy-detail.html');
  const where = detailPathFrom(new URL(`${ORIGIN}/auftraege/o-0289`), draft.keys)!;
  draft.detail = { path: where.path, fetch: where.fetch };
  const at = (text: string) => cell(detail, text);
  const field = (text: string, parse?: unknown[]) => ({ html: pick(detail, at(text)), ...(parse ? { parse } : {}) });
  const address = [...detail.querySelectorAll('td')].find((td) => td.textContent?.startsWith('ul. Kwidzy'))!;
  const stop = [...detail.querySelectorAll('td')].find((td) => td.textContent?.startsWith('Centrum Logistyczne'))!;
  draft.fields = {
    number: field('A-2026-0289'),
    'customer.name': field('Allgäu Spedition Sp. z o.o.'),
    'customer.customerNumber': field('10011'),
    'customer.vatId': field('PL5891777027', [{ vatId: {} }]),
    'customer.email': field('faktury@allgaeu-spedition.example'),
    ...proposeAddress(pick(detail, address), lineText(address)),
    customerReference: field('Auftrag 83449'),
    status: field('Disponiert'),
    price: field('7.473,00 PLN', [{ money: {} }]),
    stops: proposeStops(detail, stop)!.stops,
    'load.goods': field('Flachglas'),
    'load.weightKg': field('18,2 t', [{ weight: { to: 'kg' } }]),
    'load.loadingMeters': field('13,6 LDM', [{ loadingMeters: {} }]),
  };
  return draft;
}

describe('detail proposals', () => {
  it('finds the order in the detail URL by a key seen on the list', () => {
    expect(detailPathFrom(new URL(`${ORIGIN}/auftraege/o-0289?mutate=7`), ['o-0289'])).toEqual({ path: '/auftraege/:id', fetch: '/auftraege/{id}', id: 'o-0289' });
    expect(detailPathFrom(new URL(`${ORIGIN}/auftraege`), ['o-0289'])).toBeNull();
  });

  it('tells the parts of a stop and of an address apart', () => {
    expect(lineRoles(['Centrum Logistyczne Poznań', 'ul. Głogowska 432', 'PL-60-004 Poznań', 'Sa, 28.11.2026'])).toEqual(['name', 'street', 'zipCity', 'date']);
    expect(lineRoles(['ul. Kwidzyńska 6', 'PL-51-416 Wrocław'])).toEqual(['street', 'zipCity']);
  });

  it('reads a clicked address as street, zip, city and country', () => {
    const address = proposeAddress({ label: 'Rechnungsanschrift' }, 'ul. Kwidzyńska 6\nPL-51-416 Wrocław');
    const read = (f: keyof typeof address) => applySteps('ul. Kwidzyńska 6\nPL-51-416 Wrocław', address[f]!.parse as never, inferLocale([]));
    expect([read('customer.street'), read('customer.zip'), read('customer.city'), read('customer.countryCode')].map((r) => r.ok && r.value)).toEqual(['ul. Kwidzyńska 6', '51-416', 'Wrocław', 'PL']);
  });

  it('one click on a stop finds all stops of the page and their kinds from the labels', () => {
    const detail = page('legacy-detail.html');
    const stop = [...detail.querySelectorAll('td')].find((td) => td.textContent?.startsWith('Centrum Logistyczne'))!;
    const proposal = proposeStops(detail, stop)!;
    expect(proposal.count).toBe(3);
    expect(proposal.labels).toEqual([{ label: 'Abholung', type: 'pickup' }, { label: 'Zustellung', type: 'delivery' }]);
  });

  it('guesses stop kinds and statuses from common TMS words, and says when it can\'t', () => {
    expect(['Beladestelle', 'Entladestelle', 'Pickup', 'Delivery', 'Via'].map(stopTypeOf)).toEqual(['pickup', 'delivery', 'pickup', 'delivery', null]);
    expect(['Offen', 'Disponiert', 'Unterwegs', 'Zugestellt', 'Berechnet', 'Bezahlt', 'Storniert', 'Xyz'].map(guessStatus)).toEqual(['open', 'planned', 'in_transit', 'delivered', 'invoice_created', 'paid', 'cancelled', null]);
  });
});

describe('the recipe the builder makes', () => {
  it('says what is still missing instead of making half a recipe', () => {
    const result = recipeFromDraft(newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['list.row', 'list.rowKey', 'detail', 'order.fields.price', 'order.fields.stops']));
  });

  it('reads the whole order from the detail page, stops and address included', () => {
    const made = recipeFromDraft(teach());
    expect(made.ok ? [] : made.issues).toEqual([]);
    if (!made.ok) return;
    const adapter = adapterFromRecipe(made.recipe);
    const url = new URL(`${ORIGIN}/auftraege/o-0289`);
    const doc = page('legacy-detail.html');
    expect(adapter.pageKind(doc, url)).toBe('detail');
    const result = adapter.readDetail(doc, url);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.order).toMatchObject({
      id: 'o-0289',
      number: 'A-2026-0289',
      status: 'planned',
      price: { minor: 747300, currency: 'PLN' },
      customer: { name: 'Allgäu Spedition Sp. z o.o.', customerNumber: '10011', vatId: 'PL5891777027', billingAddress: { street: 'ul. Kwidzyńska 6', zip: '51-416', city: 'Wrocław', countryCode: 'PL' } },
      load: { goods: 'Flachglas', weightKg: 18200, loadingMeters: '13.6' },
    });
    expect(result.order.stops.map((s) => [s.type, s.city, s.countryCode, s.date])).toEqual([
      ['pickup', 'Poznań', 'PL', '2026-11-28'],
      ['pickup', 'Łódź', 'PL', '2026-11-29'],
      ['delivery', 'Augsburg', 'DE', '2026-12-01'],
    ]);
  });

  it('reads the list\'s rows with their statuses mapped', () => {
    const made = recipeFromDraft(teach());
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    const adapter = adapterFromRecipe(made.recipe);
    const doc = page('legacy-list.html');
    const rows = adapter.listRows(doc);
    expect(rows).toHaveLength(25);
    const first = adapter.summariseRow(rows[0]!);
    expect(first).toMatchObject({ id: 'o-0289', number: 'A-2026-0289', customerName: 'Allgäu Spedition Sp. z o.o.', status: 'planned', price: { minor: 747300, currency: 'PLN' } });
  });

  it('keeps reading the same orders on the mutated detail pages, or names what it misses', () => {
    const made = recipeFromDraft(teach());
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    const adapter = adapterFromRecipe(made.recipe);
    const url = new URL(`${ORIGIN}/auftraege/o-0289`);
    // The mutation shuffles the detail rows, stops included: the same stops, in the page's new order.
    const byDate = (result: ReturnType<typeof adapter.readDetail>) => (result.ok ? { ...result.order, stops: [...result.order.stops].sort((a, b) => `${a.date}${a.city}`.localeCompare(`${b.date}${b.city}`)) } : null);
    const plain = byDate(adapter.readDetail(page('legacy-detail.html'), url));
    for (const seed of [1, 2, 3, 4, 5, 7]) {
      const mutated = adapter.readDetail(page(`legacy-detail-m${seed}.html`), url);
      if (mutated.ok) expect(byDate(mutated), `seed ${seed}`).toEqual(plain);
      else expect(mutated.problems.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
