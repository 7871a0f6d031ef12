/**
 * Automatic drafts (opt-in per TMS site): every 15 minutes while the browser runs, and when
 * a tab of the site opens, the background lists the site's delivered orders through its
 * adapter, works out what is due (utils/domain/auto-drafts.ts) and starts an ordinary
 * billing run of drafts, marked automatic. Never finalised; what needs the user is counted
 * on the badge, named in the run's report and, if the user allowed it, notified once.
 *
 * The worker can stop at any moment, so nothing here relies on memory:
 * - a stored lease per site keeps a second wake-up (alarm and tab at once, or a new worker)
 *   from starting a second pass while one is under way; a lease left by a stopped worker
 *   runs out after a few minutes. Taking it is one queued read-change-write of the state
 *   (storage.ts), so two wake-ups at the same moment can't both take it;
 * - a pass asks for its run with a request id made of what it plans, so a pass repeated
 *   after the worker stopped between starting the run and noting it finds that run again;
 * - orders on a run or an invoice job still going are never planned again.
 *
 * A site read by a recipe has no list the background can ask (its list is a page, perhaps
 * behind the page's own sign-in): its orders are read through an open tab of the site
 * (readDeliveredInTab), at the alarm and when such a tab opens. With no tab open the pass
 * leaves the site alone and says nothing: the options tell the user it works only then.
 */
import { browser } from 'wxt/browser';
import { autoDraftsDue, autoDraftsFrom, type CustomerChoice, type LeftForUser } from '@/utils/domain/auto-drafts';
import { todayIso } from '@/utils/domain/dates';
import { invoiceSettingsFor } from '@/utils/domain/settings';
import { draftReadiness, readinessProblem } from '@/utils/domain/draft-readiness';
import { publicCustomerOf } from '@/utils/domain/public-customer';
import { tmsKey } from '@/utils/domain/ids';
import type { TaxCase } from '@/utils/domain/tax';
import { ACTIVE_STATES, type Job } from '@/utils/jobs/job';
import type { BillingRun } from '@/utils/jobs/billing-run';
import type { StartRunInput } from '@/utils/jobs/run-service';
import { DeliveredListError, openDelivered } from '@/utils/tms/proposal';
import { adapterEntry } from '@/utils/tms/registry';
import { recipeIdOf } from '@/utils/tms/recipe/adapter-id';
import type { OrderReadResult } from '@/utils/domain/read-problem';
import { deliveryDate } from '@/utils/domain/order';
import { request, type RequestOf, type ResponseOf } from '@/utils/messaging';
import { tabsOf } from './tab-write-back';
import { autoDraftSitesItem, autoDraftStateItem, linksItem, secretsItem, settingsItem, sitesItem, taxCasesItem, type AutoDraftState } from '@/utils/storage';
import { urlOrigin } from '@/utils/site-origin';

export const AUTO_DRAFTS_ALARM = 'frachtbeleg-auto-drafts';
export const AUTO_DRAFTS_EVERY_MINUTES = 15;
/** Longer than any pass takes; a lease left by a stopped worker is free again after it. */
export const AUTO_DRAFTS_LEASE_MS = 5 * 60_000;
/** A tab of the site opening starts a pass, but not again within this long of the last one. */
export const TAB_PASS_GAP_MS = 2 * 60_000;
/** Run items whose orders are still on their way to an invoice: never planned again. */
const ITEM_BUSY: ReadonlySet<string> = new Set(['queued', 'creating', 'checking', 'created']);

export type PassTrigger = 'alarm' | 'tab' | 'enabled';

export interface AutoDraftDeps {
  runs: { start(input: StartRunInput): Promise<BillingRun> };
  runJournal: { list(): Promise<BillingRun[]> };
  journal: { list(): Promise<Job[]> };
  invoicedOrders(origin: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  fetch: typeof fetch;
  now: () => Date;
  /** Tells the user about orders newly left for them (only where notifications are allowed). */
  notify(origin: string, count: number): Promise<void>;
  /** The badge's count of orders left for the user, over all sites. */
  badge(count: number): Promise<void>;
  /** A recipe site's delivered orders, read by an open tab of it; null when none is open. */
  readInTab?: (origin: string, range: { from: string; to: string }) => Promise<ResponseOf<'readDeliveredInTab'> | null>;
}

/** Whether a site's orders are read through an open tab of it (a recipe) rather than by the background. */
export const readsThroughTab = (adapterId: string): boolean => recipeIdOf(adapterId) !== null;

const emptyState = (): AutoDraftState => ({ leftForUser: [], reported: [] });

/** One pass for every site with the option on (alarm), or for one site (its tab opened, or it was just turned on). */
export async function runAutoDrafts(deps: AutoDraftDeps, trigger: PassTrigger, onlyOrigin?: string): Promise<void> {
  for (const origin of await enabledOrigins()) {
    if (onlyOrigin !== undefined && origin !== onlyOrigin) continue;
    if (!(await takeLease(deps, origin, trigger))) continue;
    let outcome: Partial<AutoDraftState> & { error?: string; skipped?: true };
    try {
      outcome = await pass(deps, origin);
    } catch (error) {
      outcome = { error: error instanceof DeliveredListError ? error.reason : 'internal' };
      console.warn('[frachtbeleg] automatic drafts could not look at', origin, error instanceof Error ? error.message : error);
    }
    if (outcome.skipped) {
      // No tab of a recipe site open: no look was taken; the lease goes, the last look stays.
      await autoDraftStateItem.update((all) => {
        const current = all[origin];
        if (!current) return all;
        const { leaseUntil: _lease, ...rest } = current;
        return { ...all, [origin]: rest };
      });
      continue;
    }
    await autoDraftStateItem.update((all) => {
      const { leaseUntil: _lease, lastError: _error, ...current } = all[origin] ?? emptyState();
      const { error, skipped: _skipped, ...rest } = outcome;
      return { ...all, [origin]: { ...current, ...rest, lastRunAt: deps.now().toISOString(), ...(error ? { lastError: error } : {}) } };
    });
  }
  await deps.badge(await waitingCount());
}

/** Sites with the option on that are still TMS sites (a removed site's option is void). */
async function enabledOrigins(): Promise<string[]> {
  const [enabled, sites] = await Promise.all([autoDraftSitesItem.get(), sitesItem.get()]);
  return sites.map((s) => s.origin).filter((origin) => Object.hasOwn(enabled, origin));
}

/** The orders left for the user over all sites with the option on. */
export async function waitingCount(): Promise<number> {
  const [origins, state] = await Promise.all([enabledOrigins(), autoDraftStateItem.get()]);
  return origins.reduce((n, origin) => n + (state[origin]?.leftForUser.length ?? 0), 0);
}

async function takeLease(deps: AutoDraftDeps, origin: string, trigger: PassTrigger): Promise<boolean> {
  const now = deps.now();
  let taken = false;
  await autoDraftStateItem.update((all) => {
    const current = all[origin] ?? emptyState();
    const leased = current.leaseUntil !== undefined && Date.parse(current.leaseUntil) > now.getTime();
    const recent = trigger === 'tab' && current.lastRunAt !== undefined && now.getTime() - Date.parse(current.lastRunAt) < TAB_PASS_GAP_MS;
    if (leased || recent) return all;
    taken = true;
    return { ...all, [origin]: { ...current, leaseUntil: new Date(now.getTime() + AUTO_DRAFTS_LEASE_MS).toISOString() } };
  });
  return taken;
}

async function pass(deps: AutoDraftDeps, origin: string): Promise<Partial<AutoDraftState> & { error?: string; skipped?: true }> {
  const [settings, secrets, sites, links, taxCases, state] = await Promise.all([
    settingsItem.get(),
    secretsItem.get(),
    sitesItem.get(),
    linksItem.get(),
    taxCasesItem.get(),
    autoDraftStateItem.get(),
  ]);
  if (secrets[settings.provider] === undefined) return { error: 'not-connected' };
  const site = sites.find((s) => s.origin === origin);
  const adapter = site ? adapterEntry(site.adapter)?.page : undefined;
  const viaTab = site !== undefined && readsThroughTab(site.adapter);
  if (!adapter?.listDelivered && !viaTab) return { error: 'needs-open-page' };

  const today = todayIso(deps.now());
  const from = autoDraftsFrom(today);
  const [jobs, runs] = await Promise.all([deps.journal.list(), deps.runJournal.list()]);
  const siteRuns = runs.filter((r) => r.origin === origin);
  const busy = busyOrders(jobs, siteRuns, origin);

  let reads: OrderReadResult[];
  let invoiced: ReadonlySet<string>;
  if (adapter?.listDelivered) {
    // The TMS session is the browser's: the background's request carries its cookies.
    const context = { origin, fetch: ((input, init) => deps.fetch(input, { ...init, credentials: 'include' })) as typeof fetch };
    const candidates = openDelivered(await adapter.listDelivered(from, context), { from, to: today });
    const ids = [...new Set(candidates.map((c) => c.summary.id))];
    invoiced = ids.length > 0 ? await deps.invoicedOrders(origin, ids) : new Set<string>();
    const toRead = ids.filter((id) => !busy.has(id) && !invoiced.has(id));
    reads = toRead.length > 0 ? await adapter.readOrders(toRead, context) : [];
  } else {
    const answer = (await deps.readInTab?.(origin, { from, to: today })) ?? null;
    if (!answer) return { skipped: true };
    if (!answer.ok) {
      if (answer.reason === 'no-list') return { error: 'needs-list-page' };
      throw new DeliveredListError(answer.reason);
    }
    const ids = [...new Set(answer.reads.map((r) => (r.ok ? r.order.id : r.id)))];
    invoiced = ids.length > 0 ? await deps.invoicedOrders(origin, ids) : new Set<string>();
    // Orders of another site, or delivered outside the pass's range, never come into this
    // site's plan, whatever a tab answered.
    reads = answer.reads.filter((r) => !r.ok || (r.order.source.origin === origin && deliveryDate(r.order) >= from && deliveryDate(r.order) <= today));
  }
  // A TMS that stopped answering or signed the user out is a failed look, not unreadable orders.
  const lost = reads.find((r) => !r.ok && r.problems.some((p) => p.code === 'session-expired' || p.code === 'tms-unreachable'));
  if (lost && !lost.ok) throw new DeliveredListError(lost.problems.some((p) => p.code === 'session-expired') ? 'session-expired' : 'tms-unreachable');

  const providerLinks = links[settings.provider] ?? {};
  const choices: Record<string, CustomerChoice> = {};
  const chosenCases: Record<string, TaxCase> = {};
  for (const read of reads) {
    if (!read.ok) continue;
    const key = tmsKey(origin, read.order.customer.id);
    const link = providerLinks[key];
    if (link) choices[read.order.customer.id] = { contact: { id: link.contactId, name: link.contactName }, billingMode: link.billingMode, period: link.period };
    const taxCase = taxCases[key]?.taxCase;
    if (taxCase) chosenCases[read.order.customer.id] = taxCase;
  }

  const plan = autoDraftsDue({
    reads,
    tms: { origin, adapter: site!.adapter },
    provider: settings.provider,
    connected: true,
    settings: invoiceSettingsFor(settings.invoice),
    links: choices,
    taxCases: chosenCases,
    invoiced,
    busy,
    today,
    // The check the background makes before sending any invoice, made before planning it.
    readiness: (draft) => {
      const stored = taxCases[tmsKey(origin, draft.customer.id)];
      return readinessProblem(draftReadiness(draft, { eInvoice: settings.invoice.eInvoice, buyerReference: stored?.buyerReference, publicCustomer: publicCustomerOf(stored) }));
    },
  });

  const before = state[origin] ?? emptyState();
  // Told already: noted after the last pass, or in the report of an automatic run still shown
  // (a worker that stopped after starting its run could not note it).
  const told = new Set([...before.reported, ...siteRuns.filter((r) => r.source === 'automatic' && !r.dismissed).flatMap((r) => r.setAside.map((o) => o.id))]);
  const fresh = plan.leftForUser.filter((o) => !told.has(o.id));
  if (plan.invoices.length > 0 || fresh.length > 0) {
    await deps.runs.start({
      origin,
      provider: settings.provider,
      invoices: plan.invoices,
      setAside: fresh,
      allowReinvoice: [],
      requestId: passRequestId(origin, plan.invoices.map((i) => i.key), fresh),
      source: 'automatic',
    });
  }
  if (fresh.length > 0) await deps.notify(origin, fresh.length).catch(() => undefined);
  const stillLeft = new Set(plan.leftForUser.map((o) => o.id));
  return {
    leftForUser: plan.leftForUser.map(({ id, number, reason }) => ({ id: id.slice(0, 100), number: number.slice(0, 100), reason })),
    // Told once; an order that stops waiting and comes back later is told again.
    reported: [...told, ...fresh.map((o) => o.id)].filter((id, i, all) => stillLeft.has(id) && all.indexOf(id) === i).map((id) => id.slice(0, 100)),
  };
}

/** Orders on an invoice job or on a billing run item of the site that is still on its way. */
function busyOrders(jobs: readonly Job[], siteRuns: readonly BillingRun[], origin: string): Set<string> {
  const busy = new Set<string>();
  for (const job of jobs) if (ACTIVE_STATES.has(job.state) && job.draft.tms.origin === origin) for (const p of job.draft.positions) busy.add(p.orderId);
  for (const run of siteRuns) for (const item of run.items) if (ITEM_BUSY.has(item.state)) for (const id of item.orderIds) busy.add(id);
  return busy;
}

/** The same plan asks for the same run: a pass repeated after a stopped worker finds it. */
export function passRequestId(origin: string, keys: readonly string[], left: readonly LeftForUser[]): string {
  const text = [origin, ...[...keys].sort(), '', ...left.map((o) => o.id).sort()].join('\n');
  // FNV-1a, twice with different seeds: short, stable, and collisions are harmless here (a
  // collision would only make a pass find an older run instead of starting its own).
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193 ^ 0x2f) >>> 0;
  }
  return `auto:${a.toString(16)}${b.toString(16)}:${text.length}`;
}

// ------------------------------------------------------------------------------------------
// Wiring: the alarm, the tab trigger, the options' messages.

/** A tab just opened may not run our script yet: asked again a little later, a few times. */
const TAB_ATTEMPTS = 3;
const TAB_RETRY_MS = 2_000;

/**
 * Reads a recipe site's delivered orders through one of its open tabs (the first that
 * answers); null when none is open or none answers.
 */
export function tabReader(
  tabs: (origin: string) => Promise<number[]> = tabsOf,
  send: (data: RequestOf<'readDeliveredInTab'>, tabId: number) => Promise<ResponseOf<'readDeliveredInTab'>> = (data, tabId) => request('readDeliveredInTab', data, tabId),
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): NonNullable<AutoDraftDeps['readInTab']> {
  return async (origin, range) => {
    for (let attempt = 0; attempt < TAB_ATTEMPTS; attempt++) {
      const open = await tabs(origin);
      if (open.length === 0) return null;
      for (const tabId of open) {
        try {
          return await send({ origin, from: range.from, to: range.to }, tabId);
        } catch {
          // No script in that tab (yet): the next tab, or this one again shortly.
        }
      }
      if (attempt < TAB_ATTEMPTS - 1) await wait(TAB_RETRY_MS);
    }
    return null;
  };
}

/** Alarms may be cleared on browser restart: made sure of on every worker start. */
export async function ensureAutoDraftsAlarm(alarms: typeof browser.alarms): Promise<void> {
  if (!(await alarms.get(AUTO_DRAFTS_ALARM))) await alarms.create(AUTO_DRAFTS_ALARM, { periodInMinutes: AUTO_DRAFTS_EVERY_MINUTES });
}

/** The origin of a tab's URL when it belongs to a site with the option on. */
export async function autoDraftOriginOf(url: string | undefined): Promise<string | null> {
  const origin = urlOrigin(url);
  return origin && (await enabledOrigins()).includes(origin) ? origin : null;
}

/** A notification, only where the user allowed notifications (an optional permission). */
export function notifier(texts: (origin: string, count: number) => Promise<{ title: string; message: string }>): AutoDraftDeps['notify'] {
  return async (origin, count) => {
    const api = (browser as unknown as { notifications?: typeof browser.notifications }).notifications;
    if (!api || !(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
    const { title, message } = await texts(origin, count);
    await api.create(`frachtbeleg-auto-drafts:${origin}`, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
  };
}
