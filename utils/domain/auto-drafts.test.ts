import { describe, expect, it } from 'vitest';
import { defaultInvoiceSettings, makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { autoDraftsDue, autoDraftsFrom, collectivePeriodOf, type AutoDraftInput, type CustomerChoice } from './auto-drafts';
import type { Order } from './order';

const wien: Order['customer'] = { id: '30003', name: 'Wiener Fracht GmbH', vatId: 'ATU12345678', billingAddress: { street: 'Ring 1', zip: '1010', city: 'Wien', countryCode: 'AT' } };
const neu: Order['customer'] = { id: '40004', name: 'Neukunde KG', billingAddress: { street: 'Domplatz 1', zip: '50667', city: 'Köln', countryCode: 'DE' } };

const deliveredOn = (customer: Order['customer'], day: string, overrides: Partial<Order> = {}) =>
  makeOrder({
    customer,
    stops: [
      { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: day },
      { type: 'delivery', city: 'München', countryCode: 'DE', date: day },
    ],
    ...overrides,
  });

const contact = (name: string) => ({ id: `c-${name}`, name });

function input(orders: Order[], links: Record<string, CustomerChoice>, overrides: Partial<AutoDraftInput> = {}): AutoDraftInput {
  return {
    reads: orders.map((order) => ({ ok: true as const, order })),
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: { ...defaultInvoiceSettings, finalize: true },
    links,
    taxCases: {},
    invoiced: new Set(),
    busy: new Set(),
    // A Wednesday.
    today: '2026-12-02',
    ...overrides,
  };
}

const ordersOf = (plan: ReturnType<typeof autoDraftsDue>) => plan.invoices.map((i) => i.draft.positions.map((p) => p.orderId));

describe('collective periods', () => {
  it('runs a week from Monday to Sunday and a month from its first to its last day', () => {
    expect(collectivePeriodOf('2026-12-02', 'weekly')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(collectivePeriodOf('2026-11-29', 'weekly')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(collectivePeriodOf('2024-02-10', 'monthly')).toEqual({ start: '2024-02-01', end: '2024-02-29' });
  });

  it('looks back to the first of the month before today', () => {
    expect(autoDraftsFrom('2026-12-20')).toBe('2026-11-01');
    expect(autoDraftsFrom('2027-01-04')).toBe('2026-12-01');
  });
});

describe('autoDraftsDue', () => {
  it('drafts a single-invoice customer’s orders at once, one draft each, never finalised', () => {
    const a = deliveredOn(wien, '2026-12-01');
    const b = deliveredOn(wien, '2026-12-02');
    const plan = autoDraftsDue(input([a, b], { [wien.id]: { contact: contact('Wien'), billingMode: 'single' } }));
    expect(ordersOf(plan)).toEqual([[a.id], [b.id]]);
    expect(plan.invoices.every((i) => i.draft.finalize === false)).toBe(true);
    expect(plan.leftForUser).toEqual([]);
  });

  it('bills a collective customer only once its period has ended, one draft per ended period', () => {
    const lastMonth = [deliveredOn(nordlicht, '2026-11-03'), deliveredOn(nordlicht, '2026-11-28')];
    const thisMonth = deliveredOn(nordlicht, '2026-12-01');
    const plan = autoDraftsDue(input([...lastMonth, thisMonth], { [nordlicht.id]: { contact: contact('Nordlicht') } }));
    expect(ordersOf(plan)).toEqual([lastMonth.map((o) => o.id)]);
    expect(plan.waiting).toBe(1);

    const weekly = autoDraftsDue(input([...lastMonth, thisMonth], { [nordlicht.id]: { contact: contact('Nordlicht'), billingMode: 'collective', period: 'weekly' } }));
    // Two ended weeks, two drafts; the week of 30 November still runs.
    expect(ordersOf(weekly)).toEqual([[lastMonth[0]!.id], [lastMonth[1]!.id]]);
    expect(weekly.waiting).toBe(1);
  });

  it('leaves out orders already invoiced, being invoiced, cancelled or carrying an invoice link', () => {
    const invoiced = deliveredOn(wien, '2026-12-01');
    const busy = deliveredOn(wien, '2026-12-01');
    const cancelled = deliveredOn(wien, '2026-12-01', { status: 'cancelled' });
    const linked = deliveredOn(wien, '2026-12-01', { invoiceLinks: ['https://app.lexware.de/i/1'] });
    const paid = deliveredOn(wien, '2026-12-01', { status: 'paid' });
    const open = deliveredOn(wien, '2026-12-01');
    const plan = autoDraftsDue(
      input([invoiced, busy, cancelled, linked, paid, open], { [wien.id]: { contact: contact('Wien'), billingMode: 'single' } }, { invoiced: new Set([invoiced.id]), busy: new Set([busy.id]) }),
    );
    expect(ordersOf(plan)).toEqual([[open.id]]);
    expect(plan.leftForUser).toEqual([]);
  });

  it('leaves for the user what the review would stop on, and drafts the rest', () => {
    const unlinked = deliveredOn(neu, '2026-11-20');
    const francs = deliveredOn(wien, '2026-12-01', { price: { minor: 50000, currency: 'CHF' } });
    const good = deliveredOn(wien, '2026-12-01');
    const plan = autoDraftsDue(
      input([unlinked, francs, good], { [wien.id]: { contact: contact('Wien'), billingMode: 'single' } }, {
        reads: [
          { ok: true, order: unlinked },
          { ok: true, order: francs },
          { ok: true, order: good },
          { ok: false, id: 'o-broken', number: 'A-BROKEN', problems: [{ code: 'price-missing' }] },
        ],
      }),
    );
    expect(ordersOf(plan)).toEqual([[good.id]]);
    expect(plan.leftForUser).toEqual(
      expect.arrayContaining([
        { id: 'o-broken', number: 'A-BROKEN', reason: 'unreadable' },
        { id: unlinked.id, number: unlinked.number, reason: 'customer-not-linked' },
        { id: francs.id, number: francs.number, reason: 'currency-not-supported' },
      ]),
    );
    expect(plan.leftForUser).toHaveLength(3);
  });

  it('leaves a draft that is not e-invoice ready for the user', () => {
    const order = deliveredOn(wien, '2026-12-01');
    const plan = autoDraftsDue(
      input([order], { [wien.id]: { contact: contact('Wien'), billingMode: 'single' } }, { readiness: () => ({ code: 'e-invoice-not-ready', severity: 'blocking', params: { count: 1 } }) }),
    );
    expect(plan.invoices).toEqual([]);
    expect(plan.leftForUser).toEqual([{ id: order.id, number: order.number, reason: 'not-e-invoice-ready' }]);
  });
});
