import { vi } from 'vitest';
import { BillingError } from '@/utils/billing/errors';
import type { BillingProvider, CreatedInvoice } from '@/utils/billing/provider';
import { nordlicht } from './orders';

/** What a promise failed with, for field-by-field assertions; anything but a BillingError fails the test. */
export async function billingFailure(promise: Promise<unknown>): Promise<BillingError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BillingError) return error;
    throw error;
  }
  throw new Error('expected a BillingError');
}

export const createdInvoice: CreatedInvoice = { id: 'inv-1', number: null, url: 'http://lexware.test/permalink/invoices/edit/inv-1', status: 'draft', grossMinor: 297500 };

/** A billing provider faked at the edge: every call a spy, answering as a healthy system would. */
/** A createInvoice that answers with a new numbered draft each call (inv-1/RE1, inv-2/RE2…). */
export function numberedInvoices() {
  let n = 0;
  return vi.fn(async () => {
    n += 1;
    return { id: `inv-${n}`, number: `RE${n}`, url: `http://lexware.test/permalink/invoices/view/inv-${n}`, status: 'draft' as const };
  });
}

export function fakeProvider(overrides: Partial<BillingProvider> = {}): BillingProvider {
  return {
    id: 'lexware',
    name: 'Lexware Office',
    testConnection: vi.fn(async () => ({ companyName: 'Muster GmbH' })),
    searchContacts: vi.fn(async () => []),
    createContact: vi.fn(async () => ({ id: 'contact-1', name: nordlicht.name })),
    createInvoice: vi.fn(async () => createdInvoice),
    findInvoices: vi.fn(async () => []),
    invoiceUrl: (id) => `http://lexware.test/${id}`,
    contactReadyDelayMs: 0,
    ...overrides,
  };
}
