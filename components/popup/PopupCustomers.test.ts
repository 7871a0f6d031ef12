import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import PopupCustomers from './PopupCustomers.vue';
import { click, flush, getByLabelText, getByRole, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { fakeBackground, listed, type BackgroundAnswers, type ListedCustomer } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import type { Locale } from '@/utils/i18n/translate';

enableAutoUnmount(afterEach);

const bayern = { id: '10002', name: 'Bayern Logistik AG', customerNumber: '10002', vatId: 'DE234567891' };
const polex = { id: '10005', name: 'Polex Transport Sp. z o.o.', customerNumber: '10005' };

const roster: ListedCustomer[] = [
  listed({ customer: nordlicht, onActiveTab: true, contact: 'Spedition Nordlicht GmbH' }),
  listed({ customer: bayern }),
  listed({ customer: polex, contact: 'Polex Transport' }),
];

async function mountCustomers(customers: ListedCustomer[] | (() => ListedCustomer[]), options: { answers?: BackgroundAnswers; tabId?: number | null; locale?: Locale } = {}) {
  const list = typeof customers === 'function' ? customers : () => customers;
  const background = fakeBackground({ listCustomers: () => ({ provider: 'lexware', customers: list() }), ...options.answers });
  const wrapper = mount(PopupCustomers, {
    props: { tabId: options.tabId === undefined ? 7 : options.tabId },
    global: { plugins: plugins(options.locale ?? 'en') },
    attachTo: document.body,
  });
  await flush();
  return { wrapper, background };
}

const rows = (wrapper: Awaited<ReturnType<typeof mountCustomers>>['wrapper']) =>
  queryAllByRole(getByRole(wrapper, 'list', 'Customers'), 'listitem').map((li) => textOf(li));
const rowOf = (wrapper: Awaited<ReturnType<typeof mountCustomers>>['wrapper'], name: string) =>
  queryAllByRole(getByRole(wrapper, 'list', 'Customers'), 'listitem').find((li) => textOf(li).startsWith(name))!;

describe('PopupCustomers: the list', () => {
  it('asks for the customers of the current tab and shows each with its link state', async () => {
    const { wrapper, background } = await mountCustomers(roster);
    expect(background.callsOf('listCustomers')).toEqual([{ activeTabId: 7 }]);
    expect(rows(wrapper)).toEqual([
      'Spedition Nordlicht GmbH On this page No. 10001 Linked to Spedition Nordlicht GmbH One invoice per order Collective invoice weekly monthly Relink Unlink Public authority…',
      'Bayern Logistik AG No. 10002 Not linked Link Public authority…',
      'Polex Transport Sp. z o.o. No. 10005 Linked to Polex Transport One invoice per order Collective invoice weekly monthly Relink Unlink Public authority…',
    ]);
  });

  it('waits until it knows the tab, and asks without one when there is none', async () => {
    const { background } = await mountCustomers(roster, { tabId: null });
    expect(background.callsOf('listCustomers')).toEqual([{ activeTabId: null }]);
  });

  it('names the site of each customer when they come from several TMS sites', async () => {
    const { wrapper } = await mountCustomers([listed(), listed({ origin: 'https://tms.example.com', customer: bayern })]);
    expect(rows(wrapper)[1]).toBe('Bayern Logistik AG No. 10002 tms.example.com Not linked Link Public authority…');
  });

  it('filters by name, customer number, VAT ID or linked contact, ignoring case and accents', async () => {
    const { wrapper } = await mountCustomers(roster);
    const filter = getByLabelText(wrapper, 'Filter customers');

    type(filter, 'bayern');
    await flush();
    expect(rows(wrapper).map((r) => r.split(' No.')[0])).toEqual(['Bayern Logistik AG']);

    type(filter, '10005');
    await flush();
    expect(rows(wrapper).map((r) => r.split(' No.')[0])).toEqual(['Polex Transport Sp. z o.o.']);

    type(filter, 'POLEX transport');
    await flush();
    expect(rows(wrapper)).toHaveLength(1);

    type(filter, 'spédition');
    await flush();
    expect(rows(wrapper).map((r) => r.split(' On')[0])).toEqual(['Spedition Nordlicht GmbH']);

    type(filter, 'Nirgendwo');
    await flush();
    expect(queryByRole(wrapper, 'list', 'Customers')).toBeNull();
    expect(wrapper.text()).toContain('No customer matches "Nirgendwo".');
  });

  it('shows the first 50 of many and says how to find the others', async () => {
    const many = Array.from({ length: 120 }, (_, i) => listed({ customer: { id: `K-${i}`, name: `Kunde ${String(i).padStart(3, '0')}` } }));
    const { wrapper } = await mountCustomers(many);
    expect(rows(wrapper)).toHaveLength(50);
    expect(wrapper.text()).toContain('Showing 50 of 120: type to find others.');
    type(getByLabelText(wrapper, 'Filter customers'), 'Kunde 11');
    await flush();
    // "011" and "110" to "119".
    expect(rows(wrapper)).toHaveLength(11);
    expect(wrapper.text()).not.toContain('Showing');
  });

  it('explains where customers come from when there are none yet', async () => {
    const { wrapper } = await mountCustomers([]);
    expect(textOf(getByRole(wrapper, 'region', 'Customers'))).toBe(
      'Customers No customers yet. Open an order list or an invoice preview in your TMS, and its customers appear here.',
    );
  });

  it('says so when the extension does not answer', async () => {
    const { wrapper } = await mountCustomers([], { answers: { listCustomers: null as never } });
    expect(getByRole(wrapper, 'alert').textContent).toBe('The extension did not answer. Reload the page and try again.');
  });

  it('hands Link and Relink to the popup with the customer and the billing system', async () => {
    const { wrapper } = await mountCustomers(roster);
    await click(getByRole(rowOf(wrapper, 'Bayern'), 'button', 'Link'));
    await click(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Relink'));
    expect(wrapper.emitted('pick')).toEqual([
      [roster[1], 'lexware'],
      [roster[2], 'lexware'],
    ]);
  });

  it('tells assistive technology which customer each button is for', async () => {
    const { wrapper } = await mountCustomers(roster);
    const button = getByRole(rowOf(wrapper, 'Bayern'), 'button', 'Link');
    const described = document.getElementById(button.getAttribute('aria-describedby')!);
    expect(described?.textContent).toBe('Bayern Logistik AG');
  });

  it('speaks German', async () => {
    const { wrapper } = await mountCustomers(roster, { locale: 'de' });
    expect(queryAllByRole(getByRole(wrapper, 'list', 'Kunden'), 'listitem').map((li) => textOf(li))[1]).toBe('Bayern Logistik AG Nr. 10002 Nicht verknüpft Verknüpfen Öffentlicher Auftraggeber…');
    getByLabelText(wrapper, 'Kunden filtern');
  });
});

describe('PopupCustomers: unlinking', () => {
  it('asks first; keeping the link changes nothing', async () => {
    const { wrapper, background } = await mountCustomers(roster);
    const row = rowOf(wrapper, 'Polex');
    await click(getByRole(row, 'button', 'Unlink'));

    const question = getByRole(row, 'group');
    expect(textOf(question)).toBe('Unlink Polex Transport Sp. z o.o. from Polex Transport? Its next invoice needs a contact again. Yes, unlink Keep the link');
    expect(document.activeElement).toBe(getByRole(row, 'button', 'Keep the link'));

    await click(getByRole(row, 'button', 'Keep the link'));
    expect(queryByRole(row, 'group')).toBeNull();
    expect(background.callsOf('unlinkCustomer')).toEqual([]);
    expect(document.activeElement).toBe(getByRole(row, 'button', 'Unlink'));
  });

  it('unlinks after the confirmation, shows the new state and says so', async () => {
    let customers = roster;
    const { wrapper, background } = await mountCustomers(() => customers, {
      answers: {
        unlinkCustomer: () => {
          customers = roster.map((c) => (c.customer.id === polex.id ? { ...c, link: null } : c));
          return { ok: true };
        },
      },
    });
    await click(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Unlink'));
    await click(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Yes, unlink'));

    expect(background.callsOf('unlinkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: '10005' }]);
    expect(textOf(rowOf(wrapper, 'Polex'))).toBe('Polex Transport Sp. z o.o. No. 10005 Not linked Link Public authority…');
    expect(getByRole(wrapper, 'status').textContent).toBe('Polex Transport Sp. z o.o. is no longer linked.');
    expect(document.activeElement).toBe(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Link'));
  });

  it('says so when unlinking fails, and keeps the link', async () => {
    const { wrapper } = await mountCustomers(roster, { answers: { unlinkCustomer: null as never } });
    await click(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Unlink'));
    await click(getByRole(rowOf(wrapper, 'Polex'), 'button', 'Yes, unlink'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Something unexpected went wrong. Nothing was lost or sent twice; please try again.');
    expect(textOf(rowOf(wrapper, 'Polex'))).toContain('Linked to Polex Transport');
  });
});

describe('PopupCustomers: billing mode', () => {
  it('lets a linked customer be billed with one invoice per order, and shows the choice once stored', async () => {
    let customers = roster;
    const { wrapper, background } = await mountCustomers(() => customers, {
      answers: {
        setBillingMode: ({ customerId, mode }) => {
          customers = customers.map((c) => (c.customer.id === customerId && c.link ? { ...c, link: { ...c.link, billingMode: mode } } : c));
          return { ok: true };
        },
      },
    });
    // Only linked customers have a choice: it lives with the link.
    expect(queryByRole(rowOf(wrapper, 'Bayern Logistik AG'), 'checkbox')).toBeNull();
    const single = getByRole(rowOf(wrapper, 'Polex Transport'), 'checkbox', 'One invoice per order for Polex Transport Sp. z o.o.') as HTMLInputElement;
    expect(single.checked).toBe(false);
    await click(single);
    await flush();
    expect(background.callsOf('setBillingMode')).toEqual([{ origin: TMS_ORIGIN, customerId: polex.id, mode: 'single' }]);
    expect((getByRole(rowOf(wrapper, 'Polex Transport'), 'checkbox', 'One invoice per order for Polex Transport Sp. z o.o.') as HTMLInputElement).checked).toBe(true);
  });
});

describe('PopupCustomers: collective period', () => {
  it('lets a collective customer be billed weekly instead of monthly, and hides the choice for single invoices', async () => {
    let customers = roster;
    const { wrapper, background } = await mountCustomers(() => customers, {
      answers: {
        setBillingMode: ({ customerId, mode, period }) => {
          customers = customers.map((c) => (c.customer.id === customerId && c.link ? { ...c, link: { ...c.link, billingMode: mode, ...(period ? { period } : {}) } } : c));
          return { ok: true };
        },
      },
    });
    const period = getByRole(rowOf(wrapper, 'Polex Transport'), 'combobox', 'Collective invoice for Polex Transport Sp. z o.o.') as HTMLSelectElement;
    expect(period.value).toBe('monthly');
    period.value = 'weekly';
    period.dispatchEvent(new Event('change'));
    await flush();
    expect(background.callsOf('setBillingMode')).toEqual([{ origin: TMS_ORIGIN, customerId: polex.id, mode: 'collective', period: 'weekly' }]);
    expect((getByRole(rowOf(wrapper, 'Polex Transport'), 'combobox', 'Collective invoice for Polex Transport Sp. z o.o.') as HTMLSelectElement).value).toBe('weekly');

    await click(getByRole(rowOf(wrapper, 'Polex Transport'), 'checkbox', 'One invoice per order for Polex Transport Sp. z o.o.'));
    await flush();
    expect(queryByRole(rowOf(wrapper, 'Polex Transport'), 'combobox')).toBeNull();
  });
});

describe('PopupCustomers: public authorities (XRechnung)', () => {
  it('marks a customer as public authority with its Leitweg-ID, saves it, and shows the mark', async () => {
    let customers: ListedCustomer[] = roster;
    const { wrapper, background } = await mountCustomers(() => customers, {
      answers: {
        setPublicCustomer: (req) => {
          customers = customers.map((c) => (c.customer.id === req.customerId && req.publicCustomer ? { ...c, publicCustomer: req.publicCustomer } : c));
          return { ok: true };
        },
      },
    });
    const toggle = getByRole(rowOf(wrapper, 'Bayern Logistik AG'), 'button', 'Public authority details of Bayern Logistik AG');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const row = rowOf(wrapper, 'Bayern Logistik AG');
    await click(getByLabelText(row, 'Public authority (invoice as XRechnung)'));
    type(getByLabelText(row, 'Leitweg-ID'), '991-33333TEST-33');
    type(getByLabelText(row, 'Our supplier number at Bayern Logistik AG'), 'K-881');
    await click(getByRole(row, 'button', 'Save'));
    await flush();
    expect(background.callsOf('setPublicCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: '10002', publicCustomer: { leitwegId: '991-33333TEST-33', vendorNumberAtCustomer: 'K-881' } }]);
    expect(textOf(getByRole(rowOf(wrapper, 'Bayern Logistik AG'), 'status'))).toBe('Bayern Logistik AG is invoiced as a public authority with Leitweg-ID 991-33333TEST-33.');
    expect(textOf(rowOf(wrapper, 'Bayern Logistik AG'))).toMatch(/^Bayern Logistik AG Public authority No. 10002/);
  });
});
