/**
 * A billing run: many invoices created one after another at the billing API's pace, as a
 * journaled record of its own that points at the ordinary invoice jobs. The invoice jobs
 * keep their exactly-once guarantee; the run only decides which one starts next and sums
 * up. Pure state transitions here; the background persists the record after each one.
 *
 *   running ⇄ paused
 *      └─ cancel → cancelling (the invoice in flight finishes) → cancelled
 *      └─ every invoice created or settled → recording (the write-back lane still records
 *         invoices on their orders) → every invoice settled → done
 */
import * as v from 'valibot';
import { ProviderIdSchema } from '../domain/ids';
import { MAX_ORDER_TEXT } from '../domain/order';

export const RUN_STATUSES = ['running', 'paused', 'cancelling', 'cancelled', 'recording', 'done'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One invoice of the run, as far as the run needs to know. */
export const RUN_ITEM_STATES = ['queued', 'creating', 'checking', 'created', 'recorded', 'failed', 'needs-attention', 'not-started'] as const;
export type RunItemState = (typeof RUN_ITEM_STATES)[number];

const SETTLED: ReadonlySet<RunItemState> = new Set(['recorded', 'failed', 'needs-attention', 'not-started']);
/** Taking the billing lane now. An invoice whose outcome is being checked waits aside, and the run goes on. */
const IN_FLIGHT: ReadonlySet<RunItemState> = new Set(['creating']);

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const RunItemSchema = v.object({
  /** The planned invoice's key (customer, currency, orders): one job per key, ever. */
  key: Text(20_000),
  jobId: v.optional(Text(100)),
  // As long as an Order's customer name may be (a run must take every order a single invoice takes).
  customerName: Text(MAX_ORDER_TEXT),
  currency: Text(3),
  orderIds: v.array(Text(100)),
  orderNumbers: v.array(Text(100)),
  netMinor: v.pipe(v.number(), v.safeInteger()),
  grossMinor: v.optional(v.pipe(v.number(), v.safeInteger())),
  split: v.optional(v.object({ part: v.number(), of: v.number() })),
  state: v.picklist(RUN_ITEM_STATES),
  invoice: v.optional(v.object({ id: Text(100), number: v.nullable(Text(100)), url: Text(2000) })),
  /** Orders whose write-back has not succeeded (yet). */
  writeBackPending: v.optional(v.array(Text(100))),
  error: v.optional(v.object({ code: Text(100), message: Text(2000) })),
  /** How often the user retried it. */
  retries: v.optional(v.number()),
});
export type RunItem = v.InferOutput<typeof RunItemSchema>;

const OrderRefSchema = v.object({ id: Text(100), number: Text(100), reason: Text(100) });

export const BillingRunSchema = v.object({
  id: Text(100),
  provider: ProviderIdSchema,
  origin: Text(200),
  source: v.picklist(['manual', 'automatic']),
  /** The tab that started the run, told about its progress. */
  tabId: v.optional(v.number()),
  /** The Start click that asked for the run: the same request sent again finds it. */
  requestId: v.optional(Text(100)),
  createdAt: v.string(),
  updatedAt: v.string(),
  finishedAt: v.optional(v.string()),
  status: v.picklist(RUN_STATUSES),
  items: v.array(RunItemSchema),
  /** Orders not on any invoice of this run, each with its reason (left out, needs a link…). */
  setAside: v.array(OrderRefSchema),
  /** The report was seen and dismissed in the popup. */
  dismissed: v.optional(v.boolean()),
});
export type BillingRun = v.InferOutput<typeof BillingRunSchema>;

const touch = (run: BillingRun, now: string): BillingRun => ({ ...run, updatedAt: now });

/** The invoices to start now: queued ones, while the run runs, up to `slots` in flight. */
export function nextToStart(run: BillingRun, slots = 1): RunItem[] {
  if (run.status !== 'running') return [];
  const inFlight = run.items.filter((i) => IN_FLIGHT.has(i.state)).length;
  const free = Math.max(0, slots - inFlight);
  return run.items.filter((i) => i.state === 'queued').slice(0, free);
}

export function markStarted(run: BillingRun, key: string, jobId: string, now: string): BillingRun {
  return settle(touch({ ...run, items: run.items.map((i) => (i.key === key ? { ...i, jobId, state: 'creating' as const } : i)) }, now), now);
}

/** What an invoice job reports, reduced to what the run records. */
export interface JobProgress {
  state: 'planned' | 'contact-resolved' | 'creating' | 'checking' | 'invoice-created' | 'done' | 'needs-attention' | 'failed';
  invoice?: { id: string; number: string | null; url: string; grossMinor?: number | undefined };
  writeBack?: readonly { orderId: string; state: 'pending' | 'done' | 'failed' }[];
  error?: { code: string; message: string };
}

export function applyJobProgress(run: BillingRun, jobId: string, job: JobProgress, now: string): BillingRun {
  const items = run.items.map((item): RunItem => {
    if (item.jobId !== jobId) return item;
    const state = itemStateOf(job);
    const pending = job.writeBack?.filter((w) => w.state !== 'done').map((w) => w.orderId);
    const { error: _previous, ...rest } = item;
    return {
      ...rest,
      state,
      ...(job.invoice ? { invoice: { id: job.invoice.id, number: job.invoice.number, url: job.invoice.url } } : {}),
      ...(job.invoice?.grossMinor !== undefined ? { grossMinor: job.invoice.grossMinor } : {}),
      ...(pending ? { writeBackPending: pending } : {}),
      ...(job.error && (state === 'failed' || state === 'needs-attention') ? { error: job.error } : {}),
    };
  });
  return settle(touch({ ...run, items }, now), now);
}

function itemStateOf(job: JobProgress): RunItemState {
  switch (job.state) {
    case 'planned':
    case 'contact-resolved':
    case 'creating':
      return 'creating';
    case 'checking':
      return 'checking';
    case 'invoice-created':
      return 'created';
    case 'done':
      return 'recorded';
    case 'needs-attention':
      return 'needs-attention';
    case 'failed':
      return 'failed';
  }
}

/** An invoice that could not be started at all (refused, its draft unreadable) fails alone. */
export function markFailed(run: BillingRun, key: string, error: { code: string; message: string }, now: string): BillingRun {
  const items = run.items.map((i) => (i.key === key && i.state === 'queued' ? { ...i, state: 'failed' as const, error } : i));
  return settle(touch({ ...run, items }, now), now);
}

export function pauseRun(run: BillingRun, now: string): BillingRun {
  return run.status === 'running' ? touch({ ...run, status: 'paused' }, now) : run;
}

export function resumeRun(run: BillingRun, now: string): BillingRun {
  return run.status === 'paused' ? touch({ ...run, status: 'running' }, now) : run;
}

/** Cancel: the invoice in flight finishes; invoices not started stay untouched (not sent). */
export function cancelRun(run: BillingRun, now: string): BillingRun {
  if (run.status !== 'running' && run.status !== 'paused') return run;
  const items = run.items.map((i) => (i.state === 'queued' ? { ...i, state: 'not-started' as const } : i));
  return settle(touch({ ...run, status: 'cancelling', items }, now), now);
}

/** "Retry failed": failed invoices go back into the queue under a fresh job. */
export function retryFailed(run: BillingRun, now: string): BillingRun {
  const failed = run.items.filter((i) => i.state === 'failed');
  if (failed.length === 0) return run;
  const items = run.items.map((i) => {
    if (i.state !== 'failed') return i;
    const { error: _error, jobId: _jobId, ...rest } = i;
    return { ...rest, state: 'queued' as const, retries: (i.retries ?? 0) + 1 };
  });
  const { finishedAt: _finished, ...rest } = run;
  return touch({ ...rest, status: 'running', items }, now);
}

/**
 * Nothing left to create: a run whose created invoices are still being recorded on their
 * orders is "recording", and done once each is recorded (or failed or needs attention).
 * A cancelled run ends as soon as nothing is in flight in the billing system.
 */
function settle(run: BillingRun, now: string): BillingRun {
  const open = run.items.some((i) => !SETTLED.has(i.state) && i.state !== 'created');
  if (open) return run;
  if (run.status === 'cancelling') return { ...run, status: 'cancelled', finishedAt: run.finishedAt ?? now };
  if (run.status !== 'running' && run.status !== 'recording') return run;
  if (run.items.some((i) => i.state === 'created')) return run.status === 'recording' ? run : { ...run, status: 'recording' };
  return { ...run, status: 'done', finishedAt: run.finishedAt ?? now };
}

export interface RunProgress {
  total: number;
  /** Invoices not yet created (queued or in flight): the toolbar badge's count. */
  left: number;
  created: number;
  failed: number;
  attention: number;
  ordersRecorded: number;
  ordersWaitingForWriteBack: number;
}

export function runProgress(run: BillingRun): RunProgress {
  const count = (states: RunItemState[]) => run.items.filter((i) => states.includes(i.state)).length;
  const created = run.items.filter((i) => i.state === 'created' || i.state === 'recorded');
  const waiting = created.reduce((n, i) => n + (i.writeBackPending?.length ?? 0), 0);
  return {
    total: run.items.length,
    left: count(['queued', 'creating', 'checking']),
    created: created.length,
    failed: count(['failed']),
    attention: count(['needs-attention']),
    ordersRecorded: created.reduce((n, i) => n + i.orderIds.length, 0) - waiting,
    ordersWaitingForWriteBack: waiting,
  };
}

// ------------------------------------------------------------------------------------------
// The run report as a file: one line per invoice and per order set aside.

export interface ReportWords {
  headers: readonly [string, string, string, string, string, string, string, string, string];
  states: Record<RunItemState, string>;
  setAside: string;
  formatMoney(minor: number, currency: string): string;
}

/** CSV (semicolon-separated, UTF-8 with BOM, CRLF) as German spreadsheets open it. */
export function runReportCsv(run: BillingRun, words: ReportWords): string {
  const rows: string[][] = [[...words.headers]];
  for (const item of run.items) {
    rows.push([
      words.states[item.state],
      item.customerName,
      item.currency,
      item.orderNumbers.join(', '),
      words.formatMoney(item.netMinor, item.currency),
      item.grossMinor !== undefined ? words.formatMoney(item.grossMinor, item.currency) : '',
      item.invoice?.number ?? '',
      item.invoice?.url ?? '',
      item.error?.message ?? '',
    ]);
  }
  for (const order of run.setAside) rows.push([words.setAside, '', '', order.number, '', '', '', '', order.reason]);
  return '\uFEFF' + rows.map((r) => r.map(csvCell).join(';')).join('\r\n') + '\r\n';
}

function csvCell(value: string): string {
  // A leading =, + or @ (or a minus before a non-digit) would be a formula in a spreadsheet: quote and neutralise it.
  const safe = /^([=+@]|-(?!\d))/.test(value) ? `'${value}` : value;
  return /[";\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}
