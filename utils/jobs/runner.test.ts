import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingError } from '../billing/errors';
import type { BillingProvider, CreatedInvoice, InvoiceProbe } from '../billing/provider';
import type { InvoiceDraft } from '../domain/invoice';
import type { TmsWriteBack, WriteBackResult } from '../tms/adapter';
import { makeOrder } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { JobJournal } from './journal';
import type { Job } from './job';
import { InvoiceAlreadyCreated, InvoiceJobs } from './service';
import { RATE_LIMIT_PAUSES_MS, RECORD_MANY_CHUNK, WRITE_BACK_BATCH, WRITE_BACK_CONCURRENCY } from './runner';

const draftOf = (n = 2): InvoiceDraft => makeDraft(Array.from({ length: n }, () => makeOrder()));

const invoice: CreatedInvoice = { id: 'inv-1', number: null, url: 'http://lexware.test/permalink/invoices/edit/inv-1', status: 'draft', grossMinor: 297500 };

class FakeProvider implements Partial<BillingProvider> {
  createInvoice = vi.fn<(d: InvoiceDraft) => Promise<CreatedInvoice>>(async () => invoice);
  findInvoices = vi.fn<(p: InvoiceProbe) => Promise<CreatedInvoice[]>>(async () => []);
  contactReadyDelayMs = 500;
  invoiceUrl = (id: string) => `http://lexware.test/${id}`;
}

class FakeWriteBack implements TmsWriteBack {
  id = 'demo-tms';
  results: WriteBackResult[] = [];
  calls: string[] = [];
  prepare?: TmsWriteBack['prepare'];
  recordMany?: TmsWriteBack['recordMany'];
  async recordInvoice(_origin: string, orderId: string): Promise<WriteBackResult> {
    this.calls.push(orderId);
    return this.results.shift() ?? { ok: true, alreadyRecorded: false };
  }
}

let clock: number;
let provider: FakeProvider;
let writeBack: FakeWriteBack;
let recorded: Array<{ job: Job; invoice: CreatedInvoice }>;
let notified: string[];
let ids: number;
let known: Set<string>;

function service(options: { frozen?: boolean; invoiced?: Set<string>; wakeAfter?: (ms: number, wake: () => void) => void } = {}) {
  return new InvoiceJobs({
    journal: new JobJournal(),
    provider: async () => provider as unknown as BillingProvider,
    writeBack: () => writeBack,
    recordInvoice: async (job, inv) => {
      recorded.push({ job, invoice: inv });
    },
    notify: (job) => notified.push(job.state),
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
    invoicedOrderIds: async () => options.invoiced ?? new Set(),
    knownInvoiceIds: async () => known,
    newId: () => `job-${++ids}`,
    // A frozen service stands for a worker that is stopped before it runs anything.
    keepAlive: (work) => (options.frozen ? new Promise<never>(() => undefined) : work()),
    ...(options.wakeAfter ? { wakeAfter: options.wakeAfter } : {}),
  });
}

beforeEach(() => {
  clock = Date.parse('2026-11-23T09:00:00Z');
  provider = new FakeProvider();
  writeBack = new FakeWriteBack();
  recorded = [];
  notified = [];
  ids = 0;
  known = new Set();
});

async function finish(jobs: InvoiceJobs, id: string) {
  await jobs.schedule(id);
  return (await new JobJournal().get(id))!;
}

describe('invoice jobs', () => {
  it('creates the invoice once, records it in the ledger and on every order, and ends done', async () => {
    const jobs = service();
    const draft = draftOf(2);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(done.history.map((h) => h.state)).toEqual(['planned', 'contact-resolved', 'creating', 'invoice-created', 'done']);
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
    expect(recorded.map((r) => r.invoice.id)).toEqual(['inv-1']);
    expect(writeBack.calls).toEqual(draft.positions.map((p) => p.orderId));
    expect(done.writeBack.every((w) => w.state === 'done')).toBe(true);
  });

  it('saves write-back progress in batches of orders, not after every order', async () => {
    const jobs = service();
    const draft = draftOf(2 * WRITE_BACK_BATCH + 5);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect(writeBack.calls).toHaveLength(2 * WRITE_BACK_BATCH + 5);
    // Created once, then two saves of progress (the two full batches); the rest goes with "done".
    expect(done.history.filter((h) => h.state === 'invoice-created')).toHaveLength(3);
    expect(done.writeBack.every((w) => w.state === 'done')).toBe(true);
  });

  it('records on a few orders at a time, not one after another, and ends with every order recorded', async () => {
    const jobs = service();
    let inFlight = 0;
    let most = 0;
    writeBack.recordInvoice = async (_origin, orderId) => {
      writeBack.calls.push(orderId);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      return { ok: true, alreadyRecorded: false };
    };
    const draft = draftOf(12);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect(most).toBe(WRITE_BACK_CONCURRENCY);
    expect([...writeBack.calls].sort()).toEqual(draft.positions.map((p) => p.orderId).sort());
    expect(done.state).toBe('done');
    expect(done.writeBack.every((w) => w.state === 'done')).toBe(true);
  });

  it('reads the orders together where the TMS can, then records each; every order ends recorded', async () => {
    const prepared: string[][] = [];
    writeBack.prepare = async (_origin, orderIds) => {
      prepared.push([...orderIds]);
      return async (orderId) => {
        writeBack.calls.push(`prepared:${orderId}`);
        return { ok: true, alreadyRecorded: false };
      };
    };
    const jobs = service();
    const draft = draftOf(3);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect(prepared).toEqual([draft.positions.map((p) => p.orderId)]);
    expect([...writeBack.calls].sort()).toEqual(draft.positions.map((p) => `prepared:${p.orderId}`).sort());
    expect(done.state).toBe('done');
  });

  it('writes many orders per request where the TMS can, in chunks, saving progress after each; every order ends recorded', async () => {
    const asked: string[][] = [];
    writeBack.recordMany = async (_origin, orderIds) => {
      asked.push([...orderIds]);
      return new Map(orderIds.map((id) => [id, { ok: true, alreadyRecorded: false }] as const));
    };
    writeBack.prepare = async () => {
      throw new Error('not asked when the TMS writes many at once');
    };
    const jobs = service();
    const draft = draftOf(RECORD_MANY_CHUNK + 10);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect(asked.map((chunk) => chunk.length)).toEqual([RECORD_MANY_CHUNK, 10]);
    expect(asked.flat()).toEqual(draft.positions.map((p) => p.orderId));
    expect(writeBack.calls).toEqual([]);
    expect(done.state).toBe('done');
    // Created once, then a save after the first chunk; the last one's progress goes with "done".
    expect(done.history.filter((h) => h.state === 'invoice-created')).toHaveLength(2);
  });

  it('many per request: an order the TMS could not write waits for its retry, one it does not know needs attention, one left out is recorded on its own', async () => {
    const draft = draftOf(3);
    const [kept, missing, unlucky] = draft.positions.map((p) => p.orderId) as [string, string, string];
    let passes = 0;
    writeBack.recordMany = async (_origin, orderIds) => {
      passes++;
      return new Map<string, WriteBackResult>(
        orderIds.flatMap((id): [string, WriteBackResult][] => {
          if (id === missing) return [[id, { ok: false, retryable: false, reason: 'not-found' }]];
          if (id === unlucky && passes === 1) return [[id, { ok: false, retryable: true, reason: 'unreachable' }]];
          // An order the answer leaves out is recorded one by one at once.
          if (id === kept) return [];
          return [[id, { ok: true, alreadyRecorded: false }]];
        }),
      );
    };
    const jobs = service();
    const { job } = await jobs.start(draft, {});
    const waiting = await finish(jobs, job.id);
    expect(waiting.state).toBe('invoice-created');
    expect(Object.fromEntries(waiting.writeBack.map((w) => [w.orderId, w.state]))).toEqual({ [kept]: 'done', [missing]: 'failed', [unlucky]: 'pending' });
    expect(writeBack.calls).toEqual([kept]);
    clock += 6_000;
    await service().resumeAll();
    const after = (await new JobJournal().get(job.id))!;
    expect(Object.fromEntries(after.writeBack.map((w) => [w.orderId, w.state]))).toEqual({ [kept]: 'done', [missing]: 'failed', [unlucky]: 'done' });
    expect(after.state).toBe('needs-attention');
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('records order by order when reading the orders together fails', async () => {
    writeBack.prepare = async () => {
      throw new Error('reading the orders failed (503)');
    };
    const jobs = service();
    const draft = draftOf(3);
    const { job } = await jobs.start(draft, {});
    const done = await finish(jobs, job.id);
    expect([...writeBack.calls].sort()).toEqual(draft.positions.map((p) => p.orderId).sort());
    expect(done.state).toBe('done');
  });

  it('starts recording on the orders while the search for twins still waits, and keeps the twins it finds', async () => {
    const twin: CreatedInvoice = { ...invoice, id: 'inv-twin' };
    let searchDone!: () => void;
    const searchMayAnswer = new Promise<void>((resolve) => (searchDone = resolve));
    provider.findInvoices.mockImplementation(async () => {
      await searchMayAnswer;
      return [invoice, twin];
    });
    const jobs = service();
    const draft = draftOf(2);
    const { job } = await jobs.start(draft, {});
    const finished = finish(jobs, job.id);
    await vi.waitFor(async () => expect((await new JobJournal().get(job.id))?.state).toBe('done'));
    expect(writeBack.calls).toHaveLength(2);
    searchDone();
    const done = await finished;
    expect(done.state).toBe('done');
    expect(done.duplicates?.map((d) => d.id)).toEqual(['inv-twin']);
  });

  it('persists "creating" before the request is sent', async () => {
    const jobs = service();
    let stateDuringPost: string | undefined;
    provider.createInvoice.mockImplementation(async () => {
      stateDuringPost = (await new JobJournal().list())[0]?.state;
      return invoice;
    });
    const { job } = await jobs.start(draftOf(1), {});
    await finish(jobs, job.id);
    expect(stateDuringPost).toBe('creating');
  });

  it('resumes a job whose worker stopped mid-request by searching for the invoice, not by sending again', async () => {
    const jobs = service({ frozen: true });
    const { job } = await jobs.start(draftOf(1), {});
    // The worker died while the POST was in flight: the journal says "creating".
    const journal = new JobJournal();
    await journal.update(job.id, (j) => ({ ...j, state: 'creating', attempt: { number: 1, startedAt: new Date(clock).toISOString() } }));
    provider.findInvoices.mockResolvedValue([invoice]);

    const restarted = service();
    await restarted.resumeAll();
    const after = (await journal.get(job.id))!;
    expect(after.state).toBe('done');
    expect(provider.createInvoice).not.toHaveBeenCalled();
    expect(provider.findInvoices).toHaveBeenCalledWith(expect.objectContaining({ contactId: 'contact-1', voucherDate: '2026-11-23' }));
    expect(after.invoice?.id).toBe('inv-1');
  });

  it('after an unknown outcome, checks the billing system and only then sends again', async () => {
    const jobs = service();
    provider.createInvoice
      .mockRejectedValueOnce(new BillingError('timeout', 'gateway timeout', { status: 504, outcome: 'unknown' }))
      .mockResolvedValueOnce(invoice);
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(provider.createInvoice).toHaveBeenCalledTimes(2);
    // Three searches between the attempts, then one for twins of the created invoice.
    const [first, second] = provider.createInvoice.mock.invocationCallOrder as [number, number];
    const searches = provider.findInvoices.mock.invocationCallOrder;
    expect(searches.filter((c) => c > first && c < second)).toHaveLength(3);
    expect(searches.filter((c) => c > second)).toHaveLength(1);
  });

  it('takes the invoice it finds after a dropped connection instead of creating a second one', async () => {
    const jobs = service();
    provider.createInvoice.mockRejectedValueOnce(new BillingError('network', 'connection dropped', { outcome: 'unknown' }));
    provider.findInvoices.mockResolvedValueOnce([]).mockResolvedValueOnce([invoice]);
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
    expect(done.invoice?.id).toBe('inv-1');
  });

  it('asks the user when repeated attempts stay uncertain', async () => {
    const jobs = service();
    provider.createInvoice.mockRejectedValue(new BillingError('timeout', 'timeout', { outcome: 'unknown' }));
    const { job } = await jobs.start(draftOf(1), {});
    const after = await finish(jobs, job.id);
    expect(after.state).toBe('needs-attention');
    expect(provider.createInvoice).toHaveBeenCalledTimes(2);
  });

  it('asks the user when several invoices could be the result, and continues with the chosen one', async () => {
    const jobs = service();
    provider.createInvoice.mockRejectedValue(new BillingError('timeout', 'timeout', { outcome: 'unknown' }));
    const other = { ...invoice, id: 'inv-2' };
    provider.findInvoices.mockResolvedValue([invoice, other]);
    const { job } = await jobs.start(draftOf(1), {});
    const waiting = await finish(jobs, job.id);
    expect(waiting.state).toBe('needs-attention');
    expect(waiting.candidates?.map((c) => c.id)).toEqual(['inv-1', 'inv-2']);

    await jobs.resolve(job.id, { kind: 'use-invoice', invoiceId: 'inv-2' });
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(done.invoice?.id).toBe('inv-2');
    expect(recorded.map((r) => r.invoice.id)).toEqual(['inv-2']);
  });

  it('warns about a twin invoice that a network layer created by re-sending the request', async () => {
    const jobs = service();
    const twin = { ...invoice, id: 'inv-twin' };
    provider.findInvoices.mockResolvedValue([twin, invoice]);
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(done.invoice?.id).toBe('inv-1');
    expect(done.duplicates?.map((d) => d.id)).toEqual(['inv-twin']);
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('never takes an invoice the ledger already knows as the result of an uncertain attempt', async () => {
    known = new Set(['inv-old']);
    const jobs = service();
    provider.createInvoice.mockRejectedValueOnce(new BillingError('network', 'dropped', { outcome: 'unknown' }));
    provider.findInvoices.mockResolvedValueOnce([{ ...invoice, id: 'inv-old' }]).mockResolvedValueOnce([{ ...invoice, id: 'inv-old' }, invoice]);
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.invoice?.id).toBe('inv-1');
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
    // The search reaches back before the attempt, for clocks that run ahead.
    const probe = provider.findInvoices.mock.calls[0]![0];
    expect(Date.parse(probe.createdAfter)).toBeLessThan(Date.parse(done.attempt!.startedAt));
  });

  it('does not fail a created invoice when the search for twins fails', async () => {
    const jobs = service();
    provider.findInvoices.mockRejectedValue(new BillingError('network', 'offline'));
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(done.duplicates).toBeUndefined();
  });

  it('fails with the billing system\'s reasons when it refuses the data', async () => {
    const jobs = service();
    provider.createInvoice.mockRejectedValue(
      new BillingError('validation', 'Lexware Office answered 406', { status: 406, fields: [{ field: 'lineItems[0].unitPrice.currency', key: 'currency' }] }),
    );
    const { job } = await jobs.start(draftOf(1), {});
    const failed = await finish(jobs, job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'validation', status: 406, fields: [{ key: 'currency' }] });
    expect(provider.findInvoices).not.toHaveBeenCalled();
  });

  it('a creation still refused with 429 after the client\'s retries is sent again after a pause, without a search, and the invoice is made once', async () => {
    const jobs = service();
    const busy = () => new BillingError('rate-limited', 'Lexware Office answered 429', { status: 429 });
    provider.createInvoice.mockRejectedValueOnce(busy()).mockRejectedValueOnce(busy()).mockResolvedValueOnce(invoice);
    const started = clock;
    const { job } = await jobs.start(draftOf(1), {});
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(done.error).toBeUndefined();
    expect(provider.createInvoice).toHaveBeenCalledTimes(3);
    // Nothing was done by a refused request: no search for its result before sending again.
    expect(provider.findInvoices).toHaveBeenCalledTimes(1);
    expect(clock - started).toBeGreaterThanOrEqual(RATE_LIMIT_PAUSES_MS[0]! + RATE_LIMIT_PAUSES_MS[1]!);
    expect(recorded.map((r) => r.invoice.id)).toEqual(['inv-1']);
  });

  it('a worker stopped during the pause after a 429 sends again on resume, without searching first', async () => {
    const journal = new JobJournal();
    const { job } = await service({ frozen: true }).start(draftOf(1), {});
    // What the journal holds during the pause: the refused attempt is stored as not performed.
    await journal.update(job.id, (j) => ({ ...j, state: 'contact-resolved', attempt: { number: 1, startedAt: new Date(clock).toISOString() } }));
    await service().resumeAll();
    const after = (await journal.get(job.id))!;
    expect(after.state).toBe('done');
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
    expect(after.history.map((h) => h.state)).not.toContain('checking');
  });

  it('fails as "busy" only after every pause after a 429 is used up', async () => {
    const jobs = service();
    provider.createInvoice.mockRejectedValue(new BillingError('rate-limited', 'Lexware Office answered 429', { status: 429 }));
    const { job } = await jobs.start(draftOf(1), {});
    const failed = await finish(jobs, job.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'rate-limited', status: 429 });
    expect(provider.createInvoice).toHaveBeenCalledTimes(RATE_LIMIT_PAUSES_MS.length + 1);
    expect(provider.findInvoices).not.toHaveBeenCalled();
  });

  it('waits until a freshly created contact is usable, and retries if the system still refuses it', async () => {
    const jobs = service();
    const createdAt = new Date(clock).toISOString();
    provider.createInvoice
      .mockRejectedValueOnce(new BillingError('validation', 'contact', { status: 406, fields: [{ field: 'address.contactId', key: 'contact' }] }))
      .mockResolvedValueOnce(invoice);
    const { job } = await jobs.start(draftOf(1), { contactCreatedAt: createdAt, contactReadyDelayMs: 2000 });
    expect(job.contactReadyAt).toBe(new Date(clock + 2000).toISOString());
    const done = await finish(jobs, job.id);
    expect(done.state).toBe('done');
    expect(clock).toBeGreaterThanOrEqual(Date.parse(createdAt) + 2000 + 500);
  });

  it('keeps the invoice when recording on the order fails, and retries later', async () => {
    const jobs = service();
    writeBack.results = [{ ok: false, retryable: true, reason: 'session-expired' }];
    const { job } = await jobs.start(draftOf(1), {});
    const waiting = await finish(jobs, job.id);
    expect(waiting.state).toBe('invoice-created');
    expect(waiting.invoice?.id).toBe('inv-1');
    expect(waiting.writeBack[0]).toMatchObject({ state: 'pending', attempts: 1, error: { reason: 'session-expired' } });

    await service().resumeAll(); // too early: nothing happens
    expect(writeBack.calls).toHaveLength(1);
    clock += 6_000;
    await service().resumeAll();
    const done = (await new JobJournal().get(job.id))!;
    expect(done.state).toBe('done');
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('retries the write-back from the running worker after 5, 15 and 30 s, without waiting for the alarm', async () => {
    const waits: number[] = [];
    let wake: (() => void) | undefined;
    const jobs = service({ wakeAfter: (ms, fn) => ((waits.push(ms), (wake = fn))) });
    writeBack.results = [
      { ok: false, retryable: true, reason: 'unreachable' },
      { ok: false, retryable: true, reason: 'unreachable' },
      { ok: false, retryable: true, reason: 'unreachable' },
    ];
    const { job } = await jobs.start(draftOf(1), {});
    await finish(jobs, job.id);
    for (const delay of [5_000, 15_000, 30_000]) {
      expect(waits.at(-1)).toBe(delay);
      clock += delay;
      wake!();
      await jobs.schedule('none');
      await new JobJournal().get(job.id);
    }
    const done = (await new JobJournal().get(job.id))!;
    expect(done.state).toBe('done');
    expect(writeBack.calls).toHaveLength(4);
    expect([...new Set(waits)]).toEqual([5_000, 15_000, 30_000]);
  });

  it('a TMS tab opened again: write-backs waiting out their back-off on that site try at once, others wait', async () => {
    const waits: number[] = [];
    const jobs = service({ wakeAfter: (ms) => void waits.push(ms) });
    writeBack.results = [{ ok: false, retryable: true, reason: 'session-expired' }];
    const { job } = await jobs.start(draftOf(1), {});
    const waiting = await finish(jobs, job.id);
    expect(waiting.writeBack[0]).toMatchObject({ state: 'pending', error: { reason: 'session-expired' } });
    const origin = waiting.draft.tms.origin;

    expect(await jobs.retryWriteBacksOn('https://other-tms.example')).toBe(0);
    expect(writeBack.calls).toHaveLength(1);
    expect(await jobs.retryWriteBacksOn(origin)).toBe(1);
    await jobs.schedule('none');
    const done = (await new JobJournal().get(job.id))!;
    expect(done.state).toBe('done');
    expect(writeBack.calls).toHaveLength(2);
    // Nothing left waiting: a second load of the page wakes nothing.
    expect(await jobs.retryWriteBacksOn(origin)).toBe(0);
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('starts one job per set of orders: a double click reuses the running job', async () => {
    const jobs = service();
    const draft = draftOf(2);
    const first = await jobs.start(draft, {});
    const second = await jobs.start(structuredClone(draft), {});
    expect(second.reused).toBe(true);
    expect(second.job.id).toBe(first.job.id);
    await finish(jobs, first.job.id);
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('the same Save sent again after a worker restart gets its job back, even when it is done', async () => {
    const jobs = service();
    const draft = draftOf(1);
    const first = await jobs.start(draft, { requestId: 'click-1' });
    await finish(jobs, first.job.id);
    const again = await service().start(structuredClone(draft), { requestId: 'click-1' });
    expect(again).toMatchObject({ reused: true, job: { id: first.job.id, state: 'done' } });
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('the same Save sent twice at once makes one job and one invoice', async () => {
    const jobs = service();
    const draft = draftOf(1);
    const [first, second] = await Promise.all([jobs.start(draft, {}), jobs.start(structuredClone(draft), {})]);
    expect(second.job.id).toBe(first.job.id);
    expect([first.reused, second.reused]).toEqual([false, true]);
    await finish(jobs, first.job.id);
    expect(provider.createInvoice).toHaveBeenCalledTimes(1);
  });

  it('refuses orders the ledger knows as invoiced unless the user included them again', async () => {
    const draft = draftOf(1);
    const orderId = draft.positions[0]!.orderId;
    const jobs = service({ invoiced: new Set([orderId]) });
    await expect(jobs.start(draft, {})).rejects.toBeInstanceOf(InvoiceAlreadyCreated);
    await expect(jobs.start(draft, { allowReinvoice: [orderId] })).resolves.toMatchObject({ reused: false });
  });
});
