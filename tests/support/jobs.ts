import type { Job } from '@/utils/jobs/job';
import { makeDraft } from './drafts';
import { makeOrder, nordlicht } from './orders';

/** A job as the journal stores it: one order of Spedition Nordlicht, linked, planned. */
export function makeJob(id: string, overrides: Partial<Job> = {}): Job {
  const draft = makeDraft([makeOrder()], { contact: { id: 'c-1', name: nordlicht.name } });
  return {
    id,
    fingerprint: `fp-${id}`,
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:00.000Z',
    state: 'planned',
    draft,
    writeBack: [],
    history: [{ at: '2026-11-23T09:00:00.000Z', state: 'planned' }],
    ...overrides,
  };
}
