import { describe, expect, it } from 'vitest';
import { bookRecordOf, dueDateOf } from './record';
import { makeJob } from '@/tests/support/jobs';
import { makeDraft } from '@/tests/support/drafts';
import { makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { freshBook } from '@/tests/support/book';
import { computeTotals } from '../domain/totals';

const created = { id: 'inv-7', number: 'RE-7', url: 'https://app.lexware.de/permalink/invoices/view/inv-7', status: 'open' as const };

describe('what the book keeps of a created invoice', () => {
  it('one row with the totals, the customer by its billing contact, and one link per order', () => {
    const job = makeJob('job-7', { draft: makeDraft([makeOrder({ id: 'o-1', number: 'A-1' }), makeOrder({ id: 'o-2', number: 'A-2' })], { contact: { id: 'c-9', name: nordlicht.name } }) });
    const totals = computeTotals(job.draft.positions, 'EUR', 'per-position');
    const input = bookRecordOf(job, { ...created, grossMinor: totals.gross.minor });
    expect(input).toMatchObject({
      provider: 'lexware',
      invoiceId: 'inv-7',
      invoiceNumber: 'RE-7',
      invoiceDate: job.draft.voucherDate,
      customerKey: 'lexware|c-9',
      customerName: nordlicht.name,
      currency: 'EUR',
      netMinor: totals.net.minor,
      grossMinor: totals.gross.minor,
      taxMinor: totals.gross.minor - totals.net.minor,
      taxCase: 'domestic',
      origin: TMS_ORIGIN,
      createdBy: 'frachtbeleg',
      payment: { status: 'open', paidMinor: 0, paidDate: null },
    });
    expect(input.orders.map((o) => [o.orderId, o.orderNumber, o.jobId])).toEqual([
      ['o-1', 'A-1', 'job-7'],
      ['o-2', 'A-2', 'job-7'],
    ]);
    expect(input.orders.reduce((s, o) => s + (o.netMinor ?? 0), 0)).toBe(totals.net.minor);
  });

  it("takes the billing system's gross, keeps a draft as a draft and the e-invoice profile read back", () => {
    const job = makeJob('job-8');
    const input = bookRecordOf(job, { ...created, status: 'draft', number: null, grossMinor: 99_999, eInvoice: { profile: 'NONE', missingForDomesticB2b: true } });
    expect(input.grossMinor).toBe(99_999);
    expect(input.netMinor + input.taxMinor).toBe(99_999);
    expect(input.payment).toEqual({ status: 'draft', paidMinor: 0, paidDate: null });
    expect(input.eInvoiceProfile).toBe('NONE');
  });

  it('a due date from the payment term, none where the billing system decides it', () => {
    expect(dueDateOf('2026-12-20', 14)).toBe('2027-01-03');
    expect(dueDateOf('2026-12-20', null)).toBeNull();
  });

  it('is accepted by the book as it is', async () => {
    const { book } = freshBook();
    const row = await book.recordInvoice(bookRecordOf(makeJob('job-9'), created));
    expect(row.key).toBe('lexware|inv-7');
    const ids = (await book.ordersOf(row.key)).map((o) => o.orderId);
    expect(ids.length).toBeGreaterThan(0);
    expect([...(await book.isInvoiced(TMS_ORIGIN, ids)).keys()]).toEqual(ids);
  });
});
