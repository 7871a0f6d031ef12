import { describe, expect, it, vi } from 'vitest';
import { listCustomers, setBillingMode, suggestContacts, suggestionQueries, unlinkCustomer, type LinksDeps, type PageCustomers } from './customer-links';
import { setLink } from '@/utils/link-store';
import { linksItem, seenCustomersItem, settingsItem } from '@/utils/storage';
import { rememberCustomers } from '@/utils/seen-customers';
import type { BillingContact } from '@/utils/billing/provider';
import { BillingError } from '@/utils/billing/errors';
import type { Customer } from '@/utils/domain/order';

const TMS = 'http://127.0.0.1:4410';
const OTHER = 'https://tms.example.com';
const nordlicht: Customer = { id: '10001', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' };
const bayern: Customer = { id: '10002', name: 'Bayern Logistik AG', customerNumber: '10002' };
const alpentrans: Customer = { id: '10004', name: 'Alpentrans AG', customerNumber: '10004', vatId: 'CHE-123.456.788 MWST' };
const zander: Customer = { id: 'Z-1', name: 'Zander Transporte' };

function deps(over: Partial<LinksDeps> = {}): LinksDeps {
  return {
    provider: async () => ({ searchContacts: async () => [] }),
    pageCustomers: async () => null,
    now: () => new Date('2026-11-23T10:00:00.000Z'),
    ...over,
  };
}

const link = (contactId: string, contactName: string) => ({ contactId, contactName, linkedAt: '2026-11-20T09:00:00.000Z' });

describe('listCustomers', () => {
  it('lists every customer seen, alphabetically, with its link in the active billing system', async () => {
    await rememberCustomers(TMS, [zander, nordlicht, bayern], new Date('2026-11-20T08:00:00.000Z'));
    await linksItem.set({ lexware: { [`${TMS}|10001`]: link('lx-1', 'Spedition Nordlicht GmbH') }, sevdesk: { [`${TMS}|10002`]: link('sd-2', 'Bayern Logistik AG') } });

    const answer = await listCustomers({ activeTabId: null }, deps());

    expect(answer.provider).toBe('lexware');
    expect(answer.customers.map((c) => [c.customer.name, c.onActiveTab, c.link?.contact.name ?? null])).toEqual([
      ['Bayern Logistik AG', false, null],
      ['Spedition Nordlicht GmbH', false, 'Spedition Nordlicht GmbH'],
      ['Zander Transporte', false, null],
    ]);
    expect(answer.customers[1]).toEqual({
      origin: TMS,
      customer: nordlicht,
      onActiveTab: false,
      seenAt: '2026-11-20T08:00:00.000Z',
      link: { contact: { id: 'lx-1', name: 'Spedition Nordlicht GmbH' }, linkedAt: '2026-11-20T09:00:00.000Z' },
    });
  });

  it('shows the links of whichever billing system is active', async () => {
    await rememberCustomers(TMS, [bayern]);
    await linksItem.set({ lexware: {}, sevdesk: { [`${TMS}|10002`]: link('sd-2', 'Bayern Logistik AG') } });
    await settingsItem.update((s) => ({ ...s, provider: 'sevdesk' }));
    const answer = await listCustomers({ activeTabId: null }, deps());
    expect(answer.provider).toBe('sevdesk');
    expect(answer.customers[0]!.link?.contact.id).toBe('sd-2');
  });

  it('puts the customers of the current tab first, in page order, and remembers them', async () => {
    await rememberCustomers(TMS, [bayern, nordlicht], new Date('2026-11-01T08:00:00.000Z'));
    await rememberCustomers(OTHER, [{ ...bayern }]);
    const page: PageCustomers = { origin: TMS, customers: [zander, nordlicht] };
    const pageCustomers = vi.fn(async () => page);

    const answer = await listCustomers({ activeTabId: 12 }, deps({ pageCustomers }));

    expect(pageCustomers).toHaveBeenCalledWith(12);
    expect(answer.customers.map((c) => [c.origin, c.customer.name, c.onActiveTab])).toEqual([
      [TMS, 'Zander Transporte', true],
      [TMS, 'Spedition Nordlicht GmbH', true],
      [TMS, 'Bayern Logistik AG', false],
      [OTHER, 'Bayern Logistik AG', false],
    ]);
    const seen = await seenCustomersItem.get();
    expect(seen[`${TMS}|Z-1`]).toEqual({ origin: TMS, customer: zander, seenAt: '2026-11-23T10:00:00.000Z' });
    expect(seen[`${TMS}|10001`]!.seenAt).toBe('2026-11-23T10:00:00.000Z');
  });

  it('lists the others when the tab is no TMS page or does not answer', async () => {
    await rememberCustomers(TMS, [bayern]);
    const failing = await listCustomers({ activeTabId: 3 }, deps({ pageCustomers: async () => Promise.reject(new Error('no receiver')) }));
    expect(failing.customers.map((c) => c.onActiveTab)).toEqual([false]);
    const none = await listCustomers({ activeTabId: 3 }, deps({ pageCustomers: async () => null }));
    expect(none.customers).toHaveLength(1);
  });
});

describe('suggestionQueries', () => {
  it('searches by the distinctive word of the name, the customer number and the VAT ID', () => {
    expect(suggestionQueries(nordlicht)).toEqual(['Nordlicht', '10001', 'DE123456789']);
    expect(suggestionQueries(alpentrans)).toEqual(['Alpentrans', '10004', 'CHE123456788MWST']);
    expect(suggestionQueries(zander)).toEqual(['Zander']);
    expect(suggestionQueries({ id: 'x', name: 'AB KG', customerNumber: 'K-7' })).toEqual([]);
  });
});

describe('suggestContacts', () => {
  const contacts: BillingContact[] = [
    { id: 'lx-1', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', vatId: 'DE123456789' },
    { id: 'lx-11', name: 'Nordlicht Reisen GmbH', customerNumber: '10011', vatId: 'DE298765431' },
  ];

  it('searches the billing system a few times and ranks what it found, each contact once', async () => {
    const searchContacts = vi.fn(async (query: string) => (query === 'Nordlicht' ? contacts : query === '10001' || query === 'DE123456789' ? [contacts[0]!] : []));
    const provider = vi.fn(async () => ({ searchContacts }));

    const answer = await suggestContacts({ customer: nordlicht }, deps({ provider }));

    expect(provider).toHaveBeenCalledWith('lexware');
    expect(searchContacts.mock.calls.map(([q]) => q)).toEqual(['Nordlicht', '10001', 'DE123456789']);
    expect(answer).toEqual({ ok: true, suggestions: [{ contact: contacts[0], reason: 'vat-id', detail: 'DE123456789' }] });
  });

  it('fails as a whole, in words the UI translates, when the billing system refuses a search', async () => {
    const searchContacts = vi.fn(async (query: string) => {
      if (query === '10001') throw new BillingError('rate-limited', 'HTTP 429', { status: 429 });
      return contacts;
    });
    const answer = await suggestContacts({ customer: nordlicht }, deps({ provider: async () => ({ searchContacts }) }));
    expect(answer).toMatchObject({ ok: false, error: { code: 'rate-limited', status: 429 } });
  });

  it('fails with "auth" when no key is saved', async () => {
    const answer = await suggestContacts({ customer: nordlicht });
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth' } });
  });
});

describe('unlinkCustomer', () => {
  it('removes the link in the active billing system only', async () => {
    await linksItem.set({
      lexware: { [`${TMS}|10001`]: link('lx-1', 'A'), [`${TMS}|10002`]: link('lx-2', 'B') },
      sevdesk: { [`${TMS}|10001`]: link('sd-1', 'A') },
    });
    await expect(unlinkCustomer({ origin: TMS, customerId: '10001' })).resolves.toEqual({ ok: true });
    const links = await linksItem.get();
    expect(Object.keys(links.lexware ?? {})).toEqual([`${TMS}|10002`]);
    expect(Object.keys(links.sevdesk ?? {})).toEqual([`${TMS}|10001`]);
  });

  it('is fine with a customer that is not linked', async () => {
    await expect(unlinkCustomer({ origin: TMS, customerId: 'nope' })).resolves.toEqual({ ok: true });
  });
});

describe('setBillingMode', () => {
  it('keeps a linked customer\'s choice with its link, lists it, and keeps it when the customer is linked anew', async () => {
    await rememberCustomers(TMS, [nordlicht], new Date('2026-11-20T08:00:00.000Z'));
    await linksItem.set({ lexware: { [`${TMS}|10001`]: link('lx-1', 'Spedition Nordlicht GmbH') } });

    expect(await setBillingMode({ origin: TMS, customerId: '10001', mode: 'single' })).toEqual({ ok: true });
    expect((await listCustomers({ activeTabId: null }, deps())).customers[0]?.link?.billingMode).toBe('single');

    await setLink('lexware', `${TMS}|10001`, link('lx-9', 'Nordlicht (new contact)'));
    expect((await linksItem.get()).lexware?.[`${TMS}|10001`]).toMatchObject({ contactId: 'lx-9', billingMode: 'single' });
  });

  it('refuses a customer that is not linked: the choice lives with the link', async () => {
    expect(await setBillingMode({ origin: TMS, customerId: 'Z-1', mode: 'single' })).toMatchObject({ ok: false, error: { code: 'not-linked' } });
    expect((await linksItem.get()).lexware).toBeUndefined();
  });
});
