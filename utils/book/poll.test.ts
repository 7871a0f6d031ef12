import { describe, expect, it } from 'vitest';
import {
  MAX_DETAIL_CALLS,
  lexwareUpdatedDateFrom,
  pollLexware,
  pollSevdesk,
  sevdeskUpdateAfter,
  shouldPoll,
  type LexwarePollClient,
  type SevdeskPollClient,
} from './poll';
import { freshBook, invoiceInput } from '../../tests/support/book';

describe('when to poll', () => {
  const now = new Date('2026-12-05T09:00:00Z');
  it('polls on opening unless it polled a moment ago, by alarm always, never during a billing run', () => {
    expect(shouldPoll({ lastPollAt: null }, 'opened', now, false)).toBe(true);
    expect(shouldPoll({ lastPollAt: '2026-12-05T08:59:00Z' }, 'opened', now, false)).toBe(false);
    expect(shouldPoll({ lastPollAt: '2026-12-05T08:50:00Z' }, 'opened', now, false)).toBe(true);
    expect(shouldPoll({ lastPollAt: '2026-12-05T08:59:00Z' }, 'alarm', now, false)).toBe(true);
    expect(shouldPoll({ lastPollAt: null }, 'alarm', now, true)).toBe(false);
  });

  it("asks Lexware from the Berlin day of the last poll and sevdesk from a little before it", () => {
    // 23:30 UTC on 4 December is already 5 December in Berlin.
    expect(lexwareUpdatedDateFrom({ lastPollAt: '2026-12-04T23:30:00Z' }, now)).toBe('2026-12-05');
    expect(lexwareUpdatedDateFrom({ lastPollAt: null }, now)).toBe('2026-09-06');
    expect(sevdeskUpdateAfter({ lastPollAt: '2026-12-05T08:00:00Z' }, now)).toBe(Date.parse('2026-12-05T07:55:00Z') / 1000);
  });
});

function lexwareClient(list: unknown[], payments: Record<string, unknown>) {
  const calls: string[] = [];
  const client: LexwarePollClient = {
    listChangedVouchers: (from) => {
      calls.push(`list ${from}`);
      return Promise.resolve(list);
    },
    payments: (id) => {
      calls.push(`payments ${id}`);
      return Promise.resolve(payments[id]);
    },
  };
  return { client, calls };
}

describe('polling Lexware Office', () => {
  it('makes one list call and reads payments only for changed invoices it knows', async () => {
    const { book } = freshBook();
    for (const n of [1, 2, 3, 4]) await book.recordInvoice(invoiceInput({ n, dueDate: '2026-12-31' }));
    const { client, calls } = lexwareClient(
      [
        { id: 'lx-1', voucherStatus: 'open', updatedDate: '2026-12-05T08:00:00.000+01:00' },
        { id: 'lx-2', voucherStatus: 'paid', updatedDate: '2026-12-05T08:10:00.000+01:00' },
        { id: 'lx-3', voucherStatus: 'voided', updatedDate: '2026-12-05T08:20:00.000+01:00' },
        { id: 'lx-4', voucherStatus: 'open', updatedDate: '2026-12-04T10:00:00.000+01:00' }, // handled by the last poll
        { id: 'someone-elses', voucherStatus: 'open', updatedDate: '2026-12-05T08:00:00.000+01:00' },
      ],
      {
        'lx-1': { openAmount: '69.00', paymentItems: [{ paymentItemType: 'manualPayment', postingDate: '2026-12-04', amount: 500 }] },
        'lx-2': { openAmount: 0, paymentItems: [{ paymentItemType: 'manualPayment', postingDate: '2026-12-03', amount: 1190 }] },
      },
    );
    const result = await pollLexware(book, client, { lastPollAt: '2026-12-04T12:00:00.000Z' }, new Date('2026-12-05T09:00:00Z'));
    expect(calls).toEqual(['list 2026-12-04', 'payments lx-1', 'payments lx-2']);
    expect(result).toEqual({ listed: 5, updated: 3, detailCalls: 2, deferred: 0, problems: [], next: { lastPollAt: '2026-12-05T09:00:00.000Z' } });
    expect(await book.get('lexware|lx-1')).toMatchObject({ status: 'partlyPaid', paidMinor: 119_000 - 6_900, paidDate: '2026-12-04' });
    expect(await book.get('lexware|lx-2')).toMatchObject({ status: 'paid', paidDate: '2026-12-03' });
    expect(await book.get('lexware|lx-3')).toMatchObject({ status: 'cancelled' });
    expect(await book.get('lexware|lx-4')).toMatchObject({ status: 'open' });
  });

  it('caps payment reads per poll and resumes with the rest next time', async () => {
    const { book } = freshBook();
    const n = MAX_DETAIL_CALLS + 5;
    const list = [];
    const payments: Record<string, unknown> = {};
    for (let i = 1; i <= n; i++) {
      await book.recordInvoice(invoiceInput({ n: i }));
      list.push({ id: `lx-${i}`, voucherStatus: 'paid', updatedDate: new Date(Date.UTC(2026, 11, 5, 6, i)).toISOString() });
      payments[`lx-${i}`] = { openAmount: 0, paymentItems: [] };
    }
    const first = lexwareClient(list, payments);
    const r1 = await pollLexware(book, first.client, { lastPollAt: '2026-12-05T00:00:00.000Z' }, new Date('2026-12-05T09:00:00Z'));
    expect(r1).toMatchObject({ detailCalls: MAX_DETAIL_CALLS, deferred: 5, next: { lastPollAt: list[MAX_DETAIL_CALLS - 1]!.updatedDate } });
    const second = lexwareClient(list, payments);
    const r2 = await pollLexware(book, second.client, r1.next, new Date('2026-12-05T09:30:00Z'));
    expect(r2).toMatchObject({ detailCalls: 5, deferred: 0, updated: 5 });
    expect(second.calls.filter((c) => c.startsWith('payments'))).toEqual(['payments lx-21', 'payments lx-22', 'payments lx-23', 'payments lx-24', 'payments lx-25']);
  });

  it('reports unreadable answers by invoice number and leaves those invoices as they were', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    const { client } = lexwareClient([{ id: 'lx-1', voucherStatus: 'open', updatedDate: '2026-12-05T08:00:00Z' }, { id: 7 }], { 'lx-1': { openAmount: null } });
    const result = await pollLexware(book, client, { lastPollAt: null }, new Date('2026-12-05T09:00:00Z'));
    expect(result.problems).toEqual(['list item 2: unreadable', 'RE-1001: unreadable payments answer']);
    expect(await book.get('lexware|lx-1')).toMatchObject({ status: 'open', paidMinor: 0 });
  });
});

describe('polling Lexware Office: vouchers without payments', () => {
  it('takes a credit note\'s status from the list, and reports a voucher Lexware keeps no payments for', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1 }));
    await book.recordInvoice(invoiceInput({ n: 2, documentType: 'creditNote', correctionOf: 'lexware|lx-1', dueDate: null }));
    const { client, calls } = lexwareClient(
      [
        { id: 'lx-1', voucherStatus: 'open', updatedDate: '2026-12-05T08:00:00.000+01:00' },
        { id: 'lx-2', voucherStatus: 'paidoff', updatedDate: '2026-12-05T08:00:00.000+01:00' },
      ],
      { 'lx-1': null },
    );
    const result = await pollLexware(book, client, { lastPollAt: null }, new Date('2026-12-05T09:00:00Z'));
    expect(calls).toEqual(['list 2026-09-06', 'payments lx-1']);
    expect(result.problems).toEqual(['RE-1001: no payments in Lexware Office']);
    expect(await book.get('lexware|lx-2')).toMatchObject({ status: 'paid' });
    expect(await book.get('lexware|lx-1')).toMatchObject({ status: 'open' });
  });
});

describe('polling Lexware Office: due dates', () => {
  it("fills in the due date of an invoice made with Lexware's default payment term, so it can become overdue; a known one is kept", async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1, dueDate: null }));
    await book.recordInvoice(invoiceInput({ n: 2, dueDate: '2026-12-31' }));
    const { client } = lexwareClient(
      [
        { id: 'lx-1', voucherStatus: 'open', updatedDate: '2026-12-04T08:00:00.000+01:00', dueDate: '2026-12-01T00:00:00.000+01:00' },
        { id: 'lx-2', voucherStatus: 'open', updatedDate: '2026-12-04T08:00:00.000+01:00', dueDate: '2027-01-15T00:00:00.000+01:00' },
      ],
      {},
    );
    const result = await pollLexware(book, client, { lastPollAt: '2026-12-05T08:00:00Z' }, new Date('2026-12-05T09:00:00Z'));
    expect(result.updated).toBe(1);
    expect(await book.get('lexware|lx-1')).toMatchObject({ dueDate: '2026-12-01', status: 'open' });
    expect((await book.query({ statuses: ['overdue'] })).rows.map((r) => r.key)).toEqual(['lexware|lx-1']);
    expect(await book.get('lexware|lx-2')).toMatchObject({ dueDate: '2026-12-31' });
  });
});

describe('polling sevdesk', () => {
  it('maps statuses from the list and asks getIsPartiallyPaid only for old invoices at 200', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1, provider: 'sevdesk', invoiceId: 'sv-1' }));
    await book.recordInvoice(invoiceInput({ n: 2, provider: 'sevdesk', invoiceId: 'sv-2' }));
    await book.recordInvoice(invoiceInput({ n: 3, provider: 'sevdesk', invoiceId: 'sv-3', invoiceDate: '2024-03-01' }));
    await book.recordInvoice(invoiceInput({ n: 4, provider: 'sevdesk', invoiceId: 'sv-4' }));
    await book.updatePayment('sevdesk|sv-4', { status: 'cancelled', paidMinor: 0, paidDate: null });
    const asked: string[] = [];
    const client: SevdeskPollClient = {
      listChangedInvoices: () =>
        Promise.resolve([
          { id: 'sv-1', status: '750', paidAmount: 100, payDate: '2026-12-01T00:00:00+01:00' },
          { id: 'sv-2', status: '1000', paidAmount: 1190, payDate: '2026-12-02T00:00:00+01:00' },
          { id: 'sv-3', status: '200', paidAmount: 0, payDate: null },
          { id: 'sv-4', status: '1000', paidAmount: 1190, payDate: '2026-12-02T00:00:00+01:00' },
        ]),
      creditNote: () => Promise.resolve(null),
      isPartiallyPaid: (id) => {
        asked.push(id);
        return Promise.resolve(true);
      },
    };
    const result = await pollSevdesk(book, client, { lastPollAt: '2026-12-05T08:00:00Z' }, new Date('2026-12-05T09:00:00Z'));
    expect(asked).toEqual(['sv-3']);
    expect(result).toMatchObject({ listed: 4, updated: 3, detailCalls: 1, problems: [], next: { lastPollAt: '2026-12-05T09:00:00.000Z' } });
    expect(await book.get('sevdesk|sv-1')).toMatchObject({ status: 'partlyPaid', paidMinor: 10_000, paidDate: '2026-12-01' });
    expect(await book.get('sevdesk|sv-2')).toMatchObject({ status: 'paid', paidDate: '2026-12-02' });
    expect(await book.get('sevdesk|sv-3')).toMatchObject({ status: 'partlyPaid' });
    expect(await book.get('sevdesk|sv-4')).toMatchObject({ status: 'cancelled' });
  });

  it('follows draft credit notes until they settle: a deleted one is cancelled, a paid one is paid', async () => {
    const { book } = freshBook();
    await book.recordInvoice(invoiceInput({ n: 1, provider: 'sevdesk', invoiceId: 'sv-1' }));
    const creditNote = (n: number, id: string) =>
      invoiceInput({ n, provider: 'sevdesk', invoiceId: `CreditNote-${id}`, documentType: 'creditNote', correctionOf: 'sevdesk|sv-1', orders: [], payment: { status: 'draft', paidMinor: 0, paidDate: null } });
    await book.recordInvoice(creditNote(2, '7'));
    await book.recordInvoice(creditNote(3, '8'));
    await book.recordInvoice(creditNote(4, '9'));
    await book.updatePayment('sevdesk|CreditNote-9', { status: 'paid', paidMinor: 119_000, paidDate: '2026-12-01' });
    const asked: string[] = [];
    const client: SevdeskPollClient = {
      listChangedInvoices: () => Promise.resolve([]),
      isPartiallyPaid: () => Promise.reject(new Error('not asked for credit notes')),
      creditNote: (id) => {
        asked.push(id);
        return Promise.resolve(id === '7' ? null : { id, status: '1000', paidAmount: -1190, payDate: '2026-12-04T00:00:00+01:00' });
      },
    };
    const result = await pollSevdesk(book, client, { lastPollAt: '2026-12-05T08:00:00Z' }, new Date('2026-12-05T09:00:00Z'));
    expect(asked.sort()).toEqual(['7', '8']);
    expect(result).toMatchObject({ updated: 2, detailCalls: 2, problems: [] });
    expect(await book.get('sevdesk|CreditNote-7')).toMatchObject({ status: 'cancelled', paidMinor: 0 });
    expect(await book.get('sevdesk|CreditNote-8')).toMatchObject({ status: 'paid', paidMinor: 119_000, paidDate: '2026-12-04' });
  });
});
