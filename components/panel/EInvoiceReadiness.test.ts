import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import InvoicePanel from './InvoicePanel.vue';
import { createPanelStore } from '@/composables/invoice-panel';
import { click, flush, getByLabelText, getByRole, isDisabled, queryByRole, textOf, type } from '@/tests/support/dom';
import { defaultInvoiceSettings, makeOrder, nordlicht } from '@/tests/support/orders';
import { fakeAdapter, fakeSend, invoicingContext, panelEnvironment, plugins, readOk } from '@/tests/support/panel';
import type { Customer, Order } from '@/utils/domain/order';
import type { InvoiceSettings } from '@/utils/domain/settings';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const holland: Customer = { id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { street: 'Waalhaven 1', zip: '3087 BM', city: 'Rotterdam', countryCode: 'NL' } };
/** What a careful user has set: payment terms, a unit with a UN/ECE code, their VAT ID. */
const complete: InvoiceSettings = { ...defaultInvoiceSettings, paymentTermDays: 14, unitName: 'Pauschale', eInvoice: { issue: true, seller: { vatId: 'DE123456789' } } };

function context(customer: Customer, extra: Partial<ResponseOf<'getInvoicingContext'>> = {}) {
  return invoicingContext({ links: { [customer.id]: { contact: { id: `c-${customer.id}`, name: customer.name } } }, ...extra });
}

async function openPanel(orders: Order[], ctx: ResponseOf<'getInvoicingContext'>) {
  const store = createPanelStore();
  const fake = fakeSend({ getInvoicingContext: () => ctx, openOptions: () => ({ ok: true }), setBuyerReference: () => ({ ok: true }), setPublicCustomer: () => ({ ok: true }) });
  store.configure(panelEnvironment(fakeAdapter(orders.map(readOk)), fake.send));
  const wrapper = mount(InvoicePanel, { global: { plugins: plugins('en', store) }, attachTo: document.body });
  await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
  await flush();
  const dialog = getByRole(wrapper, 'dialog');
  return {
    store,
    fake,
    dialog,
    section: () => getByRole(dialog, 'region', 'E-invoice'),
    problems: () => textOf(getByRole(dialog, 'region', 'Before sending')),
    save: () => getByRole(dialog, 'button', 'Save and create invoice'),
  };
}

describe('EInvoiceReadiness: the indicator', () => {
  it('"E-invoice ready" when nothing is missing', async () => {
    const p = await openPanel([makeOrder()], context(nordlicht, { settings: complete }));
    expect(textOf(p.section())).toContain('E-invoice ready');
    expect(queryByRole(p.dialog, 'region', 'Before sending')).toBeNull();
    expect(isDisabled(p.save())).toBe(false);
  });

  it('names each missing item with its fix; the settings open at the e-invoice section', async () => {
    const p = await openPanel([makeOrder()], context(nordlicht));
    const text = textOf(p.section());
    expect(text).toContain('Not e-invoice ready: 2 items missing');
    expect(text).toContain("Payment terms or a due date are missing (the billing system's default is not on the e-invoice).");
    expect(text).toContain('Your VAT ID is missing.');
    // Lexware Office prints an unknown unit as "one": a note, not a missing item.
    expect(text).toContain('The unit "Transport" has no UN/ECE code. Lexware Office prints it as "one" (C62).');
    await click(getByRole(p.section(), 'button', 'Open settings: Your VAT ID is missing.'));
    expect(p.fake.callsOf('openOptions')).toEqual([{ section: 'e-invoice' }]);
  });

  it('says so when e-invoices are switched off, and checks nothing', async () => {
    const p = await openPanel([makeOrder()], context(nordlicht, { settings: { ...defaultInvoiceSettings, eInvoice: { issue: false, seller: {} } } }));
    expect(textOf(p.section())).toBe('E-invoice E-invoices are switched off in the settings: this invoice is checked as a PDF invoice only.');
    expect(queryByRole(p.dialog, 'region', 'Before sending')).toBeNull();
  });
});

describe('EInvoiceReadiness: blocks domestic B2B from the mandate, warns otherwise', () => {
  it('a German business before 1 January 2027: warns, sending stays possible', async () => {
    const p = await openPanel([makeOrder()], context(nordlicht));
    expect(p.problems()).toContain('Not e-invoice ready (2 missing, see "E-invoice"). From 1 January 2027 this will stop an invoice to a German business.');
    expect(isDisabled(p.save())).toBe(false);
  });

  it('a German business from 1 January 2027: blocks sending, with the reason', async () => {
    const p = await openPanel([makeOrder({ stops: [{ type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: '2027-01-10' }, { type: 'delivery', city: 'München', countryCode: 'DE', date: '2027-01-11' }] })], context(nordlicht, { today: '2027-01-15' }));
    expect(p.problems()).toContain('Blocking');
    expect(p.problems()).toContain('Not e-invoice ready (2 missing, see "E-invoice"). An invoice to a German business must be an e-invoice from 1 January 2027: it can\'t be sent like this.');
    expect(isDisabled(p.save())).toBe(true);
  });

  it('an EU business, even in 2027: only a warning (no German e-invoice duty)', async () => {
    const p = await openPanel([makeOrder({ customer: holland })], context(holland, { today: '2027-01-15', settings: { ...complete, eInvoice: { issue: true, seller: {} } } }));
    expect(p.problems()).toContain('Not e-invoice ready (1 missing, see "E-invoice"). It can be sent as a PDF invoice.');
    expect(isDisabled(p.save())).toBe(false);
  });
});

describe('EInvoiceReadiness: the buyer reference', () => {
  it('sevdesk needs the buyer reference: "Set buyer reference" remembers it for the customer', async () => {
    const seller = { vatId: 'DE123456789', taxNumber: '22/123/45678', iban: 'DE89370400440532013000', phone: '+49 40 1', email: 'info@example.de', street: 'Kai 1', zip: '20457', city: 'Hamburg' };
    const ctx = context(nordlicht, { connection: { provider: 'sevdesk', configured: true }, settings: { ...complete, eInvoice: { issue: true, seller } } });
    const p = await openPanel([makeOrder()], ctx);
    expect(textOf(p.section())).toContain("The customer's buyer reference is missing.");
    await click(getByRole(p.section(), 'button', 'Set buyer reference'));
    type(getByLabelText(p.section(), 'Buyer reference of Spedition Nordlicht GmbH'), ' 04011000-12345-67 ');
    await flush();
    await click(getByRole(p.section(), 'button', 'Save'));
    expect(p.fake.callsOf('setBuyerReference')).toEqual([{ origin: expect.any(String), customerId: nordlicht.id, buyerReference: '04011000-12345-67' }]);
    getByRole(p.section(), 'status', 'Buyer reference 04011000-12345-67 saved for Spedition Nordlicht GmbH.');
    expect(textOf(p.section())).not.toContain("The customer's buyer reference is missing.");
    // The extension sends sevdesk no payment method yet: that one stays, named.
    expect(textOf(p.section())).toContain('No payment method is chosen for sevdesk e-invoices.');
  });
});

describe('EInvoiceReadiness: public customers (XRechnung)', () => {
  const lexwareSeller = { vatId: 'DE123456789', taxNumber: '22/123/45678', phone: '+49 40 1', email: 'info@example.de' };
  const customerArea = (dialog: HTMLElement) => getByRole(dialog, 'region', 'Customer');

  it('Lexware: marking the customer public in the customer area asks for the Leitweg-ID and supplier number; once saved, the check is met', async () => {
    const p = await openPanel([makeOrder()], context(nordlicht, { settings: { ...complete, eInvoice: { issue: true, seller: lexwareSeller } } }));
    expect(textOf(p.section())).toContain('E-invoice ready');
    await click(getByLabelText(customerArea(p.dialog), 'Public authority (invoice as XRechnung)'));
    type(getByLabelText(customerArea(p.dialog), 'Leitweg-ID'), '04011000-1234512345-06');
    type(getByLabelText(customerArea(p.dialog), 'Our supplier number at Spedition Nordlicht GmbH'), 'L-4711');
    await click(getByRole(customerArea(p.dialog), 'button', 'Save'));
    expect(p.fake.callsOf('setPublicCustomer')).toEqual([{ origin: expect.any(String), customerId: nordlicht.id, publicCustomer: { leitwegId: '04011000-1234512345-06', vendorNumberAtCustomer: 'L-4711' } }]);
    const text = textOf(p.section());
    expect(text).toContain('E-invoice ready');
    expect(text).toContain("Lexware Office needs your bank account in the invoice layout's footer.");
  });

  it('a stored public customer with a mistyped Leitweg-ID is named, and sending is stopped', async () => {
    const ctx = context(nordlicht, { settings: { ...complete, eInvoice: { issue: true, seller: lexwareSeller } }, publicCustomers: { [nordlicht.id]: { leitwegId: '04011000-1234512345-60', vendorNumberAtCustomer: 'L-4711' } } });
    const p = await openPanel([makeOrder()], ctx);
    expect(textOf(p.section())).toContain('The Leitweg-ID "04011000-1234512345-60" is not valid (format or check digits). Enter it under "Public authority" in the customer area above.');
    expect(p.problems()).toContain('Not XRechnung ready (1 missing, see "E-invoice"). A public authority accepts only XRechnungen: it can\'t be sent like this.');
    expect(isDisabled(p.save())).toBe(true);
  });

  it('sevdesk: the preview says that the e-invoice is ZUGFeRD, not XRechnung', async () => {
    const seller = { ...lexwareSeller, iban: 'DE89370400440532013000', street: 'Kai 1', zip: '20457', city: 'Hamburg' };
    const ctx = context(nordlicht, { connection: { provider: 'sevdesk', configured: true }, settings: { ...complete, eInvoice: { issue: true, seller } }, publicCustomers: { [nordlicht.id]: { leitwegId: '991-33333TEST-33' } } });
    const p = await openPanel([makeOrder()], ctx);
    expect(textOf(p.section())).toContain('sevdesk creates a ZUGFeRD e-invoice through its API, not an XRechnung.');
    expect(textOf(p.section())).not.toContain("The customer's buyer reference is missing.");
  });
});
