import { describe, expect, it } from 'vitest';
import { locate, locateAll } from './locate';
import type { Locator } from './schema';

function page(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

const table = (columns: string[], rows: Record<string, string>[], cls = 'auftraege') =>
  `<table class="${cls}"><thead><tr>${columns.map((c) => `<th>${c}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr data-id="${r.id}">${columns.map((c) => `<td class="c-${Math.abs(hash(c + cls))}">${r[c] ?? ''}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
const hash = (s: string) => [...s].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 7);

const rows = [
  { id: 'a1', 'Auftrags-Nr.': 'A-2026-0412', Kunde: 'Spedition Nordlicht GmbH', Frachtpreis: '1.250,00 €' },
  { id: 'a2', 'Auftrags-Nr.': 'A-2026-0413', Kunde: 'Bayern Logistik AG', Frachtpreis: '980,50 €' },
];

describe('locating by column header', () => {
  const price: Locator = { column: ['Frachtpreis', 'Preis'] };

  it('reads the cell under the header, in each row', () => {
    const doc = page(table(['Auftrags-Nr.', 'Kunde', 'Frachtpreis'], rows));
    const [first, second] = [...doc.querySelectorAll('tbody tr')];
    expect(locate(first!, price)).toEqual({ ok: true, value: '1.250,00 €', via: 0 });
    expect(locate(second!, { column: 'Kunde' })).toEqual({ ok: true, value: 'Bayern Logistik AG', via: 0 });
  });

  it('survives reordered columns, churned classes and an extra column', () => {
    const doc = page(table(['Frachtpreis', 'Status', 'Kunde', 'Auftrags-Nr.'], rows, 'x9f3k'));
    const first = doc.querySelector('tbody tr')!;
    expect(locate(first, price)).toMatchObject({ ok: true, value: '1.250,00 €' });
    expect(locate(first, { column: 'Auftrags-Nr.' })).toMatchObject({ ok: true, value: 'A-2026-0412' });
  });

  it('reads an ARIA grid by aria-colindex', () => {
    const doc = page(`<div role="grid"><div role="row"><span role="columnheader" aria-colindex="2">Kunde</span><span role="columnheader" aria-colindex="1">Nr</span></div>
      <div role="row" id="r"><span role="gridcell" aria-colindex="1">CG-1</span><span role="gridcell" aria-colindex="2">Alpen AG</span></div></div>`);
    expect(locate(doc.getElementById('r')!, { column: 'Kunde' })).toMatchObject({ ok: true, value: 'Alpen AG' });
  });

  it('says when no header matches', () => {
    const doc = page(table(['Auftrags-Nr.'], rows));
    expect(locate(doc.querySelector('tbody tr')!, price)).toEqual({ ok: false, problem: 'not-found' });
  });
});

describe('locating by label', () => {
  it('reads th/td, dt/dd, label[for] and "Label: value"', () => {
    const doc = page(`
      <table><tr><th>Kunde</th><td>Spedition Nordlicht GmbH</td></tr><tr><th>Frachtpreis:</th><td> 1.250,00 € </td></tr></table>
      <dl><dt>Gewicht</dt><dd>12,4 t</dd></dl>
      <label for="ref">Ihre Referenz</label><input id="ref" value="PO-7781">
      <p>Lademeter: 13,6 LDM</p>`);
    expect(locate(doc, { label: 'Kunde' })).toMatchObject({ ok: true, value: 'Spedition Nordlicht GmbH' });
    expect(locate(doc, { label: 'Frachtpreis' })).toMatchObject({ ok: true, value: '1.250,00 €' });
    expect(locate(doc, { label: 'gewicht' })).toMatchObject({ ok: true, value: '12,4 t' });
    expect(locate(doc, { label: 'Ihre Referenz' })).toMatchObject({ ok: true, value: 'PO-7781' });
    expect(locate(doc, { label: 'Lademeter' })).toMatchObject({ ok: true, value: '13,6 LDM' });
  });

  it('refuses two different values for one label instead of taking the first', () => {
    const doc = page(`<table><tr><th>Datum</th><td>12.11.2026</td></tr><tr><th>Datum</th><td>13.11.2026</td></tr></table>`);
    expect(locate(doc, { label: 'Datum' })).toEqual({ ok: false, problem: 'ambiguous' });
    expect(locateAll(doc, { label: 'Datum' })).toEqual(['12.11.2026', '13.11.2026']);
  });
});

describe('roles, test ids, CSS, attributes and fallbacks', () => {
  const doc = page(`
    <div role="toolbar" aria-label="Aktionen"><button>Speichern</button></div>
    <span data-testid="auftrag" data-id="o-17">A-17</span>
    <a class="detail" href="/auftrag.php?id=o-17">Details</a>`);

  it('finds by role and name, by test id, by CSS, and reads attributes', () => {
    expect(locate(doc, { role: 'toolbar', name: 'Aktionen' })).toMatchObject({ ok: true, value: 'Speichern' });
    expect(locate(doc, { testId: 'auftrag', attr: 'data-id' })).toMatchObject({ ok: true, value: 'o-17' });
    expect(locate(doc, { css: 'a.detail', attr: 'href' })).toMatchObject({ ok: true, value: '/auftrag.php?id=o-17' });
    expect(locate(doc, { const: 'EUR' })).toMatchObject({ ok: true, value: 'EUR' });
  });

  it('takes the first fallback that answers, and says which', () => {
    expect(locate(doc, { any: [{ testId: 'gone' }, { css: 'a.detail', attr: 'href' }] })).toEqual({ ok: true, value: '/auftrag.php?id=o-17', via: 1 });
  });

  it('names a broken selector', () => {
    expect(locate(doc, { css: 'a[href' })).toEqual({ ok: false, problem: 'bad-selector' });
  });
});
