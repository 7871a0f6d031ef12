/**
 * The automatic drafts' alarm path: the demo TMS's API faked at the edge (fetch), the real
 * job and run journals, the billing system faked. A "stopped worker" is a pass that never
 * finishes; the next worker is a fresh set of services over the same storage.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BillingProvider } from '@/utils/billing/provider';
import { autoDraftSitesItem, autoDraftStateItem, linksItem, secretsItem, sitesItem } from '@/utils/storage';
import { fakeProvider, numberedInvoices } from '@/tests/support/billing';
import { TMS_ORIGIN } from '@/tests/support/orders';
import type { BillingRun } from '@/utils/jobs/billing-run';
import type { StartRunInput } from '@/utils/jobs/run-service';
import * as providers from './providers';
import { createJobs } from './job-service';
import { invoicedOrders } from './book';
import { demoTmsAdapter } from '@/utils/tms/demo/page-adapter';
import { AUTO_DRAFTS_LEASE_MS, runAutoDrafts, TAB_PASS_GAP_MS, tabReader, type AutoDraftDeps } from './auto-drafts';

const customer = (number: string, name: string) => ({
  id: `C-${number}`,
  name,
  customerNumber: number,
  vatId: 'DE123456789',
  email: 'buchhaltung@example.com',
  billingAddress: { street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
});
const SINGLE = customer('10001', 'Einzeln GmbH');
const MONTHLY = customer('10002', 'Sammel GmbH');
const UNLINKED = customer('10003', 'Neukunde KG');

function apiOrder(id: string, who: ReturnType<typeof customer>, day: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    number: `A-${id}`,
    customer: who,
    customerReference: `PO-${id}`,
    status: 'delivered',
    price: { amount: '1000.00', currency: 'EUR' },
    stops: [
      { type: 'pickup', name: 'Werk', street: 'Am Kai 3', zip: '20457', city: 'Hamburg', countryCode: 'DE', date: day },
      { type: 'delivery', name: 'Lager', street: 'Industriestr. 9', zip: '80939', city: 'München', countryCode: 'DE', date: day },
    ],
    load: { goods: 'Teile', weightKg: 1000, pallets: 2 },
    events: [],
    ...extra,
  };
}

const ORDERS = [
  apiOrder('s1', SINGLE, '2026-12-01'),
  apiOrder('s2', SINGLE, '2026-12-01'),
  apiOrder('m1', MONTHLY, '2026-11-10'),
  apiOrder('m2', MONTHLY, '2026-11-20'),
  // December's month still runs: waits.
  apiOrder('m3', MONTHLY, '2026-12-01'),
  apiOrder('u1', UNLINKED, '2026-11-25'),
  // Invoiced in the TMS already, and cancelled: not the pass's business.
  apiOrder('x1', SINGLE, '2026-12-01', { events: [{ type: 'invoice', link: { url: 'http://lexware.test/i/9' } }] }),
  apiOrder('x2', SINGLE, '2026-12-01', { status: 'cancelled' }),
];

/** The demo TMS's API: the delivered list, reads by ids, and the write-back's order calls. */
function demoTms(hold?: Promise<void>) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    expect(init?.credentials).toBe('include');
    if (url.pathname === '/api/orders' && url.searchParams.get('status') === 'delivered') {
      await hold;
      return Response.json({ items: ORDERS, total: ORDERS.length });
    }
    if (url.pathname === '/api/orders' && url.searchParams.has('ids')) {
      const ids = url.searchParams.get('ids')!.split(',');
      return Response.json({ items: ORDERS.filter((o) => ids.includes(o.id)) });
    }
    const id = decodeURIComponent(url.pathname.split('/')[3] ?? '');
    return Response.json({ id, status: 'invoice_created', events: [] });
  });
}

let provider: BillingProvider;
let clock: Date;
let notified: { origin: string; count: number }[];
let badge: number[];

function services(fetchImpl: typeof fetch): AutoDraftDeps & Pick<ReturnType<typeof createJobs>, 'runJournal' | 'runs'> {
  const { runs, runJournal, journal } = createJobs();
  return {
    runs,
    runJournal,
    journal,
    invoicedOrders: async (origin, ids) => new Set((await invoicedOrders(origin, ids)).keys()),
    fetch: fetchImpl,
    now: () => clock,
    notify: async (origin, count) => void notified.push({ origin, count }),
    badge: async (count) => void badge.push(count),
  };
}

const link = (number: string, name: string, extra: Record<string, string> = {}) => ({ contactId: `contact-${number}`, contactName: name, linkedAt: '2026-11-01T09:00:00.000Z', ...extra });

beforeEach(async () => {
  clock = new Date('2026-12-02T10:00:00.000Z');
  notified = [];
  badge = [];
  provider = fakeProvider({ createInvoice: numberedInvoices() });
  vi.spyOn(providers, 'providerFor').mockImplementation(async () => provider);
  vi.spyOn(globalThis, 'fetch').mockImplementation(demoTms() as typeof fetch);
  await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await secretsItem.set({ lexware: { apiKey: 'sandbox-key-123', savedAt: '2026-11-01T09:00:00.000Z' } });
  await linksItem.set({
    lexware: {
      [`${TMS_ORIGIN}|10001`]: link('10001', SINGLE.name, { billingMode: 'single' }),
      [`${TMS_ORIGIN}|10002`]: link('10002', MONTHLY.name, { billingMode: 'collective', period: 'monthly' }),
    },
  });
  await autoDraftSitesItem.set({ [TMS_ORIGIN]: { enabledAt: '2026-11-20T08:00:00.000Z' } });
});

async function settledRuns(runJournal: { list(): Promise<BillingRun[]> }): Promise<BillingRun[]> {
  await vi.waitFor(async () => expect((await runJournal.list()).every((r) => r.status === 'done')).toBe(true), { timeout: 10_000 });
  return runJournal.list();
}

const invoicedOrderSets = () => vi.mocked(provider.createInvoice).mock.calls.map(([draft]) => draft.positions.map((p) => p.orderId));

describe('automatic drafts on the alarm', () => {
  it('drafts single invoices at once and ended months, leaves the unlinked customer for the user, and finalises nothing', async () => {
    const deps = services(demoTms() as typeof fetch);
    await runAutoDrafts(deps, 'alarm');

    const [run, ...more] = await settledRuns(deps.runJournal);
    expect(more).toEqual([]);
    expect(run!.source).toBe('automatic');
    expect(invoicedOrderSets()).toEqual(expect.arrayContaining([['s1'], ['s2'], ['m1', 'm2']]));
    expect(invoicedOrderSets()).toHaveLength(3);
    expect(vi.mocked(provider.createInvoice).mock.calls.every(([draft]) => draft.finalize === false)).toBe(true);
    expect(run!.setAside).toEqual([{ id: 'u1', number: 'A-u1', reason: 'customer-not-linked' }]);
    expect(notified).toEqual([{ origin: TMS_ORIGIN, count: 1 }]);
    expect(badge.at(-1)).toBe(1);
    expect((await autoDraftStateItem.get())[TMS_ORIGIN]).toMatchObject({ lastRunAt: clock.toISOString(), leftForUser: [{ id: 'u1', reason: 'customer-not-linked' }] });
  });

  it('the next pass starts no second run for what is drafted, and tells about a waiting order only once', async () => {
    const deps = services(demoTms() as typeof fetch);
    await runAutoDrafts(deps, 'alarm');
    await settledRuns(deps.runJournal);
    clock = new Date(clock.getTime() + 15 * 60_000);
    await runAutoDrafts(deps, 'alarm');

    expect(await deps.runJournal.list()).toHaveLength(1);
    expect(provider.createInvoice).toHaveBeenCalledTimes(3);
    expect(notified).toHaveLength(1);
    // Still waiting: still counted.
    expect(badge.at(-1)).toBe(1);
  });

  it('a second wake-up while a pass is under way leaves the site alone', async () => {
    let release!: () => void;
    const slowTms = demoTms(new Promise<void>((resolve) => (release = resolve)));
    const deps = services(slowTms as typeof fetch);
    const first = runAutoDrafts(deps, 'alarm');
    await vi.waitFor(() => expect(slowTms).toHaveBeenCalled());
    await runAutoDrafts(deps, 'tab', TMS_ORIGIN);
    await runAutoDrafts(deps, 'alarm');
    release();
    await first;

    expect(await settledRuns(deps.runJournal)).toHaveLength(1);
    expect(provider.createInvoice).toHaveBeenCalledTimes(3);
  });

  it('turned on while the alarm fires: the two wake-ups at the same moment make one run, and every invoice once', async () => {
    const deps = services(demoTms() as typeof fetch);
    await Promise.all([runAutoDrafts(deps, 'enabled', TMS_ORIGIN), runAutoDrafts(deps, 'alarm'), runAutoDrafts(deps, 'tab', TMS_ORIGIN)]);

    expect(await settledRuns(deps.runJournal)).toHaveLength(1);
    expect(invoicedOrderSets()).toHaveLength(3);
    expect(notified).toHaveLength(1);
  });

  it('a worker stopped right after starting the run: the next worker, after the lease ran out, creates no invoice twice', async () => {
    // The first worker stores the run and stops before it could note anything.
    const stopped = services(demoTms() as typeof fetch);
    const started: StartRunInput[] = [];
    void runAutoDrafts({
      ...stopped,
      runs: {
        start: async (input) => {
          started.push(input);
          await stopped.runs.start(input);
          return new Promise<never>(() => undefined);
        },
      },
    }, 'alarm');
    await vi.waitFor(async () => expect(await stopped.runJournal.list()).toHaveLength(1));

    // A new worker within the lease does nothing; after it, the pass finds the run it asked for.
    clock = new Date(clock.getTime() + 60_000);
    const next = services(demoTms() as typeof fetch);
    await runAutoDrafts(next, 'alarm');
    expect(await next.runJournal.list()).toHaveLength(1);

    clock = new Date(clock.getTime() + AUTO_DRAFTS_LEASE_MS);
    await runAutoDrafts(next, 'alarm');
    const runs = await settledRuns(next.runJournal);
    expect(runs).toHaveLength(1);
    expect(started).toHaveLength(1);
    expect(invoicedOrderSets().flat().sort()).toEqual(['m1', 'm2', 's1', 's2']);
  });

  it('a tab opened soon after a pass does not start another; turned off, or the site removed, nothing happens', async () => {
    const tms = demoTms();
    const deps = services(tms as typeof fetch);
    await runAutoDrafts(deps, 'alarm');
    await settledRuns(deps.runJournal);
    const calls = tms.mock.calls.length;
    clock = new Date(clock.getTime() + TAB_PASS_GAP_MS / 2);
    await runAutoDrafts(deps, 'tab', TMS_ORIGIN);
    expect(tms.mock.calls.length).toBe(calls);

    await autoDraftSitesItem.set({});
    clock = new Date(clock.getTime() + AUTO_DRAFTS_LEASE_MS);
    await runAutoDrafts(deps, 'alarm');
    expect(tms.mock.calls.length).toBe(calls);
    expect(badge.at(-1)).toBe(0);

    // A site removed from the TMS sites keeps no option of its own.
    await autoDraftSitesItem.set({ [TMS_ORIGIN]: { enabledAt: '2026-11-20T08:00:00.000Z' } });
    await sitesItem.set([]);
    await runAutoDrafts(deps, 'alarm');
    expect(tms.mock.calls.length).toBe(calls);
  });

  it('a TMS that signed the user out is a failed look, said in the options, not orders left for the user', async () => {
    const signedOut = vi.fn(async () => new Response('', { status: 401 }));
    const deps = services(signedOut as typeof fetch);
    await runAutoDrafts(deps, 'alarm');
    expect(await deps.runJournal.list()).toEqual([]);
    expect((await autoDraftStateItem.get())[TMS_ORIGIN]).toMatchObject({ lastError: 'session-expired', leftForUser: [] });
    expect((await autoDraftStateItem.get())[TMS_ORIGIN]?.leaseUntil).toBeUndefined();
  });
});

describe('automatic drafts on a recipe site (read through an open tab of it)', () => {
  const RECIPE_SITE = 'recipe:0b8e4a52-7c1d-4f3e-9a26-5d1c2b3a4e5f';
  /** What an open tab answers: the delivered orders it lists, read as the page reads them. */
  const tabReads = async (ids = ORDERS.map((o) => o.id)) => {
    const tms = demoTms();
    const pageFetch = ((input, init) => tms(input as RequestInfo, { ...init, credentials: 'include' })) as typeof fetch;
    return { ok: true as const, reads: await demoTmsAdapter.readOrders(ids, { origin: TMS_ORIGIN, fetch: pageFetch }) };
  };
  /** The background never asks the TMS itself for a recipe site. */
  const noFetch = vi.fn(async () => {
    throw new Error('the background fetched');
  });

  beforeEach(async () => {
    noFetch.mockClear();
    await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: RECIPE_SITE }]);
  });

  it('drafts through the open tab what the alarm would draft, and never fetches from the background', async () => {
    const asked: { origin: string; range: { from: string; to: string } }[] = [];
    const deps = { ...services(noFetch as typeof fetch), readInTab: async (origin: string, range: { from: string; to: string }) => (asked.push({ origin, range }), tabReads()) };
    await runAutoDrafts(deps, 'alarm');

    const [run, ...more] = await settledRuns(deps.runJournal);
    expect(more).toEqual([]);
    expect(asked).toEqual([{ origin: TMS_ORIGIN, range: { from: '2026-11-01', to: '2026-12-02' } }]);
    expect(noFetch).not.toHaveBeenCalled();
    expect(invoicedOrderSets()).toEqual(expect.arrayContaining([['s1'], ['s2'], ['m1', 'm2']]));
    expect(invoicedOrderSets()).toHaveLength(3);
    expect(vi.mocked(provider.createInvoice).mock.calls.every(([draft]) => draft.finalize === false && draft.tms.adapter === RECIPE_SITE)).toBe(true);
    expect(run!.setAside).toEqual([{ id: 'u1', number: 'A-u1', reason: 'customer-not-linked' }]);
    expect(badge.at(-1)).toBe(1);
  });

  it('with no tab of the site open nothing is looked at, and the last look stays as it was', async () => {
    const deps = { ...services(noFetch as typeof fetch), readInTab: async () => null };
    await runAutoDrafts(deps, 'alarm');
    expect(await deps.runJournal.list()).toEqual([]);
    expect(provider.createInvoice).not.toHaveBeenCalled();
    const state = (await autoDraftStateItem.get())[TMS_ORIGIN];
    expect(state?.lastRunAt).toBeUndefined();
    expect(state?.leaseUntil).toBeUndefined();
    expect(state?.lastError).toBeUndefined();

    // A tab opened right after is looked at at once (no look was taken before).
    const withTab = { ...deps, readInTab: async () => tabReads() };
    await runAutoDrafts(withTab, 'tab', TMS_ORIGIN);
    expect(await settledRuns(deps.runJournal)).toHaveLength(1);
  });

  it('a tab signed out of the TMS, or one that cannot reach the order list, is a failed look said in the options', async () => {
    const deps = { ...services(noFetch as typeof fetch), readInTab: async () => ({ ok: false as const, reason: 'session-expired' as const }) };
    await runAutoDrafts(deps, 'alarm');
    expect((await autoDraftStateItem.get())[TMS_ORIGIN]).toMatchObject({ lastError: 'session-expired', leftForUser: [] });

    clock = new Date(clock.getTime() + AUTO_DRAFTS_LEASE_MS);
    await runAutoDrafts({ ...deps, readInTab: async () => ({ ok: false as const, reason: 'no-list' as const }) }, 'alarm');
    expect((await autoDraftStateItem.get())[TMS_ORIGIN]).toMatchObject({ lastError: 'needs-list-page' });
    expect(await deps.runJournal.list()).toEqual([]);
  });

  it('orders a tab read from another site, or delivered before the pass looks, are never planned for this one', async () => {
    const foreign = await tabReads();
    const moved = foreign.reads.map((r, i) =>
      !r.ok ? r : i % 2 === 0 ? { ...r, order: { ...r.order, source: { ...r.order.source, origin: 'http://127.0.0.1:9999' } } } : { ...r, order: { ...r.order, stops: r.order.stops.map((s) => ({ ...s, date: '2026-10-31' })) } },
    );
    const deps = { ...services(noFetch as typeof fetch), readInTab: async () => ({ ok: true as const, reads: moved }) };
    await runAutoDrafts(deps, 'alarm');
    expect(await deps.runJournal.list()).toEqual([]);
    expect(provider.createInvoice).not.toHaveBeenCalled();
  });
});

describe('tabReader', () => {
  const range = { from: '2026-11-01', to: '2026-12-02' };
  it('asks the open tabs in turn, and a tab whose script is not there yet again shortly', async () => {
    const waits: number[] = [];
    let calls = 0;
    const read = tabReader(
      async () => [7, 8],
      async (_data, tabId) => {
        calls++;
        if (calls <= 2) throw new Error('Could not establish connection. Receiving end does not exist.');
        return { ok: true, reads: [], tab: tabId } as never;
      },
      async (ms) => void waits.push(ms),
    );
    expect(await read(TMS_ORIGIN, range)).toMatchObject({ ok: true, tab: 7 });
    expect(waits).toEqual([2000]);
  });

  it('is null with no tab of the site, or none that ever answers', async () => {
    expect(await tabReader(async () => [], async () => ({ ok: true, reads: [] }), async () => undefined)(TMS_ORIGIN, range)).toBeNull();
    const never = tabReader(async () => [3], async () => Promise.reject(new Error('Receiving end does not exist')), async () => undefined);
    expect(await never(TMS_ORIGIN, range)).toBeNull();
  });
});
