import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ContactPicker from './ContactPicker.vue';
import { click, flush, getByLabelText, getByRole, queryAllByRole, queryByRole, textOf, type } from '@/tests/support/dom';
import { nordlicht } from '@/tests/support/orders';
import { deferred, plugins } from '@/tests/support/panel';
import type { ContactRef } from '@/utils/domain/invoice';
import type { Customer } from '@/utils/domain/order';
import type { Locale } from '@/utils/i18n/translate';
import type { Failure, ResponseOf } from '@/utils/messaging';

// Attached to the document: a form submits only when it is in one.
enableAutoUnmount(afterEach);

type SearchAnswer = ResponseOf<'searchContacts'>;
type SuggestAnswer = ResponseOf<'suggestContacts'>;

interface Options {
  contact?: ContactRef | null;
  customer?: Customer;
  search?: SearchAnswer | (() => Promise<SearchAnswer>);
  suggest?: SuggestAnswer | (() => Promise<SuggestAnswer>);
  link?: Failure['error'] | null;
  create?: Failure['error'] | null;
  cancellable?: boolean;
  locale?: Locale;
}

function mountPicker(options: Options = {}) {
  const answer = options.search ?? { ok: true, contacts: [] };
  const search = vi.fn(async (_query: string) => (typeof answer === 'function' ? answer() : answer));
  const suggestAnswer = options.suggest;
  const suggest = suggestAnswer === undefined ? undefined : vi.fn(async () => (typeof suggestAnswer === 'function' ? suggestAnswer() : suggestAnswer));
  const link = vi.fn(async (_contact: ContactRef) => options.link ?? null);
  const create = vi.fn(async () => options.create ?? null);
  const wrapper = mount(ContactPicker, {
    props: {
      customer: options.customer ?? nordlicht,
      contact: options.contact ?? null,
      provider: 'lexware',
      search,
      link,
      create,
      ...(suggest ? { suggest } : {}),
      ...(options.cancellable ? { cancellable: true } : {}),
    },
    global: { plugins: plugins(options.locale) },
    attachTo: document.body,
  });
  return { wrapper, search, suggest, link, create };
}

async function searchFor(wrapper: ReturnType<typeof mountPicker>['wrapper'], query: string) {
  type(getByLabelText(wrapper, 'Search contacts in Lexware Office'), query);
  await click(getByRole(wrapper, 'button', 'Search'));
}

const contacts = [
  { id: 'c-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789', city: 'Hamburg' },
  { id: 'c-2', name: 'Nordlicht Logistik KG', vatId: 'DE999999999' },
];

const suggestions: SuggestAnswer = {
  ok: true,
  suggestions: [
    { contact: { id: 'c-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' }, reason: 'vat-id', detail: 'DE123456789' },
    { contact: { id: 'c-3', name: 'Nordlicht', customerNumber: '10001' }, reason: 'name', detail: 'nordlicht' },
    { contact: { id: 'c-4', name: 'Nordlicht Spedition', customerNumber: '10001' }, reason: 'customer-number', detail: '10001' },
  ],
};

describe('ContactPicker: linked and searching', () => {
  it('shows the linked contact and lets the user change it, or cancel the change', async () => {
    const { wrapper } = mountPicker({ contact: { id: 'c-1', name: 'Nordlicht (Lexware)' } });
    expect(wrapper.text()).toContain('Linked to Nordlicht (Lexware)');
    expect(queryByRole(wrapper, 'search')).toBeNull();

    await click(getByRole(wrapper, 'button', 'Change'));

    getByRole(wrapper, 'search');
    expect(wrapper.text()).not.toContain('Linked to');

    // Not "Cancel": the preview's own Cancel closes the preview.
    await click(getByRole(wrapper, 'button', 'Keep the current contact'));
    expect(wrapper.text()).toContain('Linked to Nordlicht (Lexware)');
  });

  it('says the customer is not linked and offers a search prefilled with the customer\'s name', () => {
    const { wrapper } = mountPicker();
    expect(wrapper.text()).toContain('Spedition Nordlicht GmbH is not linked to a Lexware Office contact yet.');
    expect(getByLabelText(wrapper, 'Search contacts in Lexware Office').value).toBe('Spedition Nordlicht GmbH');
    // Nothing to cancel in the preview: the customer needs a contact.
    expect(queryByRole(wrapper, 'button', 'Cancel')).toBeNull();
    expect(queryByRole(wrapper, 'button', 'Keep the current contact')).toBeNull();
  });

  it('searches for what the user typed and lists the contacts found', async () => {
    const { wrapper, search } = mountPicker({ search: { ok: true, contacts } });
    await searchFor(wrapper, '  Nordlicht ');

    expect(search).toHaveBeenCalledWith('Nordlicht');
    expect(wrapper.text()).toContain('No. 10001 · DE123456789 · Hamburg');
    expect(wrapper.text()).toContain('DE999999999');
    getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH');
    getByRole(wrapper, 'button', 'Link: Nordlicht Logistik KG');
  });

  it('does not search for nothing', async () => {
    const { wrapper, search } = mountPicker();
    await searchFor(wrapper, '   ');
    expect(search).not.toHaveBeenCalled();
  });

  it('shows that it is searching, and disables the buttons meanwhile', async () => {
    const pending = deferred<SearchAnswer>();
    const { wrapper } = mountPicker({ search: () => pending.promise });
    await searchFor(wrapper, 'Nordlicht');

    expect(getByRole(wrapper, 'status').textContent).toBe('Searching…');
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(true);

    pending.resolve({ ok: true, contacts });
    await flush();
    expect(queryByRole(wrapper, 'status')).toBeNull();
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(false);
  });

  it('links the chosen contact and says so', async () => {
    const { wrapper, link } = mountPicker({ search: { ok: true, contacts } });
    await searchFor(wrapper, 'Nordlicht');
    await click(getByRole(wrapper, 'button', 'Link: Nordlicht Logistik KG'));
    expect(link).toHaveBeenCalledWith({ id: 'c-2', name: 'Nordlicht Logistik KG' });
    expect(queryByRole(wrapper, 'alert')).toBeNull();
    expect(wrapper.emitted('linked')).toHaveLength(1);
  });

  it('says when nothing was found', async () => {
    const { wrapper } = mountPicker({ search: { ok: true, contacts: [] } });
    await searchFor(wrapper, 'Nirgendwo');
    expect(getByRole(wrapper, 'status').textContent).toBe('No contact found for "Nirgendwo".');
  });
});

describe('ContactPicker: refusals', () => {
  it('puts a refused search into words', async () => {
    const { wrapper } = mountPicker({ search: { ok: false, error: { code: 'auth', message: 'HTTP 401', status: 401 } } });
    await searchFor(wrapper, 'Nordlicht');
    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office refused the API key. Check the key in the settings.');
  });

  it('says what to search for when the billing system refuses the search itself', async () => {
    const { wrapper } = mountPicker({ search: { ok: false, error: { code: 'validation', message: 'size must be between 3 and 128', status: 400 } } });
    await searchFor(wrapper, 'ab');
    expect(getByRole(wrapper, 'alert').textContent).toBe(
      'Lexware Office refused this search. Search for a name (at least 3 letters), a customer number, an e-mail address or a VAT ID.',
    );
  });

  it('puts a failed link into words and stays open, nothing linked', async () => {
    const { wrapper } = mountPicker({ search: { ok: true, contacts }, link: { code: 'rate-limited', message: '429' } });
    await searchFor(wrapper, 'Nordlicht');
    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office is busy. Wait a minute and try again.');
    expect(wrapper.emitted('linked')).toBeUndefined();
    getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH');
  });

  it('shows a search that failed outright (the background did not answer) instead of swallowing it', async () => {
    const { wrapper } = mountPicker({ search: () => Promise.reject(new Error('Could not establish connection')) });
    await searchFor(wrapper, 'Nordlicht');
    expect(getByRole(wrapper, 'alert').textContent).toBe('Frachtbeleg did not answer just now. Nothing was lost or sent twice; please try again in a moment.');
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a link or create that failed outright', async () => {
    const { wrapper, link, create } = mountPicker({ search: { ok: true, contacts } });
    link.mockRejectedValueOnce(new Error('Refused: unknown sender'));
    create.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await searchFor(wrapper, 'Nordlicht');

    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Something unexpected went wrong. Nothing was lost or sent twice; please try again.');

    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Frachtbeleg was updated meanwhile. Reload this page to go on; nothing was lost.');
  });
});

describe('ContactPicker: suggestions', () => {
  it('shows the likely contacts with the reason for each', async () => {
    const { wrapper, suggest } = mountPicker({ suggest: suggestions });
    await flush();
    expect(suggest).toHaveBeenCalledTimes(1);
    const items = queryAllByRole(getByRole(wrapper, 'list', 'Suggested contacts'), 'listitem').map((li) => textOf(li));
    expect(items).toEqual([
      'Suggested: Spedition Nordlicht GmbH — same VAT ID DE123456789 Link',
      'Suggested: Nordlicht — same name, ignoring legal form and punctuation Link',
      'Suggested: Nordlicht Spedition — same customer number 10001 Link',
    ]);
  });

  it('links a suggestion with one click', async () => {
    const { wrapper, link } = mountPicker({ suggest: suggestions });
    await flush();
    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));
    expect(link).toHaveBeenCalledWith({ id: 'c-1', name: 'Spedition Nordlicht GmbH' });
    expect(wrapper.emitted('linked')).toHaveLength(1);
  });

  it('says it is looking, then that nothing likely was found', async () => {
    const pending = deferred<SuggestAnswer>();
    const { wrapper } = mountPicker({ suggest: () => pending.promise });
    await flush();
    expect(wrapper.text()).toContain('Looking for likely contacts…');
    pending.resolve({ ok: true, suggestions: [] });
    await flush();
    expect(wrapper.text()).toContain('No likely contact found: search below, or create a new one.');
  });

  it('says why there are no suggestions when the billing system refused, and the search still works', async () => {
    const { wrapper, search } = mountPicker({ suggest: { ok: false, error: { code: 'rate-limited', message: '429', status: 429 } }, search: { ok: true, contacts } });
    await flush();
    expect(wrapper.text()).toContain('No suggestions: Lexware Office is busy. Wait a minute and try again.');
    await searchFor(wrapper, 'Nordlicht');
    expect(search).toHaveBeenCalledWith('Nordlicht');
    getByRole(wrapper, 'button', 'Link: Nordlicht Logistik KG');
  });

  it('makes room for the search results once the user searches', async () => {
    const { wrapper } = mountPicker({ suggest: suggestions, search: { ok: true, contacts } });
    await flush();
    await searchFor(wrapper, 'Nordlicht');
    expect(queryByRole(wrapper, 'list', 'Suggested contacts')).toBeNull();
    // One button per contact: the search result's.
    getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH');
  });

  it('asks for suggestions only when the picker opens', async () => {
    const { wrapper, suggest } = mountPicker({ contact: { id: 'c-1', name: 'Spedition Nordlicht GmbH' }, suggest: suggestions });
    await flush();
    expect(suggest).not.toHaveBeenCalled();
    await click(getByRole(wrapper, 'button', 'Change'));
    expect(suggest).toHaveBeenCalledTimes(1);
    getByRole(wrapper, 'list', 'Suggested contacts');
  });

  it('speaks German', async () => {
    const { wrapper } = mountPicker({ suggest: suggestions, locale: 'de' });
    await flush();
    expect(textOf(queryAllByRole(wrapper, 'listitem')[0]!)).toBe('Vorschlag: Spedition Nordlicht GmbH — gleiche USt-IdNr. DE123456789 Verknüpfen');
    getByRole(wrapper, 'button', 'Verknüpfen: Spedition Nordlicht GmbH');
  });
});

describe('ContactPicker: a new contact from the TMS data', () => {
  it('first shows what will be sent, then creates and links', async () => {
    const { wrapper, create } = mountPicker();
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));

    expect(create).not.toHaveBeenCalled();
    const confirm = getByRole(wrapper, 'group', 'Create this contact in Lexware Office?');
    const rows = [...confirm.querySelectorAll('dt')].map((dt) => `${textOf(dt)}: ${textOf(dt.nextElementSibling!)}`);
    expect(rows).toEqual([
      'Name: Spedition Nordlicht GmbH',
      'Billing address: Hafenstraße 12, 20457 Hamburg, DE',
      'VAT ID: DE123456789',
      'E-mail: buchhaltung@nordlicht.example',
    ]);
    expect(document.activeElement).toBe(getByRole(wrapper, 'button', 'Create and link'));

    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(create).toHaveBeenCalledTimes(1);
    expect(wrapper.emitted('linked')).toHaveLength(1);
  });

  it('says which details the TMS does not have', async () => {
    const { wrapper } = mountPicker({ customer: { id: 'C-9', name: 'Kleinkunde' } });
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    expect(textOf(getByRole(wrapper, 'group'))).toContain('Billing address not in the TMS VAT ID not in the TMS E-mail not in the TMS');
  });

  it('goes back to the search without creating anything', async () => {
    const { wrapper, create } = mountPicker();
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Back'));
    expect(create).not.toHaveBeenCalled();
    getByRole(wrapper, 'search');
    expect(document.activeElement).toBe(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
  });

  it('shows that it is creating, with the buttons disabled', async () => {
    const pending = deferred<Failure['error'] | null>();
    const { wrapper, create } = mountPicker();
    create.mockReturnValueOnce(pending.promise);
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(getByRole(wrapper, 'status').textContent).toBe('Creating the contact…');
    expect((getByRole(wrapper, 'button', 'Create and link') as HTMLButtonElement).disabled).toBe(true);
    pending.resolve(null);
    await flush();
    expect(wrapper.emitted('linked')).toHaveLength(1);
  });

  it('says what the billing system refused in the contact, and links nothing', async () => {
    const { wrapper } = mountPicker({ create: { code: 'validation', message: 'invalid', fields: [{ field: 'company.vatRegistrationId', key: 'vatId' }] } });
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(getByRole(wrapper, 'alert').textContent).toBe(
      'Lexware Office refused the contact: the VAT ID. Correct the customer in the TMS, or link an existing contact. Nothing was linked.',
    );
    expect(wrapper.emitted('linked')).toBeUndefined();
    getByRole(wrapper, 'button', 'Create and link');
  });

  it('says when the connection failed while creating', async () => {
    const { wrapper } = mountPicker({ create: { code: 'network', message: 'offline' } });
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    await click(getByRole(wrapper, 'button', 'Create and link'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('No connection to Lexware Office. Check your internet connection.');
  });
});

describe('ContactPicker in the popup', () => {
  it('opens straight into the picker for a linked customer and can be cancelled', async () => {
    const { wrapper } = mountPicker({ contact: { id: 'c-1', name: 'Spedition Nordlicht GmbH' }, cancellable: true });
    getByRole(wrapper, 'search');
    await click(getByRole(wrapper, 'button', 'Cancel'));
    expect(wrapper.emitted('cancel')).toHaveLength(1);
  });
});
