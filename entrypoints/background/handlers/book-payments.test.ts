import { describe, expect, it, vi } from 'vitest';
import { BillingError } from '@/utils/billing/errors';
import type { LexwarePollClient } from '@/utils/book/poll';
import type { ReminderClient } from '@/utils/book/reminder';
import type { Locale } from '@/utils/i18n/translate';
import { freshBook, invoiceInput } from '@/tests/support/book';
import { BookPoller } from '../services/book-poll';
import { confirmExternalMatch, createReminder, findExternalInvoices, pollPayments, runUsesApi, type BookPaymentsDeps } from './book-payments';
import type { ExternalSource } from '@/utils/book/external';
import { TMS } from '@/tests/support/book';

function setup(options: { locale?: Locale; runActive?: boolean; reminder?: Partial<ReminderClient>; external?: ExternalSource } = {}) {
  const { book, clock } = freshBook('2026-12-05T09:00:00.000Z');
  const failure: { error: Error | null } = { error: null };
  const lexware: LexwarePollClient = {
    listChangedVouchers: async () => {
      if (failure.error) throw failure.error;
      return [{ id: 'lx-1', voucherStatus: 'paid', updatedDate: '2026-12-05T08:00:00.000+01:00' }];
    },
    payments: async () => ({ openAmount: 0, paymentItems: [{ paymentItemType: 'manualPayment', postingDate: '2026-12-04', amount: 1190 }] }),
  };
  const posted: string[] = [];
  const reminderClient: ReminderClient = {
    createReminder: async (id) => {
      posted.push(id);
      return { id: 'dn-1', url: 'https://app.lexware.de/permalink/dunnings/edit/dn-1' };
    },
    findReminder: async () => null,
    absenceIsProof: false,
    ...options.reminder,
  };
  const deps: BookPaymentsDeps = {
    poller: new BookPoller({
      book: async () => book,
      configured: async () => ['lexware'],
      lexware: async () => lexware,
      sevdesk: async () => {
        throw new Error('not configured');
      },
      billingRunActive: async () => options.runActive ?? false,
      now: () => clock.now,
    }),
    book: async () => book,
    reminderClient: async () => reminderClient,
    externalSource: async () => options.external ?? { listInvoices: async () => ({ invoices: [], truncated: false }) },
    keepAlive: (work) => work(),
    locale: async () => options.locale ?? 'en',
    now: () => clock.now,
  };
  return { deps, book, clock, failure, posted };
}

describe('pollPayments', () => {
  it('answers with what was checked and changed, in the user’s language', async () => {
    const { deps, book } = setup({ locale: 'de' });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect(await pollPayments(deps)).toEqual({
      ok: true,
      polled: true,
      checked: 1,
      changed: 1,
      at: '2026-12-05T09:00:00.000Z',
      summary: 'Zahlungsstatus geprüft: 1 geänderte Rechnung angesehen, 1 aktualisiert.',
    });
    expect(await pollPayments(deps)).toMatchObject({ ok: true, polled: false, skipped: 'recent', summary: 'Der Zahlungsstatus wurde um 05.12.26, 10:00 geprüft.' });
  });

  it('during a billing run says it checks afterwards', async () => {
    const { deps } = setup({ runActive: true });
    expect(await pollPayments(deps)).toMatchObject({ ok: true, polled: false, skipped: 'billing-run', summary: 'Payment status is checked after the billing run.' });
  });

  it('puts a failure into plain words, without technical details', async () => {
    const { deps, failure } = setup({ locale: 'de' });
    failure.error = new BillingError('network', 'Lexware Office did not answer GET (network error)');
    expect(await pollPayments(deps)).toEqual({
      ok: false,
      error: {
        code: 'poll-failed',
        message: 'Der Zahlungsstatus konnte nicht geprüft werden: Keine Verbindung zu Lexware Office. Prüfen Sie Ihre Internetverbindung. Nichts ging verloren; er wird später erneut geprüft.',
      },
    });
  });
});

describe('a billing run and the poll', () => {
  it('a running or cancelling run has the API to itself; a paused or finished one does not', () => {
    expect(runUsesApi([{ status: 'running' }])).toBe(true);
    expect(runUsesApi([{ status: 'done' }, { status: 'cancelling' }])).toBe(true);
    expect(runUsesApi([{ status: 'paused' }, { status: 'done' }, { status: 'cancelled' }])).toBe(false);
  });
});

describe('createReminder', () => {
  it('makes the reminder for an overdue invoice and returns its link; a second click returns the same link', async () => {
    const { deps, book, posted } = setup();
    await book.recordInvoice(invoiceInput({ n: 1, dueDate: '2026-11-24' }));
    const first = await createReminder(deps, { invoiceKey: 'lexware|lx-1' });
    expect(first).toEqual({ ok: true, existing: false, reminder: { id: 'dn-1', url: 'https://app.lexware.de/permalink/dunnings/edit/dn-1', createdAt: '2026-12-05T09:00:00.000Z' } });
    expect(await createReminder(deps, { invoiceKey: 'lexware|lx-1' })).toMatchObject({ ok: true, existing: true });
    expect(posted).toEqual(['lx-1']);
  });

  it('after an unknown outcome asks the user to look, and creates again only when they confirm', async () => {
    const lost = new BillingError('timeout', 'Lexware Office did not answer POST (timeout)', { outcome: 'unknown' });
    let fail = true;
    const posted: string[] = [];
    const { deps, book } = setup({
      locale: 'de',
      reminder: {
        createReminder: async (id) => {
          posted.push(id);
          if (fail) throw lost;
          return { id: 'dn-2', url: 'https://app.lexware.de/permalink/dunnings/edit/dn-2' };
        },
      },
    });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    const unknown = await createReminder(deps, { invoiceKey: 'lexware|lx-1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'reminder-outcome-unknown' } });
    expect(unknown.ok === false && unknown.error.message).toContain('Sehen Sie sich die Rechnung in Lexware Office an');
    fail = false;
    expect(await createReminder(deps, { invoiceKey: 'lexware|lx-1' })).toMatchObject({ ok: false, error: { code: 'reminder-outcome-unknown' } });
    expect(posted).toEqual(['lx-1']);
    expect(await createReminder(deps, { invoiceKey: 'lexware|lx-1', confirmedMissing: true })).toMatchObject({ ok: true, reminder: { id: 'dn-2' } });
    expect(posted).toEqual(['lx-1', 'lx-1']);
  });

  it('refuses an invoice that is not overdue or not in the book, in words', async () => {
    const { deps, book } = setup();
    await book.recordInvoice(invoiceInput({ n: 1, dueDate: '2026-12-31' }));
    expect(await createReminder(deps, { invoiceKey: 'lexware|lx-1' })).toEqual({ ok: false, error: { code: 'not-overdue', message: 'Only overdue invoices get a payment reminder.' } });
    expect(await createReminder(deps, { invoiceKey: 'lexware|nope' })).toEqual({ ok: false, error: { code: 'not-in-book', message: 'This invoice is not in the invoice book (any more).' } });
  });

  it('says which fields the billing system refused', async () => {
    const { deps, book } = setup({
      reminder: {
        createReminder: async () => {
          throw new BillingError('validation', 'Lexware Office answered 406', { status: 406, fields: [{ field: 'precedingSalesVoucherId', key: 'generic' }] });
        },
      },
    });
    await book.recordInvoice(invoiceInput({ n: 1 }));
    expect(await createReminder(deps, { invoiceKey: 'lexware|lx-1' })).toEqual({
      ok: false,
      error: { code: 'validation', message: 'Lexware Office refused the reminder: precedingSalesVoucherId.' },
    });
  });
});

describe('findExternalInvoices and confirmExternalMatch', () => {
  function externalInvoice(id: string, text: string) {
    const { orders: _o, origin: _origin, createdBy: _c, correctionOf: _k, ...record } = invoiceInput({ invoiceId: id, invoiceNumber: `RE-${id}` });
    return { record, texts: [text] };
  }

  it('records what is clear, returns what is not, and says so in the user’s words', async () => {
    const { deps } = setup({
      locale: 'de',
      external: { listInvoices: async () => ({ invoices: [externalInvoice('x1', 'Auftrag A-1'), externalInvoice('x2', 'Auftrag 4711'), externalInvoice('x3', 'Miete')], truncated: true }) },
    });
    const result = await findExternalInvoices(deps, {
      provider: 'lexware',
      from: '2026-11-01',
      to: '2026-11-30',
      orders: [
        { origin: TMS, orderId: 'o-1', orderNumber: 'A-1' },
        { origin: TMS, orderId: 'o-7', orderNumber: '4711' },
        { origin: 'https://other.example.test', orderId: 'p-7', orderNumber: '4711' },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      recorded: [{ invoiceKey: 'lexware|x1', orderNumbers: ['A-1'] }],
      ambiguous: [{ invoiceKey: 'lexware|x2', reasons: ['number-on-several-sites'] }],
      unmatched: 1,
      summary: '1 als in Lexware Office erstellt erfasst, 1 zu bestätigen, 1 ohne bekannten Auftrag. Nur die ersten 200 Rechnungen des Zeitraums wurden gelesen: Wählen Sie für den Rest einen kürzeren Zeitraum.',
    });
    expect(await confirmExternalMatch(deps, { invoiceKey: 'lexware|x2', orders: [{ origin: TMS, orderId: 'o-1' }] })).toEqual({
      ok: false,
      error: { code: 'not-a-candidate', message: 'Wählen Sie unter den für diese Rechnung angebotenen Aufträgen.' },
    });
    expect(await confirmExternalMatch(deps, { invoiceKey: 'lexware|x2', orders: [{ origin: TMS, orderId: 'o-7' }] })).toEqual({ ok: true, invoiceKey: 'lexware|x2', orderNumbers: ['4711'] });
  });

  it('a TMS page may search only with its own site’s orders: another site’s orders are refused and nothing is read', async () => {
    const listInvoices = vi.fn(async () => ({ invoices: [externalInvoice('x1', 'Auftrag A-1')], truncated: false }));
    const { deps, book } = setup({ external: { listInvoices } });
    const page = { origin: TMS, fromContentScript: true, tabId: 3 };
    const foreign = { origin: 'https://other.example.test', orderId: 'p-1', orderNumber: 'A-1' };
    expect(await findExternalInvoices(deps, { provider: 'lexware', from: '2026-11-01', to: '2026-11-30', orders: [foreign] }, page)).toEqual({
      ok: false,
      error: { code: 'foreign-origin', message: 'A TMS page can look only for the orders of its own site.' },
    });
    expect(listInvoices).not.toHaveBeenCalled();
    expect((await book.query()).total).toBe(0);

    const own = await findExternalInvoices(deps, { provider: 'lexware', from: '2026-11-01', to: '2026-11-30', orders: [{ origin: TMS, orderId: 'o-1', orderNumber: 'A-1' }] }, page);
    expect(own).toMatchObject({ ok: true, recorded: [{ invoiceKey: 'lexware|x1', orderNumbers: ['A-1'] }] });
  });

  it('a billing system that cannot be reached is a failure in words; nothing is recorded', async () => {
    const { deps, book } = setup({
      external: {
        listInvoices: async () => {
          throw new BillingError('auth', 'Lexware Office answered 401', { status: 401 });
        },
      },
    });
    expect(await findExternalInvoices(deps, { provider: 'lexware', from: '2026-11-01', to: '2026-11-30', orders: [] })).toEqual({
      ok: false,
      error: { code: 'auth', message: 'Lexware Office refused the API key. Check the key in the settings.' },
    });
    expect((await book.query()).total).toBe(0);
  });
});
