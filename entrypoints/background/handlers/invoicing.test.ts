/**
 * The invoicing handlers as a page meets them: registered with the real protocol behind
 * WXT's fake browser, storage real (fake-browser), the billing provider faked at the edge.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import type { BillingProvider, CreatedInvoice } from '@/utils/billing/provider';
import { BillingError } from '@/utils/billing/errors';
import { JobJournal } from '@/utils/jobs/journal';
import { ledgerItem, linksItem, secretsItem, settingsItem, sitesItem, DEFAULT_SETTINGS, taxCasesItem } from '@/utils/storage';
import { tmsKey } from '@/utils/domain/ids';
import { contentScript, deliverMessagesFrom, extensionPage, otherExtension } from '@/tests/support/messaging';
import { defaultInvoiceSettings, makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { fakeProvider } from '@/tests/support/billing';
import * as providers from '../services/providers';
import { createJobs } from '../services/job-service';
import { createInvoice, getInvoicingContext, setBuyerReference, setPublicCustomer, setTaxCase } from './invoicing';
import { isTmsSite } from './tms-sites';

let journal: JobJournal;
let provider: BillingProvider;

beforeEach(async () => {
  removeAllHandlers();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de-DE');
  // The write-back reaches for the TMS: here it is down, so the job stops after the invoice.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('down', { status: 503 }));
  provider = fakeProvider();
  vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
  await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-01T09:00:00.000Z' } });
  const wired = createJobs(new JobJournal());
  journal = wired.journal;
  handle('createInvoice', (req, sender) => createInvoice(req, sender, wired.jobs));
  handle('getInvoicingContext', (req) => getInvoicingContext(req, journal));
  handle('setTaxCase', (req) => setTaxCase(req));
  handle('setBuyerReference', (req) => setBuyerReference(req));
  handle('setPublicCustomer', (req) => setPublicCustomer(req));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
});

describe('createInvoice', () => {
  it('starts a job for a valid draft and creates the invoice through the provider', async () => {
    const draft = makeDraft();
    const answer = await request('createInvoice', { draft, allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: true, reused: false, job: { state: 'planned', customerName: nordlicht.name, orderNumbers: draft.positions.map((p) => p.orderNumber) } });
    await vi.waitFor(async () => expect((await journal.list())[0]?.invoice?.id).toBe('inv-1'));
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('answers a second click with the running job instead of a second invoice', async () => {
    const draft = makeDraft();
    const first = await request('createInvoice', { draft, allowReinvoice: [] });
    const second = await request('createInvoice', { draft, allowReinvoice: [] });
    expect(second).toMatchObject({ ok: true, reused: true });
    expect(first.ok && second.ok && second.job.id === first.job.id).toBe(true);
  });

  it('refuses a message of the wrong shape before any handler runs', async () => {
    const draft = makeDraft();
    await expect(request('createInvoice', { draft: { ...draft, positions: [] }, allowReinvoice: [] })).rejects.toThrow(/malformed "createInvoice"/);
    expect(await journal.list()).toEqual([]);
  });

  it('refuses a draft when no key is saved for its billing system', async () => {
    await secretsItem.set({});
    const answer = await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-draft' } });
    expect(provider.createInvoice).not.toHaveBeenCalled();
  });

  it('refuses a draft without a linked contact', async () => {
    const answer = await request('createInvoice', { draft: makeDraft(undefined, { contact: null }), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-draft' } });
    expect(await journal.list()).toEqual([]);
  });

  it("refuses a page that sends another site's orders", async () => {
    await sitesItem.set([
      { origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' },
      { origin: 'https://tms.example.com', addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' },
    ]);
    // The background keeps its list of sites for a few seconds.
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
    deliverMessagesFrom(contentScript('https://tms.example.com/orders'));
    const answer = await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'foreign-origin' } });
  });

  it('refuses pages that are no TMS site, and other extensions', async () => {
    deliverMessagesFrom(contentScript('https://elsewhere.example.com/orders'));
    await expect(request('createInvoice', { draft: makeDraft(), allowReinvoice: [] })).rejects.toThrow(/not a TMS site/);
    deliverMessagesFrom(otherExtension());
    await expect(request('createInvoice', { draft: makeDraft(), allowReinvoice: [] })).rejects.toThrow(/unknown sender/);
    expect(await journal.list()).toEqual([]);
  });

  it('refuses a draft for a billing system that is no longer the active one', async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, provider: 'sevdesk' });
    const answer = await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'provider-changed' } });
  });

  it('refuses orders the ledger knows as invoiced, naming them', async () => {
    const order = makeOrder();
    await ledgerItem.set([
      { provider: 'lexware', invoiceId: 'old', invoiceNumber: 'RE-1', url: 'http://lexware.test/old', origin: TMS_ORIGIN, orderId: order.id, orderNumber: order.number, customerName: nordlicht.name, currency: 'EUR', positionNetMinor: 125000, invoiceGrossMinor: 148750, createdAt: '2026-11-20T09:00:00.000Z', jobId: 'job-old' },
    ]);
    const answer = await request('createInvoice', { draft: makeDraft([order]), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'already-invoiced', orderNumbers: [order.number] } });
  });

  it('reports a billing failure in words the panel translates, without a browser error text', async () => {
    vi.spyOn(providers, 'providerFor').mockRejectedValue(new BillingError('auth', 'No Lexware Office API key saved'));
    const answer = await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'auth' } });
  });
});

describe('getInvoicingContext', () => {
  it("answers with the settings, the customer's link and tax case, and what is invoiced or running", async () => {
    const [invoiced, running, fresh] = [makeOrder(), makeOrder(), makeOrder()];
    const key = tmsKey(TMS_ORIGIN, nordlicht.id);
    await linksItem.set({ lexware: { [key]: { contactId: 'contact-9', contactName: 'Nordlicht (Lexware)', linkedAt: '2026-11-01T09:00:00.000Z' } }, sevdesk: {} });
    await taxCasesItem.set({ [key]: { taxCase: 'intraEuReverseCharge' } });
    await ledgerItem.set([
      { provider: 'lexware', invoiceId: 'old', invoiceNumber: 'RE-1', url: 'http://lexware.test/old', origin: TMS_ORIGIN, orderId: invoiced.id, orderNumber: invoiced.number, customerName: nordlicht.name, currency: 'EUR', positionNetMinor: 125000, invoiceGrossMinor: 148750, createdAt: '2026-11-20T09:00:00.000Z', jobId: 'job-old' },
    ]);
    // A job still running for one of the orders.
    provider = fakeProvider({ createInvoice: () => new Promise<CreatedInvoice>(() => undefined) });
    await request('createInvoice', { draft: makeDraft([running]), allowReinvoice: [] });

    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [invoiced.id, running.id, fresh.id] });
    expect(context.connection).toEqual({ provider: 'lexware', configured: true });
    expect(context.settings).toMatchObject({ unitName: 'Transport', language: 'de', templates: { title: '', introduction: '', remark: '' } });
    expect(context.links).toEqual({ [nordlicht.id]: { contact: { id: 'contact-9', name: 'Nordlicht (Lexware)' } } });
    expect(context.taxCases).toEqual({ [nordlicht.id]: 'intraEuReverseCharge' });
    expect(context.invoicedOrderIds).toEqual([invoiced.id]);
    expect(context.inProgressOrderIds).toEqual([running.id]);
  });

  it("gives an unlinked customer no link and uses the invoice language's texts", async () => {
    await settingsItem.set({ ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, language: 'en', texts: { de: { title: 'Rechnung', introduction: '', remark: '', references: '' }, en: { title: 'Invoice', introduction: '', remark: '', references: '' } } } });
    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [] });
    expect(context.links).toEqual({});
    expect(context.settings.templates.title).toBe('Invoice');
    expect(context.settings.language).toBe('en');
  });

  it('refuses a request of the wrong shape', async () => {
    await expect(request('getInvoicingContext', { origin: 'not a url', customers: [], orderIds: [] })).rejects.toThrow(/malformed/);
  });

  it('answers extension pages too (the popup links customers)', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [], orderIds: [] });
    expect(context.connection.configured).toBe(true);
  });
});

describe('tax case and buyer reference per customer', () => {
  it('remembers both for the customer, each forgotten on its own', async () => {
    const key = tmsKey(TMS_ORIGIN, nordlicht.id);
    await request('setTaxCase', { origin: TMS_ORIGIN, customerId: nordlicht.id, taxCase: 'exemptCrossBorder' });
    await request('setBuyerReference', { origin: TMS_ORIGIN, customerId: nordlicht.id, buyerReference: ' 04011000-12345-67 ' });
    expect((await taxCasesItem.get())[key]).toMatchObject({ taxCase: 'exemptCrossBorder', buyerReference: '04011000-12345-67', chosenAt: expect.any(String) });
    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [] });
    expect(context.taxCases).toEqual({ [nordlicht.id]: 'exemptCrossBorder' });
    expect(context.buyerReferences).toEqual({ [nordlicht.id]: '04011000-12345-67' });

    await request('setTaxCase', { origin: TMS_ORIGIN, customerId: nordlicht.id, taxCase: null });
    expect((await taxCasesItem.get())[key]).toEqual({ buyerReference: '04011000-12345-67' });
    await request('setBuyerReference', { origin: TMS_ORIGIN, customerId: nordlicht.id, buyerReference: null });
    expect((await taxCasesItem.get())[key]).toEqual({});
  });
});

describe('public customers (XRechnung)', () => {
  const key = () => tmsKey(TMS_ORIGIN, nordlicht.id);

  it('stores the Leitweg-ID as the buyer reference with the flag and supplier number; the preview gets them back', async () => {
    await request('setTaxCase', { origin: TMS_ORIGIN, customerId: nordlicht.id, taxCase: 'domestic' });
    expect(await request('setPublicCustomer', { origin: TMS_ORIGIN, customerId: nordlicht.id, publicCustomer: { leitwegId: ' 991-33333TEST-33', vendorNumberAtCustomer: 'L-1' } })).toEqual({ ok: true });
    expect((await taxCasesItem.get())[key()]).toMatchObject({ taxCase: 'domestic', publicAuthority: true, buyerReference: '991-33333TEST-33', vendorNumberAtCustomer: 'L-1' });
    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [] });
    expect(context.publicCustomers).toEqual({ [nordlicht.id]: { leitwegId: '991-33333TEST-33', vendorNumberAtCustomer: 'L-1' } });
    expect(context.buyerReferences).toEqual({ [nordlicht.id]: '991-33333TEST-33' });
  });

  it('refuses a Leitweg-ID whose check digits are wrong, storing nothing', async () => {
    await expect(request('setPublicCustomer', { origin: TMS_ORIGIN, customerId: nordlicht.id, publicCustomer: { leitwegId: '991-33333TEST-34' } })).rejects.toThrow();
    expect((await taxCasesItem.get())[key()]).toBeUndefined();
  });

  it('switching off keeps the reference as a plain buyer reference and drops the flag and number', async () => {
    await request('setPublicCustomer', { origin: TMS_ORIGIN, customerId: nordlicht.id, publicCustomer: { leitwegId: '991-33333TEST-33', vendorNumberAtCustomer: 'L-1' } });
    await request('setPublicCustomer', { origin: TMS_ORIGIN, customerId: nordlicht.id, publicCustomer: null });
    expect((await taxCasesItem.get())[key()]).toEqual({ buyerReference: '991-33333TEST-33' });
    const context = await request('getInvoicingContext', { origin: TMS_ORIGIN, customers: [nordlicht], orderIds: [] });
    expect(context.publicCustomers).toEqual({});
  });

  it('an invoice to a public customer that is not XRechnung ready is refused now, not only from 2027', async () => {
    await request('setPublicCustomer', { origin: TMS_ORIGIN, customerId: nordlicht.id, publicCustomer: { leitwegId: '991-33333TEST-33' } });
    const answer = await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-draft' } });
    expect(provider.createInvoice).not.toHaveBeenCalled();
  });
});

describe('createInvoice: e-invoice readiness', () => {
  const in2027 = () =>
    makeOrder({ stops: [{ type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: '2027-01-10' }, { type: 'delivery', city: 'München', countryCode: 'DE', date: '2027-01-11' }] });

  it('refuses a domestic B2B invoice from 2027 that is not e-invoice ready, with the reason', async () => {
    const draft = makeDraft([in2027()], { today: '2027-01-15' });
    const answer = await request('createInvoice', { draft, allowReinvoice: [] });
    expect(answer).toEqual({ ok: false, error: { code: 'invalid-draft', message: 'The invoice is not e-invoice ready, and an invoice to a German business must be one' } });
    expect(provider.createInvoice).not.toHaveBeenCalled();
  });

  it('sends it once the user has what it needs, or has switched e-invoices off', async () => {
    const ready = { ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, paymentTermDays: 14, eInvoice: { issue: true, seller: { vatId: 'DE123456789' } } } };
    await settingsItem.set(ready);
    const withTerms = { ...defaultInvoiceSettings, paymentTermDays: 14 };
    expect(await request('createInvoice', { draft: makeDraft([in2027()], { today: '2027-01-15', settings: withTerms }), allowReinvoice: [] })).toMatchObject({ ok: true });
    await settingsItem.set({ ...DEFAULT_SETTINGS, invoice: { ...DEFAULT_SETTINGS.invoice, eInvoice: { issue: false, seller: {} } } });
    expect(await request('createInvoice', { draft: makeDraft([in2027()], { today: '2027-01-15' }), allowReinvoice: [] })).toMatchObject({ ok: true });
  });

  it('before 2027 it only warns: the invoice is sent', async () => {
    expect(await request('createInvoice', { draft: makeDraft(), allowReinvoice: [] })).toMatchObject({ ok: true });
  });
});
