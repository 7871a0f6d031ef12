/**
 * Runs invoice jobs step by step. Each step persists the job's new state before the next
 * network call, so a worker stopped at any moment resumes from the journal. A creation
 * attempt whose outcome is unknown is never repeated before the billing system has been
 * searched for its result.
 */
import { BillingError } from '../billing/errors';
import type { BillingProvider, CreatedInvoice } from '../billing/provider';
import type { ProviderId } from '../domain/ids';
import type { TmsWriteBack, WriteBackResult } from '../tms/adapter';
import { PROVIDER_NAMES } from '../billing/registry';
import type { JobJournal } from './journal';
import { ACTIVE_STATES, grossOf, type Job, type JobError, type JobState } from './job';

export interface RunnerDeps {
  journal: JobJournal;
  /** The provider with its key; throws BillingError('auth') when no key is saved. */
  provider: (id: ProviderId) => Promise<BillingProvider>;
  /** The write-back for an adapter id: a code adapter's, or a stored recipe's (read from storage). */
  writeBack: (adapterId: string) => TmsWriteBack | undefined | Promise<TmsWriteBack | undefined>;
  /** Called once per created invoice (idempotent). */
  recordInvoice: (job: Job, invoice: CreatedInvoice) => Promise<void>;
  /** Told about every state change (the panel's tab, the popup). */
  notify: (job: Job) => void;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Invoices the ledger knows already: they can never be the result of a new attempt. */
  knownInvoiceIds?: (provider: ProviderId, invoiceIds: readonly string[]) => Promise<ReadonlySet<string>>;
}

/** Waits between searches for the result of an attempt with an unknown outcome. */
export const CHECK_DELAYS_MS = [3_000, 10_000, 20_000];
/** After this many attempts with an unknown outcome, the user decides. */
export const MAX_UNCERTAIN_ATTEMPTS = 2;
/**
 * Write-back retry delays: the TMS may be down or the session expired. The first ones run
 * from a timer in the worker; after a restart the job alarm (every minute) takes over.
 */
export const WRITE_BACK_DELAYS_MS = [5_000, 15_000, 30_000, 60_000, 5 * 60_000, 15 * 60_000];
/**
 * How far before an attempt the search for its result reaches back. Office PC clocks drift
 * from the billing system's; an invoice missed because of that would be sent again.
 */
export const CLOCK_TOLERANCE_MS = 10 * 60_000;
/**
 * Write-back progress is saved after this many orders or this much time, whichever first.
 * Each save writes the whole job (its draft too) to storage and tells the tab and the run;
 * recording is safe to repeat, so a stop between saves only repeats a few checks.
 */
export const WRITE_BACK_BATCH = 50;
export const WRITE_BACK_SAVE_MS = 1_000;
/**
 * Orders per call of a TMS's `recordMany`, progress saved after each: a whole invoice at
 * Lexware's 300-position limit (two reads and two writes against the demo TMS, well under a
 * second), since each save writes the whole job and costs more than the requests.
 */
export const RECORD_MANY_CHUNK = 300;
/** Orders recorded on the TMS at the same time. */
export const WRITE_BACK_CONCURRENCY = 4;
/** A contact-not-ready rejection is retried this often. */
const CONTACT_RETRIES = 3;
/**
 * A creation still refused with 429 after the HTTP client's own retries (a burst longer than
 * its four attempts) is sent again after each of these pauses: a 429 means the billing system
 * did nothing, so sending again is safe, and a busy API is no failure to show the user. Only
 * after the last one does the invoice fail ("busy, try again"). Bench figure 15 met it: one
 * request of a 400-order run took all four 429s of a burst and its invoice failed.
 */
export const RATE_LIMIT_PAUSES_MS = [5_000, 10_000, 20_000, 30_000, 60_000];


/** Works through `items` with at most `size` of them in progress at a time. */
export async function inPool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, lane));
}

function toJobError(error: unknown): JobError {
  if (error instanceof BillingError) return error.toJSON();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export class JobRunner {
  constructor(private readonly deps: RunnerDeps) {}

  private async transition(job: Job, state: JobState, patch: Partial<Job> = {}, note?: string): Promise<Job> {
    const at = this.deps.now().toISOString();
    const next = await this.deps.journal.update(job.id, (current) => ({
      ...current,
      ...patch,
      state,
      updatedAt: at,
      history: [...current.history, { at, state, ...(note ? { note } : {}) }].slice(-50),
    }));
    this.deps.notify(next);
    return next;
  }

  /**
   * Advances a job as far as it can go now. Returns when it is done, failed, waits for the
   * user, or waits for a later write-back attempt; with `untilCreated`, as soon as its
   * invoice exists (the billing lane: recording on the orders is the write-back lane's);
   * with `parkChecks`, also when its unknown outcome is not due for its next check yet (the
   * caller wakes it then, and the lane takes other invoices meanwhile).
   */
  async run(id: string, options: { untilCreated?: boolean; parkChecks?: boolean; onCreated?: (job: Job) => void } = {}): Promise<Job | undefined> {
    let job = await this.deps.journal.get(id);
    let contactRetries = 0;
    let rateLimitRounds = 0;
    while (job && ACTIVE_STATES.has(job.state)) {
      switch (job.state) {
        case 'planned': {
          const readyAt = job.contactReadyAt ? Date.parse(job.contactReadyAt) : 0;
          const wait = readyAt - this.deps.now().getTime();
          if (wait > 0) await this.deps.sleep(wait);
          job = await this.transition(job, 'contact-resolved');
          break;
        }
        case 'contact-resolved': {
          const attempt = { number: (job.attempt?.number ?? 0) + 1, startedAt: this.deps.now().toISOString() };
          job = await this.transition(job, 'creating', { attempt });
          job = await this.create(job, { contact: () => contactRetries++ < CONTACT_RETRIES, rateLimitPause: () => RATE_LIMIT_PAUSES_MS[rateLimitRounds++] }, options.onCreated);
          break;
        }
        case 'creating':
          // Found on resume: the worker stopped while the request was in flight.
          job = await this.transition(job, 'checking', { checks: 0 }, 'resumed during creation: outcome unknown');
          break;
        case 'checking': {
          const wait = JobRunner.checkDueAt(job) - this.deps.now().getTime();
          if (wait > 0 && options.parkChecks) return job;
          job = await this.check(job, Math.max(0, wait));
          break;
        }
        case 'invoice-created': {
          if (options.untilCreated) return job;
          const after = await this.recordOnOrders(job);
          if (after.state === 'invoice-created') return after;
          job = after;
          break;
        }
      }
    }
    return job;
  }

  private async create(
    job: Job,
    retry: { contact: () => boolean; /** The pause before sending again after a 429, or undefined when no round is left. */ rateLimitPause: () => number | undefined },
    onCreated?: (job: Job) => void,
  ): Promise<Job> {
    let provider: BillingProvider;
    try {
      provider = await this.deps.provider(job.draft.provider);
    } catch (error) {
      return this.transition(job, 'failed', { error: toJobError(error) });
    }
    try {
      const invoice = await provider.createInvoice(job.draft);
      const next = await this.created(job, invoice);
      // The write-back may start now: the search for twins below waits for the billing
      // system's rate limit and changes nothing the write-back reads.
      onCreated?.(next);
      return this.checkForTwins(next, provider, invoice);
    } catch (error) {
      if (error instanceof BillingError && error.outcome === 'unknown') {
        return this.transition(job, 'checking', { checks: 0, error: error.toJSON() }, 'outcome unknown');
      }
      // A contact created a moment ago may not be usable yet: the request was not
      // performed, so waiting and sending again is safe.
      if (error instanceof BillingError && error.code === 'validation' && error.fields.some((f) => f.key === 'contact') && retry.contact()) {
        await this.deps.sleep(provider.contactReadyDelayMs);
        return this.transition(job, 'contact-resolved', {}, 'contact not ready yet');
      }
      if (error instanceof BillingError && error.code === 'rate-limited' && error.outcome === 'not-performed') {
        const pause = retry.rateLimitPause();
        if (pause !== undefined) {
          // Stored before the pause: a worker stopped meanwhile sends again on resume, without a search.
          const next = await this.transition(job, 'contact-resolved', {}, 'rate limited: sending again after a pause');
          await this.deps.sleep(pause);
          return next;
        }
      }
      return this.transition(job, 'failed', { error: toJobError(error) });
    }
  }

  private async created(job: Job, invoice: CreatedInvoice): Promise<Job> {
    const next = await this.transition(job, 'invoice-created', { invoice }, invoice.number ? `invoice ${invoice.number}` : 'invoice created');
    await this.deps.recordInvoice(next, invoice);
    return next;
  }

  /**
   * A browser may re-send a request on its own when a connection dies (Chromium does so on
   * reused HTTP/1.1 connections), creating a second invoice nobody asked for. One search
   * after each creation finds such twins, so the user can delete the extra draft.
   */
  private async checkForTwins(job: Job, provider: BillingProvider, invoice: CreatedInvoice): Promise<Job> {
    try {
      const twins = (await this.search(job, provider)).filter((f) => f.id !== invoice.id);
      if (twins.length === 0) return job;
      // The write-back may have moved the job on meanwhile: its state is kept as it is now.
      const at = this.deps.now().toISOString();
      const note = `${twins.length} identical invoice(s) found from this attempt`;
      const next = await this.deps.journal.update(job.id, (current) => ({
        ...current,
        duplicates: twins,
        updatedAt: at,
        history: [...current.history, { at, state: current.state, note }].slice(-50),
      }));
      this.deps.notify(next);
      return next;
    } catch {
      // The invoice is created; failing to look for twins must not fail the job.
      return job;
    }
  }

  /** Invoices in the billing system that may be the result of this job's last attempt. */
  private async search(job: Job, provider: BillingProvider): Promise<CreatedInvoice[]> {
    if (!job.draft.contact || !job.attempt) throw new Error('job without contact or attempt');
    const found = await provider.findInvoices({
      contactId: job.draft.contact.id,
      voucherDate: job.draft.voucherDate,
      createdAfter: new Date(Date.parse(job.attempt.startedAt) - CLOCK_TOLERANCE_MS).toISOString(),
      grossMinor: grossOf(job),
      currency: job.draft.currency,
    });
    const known = (await this.deps.knownInvoiceIds?.(job.draft.provider, found.map((f) => f.id))) ?? new Set<string>();
    return found.filter((f) => !known.has(f.id));
  }

  /** When a job whose outcome is unknown is due for its next search: a delay after it last moved. */
  static checkDueAt(job: Job): number {
    const checks = job.checks ?? 0;
    return Date.parse(job.updatedAt) + CHECK_DELAYS_MS[Math.min(checks, CHECK_DELAYS_MS.length - 1)]!;
  }

  private async check(job: Job, wait: number): Promise<Job> {
    const checks = job.checks ?? 0;
    if (wait > 0) await this.deps.sleep(wait);
    let found: CreatedInvoice[];
    try {
      found = await this.search(job, await this.deps.provider(job.draft.provider));
    } catch (error) {
      if (checks + 1 >= CHECK_DELAYS_MS.length + 2) {
        return this.transition(job, 'needs-attention', { error: toJobError(error) }, 'could not verify whether the invoice was created');
      }
      return this.transition(job, 'checking', { checks: checks + 1 }, 'check failed; trying again');
    }
    if (found.length === 1) return this.created(job, found[0]!);
    if (found.length > 1) return this.transition(job, 'needs-attention', { candidates: found }, `${found.length} possible invoices found`);
    if (checks + 1 < CHECK_DELAYS_MS.length) return this.transition(job, 'checking', { checks: checks + 1 }, 'not found yet');
    if ((job.attempt?.number ?? 0) >= MAX_UNCERTAIN_ATTEMPTS) {
      return this.transition(job, 'needs-attention', {}, 'no invoice found after repeated unknown outcomes');
    }
    return this.transition(job, 'contact-resolved', { checks: 0 }, 'no invoice was created: sending again');
  }

  private async recordOnOrders(job: Job): Promise<Job> {
    const adapter = await this.deps.writeBack(job.draft.tms.adapter);
    const invoice = job.invoice!;
    const now = this.deps.now();
    const writeBack = [...job.writeBack];
    const record = {
      provider: job.draft.provider,
      providerName: PROVIDER_NAMES[job.draft.provider],
      invoiceId: invoice.id,
      ...(invoice.number ? { invoiceNumber: invoice.number } : {}),
      url: invoice.url,
    };
    const due = writeBack.flatMap((entry, i) => (entry.state === 'pending' && !(entry.nextAttemptAt && Date.parse(entry.nextAttemptAt) > now.getTime()) ? [i] : []));

    let unsaved = 0;
    let savedAt = this.deps.now().getTime();
    // Progress is saved in batches: recording is safe to repeat (an order that already
    // carries the link is left alone), so a stop mid-batch costs a few repeated checks,
    // while saving after every order made long invoices slow. Saves go through the journal
    // one after another, each with the progress as it stood when it was asked for.
    const save = async () => {
      unsaved = 0;
      savedAt = this.deps.now().getTime();
      job = await this.transition(job, 'invoice-created', { writeBack: [...writeBack] });
    };
    // A TMS that reads many orders at once is asked for their state up front, so each order
    // needs only its writes; if that read fails, each order is read on its own as before.
    const origin = job.draft.tms.origin;
    let recordOn = adapter ? (orderId: string) => adapter.recordInvoice(origin, orderId, record) : undefined;
    const writeMany = adapter?.recordMany && due.length > 1 ? adapter.recordMany.bind(adapter) : undefined;
    if (!writeMany && adapter?.prepare && due.length > 1) {
      const prepared = await adapter.prepare(origin, due.map((i) => writeBack[i]!.orderId)).catch(() => undefined);
      if (prepared) recordOn = (orderId) => prepared(orderId, record);
    }
    const apply = (i: number, result: WriteBackResult) => {
      const entry = writeBack[i]!;
      if (result.ok) {
        writeBack[i] = { orderId: entry.orderId, orderNumber: entry.orderNumber, state: 'done', attempts: entry.attempts + 1 };
      } else {
        const attempts = entry.attempts + 1;
        const delay = WRITE_BACK_DELAYS_MS[Math.min(attempts - 1, WRITE_BACK_DELAYS_MS.length - 1)]!;
        writeBack[i] = {
          ...entry,
          state: result.retryable ? 'pending' : 'failed',
          attempts,
          ...(result.retryable ? { nextAttemptAt: new Date(now.getTime() + delay).toISOString() } : {}),
          error: { reason: result.reason, ...(result.detail ? { detail: result.detail } : {}) },
        };
      }
    };
    const recordOne = async (i: number) => {
      const entry = writeBack[i]!;
      if (!recordOn) {
        writeBack[i] = { ...entry, state: 'failed', attempts: entry.attempts + 1, error: { reason: 'no-adapter' } };
        return;
      }
      apply(i, await recordOn(entry.orderId));
      unsaved++;
      if (unsaved >= WRITE_BACK_BATCH || this.deps.now().getTime() - savedAt >= WRITE_BACK_SAVE_MS) await save();
    };
    if (writeMany) {
      // A TMS that writes many orders in one request: a few requests per invoice instead of
      // two per order (in the service worker each request is what costs), one chunk after
      // another, progress saved after each. The adapter reads afresh, so a repeat is safe.
      for (let start = 0; start < due.length; start += RECORD_MANY_CHUNK) {
        const chunk = due.slice(start, start + RECORD_MANY_CHUNK);
        const results = await writeMany(origin, chunk.map((i) => writeBack[i]!.orderId), record)
          .catch((error: unknown) => new Map<string, WriteBackResult>(chunk.map((i) => [writeBack[i]!.orderId, { ok: false, retryable: true, reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) }])));
        const leftOut = chunk.filter((i) => {
          const result = results.get(writeBack[i]!.orderId);
          if (result) apply(i, result);
          return !result;
        });
        // Orders the TMS would not take together are recorded one by one, a few at a time.
        await inPool(leftOut, WRITE_BACK_CONCURRENCY, recordOne);
        unsaved += chunk.length - leftOut.length;
        if (start + RECORD_MANY_CHUNK < due.length) await save();
      }
    } else {
      // A few orders at a time: one after another, 300 orders took 6.7 s against the demo
      // TMS; a small pool keeps the TMS's load polite and each order's steps in order.
      await inPool(due, WRITE_BACK_CONCURRENCY, recordOne);
    }
    if (writeBack.some((w) => w.state === 'pending')) {
      if (unsaved > 0) await save();
      return job;
    }
    // The last progress goes with the final state: one write of the whole job fewer.
    const final = { writeBack: [...writeBack] };
    if (writeBack.some((w) => w.state === 'failed')) return this.transition(job, 'needs-attention', final, 'could not record the invoice on every order');
    return this.transition(job, 'done', final);
  }

  /** The earliest time a waiting job wants to run again (write-back retries). */
  static nextWake(job: Job): number | null {
    if (job.state !== 'invoice-created') return null;
    const times = job.writeBack.filter((w) => w.state === 'pending').map((w) => (w.nextAttemptAt ? Date.parse(w.nextAttemptAt) : 0));
    return times.length ? Math.min(...times) : null;
  }
}
