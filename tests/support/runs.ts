/** A billing run as the journal stores it, for tests: one queued invoice unless told otherwise. */
import type { BillingRun, RunItem } from '@/utils/jobs/billing-run';
import { TMS_ORIGIN } from './orders';

export const runItem = (overrides: Partial<RunItem> = {}): RunItem => ({
  key: 'k1',
  customerName: 'Spedition Nordlicht GmbH',
  currency: 'EUR',
  orderIds: ['o1'],
  orderNumbers: ['A-1'],
  netMinor: 125000,
  state: 'queued',
  ...overrides,
});

export const makeRun = (overrides: Partial<BillingRun> = {}): BillingRun => ({
  id: 'run-1',
  provider: 'lexware',
  origin: TMS_ORIGIN,
  source: 'manual',
  createdAt: '2026-11-30T17:00:00.000Z',
  updatedAt: '2026-11-30T17:00:00.000Z',
  status: 'running',
  items: [runItem()],
  setAside: [],
  ...overrides,
});
