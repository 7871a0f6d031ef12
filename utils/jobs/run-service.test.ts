import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingError } from '../billing/errors';
import type { BillingProvider, CreatedInvoice } from '../billing/provider';
import type { InvoiceDraft } from '../domain/invoice';
import type { TmsWriteBack, WriteBackResult } from '../tms/adapter';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { JobJournal } from './journal';
import { InvoiceJobs } from './service';
import { RunJournal } from './run-journal';
import { BillingRuns, runJobRequestId, type RunInvoiceInput } from './run-service';
import { runProgress, type BillingRun } from './billing-run';
import { applyDraftEdits } from '../domain/draft-edits';

const customer = (n: number) => ({ ...nordlicht, id: `c${n}`, name: `Kunde ${n} GmbH`, customerNumber: `c${n}` });

/** One planned invoice of customer n with `orders` orders, as the review would send it. */
function invoiceOf(n: number, orders = 2): RunInvoiceInput {
  const draft = makeDraft(
    Array.from({ length: orders }, () => makeOrder({ customer: customer(n) })),
    { contact: { id: `contact-${n}`, name: customer(n).name } },
  );
  return { key: `key-${n}`, draft };
}

/** The billing system at the edge: one invoice per call, numbered; never two calls at once. */
class FakeBilling {
  created: { id: string; customer: string }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Customers whose invoice the billing system rejects (a contact deleted there). */
  rejects = new Set<string>();
  /** Customers whose first request is lost on the way (not stored, no answer): the outcome is unknown. */
  losesFirst = new Set<string>();
  createInvoice = vi.fn(async (draft: InvoiceDraft): Promise<CreatedInvoice> => {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.inFlight--;
    if (this.losesFirst.delete(draft.customer.name)) throw new BillingError('network', 'The connection dropped', { outcome: 'unknown' });
    if (this.rejects.has(draft.customer.name)) throw new BillingError('validation', 'The contact no longer exists in Lexware Office', { status: 406, outcome: 'not-performed' });
    const id = `inv-${this.created.length + 1}`;
    this.created.push({ id, customer: draft.customer.name });
    return { id, number: `RE${this.created.length}`, url: `http://lexware.test/permalink/invoices/view/${id}`, status: 'draft' };
  });
  findInvoices = vi.fn(async () => []);
  contactReadyDelayMs = 0;
  invoiceUrl = (id: string) => `http://lexware.test/${id}`;
}

class FakeWriteBack implements TmsWriteBack {
  id = 'demo-tms';
  calls: string[] = [];
  async recordInvoice(_origin: string, orderId: string): Promise<WriteBackResult> {
    this.calls.push(orderId);
    return { ok: true, alreadyRecorded: false };
  }
}

let billing: FakeBilling;
let writeBack: FakeWriteBack;
let pushes: BillingRun[];
let ids: number;
/** How far the test's clock ran ahead of the real one (the jobs' wake-ups move it). */
let clockOffset: number;

/** A service worker's worth of services; a frozen one stops before it runs any job. */
function worker(options: { frozen?: boolean; wakes?: boolean } = {}) {
  const journal = new JobJournal();
  const runJournal = new RunJournal();
  const jobs = new InvoiceJobs({
    journal,
    provider: async () => billing as unknown as BillingProvider,
    writeBack: () => writeBack,
    recordInvoice: async () => undefined,
    notify: (job) => void runs.jobChanged(job),
    now: () => new Date(Date.now() + clockOffset),
    sleep: async () => undefined,
    invoicedOrderIds: async () => new Set(),
    newId: () => `job-${++ids}`,
    keepAlive: (work) => (options.frozen ? new Promise<never>(() => undefined) : work()),
    // A worker that wakes jobs up later: the wait passes at once, on the test's clock.
    ...(options.wakes
      ? {
          wakeAfter: (ms: number, wake: () => void) =>
            void setTimeout(() => {
              clockOffset += ms;
              wake();
            }, 5),
        }
      : {}),
  });
  // The runs follow their invoice jobs through the jobs' notifications (none before a job starts).
  const runs: BillingRuns = new BillingRuns({ runs: runJournal, journal, jobs, notify: (run) => pushes.push(run), now: () => new Date(), newId: () => `run-${++ids}` });
  return { journal, runJournal, jobs, runs };
}

const start = (runs: BillingRuns, invoices: RunInvoiceInput[]) =>
  runs.start({ origin: TMS_ORIGIN, provider: 'lexware', invoices, setAside: [{ id: 'o-x', number: 'A-X', reason: 'customer-not-linked' }], allowReinvoice: [], tabId: 7 });

async function settled(runJournal: RunJournal, id: string, status: BillingRun['status'] = 'done'): Promise<BillingRun> {
  await vi.waitFor(async () => expect((await runJournal.get(id))?.status).toBe(status), { timeout: 5000 });
  return (await runJournal.get(id))!;
}

beforeEach(() => {
  billing = new FakeBilling();
  writeBack = new FakeWriteBack();
  pushes = [];
  ids = 0;
  clockOffset = 0;
});

describe('a billing run in the background', () => {
  it('creates every planned invoice exactly once, one at a time, records them on the orders and ends done', async () => {
    const { runs, runJournal } = worker();
    const invoices = [invoiceOf(1), invoiceOf(2, 3), invoiceOf(3, 1)];
    const run = await start(runs, invoices);
    expect(run.items.map((i) => i.state)).toEqual(['queued', 'queued', 'queued']);

    const done = await settled(runJournal, run.id);
    expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH', 'Kunde 3 GmbH']);
    expect(billing.maxInFlight).toBe(1);
    expect(done.items.map((i) => [i.state, i.invoice?.number])).toEqual([
      ['recorded', 'RE1'],
      ['recorded', 'RE2'],
      ['recorded', 'RE3'],
    ]);
    expect(writeBack.calls).toHaveLength(6);
    expect(runProgress(done)).toMatchObject({ total: 3, left: 0, created: 3, failed: 0, ordersRecorded: 6 });
    expect(done.setAside).toEqual([{ id: 'o-x', number: 'A-X', reason: 'customer-not-linked' }]);
    // The tab heard about the progress, and last about the finished run.
    expect(pushes.length).toBeGreaterThan(3);
    expect(pushes.at(-1)?.status).toBe('done');
  });

  it('creates the next invoices while the TMS is still recording the first one: write-back never holds up a billing call', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A TMS that does not answer the write-back until the test lets it.
    writeBack.recordInvoice = async (_origin: string, orderId: string): Promise<WriteBackResult> => {
      writeBack.calls.push(orderId);
      await held;
      return { ok: true, alreadyRecorded: false };
    };
    const { runs, runJournal } = worker();
    const run = await start(runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);

    await vi.waitFor(() => expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH', 'Kunde 3 GmbH']), { timeout: 5000 });
    // Every invoice was created while the first invoice's orders were still being recorded.
    expect(writeBack.calls).toHaveLength(2);
    expect(billing.maxInFlight).toBe(1);
    await vi.waitFor(async () => expect((await runJournal.get(run.id))?.items.map((i) => i.state)).toEqual(['created', 'created', 'created']));
    expect(runProgress((await runJournal.get(run.id))!)).toMatchObject({ left: 0, created: 3, ordersWaitingForWriteBack: 6 });

    release();
    await vi.waitFor(async () => expect((await runJournal.get(run.id))?.items.map((i) => i.state)).toEqual(['recorded', 'recorded', 'recorded']), { timeout: 5000 });
    expect(writeBack.calls).toHaveLength(6);
  });

  it('goes on with the other invoices while one invoice’s unknown outcome is being checked, then settles that one once', async () => {
    billing.losesFirst.add('Kunde 1 GmbH');
    const { runs, runJournal } = worker({ wakes: true });
    const run = await start(runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);

    const done = await settled(runJournal, run.id);
    // Kunde 2 and 3 were created while Kunde 1's outcome was checked; Kunde 1 was sent again
    // only after the checks found nothing, and exists once.
    expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 2 GmbH', 'Kunde 3 GmbH', 'Kunde 1 GmbH']);
    expect(billing.findInvoices).toHaveBeenCalled();
    expect(billing.maxInFlight).toBe(1);
    await vi.waitFor(async () => expect((await runJournal.get(run.id))?.items.map((i) => i.state)).toEqual(['recorded', 'recorded', 'recorded']));
    expect(done.items.map((i) => i.invoice?.number)).toEqual(['RE3', 'RE1', 'RE2']);
  });

  it('finds the run it started when the same Start request comes again', async () => {
    const { runs, runJournal } = worker();
    const first = await runs.start({ origin: TMS_ORIGIN, provider: 'lexware', invoices: [invoiceOf(1)], setAside: [], allowReinvoice: [], requestId: 'click-1' });
    const again = await runs.start({ origin: TMS_ORIGIN, provider: 'lexware', invoices: [invoiceOf(1)], setAside: [], allowReinvoice: [], requestId: 'click-1' });
    expect(again.id).toBe(first.id);
    await settled(runJournal, first.id);
    expect(billing.created).toHaveLength(1);
    expect(await runJournal.list()).toHaveLength(1);
  });

  it('makes one run of the same Start request sent twice at once', async () => {
    const { runs, runJournal } = worker();
    const ask = () => runs.start({ origin: TMS_ORIGIN, provider: 'lexware', invoices: [invoiceOf(1)], setAside: [], allowReinvoice: [], requestId: 'click-2' });
    const [first, again] = await Promise.all([ask(), ask()]);
    expect(again.id).toBe(first.id);
    await settled(runJournal, first.id);
    expect(billing.created).toHaveLength(1);
    expect(await runJournal.list()).toHaveLength(1);
  });

  it('marks a rejected invoice failed in plain words and finishes the others; "Retry failed" sends only that one again', async () => {
    billing.rejects.add('Kunde 2 GmbH');
    const { runs, runJournal } = worker();
    const run = await start(runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);
    const done = await settled(runJournal, run.id);
    expect(done.items.map((i) => i.state)).toEqual(['recorded', 'failed', 'recorded']);
    expect(done.items[1]?.error?.message).toBe('The contact no longer exists in Lexware Office');
    expect(runProgress(done)).toMatchObject({ created: 2, failed: 1 });

    billing.rejects.clear();
    const retried = await runs.control(run.id, 'retry-failed');
    expect(retried.status).toBe('running');
    const after = await settled(runJournal, run.id);
    expect(after.items.map((i) => i.state)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(after.items[1]?.retries).toBe(1);
    expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 1 GmbH', 'Kunde 3 GmbH', 'Kunde 2 GmbH']);
  });

  it('pauses after the invoice in flight and goes on where it stopped when resumed', async () => {
    const { runs, runJournal } = worker();
    let paused: Promise<BillingRun> | undefined;
    billing.createInvoice.mockImplementationOnce(async () => {
      paused = runs.control(run.id, 'pause');
      await paused;
      return { id: 'inv-first', number: 'RE1', url: 'http://lexware.test/permalink/invoices/view/inv-first', status: 'draft' };
    });
    const run = await start(runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);
    await vi.waitFor(async () => expect((await runJournal.get(run.id))?.items[0]?.state).toBe('recorded'));
    const held = (await runJournal.get(run.id))!;
    expect(held.status).toBe('paused');
    expect(held.items.slice(1).map((i) => i.state)).toEqual(['queued', 'queued']);
    expect(billing.createInvoice).toHaveBeenCalledTimes(1);

    await runs.control(run.id, 'resume');
    const done = await settled(runJournal, run.id);
    expect(done.items.map((i) => i.state)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(billing.createInvoice).toHaveBeenCalledTimes(3);
  });

  it('on cancel finishes the invoice in flight and leaves the rest untouched', async () => {
    const { runs, runJournal } = worker();
    billing.createInvoice.mockImplementationOnce(async () => {
      await runs.control(run.id, 'cancel');
      return { id: 'inv-first', number: 'RE1', url: 'http://lexware.test/permalink/invoices/view/inv-first', status: 'draft' };
    });
    const run = await start(runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);
    const cancelled = await settled(runJournal, run.id, 'cancelled');
    expect(cancelled.items.map((i) => i.state)).toEqual(['recorded', 'not-started', 'not-started']);
    expect(billing.createInvoice).toHaveBeenCalledTimes(1);
    expect(cancelled.finishedAt).toBeDefined();
  });

  it('survives a stopped service worker: the next worker resumes the run without creating any invoice twice', async () => {
    const first = worker({ frozen: true });
    const run = await start(first.runs, [invoiceOf(1), invoiceOf(2), invoiceOf(3)]);
    // The first worker started the first invoice's job, then stopped before it ran.
    await vi.waitFor(async () => expect((await first.runJournal.get(run.id))?.items[0]?.state).toBe('creating'));
    expect(billing.createInvoice).not.toHaveBeenCalled();

    const second = worker();
    await second.jobs.resumeAll();
    await second.runs.resumeAll();
    const done = await settled(second.runJournal, run.id);
    expect(done.items.map((i) => i.state)).toEqual(['recorded', 'recorded', 'recorded']);
    expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH', 'Kunde 3 GmbH']);
    expect((await second.journal.list()).filter((j) => j.state === 'done')).toHaveLength(3);
  });

  it('finds the job a stopped worker started but did not note in the run, instead of starting a second one', async () => {
    const first = worker({ frozen: true });
    const invoices = [invoiceOf(1), invoiceOf(2)];
    const run = await start(first.runs, invoices);
    await vi.waitFor(async () => expect((await first.runJournal.get(run.id))?.items[0]?.state).toBe('creating'));
    // As if the worker had stopped between storing the job and writing the run.
    await first.runJournal.update(run.id, (r) => ({ ...r, items: r.items.map(({ jobId: _jobId, ...i }, n) => (n === 0 ? { ...i, state: 'queued' as const } : { ...i, jobId: _jobId })) }) as BillingRun);
    const [job] = await first.journal.list();
    expect(job?.requestId).toBe(runJobRequestId(run.id, 0, 0));

    const second = worker();
    await second.runs.resumeAll();
    await second.jobs.resumeAll();
    const done = await settled(second.runJournal, run.id);
    expect(done.items[0]?.jobId).toBe(job?.id);
    expect(billing.created.map((c) => c.customer)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH']);
    expect(await second.journal.list()).toHaveLength(2);
  });
});

describe('a billing run with invoices edited in the review', () => {
  it('sends each invoice as the user edited it, from the run stored at the start, also after a stopped service worker', async () => {
    const plain = invoiceOf(1);
    const planned = invoiceOf(2);
    const [first, second] = planned.draft.positions;
    // The review's edits of customer 2's invoice: a new price and text for one position, and a title.
    const edited = applyDraftEdits(planned.draft, { header: { title: 'Rechnung Sonderfahrten November' }, positions: { [first!.orderId]: { unitPriceMinor: 99000, name: 'Sonderfahrt' } } });

    const stopped = worker({ frozen: true });
    const run = await start(stopped.runs, [plain, { key: planned.key, draft: edited }]);
    expect(run.items[1]).toMatchObject({ netMinor: 99000 + second!.unitPriceMinor, grossMinor: Math.round((99000 + second!.unitPriceMinor) * 1.19) });

    await vi.waitFor(async () => expect((await stopped.runJournal.get(run.id))?.items[0]?.state).toBe('creating'));
    const next = worker();
    await next.jobs.resumeAll();
    await next.runs.resumeAll();
    await settled(next.runJournal, run.id);
    const sent = billing.createInvoice.mock.calls.map(([draft]) => draft);
    expect(sent.map((d) => d.customer.name)).toEqual(['Kunde 1 GmbH', 'Kunde 2 GmbH']);
    expect(sent[0]!.positions).toEqual(plain.draft.positions);
    expect(sent[1]!.title).toBe('Rechnung Sonderfahrten November');
    expect(sent[1]!.positions.map((p) => [p.orderId, p.name, p.unitPriceMinor])).toEqual([
      [first!.orderId, 'Sonderfahrt', 99000],
      [second!.orderId, second!.name, second!.unitPriceMinor],
    ]);
  });
});
