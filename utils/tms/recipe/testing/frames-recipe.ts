/**
 * A recipe for the saved pages of the Frames sandbox TMS (builder/fixtures/frames-*.html):
 * the list in the top document, each order's detail page in the frame named "detail",
 * reached through the row's signed link, on the same origin or on a second one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateRecipe, type Recipe } from '../schema';

export const FRAMES_SITE = 'http://127.0.0.1:4415';
export const FRAMES_DETAIL_ORIGIN = 'http://127.0.0.1:4416';

export const framesPageText = (name: string): string => readFileSync(path.join(__dirname, '..', 'builder', 'fixtures', name), 'utf8');
export const framesPage = (name: string): Document => new DOMParser().parseFromString(framesPageText(name), 'text/html');

const place = (part: 'name' | 'street' | 'zipCity') => (part === 'name' ? [{ regex: '^([^,]+),' }] : part === 'street' ? [{ regex: '([^,]+),[^,]+$' }] : [{ regex: ',\\s*([^,]+)$' }]);

export function framesRecipe(change: (raw: Record<string, unknown>) => void = () => {}): Recipe {
  const address = (part: 'zip' | 'city' | 'country') => ({ html: { label: 'Rechnungsanschrift' }, parse: [...place('zipCity'), { zipCity: part }] });
  const stopPart = (part: 'zip' | 'city' | 'country') => ({ html: { css: ':scope > dd:nth-of-type(1)' }, parse: [...place('zipCity'), { zipCity: part }] });
  const raw: Record<string, unknown> = {
    format: 1,
    id: '7c2d9e14-5b3a-4f6c-8d21-0e9f8a7b6c5d',
    revision: 1,
    name: 'Kombi Disposition',
    sites: [FRAMES_SITE],
    extraOrigins: [FRAMES_DETAIL_ORIGIN],
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR' },
    list: {
      url: { path: '/kombi' },
      row: { css: 'tbody > tr' },
      rowKey: { css: 'a[href*="/rahmen/"]', attr: 'href', parse: [{ urlPath: 2 }] },
      link: { css: 'a[target="detail"]', attr: 'href' },
      selection: { mode: 'own' },
      summary: { number: { column: 'Auftragsnr.' }, customer: { column: 'Auftraggeber' }, price: { column: 'Fracht', parse: [{ money: {} }] } },
    },
    detail: { url: { path: '/rahmen/auftrag/:id' }, view: 'iframe', anchor: { css: 'section[aria-label="Aktionen"]', append: 'last' } },
    order: {
      read: ['detail', 'link'],
      fields: {
        number: { html: { label: 'Auftragsnummer' } },
        status: { html: { label: 'Status', parse: [{ map: { table: { Offen: 'open', Disponiert: 'planned', Unterwegs: 'in_transit', Zugestellt: 'delivered', Berechnet: 'invoice_created', Bezahlt: 'paid', Storniert: 'cancelled' }, other: 'problem' } }] } },
        'customer.name': { html: { label: 'Auftraggeber' } },
        'customer.customerNumber': { html: { label: 'Kundennummer' } },
        'customer.vatId': { html: { label: 'USt-IdNr.' }, parse: [{ vatId: {} }] },
        'customer.street': { html: { label: 'Rechnungsanschrift' }, parse: place('street') },
        'customer.zip': address('zip'),
        'customer.city': address('city'),
        'customer.countryCode': address('country'),
        customerReference: { html: { label: 'Referenz' } },
        price: { html: { label: 'Frachtbetrag' }, parse: [{ money: {} }] },
        'load.goods': { html: { label: 'Ware' } },
        'load.weightKg': { html: { label: 'Gewicht' }, parse: [{ weight: { to: 'kg' } }] },
        'load.loadingMeters': { html: { label: 'Lademeter' }, parse: [{ loadingMeters: {} }] },
        stops: {
          each: { html: { label: ['Ladestelle', 'Entladestelle'] } },
          fields: {
            type: { html: { css: ':scope > dt:first-child', parse: [{ map: { table: { Ladestelle: 'pickup', Entladestelle: 'delivery' }, other: 'problem' } }] } },
            name: { html: { css: ':scope > dd:nth-of-type(1)', parse: place('name') } },
            street: { html: { css: ':scope > dd:nth-of-type(1)', parse: place('street') } },
            zip: stopPart('zip'),
            city: stopPart('city'),
            countryCode: stopPart('country'),
            date: { html: { label: ['Ladedatum', 'Liefertermin'], parse: [{ date: {} }] } },
          },
        },
      },
    },
    customers: { key: ['customerNumber', 'name'] },
  };
  change(raw);
  const checked = validateRecipe(raw);
  if (!checked.ok) throw new Error(checked.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return checked.recipe;
}
