/** What the builder holds once a user taught the Legacy sandbox TMS: a complete draft, for tests. */
import { newDraft, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';

export const LEGACY_ORIGIN = 'http://127.0.0.1:4413';
export const TAUGHT_ID = '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f';

export function taughtLegacy(overrides: Partial<BuilderDraft> = {}): BuilderDraft {
  return {
    ...newDraft(LEGACY_ORIGIN, TAUGHT_ID, 'Altmann'),
    step: 'review',
    listPath: '/auftraege',
    rowCss: 'tbody > tr',
    rowKey: { css: 'input[type="checkbox"]', attr: 'value' },
    keys: ['o-0289'],
    summary: { number: { column: 'Auftrag' }, customer: { column: 'Kunde' }, price: { column: 'Betrag' } },
    selection: { mode: 'checkbox', control: { css: 'input[type="checkbox"]' } },
    locale: { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] },
    detail: { path: '/auftraege/:id', fetch: '/auftraege/{id}' },
    fields: {
      number: { html: { label: 'Auftrag' } },
      status: { html: { label: 'Status', parse: [{ map: { table: { Disponiert: 'planned', Offen: 'open' }, other: 'problem' } }] } },
      'customer.name': { html: { label: 'Kunde' } },
      price: { html: { label: 'Betrag' }, parse: [{ money: {} }] },
      stops: {
        each: { html: { label: ['Abholung', 'Zustellung'] } },
        fields: {
          type: { html: { css: 'th', parse: [{ map: { table: { Abholung: 'pickup', Zustellung: 'delivery' }, other: 'problem' } }] } },
          date: { html: { css: 'td', parse: [{ line: -1 }, { date: {} }] } },
        },
      },
    },
    ...overrides,
  };
}
