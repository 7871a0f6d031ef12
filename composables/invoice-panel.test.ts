/**
 * The panel store's conversation with the background while a job runs: progress arrives as
 * pushes, and the store asks for the job itself only when the pushes stop.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPanelStore, MISSED_UPDATE_MS } from './invoice-panel';
import { makeOrder, TMS_ORIGIN } from '@/tests/support/orders';
import { fakeAdapter, fakeSend, jobView, linkedContext, panelEnvironment, readOk } from '@/tests/support/panel';
import type { JobView } from '@/utils/jobs/job';

async function runningJob(getJob: () => JobView | null = () => null) {
  const store = createPanelStore();
  const fake = fakeSend({ getInvoicingContext: () => linkedContext(), getJob: () => ({ job: getJob() }) });
  store.configure(panelEnvironment(fakeAdapter([readOk(makeOrder())]), fake.send));
  await store.open({ kind: 'list', ids: ['o-1'] });
  await store.submit();
  expect(store.phase).toBe('job');
  return { store, fake };
}

const at = (seconds: number) => new Date(Date.UTC(2026, 10, 23, 10, 0, seconds)).toISOString();

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('panel store: job progress', () => {
  it('asks nothing while pushes keep coming', async () => {
    const { store, fake } = await runningJob();
    for (let s = 1; s <= 30; s += 2) {
      await vi.advanceTimersByTimeAsync(2000);
      store.jobUpdated(jobView({ state: s < 29 ? 'creating' : 'done', updatedAt: at(s) }));
    }
    await vi.advanceTimersByTimeAsync(MISSED_UPDATE_MS * 3);
    expect(store.job?.state).toBe('done');
    expect(fake.callsOf('getJob')).toEqual([]);
  });

  it('asks once after a quiet spell, and takes what it hears', async () => {
    const { store, fake } = await runningJob(() => jobView({ state: 'invoice-created', updatedAt: at(20) }));
    await vi.advanceTimersByTimeAsync(MISSED_UPDATE_MS - 100);
    expect(fake.callsOf('getJob')).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(fake.callsOf('getJob')).toEqual([{ jobId: 'job-1' }]);
    expect(store.job?.state).toBe('invoice-created');
  });

  it('keeps asking, one quiet spell at a time, while the job stays silent', async () => {
    const { fake } = await runningJob();
    await vi.advanceTimersByTimeAsync(MISSED_UPDATE_MS * 3 + 100);
    expect(fake.callsOf('getJob')).toHaveLength(3);
  });

  it('stops asking once the job is finished, and when the tab goes away', async () => {
    const { store, fake } = await runningJob(() => jobView({ state: 'done', updatedAt: at(20) }));
    await vi.advanceTimersByTimeAsync(MISSED_UPDATE_MS * 4);
    expect(fake.callsOf('getJob')).toHaveLength(1);

    const second = await runningJob();
    second.store.dispose();
    await vi.advanceTimersByTimeAsync(MISSED_UPDATE_MS * 2);
    expect(second.fake.callsOf('getJob')).toEqual([]);
    expect(store.job?.state).toBe('done');
  });
});

describe('panel store: a detail frame on a recipe’s second origin', () => {
  it('invoices the order as its site’s: the context, the draft and the order carry the site’s origin', async () => {
    const FRAME_ORIGIN = 'http://127.0.0.1:4416';
    const framed = makeOrder({ source: { origin: FRAME_ORIGIN, adapter: 'demo-tms' } });
    const fake = fakeSend({ getInvoicingContext: () => linkedContext() });
    const store = createPanelStore();
    store.configure({ ...panelEnvironment(fakeAdapter([readOk(framed)]), fake.send), url: () => new URL(`${FRAME_ORIGIN}/rahmen/auftrag/o-1?sig=abc`), siteOrigin: TMS_ORIGIN });

    await store.open({ kind: 'detail' });
    expect(fake.callsOf('getInvoicingContext')).toEqual([expect.objectContaining({ origin: TMS_ORIGIN, orderIds: [framed.id] })]);
    expect(store.reads.map((r) => (r.ok ? r.order.source.origin : null))).toEqual([TMS_ORIGIN]);
    await store.submit();

    const [sent] = fake.callsOf('createInvoice');
    expect(sent?.draft.tms.origin).toBe(TMS_ORIGIN);
    expect(sent?.draft.positions.map((p) => p.orderId)).toEqual([framed.id]);
  });
});
