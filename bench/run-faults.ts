/**
 * Figure 15 (issue #15, "Proof": the same run with faults injected): the month end as a
 * forwarder has it, 400 delivered orders of 60 customers in EUR, CHF and PLN, as one billing
 * run through the built extension in headless Chromium against the sandbox world, while the
 * emulators fail on purpose: 429 bursts, 500s and 503s, connections dropped before the
 * request was handled, answers lost after it was (the invoice exists, the extension did not
 * hear: an unknown outcome), TMS write-backs that fail, and the service worker stopped twice
 * mid-run. The verdict comes from the emulators' stores (bench/run-faults-check.ts):
 * invoices created = planned, no order on two invoices, none on none, each order recorded on
 * the TMS once, no 429 the user saw, and the run's report says the same.
 *
 * Billing system: Lexware Office, which takes EUR only, so the CHF and PLN orders are set
 * aside in the review with their reason ("currency not supported") and are not on the run.
 * The customers are linked before the run (contacts made through the emulator's API, the
 * links written to the extension's storage as the link step stores them): linking 60
 * customers through the UI measures nothing here. Every third customer wants one invoice
 * per order, the rest one collective invoice.
 *
 * `npx tsx bench/run-faults.ts` runs it alone (it builds the sandbox extension first unless
 * `BENCH_SKIP_BUILD=1`); `npm run bench` runs it last, in a browser and world of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { sandboxConfig, sandboxOrigins, type SandboxConfig } from '../sandbox/config';
import { generateSeed } from '../sandbox/tms/generate-seed';
import type { Seed } from '../sandbox/tms/seed';
import { startSandboxWorld } from '../sandbox/world';
import { checkRunFaults, type RunFaultsVerdict } from './run-faults-check';
import { buildExtension, connectLexware, extensionIdOf, freePorts, http, launch, post, SANDBOX_PORT_VARIABLES, waitForContentScript } from './setup';

export const FAULT_RUN = { deliveredOrders: 400, customers: 60, seed: 15 } as const;
/** Lexware's limit, which the emulator enforces during the run. */
const LEXWARE_RATE = { capacity: 2, refillPerSecond: 2 };
/** However the faults go, the run must end within this. */
const RUN_DEADLINE_MS = 20 * 60_000;

type Server = 'tms' | 'lexware';
interface Fault {
  server: Server;
  spec: Record<string, unknown>;
  /** What it stands for, in the report. */
  what: string;
}
/** A wave of faults, or a stop of the service worker, when this share of the planned invoices exists. */
interface Wave {
  at: number;
  faults?: Fault[];
  /**
   * `now`: at once (an invoice is nearly always in flight). `during-lost-answer`: the next
   * creation is stored and its answer held back for 4 s, and the worker is stopped while it
   * waits, so the worker that comes back finds an invoice whose outcome it never heard.
   */
  stopWorker?: 'now' | 'during-lost-answer';
}

const createInvoice = { method: 'POST', path: '/v1/invoices' };
const lexware = (what: string, spec: Record<string, unknown>): Fault => ({ server: 'lexware', what, spec });
const tms = (what: string, spec: Record<string, unknown>): Fault => ({ server: 'tms', what, spec });

/**
 * The faults, spread over the run. Lexware: a 429 burst (any request), an error status or a
 * dropped connection before the request was handled (nothing happened), and an answer lost
 * after it was handled (a 500, a 504 after 3 s, or the connection dropped, with the invoice
 * stored). The TMS: the write-back's event and status requests fail, before or after handling.
 */
export const WAVES: Wave[] = [
  { at: 0.05, faults: [lexware('429 burst', { kind: 'status', status: 429, count: 4 })] },
  { at: 0.12, faults: [lexware('500 before handling (create)', { kind: 'status', status: 500, match: createInvoice }), lexware('503 before handling (read back)', { kind: 'status', status: 503, match: { method: 'GET', path: '/v1/invoices/' } })] },
  { at: 0.2, faults: [lexware('connection dropped before handling (create)', { kind: 'drop', match: createInvoice }), tms('TMS write-back 500 (event)', { kind: 'status', status: 500, count: 2, match: { method: 'POST', path: '/api/orders/o-' } })] },
  { at: 0.28, faults: [lexware('answer lost after handling: connection dropped (create)', { kind: 'drop', afterHandling: true, match: createInvoice })] },
  { at: 0.33, stopWorker: 'now' },
  { at: 0.4, faults: [lexware('timeout before handling, 504 after 3 s (create)', { kind: 'timeout', delayMs: 3000, match: createInvoice }), lexware('429 burst', { kind: 'status', status: 429, count: 3 })] },
  { at: 0.48, faults: [lexware('answer lost after handling: 500 (create)', { kind: 'status', status: 500, afterHandling: true, match: createInvoice }), tms('TMS write-back 503 (status)', { kind: 'status', status: 503, match: { method: 'PATCH', path: '/api/orders/o-' } })] },
  { at: 0.56, faults: [lexware('answer lost after handling: 504 after 3 s (create)', { kind: 'timeout', delayMs: 3000, afterHandling: true, match: createInvoice }), tms('TMS write-back answer lost after handling (event)', { kind: 'drop', afterHandling: true, match: { method: 'POST', path: '/api/orders/o-' } })] },
  // Longer than the HTTP client's four attempts for one request (utils/billing/http.ts).
  { at: 0.6, faults: [lexware('429 burst on one creation, 5 in a row', { kind: 'status', status: 429, count: 5, match: createInvoice })] },
  { at: 0.64, stopWorker: 'during-lost-answer' },
  { at: 0.72, faults: [lexware('429 burst', { kind: 'status', status: 429, count: 4 }), lexware('503 before handling (search for twins)', { kind: 'status', status: 503, match: { method: 'GET', path: '/v1/voucherlist' } }), tms('TMS read 500', { kind: 'status', status: 500, match: { method: 'GET', path: '/api/orders' } })] },
  { at: 0.8, faults: [lexware('answer lost after handling: connection dropped (create)', { kind: 'drop', afterHandling: true, match: createInvoice }), tms('TMS write-back answer lost after handling (status)', { kind: 'status', status: 500, afterHandling: true, match: { method: 'PATCH', path: '/api/orders/o-' } })] },
  { at: 0.88, faults: [lexware('503 before handling, any request', { kind: 'status', status: 503, count: 2 })] },
];

const uninvoicedDelivered = (seed: Seed) => seed.orders.filter((o) => o.status === 'delivered' && !o.events.some((e) => e.type === 'invoice'));

/** The generated world with exactly 400 delivered, not yet invoiced orders of 60 customers (the first size that gives it). */
export function faultSeed(): Seed {
  for (let orders = 1150; orders <= 1400; orders++) {
    const seed = generateSeed({ orders, customers: FAULT_RUN.customers, seed: FAULT_RUN.seed });
    const delivered = uninvoicedDelivered(seed);
    if (delivered.length === FAULT_RUN.deliveredOrders && new Set(delivered.map((o) => o.customerId)).size === FAULT_RUN.customers) return seed;
  }
  throw new Error(`no seed size gives ${FAULT_RUN.deliveredOrders} delivered orders of ${FAULT_RUN.customers} customers`);
}

export interface RunFaultsResult {
  verdict: RunFaultsVerdict;
  /** The review's title, e.g. "Billing run: 95 invoices for 322 orders, 9 need attention". */
  reviewTitle: string;
  /** The report's summary line as the panel shows it at the end (empty when it showed none). */
  reportText: string;
  seconds: number;
  /** Lexware requests the API performed during the run (sent, less those refused with 429). */
  billingCalls: number;
  answered429: number;
  idealSeconds: number;
  ratio: number;
  /** Faults injected, and how many of them a request met. */
  faultsInjected: number;
  faultsMet: number;
  faults: { what: string; server: Server; injected: number; met: number }[];
  workerStops: { atShare: number; nextLexwareRequestAfterMs: number | null }[];
  userVisible429: number;
  /** Orders by currency in the selection, and how the review set the others aside. */
  currencies: Record<string, number>;
  setAside: Record<string, number>;
  itemStates: Record<string, number>;
}

type RecordedRequest = { at: string; method: string; path: string; status?: number };
type LexwareInvoice = { id: string; lineItems: { name?: string; description?: string }[] };
type TmsOrder = { id: string; number: string; status: string; events: { type: string; link?: { url: string } }[] };
type StoredRun = {
  id: string;
  status: string;
  items: { key: string; orderIds: string[]; orderNumbers: string[]; state: string; invoice?: { id: string }; error?: { code: string } }[];
  setAside: { reason: string }[];
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reads the extension's storage from one of its pages (works while the service worker is stopped). */
const storageOf = (page: Page, keys: string[]) => page.evaluate(async (k) => (await (globalThis as unknown as ExtensionGlobal).chrome.storage.local.get(k)) as Record<string, unknown>, keys);
type ExtensionGlobal = { chrome: typeof browser };

/**
 * Contacts for every customer, made through the emulator's API (unlimited, before the run),
 * and the links written where the extension keeps them (utils/storage.ts `customerLinks`).
 */
async function linkCustomers(page: Page, seed: Seed, origins: { tms: string; lexware: string }, apiKey: string): Promise<Set<string>> {
  const single = new Set<string>();
  const links: Record<string, unknown> = {};
  for (const [i, customer] of seed.customers.entries()) {
    const contact = await http<{ id: string }>(`${origins.lexware}/v1/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        version: 0,
        roles: { customer: {} },
        company: { name: customer.name, ...(customer.vatId ? { vatRegistrationId: customer.vatId } : {}) },
        addresses: { billing: [{ ...customer.billingAddress }] },
        emailAddresses: { business: [customer.email] },
      }),
    });
    const mode = i % 3 === 1 ? 'single' : 'collective';
    if (mode === 'single') single.add(customer.id);
    // The demo adapter names a customer by its customer number (utils/tms/demo/api.ts).
    links[`${origins.tms}|${customer.customerNumber || customer.id}`] = { contactId: contact.id, contactName: customer.name, linkedAt: new Date().toISOString(), billingMode: mode };
  }
  await page.evaluate(async (lexwareLinks) => (globalThis as unknown as ExtensionGlobal).chrome.storage.local.set({ customerLinks: { lexware: lexwareLinks } }), links);
  return single;
}

/** The run's record, once it exists: the newest run in the index. */
async function currentRun(page: Page): Promise<StoredRun | undefined> {
  const { billingRunIndex } = (await storageOf(page, ['billingRunIndex'])) as { billingRunIndex?: string[] };
  const id = billingRunIndex?.at(-1);
  if (!id) return undefined;
  return (await storageOf(page, [`billingRun:${id}`]))[`billingRun:${id}`] as StoredRun | undefined;
}

export async function measureRunFaults(options: { config: SandboxConfig; tmp: string; step: (text: string) => void }): Promise<RunFaultsResult> {
  const { config, tmp, step } = options;
  const origins = sandboxOrigins(config);
  const seed = faultSeed();
  const seedPath = path.join(tmp, 'seed-faults.json');
  writeFileSync(seedPath, JSON.stringify(seed));
  const world = await startSandboxWorld({ config, seedPath });
  let context: BrowserContext | undefined;
  try {
    await post(`${origins.lexware}/__sandbox/config`, { rateLimit: false, contactSyncDelayMs: 0 });
    context = await launch(tmp, true);
    const extensionId = await extensionIdOf(context);
    await waitForContentScript(context, origins.tms);
    await connectLexware(context, extensionId, config.lexwareKey);
    const control = await context.newPage();
    await control.goto(`chrome-extension://${extensionId}/popup.html`);
    const single = await linkCustomers(control, seed, origins, config.lexwareKey);
    step(`  ${seed.customers.length} customers linked (${single.size} want one invoice per order), ${seed.orders.length} orders in the TMS`);
    const linksBefore = new Map(seed.orders.map((o) => [o.id, o.events.flatMap((e) => (e.type === 'invoice' && e.link ? [e.link.url] : []))]));
    const delivered = uninvoicedDelivered(seed);
    const currencies: Record<string, number> = {};
    for (const o of delivered) currencies[o.price.currency] = (currencies[o.price.currency] ?? 0) + 1;

    // The review: every delivered order on one page, all selected, "Create invoice".
    const { OrdersPage } = await import('../tests/e2e/users');
    const page = await context.newPage();
    const orders = await OrdersPage.open(page, `?status=delivered&size=1000`);
    await orders.selectAllOnPage();
    await orders.bar.getByText(`${FAULT_RUN.deliveredOrders} orders selected`).waitFor({ timeout: 30_000 });
    await orders.bar.getByRole('button', { name: 'Create invoice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
    const title = dialog.locator('#fb-run-title');
    await title.filter({ hasText: /Billing run: \d/ }).waitFor({ timeout: 60_000 });
    const reviewTitle = ((await title.textContent()) ?? '').trim();
    step(`  review: ${reviewTitle}`);
    if (/Billing run: 0 invoices/.test(reviewTitle)) throw new Error(`nothing to invoice in the review: ${((await dialog.textContent()) ?? '').replace(/\s+/g, ' ').slice(0, 3000)}`);

    await post(`${origins.lexware}/__sandbox/config`, { rateLimit: LEXWARE_RATE });
    const startedAt = Date.now();
    await dialog.getByRole('button', { name: 'Start billing run' }).click();

    let run: StoredRun | undefined;
    while (!(run = await currentRun(control))) await sleep(100);
    const planned = run.items.length;
    step(`  run started: ${planned} invoices planned; faults in ${WAVES.length} waves`);

    // The fault driver: each wave when its share of the planned invoices exists in Lexware.
    const injected: { fault: Fault; at: number }[] = [];
    const workerStops: { atShare: number; at: number }[] = [];
    const waves = [...WAVES];
    let finished: StoredRun | undefined;
    while (Date.now() - startedAt < RUN_DEADLINE_MS) {
      const created = (await http<unknown[]>(`${origins.lexware}/__sandbox/invoices`)).length;
      while (waves.length && created >= waves[0]!.at * planned) {
        const wave = waves.shift()!;
        for (const fault of wave.faults ?? []) {
          await post(`${origins[fault.server]}/__sandbox/faults`, fault.spec);
          injected.push({ fault, at: Date.now() });
        }
        if (wave.stopWorker) {
          const { stopServiceWorker } = await import('../tests/e2e/users');
          if (wave.stopWorker === 'during-lost-answer') {
            const held = lexware('answer held back 4 s after handling, worker stopped meanwhile (create)', { kind: 'timeout', delayMs: 4000, afterHandling: true, match: createInvoice });
            await post(`${origins.lexware}/__sandbox/faults`, held.spec);
            injected.push({ fault: held, at: Date.now() });
            const before = (await http<unknown[]>(`${origins.lexware}/__sandbox/invoices`)).length;
            const deadline = Date.now() + 30_000;
            while ((await http<unknown[]>(`${origins.lexware}/__sandbox/invoices`)).length === before && Date.now() < deadline) await sleep(50);
          }
          await stopServiceWorker(context, extensionId);
          workerStops.push({ atShare: wave.at, at: Date.now() });
          step(`  service worker stopped at ${created} of ${planned} invoices${wave.stopWorker === 'during-lost-answer' ? ', while the answer to a stored invoice was held back' : ''}`);
        }
      }
      const now = await currentRun(control);
      if (now && (now.status === 'done' || now.status === 'cancelled')) {
        finished = now;
        break;
      }
      await sleep(250);
    }
    const seconds = (Date.now() - startedAt) / 1000;
    if (!finished) throw new Error(`the billing run did not end within ${RUN_DEADLINE_MS / 60_000} minutes`);

    // What the panel reports at the end ("N of N invoices created, F failed…").
    const reportRegion = dialog.getByRole('region', { name: 'Billing run report', exact: true });
    const reportText = await reportRegion
      .waitFor({ timeout: 30_000 })
      .then(async () => ((await reportRegion.textContent()) ?? '').replace(/\s+/g, ' ').trim().slice(0, 300))
      .catch(() => '');

    // The stores.
    const invoices = await http<LexwareInvoice[]>(`${origins.lexware}/__sandbox/invoices`);
    const tmsOrders = await http<TmsOrder[]>(`${origins.tms}/__sandbox/orders`);
    const verdict = checkRunFaults({
      planned: finished.items.map((i) => ({ key: i.key, orderIds: i.orderIds, orderNumbers: i.orderNumbers })),
      invoices: invoices.map((i) => ({ id: i.id, lineTexts: i.lineItems.flatMap((l) => [l.name ?? '', l.description ?? '']) })),
      orders: tmsOrders.map((o) => ({ id: o.id, number: o.number, status: o.status, invoiceLinks: o.events.flatMap((e) => (e.type === 'invoice' && e.link ? [e.link.url] : [])) })),
      report: finished.items.map((i) => ({ key: i.key, state: i.state, ...(i.invoice ? { invoiceId: i.invoice.id } : {}) })),
      linksBefore,
    });

    // The billing calls of the run, and the faults a request met.
    const requests = (await http<RecordedRequest[]>(`${origins.lexware}/__sandbox/requests`)).filter((r) => Date.parse(r.at) >= startedAt && r.path.startsWith('/v1/'));
    const answered429 = requests.filter((r) => r.status === 429).length;
    const billingCalls = requests.length - answered429;
    const idealSeconds = billingCalls / LEXWARE_RATE.refillPerSecond;
    const remaining = Object.fromEntries(
      await Promise.all((['lexware', 'tms'] as const).map(async (s) => [s, await http<{ remaining: number; kind: string; status: number; match: object; afterHandling: boolean }[]>(`${origins[s]}/__sandbox/faults`)] as const)),
    );
    const faults = injected.map(({ fault }) => {
      const count = Number(fault.spec.count ?? 1);
      return { what: fault.what, server: fault.server, injected: count, met: count };
    });
    // Faults still armed at the end (no request met them): matched back by their spec, in order.
    for (const server of ['lexware', 'tms'] as const) {
      for (const left of remaining[server]!) {
        const entry = faults.find((f, i) => f.server === server && f.met === f.injected && sameFault(injected[i]!.fault.spec, left));
        if (entry) entry.met -= left.remaining;
      }
    }
    const stops = workerStops.map((s) => {
      const next = requests.find((r) => Date.parse(r.at) > s.at);
      return { atShare: s.atShare, nextLexwareRequestAfterMs: next ? Date.parse(next.at) - s.at : null };
    });
    const count = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});
    return {
      verdict,
      reviewTitle,
      reportText,
      seconds,
      billingCalls,
      answered429,
      idealSeconds,
      ratio: seconds / idealSeconds,
      faultsInjected: faults.reduce((n, f) => n + f.injected, 0) + workerStops.length,
      faultsMet: faults.reduce((n, f) => n + f.met, 0) + workerStops.length,
      faults,
      workerStops: stops,
      userVisible429: finished.items.filter((i) => i.error?.code === 'rate-limited').length,
      currencies,
      setAside: count(finished.setAside.map((s) => s.reason)),
      itemStates: count(finished.items.map((i) => i.state)),
    };
  } finally {
    await context?.close().catch(() => undefined);
    await world.close();
  }
}

function sameFault(spec: Record<string, unknown>, active: { kind: string; status: number; match: object; afterHandling: boolean }): boolean {
  const kind = spec.kind === 'drop-after-store' ? 'drop' : spec.kind;
  const match = (spec.match ?? {}) as { method?: string; path?: string };
  const activeMatch = active.match as { method?: string; path?: string };
  return kind === active.kind && (spec.afterHandling === true) === active.afterHandling && match.method === activeMatch.method && match.path === activeMatch.path && (spec.status === undefined || spec.status === active.status);
}

/** One line for the console and the report. */
export function describeRunFaults(r: RunFaultsResult): string {
  const v = r.verdict;
  return `${v.createdInvoices} of ${v.plannedInvoices} invoices for ${v.plannedOrders} orders; ${v.duplicates.length} duplicate, ${v.lost.length} lost${v.lostShownFailed.length ? ` (${v.lostShownFailed.length} shown as failed)` : ''}, ${v.unplannedInvoices.length} unplanned; TMS recorded ${v.recordedOnce} of ${v.plannedOrders} once; ${r.faultsInjected} faults injected (${r.faultsMet} met, worker stopped ${r.workerStops.length}×); ${r.seconds.toFixed(0)} s for ${r.billingCalls} Lexware calls at 2/s; ${r.answered429} 429s met, ${r.userVisible429} user-visible`;
}

if (process.argv[1]?.endsWith('run-faults.ts')) {
  void (async () => {
    const tmp = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-faults-'));
    try {
      const unset = SANDBOX_PORT_VARIABLES.filter((name) => !process.env[name]);
      const free = await freePorts(unset.length);
      unset.forEach((name, i) => (process.env[name] = String(free[i])));
      if (process.env.BENCH_SKIP_BUILD !== '1') await buildExtension({ ...process.env });
      const result = await measureRunFaults({ config: sandboxConfig(), tmp, step: (text) => console.info(text) });
      console.info(JSON.stringify(result, null, 2));
      console.info(describeRunFaults(result));
      process.exitCode = result.verdict.ok ? 0 : 2;
    } catch (error) {
      console.error(error);
      process.exitCode = 1;
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  })();
}
