// @vitest-environment node
/**
 * The Lexware Office provider against the Lexware emulator (sandbox/lexware), in-process over
 * real HTTP: what arrives at Lexware, what it stores, and how its errors come back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningServer } from '../../../sandbox/kit/http';
import { createLexwareEmulator } from '../../../sandbox/lexware/server';
import { compose } from '../../domain/compose';
import type { InvoiceDraft } from '../../domain/invoice';
import { toDecimalString, type Money } from '../../domain/money';
import type { Customer, Order } from '../../domain/order';
import { computeTotals } from '../../domain/totals';
import { billingFailure } from '@/tests/support/billing';
import type { BillingProvider, InvoiceProbe } from '../provider';
import { TokenBucket } from '../rate-limit';
import { describeLexwareError } from './error-details';
import { createLexwareProvider, type LexwareOptions } from './provider';
import { defaultInvoiceSettings, makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';

const API_KEY = 'lx-test-6b1f0c2e9d8a4f37';
const SYNC_DELAY_MS = 300;
const NORDLICHT_ID = '3f0b6c1e-1d2a-4c5e-9a01-000000010001';
const RHEINFRACHT_ID = '3f0b6c1e-1d2a-4c5e-9a01-000000010003';
const HOLLAND_ID = '3f0b6c1e-1d2a-4c5e-9a01-000000010006';

let server: RunningServer;
let key = API_KEY;

/* eslint-disable @typescript-eslint/no-explicit-any -- emulator JSON is inspected loosely */
type Json = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

interface Logged {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: Json;
}

beforeAll(async () => {
  server = await startEmulator(createLexwareEmulator({ apiKey: API_KEY, rateLimit: false, contactSyncDelayMs: SYNC_DELAY_MS }), 0);
});
afterAll(() => server.close());
beforeEach(async () => {
  key = API_KEY;
  await sandboxPost('reset');
});

async function sandboxGet<T = Json>(name: string): Promise<T> {
  return (await (await fetch(`${server.url}/__sandbox/${name}`)).json()) as T;
}
async function sandboxPost(name: string, body?: unknown): Promise<void> {
  const res = await fetch(`${server.url}/__sandbox/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`sandbox ${name}: ${res.status} ${await res.text()}`);
}
const requests = () => sandboxGet<Logged[]>('requests');
const invoices = () => sandboxGet<Json[]>('invoices');
const contacts = () => sandboxGet<Json[]>('contacts');
const fault = (spec: Record<string, unknown>) => sandboxPost('faults', spec);
const rateLimit = (limit: { capacity: number; refillPerSecond: number }) => sandboxPost('config', { rateLimit: limit });

/** The provider as the extension builds it; a roomy bucket keeps tests without rate limit fast. */
function provider(extra: Partial<LexwareOptions> = {}): BillingProvider {
  return createLexwareProvider({
    apiKey: () => key,
    endpoints: { api: `${server.url}/v1`, app: server.url },
    fetch: globalThis.fetch,
    backoffMs: 20,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 100 }),
    ...extra,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------------------
// Drafts, as the preview composes them (same orders as payload.test.ts's golden files)

function order(n: number, overrides: Partial<Order> = {}): Order {
  return makeOrder({
    id: `o-${n}`,
    number: `A-2026-04${n}`,
    customerReference: `PO-77${n}`,
    podUrl: `${TMS_ORIGIN}/documents/pod-A-2026-04${n}.pdf`,
    ...overrides,
  });
}

function draftFor(orders: Order[], extra: Partial<Parameters<typeof compose>[0]> = {}, contactId = NORDLICHT_ID): InvoiceDraft {
  const { draft } = compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: defaultInvoiceSettings,
    contact: { id: contactId, name: 'Spedition Nordlicht GmbH' },
    today: '2026-11-23',
    ...extra,
  });
  if (!draft) throw new Error('compose gave no draft');
  return draft;
}

const singleDraft = () => draftFor([order(12, { price: { minor: 123457, currency: 'EUR' } })]);

function collectiveGoldenDraft(): InvoiceDraft {
  const orders = [10, 11, 12].map((n, i) =>
    order(n, {
      price: { minor: 100000 + i * 1001, currency: 'EUR' },
      stops: [
        { type: 'pickup', name: 'Werk Nord', city: 'Hamburg', zip: '20457', countryCode: 'DE', date: `2026-11-0${i + 2}` },
        { type: 'delivery', name: 'Lager Süd', city: 'München', zip: '80939', countryCode: 'DE', date: `2026-11-0${i + 3}` },
      ],
    }),
  );
  return draftFor(orders, { settings: { ...defaultInvoiceSettings, paymentTermDays: 14 } });
}

/** The golden request body, addressed to the emulator's seeded contact. */
function golden(name: string, contactId = NORDLICHT_ID): Json {
  const body = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
  body.address.contactId = contactId;
  return body;
}

const apiNumber = (m: Money) => Number(toDecimalString(m));

function expectTotals(stored: Json, draft: InvoiceDraft) {
  const totals = computeTotals(draft.positions, 'EUR', 'per-rate');
  expect(stored.totalPrice).toMatchObject({
    currency: 'EUR',
    totalNetAmount: apiNumber(totals.net),
    totalTaxAmount: apiNumber(totals.tax),
    totalGrossAmount: apiNumber(totals.gross),
  });
  expect([...stored.taxAmounts].sort((a: Json, b: Json) => b.taxRatePercentage - a.taxRatePercentage)).toEqual(
    totals.taxes.map((t) => ({ taxRatePercentage: t.ratePercent, netAmount: apiNumber(t.net), taxAmount: apiNumber(t.tax) })),
  );
  return totals;
}

const probeFor = (draft: InvoiceDraft, createdAfter: string): InvoiceProbe => ({
  contactId: draft.contact!.id,
  voucherDate: draft.voucherDate,
  createdAfter,
  grossMinor: computeTotals(draft.positions, 'EUR', 'per-rate').gross.minor,
  currency: 'EUR',
});

// ------------------------------------------------------------------------------------------

describe('testConnection', () => {
  it('returns the company name of the account', async () => {
    expect(await provider().testConnection()).toEqual({ companyName: 'Fuhrunternehmen Sandmann GmbH' });
    const [logged] = await requests();
    expect(logged).toMatchObject({ method: 'GET', path: '/v1/profile' });
    expect(logged!.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(logged!.headers.cookie).toBeUndefined();
  });

  it('a wrong key → BillingError "auth", and the key appears nowhere in it', async () => {
    key = 'lx-wrong-key-94c1d0e7';
    const error = await billingFailure(provider().testConnection());
    expect(error.code).toBe('auth');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error.toJSON())).not.toContain(key);
  });

  it('reads the key for each request, so a changed key is used at once', async () => {
    const p = provider();
    key = 'lx-wrong-key-94c1d0e7';
    await expect(p.testConnection()).rejects.toMatchObject({ code: 'auth' });
    key = API_KEY;
    await expect(p.testConnection()).resolves.toEqual({ companyName: 'Fuhrunternehmen Sandmann GmbH' });
  });
});

describe('searchContacts', () => {
  const names = (found: { name: string }[]) => found.map((c) => c.name);

  it('finds customers by part of the name', async () => {
    expect(names(await provider().searchContacts('Nordlicht'))).toEqual(['Nordlicht Reisen GmbH', 'Spedition Nordlicht GmbH']);
    const [logged] = await requests();
    expect(logged!.query).toMatchObject({ name: 'Nordlicht', customer: 'true' });
  });

  it('finds "Rheinfracht GmbH & Co. KG": the & goes out HTML-encoded, then URL-encoded', async () => {
    const found = await provider().searchContacts('Rheinfracht GmbH & Co. KG');
    expect(found).toEqual([
      {
        id: RHEINFRACHT_ID,
        name: 'Rheinfracht GmbH & Co. KG',
        customerNumber: '10003',
        email: 'kreditoren@rheinfracht.example',
        vatId: 'DE345678912',
        city: 'Köln',
        countryCode: 'DE',
      },
    ]);
    // The server URL-decoded the query once; what is left is the HTML entity.
    const [logged] = await requests();
    expect(logged!.query.name).toBe('Rheinfracht GmbH &amp; Co. KG');
  });

  it('takes _ and % in a name literally, not as wildcards', async () => {
    expect(await provider().searchContacts('Spedition_Nordlicht')).toEqual([]);
    expect(await provider().searchContacts('Spedition%GmbH')).toEqual([]);
    const logged = await requests();
    expect(logged.map((r) => r.query.name)).toEqual(['Spedition\\_Nordlicht', 'Spedition\\%GmbH']);
  });

  it('finds a customer by customer number', async () => {
    expect(names(await provider().searchContacts('10003'))).toEqual(['Rheinfracht GmbH & Co. KG']);
    const [logged] = await requests();
    expect(logged!.query).toMatchObject({ number: '10003' });
  });

  it('finds a customer by e-mail', async () => {
    const found = await provider().searchContacts('buchhaltung@nordlicht.example');
    expect(found).toEqual([expect.objectContaining({ id: NORDLICHT_ID, name: 'Spedition Nordlicht GmbH', customerNumber: '10001' })]);
    const [logged] = await requests();
    expect(logged!.query).toMatchObject({ email: 'buchhaltung@nordlicht.example' });
  });

  it('finds a customer by VAT ID, however it is written, by reading the contact list', async () => {
    expect(names(await provider().searchContacts('DE 345.678.912'))).toEqual(['Rheinfracht GmbH & Co. KG']);
    expect(await provider().searchContacts('NL853746218B01')).toEqual([expect.objectContaining({ id: HOLLAND_ID, vatId: 'NL853746218B01', countryCode: 'NL' })]);
    const logged = await requests();
    // Lexware has no VAT filter: the client reads the customers and compares itself.
    expect(logged[0]!.query).toEqual({ customer: 'true', page: '0', size: '250' });
  });

  it('does not offer vendors', async () => {
    expect(await provider().searchContacts('Tankhof')).toEqual([]);
  });

  it('finds nothing for names and e-mails shorter than 3 characters, without asking and without an error', async () => {
    expect(await provider().searchContacts('Ab')).toEqual([]);
    expect(await provider().searchContacts('a@')).toEqual([]);
    expect(await provider().searchContacts('   ')).toEqual([]);
    expect(await requests()).toEqual([]);
  });
});

describe('createContact', () => {
  const nordwind: Customer = {
    ...nordlicht,
    id: '20001',
    name: 'Nordwind Spedition GmbH',
    customerNumber: '20001',
    vatId: 'DE811907980',
    email: 'rechnung@nordwind.example',
    billingAddress: { street: 'Kehrwieder 4', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
  };

  it('creates a customer with billing address, VAT ID and e-mail, and returns it as a BillingContact', async () => {
    const created = await provider().createContact(nordwind);
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Nordwind Spedition GmbH',
      customerNumber: '10013',
      email: 'rechnung@nordwind.example',
      vatId: 'DE811907980',
      city: 'Hamburg',
      countryCode: 'DE',
    });
    const stored = (await contacts()).find((c: Json) => c.id === created.id);
    expect(stored).toMatchObject({
      roles: { customer: { number: 10013 } },
      company: { name: 'Nordwind Spedition GmbH', vatRegistrationId: 'DE811907980', allowTaxFreeInvoices: false },
      addresses: { billing: [{ street: 'Kehrwieder 4', zip: '20457', city: 'Hamburg', countryCode: 'DE' }] },
      emailAddresses: { business: ['rechnung@nordwind.example'] },
    });
    // It can be found right away.
    expect((await provider().searchContacts('Nordwind')).map((c) => c.id)).toEqual([created.id]);
  });

  it('returns the created contact even when reading it back fails, so it is linked and never created twice', async () => {
    await fault({ status: 500, count: 4, match: { method: 'GET', path: '/v1/contacts/' } });
    const created = await provider().createContact(nordwind);
    expect(created).toMatchObject({ id: expect.any(String), name: 'Nordwind Spedition GmbH', vatId: 'DE811907980', city: 'Hamburg' });
    expect((await contacts()).filter((c: Json) => c.id === created.id)).toHaveLength(1);
  });

  it('a refused contact (country name instead of code) → validation naming the field, nothing stored', async () => {
    const before = (await contacts()).length;
    const error = await billingFailure(provider().createContact({ ...nordwind, billingAddress: { ...nordwind.billingAddress!, countryCode: 'Deutschland' } }));
    expect(error).toMatchObject({ code: 'validation', outcome: 'not-performed' });
    expect(error.fields).toEqual([{ field: 'addresses.billing[0].countryCode', key: 'countryCode' }]);
    expect(await contacts()).toHaveLength(before);
  });
});

describe('createInvoice: the tax case per billed party', () => {
  const route = (from: string, to: string): Order['stops'] => [
    { type: 'pickup', city: 'Ladestelle', countryCode: from, date: '2026-11-10' },
    { type: 'delivery', city: 'Entladestelle', countryCode: to, date: '2026-11-11' },
  ];
  const holland: Customer = { ...nordlicht, id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { street: 'Waalhaven Oostzijde 1', zip: '3087 BM', city: 'Rotterdam', countryCode: 'NL' } };
  const swiss: Customer = { id: '10020', name: 'Basler Transporte AG', vatId: 'CHE-123.456.789 MWST', billingAddress: { street: 'Hafenstrasse 1', zip: '4057', city: 'Basel', countryCode: 'CH' } };

  async function sent(draft: InvoiceDraft): Promise<{ body: Json; stored: Json }> {
    await provider().createInvoice(draft);
    const posted = (await requests()).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
    const stored = (await invoices()).at(-1)!;
    return { body: posted.at(-1)!.body as Json, stored };
  }
  const rates = (body: Json) => (body.lineItems as { unitPrice: { taxRatePercentage: number } }[]).map((l) => l.unitPrice.taxRatePercentage);

  it('domestic: net, 19 %, no tax note', async () => {
    const { body, stored } = await sent(draftFor([order(50, { stops: route('DE', 'FR') })]));
    expect(body.taxConditions).toEqual({ taxType: 'net' });
    expect(rates(body)).toEqual([19]);
    expect(stored).toMatchObject({ taxConditions: { taxType: 'net' } });
  });

  it('§ 4 Nr. 3 export for a German business: vatfree, 0 %, the exemption as taxTypeNote', async () => {
    const { body, stored } = await sent(draftFor([order(51, { stops: route('DE', 'CH') })]));
    expect(body.taxConditions).toEqual({ taxType: 'vatfree', taxTypeNote: 'Steuerfreie Leistung gem. § 4 Nr. 3 Buchst. a UStG (grenzüberschreitende Güterbeförderung).' });
    expect(rates(body)).toEqual([0]);
    expect(stored).toMatchObject({ taxConditions: { taxType: 'vatfree' } });
  });

  it('EU business with VAT ID: externalService13b, never net with 0 %', async () => {
    const { body, stored } = await sent(draftFor([order(52, { customer: holland })], {}, HOLLAND_ID));
    expect(body.taxConditions).toMatchObject({ taxType: 'externalService13b', taxTypeNote: expect.stringContaining('Steuerschuldnerschaft des Leistungsempfängers') });
    expect(rates(body)).toEqual([0]);
    expect(stored).toMatchObject({ taxConditions: { taxType: 'externalService13b' } });
  });

  it('German business, a transport only in Switzerland (§ 3a Abs. 8): thirdPartyCountryService', async () => {
    const { body } = await sent(draftFor([order(53, { stops: route('CH', 'CH') })]));
    expect(body.taxConditions).toEqual({ taxType: 'thirdPartyCountryService', taxTypeNote: expect.stringContaining('§ 3a Abs. 8 UStG') });
    expect(rates(body)).toEqual([0]);
  });

  it('a Swiss business: thirdPartyCountryService with the "nicht steuerbar" note, to its own contact', async () => {
    const contact = await provider().createContact(swiss);
    await sleep(SYNC_DELAY_MS + 50);
    const { body, stored } = await sent(draftFor([order(54, { customer: swiss })], {}, contact.id));
    expect(body.taxConditions).toEqual({ taxType: 'thirdPartyCountryService', taxTypeNote: 'Nicht im Inland steuerbare Leistung (§ 3a Abs. 2 UStG).' });
    expect(stored).toMatchObject({ taxConditions: { taxType: 'thirdPartyCountryService' } });
  });

  it('an Austrian business without VAT ID: no case, nothing sent', async () => {
    const austrian: Customer = { ...holland, id: '10021', name: 'Alpen Spedition GmbH', vatId: undefined, billingAddress: { city: 'Wien', countryCode: 'AT' } };
    const draft = draftFor([order(55, { customer: austrian })], {}, HOLLAND_ID);
    expect(draft.taxCase).toBeNull();
    await expect(provider().createInvoice(draft)).rejects.toThrow(/no tax case/);
    expect((await requests()).filter((r) => r.method === 'POST')).toEqual([]);
  });
});

describe('createInvoice: the e-invoice read back', () => {
  const finalized = { settings: { ...defaultInvoiceSettings, finalize: true, unitName: 'Pauschale' } };

  it('a finalized invoice to a German business: electronicDocumentProfile EN16931 (ZUGFeRD) is recorded', async () => {
    const created = await provider().createInvoice(draftFor([order(60)], finalized));
    expect(created.eInvoice).toEqual({ profile: 'EN16931', missingForDomesticB2b: false });
    expect((await invoices())[0]).toMatchObject({ electronicDocumentProfile: 'EN16931' });
  });

  it('NONE for a German business (E-Rechnung switched off in Lexware): said, as missing', async () => {
    await sandboxPost('organization', { eInvoicing: false });
    const created = await provider().createInvoice(draftFor([order(61)], finalized));
    expect(created.eInvoice).toEqual({ profile: 'NONE', missingForDomesticB2b: true });
  });

  it('NONE for an EU business is no missing e-invoice (no German duty)', async () => {
    await sandboxPost('organization', { eInvoicing: false });
    const holland: Customer = { ...nordlicht, id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { street: 'Waalhaven Oostzijde 1', zip: '3087 BM', city: 'Rotterdam', countryCode: 'NL' } };
    const created = await provider().createInvoice(draftFor([order(62, { customer: holland })], finalized, HOLLAND_ID));
    expect(created.eInvoice).toEqual({ profile: 'NONE', missingForDomesticB2b: false });
  });

  it('a draft says nothing yet: Lexware decides the profile when it is finalized', async () => {
    const created = await provider().createInvoice(draftFor([order(63)]));
    expect(created.eInvoice).toEqual({ profile: null, missingForDomesticB2b: false });
  });
});

describe('companyData: what the profile reports of the organisation', () => {
  it('the company name and whether the plan includes XRechnung; no seller field (the API reports none)', async () => {
    expect(await provider().companyData!()).toEqual({ companyName: 'Fuhrunternehmen Sandmann GmbH', seller: {}, xRechnungAvailable: true, smallBusiness: false });
    expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/profile']);
  });
});

describe('createInvoice: a public customer gets an XRechnung (fact sheet §3.2)', () => {
  const finalized = { settings: { ...defaultInvoiceSettings, finalize: true, unitName: 'Pauschale' } };
  const publicCustomer = { leitwegId: '04011000-1234512345-06', vendorNumberAtCustomer: 'L-4711' };
  const withPublic = (value: typeof publicCustomer | undefined) => provider({ xRechnung: { forDraft: async () => value } });

  it('writes the Leitweg-ID and our supplier number to the contact, sends the buyer reference, and Lexware makes an XRechnung', async () => {
    const created = await withPublic(publicCustomer).createInvoice(draftFor([order(70)], finalized));
    const contact = (await contacts()).find((c: Json) => c.id === NORDLICHT_ID);
    expect(contact.xRechnung).toEqual({ buyerReference: '04011000-1234512345-06', vendorNumberAtCustomer: 'L-4711' });
    const post = (await requests()).find((r) => r.method === 'POST' && r.path === '/v1/invoices');
    expect(post?.body.xRechnung).toEqual({ buyerReference: '04011000-1234512345-06' });
    expect(created.eInvoice?.profile).toBe('XRechnung');
    expect((await invoices())[0]).toMatchObject({ electronicDocumentProfile: 'XRechnung', xRechnung: { buyerReference: '04011000-1234512345-06' } });
  });

  it('a second invoice does not write the contact again', async () => {
    const p = withPublic(publicCustomer);
    await p.createInvoice(draftFor([order(71)], finalized));
    await p.createInvoice(draftFor([order(72)], finalized));
    expect((await requests()).filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('an invalid Leitweg-ID or a missing supplier number sends no buyer reference (Lexware would refuse it) and leaves the contact alone', async () => {
    await withPublic({ leitwegId: '04011000-1234512345-07', vendorNumberAtCustomer: 'L-4711' }).createInvoice(draftFor([order(73)], finalized));
    await withPublic({ leitwegId: '04011000-1234512345-06' } as typeof publicCustomer).createInvoice(draftFor([order(74)], finalized));
    const log = await requests();
    expect(log.filter((r) => r.method === 'PUT')).toEqual([]);
    expect(log.filter((r) => r.method === 'POST' && r.path === '/v1/invoices').map((r) => r.body.xRechnung)).toEqual([undefined, undefined]);
  });

  it('other customers: no contact read, no buyer reference', async () => {
    await withPublic(undefined).createInvoice(draftFor([order(75)], finalized));
    const log = await requests();
    expect(log.filter((r) => r.path.startsWith('/v1/contacts'))).toEqual([]);
    expect(log.find((r) => r.method === 'POST')?.body.xRechnung).toBeUndefined();
  });
});

describe('downloadFile: GET /file with the Accept header (fact sheet §3.3)', () => {
  const finalized = { settings: { ...defaultInvoiceSettings, finalize: true, unitName: 'Pauschale' } };

  it('the PDF of a finalized invoice, with Lexware\'s file name, never the key in the result', async () => {
    const p = provider();
    const created = await p.createInvoice(draftFor([order(70)], finalized));
    const file = await p.downloadFile!(created.id, 'pdf');
    expect(file.fileName).toBe(`${created.number}.pdf`);
    expect(file.mimeType).toBe('application/pdf');
    expect(new TextDecoder('latin1').decode(file.bytes.slice(0, 5))).toBe('%PDF-');
    expect(JSON.stringify({ ...file, bytes: [] })).not.toContain(API_KEY);
    const call = (await requests()).find((r) => r.path === `/v1/invoices/${created.id}/file`)!;
    expect(call.headers.accept).toBe('application/pdf');
    expect(call.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('XML of a ZUGFeRD invoice: Lexware has none on its own (404, the PDF carries it)', async () => {
    const p = provider();
    const created = await p.createInvoice(draftFor([order(71)], finalized));
    expect(await billingFailure(p.downloadFile!(created.id, 'xml'))).toMatchObject({ code: 'not-found', status: 404 });
    expect((await requests()).find((r) => r.path.endsWith('/file'))?.headers.accept).toBe('application/xml');
  });

  it('a draft has no file yet (409)', async () => {
    const p = provider();
    const created = await p.createInvoice(draftFor([order(72)]));
    expect(await billingFailure(p.downloadFile!(created.id, 'pdf'))).toMatchObject({ code: 'conflict', status: 409 });
  });
});

describe('createInvoice', () => {
  it('single invoice: Lexware receives exactly the golden payload and computes our totals', async () => {
    const draft = singleDraft();
    const created = await provider().createInvoice(draft);

    const posted = (await requests()).filter((r) => r.method === 'POST');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe('/v1/invoices');
    expect(posted[0]!.query).toEqual({});
    expect(posted[0]!.body).toEqual(golden('invoice-single-domestic'));

    const [stored] = await invoices();
    expect(stored).toMatchObject({ ...golden('invoice-single-domestic'), voucherStatus: 'draft', voucherNumber: null });
    const totals = expectTotals(stored, draft);
    expect(totals.gross.minor).toBe(146914); // 1.234,57 € + 19 % = 234,5683 → 234,57 €

    expect(created).toEqual({
      id: stored.id,
      number: null,
      url: `${server.url}/permalink/invoices/edit/${stored.id}`,
      status: 'draft',
      grossMinor: totals.gross.minor,
      // A draft's e-invoice profile is decided when it is finalized.
      eInvoice: { profile: null, missingForDomesticB2b: false },
    });
  });

  it('collective invoice (golden): one line item per order, service period, payment term', async () => {
    const draft = collectiveGoldenDraft();
    await provider().createInvoice(draft);
    const [posted] = (await requests()).filter((r) => r.method === 'POST');
    expect(posted!.body).toEqual(golden('invoice-collective-period'));
    const [stored] = await invoices();
    expect(stored).toMatchObject(golden('invoice-collective-period'));
    expectTotals(stored, draft);
  });

  it('collective invoice of 13 orders with odd cents and two tax rates: the totals match the preview to the cent', async () => {
    const prices = [123457, 98765, 100001, 87654, 111111, 99999, 123450, 45678, 67890, 150025, 33333, 77845, 88007];
    const orders = prices.map((minor, i) =>
      order(20 + i, {
        price: { minor, currency: 'EUR' },
        stops: [
          { type: 'pickup', city: 'Hamburg', zip: '20457', countryCode: 'DE', date: `2026-11-${String(i + 1).padStart(2, '0')}` },
          { type: 'delivery', city: 'Berlin', zip: '10115', countryCode: 'DE', date: `2026-11-${String(i + 2).padStart(2, '0')}` },
        ],
      }),
    );
    const composed = draftFor(orders);
    // The preview lets a position be edited; every fourth one is billed at 7 % here.
    const draft: InvoiceDraft = { ...composed, positions: composed.positions.map((p, i) => (i % 4 === 0 ? { ...p, taxRatePercent: 7 } : p)) };
    expect(draft.kind).toBe('collective');
    // These prices round differently per position than per rate: the test can tell the rules apart.
    expect(computeTotals(draft.positions, 'EUR', 'per-rate').tax).not.toEqual(computeTotals(draft.positions, 'EUR', 'per-position').tax);

    const created = await provider().createInvoice(draft);
    const [stored] = await invoices();
    expect(stored.lineItems).toHaveLength(13);
    expect(stored.lineItems.map((li: Json) => [li.name, li.quantity, li.unitPrice.netAmount, li.unitPrice.taxRatePercentage])).toEqual(
      draft.positions.map((p) => [p.name, 1, apiNumber({ minor: p.unitPriceMinor, currency: 'EUR' }), p.taxRatePercent]),
    );
    expect(stored.shippingConditions).toEqual({ shippingType: 'serviceperiod', shippingDate: '2026-11-02T00:00:00.000+01:00', shippingEndDate: '2026-11-14T00:00:00.000+01:00' });
    const totals = expectTotals(stored, draft);
    // 19 %: 8.167,50 € → 1.551,825 → 1.551,83 €; 7 %: 3.904,65 € → 273,3255 → 273,33 €.
    expect(totals.taxes.map((t) => t.tax.minor)).toEqual([155183, 27333]);
    expect(created.grossMinor).toBe(totals.gross.minor);
  });

  it('finalize: true → ?finalize=true, an open invoice with a voucher number', async () => {
    const draft = { ...singleDraft(), finalize: true };
    const created = await provider().createInvoice(draft);
    const [posted] = (await requests()).filter((r) => r.method === 'POST');
    expect(posted!.query).toEqual({ finalize: 'true' });
    expect(posted!.body).toEqual(golden('invoice-single-domestic'));
    const [stored] = await invoices();
    expect(stored).toMatchObject({ voucherStatus: 'open', voucherNumber: 'RE0001' });
    expect(created).toMatchObject({ id: stored.id, number: 'RE0001', status: 'open', grossMinor: 146914 });
  });
});

describe('createInvoice: refusals come back as validation errors with field keys', () => {
  it('a CHF draft sent anyway → validation on the currency, nothing stored', async () => {
    const chf = { minor: 98050, currency: 'CHF' };
    const draft = draftFor([order(22, { price: chf })]);
    expect(draft.currency).toBe('CHF');
    const error = await billingFailure(provider().createInvoice(draft));
    expect(error).toMatchObject({ code: 'validation', status: 406, outcome: 'not-performed' });
    expect(error.fields).toContainEqual({ field: 'lineItems[0].unitPrice.currency', key: 'currency' });
    expect(error.fields).toContainEqual({ field: 'totalPrice.currency', key: 'currency' });
    expect(await invoices()).toEqual([]);
  });

  it('a title of 26 characters sent anyway → validation on the title', async () => {
    const error = await billingFailure(provider().createInvoice({ ...singleDraft(), title: 'Sammelrechnung November 26' }));
    expect('Sammelrechnung November 26').toHaveLength(26);
    expect(error).toMatchObject({ code: 'validation', outcome: 'not-performed' });
    expect(error.fields).toEqual([{ field: 'title', key: 'title' }]);
  });

  it('a contact created a moment ago → validation on the contact; after the sync delay it works', async () => {
    const p = provider();
    const contact = await p.createContact({ ...nordlicht, id: '20002', name: 'Elbe Kontor GmbH', customerNumber: '20002' });
    const draft = draftFor([order(30)], {}, contact.id);
    const error = await billingFailure(p.createInvoice(draft));
    expect(error).toMatchObject({ code: 'validation', outcome: 'not-performed' });
    expect(error.fields).toEqual([{ field: 'address.contactId', key: 'contact' }]);

    await sleep(SYNC_DELAY_MS + 100);
    await expect(p.createInvoice(draft)).resolves.toMatchObject({ status: 'draft' });
    expect(await invoices()).toHaveLength(1);
  });
});

describe('rate limit (emulator at 2 requests per second)', () => {
  it('the client bucket paces 6 calls at once so that none is refused', async () => {
    await rateLimit({ capacity: 2, refillPerSecond: 2 });
    const p = provider({ bucket: undefined }); // the extension's own bucket
    const results = await Promise.all(Array.from({ length: 6 }, () => p.testConnection()));
    expect(results.map((r) => r.companyName)).toEqual(Array(6).fill('Fuhrunternehmen Sandmann GmbH'));
    // Six requests reached Lexware: not one had to be repeated after a 429.
    expect(await requests()).toHaveLength(6);
  });

  it('with a client bucket that is too fast, the 429s are retried with backoff and all calls succeed', async () => {
    await rateLimit({ capacity: 2, refillPerSecond: 2 });
    // Backoff long enough for Lexware's bucket to refill within the client's three retries.
    const p = provider({ bucket: new TokenBucket({ capacity: 10, refillPerSecond: 10 }), backoffMs: 400 });
    const results = await Promise.all(Array.from({ length: 6 }, () => p.testConnection()));
    expect(results.map((r) => r.companyName)).toEqual(Array(6).fill('Fuhrunternehmen Sandmann GmbH'));
    // More than six requests arrived: the emulator refused some with 429 and they came again.
    expect((await requests()).length).toBeGreaterThan(6);
  });

  it('a POST refused with 429 is sent again (Lexware did nothing) and creates one invoice', async () => {
    await fault({ status: 429, match: { method: 'POST', path: '/v1/invoices' } });
    await expect(provider().createInvoice(singleDraft())).resolves.toMatchObject({ status: 'draft' });
    expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(2);
    expect(await invoices()).toHaveLength(1);
  });
});

describe('unknown outcomes and retries', () => {
  it('connection dropped after Lexware stored the invoice → outcome unknown; findInvoices finds exactly that invoice', async () => {
    const p = provider();
    const draft = singleDraft();
    const createdAfter = new Date().toISOString();
    await fault({ kind: 'drop-after-store', match: { path: '/v1/invoices', method: 'POST' } });
    const error = await billingFailure(p.createInvoice(draft));
    expect(error.outcome).toBe('unknown');
    expect(error.code).toBe('network');
    // Not sent twice.
    expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(1);

    const [stored] = await invoices();
    // Another invoice for the same customer, with another total, is no candidate.
    await p.createInvoice(draftFor([order(13, { price: { minor: 50000, currency: 'EUR' } })]));
    expect(await invoices()).toHaveLength(2);

    const found = await p.findInvoices(probeFor(draft, createdAfter));
    expect(found).toEqual([{ id: stored.id, number: null, url: `${server.url}/permalink/invoices/edit/${stored.id}`, status: 'draft', grossMinor: 146914 }]);
  });

  it('findInvoices does not take an identical invoice created earlier the same day', async () => {
    const p = provider();
    const draft = singleDraft();
    await p.createInvoice(draft); // the same customer, date and total, a moment before
    await sleep(20);
    const createdAfter = new Date().toISOString();
    await fault({ status: 500, match: { path: '/v1/invoices', method: 'POST' } });
    const error = await billingFailure(p.createInvoice(draft));
    expect(error.outcome).toBe('unknown');
    expect(await invoices()).toHaveLength(1);
    // The attempt stored nothing: the earlier invoice must not be mistaken for it.
    expect(await p.findInvoices(probeFor(draft, createdAfter))).toEqual([]);
  });

  it('a 500 on POST → outcome unknown, not repeated', async () => {
    await fault({ status: 500, match: { path: '/v1/invoices', method: 'POST' } });
    const error = await billingFailure(provider().createInvoice(singleDraft()));
    expect(error).toMatchObject({ code: 'unavailable', status: 500, outcome: 'unknown' });
    expect((await requests()).filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a 406 on POST → not performed', async () => {
    await fault({ status: 406, match: { path: '/v1/invoices', method: 'POST' } });
    const error = await billingFailure(provider().createInvoice(singleDraft()));
    expect(error).toMatchObject({ code: 'validation', status: 406, outcome: 'not-performed' });
    expect(await invoices()).toEqual([]);
  });

  it('a 503 on GET /v1/profile is retried, then succeeds', async () => {
    await fault({ status: 503, match: { path: '/v1/profile', method: 'GET' } });
    await expect(provider().testConnection()).resolves.toEqual({ companyName: 'Fuhrunternehmen Sandmann GmbH' });
    expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/profile', 'GET /v1/profile']);
  });

  it('a GET that keeps failing gives up after three retries as "unavailable"', async () => {
    await fault({ status: 503, count: 4, match: { path: '/v1/profile' } });
    await expect(provider().testConnection()).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    expect(await requests()).toHaveLength(4);
  });

  it('the gateway 403 quotes the Authorization header: the key does not reach the error', async () => {
    await fault({ status: 403, match: { path: '/v1/profile' } });
    const error = await billingFailure(provider().testConnection());
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
    expect(error.message).not.toContain(API_KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(API_KEY);
  });
});

describe('describeLexwareError', () => {
  it('regular format: each detail becomes a field issue with a message key', () => {
    const body = {
      timestamp: '2026-11-23T10:15:00.000+01:00',
      status: 406,
      error: 'Not Acceptable',
      path: '/v1/invoices',
      traceId: '90d78d0777be',
      message: 'Validation failed for request. Please see details list for specific causes.',
      details: [
        { violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.currency', message: 'Es wird nur die Währung EUR unterstützt' },
        { violation: 'SIZE', field: 'title', message: 'Größe muss zwischen 0 und 25 sein' },
        { violation: 'NOTFOUND', field: 'address.contactId', message: 'Kontakt mit der ID x existiert nicht' },
        { violation: 'NOTNULL', field: 'lineItems[3].somethingNew', message: 'darf nicht leer sein' },
      ],
    };
    expect(describeLexwareError(406, body)).toEqual({
      detail: 'lineItems[0].unitPrice.currency, title, address.contactId, lineItems[3].somethingNew',
      fields: [
        { field: 'lineItems[0].unitPrice.currency', key: 'currency' },
        { field: 'title', key: 'title' },
        { field: 'address.contactId', key: 'contact' },
        { field: 'lineItems[3].somethingNew', key: 'generic' },
      ],
    });
  });

  it('legacy format (contacts): each issue becomes a field issue', () => {
    const body = {
      requestId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      IssueList: [
        { i18nKey: 'missing_entity', source: 'company.name', type: 'validation_failure' },
        { i18nKey: 'invalid_value', source: 'addresses.billing[0].countryCode', type: 'validation_failure' },
        { i18nKey: 'bad_request_error', source: null, type: 'validation_failure' },
      ],
    };
    expect(describeLexwareError(400, body)).toEqual({
      detail: 'missing_entity company.name, invalid_value addresses.billing[0].countryCode, bad_request_error',
      fields: [
        { field: 'company.name', key: 'contactName' },
        { field: 'addresses.billing[0].countryCode', key: 'countryCode' },
        { field: 'bad_request_error', key: 'generic' },
      ],
    });
  });

  it('the gateway 403 quotes the Authorization header: nothing of it is passed on', () => {
    const header = `Bearer ${API_KEY}`;
    const body = { message: `'${API_KEY}' not a valid key=value pair (missing equal-sign) in Authorization header: '${header}'.` };
    const described = describeLexwareError(403, body);
    expect(described).toEqual({});
    expect(JSON.stringify(described)).not.toContain(API_KEY);
  });

  it('bodies without details say nothing rather than something wrong', () => {
    expect(describeLexwareError(500, { message: null })).toEqual({});
    expect(describeLexwareError(401, { message: 'Unauthorized' })).toEqual({});
    expect(describeLexwareError(404, { status: 404, error: 'Not Found', message: 'Not Found', details: [] })).toEqual({});
    expect(describeLexwareError(502, '<html>Bad Gateway</html>')).toEqual({});
    expect(describeLexwareError(502, undefined)).toEqual({});
  });
});
