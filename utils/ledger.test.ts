import { describe, expect, it } from 'vitest';
import { ledgerEntries, recordInLedger } from './ledger';
import { ledgerItem } from './storage';
import { makeJob } from '@/tests/support/jobs';

describe('ledger: the e-invoice read back', () => {
  const invoice = { id: 'inv-7', number: 'RE-7', url: 'https://app.lexware.de/permalink/invoices/view/inv-7', status: 'open' as const };

  it('keeps what the billing system made of the invoice on every order entry, and says when a German business got none', async () => {
    const job = makeJob('job-7');
    await recordInLedger(job, { ...invoice, eInvoice: { profile: 'NONE', missingForDomesticB2b: true } }, '2027-01-15T10:00:00.000Z');
    const entries = await ledgerItem.get();
    expect(entries.length).toBe(job.draft.positions.length);
    expect(entries.every((e) => e.eInvoiceProfile === 'NONE' && e.eInvoiceMissing === true)).toBe(true);
  });

  it('records nothing about it where nothing was read back', () => {
    const [entry] = ledgerEntries(makeJob('job-8'), invoice, '2027-01-15T10:00:00.000Z');
    expect(entry).not.toHaveProperty('eInvoiceProfile');
    expect(entry).not.toHaveProperty('eInvoiceMissing');
  });
});
