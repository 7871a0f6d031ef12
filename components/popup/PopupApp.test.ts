import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import PopupApp from './PopupApp.vue';
import { click, flush, getByLabelText, getByRole, queryAllByRole, textOf, type } from '@/tests/support/dom';
import { fakeBackground, listed, recentInvoice, type BackgroundAnswers, type ListedCustomer } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { TMS_ORIGIN } from '@/tests/support/orders';

enableAutoUnmount(afterEach);

const polex = { id: '10005', name: 'Polex Transport Sp. z o.o.', customerNumber: '10005', vatId: 'PL5260001246', email: 'faktury@polex.example', billingAddress: { street: 'ul. Marszałkowska 84', zip: '00-514', city: 'Warszawa', countryCode: 'PL' } };

/** A background whose list changes when the popup links or creates, as the real one's does. */
function world(answers: BackgroundAnswers = {}) {
  let customers: ListedCustomer[] = [listed({ onActiveTab: true }), listed({ customer: polex })];
  const setLink = (customerId: string, name: string) => {
    customers = customers.map((c) => (c.customer.id === customerId ? { ...c, link: { contact: { id: `id-${name}`, name }, linkedAt: '2026-11-23T10:00:00.000Z' } } : c));
  };
  return fakeBackground({
    getActivity: () => ({ jobs: [], recent: [recentInvoice()] }),
    listCustomers: () => ({ provider: 'lexware', customers }),
    suggestContacts: ({ customer }) => ({
      ok: true,
      suggestions: customer.id === '10001' ? [{ contact: { id: 'lx-1', name: 'Spedition Nordlicht GmbH', vatId: 'DE123456789' }, reason: 'vat-id', detail: 'DE123456789' }] : [],
    }),
    linkCustomer: ({ customerId, contact }) => {
      setLink(customerId, contact.name);
      return { ok: true };
    },
    createContact: ({ customer }) => {
      setLink(customer.id, customer.name);
      return { ok: true, contact: { id: 'lx-new', name: customer.name }, createdAt: '2026-11-23T10:00:00.000Z' };
    },
    ...answers,
  });
}

async function mountPopup(answers: BackgroundAnswers = {}) {
  const background = world(answers);
  const wrapper = mount(PopupApp, { props: { findTab: async () => 42, refreshMs: { active: 60_000, idle: 60_000 } }, global: { plugins: plugins() }, attachTo: document.body });
  await flush();
  return { wrapper, background };
}

/** Hidden with v-show: the element or an ancestor is not displayed. */
const hidden = (el: HTMLElement) => {
  for (let node: HTMLElement | null = el; node; node = node.parentElement) if (node.style.display === 'none') return true;
  return false;
};

const customerRow = (wrapper: Awaited<ReturnType<typeof mountPopup>>['wrapper'], name: string) =>
  queryAllByRole(getByRole(wrapper, 'list', 'Customers'), 'listitem').find((li) => textOf(li).startsWith(name))!;

describe('PopupApp', () => {
  it('shows the connection, the last invoices and the customers of the current tab', async () => {
    const { wrapper, background } = await mountPopup();
    expect(textOf(wrapper.find('.popup-connection').element)).toBe('Lexware Office Connected to Fuhrunternehmen Sandmann GmbH');
    expect(textOf(getByRole(wrapper, 'region', 'Last invoices'))).toContain('RE0001 Spedition Nordlicht GmbH €1,487.50');
    expect(background.callsOf('listCustomers')).toEqual([{ activeTabId: 42 }]);
    expect(textOf(customerRow(wrapper, 'Spedition Nordlicht GmbH'))).toContain('On this page');
  });

  it('links a customer to a suggested contact with one click, then shows the list again', async () => {
    const { wrapper, background } = await mountPopup();
    await click(getByRole(customerRow(wrapper, 'Spedition Nordlicht GmbH'), 'button', 'Link'));

    getByRole(wrapper, 'heading', 'Link Spedition Nordlicht GmbH');
    expect(hidden(getByRole(wrapper, 'region', 'Last invoices'))).toBe(true);
    expect(document.activeElement).toBe(getByLabelText(wrapper, 'Search contacts in Lexware Office'));
    expect(wrapper.text()).toContain('Suggested: Spedition Nordlicht GmbH — same VAT ID DE123456789');

    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));

    expect(background.callsOf('linkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: '10001', contact: { id: 'lx-1', name: 'Spedition Nordlicht GmbH' } }]);
    expect(getByRole(wrapper, 'status').textContent).toBe('Spedition Nordlicht GmbH is now linked to "Spedition Nordlicht GmbH".');
    expect(hidden(getByRole(wrapper, 'region', 'Last invoices'))).toBe(false);
    expect(textOf(customerRow(wrapper, 'Spedition Nordlicht GmbH'))).toContain('Linked to Spedition Nordlicht GmbH One invoice per order Collective invoice weekly monthly Relink Unlink');
    expect(document.activeElement).toBe(getByRole(customerRow(wrapper, 'Spedition Nordlicht GmbH'), 'button', 'Relink'));
  });

  it('links a customer found by searching', async () => {
    const { wrapper, background } = await mountPopup({
      searchContacts: ({ query }) => ({ ok: true, contacts: query === '20017' ? [{ id: '74100233', name: 'Polex Transport Sp. z o.o.', customerNumber: '20017' }] : [] }),
    });
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    expect(wrapper.text()).toContain('No likely contact found: search below, or create a new one.');

    type(getByLabelText(wrapper, 'Search contacts in Lexware Office'), '20017');
    await click(getByRole(wrapper, 'button', 'Search'));
    await click(getByRole(wrapper, 'button', 'Link: Polex Transport Sp. z o.o.'));

    expect(background.callsOf('linkCustomer')).toEqual([{ origin: TMS_ORIGIN, customerId: '10005', contact: { id: '74100233', name: 'Polex Transport Sp. z o.o.' } }]);
    expect(textOf(customerRow(wrapper, 'Polex'))).toContain('Linked to Polex Transport Sp. z o.o.');
  });

  it('shows the refusal when the billing system refuses the search, and links nothing', async () => {
    const { wrapper, background } = await mountPopup({ searchContacts: () => ({ ok: false, error: { code: 'rate-limited', message: 'HTTP 429', status: 429 } }) });
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    await click(getByRole(wrapper, 'button', 'Search'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office is busy. Wait a minute and try again.');
    expect(background.callsOf('linkCustomer')).toEqual([]);
    // Still in the picker, to try again.
    getByRole(wrapper, 'search');
  });

  it('creates a contact from the TMS data after showing what will be sent', async () => {
    const { wrapper, background } = await mountPopup();
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    expect(textOf(getByRole(wrapper, 'group', 'Create this contact in Lexware Office?'))).toContain(
      'Name Polex Transport Sp. z o.o. Billing address ul. Marszałkowska 84, 00-514 Warszawa, PL VAT ID PL5260001246 E-mail faktury@polex.example',
    );
    expect(background.callsOf('createContact')).toEqual([]);

    await click(getByRole(wrapper, 'button', 'Create and link'));

    expect(background.callsOf('createContact')).toEqual([{ origin: TMS_ORIGIN, customer: polex }]);
    expect(getByRole(wrapper, 'status').textContent).toBe('Polex Transport Sp. z o.o. is now linked to "Polex Transport Sp. z o.o.".');
  });

  it('says which parts of a created contact are missing (sevdesk)', async () => {
    const { wrapper } = await mountPopup({
      createContact: ({ customer }) => ({ ok: true, contact: { id: 'sd-1', name: customer.name }, createdAt: '2026-11-23T10:00:00.000Z', incomplete: ['email'] }),
    });
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(getByRole(wrapper, 'status').textContent).toBe(
      'Polex Transport Sp. z o.o. is now linked to "Polex Transport Sp. z o.o.". The contact was created and linked, but its e-mail address could not be saved. Complete it in Lexware Office.',
    );
  });

  it('goes back to the list without linking, with Cancel or Back to customers', async () => {
    const { wrapper, background } = await mountPopup();
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    await click(getByRole(wrapper, 'button', 'Cancel'));
    expect(document.activeElement).toBe(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));

    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Link'));
    await click(getByRole(wrapper, 'button', '← Back to customers'));
    expect(hidden(getByRole(wrapper, 'region', 'Last invoices'))).toBe(false);
    expect(background.callsOf('linkCustomer')).toEqual([]);
  });

  it('relinks a linked customer: the picker opens on its current contact', async () => {
    const { wrapper, background } = await mountPopup({
      listCustomers: () => ({ provider: 'sevdesk', customers: [listed({ customer: polex, contact: 'Polex (alt)' })] }),
      searchContacts: () => ({ ok: true, contacts: [{ id: '74100233', name: 'Polex Transport Sp. z o.o.' }] }),
    });
    await click(getByRole(customerRow(wrapper, 'Polex'), 'button', 'Relink'));
    getByLabelText(wrapper, 'Search contacts in sevdesk');
    expect(wrapper.text()).not.toContain('is not linked');
    await click(getByRole(wrapper, 'button', 'Search'));
    await click(getByRole(wrapper, 'button', 'Link: Polex Transport Sp. z o.o.'));
    expect(background.callsOf('linkCustomer')).toHaveLength(1);
  });

  it('opens the invoice book, and says so when it cannot', async () => {
    const { wrapper, background } = await mountPopup({ openBook: () => ({ ok: true }) });
    await click(getByRole(wrapper, 'button', 'Invoice book'));
    expect(background.callsOf('openBook')).toEqual([{}]);
    expect(queryAllByRole(wrapper, 'alert')).toEqual([]);

    background.answer('openBook', () => ({ ok: false, error: { code: 'internal', message: 'No tab could be created' } }));
    await click(getByRole(wrapper, 'button', 'Invoice book'));
    expect(textOf(getByRole(wrapper, 'alert'))).toBe('The invoice book could not be opened: No tab could be created');
  });
});
