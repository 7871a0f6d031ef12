/**
 * The builder's proposals on saved pages of the Legacy sandbox TMS, as served and as its
 * mutation mode serves them (hashed classes, reordered and extra columns, wrappers, ids
 * with suffixes): what one click proposes must read the same orders on both.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locate } from '../locate';
import { proposeRows } from './rows';
import { proposeLocators, proposeRowKeys, withFallbacks } from './locators';
import { isGeneratedName, stableId } from './dom-shape';

const page = (name: string) => new DOMParser().parseFromString(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'), 'text/html');
const cellWithText = (doc: Document, text: string) => [...doc.querySelectorAll('td')].find((td) => td.textContent?.trim() === text)!;

describe('names the builder trusts', () => {
  it('drops generated class names and ids, keeps chosen ones', () => {
    expect(['m0vfptdt', 'css-1x2y3z', 'sc-bdVaJa', '_3xYz9', 'jsx-123'].filter(isGeneratedName)).toHaveLength(5);
    expect(['zeile', 'sp-betrag', 'status-planned', 'liste', 'Mui-selected', 'rechnungsnr'].filter(isGeneratedName)).toEqual([]);
    const el = (id: string) => Object.assign(document.createElement('div'), { id });
    expect([el('auftraege'), el('auftraege-0okx'), el(':r1:'), el('rechnungsformular')].map(stableId)).toEqual(['auftraege', null, null, 'rechnungsformular']);
  });
});

describe('rows', () => {
  it('one click on a price finds the 25 rows of the list, not the header', () => {
    const doc = page('legacy-list.html');
    const proposal = proposeRows(cellWithText(doc, '7.473,00 PLN'))!;
    expect(proposal.rows).toHaveLength(25);
    expect(doc.querySelectorAll(proposal.css)).toHaveLength(25);
    expect(proposal.css).not.toMatch(/m[0-9][a-z0-9]{6}/);
  });

  it('the selector made on the plain page finds the rows of the mutated page too', () => {
    const plain = proposeRows(cellWithText(page('legacy-list.html'), '7.473,00 PLN'))!;
    const mutated = page('legacy-list-m7.html');
    expect(mutated.querySelectorAll(plain.css)).toHaveLength(25);
  });
});

describe('row keys', () => {
  it('proposes the row checkbox\'s value and the order link\'s id, each unique per row', () => {
    const doc = page('legacy-list.html');
    const { rows } = proposeRows(cellWithText(doc, '7.473,00 PLN'))!;
    const keys = proposeRowKeys(rows);
    expect(keys[0]).toMatchObject({ why: 'checkbox', locator: { css: 'input[type="checkbox"]', attr: 'value' } });
    expect(keys[0]!.keys.slice(0, 3)).toEqual(['o-0289', 'o-0296', 'o-0297']);
    const link = keys.find((k) => k.why === 'link')!;
    expect(link.keys).toEqual(keys[0]!.keys);
    // The order number column is unique too, but comes after the ids.
    expect(keys.findIndex((k) => k.why === 'text')).toBeGreaterThan(keys.indexOf(link));
  });
});

describe('fields', () => {
  it('a click on a price proposes the column first, CSS as a fallback, both reading the clicked value', () => {
    const doc = page('legacy-list.html');
    const cell = cellWithText(doc, '7.473,00 PLN');
    const { row } = proposeRows(cell)!;
    const candidates = proposeLocators(row, cell);
    expect(candidates.map((c) => c.kind)).toEqual(['column', 'css']);
    expect(candidates[0]!.locator).toEqual({ column: 'Betrag' });
    expect(candidates.every((c) => c.value === '7.473,00 PLN')).toBe(true);
  });

  it('the column locator reads every row of the mutated page right, where the CSS one misses', () => {
    const doc = page('legacy-list.html');
    const cell = cellWithText(doc, '7.473,00 PLN');
    const { row, css } = proposeRows(cell)!;
    const [column, cssOnly] = proposeLocators(row, cell);
    const mutatedRows = [...page('legacy-list-m7.html').querySelectorAll(css)];
    const plainRows = [...doc.querySelectorAll(css)];
    const read = (rows: Element[], locator = column!.locator) => rows.map((r) => { const v = locate(r, locator); return v.ok ? v.value : null; });
    expect(read(mutatedRows)).toEqual(read(plainRows));
    // Without the column, the hashed classes leave nothing to read: a miss, never a wrong value.
    expect(read(mutatedRows, cssOnly!.locator).every((v) => v === null)).toBe(true);
    expect(withFallbacks([column!, cssOnly!])).toEqual({ any: [column!.locator, cssOnly!.locator] });
  });

  it('on a detail page a click on a value proposes its label', () => {
    const doc = page('legacy-detail.html');
    const cell = cellWithText(doc, 'PL5891777027');
    const [best] = proposeLocators(doc, cell);
    expect(best).toMatchObject({ kind: 'label', locator: { label: 'USt-IdNr.' }, value: 'PL5891777027' });
    expect(locate(page('legacy-detail-m7.html'), best!.locator)).toMatchObject({ ok: true, value: 'PL5891777027' });
  });

  it('an input with a label is found by its label', () => {
    const doc = page('legacy-detail.html');
    const input = doc.querySelector('#rechnungsnr')!;
    (input as HTMLInputElement).value = 'RE-1';
    expect(proposeLocators(doc, input)[0]).toMatchObject({ kind: 'label', locator: { label: 'Rechnungs-Nr.' } });
  });
});

describe('selection, notation and the live preview', () => {
  it('a row checkbox means the TMS\'s own selection; aria-selected rows are watched; else our own checkbox', async () => {
    const { detectSelection } = await import('./suggest');
    const doc = page('legacy-list.html');
    const { rows } = proposeRows(cellWithText(doc, '7.473,00 PLN'))!;
    expect(detectSelection(rows)).toEqual({ mode: 'checkbox', control: { css: 'input[type="checkbox"]' } });
    const grid = new DOMParser().parseFromString('<div role="grid">' + '<div role="row" aria-selected="false"><div role="gridcell">x</div></div>'.repeat(3) + '</div>', 'text/html');
    expect(detectSelection([...grid.querySelectorAll('[role=row]')])).toMatchObject({ mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } });
    expect(detectSelection([...grid.querySelectorAll('[role=gridcell]')])).toEqual({ mode: 'own' });
  });

  it('reads the notation from the samples: German, Swiss, English', async () => {
    const { inferLocale } = await import('./suggest');
    expect(inferLocale(['7.473,00 PLN', '1.298,50 €', '704,98 €'], ['Sa, 28.11.2026'])).toMatchObject({ decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' });
    expect(inferLocale(["CHF 1'250.00", "CHF 980.00"])).toMatchObject({ decimal: '.', group: "'", currency: 'CHF' });
    expect(inferLocale(['$1,250.00', '$75.50'], ['11/28/2026'])).toMatchObject({ decimal: '.', group: ',', dateOrder: 'MDY', currency: 'USD' });
  });

  it('previews the price of every row parsed, in minor units with the row\'s currency', async () => {
    const { inferLocale, previewField, suggestParse } = await import('./suggest');
    const doc = page('legacy-list.html');
    const cell = cellWithText(doc, '7.473,00 PLN');
    const { row, rows } = proposeRows(cell)!;
    const [best] = proposeLocators(row, cell);
    const locale = inferLocale(rows.map((r) => r.textContent ?? ''));
    const preview = previewField(rows, best!.locator, suggestParse('price'), locale);
    expect(preview[0]).toEqual({ ok: true, text: '7.473,00 PLN', value: { minor: 747300, currency: 'PLN' } });
    expect(preview[1]).toMatchObject({ ok: true, value: { minor: 129850, currency: 'EUR' } });
    expect(preview.every((p) => p.ok)).toBe(true);
    // An empty cell is a named miss in the preview, never a guessed value.
    const lademeter = proposeLocators(row, cellWithText(doc, '13,6 LDM'))[0]!;
    const meters = previewField(rows, lademeter.locator, suggestParse('load.loadingMeters'), locale);
    expect(meters.filter((m) => !m.ok).every((m) => !m.ok && m.problem === 'not-found')).toBe(true);
    expect(meters.some((m) => !m.ok)).toBe(true);
  });
});
