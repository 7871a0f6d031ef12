/**
 * Billing runs as the background runs them: many invoices, each an ordinary invoice job
 * (journaled, exactly once), started one at a time. Invoice jobs share the billing
 * system's token bucket and run one after another anyway (service.ts), so starting the
 * next invoice when the last one has left the billing call keeps the API at its rate
 * without a second queue of requests that could only meet 429s. An invoice whose outcome is
 * unknown waits for its checks aside (service.ts parks it), and the run starts the next one
 * meanwhile; recording on the orders runs in the write-back lane and never holds up the next.
 *
 * Exactly once per invoice across a stopped worker: each invoice's job is started with a
 * request id made of the run, the item and its retry count. A worker stopped between
 * starting the job and writing the run finds the same job again on resume instead of
 * starting a second one.
 */
import { BillingError } from '../billing/errors';
import { computeTotals } from '../domain/totals';
import { PROVIDER_RULES } from '../domain/provider-rules';
import type { InvoiceDraft } from '../domain/invoice';
import type { ProviderId } from '../domain/ids';
import {
  applyJobProgress,
  cancelRun,
  markFailed,
  markStarted,
  nextToStart,
  pauseRun,
  resumeRun,
  retryFailed,
  type BillingRun,
  type JobProgress,
  type RunItem,
} from './billing-run';
import { grossOf, type Job } from './job';
import type { JobJournal } from './journal';
import type { RunJournal } from './run-journal';
import { InvoiceAlreadyCreated, type InvoiceJobs } from './service';

export interface RunServiceDeps {
  runs: RunJournal;
  journal: JobJournal;
  jobs: Pick<InvoiceJobs, 'start'>;
  /** Told about every change of a run (the tab that started it, the popup, the badge). */
  notify: (run: BillingRun) => void;
  now: () => Date;
  newId: () => string;
}

export interface RunInvoiceInput {
  key: string;
  draft: InvoiceDraft;
  split?: { part: number; of: number } | undefined;
}

export interface StartRunInput {
  origin: string;
  provider: ProviderId;
  invoices: readonly RunInvoiceInput[];
  setAside: readonly { id: string; number: string; reason: string }[];
  allowReinvoice: readonly string[];
  tabId?: number | undefined;
  requestId?: string | undefined;
  /** 'automatic': started by the automatic drafts, not by a click (the report says so). */
  source?: BillingRun['source'] | undefined;
}

export type RunAction = 'pause' | 'resume' | 'cancel' | 'retry-failed' | 'dismiss';

const RUN_JOB_PREFIX = 'run:';

/** The request id of an item's job: run, item and retry, so a retry gets a fresh job and a repeat the same. */
export function runJobRequestId(runId: string, index: number, retries: number): string {
  return `${RUN_JOB_PREFIX}${runId}:${index}:${retries}`;
}

function runJobOf(job: Job): { runId: string; index: number; retries: number } | null {
  if (!job.requestId?.startsWith(RUN_JOB_PREFIX)) return null;
  const [runId, index, retries] = job.requestId.slice(RUN_JOB_PREFIX.length).split(':');
  if (!runId || !/^\d+$/.test(index ?? '') || !/^\d+$/.test(retries ?? '')) return null;
  return { runId, index: Number(index), retries: Number(retries) };
}

/** What a job reports, reduced to what the run records. */
function progressOf(job: Job): JobProgress {
  return {
    state: job.state,
    ...(job.invoice ? { invoice: { id: job.invoice.id, number: job.invoice.number, url: job.invoice.url, grossMinor: job.invoice.grossMinor ?? grossOf(job) } } : {}),
    writeBack: job.writeBack.map((w) => ({ orderId: w.orderId, state: w.state })),
    ...(job.error ? { error: { code: job.error.code, message: job.error.message } } : {}),
  };
}

/** The report was read: the popup stops showing it. A run still going can't be dismissed. */
function dismissRun(run: BillingRun, now: string): BillingRun {
  return run.status === 'done' || run.status === 'cancelled' ? { ...run, dismissed: true, updatedAt: now } : run;
}

export class BillingRuns {
  /** One pump per run at a time; a wake-up during a pump makes it look once more. */
  private readonly pumping = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  /** Starts one after another: a request repeated at once must find the run, not make a second. */
  private starting: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RunServiceDeps) {}

  /** Stores the run (or finds the one this request started already) and starts its first invoice. */
  start(input: StartRunInput): Promise<BillingRun> {
    const next = this.starting.then(() => this.startNow(input));
    this.starting = next.catch(() => undefined);
    return next;
  }

  private async startNow(input: StartRunInput): Promise<BillingRun> {
    if (input.requestId) {
      const asked = (await this.deps.runs.list()).find((r) => r.requestId === input.requestId);
      if (asked) return asked;
    }
    const now = this.deps.now().toISOString();
    const rounding = PROVIDER_RULES[input.provider].rounding;
    const items: RunItem[] = input.invoices.map(({ key, draft, split }) => {
      const totals = computeTotals(draft.positions, draft.currency, rounding);
      return {
        key,
        customerName: draft.customer.name,
        currency: draft.currency,
        orderIds: draft.positions.map((p) => p.orderId),
        orderNumbers: draft.positions.map((p) => p.orderNumber),
        netMinor: totals.net.minor,
        grossMinor: totals.gross.minor,
        ...(split ? { split } : {}),
        state: 'queued',
      };
    });
    const run: BillingRun = {
      id: this.deps.newId(),
      provider: input.provider,
      origin: input.origin,
      source: input.source ?? 'manual',
      ...(input.tabId !== undefined ? { tabId: input.tabId } : {}),
      ...(input.requestId ? { requestId: input.requestId } : {}),
      createdAt: now,
      updatedAt: now,
      status: items.length > 0 ? 'running' : 'done',
      ...(items.length === 0 ? { finishedAt: now } : {}),
      items,
      setAside: [...input.setAside],
    };
    const drafts = Object.fromEntries(input.invoices.map((i) => [i.key, i.draft]));
    const stored = await this.deps.runs.create(run, { drafts, allowReinvoice: [...input.allowReinvoice] });
    this.deps.notify(stored);
    void this.pump(stored.id);
    return stored;
  }

  /** An invoice job moved: if it belongs to a run, the run records it and may start the next one. */
  async jobChanged(job: Job): Promise<void> {
    const owner = runJobOf(job);
    if (!owner) return;
    const run = await this.record(owner.runId, owner.index, job, owner.retries);
    if (run) void this.pump(run.id);
  }

  /** `retries`: the attempt the job was started for; news of an attempt the user retried since is old news. */
  private async record(runId: string, index: number, job: Job, retries?: number): Promise<BillingRun | undefined> {
    const at = this.deps.now().toISOString();
    let changed = false;
    const run = await this.deps.runs
      .update(runId, (current) => {
        const item = current.items[index];
        if (!item || (retries !== undefined && retries !== (item.retries ?? 0))) return current;
        // The job's first news may arrive before the run noted that it started it.
        let next = current;
        if (item.jobId !== job.id) {
          if (item.state !== 'queued' && item.state !== 'not-started') return current;
          next = markStarted(next, item.key, job.id, at);
        }
        next = applyJobProgress(next, job.id, progressOf(job), at);
        changed = JSON.stringify(next.items[index]) !== JSON.stringify(current.items[index]) || next.status !== current.status;
        return changed ? next : current;
      })
      .catch(() => undefined);
    if (run && changed) this.deps.notify(run);
    return run;
  }

  /** The user pauses, resumes, cancels, sends the failed invoices again, or dismisses the report. */
  async control(runId: string, action: RunAction): Promise<BillingRun> {
    const at = this.deps.now().toISOString();
    const change = { pause: pauseRun, resume: resumeRun, cancel: cancelRun, 'retry-failed': retryFailed, dismiss: dismissRun }[action];
    const run = await this.deps.runs.update(runId, (current) => change(current, at));
    this.deps.notify(run);
    if (action === 'resume' || action === 'retry-failed') void this.pump(runId);
    return run;
  }

  /**
   * After a worker start and on every alarm: catch up with jobs that moved while nobody
   * listened, then start what is due.
   */
  async resumeAll(): Promise<void> {
    for (const run of await this.deps.runs.list()) {
      if (run.status === 'done' || run.status === 'cancelled') {
        // Write-back still pending on created invoices: its news may have been missed too.
        if (!run.items.some((i) => i.state === 'created')) continue;
      }
      for (const [index, item] of run.items.entries()) {
        if (!item.jobId || !['creating', 'checking', 'created'].includes(item.state)) continue;
        const job = await this.deps.journal.get(item.jobId);
        if (job) await this.record(run.id, index, job);
      }
      await this.pump(run.id);
    }
  }

  private pump(runId: string): Promise<void> {
    const running = this.pumping.get(runId);
    if (running) {
      this.again.add(runId);
      return running;
    }
    const work = (async () => {
      do {
        this.again.delete(runId);
        await this.startDue(runId);
      } while (this.again.has(runId));
    })()
      .catch((error: unknown) => console.error('[frachtbeleg] billing run stopped unexpectedly:', error instanceof Error ? error.message : error))
      .finally(() => this.pumping.delete(runId));
    this.pumping.set(runId, work);
    return work;
  }

  /** Starts the invoices the run may start now (one at a time). */
  private async startDue(runId: string): Promise<void> {
    for (;;) {
      const run = await this.deps.runs.get(runId);
      if (!run) return;
      const [item] = nextToStart(run);
      if (!item) return;
      const index = run.items.indexOf(item);
      const input = await this.deps.runs.draft(runId, item.key);
      try {
        if (!input) throw new Error('The draft of this invoice could not be read');
        const { job } = await this.deps.jobs.start(input.draft, {
          requestId: runJobRequestId(runId, index, item.retries ?? 0),
          allowReinvoice: input.allowReinvoice,
        });
        const after = await this.record(runId, index, job);
        // Nothing recorded (the run vanished): stop rather than loop.
        if (!after || after.items[index]?.state === 'queued') return;
      } catch (error) {
        await this.failItem(runId, index, error);
      }
    }
  }

  /** An invoice that could not even be started fails alone; the run goes on with the rest. */
  private async failItem(runId: string, index: number, error: unknown): Promise<void> {
    const at = this.deps.now().toISOString();
    const reason =
      error instanceof InvoiceAlreadyCreated
        ? { code: 'already-invoiced', message: error.message }
        : error instanceof BillingError
          ? { code: error.code, message: error.message }
          : { code: 'internal', message: error instanceof Error ? error.message : String(error) };
    const run = await this.deps.runs.update(runId, (current) => {
      const item = current.items[index];
      return item ? markFailed(current, item.key, reason, at) : current;
    });
    this.deps.notify(run);
  }
}
