/**
 * The month-end billing run, planned: a mixed selection becomes one invoice per customer
 * and currency (or one per order, for customers who want single invoices), split where a
 * billing system's position limit requires it, with everything that can't be invoiced yet
 * set aside in groups of its own, each with its reason and fix. Pure: composing each
 * planned invoice into a draft is compose()'s job; sending is the job runner's.
 */
import { compareIsoDates, isIsoDate, type IsoDate } from './dates';
import { deliveryDate, INVOICED_STATUSES, type Customer, type Order } from './order';
import type { ProviderRules } from './provider-rules';
import { collator } from './intl-cache';

/** How a customer wants to be billed: one invoice per period, or one per order. */
export const BILLING_MODES = ['collective', 'single'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
/** How long a collective invoice collects orders (automatic drafts bill it when it ends). */
export const COLLECTIVE_PERIODS = ['weekly', 'monthly'] as const;
export type CollectivePeriod = (typeof COLLECTIVE_PERIODS)[number];

export type AttentionReason =
  | 'unreadable'
  | 'customer-not-linked'
  | 'currency-not-supported'
  | 'already-invoiced'
  | 'invoice-in-progress'
  | 'cancelled'
  | 'tax-case-undecided';

/** What the review offers to resolve a group: the user's next step. */
export type AttentionFix = 'link-customer' | 'leave-out' | 'include-again' | 'switch-billing-system' | 'choose-tax-case' | 'open-order';

const FIXES: Record<AttentionReason, readonly AttentionFix[]> = {
  unreadable: ['open-order', 'leave-out'],
  'customer-not-linked': ['link-customer', 'leave-out'],
  'currency-not-supported': ['switch-billing-system', 'leave-out'],
  'already-invoiced': ['include-again', 'leave-out'],
  'invoice-in-progress': ['leave-out'],
  cancelled: ['leave-out'],
  'tax-case-undecided': ['choose-tax-case', 'leave-out'],
};

export interface RunOrderRef {
  id: string;
  number: string;
}

export interface PlannedInvoice {
  /** Stable for the same orders: the run's journal keys its invoice jobs by it. */
  key: string;
  customerKey: string;
  customer: Customer;
  currency: string;
  mode: BillingMode;
  /** In delivery-date order. */
  orders: Order[];
  /** Set when a collective invoice was split at the position limit. */
  split?: { part: number; of: number; limit: number };
  /** Sum of the orders' prices (net, minor units); the draft adds VAT. */
  netMinor: number;
  /** A VAT category, when orders of one customer fell into several and were separated. */
  taxGroup?: string;
}

export interface AttentionGroup {
  reason: AttentionReason;
  fixes: readonly AttentionFix[];
  customerKey?: string;
  customerName?: string;
  currency?: string;
  orders: RunOrderRef[];
}

export interface RunPlan {
  invoices: PlannedInvoice[];
  attention: AttentionGroup[];
  /** Orders the user left out of the run. */
  leftOut: RunOrderRef[];
  summary: { invoices: number; orders: number; attentionGroups: number; attentionOrders: number };
}

export interface RunPlanInput {
  orders: readonly Order[];
  failures?: readonly { id: string; number?: string }[];
  rules: Pick<ProviderRules, 'currencies' | 'maxPositions'>;
  customerKey(order: Order): string;
  /** Whether the customer is linked to a billing contact in the active system. */
  isLinked(customerKey: string): boolean;
  /** The customer's choice; collective when none is stored. */
  modeOf?(customerKey: string): BillingMode | undefined;
  /** The ledger's, the TMS's and the order's own word on "invoiced". */
  isInvoiced(order: Order): boolean;
  inProgress?: ReadonlySet<string>;
  /** Already-invoiced orders the user deliberately includes again. */
  include?: ReadonlySet<string>;
  exclude?: ReadonlySet<string>;
  /** The VAT category of an order's tax case, or null when it can't be decided yet. */
  taxGroupOf?(order: Order): string | null;
}

export function planBillingRun(input: RunPlanInput): RunPlan {
  const attention = new Map<string, AttentionGroup>();
  const leftOut: RunOrderRef[] = [];
  const ref = (o: { id: string; number?: string }): RunOrderRef => ({ id: o.id, number: o.number ?? o.id });
  const setAside = (reason: AttentionReason, order: { id: string; number?: string }, who?: { key: string; customer: Customer; currency?: string }) => {
    const id = [reason, who?.key ?? '', who?.currency ?? ''].join('\u0000');
    let group = attention.get(id);
    if (!group) {
      group = {
        reason,
        fixes: FIXES[reason],
        ...(who ? { customerKey: who.key, customerName: who.customer.name } : {}),
        ...(who?.currency ? { currency: who.currency } : {}),
        orders: [],
      };
      attention.set(id, group);
    }
    group.orders.push(ref(order));
  };

  for (const failure of input.failures ?? []) {
    if (input.exclude?.has(failure.id)) leftOut.push(ref(failure));
    else setAside('unreadable', failure);
  }

  // Each order's tax group is worked out once: it decides both whether the order waits and
  // which invoice it goes on.
  const taxGroups = new Map<Order, string | null>();
  const taxGroupOf = input.taxGroupOf
    ? (order: Order): string | null => {
        if (!taxGroups.has(order)) taxGroups.set(order, input.taxGroupOf!(order));
        return taxGroups.get(order)!;
      }
    : null;

  // Customer and currency first; a customer's orders stay together in the review.
  const buckets = new Map<string, { key: string; customer: Customer; currency: string; orders: Order[] }>();
  const seen = new Set<string>();
  for (const order of input.orders) {
    if (seen.has(order.id)) continue; // the same order twice in a selection is one order
    seen.add(order.id);
    const key = input.customerKey(order);
    const who = { key, customer: order.customer, currency: order.price.currency };
    if (input.exclude?.has(order.id)) leftOut.push(ref(order));
    else if (order.status === 'cancelled') setAside('cancelled', order, who);
    else if (input.inProgress?.has(order.id)) setAside('invoice-in-progress', order, who);
    else if ((INVOICED_STATUSES.has(order.status) || input.isInvoiced(order)) && !input.include?.has(order.id)) setAside('already-invoiced', order, who);
    else if (input.rules.currencies && !input.rules.currencies.includes(order.price.currency)) setAside('currency-not-supported', order, who);
    else if (!input.isLinked(key)) setAside('customer-not-linked', order, who);
    else if (taxGroupOf && taxGroupOf(order) === null) setAside('tax-case-undecided', order, who);
    else {
      const bucketId = `${key}\u0000${order.price.currency}`;
      const bucket = buckets.get(bucketId) ?? { ...who, orders: [] };
      bucket.orders.push(order);
      buckets.set(bucketId, bucket);
    }
  }

  const invoices: PlannedInvoice[] = [];
  for (const bucket of buckets.values()) {
    const mode = input.modeOf?.(bucket.key) ?? 'collective';
    const sorted = inDeliveryOrder(bucket.orders);
    const byTaxGroup = taxGroupOf ? groupBy(sorted, (o) => taxGroupOf(o)!) : new Map([['', sorted]]);
    const separated = byTaxGroup.size > 1;
    for (const [taxGroup, orders] of byTaxGroup) {
      const chunks = mode === 'single' ? orders.map((o) => [o]) : chunk(orders, input.rules.maxPositions);
      chunks.forEach((part, i) => {
        invoices.push({
          key: planKey(bucket.key, bucket.currency, part),
          customerKey: bucket.key,
          customer: bucket.customer,
          currency: bucket.currency,
          mode,
          orders: part,
          ...(mode === 'collective' && chunks.length > 1 ? { split: { part: i + 1, of: chunks.length, limit: input.rules.maxPositions } } : {}),
          netMinor: part.reduce((sum, o) => sum + o.price.minor, 0),
          ...(separated ? { taxGroup } : {}),
        });
      });
    }
  }
  invoices.sort((a, b) => a.customer.name.localeCompare(b.customer.name) || a.currency.localeCompare(b.currency));

  const groups = [...attention.values()];
  return {
    invoices,
    attention: groups,
    leftOut,
    summary: {
      invoices: invoices.length,
      orders: invoices.reduce((n, inv) => n + inv.orders.length, 0),
      attentionGroups: groups.length,
      attentionOrders: groups.reduce((n, g) => n + g.orders.length, 0),
    },
  };
}

/**
 * By delivery date, then order number as people count ("A-9" before "A-10"). The keys are
 * worked out once per order, and the collator once: `localeCompare` with options builds a
 * collator on every comparison, which was most of planning a 1,000-order run.
 */
function inDeliveryOrder(orders: readonly Order[]): Order[] {
  const numbers = collator(undefined, { numeric: true });
  return orders
    .map((order) => ({ order, delivered: deliveryDate(order) }))
    .sort((a, b) => compareIsoDates(a.delivered, b.delivered) || numbers.compare(a.order.number, b.order.number))
    .map((keyed) => keyed.order);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key) ?? [];
    list.push(item);
    map.set(key, list);
  }
  return map;
}

function planKey(customerKey: string, currency: string, orders: readonly Order[]): string {
  return [customerKey, currency, ...orders.map((o) => o.id).sort()].join('|');
}

// ------------------------------------------------------------------------------------------
// Proposed for invoicing: delivered, not yet invoiced, in a period.

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

/** The calendar month that contains `date` ("2026-11-17" → November 2026). */
export function monthOf(date: IsoDate): Period {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const [y, m] = date.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { start: `${y}-${mm}-01`, end: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

/** The month before the one that contains `today`: month end bills the month just gone. */
export function previousMonth(today: IsoDate): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, '0')}-01`;
  return monthOf(prev);
}

/**
 * Orders to propose: delivered within the period and not invoiced by any account
 * (status, ledger, the TMS's invoice links). Cancelled orders never count.
 */
export function proposeForInvoicing(orders: readonly Order[], period: Period, isInvoiced: (order: Order) => boolean): Order[] {
  return orders.filter((o) => {
    if (o.status !== 'delivered') return false;
    if ((o.invoiceLinks?.length ?? 0) > 0 || isInvoiced(o)) return false;
    const day = deliveryDate(o);
    return day >= period.start && day <= period.end;
  });
}
