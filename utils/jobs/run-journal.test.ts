import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeDraft } from '@/tests/support/drafts';
import { makeOrder } from '@/tests/support/orders';
import { readQuarantine } from '../storage';
import { RunJournal } from './run-journal';
import type { BillingRun } from './billing-run';
import { makeRun } from '@/tests/support/runs';

const run = (id: string, overrides: Partial<BillingRun> = {}): BillingRun => makeRun({ id, ...overrides });

describe('RunJournal', () => {
  it('keeps a run and its drafts apart: a step rewrites the small record, never the drafts', async () => {
    const journal = new RunJournal();
    const draft = makeDraft([makeOrder()]);
    await journal.create(run('r1'), { drafts: { k1: draft }, allowReinvoice: [] });
    await journal.update('r1', (r) => ({ ...r, status: 'paused' }));

    const stored = await fakeBrowser.storage.local.get(['billingRun:r1', 'billingRunInput:r1', 'billingRunIndex']);
    expect(stored['billingRun:r1']).toMatchObject({ id: 'r1', status: 'paused' });
    expect(stored['billingRunIndex']).toEqual(['r1']);
    // A fresh worker reads the draft back from storage, validated.
    expect((await new RunJournal().draft('r1', 'k1'))?.draft).toEqual(draft);
    expect(await new RunJournal().draft('r1', 'unknown')).toBeUndefined();
  });

  it('moves a damaged run, raw, to the quarantine instead of resuming it, and keeps the others', async () => {
    const journal = new RunJournal();
    await journal.create(run('good'), { drafts: {}, allowReinvoice: [] });
    await fakeBrowser.storage.local.set({ 'billingRun:bad': { id: 'bad', status: 'exploded' }, billingRunIndex: ['good', 'bad'] });
    expect((await journal.list()).map((r) => r.id)).toEqual(['good']);
    expect((await fakeBrowser.storage.local.get('billingRun:bad'))['billingRun:bad']).toBeUndefined();
    expect((await readQuarantine())[0]).toMatchObject({ key: 'local:billingRun:bad', raw: { id: 'bad', status: 'exploded' } });
  });

  it('forgets dismissed reports after a month, but never a run that is still going', async () => {
    const journal = new RunJournal();
    await journal.create(run('old', { status: 'done', finishedAt: '2026-10-01T10:00:00.000Z', dismissed: true }), { drafts: {}, allowReinvoice: [] });
    await journal.create(run('kept', { status: 'done', finishedAt: '2026-10-01T10:00:00.000Z' }), { drafts: {}, allowReinvoice: [] });
    await journal.create(run('going', { createdAt: '2026-09-01T10:00:00.000Z' }), { drafts: {}, allowReinvoice: [] });
    await journal.prune(new Date('2026-11-30T10:00:00.000Z'));
    expect((await journal.list()).map((r) => r.id)).toEqual(['kept', 'going']);
    expect((await fakeBrowser.storage.local.get('billingRunInput:old'))['billingRunInput:old']).toBeUndefined();
  });
});
