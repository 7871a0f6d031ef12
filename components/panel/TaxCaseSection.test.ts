import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { click, flush, getByRole, isDisabled, queryByRole, textOf } from '@/tests/support/dom';
import { makeOrder, nordlicht } from '@/tests/support/orders';
import { fakeSend, fakeAdapter, invoicingContext, panelEnvironment, plugins, readOk } from '@/tests/support/panel';
import type { Customer, Order } from '@/utils/domain/order';
import type { Locale } from '@/utils/i18n/translate';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const holland: Customer = { id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { city: 'Rotterdam', countryCode: 'NL' } };
const alpen: Customer = { id: '10007', name: 'Alpen Spedition GmbH', billingAddress: { city: 'Wien', countryCode: 'AT' } };
const route = (from: string, to: string): Order['stops'] => [
  { type: 'pickup', city: 'A', countryCode: from, date: '2026-11-10' },
  { type: 'delivery', city: 'B', countryCode: to, date: '2026-11-11' },
];
const linkedTo = (customer: Customer, extra: Partial<ResponseOf<'getInvoicingContext'>> = {}) =>
  invoicingContext({ links: { [customer.id]: { contact: { id: `c-${customer.id}`, name: customer.name } } }, ...extra });

async function openPanel(orders: Order[], context: ResponseOf<'getInvoicingContext'>, locale: Locale = 'en') {
  const store = createPanelStore();
  const fake = fakeSend({ getInvoicingContext: () => context });
  store.configure(panelEnvironment(fakeAdapter(orders.map(readOk)), fake.send));
  const wrapper = mount(InvoicePanel, { global: { plugins: plugins(locale, store) }, attachTo: document.body });
  await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
  await flush();
  const dialog = getByRole(wrapper, 'dialog');
  const section = () => getByRole(dialog, 'group', locale === 'de' ? 'Steuerfall' : 'Tax case');
  return { store, fake, dialog, section, save: () => getByRole(dialog, 'button', locale === 'de' ? 'Speichern und Rechnung erstellen' : 'Save and create invoice') };
}

async function choose(select: HTMLElement, value: string) {
  (select as HTMLSelectElement).value = value;
  select.dispatchEvent(new Event('change'));
  await flush();
}

describe('TaxCaseSection: the case, why, and what is printed', () => {
  it('a German business on a domestic route: domestic VAT, and why', async () => {
    const p = await openPanel([makeOrder()], linkedTo(nordlicht));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('domestic');
    expect(textOf(p.section())).toContain('The customer is a business in Germany: German VAT applies.');
    expect(textOf(p.section())).not.toContain('Printed on the invoice');
    expect(queryByRole(p.section(), 'button', /Back to automatic/)).toBeNull();
    expect(isDisabled(p.save())).toBe(false);
  });

  it('a Dutch business with VAT ID: reverse charge, the reason naming country and VAT ID, and the note printed', async () => {
    const p = await openPanel([makeOrder({ customer: holland })], linkedTo(holland));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('intraEuReverseCharge');
    expect(textOf(p.section())).toContain('The customer is a business in Netherlands with VAT ID NL853746218B01: the customer owes the VAT (reverse charge).');
    expect(textOf(p.section())).toContain('Printed on the invoice: Steuerschuldnerschaft des Leistungsempfängers. USt-IdNr. des Leistungsempfängers: NL853746218B01');
    expect(isDisabled(p.save())).toBe(false);
  });

  it('an export transport for a German business: § 4 Nr. 3, the route in the reason, the evidence asked for', async () => {
    const p = await openPanel([makeOrder({ stops: route('DE', 'CH') })], linkedTo(nordlicht));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('exemptCrossBorder');
    expect(textOf(p.section())).toContain('the route (DE → CH) leaves or enters the EU');
    expect(textOf(p.dialog)).toContain('keep the CMR consignment note');
  });

  it('in German: the reason in German', async () => {
    const p = await openPanel([makeOrder()], linkedTo(nordlicht), 'de');
    expect(textOf(p.section())).toContain('Der Kunde ist ein Unternehmen in Deutschland: Es gilt deutsche Umsatzsteuer.');
  });
});

describe('TaxCaseSection: never silently reverse charge', () => {
  it('an Austrian business without VAT ID: no case, the preview says what is missing, sending is blocked', async () => {
    const p = await openPanel([makeOrder({ customer: alpen })], linkedTo(alpen));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('');
    expect(textOf(p.dialog)).toContain("Alpen Spedition GmbH is a business in Austria without a VAT ID: reverse charge needs the customer's VAT ID.");
    expect(textOf(p.dialog)).toContain('The tax case is not decided yet');
    expect(isDisabled(p.save())).toBe(true);
  });

  it('choosing reverse charge for it anyway still blocks, naming the missing VAT ID', async () => {
    const p = await openPanel([makeOrder({ customer: alpen })], linkedTo(alpen));
    await click(getByRole(p.section(), 'radio', 'this invoice only'));
    await choose(getByRole(p.section(), 'combobox', 'Tax'), 'intraEuReverseCharge');
    expect(textOf(p.dialog)).toContain('without a VAT ID');
    expect(isDisabled(p.save())).toBe(true);
  });

  it('refuses mixed cases on a collective invoice with the reason, each case with its orders', async () => {
    const orders = [makeOrder({ number: 'A-1' }), makeOrder({ number: 'A-2', stops: route('CH', 'CH') })];
    const p = await openPanel(orders, linkedTo(nordlicht));
    expect(textOf(p.dialog)).toContain(
      "The orders fall under different tax cases: domestic VAT (A-1), not taxable (§ 3a (8)) (A-2). One invoice carries one case (an invoice not taxable in Germany can't carry taxable lines).",
    );
    expect(isDisabled(p.save())).toBe(true);
  });
});

describe('TaxCaseSection: the user chooses', () => {
  it('for this invoice only: nothing is remembered, the reason says so, and it can go back', async () => {
    const p = await openPanel([makeOrder({ customer: alpen })], linkedTo(alpen));
    await click(getByRole(p.section(), 'radio', 'this invoice only'));
    await choose(getByRole(p.section(), 'combobox', 'Tax'), 'domestic');
    expect(p.fake.callsOf('setTaxCase')).toEqual([]);
    expect(textOf(p.section())).toContain('You chose this case for this invoice only.');
    expect(isDisabled(p.save())).toBe(false);
    await click(getByRole(p.section(), 'button', 'Back to automatic'));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('');
    expect(p.fake.callsOf('setTaxCase')).toEqual([]);
  });

  it('for this customer: remembered, and "back to automatic" forgets it, naming the proposal', async () => {
    const p = await openPanel([makeOrder()], linkedTo(nordlicht));
    expect((getByRole(p.section(), 'radio', 'this customer (remembered)') as HTMLInputElement).checked).toBe(true);
    await choose(getByRole(p.section(), 'combobox', 'Tax'), 'privateCustomer');
    expect(p.fake.callsOf('setTaxCase')).toEqual([{ origin: expect.any(String), customerId: nordlicht.id, taxCase: 'privateCustomer' }]);
    expect(textOf(p.section())).toContain('You chose this case for this customer; it is used for all their invoices.');
    await click(getByRole(p.section(), 'button', 'Back to automatic (Domestic, 19 % VAT)'));
    expect(p.fake.callsOf('setTaxCase').at(-1)).toEqual({ origin: expect.any(String), customerId: nordlicht.id, taxCase: null });
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('domestic');
  });

  it("opens with the customer's remembered case", async () => {
    const p = await openPanel([makeOrder()], linkedTo(nordlicht, { taxCases: { [nordlicht.id]: 'thirdCountry' } }));
    expect((getByRole(p.section(), 'combobox', 'Tax') as HTMLSelectElement).value).toBe('thirdCountry');
    expect(textOf(p.section())).toContain('Printed on the invoice: Nicht im Inland steuerbare Leistung (§ 3a Abs. 2 UStG).');
  });
});
