/**
 * Invoice jobs as the background offers them: start one from a draft (at most one per set
 * of orders), resume all after a restart, let the user settle a job that needs attention.
 * Jobs run in two lanes. The billing lane takes one job at a time up to its created invoice:
 * the billing systems' rate limits make parallel calls pointless. The write-back lane then
 * records each created invoice on its orders (a few orders at a time, runner.ts), so a slow
 * TMS never holds up the next invoice's billing call, as it did when one lane did both.
 */
import type { InvoiceDraft } from '../domain/invoice';
import { draftFingerprint } from '../domain/invoice';
import { JobRunner, type RunnerDeps } from './runner';
import { ACTIVE_STATES, type Job } from './job';

export class InvoiceAlreadyCreated extends Error {
  override name = 'InvoiceAlreadyCreated';
  constructor(readonly orderNumbers: string[]) {
    super(`Already invoiced: ${orderNumbers.join(', ')}`);
  }
}

export interface ServiceDeps extends RunnerDeps {
  /** Order ids (of this TMS origin) that the ledger knows as invoiced. */
  invoicedOrderIds: (origin: string, orderIds: string[]) => Promise<Set<string>>;
  newId: () => string;
  /** Keeps the worker alive while a job runs (Chrome stops idle workers after 30 s). */
  keepAlive: <T>(work: () => Promise<T>) => Promise<T>;
  /** Runs `wake` after `ms` while the worker lives (a timer); the job alarm covers a restart. */
  wakeAfter?: (ms: number, wake: () => void) => void;
}

type StartOptions = { tabId?: number; allowReinvoice?: readonly string[]; contactCreatedAt?: string; contactReadyDelayMs?: number; requestId?: string };

export class InvoiceJobs {
  private readonly runner: JobRunner;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly queued = new Set<string>();
  private writeBackQueue: Promise<unknown> = Promise.resolve();
  private readonly writeBackQueued = new Set<string>();
  private starting: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ServiceDeps) {
    this.runner = new JobRunner(deps);
  }

  /**
   * Starts a job for a draft, unless one for the same orders is running or done already.
   * Orders the ledger knows as invoiced are refused unless the user included them again.
   */
  start(draft: InvoiceDraft, options: StartOptions): Promise<{ job: Job; reused: boolean }> {
    // One after another: two clicks at once (two tabs, a repeated message) must find one job.
    const next = this.starting.then(() => this.startNow(draft, options));
    this.starting = next.catch(() => undefined);
    return next;
  }

  private async startNow(draft: InvoiceDraft, options: StartOptions): Promise<{ job: Job; reused: boolean }> {
    const fingerprint = draftFingerprint(draft);
    const jobs = await this.deps.journal.list();
    // A request sent again after the worker stopped mid-answer: the job it started, whatever its state.
    const asked = options.requestId ? jobs.find((j) => j.requestId === options.requestId) : undefined;
    if (asked) return { job: asked, reused: true };
    const same = jobs.find((j) => j.fingerprint === fingerprint && (ACTIVE_STATES.has(j.state) || j.state === 'needs-attention'));
    if (same) return { job: same, reused: true };

    const orderIds = draft.positions.map((p) => p.orderId);
    const allowed = new Set(options.allowReinvoice ?? []);
    const busy = new Set(jobs.filter((j) => ACTIVE_STATES.has(j.state) && j.draft.tms.origin === draft.tms.origin).flatMap((j) => j.draft.positions.map((p) => p.orderId)));
    const invoiced = await this.deps.invoicedOrderIds(draft.tms.origin, orderIds);
    const refused = draft.positions.filter((p) => busy.has(p.orderId) || (invoiced.has(p.orderId) && !allowed.has(p.orderId)));
    if (refused.length > 0) throw new InvoiceAlreadyCreated(refused.map((p) => p.orderNumber));

    const now = this.deps.now();
    const readyAt = options.contactCreatedAt ? Date.parse(options.contactCreatedAt) + (options.contactReadyDelayMs ?? 0) : 0;
    const job: Job = {
      id: this.deps.newId(),
      fingerprint,
      ...(options.requestId ? { requestId: options.requestId } : {}),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      state: 'planned',
      ...(options.tabId !== undefined ? { tabId: options.tabId } : {}),
      draft,
      ...(readyAt > now.getTime() ? { contactReadyAt: new Date(readyAt).toISOString() } : {}),
      writeBack: draft.positions.map((p) => ({ orderId: p.orderId, orderNumber: p.orderNumber, state: 'pending' as const, attempts: 0 })),
      history: [{ at: now.toISOString(), state: 'planned' }],
    };
    await this.deps.journal.put(job);
    this.deps.notify(job);
    this.schedule(job.id);
    return { job, reused: false };
  }

  /**
   * Runs a job in the billing lane unless it is queued there already; once its invoice
   * exists, the job moves on to the write-back lane and the billing lane takes the next one.
   */
  schedule(id: string): Promise<void> {
    if (this.queued.has(id)) return this.idle();
    this.queued.add(id);
    this.queue = this.queue
      .then(() =>
        this.deps.keepAlive(async () => {
          this.queued.delete(id);
          // A job whose outcome is unknown waits for its next check outside the lane (when
          // the worker can wake it), so the lane goes on with other invoices meanwhile.
          const parkChecks = this.deps.wakeAfter !== undefined;
          // The write-back lane takes the job as soon as its invoice exists (the runner then
          // still searches for twins in this lane); a job found created is handed over here.
          let handedOver = false;
          const onCreated = () => {
            handedOver = true;
            void this.recordOnOrders(id);
          };
          const job = await this.runner.run(id, { untilCreated: true, parkChecks, onCreated });
          if (job?.state === 'invoice-created' && !handedOver) void this.recordOnOrders(id);
          if (job?.state === 'checking' && parkChecks) {
            this.deps.wakeAfter!(Math.max(0, JobRunner.checkDueAt(job) - this.deps.now().getTime()), () => void this.schedule(id));
          }
          return job;
        }),
      )
      .catch((error: unknown) => {
        this.queued.delete(id);
        console.error('[frachtbeleg] invoice job stopped unexpectedly:', error instanceof Error ? error.message : error);
      });
    return this.idle();
  }

  /** Both lanes done with what they were given (a job handed to the write-back lane included). */
  private async idle(): Promise<void> {
    await this.queue;
    await this.writeBackQueue;
  }

  /** The write-back lane: records a created invoice on its orders, one job after another. */
  private recordOnOrders(id: string): Promise<unknown> {
    if (this.writeBackQueued.has(id)) return this.writeBackQueue;
    this.writeBackQueued.add(id);
    this.writeBackQueue = this.writeBackQueue
      .then(() =>
        this.deps.keepAlive(async () => {
          this.writeBackQueued.delete(id);
          const job = await this.runner.run(id);
          this.wakeForRetry(job);
          return job;
        }),
      )
      .catch((error: unknown) => {
        this.writeBackQueued.delete(id);
        console.error('[frachtbeleg] recording an invoice on the orders stopped unexpectedly:', error instanceof Error ? error.message : error);
      });
    return this.writeBackQueue;
  }

  /** A job waiting to retry its write-back runs again when its next attempt is due. */
  private wakeForRetry(job: Job | undefined): void {
    if (!job || !this.deps.wakeAfter) return;
    const wake = JobRunner.nextWake(job);
    if (wake === null) return;
    this.deps.wakeAfter(Math.max(0, wake - this.deps.now().getTime()), () => void this.recordOnOrders(job.id));
  }

  /** After a restart, and on every alarm: continue every job that can move. */
  async resumeAll(): Promise<void> {
    const now = this.deps.now().getTime();
    for (const job of await this.deps.journal.list()) {
      if (!ACTIVE_STATES.has(job.state)) continue;
      const wake = JobRunner.nextWake(job);
      if (wake !== null && wake > now) continue;
      void this.schedule(job.id);
    }
    await this.idle();
  }

  /**
   * A tab of this TMS finished loading: the user is likely signed in again (a session cookie
   * does not outlive a browser restart), so write-backs waiting for their next attempt there
   * try now instead of after their back-off. Recording is safe to repeat.
   */
  async retryWriteBacksOn(origin: string): Promise<number> {
    let woken = 0;
    for (const job of await this.deps.journal.list()) {
      if (job.state !== 'invoice-created' || job.draft.tms.origin !== origin) continue;
      if (!job.writeBack.some((w) => w.state === 'pending' && w.nextAttemptAt)) continue;
      await this.deps.journal.update(job.id, (current) => ({
        ...current,
        writeBack: current.writeBack.map((w) => (w.state === 'pending' ? { ...w, nextAttemptAt: undefined } : w)),
      }));
      woken++;
      void this.recordOnOrders(job.id);
    }
    return woken;
  }

  /** The user settles a job that needs attention. */
  async resolve(id: string, action: { kind: 'use-invoice'; invoiceId: string } | { kind: 'send-again' } | { kind: 'retry-write-back' } | { kind: 'dismiss' }): Promise<Job> {
    const job = await this.deps.journal.get(id);
    if (!job) throw new Error('No such job');
    const at = this.deps.now().toISOString();
    const next = await this.deps.journal.update(id, (current) => {
      const history = [...current.history];
      switch (action.kind) {
        case 'use-invoice': {
          const invoice = current.candidates?.find((c) => c.id === action.invoiceId);
          if (!invoice) throw new Error('That invoice is not a candidate of this job');
          history.push({ at, state: 'invoice-created', note: 'chosen by the user' });
          return { ...current, state: 'invoice-created', invoice, candidates: undefined, updatedAt: at, history };
        }
        case 'send-again':
          history.push({ at, state: 'contact-resolved', note: 'user asked to send again' });
          return { ...current, state: 'contact-resolved', candidates: undefined, error: undefined, checks: 0, updatedAt: at, history };
        case 'retry-write-back':
          history.push({ at, state: 'invoice-created', note: 'user asked to record again' });
          return {
            ...current,
            state: current.invoice ? 'invoice-created' : current.state,
            writeBack: current.writeBack.map((w) => (w.state === 'done' ? w : { ...w, state: 'pending' as const, nextAttemptAt: undefined })),
            updatedAt: at,
            history,
          };
        case 'dismiss':
          history.push({ at, state: 'failed', note: 'dismissed by the user' });
          return { ...current, state: 'failed', updatedAt: at, history };
      }
    });
    if (action.kind === 'use-invoice' && next.invoice) await this.deps.recordInvoice(next, next.invoice);
    this.deps.notify(next);
    if (ACTIVE_STATES.has(next.state)) void this.schedule(id);
    return next;
  }
}
