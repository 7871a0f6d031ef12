/**
 * The invoice book's payment side: `pollPayments` (book or popup opened), the 30-minute poll
 * alarm, and `createReminder`. Answers are put into the user's language here, so every page
 * shows the same words.
 */
import type { ResponseOf, RequestOf, SenderInfo } from '@/utils/messaging';
import { codeOf, refusal, serialized } from './billing-failure';
import { PROVIDER_NAMES } from '@/utils/billing/registry';
import type { InvoiceBook } from '@/utils/book/book';
import { createPaymentReminder, type ReminderClient } from '@/utils/book/reminder';
import { confirmExternalMatch as confirmMatch, findExternalInvoices as findExternal, type ExternalSource } from '@/utils/book/external';
import { MAX_EXTERNAL_INVOICES } from '@/utils/billing/lexware/book-client';
import type { BookProvider } from '@/utils/book/schema';
import type { PollReason } from '@/utils/book/poll';
import { createTranslator, intlLocale, type Locale, type Translate } from '@/utils/i18n/translate';
import { errorText } from '@/composables/panel-text';
import type { RunJournal } from '@/utils/jobs/run-journal';
import type { BillingRun } from '@/utils/jobs/billing-run';
import { BookPoller, type PollSummary } from '../services/book-poll';
import { invoiceBook } from '../services/book';
import { currentLocale } from '../services/locale';
import { configuredProviders, lexwareBookClient, sevdeskBookClient } from '../services/providers';
import { keepAlive, writeBackFor } from '../services/job-service';
import { recordPaidInTms, singlePass, type PaidWriteBackSummary } from '@/utils/book/paid-write-back';
import { sitesItem } from '@/utils/storage';

export interface BookPaymentsDeps {
  poller: BookPoller;
  book: () => Promise<InvoiceBook>;
  reminderClient: (provider: BookProvider) => Promise<ReminderClient>;
  /** The billing system's invoices of a period ("Find invoices made in …"). */
  externalSource: (provider: BookProvider) => Promise<ExternalSource>;
  /** Keeps the worker alive through a long search (one request per invoice, 2 per second at Lexware). */
  keepAlive: <T>(work: () => Promise<T>) => Promise<T>;
  locale: () => Promise<Locale>;
  now: () => Date;
  /** After each poll: "paid" written back to the TMS orders of newly paid invoices, where the site wants it. */
  recordPaid?: () => Promise<PaidWriteBackSummary>;
}

export async function pollPayments(deps: BookPaymentsDeps, reason: PollReason = 'opened'): Promise<ResponseOf<'pollPayments'>> {
  const [summary, locale] = await Promise.all([deps.poller.poll(reason), deps.locale()]);
  // Not awaited: the page shows the payment status without waiting for the TMS; an order
  // whose TMS does not answer is asked again after the next poll.
  if (deps.recordPaid) void deps.recordPaid().catch((error: unknown) => console.warn('[frachtbeleg] writing "paid" to the TMS failed:', error instanceof Error ? error.message : error));
  const t = createTranslator(locale);
  if (summary.failures.length > 0) {
    const reasons = summary.failures.map((f) => errorText(t, serialized(f.error), f.provider)).join(' ');
    return { ok: false, error: { code: 'poll-failed', message: t('bookPayments.failed', { reason: reasons }) } };
  }
  return {
    ok: true,
    polled: summary.polled,
    ...(summary.skipped ? { skipped: summary.skipped } : {}),
    checked: summary.checked,
    changed: summary.changed,
    at: summary.at,
    summary: summaryText(t, summary, locale),
  };
}

/** "Payment status checked: 3 changed invoices looked at, 1 updated." and its kin. */
export function summaryText(t: Translate, summary: PollSummary, locale: Locale): string {
  const when = summary.at ? new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(summary.at)) : '';
  let text: string;
  if (summary.skipped === 'no-billing-system') text = t('bookPayments.noBillingSystem');
  else if (summary.skipped === 'billing-run') text = when ? t('bookPayments.duringRun', { when }) : t('bookPayments.duringRunNever');
  else if (summary.skipped === 'recent') text = t('bookPayments.recent', { when });
  else text = summary.checked === 0 ? t('bookPayments.noChanges') : t('bookPayments.summary', { count: summary.checked, changed: summary.changed });
  if (summary.problems.length > 0) text += ` ${t('bookPayments.unreadable', { count: summary.problems.length })}`;
  return text;
}

export async function createReminder(deps: BookPaymentsDeps, req: RequestOf<'createReminder'>): Promise<ResponseOf<'createReminder'>> {
  const t = createTranslator(await deps.locale());
  const book = await deps.book();
  const row = await book.get(req.invoiceKey).catch(() => undefined);
  if (!row) return refusal('not-in-book', t('bookPayments.reminder.notInBook'));
  const provider = PROVIDER_NAMES[row.provider];
  let client: ReminderClient;
  try {
    client = await deps.reminderClient(row.provider);
  } catch (error) {
    return refusal(codeOf(error), errorText(t, serialized(error), row.provider));
  }
  let outcome;
  try {
    outcome = await createPaymentReminder(book, client, row.key, { now: deps.now, ...(req.confirmedMissing ? { confirmedMissing: true } : {}) });
  } catch (error) {
    // A failed look-up after an unknown outcome, or the book itself: the intent stays, nothing is sent twice.
    return refusal(codeOf(error), errorText(t, serialized(error), row.provider));
  }
  if (outcome.ok) return { ok: true, reminder: outcome.reminder, existing: outcome.existing };
  switch (outcome.reason) {
    case 'not-in-book':
      return refusal('not-in-book', t('bookPayments.reminder.notInBook'));
    case 'not-overdue':
      return refusal('not-overdue', t('bookPayments.reminder.notOverdue'));
    case 'outcome-unknown':
      return refusal('reminder-outcome-unknown', t('bookPayments.reminder.outcomeUnknown', { provider }));
    case 'billing': {
      const error = outcome.error;
      if (error.code === 'validation') {
        const fields = [...new Set(error.fields.map((f) => f.field))].join(', ');
        return refusal('validation', t('bookPayments.reminder.refused', { provider, fields: fields || error.message }));
      }
      return refusal(error.code, errorText(t, serialized(error), row.provider));
    }
  }
}

export async function findExternalInvoices(deps: BookPaymentsDeps, req: RequestOf<'findExternalInvoices'>, sender?: SenderInfo): Promise<ResponseOf<'findExternalInvoices'>> {
  const t = createTranslator(await deps.locale());
  // A TMS page may offer only its own site's orders: it must not have another site's orders marked invoiced.
  if (sender?.fromContentScript && req.orders.some((o) => o.origin !== sender.origin)) return refusal('foreign-origin', t('bookPayments.external.foreignOrders'));
  try {
    const [book, source] = await Promise.all([deps.book(), deps.externalSource(req.provider)]);
    const result = await deps.keepAlive(() => findExternal(book, source, req.provider, { from: req.from, to: req.to }, req.orders));
    const summary = [
      t('bookPayments.external.summary', { recorded: result.recorded.length, ambiguous: result.ambiguous.length, unmatched: result.unmatched, provider: PROVIDER_NAMES[req.provider] }),
      result.truncated ? t('bookPayments.external.truncated', { limit: MAX_EXTERNAL_INVOICES }) : '',
    ]
      .filter(Boolean)
      .join(' ');
    return { ok: true, ...result, summary };
  } catch (error) {
    return refusal(codeOf(error), errorText(t, serialized(error), req.provider));
  }
}

export async function confirmExternalMatch(deps: BookPaymentsDeps, req: RequestOf<'confirmExternalMatch'>): Promise<ResponseOf<'confirmExternalMatch'>> {
  const t = createTranslator(await deps.locale());
  const outcome = await confirmMatch(await deps.book(), req.invoiceKey, req.orders);
  if (outcome.ok) return outcome;
  const key = ({ 'no-pending-match': 'noPendingMatch', 'not-a-candidate': 'notACandidate', 'one-site-only': 'oneSiteOnly' } as const)[outcome.reason];
  return refusal(outcome.reason, t(`bookPayments.external.${key}`));
}


/** A run creating invoices (or finishing the one in flight while cancelling) has the API to itself; a paused one does not call it. */
export function runUsesApi(runs: readonly Pick<BillingRun, 'status'>[]): boolean {
  return runs.some((run) => run.status === 'running' || run.status === 'cancelling');
}

/** The background's wiring: the book, the saved keys, the shared token buckets, the run journal. */
export function createBookPayments(runJournal: Pick<RunJournal, 'list'>): BookPaymentsDeps {
  const now = () => new Date();
  const poller = new BookPoller({
    book: invoiceBook,
    configured: configuredProviders,
    lexware: lexwareBookClient,
    sevdesk: sevdeskBookClient,
    billingRunActive: async () => runUsesApi(await runJournal.list()),
    now,
  });
  return {
    poller,
    book: invoiceBook,
    reminderClient: async (provider) =>
      provider === 'lexware' ? { ...(await lexwareBookClient()), absenceIsProof: false } : { ...(await sevdeskBookClient()), absenceIsProof: true },
    externalSource: async (provider) => (provider === 'lexware' ? lexwareBookClient() : sevdeskBookClient()),
    keepAlive,
    locale: currentLocale,
    now,
    recordPaid: singlePass(async () =>
      keepAlive(async () =>
        recordPaidInTms({
          book: await invoiceBook(),
          site: async (origin) => {
            const site = (await sitesItem.get()).find((s) => s.origin === origin);
            return site ? { writePaid: site.writePaid ?? false, adapter: site.adapter } : undefined;
          },
          writeBack: writeBackFor,
          providerName: (provider) => PROVIDER_NAMES[provider],
        }),
      ),
    ),
  };
}
