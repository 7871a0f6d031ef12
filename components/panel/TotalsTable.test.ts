import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import TotalsTable from './TotalsTable.vue';
import { getByRole, queryAllByRole, textOf } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import { computeTotals } from '@/utils/domain/totals';
import type { Locale } from '@/utils/i18n/translate';

const rows = (wrapper: ReturnType<typeof mount>, name = 'Totals') => queryAllByRole(getByRole(wrapper, 'table', name), 'rowheader').map((th) => textOf(th.parentElement!));

function mountTotals(locale: Locale, currency = 'EUR') {
  const totals = computeTotals(
    [
      { quantity: '1', unitPriceMinor: 125000, taxRatePercent: 19 },
      { quantity: '2', unitPriceMinor: 10000, taxRatePercent: 7 },
      { quantity: '1', unitPriceMinor: 5000, taxRatePercent: 19 },
    ],
    currency,
    'per-rate',
  );
  return mount(TotalsTable, { props: { totals }, global: { plugins: plugins(locale) } });
}

describe('TotalsTable', () => {
  it('shows net, one VAT row per rate and gross, with the currency', () => {
    expect(rows(mountTotals('en'))).toEqual(['Net €1,500.00', 'VAT 19 % €247.00', 'VAT 7 % €14.00', 'Gross €1,761.00']);
  });

  it('formats for German users and other currencies', () => {
    expect(rows(mountTotals('de', 'CHF'), 'Summen').map((r) => r.replace(/\u00a0/g, ' '))).toEqual(['Netto 1.500,00 CHF', 'USt. 19 % 247,00 CHF', 'USt. 7 % 14,00 CHF', 'Brutto 1.761,00 CHF']);
  });
});
