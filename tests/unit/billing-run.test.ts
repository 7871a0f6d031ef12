/**
 * A month-end billing run walked from the panel to the invoice book: the panel's stores and the
 * background's handlers talk through the real protocol (a TMS page's content script as the
 * sender), the run's pushes reach the panel; the billing system and the TMS are faked at
 * the edge.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { fakeProvider, numberedInvoices } from '@/tests/support/billing';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { linksItem, secretsItem, sitesItem } from '@/utils/storage';
import { bookedInvoices } from '@/tests/support/book';
import { customerKey } from '@/utils/link-store';
import { demoTmsAdapter } from '@/utils/tms/demo/page-adapter';
import type { TmsPageAdapter } from '@/utils/tms/adapter';
import type { BillingProvider } from '@/utils/billing/provider';
import type { BillingRun } from '@/utils/jobs/billing-run';
import * as providers from '@/entrypoints/background/services/providers';
import { createJobs } from '@/entrypoints/background/services/job-service';
import { getInvoicingContext, linkCustomer } from '@/entrypoints/background/handlers/invoicing';
import { controlBillingRun, getBillingRun, startBillingRun } from '@/entrypoints/background/handlers/billing-runs';
import { isTmsSite } from '@/entrypoints/background/handlers/tms-sites';
import { restoreRunBadge } from '@/entrypoints/background/services/run-badge';
import { createPanelStore } from '@/composables/invoice-panel';
import { createRunPanel } from '@/composables/billing-run-panel';
import { fakeDemoTmsApi } from '@/tests/support/demo-tms-api';

const customer = (n: number) => ({ ...nordlicht, id: `c${n}`, name: `Kunde ${n} GmbH`, customerNumber: `c${n}` });


let provider: BillingProvider;

beforeEach(async () => {
  removeAllHandlers();
  await restoreRunBadge([]);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-GB');
  vi.spyOn(globalThis, 'fetch').mockImplementation(fakeDemoTmsApi());
  provider = fakeProvider({ createInvoice: numberedInvoices() });
  vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
  await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-01T09:00:00.000Z' } });
  // Kunde 2 wants one invoice per order.
  const link = (n: number) => [customerKey(TMS_ORIGIN, customer(n).id), { contactId: `k${n}`, contactName: customer(n).name, linkedAt: '2026-11-01T09:00:00.000Z', ...(n === 2 ? { billingMode: 'single' } : {}) }];
  await linksItem.set({ lexware: Object.fromEntries([link(1), link(2), link(3)]), sevdesk: {} });
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
});

describe('a billing run from the panel to the invoice book', () => {
  it('plans, starts and finishes a run of three customers (one billed per order), one unlinked customer set aside, with progress pushed to the panel', async () => {
    const { journal, runs, runJournal } = createJobs();
    handle('getInvoicingContext', (req) => getInvoicingContext(req, journal));
    handle('linkCustomer', (req) => linkCustomer(req));
    handle('startBillingRun', (req, sender) => startBillingRun(req, sender, runs));
    handle('getBillingRun', (req, sender) => getBillingRun(req, sender, runJournal));
    handle('controlBillingRun', (req, sender) => controlBillingRun(req, sender, runs, runJournal));

    const orders = [
      ...Array.from({ length: 4 }, () => makeOrder({ customer: customer(1) })),
      ...Array.from({ length: 2 }, () => makeOrder({ customer: customer(2) })),
      makeOrder({ customer: customer(3) }),
      makeOrder({ customer: customer(4) }),
    ];
    const adapter: TmsPageAdapter = { ...demoTmsAdapter, readOrders: async () => orders.map((order) => ({ ok: true as const, order })) };
    const store = createPanelStore();
    const runPanel = createRunPanel(store);
    const environment = { adapter, doc: document, url: () => new URL(`${TMS_ORIGIN}/orders`), fetch, send: request };
    store.configure(environment);
    runPanel.configure(environment);
    // The background's pushes reach the tab's content script, which hands them to the run panel.
    const pushed: BillingRun[] = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: { type: string; data: { run: BillingRun } }) => {
      if (message.type !== 'billingRunUpdated') return;
      pushed.push(message.data.run);
      runPanel.runUpdated(message.data.run);
    }) as never);

    await store.open({ kind: 'list', ids: orders.map((o) => o.id) });
    expect(runPanel.active).toBe(true);
    expect(runPanel.summary).toEqual({ invoices: 4, orders: 7, attention: 1 });

    await runPanel.start();
    expect(runPanel.error).toBeNull();
    await vi.waitFor(() => expect(runPanel.run?.status).toBe('done'), { timeout: 10_000 });
    // The run said "recording on the TMS" while the last invoice's orders were being recorded,
    // and is done only once every created invoice is recorded.
    const statuses = pushed.map((r) => r.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses.slice(-2)).toEqual(['recording', 'done']);

    expect(runPanel.run?.items.map((i) => [i.customerName, i.orderIds.length, i.state, i.invoice?.number])).toEqual([
      ['Kunde 1 GmbH', 4, 'recorded', 'RE1'],
      ['Kunde 2 GmbH', 1, 'recorded', 'RE2'],
      ['Kunde 2 GmbH', 1, 'recorded', 'RE3'],
      ['Kunde 3 GmbH', 1, 'recorded', 'RE4'],
    ]);
    expect(runPanel.run?.setAside).toEqual([{ id: orders[7]!.id, number: orders[7]!.number, reason: 'customer-not-linked' }]);
    expect(provider.createInvoice).toHaveBeenCalledTimes(4);
    const { orders: booked } = await bookedInvoices();
    expect(new Set(booked.map((e) => e.orderId))).toEqual(new Set(orders.slice(0, 7).map((o) => o.id)));
    expect(pushed.length).toBeGreaterThan(3);
  });
});
