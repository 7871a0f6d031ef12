/**
 * "Proposed for invoicing": which delivered orders of a period are not invoiced yet. Pure:
 * the candidates come from the adapter (the TMS's own API across all pages, or the rows on
 * screen), what the extension knows as invoiced or being invoiced from the background.
 *
 * An order counts when the TMS calls it delivered, its delivery date lies in the period, no
 * invoice link sits on it in the TMS, and Frachtbeleg has neither invoiced it nor an
 * invoice for it in progress. Cancelled orders never count.
 */
import type { IsoDate } from '../domain/dates';
import type { OrderSummary } from './adapter';

export type PeriodKind = 'this-month' | 'last-month' | 'custom' | 'all';

/** "All": every delivered order not invoiced yet, from this date on (older than any TMS's data). */
export const ALL_FROM: IsoDate = '2000-01-01';

/** Both ends included, ISO dates. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** An order the TMS lists, as far as the proposal needs it. */
export interface DeliveredCandidate {
  summary: OrderSummary;
  /** The date of its (last) delivery, or null when the source does not show one. */
  deliveredOn: IsoDate | null;
  /** The TMS shows an invoice link on it already. */
  invoicedInTms: boolean;
}

export interface Proposal {
  orders: OrderSummary[];
  /** Delivered, not invoiced orders whose delivery date the source does not show: not counted. */
  undated: number;
}

/** The adapter could not list the TMS's orders (listDelivered). */
export class DeliveredListError extends Error {
  override name = 'DeliveredListError';
  constructor(readonly reason: 'session-expired' | 'tms-unreachable' | 'unexpected-answer') {
    super(`The TMS's order list could not be read (${reason})`);
  }
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The range of a period around `today`: this calendar month, or the one before. */
export function monthRange(kind: 'this-month' | 'last-month', today: IsoDate): DateRange {
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  if (kind === 'last-month') {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return { from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDayOf(year, month))}` };
}

/** The range a period choice stands for; `custom` is the user's own from–to. */
export function periodRange(kind: PeriodKind, today: IsoDate, custom: DateRange): DateRange {
  if (kind === 'custom') return custom;
  if (kind === 'all') return { from: ALL_FROM, to: today };
  return monthRange(kind, today);
}

/** Whether an order delivered on `date` belongs to the period (an order without a date belongs only to "all"). */
export function inPeriod(date: IsoDate | null, range: DateRange, kind: PeriodKind): boolean {
  if (kind === 'all') return true;
  return date !== null && date >= range.from && date <= range.to;
}

// Statuses as the adapters report them: the demo's API words, or a recipe's page text.
const DELIVERED = new Set(['delivered', 'geliefert', 'zugestellt']);
const CANCELLED = new Set(['cancelled', 'canceled', 'storniert']);
const norm = (status: string) => status.trim().toLowerCase();

export const isDelivered = (status: string): boolean => DELIVERED.has(norm(status));
export const isCancelled = (status: string): boolean => CANCELLED.has(norm(status));

/** Delivered and not invoiced in the TMS: the orders worth asking the background about. */
export function openDelivered(candidates: readonly DeliveredCandidate[], range: DateRange): DeliveredCandidate[] {
  return candidates.filter(
    (c) => isDelivered(c.summary.status) && !isCancelled(c.summary.status) && !c.invoicedInTms && (c.deliveredOn === null || (c.deliveredOn >= range.from && c.deliveredOn <= range.to)),
  );
}

/** The proposal: each order once, in the source's order. */
export function proposeForInvoicing(
  candidates: readonly DeliveredCandidate[],
  range: DateRange,
  known: { invoiced: ReadonlySet<string>; inProgress: ReadonlySet<string> },
): Proposal {
  const seen = new Set<string>();
  const orders: OrderSummary[] = [];
  let undated = 0;
  for (const c of openDelivered(candidates, range)) {
    const id = c.summary.id;
    if (seen.has(id) || known.invoiced.has(id) || known.inProgress.has(id)) continue;
    seen.add(id);
    if (c.deliveredOn === null) undated++;
    else orders.push(c.summary);
  }
  return { orders, undated };
}
