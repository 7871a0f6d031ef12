import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeJob } from '@/tests/support/jobs';
import { JobJournal } from './journal';
import { readQuarantine } from '../storage';
import type { Job } from './job';

const job = makeJob;

describe('JobJournal', () => {
  it('keeps each job under its own key, so one step writes one job', async () => {
    const journal = new JobJournal();
    await journal.put(job('a'));
    await journal.put(job('b'));
    await journal.update('a', (j) => ({ ...j, state: 'contact-resolved' }));
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored.jobIndex).toEqual(['a', 'b']);
    expect((stored['job:a'] as Job).state).toBe('contact-resolved');
    expect((stored['job:b'] as Job).state).toBe('planned');
    expect((await journal.list()).map((j) => j.id)).toEqual(['a', 'b']);
  });

  it('moves the jobs of version 1 (one item for all) to their own keys', async () => {
    await fakeBrowser.storage.local.set({ jobs: { old: job('old', { state: 'invoice-created' }) } });
    const journal = new JobJournal();
    expect((await journal.list()).map((j) => [j.id, j.state])).toEqual([['old', 'invoice-created']]);
    const stored = await fakeBrowser.storage.local.get(null);
    expect(stored.jobs).toBeUndefined();
    expect(stored.jobIndex).toEqual(['old']);
  });

  it('moves a damaged job, raw, to the quarantine without losing the others', async () => {
    const journal = new JobJournal();
    await journal.put(job('good'));
    await fakeBrowser.storage.local.set({ 'job:bad': { id: 'bad', state: 'exploded' }, jobIndex: ['good', 'bad'] });
    expect((await journal.list()).map((j) => j.id)).toEqual(['good']);
    expect(await journal.get('bad')).toBeUndefined();
    expect((await fakeBrowser.storage.local.get('job:bad'))['job:bad']).toBeUndefined();
    expect((await fakeBrowser.storage.local.get('jobIndex'))['jobIndex']).toEqual(['good']);
    const quarantined = await readQuarantine();
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ key: 'local:job:bad', path: [], raw: { id: 'bad', state: 'exploded' } });
    // Listing again finds nothing new to set aside.
    await journal.list();
    expect(await readQuarantine()).toHaveLength(1);
  });

  it('forgets finished jobs after a month, keeps the rest', async () => {
    const journal = new JobJournal();
    await journal.put(job('old-done', { state: 'done', updatedAt: '2026-09-01T00:00:00.000Z' }));
    await journal.put(job('old-failed', { state: 'failed', updatedAt: '2026-09-01T00:00:00.000Z' }));
    await journal.put(job('recent-done', { state: 'done', updatedAt: '2026-11-20T00:00:00.000Z' }));
    await journal.prune(new Date('2026-11-23T00:00:00.000Z'));
    expect((await journal.list()).map((j) => j.id)).toEqual(['old-failed', 'recent-done']);
    expect((await fakeBrowser.storage.local.get('job:old-done'))['job:old-done']).toBeUndefined();
  });

  it('checks an update\'s state and refuses a bad one, leaving the stored job as it was', async () => {
    const journal = new JobJournal();
    await journal.put(job('a'));
    await expect(journal.update('a', (j) => ({ ...j, state: 'exploded' as Job['state'] }))).rejects.toThrow();
    expect(((await fakeBrowser.storage.local.get('job:a'))['job:a'] as Job).state).toBe('planned');
    expect((await journal.get('a'))?.state).toBe('planned');
  });

  it('validates a replaced draft in full', async () => {
    const journal = new JobJournal();
    await journal.put(job('a'));
    await expect(journal.update('a', (j) => ({ ...j, draft: { ...j.draft, positions: [] } }))).rejects.toThrow();
    expect((await journal.get('a'))?.draft.positions).toHaveLength(1);
  });

  it('does not trust its memory when another context rewrote a job: the stored entry is read and checked', async () => {
    const journal = new JobJournal();
    await journal.put(job('a'));
    await fakeBrowser.storage.local.set({ 'job:a': { ...job('a'), updatedAt: '2026-11-23T10:00:00.000Z', draft: { broken: true } } });
    expect(await journal.list()).toEqual([]);
    expect(await readQuarantine()).toHaveLength(1);
  });

  it('a fresh worker reads and checks what the last one wrote', async () => {
    await new JobJournal().put(job('a'));
    const fresh = new JobJournal();
    expect((await fresh.get('a'))?.draft.positions).toHaveLength(1);
  });
});
