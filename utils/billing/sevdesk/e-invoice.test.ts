// @vitest-environment node
/**
 * sevdesk e-invoices against the local emulator: the flag with the fields it needs, the
 * buyer reference written to the contact once per change, and the getXml confirmation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RecordedRequest, type RunningServer } from '../../../sandbox/kit/http';
import { createSevdeskEmulator } from '../../../sandbox/sevdesk/server';
import { DEFAULT_EINVOICE_SETTINGS, type EInvoiceSettings } from '../../domain/settings';
import { TokenBucket } from '../rate-limit';
import { createSevdeskProvider } from './provider';
import { createMemoryLookupCache } from './lookups';
import type { SevdeskEInvoiceSource } from './e-invoice';
import { defaultInvoiceSettings } from '@/tests/support/orders';
import type { Order } from '../../domain/order';
import type { ContactRef } from '../../domain/invoice';
import { alpentrans, CONTACTS, draftFor as composeDraft, order, READY_EINVOICE } from './test-support';

/** Drafts as a user ready for e-invoices composes them: a unit with a UN/ECE code, 14 days to pay. */
const draftFor = (orders: Order[], contact: ContactRef) => composeDraft(orders, contact, { settings: { ...defaultInvoiceSettings, unitName: 'Pauschale', paymentTermDays: 14 } });

const TOKEN = '0123456789abcdef0123456789abcdef';
const realFetch = globalThis.fetch;
let server: RunningServer;

beforeAll(async () => {
  server = await startEmulator(createSevdeskEmulator({ apiKey: TOKEN }), 0);
});
afterAll(() => server.close());
beforeEach(async () => {
  await realFetch(`${server.url}/__sandbox/reset`, { method: 'POST' });
});

const sandbox = async <T = unknown>(path: string, init?: RequestInit): Promise<T> => (await realFetch(`${server.url}/__sandbox/${path}`, init)).json() as Promise<T>;
const requests = () => sandbox<RecordedRequest[]>('requests');
const contactById = async (id: string) => (await sandbox<{ id: string; buyerReference: string | null }[]>('contacts')).find((c) => c.id === id);


function source(settings: EInvoiceSettings, buyerReference: string | undefined) {
  const written = new Map<string, string | null>();
  const src: SevdeskEInvoiceSource = {
    forDraft: async () => ({ settings, buyerReference }),
    written: { get: async (id) => written.get(id), set: async (id, value) => void written.set(id, value) },
  };
  return { src, written };
}

function provider(eInvoice?: SevdeskEInvoiceSource) {
  return createSevdeskProvider({
    apiKey: () => TOKEN,
    endpoints: { api: `${server.url}/api/v1`, app: server.url },
    fetch: realFetch,
    bucket: new TokenBucket({ capacity: 100, refillPerSecond: 1000 }),
    backoffMs: 1,
    lookups: createMemoryLookupCache(),
    ...(eInvoice ? { eInvoice } : {}),
  });
}

describe('sevdesk company data (GET /CheckAccount)', () => {
  it('reads the IBAN of the default bank account, the only company datum the official API offers', async () => {
    expect(await provider().companyData!()).toEqual({ seller: { iban: 'DE89370400440532013000' } });
    expect((await requests()).filter((r) => r.path.startsWith('/api/v1/')).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/CheckAccount']);
  });

  it('no bank account: nothing to prefill', async () => {
    await realFetch(`${server.url}/__sandbox/sev-client`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iban: '' }) });
    expect(await provider().companyData!()).toEqual({ seller: {} });
  });
});

describe('sevdesk e-invoice', () => {
  it('writes the buyer reference to the contact, sends the flag with payment method and address parts, and confirms ZUGFeRD with getXml', async () => {
    const { src, written } = source(READY_EINVOICE, 'PO-NORD-7781');
    const created = await provider(src).createInvoice(draftFor([order(901)], CONTACTS.nordlicht));

    expect(created.eInvoice).toEqual({ profile: 'ZUGFeRD', missingForDomesticB2b: false });
    const log = await requests();
    const put = log.find((r) => r.method === 'PUT' && r.path === `/api/v1/Contact/${CONTACTS.nordlicht.id}`);
    expect(put?.body).toEqual({ buyerReference: 'PO-NORD-7781' });
    const save = log.find((r) => r.path.endsWith('/saveInvoice'))!;
    expect(log.indexOf(put!)).toBeLessThan(log.indexOf(save));
    expect((save.body as { invoice: Record<string, unknown> }).invoice).toMatchObject({
      propertyIsEInvoice: true,
      paymentMethod: { id: 21919, objectName: 'PaymentMethod' },
      addressName: 'Spedition Nordlicht GmbH',
      addressStreet: 'Hafenstraße 12',
      addressZip: '20457',
      addressCity: 'Hamburg',
    });
    expect(log.some((r) => r.path === `/api/v1/Invoice/${created.id}/getXml`)).toBe(true);
    expect((await contactById(CONTACTS.nordlicht.id))?.buyerReference).toBe('PO-NORD-7781');
    expect(written.get(CONTACTS.nordlicht.id)).toBe('PO-NORD-7781');
  });

  it('a public customer: its Leitweg-ID (not an older plain reference) is written to the contact and the e-invoice is ZUGFeRD, not XRechnung', async () => {
    const { src } = source(READY_EINVOICE, 'PO-OLD');
    const publicSource: SevdeskEInvoiceSource = { ...src, forDraft: async () => ({ settings: READY_EINVOICE, buyerReference: 'PO-OLD', publicCustomer: { leitwegId: '04011000-1234512345-06' } }) };
    const created = await provider(publicSource).createInvoice(draftFor([order(909)], CONTACTS.nordlicht));
    const put = (await requests()).find((r) => r.method === 'PUT' && r.path === `/api/v1/Contact/${CONTACTS.nordlicht.id}`);
    expect(put?.body).toEqual({ buyerReference: '04011000-1234512345-06' });
    expect(created.eInvoice?.profile).toBe('ZUGFeRD');
  });

  it('a public customer with a mistyped Leitweg-ID: a plain invoice naming it, nothing written to the contact', async () => {
    const { src } = source(READY_EINVOICE, undefined);
    const publicSource: SevdeskEInvoiceSource = { ...src, forDraft: async () => ({ settings: READY_EINVOICE, publicCustomer: { leitwegId: '04011000-1234512345-60' } }) };
    const created = await provider(publicSource).createInvoice(draftFor([order(910)], CONTACTS.nordlicht));
    expect(created.eInvoice?.missing).toEqual([{ code: 'leitweg-id-invalid', params: { leitwegId: '04011000-1234512345-60' } }]);
    expect((await requests()).some((r) => r.method === 'PUT')).toBe(false);
  });

  it('writes an unchanged buyer reference only once, and a changed one again', async () => {
    const { src, written } = source(READY_EINVOICE, 'PO-1');
    const p = provider(src);
    await p.createInvoice(draftFor([order(902)], CONTACTS.nordlicht));
    await p.createInvoice(draftFor([order(903)], CONTACTS.nordlicht));
    const puts = async () => (await requests()).filter((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/Contact/'));
    expect(await puts()).toHaveLength(1);

    const changed = provider({ ...src, forDraft: async () => ({ settings: READY_EINVOICE, buyerReference: 'PO-2' }) });
    const third = await changed.createInvoice(draftFor([order(904)], CONTACTS.nordlicht));
    expect((await puts()).map((r) => r.body)).toEqual([{ buyerReference: 'PO-1' }, { buyerReference: 'PO-2' }]);
    expect(written.get(CONTACTS.nordlicht.id)).toBe('PO-2');
    expect(third.eInvoice?.profile).toBe('ZUGFeRD');
  });

  it('without a payment method or buyer reference: a plain invoice that says what is missing, nothing written to the contact', async () => {
    const { src } = source({ ...READY_EINVOICE, sevdeskPaymentMethod: undefined }, undefined);
    const created = await provider(src).createInvoice(draftFor([order(905)], CONTACTS.nordlicht));

    expect(created.eInvoice).toEqual({
      profile: 'NONE',
      missingForDomesticB2b: true,
      missing: [{ code: 'payment-method-missing' }, { code: 'buyer-reference-missing' }],
    });
    const log = await requests();
    expect(log.some((r) => r.method === 'PUT')).toBe(false);
    const save = log.find((r) => r.path.endsWith('/saveInvoice'))!;
    expect(save.body).not.toHaveProperty('invoice.propertyIsEInvoice');
    expect(log.some((r) => r.path.endsWith('/getXml'))).toBe(false);
  });

  it('when sevdesk returns no XML, the result says so', async () => {
    const { src } = source(READY_EINVOICE, 'PO-NORD-7781');
    await sandbox('faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // The first invoice after a reset is 98100001 (sandbox/sevdesk/README.md).
      body: JSON.stringify({ match: { method: 'GET', path: '/api/v1/Invoice/98100001/getXml' }, kind: 'status', status: 400, count: 5 }),
    });
    const created = await provider(src).createInvoice(draftFor([order(906)], CONTACTS.nordlicht));
    expect(created.eInvoice).toEqual({ profile: 'NONE', missingForDomesticB2b: true, missing: [{ code: 'xml-not-returned' }] });
  });

  it('e-invoices off, or no source at all: a plain invoice and no e-invoice note', async () => {
    const { src } = source({ ...DEFAULT_EINVOICE_SETTINGS, issue: false }, 'PO-1');
    const off = await provider(src).createInvoice(draftFor([order(907)], CONTACTS.nordlicht));
    expect(off.eInvoice).toBeUndefined();
    const plain = await provider().createInvoice(draftFor([order(908)], CONTACTS.nordlicht));
    expect(plain.eInvoice).toBeUndefined();
    expect((await requests()).some((r) => r.method === 'PUT' || r.path.endsWith('/getXml'))).toBe(false);
  });

  it('a Swiss business customer (not taxable in Germany) with all data gets an e-invoice too, not marked as a domestic duty', async () => {
    const { src } = source(READY_EINVOICE, 'ALP-42');
    const orders = [order(909, { customer: alpentrans })];
    const created = await provider(src).createInvoice(draftFor(orders, CONTACTS.alpentrans));
    expect(created.eInvoice?.missingForDomesticB2b).toBe(false);
  });

  it('lists the payment methods of the account', async () => {
    expect(await provider().paymentMethods!()).toEqual([
      { id: '21919', name: 'Überweisung' },
      { id: '21920', name: 'Lastschrift' },
      { id: '21921', name: 'Bar' },
    ]);
  });

  describe('downloadFile', () => {
    it('the XML from getXml and the PDF with preventSendBy, named by the invoice number; the draft stays a draft', async () => {
      const { src } = source(READY_EINVOICE, 'PO-NORD-7781');
      const p = provider(src);
      const created = await p.createInvoice(draftFor([order(910)], CONTACTS.nordlicht));

      const xml = await p.downloadFile!(created.id, 'xml');
      expect(xml).toMatchObject({ fileName: `${created.number}.xml`, mimeType: 'application/xml' });
      expect(new TextDecoder().decode(xml.bytes)).toContain('<ram:BuyerReference>PO-NORD-7781</ram:BuyerReference>');

      const pdf = await p.downloadFile!(created.id, 'pdf');
      expect(pdf).toMatchObject({ fileName: `${created.number}.pdf`, mimeType: 'application/pdf' });
      expect(new TextDecoder('latin1').decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');
      expect(new TextDecoder('latin1').decode(pdf.bytes)).toContain('factur-x.xml');

      const getPdf = (await requests()).find((r) => r.path.endsWith('/getPdf'))!;
      expect(getPdf.query).toMatchObject({ preventSendBy: 'true' });
      const stored = (await sandbox<{ id: string; status: string }[]>('invoices')).find((i) => i.id === created.id);
      expect(stored?.status).toBe('100');
    });

    it('a plain invoice has no XML: not-found, said plainly', async () => {
      const p = provider();
      const created = await p.createInvoice(draftFor([order(911)], CONTACTS.nordlicht));
      await expect(p.downloadFile!(created.id, 'xml')).rejects.toMatchObject({ code: 'not-found', message: 'sevdesk has no e-invoice XML for this invoice' });
    });
  });
});
