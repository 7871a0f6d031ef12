/**
 * Automatic drafts: which of a TMS site's delivered orders are due for a draft invoice now,
 * and which are left for the user. Pure; the background reads the orders and starts the run.
 *
 * - Customers set to single invoices get a draft per order at once.
 * - Customers set to collective invoices get one draft per period (week or month, their
 *   choice; monthly when none is stored), once that period has ended. Orders of a period
 *   still running wait, quietly: they are neither billed nor "left for the user".
 * - Orders already invoiced, being invoiced, cancelled, or on a run still going are not
 *   this pass's business at all.
 * - Everything the run review would stop on (an unreadable order, a customer without a
 *   linked contact, a currency the billing system does not take, an undecided tax case, a
 *   draft with blocking problems or not e-invoice ready) is left for the user with its reason.
 *
 * Grouping and composing are the run review's own (planBillingRun, compose), so an automatic
 * draft is the invoice the user would have got by hand; only finalising is never done.
 */
import { planBillingRun, type BillingMode, type CollectivePeriod } from './billing-run';
import { compose } from './compose';
import { deliveryDate, INVOICED_STATUSES, type Order } from './order';
import type { OrderReadResult } from './read-problem';
import type { ContactRef, InvoiceDraft } from './invoice';
import type { IsoDate } from './dates';
import type { ProviderId } from './ids';
import type { InvoiceSettings } from './settings';
import type { TaxCase } from './tax';
import { PROVIDER_RULES } from './provider-rules';
import { isBlocking, type Problem } from './problems';
import { validateDraft } from './validate-draft';
import { runTaxGroup } from './run-tax-group';

export { COLLECTIVE_PERIODS, type CollectivePeriod } from './billing-run';
export const DEFAULT_COLLECTIVE_PERIOD: CollectivePeriod = 'monthly';

export interface DatePeriod {
  start: IsoDate;
  end: IsoDate;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (date: IsoDate) => new Date(`${date}T00:00:00Z`);

/** The week (Monday to Sunday) or calendar month a delivery date falls in. */
export function collectivePeriodOf(date: IsoDate, period: CollectivePeriod): DatePeriod {
  const day = utc(date);
  if (period === 'monthly') {
    const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
    const end = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0));
    return { start: iso(start), end: iso(end) };
  }
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  const start = new Date(day.getTime() - sinceMonday * 86_400_000);
  return { start: iso(start), end: iso(new Date(start.getTime() + 6 * 86_400_000)) };
}

/**
 * The first delivery date an automatic pass looks at: the first of the month before today's,
 * so a monthly invoice of the month just ended is whole. Older open orders are a matter for
 * a billing run by hand.
 */
export function autoDraftsFrom(today: IsoDate): IsoDate {
  const thisMonth = utc(collectivePeriodOf(today, 'monthly').start);
  return iso(new Date(Date.UTC(thisMonth.getUTCFullYear(), thisMonth.getUTCMonth() - 1, 1)));
}

/** Why an order waits for the user; the run report shows the reason. */
export type LeftReason = 'unreadable' | 'customer-not-linked' | 'currency-not-supported' | 'tax-case-undecided' | 'invoice-problems' | 'not-e-invoice-ready';

export interface LeftForUser {
  id: string;
  number: string;
  reason: LeftReason;
}

export interface CustomerChoice {
  contact: ContactRef;
  billingMode?: BillingMode | undefined;
  period?: CollectivePeriod | undefined;
}

export interface AutoDraftInput {
  reads: readonly OrderReadResult[];
  tms: { origin: string; adapter: string };
  provider: ProviderId;
  connected: boolean;
  settings: InvoiceSettings;
  /** Linked customers of this site and billing system, by TMS customer id. */
  links: Readonly<Record<string, CustomerChoice>>;
  taxCases: Readonly<Record<string, TaxCase>>;
  /** Invoiced per the invoice book (and so never drafted again). */
  invoiced: ReadonlySet<string>;
  /** On an invoice job or a billing run that is still going. */
  busy: ReadonlySet<string>;
  today: IsoDate;
  /** The e-invoice check the background makes before sending, or null when the draft passes. */
  readiness?: (draft: InvoiceDraft) => Problem | null;
}

export interface DueInvoice {
  key: string;
  draft: InvoiceDraft;
  split?: { part: number; of: number };
}

export interface AutoDraftPlan {
  invoices: DueInvoice[];
  leftForUser: LeftForUser[];
  /** Orders of collective periods that have not ended yet. */
  waiting: number;
}

function isClosed(order: Order, input: AutoDraftInput): boolean {
  return (
    order.status === 'cancelled' ||
    INVOICED_STATUSES.has(order.status) ||
    (order.invoiceLinks?.length ?? 0) > 0 ||
    input.invoiced.has(order.id) ||
    input.busy.has(order.id)
  );
}

export function autoDraftsDue(input: AutoDraftInput): AutoDraftPlan {
  const leftForUser: LeftForUser[] = [];
  const orders: Order[] = [];
  let waiting = 0;
  for (const read of input.reads) {
    if (!read.ok) {
      if (!input.invoiced.has(read.id) && !input.busy.has(read.id)) leftForUser.push({ id: read.id, number: read.number ?? read.id, reason: 'unreadable' });
      continue;
    }
    const order = read.order;
    if (isClosed(order, input)) continue;
    const choice = input.links[order.customer.id];
    // A linked customer's collective invoice waits for the end of its period.
    if (choice && (choice.billingMode ?? 'collective') === 'collective') {
      const period = collectivePeriodOf(deliveryDate(order), choice.period ?? DEFAULT_COLLECTIVE_PERIOD);
      if (period.end >= input.today) {
        waiting++;
        continue;
      }
    }
    orders.push(order);
  }

  // One plan per collective period, so a pass that comes late bills two ended weeks as two invoices.
  const byPeriod = new Map<string, Order[]>();
  for (const order of orders) {
    const choice = input.links[order.customer.id];
    const single = choice?.billingMode === 'single';
    const bucket = single || !choice ? '' : collectivePeriodOf(deliveryDate(order), choice.period ?? DEFAULT_COLLECTIVE_PERIOD).start;
    byPeriod.set(bucket, [...(byPeriod.get(bucket) ?? []), order]);
  }

  const rules = PROVIDER_RULES[input.provider];
  const invoices: DueInvoice[] = [];
  const settings: InvoiceSettings = { ...input.settings, finalize: false };
  for (const part of byPeriod.values()) {
    const plan = planBillingRun({
      orders: part,
      rules,
      customerKey: (order) => order.customer.id,
      isLinked: (customerId) => input.links[customerId] !== undefined,
      modeOf: (customerId) => input.links[customerId]?.billingMode,
      isInvoiced: () => false,
      taxGroupOf: (order) => runTaxGroup(order, input.taxCases[order.customer.id], settings),
    });
    for (const group of plan.attention) {
      for (const o of group.orders) leftForUser.push({ id: o.id, number: o.number, reason: leftReasonOf(group.reason) });
    }
    for (const planned of plan.invoices) {
      const taxCase = input.taxCases[planned.customerKey];
      const { draft, problems } = compose({
        orders: planned.orders,
        tms: input.tms,
        provider: input.provider,
        connected: input.connected,
        settings,
        contact: input.links[planned.customerKey]?.contact ?? null,
        ...(taxCase ? { taxCase } : {}),
        today: input.today,
      });
      const all = [...problems, ...(draft ? validateDraft(draft, { connected: input.connected }) : [])];
      const notReady = draft && !isBlocking(all) ? input.readiness?.(draft) : null;
      const reason: LeftReason | null = !draft || isBlocking(all) ? 'invoice-problems' : notReady?.severity === 'blocking' ? 'not-e-invoice-ready' : null;
      if (reason || !draft) {
        for (const o of planned.orders) leftForUser.push({ id: o.id, number: o.number, reason: reason ?? 'invoice-problems' });
        continue;
      }
      // Never finalised automatically, whatever the defaults say.
      invoices.push({
        key: planned.key,
        draft: { ...draft, finalize: false },
        ...(planned.split ? { split: { part: planned.split.part, of: planned.split.of } } : {}),
      });
    }
  }
  return { invoices, leftForUser, waiting };
}

function leftReasonOf(reason: string): LeftReason {
  switch (reason) {
    case 'unreadable':
    case 'customer-not-linked':
    case 'currency-not-supported':
    case 'tax-case-undecided':
      return reason;
    default:
      return 'invoice-problems';
  }
}
