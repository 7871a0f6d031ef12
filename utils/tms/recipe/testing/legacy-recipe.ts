/**
 * A recipe for the saved pages of the Legacy sandbox TMS (builder/fixtures/legacy-*.html),
 * for tests of what happens to those pages (redaction, "Save as test", export): the list
 * with its summaries, and the detail page with customer, stops and dates. The stops are
 * labelled th/td rows ("Abholung", "Zustellung") with one part per line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateRecipe, type Recipe } from '../schema';

export const LEGACY_SITE = 'http://127.0.0.1:4413';
export const LEGACY_LIST_URL = new URL(`${LEGACY_SITE}/auftraege`);
export const LEGACY_DETAIL_URL = new URL(`${LEGACY_SITE}/auftraege/o-0289`);

export const legacyPageText = (name: string): string => readFileSync(path.join(__dirname, '..', 'builder', 'fixtures', name), 'utf8');
export const legacyPage = (name: string): Document => new DOMParser().parseFromString(legacyPageText(name), 'text/html');

const STATUS = { Offen: 'open', Disponiert: 'planned', Storniert: 'cancelled' };

export function legacyRecipe(change: (raw: Record<string, unknown>) => void = () => {}): Recipe {
  const raw: Record<string, unknown> = {
    format: 1,
    id: '0b8e4a52-7c1d-4f3e-9a26-5d1c2b3a4e5f',
    revision: 1,
    name: 'Altmann Spedition',
    sites: [LEGACY_SITE],
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
    list: {
      url: { path: '/auftraege', query: { seite: '*?' } },
      row: { css: 'table#auftraege tbody > tr' },
      rowKey: { css: 'input[name="auswahl"]', attr: 'value' },
      selection: { mode: 'checkbox', control: { css: 'input[name="auswahl"]' } },
      summary: { number: { column: 'Auftrag' }, customer: { column: 'Kunde' }, price: { column: 'Betrag', parse: [{ money: {} }] }, status: { column: 'Status', parse: [{ map: { table: STATUS, other: 'keep' } }] } },
    },
    detail: { url: { path: '/auftraege/:id' }, container: { css: 'main' } },
    order: {
      read: ['detail', 'list'],
      fields: {
        number: { html: { any: [{ label: 'Auftrag' }, { column: 'Auftrag' }] } },
        status: { html: { any: [{ label: 'Status' }, { column: 'Status' }] }, parse: [{ map: { table: STATUS, other: 'keep' } }] },
        'customer.name': { html: { any: [{ label: 'Kunde' }, { column: 'Kunde' }] } },
        'customer.customerNumber': { html: { label: 'Kundennummer' } },
        'customer.vatId': { html: { label: 'USt-IdNr.' }, parse: [{ vatId: {} }] },
        'customer.email': { html: { label: 'E-Mail' } },
        'customer.street': { html: { label: 'Rechnungsanschrift' }, parse: [{ line: 1 }] },
        'customer.zip': { html: { label: 'Rechnungsanschrift' }, parse: [{ line: 2 }, { zipCity: 'zip' }] },
        'customer.city': { html: { label: 'Rechnungsanschrift' }, parse: [{ line: 2 }, { zipCity: 'city' }] },
        'customer.countryCode': { html: { label: 'Rechnungsanschrift' }, parse: [{ line: 2 }, { zipCity: 'country' }] },
        customerReference: { html: { label: 'Kundenreferenz' } },
        price: { html: { any: [{ label: 'Betrag' }, { column: 'Betrag' }] }, parse: [{ money: {} }] },
        'load.goods': { html: { label: 'Ware' } },
        'load.weightKg': { html: { any: [{ label: 'Gewicht' }, { column: 'Gewicht' }] }, parse: [{ weight: { to: 'kg' } }] },
        stops: {
          each: { html: { label: ['Abholung', 'Zustellung'] } },
          fields: {
            type: { html: { css: 'th' }, parse: [{ map: { table: { Abholung: 'pickup', Zustellung: 'delivery' }, other: 'problem' } }] },
            name: { html: { css: 'td' }, parse: [{ line: 1 }] },
            street: { html: { css: 'td' }, parse: [{ line: 2 }] },
            zip: { html: { css: 'td' }, parse: [{ line: 3 }, { zipCity: 'zip' }] },
            city: { html: { css: 'td' }, parse: [{ line: 3 }, { zipCity: 'city' }] },
            countryCode: { html: { css: 'td' }, parse: [{ line: 3 }, { zipCity: 'country' }] },
            date: { html: { css: 'td' }, parse: [{ line: 4 }, { date: {} }] },
          },
        },
      },
    },
    customers: { key: ['customerNumber', 'name'] },
  };
  change(raw);
  const checked = validateRecipe(raw);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}
