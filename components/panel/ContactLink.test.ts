import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ContactLink from './ContactLink.vue';
import { click, flush, getByLabelText, getByRole, queryByRole, type } from '@/tests/support/dom';
import { nordlicht } from '@/tests/support/orders';
import { deferred, plugins } from '@/tests/support/panel';
import type { ContactRef } from '@/utils/domain/invoice';
import type { Failure, ResponseOf } from '@/utils/messaging';

// Attached to the document: a form submits only when it is in one.
enableAutoUnmount(afterEach);

type SearchAnswer = ResponseOf<'searchContacts'>;

function mountLink(options: { contact?: ContactRef | null; search?: SearchAnswer | (() => Promise<SearchAnswer>); link?: Failure['error'] | null; create?: Failure['error'] | null } = {}) {
  const answer = options.search ?? { ok: true, contacts: [] };
  const search = vi.fn(async (_query: string) => (typeof answer === 'function' ? answer() : answer));
  const link = vi.fn(async (_contact: ContactRef) => options.link ?? null);
  const create = vi.fn(async () => options.create ?? null);
  const wrapper = mount(ContactLink, {
    props: { customer: nordlicht, contact: options.contact ?? null, provider: 'lexware', search, link, create },
    global: { plugins: plugins() },
    attachTo: document.body,
  });
  return { wrapper, search, link, create };
}

async function searchFor(wrapper: ReturnType<typeof mountLink>['wrapper'], query: string) {
  type(getByLabelText(wrapper, 'Search contacts in Lexware Office'), query);
  await click(getByRole(wrapper, 'button', 'Search'));
}

const contacts = [
  { id: 'c-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789', city: 'Hamburg' },
  { id: 'c-2', name: 'Nordlicht Logistik KG', vatId: 'DE999999999' },
];

describe('ContactLink', () => {
  it('shows the linked contact and lets the user change it', async () => {
    const { wrapper } = mountLink({ contact: { id: 'c-1', name: 'Nordlicht (Lexware)' } });
    expect(wrapper.text()).toContain('Linked to Nordlicht (Lexware)');
    expect(queryByRole(wrapper, 'search')).toBeNull();

    await click(getByRole(wrapper, 'button', 'Change'));

    getByRole(wrapper, 'search');
    expect(wrapper.text()).not.toContain('Linked to');
  });

  it('says the customer is not linked and offers a search prefilled with the customer\'s name', () => {
    const { wrapper } = mountLink();
    expect(wrapper.text()).toContain('Spedition Nordlicht GmbH is not linked to a Lexware Office contact yet.');
    expect(getByLabelText(wrapper, 'Search contacts in Lexware Office').value).toBe('Spedition Nordlicht GmbH');
  });

  it('searches for what the user typed and lists the contacts found', async () => {
    const { wrapper, search } = mountLink({ search: { ok: true, contacts } });
    await searchFor(wrapper, '  Nordlicht ');

    expect(search).toHaveBeenCalledWith('Nordlicht');
    expect(wrapper.text()).toContain('No. 10001 · DE123456789 · Hamburg');
    expect(wrapper.text()).toContain('DE999999999');
    getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH');
    getByRole(wrapper, 'button', 'Link: Nordlicht Logistik KG');
  });

  it('does not search for nothing', async () => {
    const { wrapper, search } = mountLink();
    await searchFor(wrapper, '   ');
    expect(search).not.toHaveBeenCalled();
  });

  it('shows that it is searching, and disables the buttons meanwhile', async () => {
    const pending = deferred<SearchAnswer>();
    const { wrapper } = mountLink({ search: () => pending.promise });
    await searchFor(wrapper, 'Nordlicht');

    expect(getByRole(wrapper, 'status').textContent).toBe('Searching…');
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(true);

    pending.resolve({ ok: true, contacts });
    await flush();
    expect(queryByRole(wrapper, 'status')).toBeNull();
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(false);
  });

  it('links the chosen contact', async () => {
    const { wrapper, link } = mountLink({ search: { ok: true, contacts } });
    await searchFor(wrapper, 'Nordlicht');
    await click(getByRole(wrapper, 'button', 'Link: Nordlicht Logistik KG'));
    expect(link).toHaveBeenCalledWith({ id: 'c-2', name: 'Nordlicht Logistik KG' });
    expect(queryByRole(wrapper, 'alert')).toBeNull();
  });

  it('says when nothing was found', async () => {
    const { wrapper } = mountLink({ search: { ok: true, contacts: [] } });
    await searchFor(wrapper, 'Nirgendwo');
    expect(getByRole(wrapper, 'status').textContent).toBe('No contact found for "Nirgendwo".');
  });

  it('puts a refused search into words', async () => {
    const { wrapper } = mountLink({ search: { ok: false, error: { code: 'auth', message: 'HTTP 401', status: 401 } } });
    await searchFor(wrapper, 'Nordlicht');
    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office refused the API key. Check the key in the settings.');
  });

  it('puts a failed link into words', async () => {
    const { wrapper } = mountLink({ search: { ok: true, contacts }, link: { code: 'rate-limited', message: '429' } });
    await searchFor(wrapper, 'Nordlicht');
    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Lexware Office is busy. Wait a minute and try again.');
  });

  it('creates a contact from the TMS data, and says so when that fails', async () => {
    const { wrapper, create } = mountLink({ create: { code: 'network', message: 'offline' } });
    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    expect(create).toHaveBeenCalledTimes(1);
    expect(getByRole(wrapper, 'alert').textContent).toBe('No connection to Lexware Office. Check your internet connection.');
  });

  it('shows a search that failed outright (the background did not answer) instead of swallowing it', async () => {
    const { wrapper } = mountLink({ search: () => Promise.reject(new Error('Could not establish connection')) });
    await searchFor(wrapper, 'Nordlicht');
    expect(getByRole(wrapper, 'alert').textContent).toBe('Unexpected error: Could not establish connection');
    expect((getByRole(wrapper, 'button', 'Search') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows a link or create that failed outright', async () => {
    const { wrapper, link, create } = mountLink({ search: { ok: true, contacts } });
    link.mockRejectedValueOnce(new Error('Refused: unknown sender'));
    create.mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await searchFor(wrapper, 'Nordlicht');

    await click(getByRole(wrapper, 'button', 'Link: Spedition Nordlicht GmbH'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Unexpected error: Refused: unknown sender');

    await click(getByRole(wrapper, 'button', '+ Create new contact from the TMS data'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Unexpected error: Extension context invalidated.');
  });
});
