// @vitest-environment node
/**
 * The sevdesk provider against the local sevdesk emulator, over real HTTP with Node's fetch.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { startEmulator, type RecordedRequest, type RunningServer } from '../../../sandbox/kit/http';
import { createSevdeskEmulator } from '../../../sandbox/sevdesk/server';
import { computeTotals } from '../../domain/totals';
import { parseDecimalMoney } from '../../domain/money';
import type { Customer, Order } from '../../domain/order';
import type { InvoiceDraft } from '../../domain/invoice';
import { defaultInvoiceSettings, nordlicht } from '@/tests/support/orders';
import { billingFailure } from '@/tests/support/billing';
import { TokenBucket } from '../rate-limit';
import { createSevdeskProvider, IncompleteContactError, type SevdeskOptions } from './provider';
import { createMemoryLookupCache, SevdeskLookupsSchema, type LookupCache, type SevdeskLookups } from './lookups';
import { alpentrans, alpentransChfOrders, CONTACTS, draftFor, order, polex } from './test-support';

const TOKEN = '0123456789abcdef0123456789abcdef';
/** Node's fetch, kept before any test stubs the global. */
const realFetch = globalThis.fetch;
const WRONG = 'ffffffffffffffffffffffffffffffff';

let server: RunningServer;

beforeAll(async () => {
  server = await startEmulator(createSevdeskEmulator({ apiKey: TOKEN }), 0);
});
afterAll(() => server.close());
beforeEach(async () => {
  await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  await realFetch(`${server.url}/__sandbox/web-sessions`, { method: 'DELETE' });
});

const sandbox = async <T = unknown>(path: string, init?: RequestInit): Promise<T> => (await realFetch(`${server.url}/__sandbox/${path}`, init)).json() as Promise<T>;
const requests = () => sandbox<RecordedRequest[]>('requests');
const fault = (spec: unknown) => sandbox('faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec) });

interface StoredInvoice {
  id: string;
  invoiceNumber: string;
  currency: string;
  sumNet: string;
  sumTax: string;
  sumGross: string;
  taxRate: string;
  taxType: string | null;
  taxRule: { id: string } | null;
  contactPerson: { id: string };
  addressCountry: { id: string };
  deliveryDate: string | null;
  deliveryDateUntil: string | null;
  positions: { taxRate: string; unity: { id: string }; price: string; positionNumber: string }[];
}
const storedInvoices = () => sandbox<StoredInvoice[]>('invoices');

function provider(overrides: Partial<SevdeskOptions> = {}) {
  return createSevdeskProvider({
    apiKey: () => TOKEN,
    endpoints: { api: `${server.url}/api/v1`, app: server.url },
    fetch: realFetch,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 1000 }),
    backoffMs: 1,
    lookups: createMemoryLookupCache(),
    ...overrides,
  });
}

const LOOKUP_PATHS = ['/Tools/bookkeepingSystemVersion', '/SevUser', '/Unity', '/TaxRule', '/StaticCountry', '/Category', '/CommunicationWayKey'].map((p) => `/api/v1${p}`);
const grossOf = (draft: InvoiceDraft) => computeTotals(draft.positions, draft.currency, 'per-position').gross.minor;

describe('sevdesk connection', () => {
  it('checks the bookkeeping version, then names the account; raw token, no cookies, no X-Version', async () => {
    expect(await provider().testConnection()).toEqual({ companyName: 'Maren Albers' });
    const log = await requests();
    expect(log.map((r) => r.path)).toEqual(['/api/v1/Tools/bookkeepingSystemVersion', '/api/v1/SevUser']);
    for (const r of log) {
      expect(r.headers.authorization).toBe(TOKEN);
      expect(r.headers).not.toHaveProperty('cookie');
      expect(r.headers).not.toHaveProperty('x-version');
    }
  });

  it('refuses an account still on bookkeeping version 1.0', async () => {
    const old = await startEmulator(createSevdeskEmulator({ apiKey: TOKEN, bookkeepingVersion: '1.0' }), 0);
    try {
      const p = provider({ endpoints: { api: `${old.url}/api/v1`, app: old.url } });
      const error = await billingFailure(p.testConnection());
      expect(error.code).toBe('unsupported');
      expect(error.message).toMatch(/version 1\.0.*sevdesk-Update 2\.0/);
      // Nothing is invoiced on such an account either: the lookups check the version first.
      expect((await billingFailure(p.createInvoice(draftFor([order(801)], CONTACTS.nordlicht)))).code).toBe('unsupported');
    } finally {
      await old.close();
    }
  });

  it('maps a wrong token to auth, without retrying', async () => {
    const error = await billingFailure(provider({ apiKey: () => WRONG }).testConnection());
    expect(error).toMatchObject({ code: 'auth', status: 401 });
    expect(error.message).toContain('Authentication required');
    expect(error.message).not.toContain(WRONG);
    expect(await requests()).toHaveLength(1);
  });

  it('sends no credentials, so an open sevdesk web session cannot cause a 401', async () => {
    // Log the "browser" in: the deep-link page sets a PHPSESSID cookie.
    const page = await realFetch(`${server.url}/fi/detail/type/RE/id/1`);
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    let calls = 0;
    // A fetch that behaves like a browser's: it attaches the site's cookies unless told to omit them.
    const browserFetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      calls += 1;
      const headers = new Headers(init?.headers);
      if (init?.credentials !== 'omit') headers.set('cookie', cookie);
      return realFetch(input, { ...init, headers });
    }) as typeof fetch;
    const leaky = ((input: RequestInfo | URL, init?: RequestInit) => browserFetch(input, { ...init, credentials: 'include' })) as typeof fetch;
    // Given as the option and as the global: the shared client currently reaches fetch through the global.
    const withFetch = async <T>(f: typeof fetch, run: (p: ReturnType<typeof provider>) => Promise<T>) => {
      vi.stubGlobal('fetch', f);
      try {
        return await run(provider({ fetch: f }));
      } finally {
        vi.unstubAllGlobals();
      }
    };

    expect(await withFetch(browserFetch, (p) => p.testConnection())).toEqual({ companyName: 'Maren Albers' });
    expect(calls).toBe(2);
    expect((await requests()).every((r) => !('cookie' in r.headers))).toBe(true);
    // The control: with credentials the same session breaks the call.
    expect((await withFetch(leaky, (p) => billingFailure(p.testConnection()))).code).toBe('auth');
    expect(calls).toBe(3);
  });
});

describe('sevdesk lookups', () => {
  it('are read from the account once, cached under a hash of the token, and read again after a day', async () => {
    const cache = createMemoryLookupCache();
    const keys: string[] = [];
    const spy: LookupCache = { get: (k) => cache.get(k), set: (k, value) => (keys.push(k), cache.set(k, value)) };
    let now = new Date('2026-11-23T09:00:00Z');
    const p = provider({ lookups: spy, now: () => now });

    await p.searchContacts('Nordlicht');
    expect((await requests()).map((r) => r.path)).toEqual([...LOOKUP_PATHS, '/api/v1/Contact']);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]).not.toContain(TOKEN);
    const lookups = v.parse(SevdeskLookupsSchema, await cache.get(keys[0]!));
    expect(lookups).toMatchObject({
      contactPersonId: '1273548',
      countries: expect.objectContaining({ DE: '1', CH: '2', PL: '21', US: '1353' }),
      addressCategoryId: '47',
      emailKeyId: '2',
    });
    expect(lookups.unities.map((u) => u.id)).not.toContain('1');
    expect(lookups.unities).toContainEqual({ id: '8305', name: 'Pauschale', translationCode: 'UNITY_BLANKET' });
    expect(lookups.taxRules).toContainEqual({ id: '21', code: 'REV_CHARGE_13B_1_USTG', name: 'Reverse Charge gem. §18b UStG' });

    await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
    await p.searchContacts('Alpentrans');
    expect((await requests()).map((r) => r.path)).toEqual(['/api/v1/Contact']);

    now = new Date(now.getTime() + 25 * 60 * 60 * 1000);
    await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
    await p.searchContacts('Alpentrans');
    expect((await requests()).map((r) => r.path)).toEqual([...LOOKUP_PATHS, '/api/v1/Contact']);
  });

  it('reads them again once when sevdesk refuses a cached id, and sends the corrected invoice', async () => {
    const cache = createMemoryLookupCache();
    const p = provider({ lookups: cache });
    await p.testConnection();
    // A cache from yesterday's account state: a unit id that no longer exists.
    const stale: SevdeskLookups = v.parse(SevdeskLookupsSchema, {
      fetchedAt: new Date().toISOString(),
      contactPersonId: '1273548',
      unities: [{ id: '1', name: 'Pauschale', translationCode: 'UNITY_BLANKET' }],
      taxRules: [{ id: '1', code: 'USTPFL_UMS_EINN', name: 'Umsatzsteuerpflichtige Umsätze' }],
      countries: { DE: '1' },
      addressCategoryId: '47',
      emailKeyId: '2',
    });
    const { createHash } = await import('node:crypto');
    await cache.set(createHash('sha256').update(TOKEN).digest('hex'), stale);
    await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });

    const created = await p.createInvoice(draftFor([order(802)], CONTACTS.nordlicht));
    expect(created.number).toBe('RE-1000');
    const saves = (await requests()).filter((r) => r.path.endsWith('/saveInvoice'));
    expect(saves).toHaveLength(2);
    expect((saves[0]!.body as { invoicePosSave: { unity: unknown }[] }).invoicePosSave[0]!.unity).toEqual({ id: 1, objectName: 'Unity' });
    expect((await storedInvoices())[0]!.positions[0]!.unity.id).toBe('8305');
  });
});

describe('sevdesk contacts', () => {
  let p: ReturnType<typeof provider>;
  beforeEach(async () => {
    p = provider();
    await p.testConnection();
    await p.searchContacts('warm up the lookups');
    await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
  });

  it('searches by name in one request: customers only, no persons, with address and e-mail', async () => {
    const found = await p.searchContacts('nordlicht');
    expect(found).toEqual([
      { id: '74100231', name: 'Spedition Nordlicht GmbH', customerNumber: '10001', email: 'buchhaltung@nordlicht.example', vatId: 'DE123456789', city: 'Hamburg', countryCode: 'DE' },
      { id: '74100234', name: 'Nordlicht Reisen GmbH', customerNumber: '10011', email: 'info@nordlicht-reisen.example', vatId: 'DE298765431', city: 'Kiel', countryCode: 'DE' },
    ]);
    const log = await requests();
    expect(log).toHaveLength(1);
    expect(log[0]!.query).toMatchObject({ name: 'nordlicht', depth: '0', 'category[id]': '3', embed: 'addresses,communicationWays' });
  });

  it('searches by customer number (sevdesk numbers on their own)', async () => {
    expect((await p.searchContacts('10001')).map((c) => c.id)).toEqual(['74100231']);
    expect((await p.searchContacts('20017')).map((c) => c.name)).toEqual(['Polex Transport Sp. z o.o.']);
    expect(await p.searchContacts('10005')).toEqual([]);
  });

  it('searches by VAT ID, however it is written, among customers', async () => {
    expect(await p.searchContacts('che 123 456 788 mwst')).toEqual([
      { id: '74100232', name: 'Alpentrans AG', customerNumber: '10004', email: 'finance@alpentrans.example', vatId: 'CHE-123.456.788 MWST', city: 'Zürich', countryCode: 'CH' },
    ]);
    expect((await p.searchContacts('PL5260001246')).map((c) => c.id)).toEqual(['74100233']);
    // The supplier with this VAT ID is not a customer.
    expect(await p.searchContacts('DE311456782')).toEqual([]);
  });

  it('searches by e-mail address, a contact person leading to its organisation', async () => {
    expect((await p.searchContacts('FAKTURY@polex.example')).map((c) => c.id)).toEqual(['74100233']);
    expect((await p.searchContacts('j.hansen@nordlicht.example')).map((c) => c.id)).toEqual(['74100231']);
    expect(await p.searchContacts('nobody@example.org')).toEqual([]);
  });

  it('creates a contact with billing address and e-mail address', async () => {
    const bayern: Customer = {
      id: 'C-1002',
      name: 'Bayern Logistik AG',
      customerNumber: '10002',
      vatId: 'DE234567891',
      email: 'rechnungen@bayern-logistik.example',
      billingAddress: { street: 'Leopoldstraße 144', zip: '80804', city: 'München', countryCode: 'DE' },
    };
    const contact = await p.createContact(bayern);
    expect(contact).toEqual({
      id: '74100301',
      name: 'Bayern Logistik AG',
      customerNumber: '10013',
      vatId: 'DE234567891',
      city: 'München',
      countryCode: 'DE',
      email: 'rechnungen@bayern-logistik.example',
    });
    expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/Contact', 'POST /api/v1/ContactAddress', 'POST /api/v1/CommunicationWay']);
    const stored = (await sandbox<{ id: string; category: { id: string }; status: string; addresses: unknown[]; communicationWays: unknown[] }[]>('contacts')).find((c) => c.id === contact.id)!;
    expect(stored).toMatchObject({ category: { id: '3' }, status: '1000' });
    expect(stored.addresses).toEqual([expect.objectContaining({ street: 'Leopoldstraße 144', city: 'München', country: { id: '1', objectName: 'StaticCountry' }, category: { id: '47', objectName: 'Category' } })]);
    expect(stored.communicationWays).toEqual([expect.objectContaining({ type: 'EMAIL', value: 'rechnungen@bayern-logistik.example', key: { id: '2', objectName: 'CommunicationWayKey' }, main: '1' })]);
    expect((await p.searchContacts('rechnungen@bayern-logistik.example')).map((c) => c.id)).toEqual([contact.id]);
  });

  it('reports a contact whose e-mail could not be saved as incomplete, with the contact to link', async () => {
    await fault({ kind: 'status', status: 400, match: { method: 'POST', path: '/api/v1/CommunicationWay' } });
    const error = await billingFailure(p.createContact(polex));
    expect(error).toBeInstanceOf(IncompleteContactError);
    const incomplete = error as IncompleteContactError;
    expect(incomplete.contact).toMatchObject({ id: '74100301', name: polex.name, city: 'Warszawa', countryCode: 'PL' });
    expect(incomplete.missing).toEqual(['email']);
    expect(incomplete.message).toMatch(/contact 74100301 .* was created, but its e-mail address could not be saved/);
    expect((await sandbox<{ id: string; addresses: unknown[] }[]>('contacts')).find((c) => c.id === '74100301')?.addresses).toHaveLength(1);
  });

  it('creates nothing for a country sevdesk does not know', async () => {
    const nowhere = { ...nordlicht, billingAddress: { city: 'Atlantis', countryCode: 'XA' } };
    expect(await billingFailure(p.createContact(nowhere))).toMatchObject({ code: 'validation', fields: [{ key: 'countryCode' }] });
    expect(await requests()).toEqual([]);
  });
});

describe('sevdesk invoices', () => {
  it('creates an EUR invoice whose total matches the preview (rounded per position)', async () => {
    // 19 % of x.02 rounds down per position; over the net sum it would round up by a cent.
    const orders = [100002, 250002, 75002].map((minor, i) => order(810 + i, { price: { minor, currency: 'EUR' } }));
    const draft = draftFor(orders, CONTACTS.nordlicht);
    const expected = computeTotals(draft.positions, 'EUR', 'per-position');
    expect(expected.gross.minor).not.toBe(computeTotals(draft.positions, 'EUR', 'per-rate').gross.minor);

    const created = await provider().createInvoice(draft);
    expect(created).toEqual({ id: '98100001', number: 'RE-1000', url: `${server.url}/fi/detail/type/RE/id/98100001`, status: 'draft', grossMinor: expected.gross.minor });
    const [stored] = await storedInvoices();
    expect(stored).toMatchObject({ sumNet: '4250.06', sumTax: '807.5', sumGross: '5057.56', currency: 'EUR', contactPerson: { id: '1273548' } });
    expect(expected.gross.minor).toBe(505756);
  });

  it('creates a CHF collective invoice with the service period', async () => {
    const draft = draftFor(alpentransChfOrders(820, [98055, 112010, 74535]), CONTACTS.nordlicht, { taxCase: 'domestic' });
    const created = await provider().createInvoice(draft);
    const [stored] = await storedInvoices();
    expect(stored).toMatchObject({ currency: 'CHF', deliveryDate: '2026-11-03T00:00:00+01:00', deliveryDateUntil: '2026-11-05T00:00:00+01:00' });
    expect(stored!.positions.map((pos) => pos.positionNumber)).toEqual(['0', '1', '2']);
    expect(created.grossMinor).toBe(grossOf(draft));
    expect(parseDecimalMoney(stored!.sumGross, 'CHF')?.minor).toBe(grossOf(draft));
  });

  const route = (from: string, to: string): Order['stops'] => [
    { type: 'pickup', city: 'Ladestelle', countryCode: from, date: '2026-11-10' },
    { type: 'delivery', city: 'Entladestelle', countryCode: to, date: '2026-11-11' },
  ];
  it.each([
    { taxCase: 'domestic', contact: CONTACTS.nordlicht, customer: nordlicht, stops: route('DE', 'PL'), rule: '1', rate: '19', note: null },
    { taxCase: 'exemptCrossBorder', contact: CONTACTS.nordlicht, customer: nordlicht, stops: route('DE', 'CH'), rule: '4', rate: '0', note: 'Steuerfreie Leistung gem. § 4 Nr. 3' },
    { taxCase: 'intraEuReverseCharge', contact: CONTACTS.polex, customer: polex, stops: route('DE', 'PL'), rule: '21', rate: '0', note: 'Steuerschuldnerschaft des Leistungsempfängers. USt-IdNr. des Leistungsempfängers: PL5260001246' },
    { taxCase: 'thirdCountry', contact: CONTACTS.alpentrans, customer: alpentrans, stops: route('DE', 'CH'), rule: '17', rate: '0', note: '§ 3a Abs. 2 UStG' },
    { taxCase: 'thirdCountryTransport', contact: CONTACTS.nordlicht, customer: nordlicht, stops: route('CH', 'CH'), rule: '17', rate: '0', note: '§ 3a Abs. 8 UStG' },
  ] as const)('$taxCase: tax rule $rule, position rate $rate %, invoice rate 0, no taxType, the note in the foot text', async ({ taxCase, contact, customer, stops, rule, rate, note }) => {
    const draft = draftFor([order(830, { customer, stops: [...stops] })], contact);
    expect(draft.taxCase).toBe(taxCase);
    await provider().createInvoice(draft);
    const [stored] = await storedInvoices();
    expect(stored).toMatchObject({ taxRule: { id: rule }, taxRate: '0', taxType: null });
    expect(stored!.positions.map((pos) => pos.taxRate)).toEqual([rate]);
    const saved = (await requests()).find((r) => r.path.endsWith('/saveInvoice'))!;
    const invoice = (saved.body as { invoice: { footText?: string; taxRule: unknown } }).invoice;
    expect(invoice.taxRule).toEqual({ id: rule, objectName: 'TaxRule' });
    if (note) expect(invoice.footText).toContain(note);
    else expect(invoice.footText).toBe('Vielen Dank für Ihren Auftrag.');
  });

  it('maps a 422 to a validation error naming the tax rate, sent once', async () => {
    const cache = createMemoryLookupCache();
    const p = provider({ lookups: cache });
    await p.testConnection();
    const { createHash } = await import('node:crypto');
    const key = createHash('sha256').update(TOKEN).digest('hex');
    await p.searchContacts('warm up');
    const lookups = (await cache.get(key))!;
    // An account whose "Umsatzsteuerpflichtige Umsätze" were (wrongly) rule 21.
    await cache.set(key, { ...lookups, taxRules: [{ id: '21', code: 'USTPFL_UMS_EINN', name: 'Umsatzsteuerpflichtige Umsätze' }] });
    await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });

    const error = await billingFailure(p.createInvoice(draftFor([order(840)], CONTACTS.nordlicht)));
    expect(error).toMatchObject({ code: 'validation', status: 422, outcome: 'not-performed' });
    expect(error.fields.map((f) => f.key)).toContain('taxRate');
    expect(error.message).toMatch(/^sevdesk answered 422: Tax rate 19 of position 1 is not allowed for tax rule 21/);
    expect((await requests()).filter((r) => r.path.endsWith('/saveInvoice'))).toHaveLength(1);
    expect(await storedInvoices()).toEqual([]);
  });

  it('refuses a service date after the invoice date without asking sevdesk', async () => {
    const draft = { ...draftFor([order(850)], CONTACTS.nordlicht), voucherDate: '2026-11-10' };
    expect(await billingFailure(provider().createInvoice(draft))).toMatchObject({ code: 'validation', fields: [{ key: 'serviceDate' }] });
    expect(await requests()).toEqual([]);
  });

  it('finds the invoice after the connection dropped behind the stored invoice', async () => {
    const p = provider();
    await p.testConnection();
    const draft = draftFor([order(860, { price: { minor: 131313, currency: 'EUR' } })], CONTACTS.nordlicht, { settings: defaultInvoiceSettings });
    const startedAt = new Date().toISOString();
    await fault({ kind: 'drop-after-store', match: { path: '/api/v1/Invoice/Factory/saveInvoice' } });

    const error = await billingFailure(p.createInvoice(draft));
    expect(error).toMatchObject({ code: 'network', outcome: 'unknown' });
    const stored = await storedInvoices();
    expect(stored).toHaveLength(1);

    const probe = { contactId: CONTACTS.nordlicht.id, voucherDate: draft.voucherDate, createdAfter: startedAt, grossMinor: grossOf(draft), currency: 'EUR' };
    expect(await p.findInvoices(probe)).toEqual([
      { id: stored[0]!.id, number: stored[0]!.invoiceNumber, url: `${server.url}/fi/detail/type/RE/id/${stored[0]!.id}`, status: 'draft', grossMinor: grossOf(draft) },
    ]);
    const search = (await requests()).filter((r) => r.method === 'GET' && r.path === '/api/v1/Invoice').at(-1)!;
    expect(search.query).toMatchObject({ 'contact[id]': CONTACTS.nordlicht.id, 'contact[objectName]': 'Contact', status: '100' });

    expect(await p.findInvoices({ ...probe, grossMinor: probe.grossMinor + 1 })).toEqual([]);
    expect(await p.findInvoices({ ...probe, currency: 'CHF' })).toEqual([]);
    expect(await p.findInvoices({ ...probe, voucherDate: '2026-11-24' })).toEqual([]);
    expect(await p.findInvoices({ ...probe, createdAfter: new Date(Date.now() + 60 * 60 * 1000).toISOString() })).toEqual([]);
    // Within the clock-skew tolerance it still counts.
    expect(await p.findInvoices({ ...probe, createdAfter: new Date(Date.now() + 5 * 60 * 1000).toISOString() })).toHaveLength(1);
  });
});

describe('sevdesk error streaks', () => {
  it('holds requests after three failures in a row, longer each time, until one succeeds', async () => {
    let clock = 0;
    const waits: number[] = [];
    const bucket = new TokenBucket({
      capacity: 100,
      refillPerSecond: 1000,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    const broken = provider({ bucket, apiKey: () => WRONG });
    const working = provider({ bucket });
    // After a pause the bucket also waits a token's time (1 ms here); only pauses count.
    const pauses = () => waits.filter((ms) => ms >= 1000);
    for (let i = 0; i < 5; i++) expect((await billingFailure(broken.testConnection())).code).toBe('auth');
    // Failures 3, 4 and 5 paused the bucket for 5 s, 15 s and 60 s; requests 4 and 5 waited.
    expect(pauses()).toEqual([5_000, 15_000]);
    await working.testConnection(); // waits out the 60 s, then succeeds twice: the streak ends
    expect(pauses()).toEqual([5_000, 15_000, 60_000]);
    for (let i = 0; i < 2; i++) await billingFailure(broken.testConnection());
    expect(pauses()).toHaveLength(3);
    // 4xx are never repeated: one request per call.
    expect((await requests()).filter((r) => r.headers.authorization === WRONG)).toHaveLength(7);
  });

  it('does not repeat a refused saveInvoice', async () => {
    const p = provider();
    await p.testConnection();
    await fault({ kind: 'status', status: 400, match: { path: '/api/v1/Invoice/Factory/saveInvoice' } });
    expect(await billingFailure(p.createInvoice(draftFor([order(870)], CONTACTS.nordlicht)))).toMatchObject({ code: 'validation', status: 400, outcome: 'not-performed' });
    expect((await requests()).filter((r) => r.path.endsWith('/saveInvoice'))).toHaveLength(1);
  });
});
