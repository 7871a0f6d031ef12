import type { Job } from '@/utils/jobs/job';
import type { InvoiceRecord } from '@/utils/tms/adapter';
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

/** An invoice as a write-back records it on an order: Lexware, numbered, with its deep link. */
export const recordedInvoice: InvoiceRecord = {
  provider: 'lexware',
  providerName: 'Lexware Office',
  invoiceId: '7c1f0e2a-0000-4000-8000-000000000001',
  invoiceNumber: 'RE0001',
  url: 'http://127.0.0.1:4411/permalink/invoices/view/7c1f0e2a-0000-4000-8000-000000000001',
};
