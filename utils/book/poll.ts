/**
 * Payment status by polling (the billing systems' webhooks need a public server). This module
 * plans a poll and applies its answers; the HTTP calls come through an injected client, so
 * the rules are tested without a network: one list call in the normal case, the payments
 * endpoint only for invoices that changed, a cap per poll within the rate limit.
 */
import * as v from 'valibot';
import type { IsoDate } from '../domain/dates';
import type { InvoiceBook } from './book';
import { LexwarePaymentsSchema, mapLexwareStatus, mapSevdeskStatus, type MappingResult } from './status';
import { invoiceKeyOf, type BookProvider, type InvoiceRow } from './schema';

export interface PollState {
  /** When the last poll's list call was answered; null before the first. */
  lastPollAt: string | null;
}

/** Poll when the book or popup opens if the last one is older than this, and by alarm every 30 minutes. */
export const POLL_ON_OPEN_AFTER_MS = 2 * 60_000;
export const POLL_ALARM_MINUTES = 30;
/** At most this many payment reads per poll (Lexware Office allows 2 requests/s, shared with everything else). */
export const MAX_DETAIL_CALLS = 20;
/** How far back the first poll looks. */
export const FIRST_POLL_DAYS = 90;
/** sevdesk's updateAfter is an instant; re-read a few minutes in case of clock skew. */
const SEVDESK_OVERLAP_MS = 5 * 60_000;

export type PollReason = 'opened' | 'alarm';

/** Whether to poll now. Never while a billing run uses the API; on opening only if not polled just now. */
export function shouldPoll(state: PollState, reason: PollReason, now: Date, billingRunActive: boolean): boolean {
  if (billingRunActive) return false;
  if (state.lastPollAt === null || reason === 'alarm') return true;
  return now.getTime() - new Date(state.lastPollAt).getTime() >= POLL_ON_OPEN_AFTER_MS;
}

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Lexware's `updatedDateFrom` takes whole days in German time: the day of the last poll, read again. */
export function lexwareUpdatedDateFrom(state: PollState, now: Date): IsoDate {
  const from = state.lastPollAt === null ? new Date(now.getTime() - FIRST_POLL_DAYS * 86_400_000) : new Date(state.lastPollAt);
  return berlinDay.format(from);
}

/** sevdesk's `updateAfter` as unix seconds, a little before the last poll. */
export function sevdeskUpdateAfter(state: PollState, now: Date): number {
  const from = state.lastPollAt === null ? now.getTime() - FIRST_POLL_DAYS * 86_400_000 : new Date(state.lastPollAt).getTime() - SEVDESK_OVERLAP_MS;
  return Math.floor(from / 1000);
}

// ------------------------------------------------------------------------------------------
// The clients the background provides (rate-limited, authenticated; not here)

export const LexwareListItemSchema = v.object({
  id: v.string(),
  voucherStatus: v.string(),
  updatedDate: v.string(),
  /** Lexware's own due date ("2026-12-19T00:00:00.000+01:00"); null for drafts and credit notes. */
  dueDate: v.optional(v.nullable(v.string())),
});
export type LexwareListItem = v.InferOutput<typeof LexwareListItemSchema>;

export interface LexwarePollClient {
  /** `GET /v1/voucherlist?voucherType=invoice,creditnote&voucherStatus=any&updatedDateFrom=…`, all pages. */
  listChangedVouchers(updatedDateFrom: IsoDate): Promise<unknown[]>;
  /** `GET /v1/payments/{id}`; null when Lexware keeps no payments for that voucher (a draft, a linked credit note). */
  payments(id: string): Promise<unknown>;
}

export const SevdeskListItemSchema = v.object({
  id: v.string(),
  status: v.union([v.string(), v.number()]),
  paidAmount: v.optional(v.unknown()),
  payDate: v.optional(v.unknown()),
  update: v.optional(v.string()),
});
export type SevdeskListItem = v.InferOutput<typeof SevdeskListItemSchema>;

export interface SevdeskPollClient {
  /** `GET /Invoice?updateAfter=…`, all pages. */
  listChangedInvoices(updateAfter: number): Promise<unknown[]>;
  /** `GET /Invoice/{id}/getIsPartiallyPaid`, for invoices from before status 750 existed. */
  isPartiallyPaid(id: string): Promise<boolean>;
  /**
   * `GET /CreditNote/{id}` as a list item (id, status, paidAmount, payDate), null when sevdesk
   * no longer has it. Credit notes are not in the invoice list, and their list has no `updateAfter`.
   */
  creditNote(id: string): Promise<unknown>;
}

export interface PollResult {
  listed: number;
  updated: number;
  detailCalls: number;
  /** Changed invoices whose details wait for the next poll (the cap was reached). */
  deferred: number;
  problems: string[];
  next: PollState;
}

/** Statuses after which nothing changes any more: no payment read needed. */
const settled = (row: InvoiceRow): boolean => row.status === 'cancelled' || (row.status === 'paid' && row.paidDate !== null);

const LEXWARE_NEEDS_PAYMENTS = new Set(['open', 'overdue', 'paid', 'paidoff', 'transferred', 'sepadebit']);

/**
 * Which changed vouchers need the payments endpoint: known to the book, changed after the last
 * poll (the day is re-read, the earlier part of it was handled), in a status whose amounts
 * matter, and not settled already. Oldest change first, so a capped poll resumes in order.
 */
export function lexwarePaymentsNeeded(items: readonly LexwareListItem[], rows: ReadonlyMap<string, InvoiceRow>, state: PollState): LexwareListItem[] {
  return items
    .filter((item) => {
      const row = rows.get(invoiceKeyOf('lexware', item.id));
      // Credit notes: their status says it all (a linked one is paid off at once, and its payments answer 406).
      if (!row || row.documentType !== 'invoice' || !LEXWARE_NEEDS_PAYMENTS.has(item.voucherStatus)) return false;
      if (state.lastPollAt !== null && new Date(item.updatedDate).getTime() <= new Date(state.lastPollAt).getTime()) return false;
      return !settled(row) || (item.voucherStatus !== 'paid' && item.voucherStatus !== 'paidoff');
    })
    .sort((a, b) => new Date(a.updatedDate).getTime() - new Date(b.updatedDate).getTime());
}

export async function pollLexware(book: InvoiceBook, client: LexwarePollClient, state: PollState, now: Date): Promise<PollResult> {
  const problems: string[] = [];
  const listed = parseItems(LexwareListItemSchema, await client.listChangedVouchers(lexwareUpdatedDateFrom(state, now)), problems);
  const rows = await rowsOf(book, 'lexware', listed.map((i) => i.id));
  const needed = lexwarePaymentsNeeded(listed, rows, state);
  const readNow = new Set(needed.slice(0, MAX_DETAIL_CALLS).map((i) => i.id));
  const deferred = needed.slice(MAX_DETAIL_CALLS);
  let updated = 0;
  let detailCalls = 0;
  for (const item of listed) {
    const row = rows.get(invoiceKeyOf('lexware', item.id));
    if (!row) continue;
    // Made with Lexware's default payment term, the book had no due date: the list has it.
    const due = item.dueDate ? /^\d{4}-\d{2}-\d{2}/.exec(item.dueDate)?.[0] : undefined;
    if (row.dueDate === null && due !== undefined && (await book.fillDueDate(row.key, due))) updated++;
    let result: MappingResult;
    if (readNow.has(item.id)) {
      detailCalls++;
      const answer = await client.payments(item.id);
      if (answer === null) {
        problems.push(`${row.invoiceNumber ?? item.id}: no payments in Lexware Office`);
        continue;
      }
      const payments = v.safeParse(LexwarePaymentsSchema, answer);
      if (!payments.success) {
        problems.push(`${row.invoiceNumber ?? item.id}: unreadable payments answer`);
        continue;
      }
      result = mapLexwareStatus({ voucherStatus: item.voucherStatus, grossMinor: row.grossMinor, currency: row.currency, payments: payments.output });
    } else if (needed.some((d) => d.id === item.id)) {
      continue; // deferred: its amounts are read next time
    } else if (item.voucherStatus === 'draft' || item.voucherStatus === 'voided' || row.documentType === 'creditNote') {
      result = mapLexwareStatus({ voucherStatus: item.voucherStatus, grossMinor: row.grossMinor, currency: row.currency });
    } else continue;
    if (!result.ok) problems.push(`${row.invoiceNumber ?? item.id}: ${result.reason}`);
    else if (await book.updatePayment(row.key, result.state)) updated++;
  }
  // With work left over, the next poll starts where this one stopped.
  const lastDone = deferred.length > 0 ? needed[MAX_DETAIL_CALLS - 1]!.updatedDate : now.toISOString();
  return { listed: listed.length, updated, detailCalls, deferred: deferred.length, problems, next: { lastPollAt: new Date(lastDone).toISOString() } };
}

/** sevdesk sends status and amounts in the list; only invoices from before status 750 need a second look. */
const PARTLY_PAID_STATUS_SINCE: IsoDate = '2024-06-13';

export async function pollSevdesk(book: InvoiceBook, client: SevdeskPollClient, state: PollState, now: Date): Promise<PollResult> {
  const problems: string[] = [];
  const listed = parseItems(SevdeskListItemSchema, await client.listChangedInvoices(sevdeskUpdateAfter(state, now)), problems);
  const rows = await rowsOf(book, 'sevdesk', listed.map((i) => i.id));
  let updated = 0;
  let detailCalls = 0;
  let deferred = 0;
  for (const item of listed) {
    const row = rows.get(invoiceKeyOf('sevdesk', item.id));
    if (!row) continue;
    let isPartiallyPaid: boolean | undefined;
    const unpaid = item.paidAmount === null || item.paidAmount === undefined || Number(item.paidAmount) === 0;
    if (String(item.status) === '200' && unpaid && row.invoiceDate < PARTLY_PAID_STATUS_SINCE) {
      if (detailCalls >= MAX_DETAIL_CALLS) {
        deferred++;
        continue;
      }
      detailCalls++;
      isPartiallyPaid = await client.isPartiallyPaid(item.id);
    }
    const result = mapSevdeskStatus({
      status: item.status,
      grossMinor: row.grossMinor,
      currency: row.currency,
      // A cancellation invoice (SR) is "paid" with its own negated amount; the book keeps its amounts positive.
      paidAmount: row.documentType === 'creditNote' && item.paidAmount != null ? String(item.paidAmount).replace(/^-/, '') : (item.paidAmount ?? null),
      payDate: item.payDate ?? null,
      isPartiallyPaid,
      // sevdesk has no cancelled status; the book knows it from the cancellation it recorded.
      hasCancellationInvoice: row.status === 'cancelled',
    });
    if (!result.ok) problems.push(`${row.invoiceNumber ?? item.id}: ${result.reason}`);
    else if (await book.updatePayment(row.key, result.state)) updated++;
  }
  // Draft credit notes (made by "Correct invoice") until they settle: the user finalises them in sevdesk.
  for (const row of await book.unsettledCreditNotes('sevdesk', SEVDESK_CREDIT_NOTE_PREFIX)) {
    if (detailCalls >= MAX_DETAIL_CALLS) {
      deferred++;
      continue;
    }
    detailCalls++;
    const label = row.invoiceNumber ?? row.invoiceId;
    let answer: unknown;
    try {
      answer = await client.creditNote(row.invoiceId.slice(SEVDESK_CREDIT_NOTE_PREFIX.length));
    } catch (error) {
      problems.push(`${label}: ${error instanceof Error ? error.message : 'unreadable answer'}`);
      continue;
    }
    // Deleted in sevdesk (a draft the user threw away): it corrects nothing any more.
    const item = answer === null ? null : v.safeParse(SevdeskListItemSchema, answer);
    if (item !== null && !item.success) {
      problems.push(`${label}: unreadable credit note`);
      continue;
    }
    const result: MappingResult =
      item === null
        ? { ok: true, state: { status: 'cancelled', paidMinor: 0, paidDate: null } }
        : mapSevdeskStatus({
            status: item.output.status,
            grossMinor: row.grossMinor,
            currency: row.currency,
            // The book keeps a credit note's amounts positive.
            paidAmount: item.output.paidAmount != null ? String(item.output.paidAmount).replace(/^-/, '') : null,
            payDate: item.output.payDate ?? null,
            hasCancellationInvoice: false,
          });
    if (!result.ok) problems.push(`${label}: ${result.reason}`);
    else if (await book.updatePayment(row.key, result.state)) updated++;
  }
  const next = deferred > 0 ? state : { lastPollAt: now.toISOString() };
  return { listed: listed.length, updated, detailCalls, deferred, problems, next };
}

/** The book's id of a sevdesk credit note (utils/billing/sevdesk/correction-client.ts `creditNoteBookId`). */
const SEVDESK_CREDIT_NOTE_PREFIX = 'CreditNote-';

function parseItems<T>(schema: v.GenericSchema<unknown, T>, raw: readonly unknown[], problems: string[]): T[] {
  const out: T[] = [];
  raw.forEach((item, i) => {
    const parsed = v.safeParse(schema, item);
    if (parsed.success) out.push(parsed.output);
    else problems.push(`list item ${i + 1}: unreadable`);
  });
  return out;
}

async function rowsOf(book: InvoiceBook, provider: BookProvider, ids: readonly string[]): Promise<Map<string, InvoiceRow>> {
  const rows = new Map<string, InvoiceRow>();
  for (const id of ids) {
    const row = await book.get(invoiceKeyOf(provider, id)).catch(() => undefined);
    if (row) rows.set(row.key, row);
  }
  return rows;
}
