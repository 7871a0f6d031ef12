/**
 * Payment status for the invoice book, by polling (utils/book/poll.ts plans and applies it):
 * when the book or the popup opens (`pollPayments`) and every 30 minutes by its own alarm.
 * Never while a billing run uses the API, only for billing systems with a saved key, one
 * poll at a time. The poll state lives in the book's meta table and moves on only after a
 * poll succeeded, so a failed poll loses nothing: the next one asks again from the same point.
 */
import * as v from 'valibot';
import type { BillingError } from '@/utils/billing/errors';
import type { InvoiceBook } from '@/utils/book/book';
import { POLL_ALARM_MINUTES, pollLexware, pollSevdesk, shouldPoll, type LexwarePollClient, type PollReason, type PollResult, type PollState, type SevdeskPollClient } from '@/utils/book/poll';
import { BOOK_PROVIDERS, type BookProvider } from '@/utils/book/schema';

export const BOOK_POLL_ALARM = 'frachtbeleg-book-poll';

const PollMetaSchema = v.object({
  lastPollAt: v.nullable(v.string()),
  /** What the last successful poll found, for the summary of a poll skipped as too recent. */
  checked: v.optional(v.number(), 0),
  changed: v.optional(v.number(), 0),
});
type PollMeta = v.InferOutput<typeof PollMetaSchema>;

const metaKey = (provider: BookProvider): string => `poll|${provider}`;

export interface BookPollDeps {
  book: () => Promise<InvoiceBook>;
  /** The billing systems with a saved key. */
  configured: () => Promise<BookProvider[]>;
  lexware: () => Promise<LexwarePollClient>;
  sevdesk: () => Promise<SevdeskPollClient>;
  /** Whether a billing run is creating invoices now (its requests take precedence). */
  billingRunActive: () => Promise<boolean>;
  now: () => Date;
}

export type PollSkip = 'billing-run' | 'recent' | 'no-billing-system';

export interface ProviderFailure {
  provider: BookProvider;
  error: BillingError | Error;
}

export interface PollSummary {
  /** Whether the billing systems were asked now (false: skipped, see `skipped`). */
  polled: boolean;
  skipped?: PollSkip;
  /** Changed invoices looked at, and how many of them changed in the book. */
  checked: number;
  changed: number;
  /** When payment status was last read successfully (the oldest over the billing systems asked), or null. */
  at: string | null;
  /** Entries the billing system answered in an unreadable way (kept as they were). */
  problems: string[];
  failures: ProviderFailure[];
}

export class BookPoller {
  private running: Promise<PollSummary> | null = null;

  constructor(private readonly deps: BookPollDeps) {}

  /** One poll at a time: a second caller while one runs gets the same answer. */
  poll(reason: PollReason): Promise<PollSummary> {
    this.running ??= this.run(reason).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(reason: PollReason): Promise<PollSummary> {
    const book = await this.deps.book();
    const configured = (await this.deps.configured()).filter((p) => BOOK_PROVIDERS.includes(p));
    const metas = new Map<BookProvider, PollMeta>();
    for (const provider of configured) metas.set(provider, await readMeta(book, provider));
    const summary: PollSummary = { polled: false, checked: 0, changed: 0, at: oldest([...metas.values()].map((m) => m.lastPollAt)), problems: [], failures: [] };
    if (configured.length === 0) return { ...summary, skipped: 'no-billing-system' };
    const runActive = await this.deps.billingRunActive();
    const now = this.deps.now();
    const due = configured.filter((p) => shouldPoll({ lastPollAt: metas.get(p)!.lastPollAt }, reason, now, runActive));
    if (due.length === 0) {
      const last = [...metas.values()];
      return { ...summary, skipped: runActive ? 'billing-run' : 'recent', checked: sum(last.map((m) => m.checked)), changed: sum(last.map((m) => m.changed)) };
    }
    summary.polled = true;
    for (const provider of due) {
      const state: PollState = { lastPollAt: metas.get(provider)!.lastPollAt };
      try {
        const result = await this.pollOne(book, provider, state, now);
        const meta: PollMeta = { lastPollAt: result.next.lastPollAt, checked: result.listed, changed: result.updated };
        await book.db.meta.put({ key: metaKey(provider), value: meta });
        metas.set(provider, meta);
        summary.checked += result.listed;
        summary.changed += result.updated;
        summary.problems.push(...result.problems);
      } catch (error) {
        summary.failures.push({ provider, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    summary.at = oldest([...metas.values()].map((m) => m.lastPollAt));
    return summary;
  }

  private async pollOne(book: InvoiceBook, provider: BookProvider, state: PollState, now: Date): Promise<PollResult> {
    if (provider === 'lexware') return pollLexware(book, await this.deps.lexware(), state, now);
    return pollSevdesk(book, await this.deps.sevdesk(), state, now);
  }
}

async function readMeta(book: InvoiceBook, provider: BookProvider): Promise<PollMeta> {
  const stored = await book.db.meta.get(metaKey(provider));
  const parsed = v.safeParse(PollMetaSchema, stored?.value);
  // Unreadable or missing: start as on the first poll (it looks back far enough, nothing is missed).
  return parsed.success ? parsed.output : { lastPollAt: null, checked: 0, changed: 0 };
}

function oldest(instants: readonly (string | null)[]): string | null {
  return instants.filter((i): i is string => i !== null).sort()[0] ?? null;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The alarm, created when missing (alarms may be cleared when the browser restarts). */
export async function ensureBookPollAlarm(alarms: { get(name: string): Promise<unknown>; create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void> | void }): Promise<void> {
  const existing = await alarms.get(BOOK_POLL_ALARM);
  if (!existing) await alarms.create(BOOK_POLL_ALARM, { periodInMinutes: POLL_ALARM_MINUTES, delayInMinutes: 1 });
}
