/**
 * The billing-run messages as a TMS page meets them: the real protocol behind WXT's fake
 * browser, the real job and run journals, the billing system and the TMS faked at the edge.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request, type RequestOf } from '@/utils/messaging';
import type { BillingProvider } from '@/utils/billing/provider';
import { secretsItem, sitesItem } from '@/utils/storage';
import { bookedInvoices } from '@/tests/support/book';
import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { fakeProvider, numberedInvoices } from '@/tests/support/billing';
import type { BillingRun } from '@/utils/jobs/billing-run';
import * as providers from '../services/providers';
import { createJobs } from '../services/job-service';
import { restoreRunBadge } from '../services/run-badge';
import { controlBillingRun, getBillingRun, startBillingRun } from './billing-runs';
import { isTmsSite } from './tms-sites';

const OTHER_SITE = 'http://127.0.0.1:4499';
const customer = (n: number) => ({ ...nordlicht, id: `c${n}`, name: `Kunde ${n} GmbH` });
const invoiceOf = (n: number, orders = [makeOrder({ customer: customer(n) }), makeOrder({ customer: customer(n) })]) => ({
  key: `key-${n}`,
  draft: makeDraft(orders, { contact: { id: `contact-${n}`, name: customer(n).name } }),
});
const startRequest = (invoices: RequestOf<'startBillingRun'>['invoices']): RequestOf<'startBillingRun'> => ({
  origin: TMS_ORIGIN,
  invoices,
  setAside: [{ id: 'o-9', number: 'A-9', reason: 'customer-not-linked' }],
  allowReinvoice: [],
  requestId: 'start-1',
});

let provider: BillingProvider;
let pushed: BillingRun[];

beforeEach(async () => {
  removeAllHandlers();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de-DE');
  // The demo TMS answers every write-back.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => Response.json({ id: decodeURIComponent(new URL(String(input)).pathname.split('/')[3] ?? ''), status: 'invoice_created', events: [] }));
  provider = fakeProvider({ createInvoice: numberedInvoices() });
  vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
  pushed = [];
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: { type: string; data: { run: BillingRun } }) => {
    if (message.type === 'billingRunUpdated') pushed.push(message.data.run);
  }) as never);
  await sitesItem.set([
    { origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' },
    { origin: OTHER_SITE, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' },
  ]);
  await secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-01T09:00:00.000Z' } });
  // A fresh worker: the badge counts only the runs in storage (none yet).
  await restoreRunBadge([]);
  const { runs, runJournal } = createJobs();
  handle('startBillingRun', (req, sender) => startBillingRun(req, sender, runs));
  handle('getBillingRun', (req, sender) => getBillingRun(req, sender, runJournal));
  handle('controlBillingRun', (req, sender) => controlBillingRun(req, sender, runs, runJournal));
  allowContentScriptsFrom(isTmsSite);
  deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
});

describe('billing runs from a TMS page', () => {
  it('creates one invoice per planned invoice, records them in the invoice book and tells the tab how far it is', async () => {
    const answer = await request('startBillingRun', startRequest([invoiceOf(1), invoiceOf(2)]));
    if (!answer.ok) throw new Error(answer.error.message);
    expect(answer.run.items.map((i) => i.customerName)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH']);

    // "Done" only once the write-back lane recorded every invoice on its orders.
    await vi.waitFor(async () => expect((await request('getBillingRun', { runId: answer.run.id })).run?.status).toBe('done'), { timeout: 10_000 });
    const { run } = await request('getBillingRun', {});
    expect(run?.items.map((i) => [i.state, i.invoice?.number])).toEqual([
      ['recorded', 'RE1'],
      ['recorded', 'RE2'],
    ]);
    expect(provider.createInvoice).toHaveBeenCalledTimes(2);
    expect(new Set((await bookedInvoices()).invoices.map((r) => r.invoiceId))).toEqual(new Set(['inv-1', 'inv-2']));
    expect(pushed.at(-1)?.status).toBe('done');
  });

  it('refuses a run that would put one order on two invoices, or invoice another site, before anything is sent', async () => {
    const shared = makeOrder({ customer: customer(1) });
    const twice = await request('startBillingRun', startRequest([invoiceOf(1, [shared]), { ...invoiceOf(2), draft: { ...invoiceOf(2).draft, positions: [...invoiceOf(2).draft.positions, ...invoiceOf(1, [shared]).draft.positions] } }]));
    expect(twice).toMatchObject({ ok: false, error: { code: 'invalid-run' } });
    const foreign = await request('startBillingRun', { ...startRequest([invoiceOf(1)]), origin: OTHER_SITE });
    expect(foreign).toMatchObject({ ok: false, error: { code: 'foreign-origin' } });
    expect(provider.createInvoice).not.toHaveBeenCalled();
  });

  it('lets the page that started a run pause it, and no other site see or steer it', async () => {
    vi.mocked(provider.createInvoice).mockImplementationOnce(() => new Promise(() => undefined));
    const answer = await request('startBillingRun', startRequest([invoiceOf(1), invoiceOf(2)]));
    if (!answer.ok) throw new Error(answer.error.message);
    const paused = await request('controlBillingRun', { runId: answer.run.id, action: 'pause' });
    expect(paused).toMatchObject({ ok: true, run: { status: 'paused' } });

    deliverMessagesFrom(contentScript(`${OTHER_SITE}/orders`, 9));
    expect((await request('getBillingRun', { runId: answer.run.id })).run).toBeNull();
    expect((await request('getBillingRun', {})).run).toBeNull();
    expect(await request('controlBillingRun', { runId: answer.run.id, action: 'cancel' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('shows on the toolbar badge how many invoices are left, and clears it when the run ends', async () => {
    const badge: string[] = [];
    vi.spyOn(fakeBrowser.action, 'setBadgeBackgroundColor').mockResolvedValue(undefined);
    vi.spyOn(fakeBrowser.action, 'setBadgeText').mockImplementation(async ({ text }) => void badge.push(text ?? ''));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const create = vi.mocked(provider.createInvoice).getMockImplementation()!;
    vi.mocked(provider.createInvoice).mockImplementationOnce(async (draft) => {
      await held;
      return create(draft);
    });
    const answer = await request('startBillingRun', startRequest([invoiceOf(1), invoiceOf(2), invoiceOf(3)]));
    if (!answer.ok) throw new Error(answer.error.message);
    await vi.waitFor(() => expect(badge.at(-1)).toBe('3'));

    release();
    await vi.waitFor(async () => expect((await request('getBillingRun', { runId: answer.run.id })).run?.status).toBe('done'), { timeout: 10_000 });
    await vi.waitFor(() => expect(badge.at(-1)).toBe(''));
    expect(badge).toContain('2');
  });
});
