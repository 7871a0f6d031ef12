import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ActionBar from './ActionBar.vue';
import { getByRole, normalise, queryByRole } from '@/tests/support/dom';
import { plugins } from '@/tests/support/panel';
import type { Locale } from '@/utils/i18n/translate';
import type { OrderSummary } from '@/utils/tms/adapter';

const row = (n: number, customerName: string, price: OrderSummary['price']): OrderSummary => ({ id: `o-${n}`, number: `A-2026-${n}`, customerName, price, status: 'delivered' });
const eur = (minor: number) => ({ minor, currency: 'EUR' });

function mountBar(items: OrderSummary[], locale: Locale = 'en', busy = false) {
  return mount(ActionBar, { props: { items, busy }, global: { plugins: plugins(locale) } });
}

describe('ActionBar', () => {
  it('is not there without a selection', () => {
    const bar = mountBar([]);
    expect(queryByRole(bar, 'region')).toBeNull();
    expect(queryByRole(bar, 'button')).toBeNull();
  });

  it('says how many selected orders are on other pages of the list ("3 orders selected, 2 not on this page")', () => {
    const items = [row(1, 'Alpha', eur(100)), row(2, 'Alpha', eur(100)), row(3, 'Alpha', eur(100))];
    const bar = mount(ActionBar, { props: { items, notOnPage: 2 }, global: { plugins: plugins('en') } });
    expect(normalise(getByRole(bar, 'region', 'Invoice the selected orders').textContent)).toContain('3 orders selected, 2 not on this page');
    const none = mount(ActionBar, { props: { items, notOnPage: 0 }, global: { plugins: plugins('en') } });
    expect(normalise(none.text())).not.toContain('not on this page');
  });

  it('shows the count, the customer and the sum of one order', () => {
    const bar = mountBar([row(1, 'Spedition Nordlicht GmbH', eur(125000))]);
    const region = getByRole(bar, 'region', 'Invoice the selected orders');
    expect(normalise(region.textContent)).toContain('1 order selected');
    expect(region.textContent).toContain('Spedition Nordlicht GmbH');
    expect(region.textContent).toContain('€1,250.00');
  });

  it('sums per currency and counts customers', () => {
    const bar = mountBar([row(1, 'Nordlicht', eur(100000)), row(2, 'Nordlicht', eur(25000)), row(3, 'Alpen AG', { minor: 98050, currency: 'CHF' })]);
    const text = normalise(bar.text());
    expect(text).toContain('3 orders selected');
    expect(text).toContain('2 customers');
    expect(text).toContain('€1,250.00 + CHF 980.50');
    expect(text).not.toContain('price unreadable');
  });

  it('says when a price could not be read', () => {
    const bar = mountBar([row(1, 'Nordlicht', eur(125000)), row(2, 'Nordlicht', null)]);
    expect(normalise(bar.text())).toContain('€1,250.00 (price unreadable)');
  });

  it('emits create and clear from its buttons', async () => {
    const bar = mountBar([row(1, 'Nordlicht', eur(125000))]);
    await getByRole(bar, 'button', 'Create invoice').click();
    await getByRole(bar, 'button', 'Clear selection').click();
    expect(bar.emitted('create')).toHaveLength(1);
    expect(bar.emitted('clear')).toHaveLength(1);
  });

  it('on a recipe’s site, says when the recipe may not read the page right, and “Show why” asks for the page’s notice', async () => {
    const items = [row(1, 'Nordlicht', eur(125000))];
    expect(queryByRole(mountBar(items), 'status')).toBeNull();
    const amber = mount(ActionBar, { props: { items, health: 'amber' }, global: { plugins: plugins('en') } });
    expect(normalise(getByRole(amber, 'status').textContent ?? '')).toBe('● The recipe may not read this page right Show why');
    await getByRole(amber, 'button', 'Show why').click();
    expect(amber.emitted('showHealth')).toHaveLength(1);
    // Create invoice stays: the preview shows each order's problems itself.
    expect((getByRole(amber, 'button', 'Create invoice') as HTMLButtonElement).disabled).toBe(false);
    const red = mount(ActionBar, { props: { items, health: 'red' }, global: { plugins: plugins('de') } });
    expect(normalise(getByRole(red, 'status').textContent ?? '')).toBe('● Das Rezept kann diese Seite nicht lesen Warum?');
  });

  it('disables Create invoice while busy', () => {
    const bar = mountBar([row(1, 'Nordlicht', eur(125000))], 'en', true);
    expect((getByRole(bar, 'button', 'Create invoice') as HTMLButtonElement).disabled).toBe(true);
  });

  it('speaks German', () => {
    const bar = mountBar([row(1, 'Nordlicht', eur(100000)), row(2, 'Nordlicht', eur(25000)), row(3, 'Nordlicht', { minor: 98050, currency: 'CHF' })], 'de');
    const text = normalise(bar.text());
    expect(text).toContain('3 Aufträge ausgewählt');
    expect(text).toContain('Nordlicht');
    expect(text.replace(/\u00a0/g, ' ')).toContain('1.250,00 € + 980,50 CHF');
    getByRole(bar, 'button', 'Rechnung erstellen');
    getByRole(bar, 'button', 'Auswahl aufheben');
  });
});
