import { describe, expect, it } from 'vitest';
import { BillingError } from '@/utils/billing/errors';
import type { LexwarePollClient, SevdeskPollClient } from '@/utils/book/poll';
import type { BookProvider } from '@/utils/book/schema';
import { freshBook, invoiceInput } from '@/tests/support/book';
import { BOOK_POLL_ALARM, BookPoller, ensureBookPollAlarm } from './book-poll';

function setup(options: { configured?: BookProvider[]; runActive?: boolean } = {}) {
  const { book, clock } = freshBook('2026-12-05T09:00:00.000Z');
  const calls: string[] = [];
  const state = { runActive: options.runActive ?? false, lexwareFails: null as Error | null, list: [] as unknown[], payments: {} as Record<string, unknown> };
  const lexware: LexwarePollClient = {
    listChangedVouchers: async (from) => {
      calls.push(`lexware list ${from}`);
      if (state.lexwareFails) throw state.lexwareFails;
      return state.list;
    },
    payments: async (id) => {
      calls.push(`lexware payments ${id}`);
      return state.payments[id];
    },
  };
  const sevdesk: SevdeskPollClient = {
    listChangedInvoices: async (after) => {
      calls.push(`sevdesk list ${after}`);
      return [];
    },
    isPartiallyPaid: async () => false,
    creditNote: async () => null,
  };
  const poller = new BookPoller({
    book: async () => book,
    configured: async () => options.configured ?? ['lexware'],
    lexware: async () => lexware,
    sevdesk: async () => sevdesk,
    billingRunActive: async () => state.runActive,
    now: () => clock.now,
  });
  return { book, clock, calls, state, poller };
}

describe('the payment status poll', () => {
  it('asks only the billing systems with a saved key, and remembers when it asked', async () => {
    const { poller, calls, book, state } = setup({ configured: ['lexware'] });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    state.list = [{ id: 'lx-1', voucherStatus: 'paid', updatedDate: '2026-12-05T08:00:00.000+01:00' }];
    state.payments['lx-1'] = { openAmount: 0, paymentItems: [{ paymentItemType: 'manualPayment', postingDate: '2026-12-04', amount: 1190 }] };

    const summary = await poller.poll('opened');
    expect(summary).toEqual({ polled: true, checked: 1, changed: 1, at: '2026-12-05T09:00:00.000Z', problems: [], failures: [] });
    expect(calls).toEqual(['lexware list 2026-09-06', 'lexware payments lx-1']);
    expect(await book.get('lexware|lx-1')).toMatchObject({ status: 'paid', paidDate: '2026-12-04' });
    expect((await book.db.meta.get('poll|lexware'))?.value).toMatchObject({ lastPollAt: '2026-12-05T09:00:00.000Z' });
  });

  it('on opening, does not ask again right after a poll; the alarm does, from where the last poll stopped', async () => {
    const { poller, calls, clock } = setup();
    await poller.poll('opened');
    clock.advance(60_000);
    const again = await poller.poll('opened');
    expect(again).toMatchObject({ polled: false, skipped: 'recent', at: '2026-12-05T09:00:00.000Z' });
    expect(calls).toHaveLength(1);
    clock.advance(30 * 60_000);
    expect(await poller.poll('alarm')).toMatchObject({ polled: true });
    expect(calls).toEqual(['lexware list 2026-09-06', 'lexware list 2026-12-05']);
  });

  it('never polls while a billing run is creating invoices, also not by alarm', async () => {
    const { poller, calls, state } = setup({ runActive: true });
    expect(await poller.poll('alarm')).toMatchObject({ polled: false, skipped: 'billing-run', at: null });
    expect(await poller.poll('opened')).toMatchObject({ polled: false, skipped: 'billing-run' });
    expect(calls).toEqual([]);
    state.runActive = false;
    expect(await poller.poll('alarm')).toMatchObject({ polled: true });
  });

  it('without a connected billing system, asks nobody', async () => {
    const { poller, calls } = setup({ configured: [] });
    expect(await poller.poll('opened')).toMatchObject({ polled: false, skipped: 'no-billing-system' });
    expect(calls).toEqual([]);
  });

  it('a failed poll changes nothing and keeps its starting point, so the next one asks for the same changes again', async () => {
    const { poller, calls, state, book, clock } = setup({ configured: ['lexware', 'sevdesk'] });
    await poller.poll('opened');
    clock.advance(30 * 60_000);
    state.lexwareFails = new BillingError('unavailable', 'Lexware Office answered 503', { status: 503 });
    const failed = await poller.poll('alarm');
    expect(failed.failures).toEqual([{ provider: 'lexware', error: state.lexwareFails }]);
    // sevdesk was asked all the same and moved on; Lexware's starting point stayed.
    expect((await book.db.meta.get('poll|lexware'))?.value).toMatchObject({ lastPollAt: '2026-12-05T09:00:00.000Z' });
    expect((await book.db.meta.get('poll|sevdesk'))?.value).toMatchObject({ lastPollAt: '2026-12-05T09:30:00.000Z' });
    state.lexwareFails = null;
    clock.advance(30 * 60_000);
    await poller.poll('alarm');
    expect(calls.filter((c) => c.startsWith('lexware list'))).toEqual(['lexware list 2026-09-06', 'lexware list 2026-12-05', 'lexware list 2026-12-05']);
  });

  it('opening the book and the popup at once makes one poll', async () => {
    const { poller, calls } = setup();
    const [a, b] = await Promise.all([poller.poll('opened'), poller.poll('opened')]);
    expect(a).toBe(b);
    expect(calls).toHaveLength(1);
  });

  it('an unreadable stored poll state starts over like a first poll', async () => {
    const { poller, calls, book } = setup();
    await book.db.meta.put({ key: 'poll|lexware', value: { lastPollAt: 42 } });
    await poller.poll('opened');
    expect(calls).toEqual(['lexware list 2026-09-06']);
  });
});

describe('the poll alarm', () => {
  it('is created every 30 minutes when missing, and left alone when it exists', async () => {
    const created: { name: string; info: unknown }[] = [];
    const alarms = (existing: unknown) => ({
      get: async () => existing,
      create: (name: string, info: unknown) => void created.push({ name, info }),
    });
    await ensureBookPollAlarm(alarms(undefined));
    await ensureBookPollAlarm(alarms({ name: BOOK_POLL_ALARM }));
    expect(created).toEqual([{ name: BOOK_POLL_ALARM, info: { periodInMinutes: 30, delayInMinutes: 1 } }]);
  });
});
