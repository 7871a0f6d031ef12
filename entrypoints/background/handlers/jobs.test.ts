/**
 * getJob and resolveJob through the real protocol: what the panel and popup learn about a
 * job, and how the user settles one that needs attention.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handle, removeAllHandlers, request } from '@/utils/messaging';
import { JobJournal } from '@/utils/jobs/journal';
import type { Job } from '@/utils/jobs/job';
import { contentScript, deliverMessagesFrom } from '@/tests/support/messaging';
import { makeOrder, TMS_ORIGIN } from '@/tests/support/orders';
import { makeDraft } from '@/tests/support/drafts';
import { createJobs } from '../services/job-service';
import { getJob, resolveJob } from './jobs';

const candidate = { id: 'inv-7', number: 'RE-7', url: 'http://lexware.test/inv-7', status: 'draft' as const };

function stuckJob(overrides: Partial<Job> = {}): Job {
  const draft = makeDraft([makeOrder()]);
  return {
    id: 'job-1',
    fingerprint: 'fp-1',
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:05:00.000Z',
    state: 'needs-attention',
    draft,
    candidates: [candidate, { ...candidate, id: 'inv-8', number: 'RE-8' }],
    writeBack: draft.positions.map((p) => ({ orderId: p.orderId, orderNumber: p.orderNumber, state: 'pending' as const, attempts: 0 })),
    error: { code: 'ambiguous', message: 'Two invoices match' },
    history: [{ at: '2026-11-23T09:05:00.000Z', state: 'needs-attention' }],
    ...overrides,
  };
}

let journal: JobJournal;

beforeEach(() => {
  removeAllHandlers();
  // A resolved job goes on to the write-back: the TMS is down here.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response('down', { status: 503 }));
  const wired = createJobs(new JobJournal());
  journal = wired.journal;
  handle('getJob', (req) => getJob(req, journal));
  handle('resolveJob', (req) => resolveJob(req, wired.jobs));
  deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
});

describe('getJob', () => {
  it('answers with the job as the panel shows it: no draft texts, the gross included', async () => {
    await journal.put(stuckJob());
    const { job } = await request('getJob', { jobId: 'job-1' });
    expect(job).toMatchObject({ id: 'job-1', state: 'needs-attention', customerName: 'Spedition Nordlicht GmbH', grossMinor: expect.any(Number) });
    expect(job).not.toHaveProperty('draft');
  });

  it('answers null for a job it does not know', async () => {
    expect(await request('getJob', { jobId: 'nope' })).toEqual({ job: null });
  });
});

describe('resolveJob', () => {
  it('takes the invoice the user chose and goes on to the write-back', async () => {
    await journal.put(stuckJob());
    const answer = await request('resolveJob', { jobId: 'job-1', action: { kind: 'use-invoice', invoiceId: 'inv-8' } });
    expect(answer).toMatchObject({ ok: true, job: { invoice: { id: 'inv-8' } } });
    expect((await journal.get('job-1'))?.invoice?.id).toBe('inv-8');
  });

  it('dismisses a job the user gives up on', async () => {
    await journal.put(stuckJob());
    expect(await request('resolveJob', { jobId: 'job-1', action: { kind: 'dismiss' } })).toMatchObject({ ok: true, job: { state: 'failed' } });
  });

  it('refuses an invoice that is not a candidate, and a job that does not exist, without changing anything', async () => {
    await journal.put(stuckJob());
    expect(await request('resolveJob', { jobId: 'job-1', action: { kind: 'use-invoice', invoiceId: 'inv-99' } })).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect((await journal.get('job-1'))?.state).toBe('needs-attention');
    expect(await request('resolveJob', { jobId: 'nope', action: { kind: 'dismiss' } })).toMatchObject({ ok: false });
  });

  it('refuses a message of the wrong shape before the handler runs', async () => {
    await expect(request('resolveJob', { jobId: 'job-1', action: { kind: 'explode' } } as never)).rejects.toThrow(/malformed "resolveJob"/);
    expect((await journal.get('job-1'))).toBeUndefined();
  });
});
