/**
 * Health of a Legacy list recipe made from the builder's proposals (one click per summary
 * field on the plain page), on the plain page, on a mutated page where CSS-only locators
 * would break, and on a page where the rows are gone.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import demo from '../demo/demo.recipe.json';
import { detailHealth, listHealth, weakDetailFields, weakFields, withCapture } from './health';
import { validateRecipe, type Locator, type Recipe } from './schema';
import { proposeRows } from './builder/rows';
import { proposeLocators, proposeRowKeys, withFallbacks } from './builder/locators';

const SITE = 'http://127.0.0.1:4413';
const LIST_URL = new URL(`${SITE}/auftraege`);
const page = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(__dirname, 'builder', 'fixtures', name), 'utf8'), 'text/html');
const cell = (root: ParentNode, text: string) => [...root.querySelectorAll('td')].find((td) => td.textContent?.trim() === text)!;

/** A Legacy list recipe from the builder's proposals; `pick` chooses which candidates a field keeps. */
function legacyRecipe(pick: 'ranked' | 'css-only' = 'ranked'): Recipe {
  const doc = page('legacy-list.html');
  const { row, css } = proposeRows(cell(doc, '7.473,00 PLN'))!;
  const field = (text: string): Locator => {
    const candidates = proposeLocators(row, cell(row, text));
    return pick === 'css-only' ? candidates.find((c) => c.kind === 'css')!.locator : withFallbacks(candidates)!;
  };
  const checked = validateRecipe({
    ...demo,
    name: 'Altmann (builder)',
    sites: [SITE],
    list: {
      url: { path: '/auftraege' },
      row: { css },
      rowKey: proposeRowKeys([...doc.querySelectorAll(css)])[0]!.locator,
      selection: { mode: 'checkbox', control: { css: 'input[type="checkbox"]' } },
      summary: { number: field('A-2026-0289'), customer: field('Allgäu Spedition Sp. z o.o.'), price: field('7.473,00 PLN'), status: field('Disponiert') },
    },
    detail: undefined,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

describe('recipe health on a list page', () => {
  it('is ok where every row has its key and every summary field', () => {
    expect(listHealth(legacyRecipe(), page('legacy-list.html'), LIST_URL)).toEqual({
      rows: 25,
      keyed: 25,
      fields: [
        { field: 'number', found: 25, fallback: 0 },
        { field: 'customer', found: 25, fallback: 0 },
        { field: 'price', found: 25, fallback: 0 },
        { field: 'status', found: 25, fallback: 0 },
      ],
      level: 'ok',
    });
  });

  it('stays ok on a mutated page when the columns carry it; turns amber when only CSS was kept', () => {
    expect(listHealth(legacyRecipe(), page('legacy-list-m3.html'), LIST_URL)?.level).toBe('ok');
    const cssOnly = listHealth(legacyRecipe('css-only'), page('legacy-list-m3.html'), LIST_URL)!;
    expect(cssOnly.level).toBe('amber');
    expect(cssOnly.fields.find((f) => f.field === 'price')).toEqual({ field: 'price', found: 0, fallback: 0 });
  });

  it('is red when the rows are gone, and says nothing about pages that are not its list', () => {
    const empty = new DOMParser().parseFromString('<main><p>Keine Aufträge</p></main>', 'text/html');
    expect(listHealth(legacyRecipe(), empty, LIST_URL)).toMatchObject({ rows: 0, level: 'red' });
    expect(listHealth(legacyRecipe(), page('legacy-list.html'), new URL(`${SITE}/auftraege/o-0289`))).toBeNull();
    expect(listHealth(legacyRecipe(), page('legacy-list.html'), new URL('https://elsewhere.example.com/auftraege'))).toBeNull();
  });
});

describe('the fields to re-teach', () => {
  it('are the columns found in fewer than 80 % of keyed rows or read by a fallback; none without keyed rows', () => {
    const fields = [
      { field: 'number' as const, found: 20, fallback: 0 },
      { field: 'customer' as const, found: 15, fallback: 0 },
      { field: 'price' as const, found: 20, fallback: 3 },
      { field: 'status' as const, found: 16, fallback: 0 },
    ];
    expect(weakFields({ rows: 20, keyed: 20, level: 'amber', fields })).toEqual(['customer', 'price']);
    expect(weakFields({ rows: 20, keyed: 0, level: 'red', fields: [] })).toEqual([]);
  });
});

describe('health of a detail page', () => {
  const DETAIL_URL = new URL(`${SITE}/auftraege/o-0289`);
  function detailRecipe(fields: Record<string, unknown>): Recipe {
    const checked = validateRecipe({
      format: 1,
      id: '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f',
      revision: 1,
      name: 'Altmann',
      sites: [SITE],
      locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
      detail: { url: { path: '/auftraege/:id' } },
      order: { read: ['detail'], fields },
    });
    if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
    return checked.recipe;
  }
  const good = { number: { html: { label: 'Auftrag' } }, 'customer.name': { html: { label: 'Kunde' } }, status: { html: { label: 'Status' } }, price: { html: { label: 'Betrag' } } };

  it('reads well: ok; not a detail page of the recipe: no health', () => {
    const recipe = detailRecipe({ ...good, 'load.weightKg': { html: { label: 'Gewicht' } } });
    expect(detailHealth(recipe, page('legacy-detail.html'), DETAIL_URL)?.level).toBe('ok');
    expect(detailHealth(recipe, page('legacy-list.html'), LIST_URL)).toBeNull();
  });

  it('a field an invoice needs, not found: red, and offered for re-teaching; an optional field the order lacks is no alarm', () => {
    const recipe = detailRecipe({ ...good, price: { html: { label: 'Frachtpreis' } }, podUrl: { html: { label: 'POD' } } });
    const health = detailHealth(recipe, page('legacy-detail.html'), DETAIL_URL)!;
    expect(health.level).toBe('red');
    expect(weakDetailFields(health)).toEqual(['price']);
  });

  it('a fallback answering: amber; the address\'s parts count as one field', () => {
    const recipe = detailRecipe({
      ...good,
      'load.weightKg': { html: { any: [{ label: 'Bruttogewicht' }, { label: 'Gewicht' }] } },
      'customer.zip': { html: { label: 'Rechnungsanschrift' } },
      'customer.city': { html: { any: [{ label: 'Anschrift' }, { label: 'Rechnungsanschrift' }] } },
    });
    const health = detailHealth(recipe, page('legacy-detail.html'), DETAIL_URL)!;
    expect(health.level).toBe('amber');
    expect(weakDetailFields(health).sort()).toEqual(['address', 'load.weightKg']);
  });
});

describe('health where the recipe reads the TMS’s data and the capture script never answered', () => {
  const ok = { rows: 3, keyed: 3, level: 'ok' as const, fields: [] };
  it('turns amber (a red page stays red) only when the recipe captures and capture is silent', () => {
    expect(withCapture(ok, false)).toEqual({ ...ok, level: 'amber', captureUnavailable: true });
    expect(withCapture({ ...ok, level: 'red' }, false)!.level).toBe('red');
    // Capture answered, or the recipe captures nothing: unchanged.
    expect(withCapture(ok, true)).toBe(ok);
    expect(withCapture(ok, undefined)).toBe(ok);
    expect(withCapture(null, false)).toBeNull();
  });
});
