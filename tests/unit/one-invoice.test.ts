/**
 * One invoice walked from the click to the ledger, as the house issue (#13) counts it: the
 * messages the tab sends, the pushes it gets, and how often the draft is validated against
 * its schema. The panel's store and the background's handlers talk through the real
 * protocol; the billing system and the TMS are faked at the edge.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as v from 'valibot';

import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { bookedInvoices } from '@/tests/support/book';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import type { BillingProvider } from '@/utils/billing/provider';
import type { MessageType } from '@/utils/messaging';
import type { TmsPageAdapter } from '@/utils/tms/adapter';
import type * as InvoiceModuleNs from '@/utils/domain/invoice';
import { fakeDemoTmsApi } from '@/tests/support/demo-tms-api';

type InvoiceModule = typeof InvoiceModuleNs;

// Every schema that embeds the draft (the message, the job) counts its runs here. The setup
// file has loaded the protocol already, so the modules under test are loaded afresh below.
const counter = { draftValidations: 0 };
async function load() {
  vi.resetModules();
  vi.doMock('@/utils/domain/invoice', async (importOriginal) => {
    const original = await importOriginal<InvoiceModule>();
    const counted = v.pipe(
      original.InvoiceDraftSchema,
      v.check(() => {
        counter.draftValidations += 1;
        return true;
      }),
    );
    return { ...original, InvoiceDraftSchema: counted };
  });
  const [messaging, storage, linkStore, journal, panel, demo, providers, jobService, invoicing, sites] = await Promise.all([
    import('@/utils/messaging'),
    import('@/utils/storage'),
    import('@/utils/link-store'),
    import('@/utils/jobs/journal'),
    import('@/composables/invoice-panel'),
    import('@/utils/tms/demo/page-adapter'),
    import('@/entrypoints/background/services/providers'),
    import('@/entrypoints/background/services/job-service'),
    import('@/entrypoints/background/handlers/invoicing'),
    import('@/entrypoints/background/handlers/tms-sites'),
  ]);
  return { ...messaging, ...storage, ...linkStore, ...journal, ...panel, ...demo, providers, ...jobService, ...invoicing, ...sites };
}
let m: Awaited<ReturnType<typeof load>>;

const POSITIONS = 300;


const provider: BillingProvider = {
  id: 'lexware',
  name: 'Lexware Office',
  testConnection: async () => ({ companyName: 'Muster GmbH' }),
  searchContacts: async () => [],
  createContact: async () => ({ id: 'contact-1', name: nordlicht.name }),
  createInvoice: async () => ({ id: 'inv-1', number: null, url: 'http://lexware.test/permalink/invoices/edit/inv-1', status: 'draft', grossMinor: 0 }),
  findInvoices: async () => [],
  invoiceUrl: (id) => `http://lexware.test/${id}`,
  contactReadyDelayMs: 0,
};

let sent: MessageType[];
let pushes: number;

beforeEach(async () => {
  m = await load();
  m.removeAllHandlers();
  counter.draftValidations = 0;
  sent = [];
  pushes = 0;
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de-DE');
  vi.spyOn(globalThis, 'fetch').mockImplementation(fakeDemoTmsApi());
  vi.spyOn(m.providers, 'providerFor').mockImplementation(async () => provider);
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async () => {
    pushes += 1;
  }) as never);
  await m.sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await m.secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-01T09:00:00.000Z' } });
  await m.linksItem.set({ lexware: { [m.customerKey(TMS_ORIGIN, nordlicht.id)]: { contactId: 'contact-1', contactName: nordlicht.name, linkedAt: '2026-11-01T09:00:00.000Z' } }, sevdesk: {} });
  m.allowContentScriptsFrom(m.isTmsSite);
  deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
});

afterEach(() => vi.useRealTimers());

describe('one invoice of 300 orders, from the click to the ledger', () => {
  it('takes one message to open the preview, one to send it, and validates the draft twice whatever the job does', async () => {
    const { journal, jobs } = m.createJobs(new m.JobJournal());
    const writes = { put: vi.spyOn(journal, 'put'), update: vi.spyOn(journal, 'update') };
    m.handle('getInvoicingContext', (req) => m.getInvoicingContext(req, journal));
    m.handle('createInvoice', (req, sender) => m.createInvoice(req, sender, jobs));

    const orders = Array.from({ length: POSITIONS }, () => makeOrder());
    const adapter: TmsPageAdapter = { ...m.demoTmsAdapter, readOrders: async () => orders.map((order) => ({ ok: true as const, order })) };
    const store = m.createPanelStore();
    const counted = (<K extends MessageType>(type: K, data: never) => {
      sent.push(type);
      return m.request(type, data);
    }) as never;
    const texts = vi.fn();
    store.configure({ adapter, doc: document, url: () => new URL(`${TMS_ORIGIN}/orders`), fetch, send: counted, onTexts: texts });

    await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
    expect(store.phase).toBe('preview');
    // The panel's texts came with the context, in the user's language.
    expect(texts).toHaveBeenCalledWith('de', expect.objectContaining({ 'panel.title': expect.any(String) }));
    const opening = [...sent];

    const before = counter.draftValidations;
    await store.submit();
    expect(store.phase).toBe('job');
    await vi.waitFor(async () => expect((await journal.list())[0]?.state).toBe('done'), { timeout: 10_000 });
    expect((await bookedInvoices()).invoices.map((r) => r.invoiceId)).toEqual(['inv-1']);

    const updates = writes.update.mock.calls.length;
    const figures = { opening, sending: sent.slice(opening.length), pushes, updates, draftValidations: counter.draftValidations - before };
    console.info('[one invoice]', JSON.stringify(figures));

    expect(figures.opening).toEqual(['getInvoicingContext']);
    expect(figures.sending).toEqual(['createInvoice']);
    expect(writes.put).toHaveBeenCalledTimes(1);
    expect(figures.pushes).toBeGreaterThan(0);
    expect(figures.draftValidations).toBe(2);
  });
});
