import { describe, expect, it } from 'vitest';
import { makeOrder, nordlicht } from '@/tests/support/orders';
import { monthOf, planBillingRun, previousMonth, proposeForInvoicing, type RunPlanInput } from './billing-run';
import { PROVIDER_RULES } from './provider-rules';
import type { Order } from './order';

const alpen: Order['customer'] = { id: '20002', name: 'Alpen Logistik AG', vatId: 'CHE123456789', billingAddress: { city: 'Basel', countryCode: 'CH' } };
const wien: Order['customer'] = { id: '30003', name: 'Wiener Fracht GmbH', vatId: 'ATU12345678', billingAddress: { city: 'Wien', countryCode: 'AT' } };
const unlinked: Order['customer'] = { id: '40004', name: 'Neukunde KG', billingAddress: { city: 'Köln', countryCode: 'DE' } };

const delivered = (customer: Order['customer'], day: string, overrides: Partial<Order> = {}) =>
  makeOrder({
    customer,
    stops: [
      { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: day },
      { type: 'delivery', city: 'München', countryCode: 'DE', date: day },
    ],
    ...overrides,
  });

const base = (orders: Order[], overrides: Partial<RunPlanInput> = {}): RunPlanInput => ({
  orders,
  rules: PROVIDER_RULES.sevdesk,
  customerKey: (o) => `${o.source.origin}|${o.customer.id}`,
  isLinked: (key) => !key.endsWith(`|${unlinked.id}`),
  isInvoiced: () => false,
  ...overrides,
});

describe('planBillingRun', () => {
  it('makes one invoice per customer and currency, orders in delivery-date order', () => {
    const a2 = delivered(nordlicht, '2026-11-20');
    const a1 = delivered(nordlicht, '2026-11-03');
    const chf = delivered(alpen, '2026-11-05', { price: { minor: 90000, currency: 'CHF' } });
    const eur = delivered(alpen, '2026-11-06', { price: { minor: 10000, currency: 'EUR' } });
    const plan = planBillingRun(base([a2, chf, a1, eur]));
    expect(plan.invoices.map((i) => [i.customer.name, i.currency, i.orders.map((o) => o.id)])).toEqual([
      ['Alpen Logistik AG', 'CHF', [chf.id]],
      ['Alpen Logistik AG', 'EUR', [eur.id]],
      ['Spedition Nordlicht GmbH', 'EUR', [a1.id, a2.id]],
    ]);
    expect(plan.invoices[2]!.netMinor).toBe(250000);
    expect(plan.summary).toEqual({ invoices: 3, orders: 4, attentionGroups: 0, attentionOrders: 0 });
  });

  it('makes one invoice per order for customers set to single invoices', () => {
    const orders = [delivered(wien, '2026-11-02'), delivered(wien, '2026-11-01'), delivered(nordlicht, '2026-11-01')];
    const plan = planBillingRun(base(orders, { modeOf: (key) => (key.endsWith(wien.id) ? 'single' : undefined) }));
    const forWien = plan.invoices.filter((i) => i.customer.id === wien.id);
    expect(forWien.map((i) => [i.mode, i.orders.length])).toEqual([
      ['single', 1],
      ['single', 1],
    ]);
    expect(forWien[0]!.orders[0]!.id).toBe(orders[1]!.id);
    expect(plan.invoices.find((i) => i.customer.id === nordlicht.id)?.mode).toBe('collective');
  });

  it('splits a collective invoice at the position limit, in date order, and says so', () => {
    const orders = Array.from({ length: 7 }, (_, i) => delivered(nordlicht, `2026-11-${String(10 - i).padStart(2, '0')}`));
    const plan = planBillingRun(base(orders, { rules: { currencies: null, maxPositions: 3 } }));
    expect(plan.invoices.map((i) => i.orders.length)).toEqual([3, 3, 1]);
    expect(plan.invoices.map((i) => i.split)).toEqual([
      { part: 1, of: 3, limit: 3 },
      { part: 2, of: 3, limit: 3 },
      { part: 3, of: 3, limit: 3 },
    ]);
    const days = plan.invoices.flatMap((i) => i.orders.map((o) => o.stops[1]!.date));
    expect(days).toEqual([...days].sort());
  });

  it('sets aside what needs attention, each with its reason and fix, without blocking the rest', () => {
    const ok = delivered(nordlicht, '2026-11-03');
    const noLink = delivered(unlinked, '2026-11-04');
    const chf = delivered(alpen, '2026-11-05', { price: { minor: 90000, currency: 'CHF' } });
    const done = delivered(nordlicht, '2026-11-06', { status: 'invoice_created' });
    const byLedger = delivered(nordlicht, '2026-11-07');
    const cancelled = delivered(nordlicht, '2026-11-08', { status: 'cancelled' });
    const plan = planBillingRun(
      base([ok, noLink, chf, done, byLedger, cancelled], {
        rules: PROVIDER_RULES.lexware,
        isInvoiced: (o) => o.id === byLedger.id,
        failures: [{ id: 'o-bad', number: 'A-BAD' }],
      }),
    );
    expect(plan.invoices.map((i) => i.orders.map((o) => o.id))).toEqual([[ok.id]]);
    const reasons = Object.fromEntries(plan.attention.map((g) => [g.reason, { fixes: g.fixes, orders: g.orders.map((o) => o.number) }]));
    expect(reasons).toEqual({
      unreadable: { fixes: ['open-order', 'leave-out'], orders: ['A-BAD'] },
      'customer-not-linked': { fixes: ['link-customer', 'leave-out'], orders: [noLink.number] },
      'currency-not-supported': { fixes: ['switch-billing-system', 'leave-out'], orders: [chf.number] },
      'already-invoiced': { fixes: ['include-again', 'leave-out'], orders: [done.number, byLedger.number] },
      cancelled: { fixes: ['leave-out'], orders: [cancelled.number] },
    });
    expect(plan.summary).toEqual({ invoices: 1, orders: 1, attentionGroups: 5, attentionOrders: 6 });
  });

  it('honours the user: left-out orders stay out, an invoiced one included again goes in', () => {
    const a = delivered(nordlicht, '2026-11-03');
    const b = delivered(nordlicht, '2026-11-04', { status: 'invoice_created' });
    const plan = planBillingRun(base([a, b], { exclude: new Set([a.id]), include: new Set([b.id]) }));
    expect(plan.leftOut).toEqual([{ id: a.id, number: a.number }]);
    expect(plan.invoices.map((i) => i.orders.map((o) => o.id))).toEqual([[b.id]]);
  });

  it('counts an order selected twice once', () => {
    const a = delivered(nordlicht, '2026-11-03');
    expect(planBillingRun(base([a, a])).summary.orders).toBe(1);
  });

  it('puts orders of different VAT categories of one customer on separate invoices', () => {
    const domestic = delivered(nordlicht, '2026-11-03');
    const exportOrder = delivered(nordlicht, '2026-11-04');
    const plan = planBillingRun(base([domestic, exportOrder], { taxGroupOf: (o) => (o.id === exportOrder.id ? 'E' : 'S') }));
    expect(plan.invoices.map((i) => [i.taxGroup, i.orders.map((o) => o.id)])).toEqual([
      ['S', [domestic.id]],
      ['E', [exportOrder.id]],
    ]);
  });

  it('keys each planned invoice by its orders, whatever their order in the selection', () => {
    const a = delivered(nordlicht, '2026-11-03');
    const b = delivered(nordlicht, '2026-11-04');
    expect(planBillingRun(base([a, b])).invoices[0]!.key).toBe(planBillingRun(base([b, a])).invoices[0]!.key);
  });

  it('plans 1,000 orders of 120 customers into one invoice per customer and currency', () => {
    const customers = Array.from({ length: 120 }, (_, i) => ({ ...nordlicht, id: `K${i}`, name: `Kunde ${String(i).padStart(3, '0')}` }));
    const currencies = ['EUR', 'CHF', 'PLN'];
    const orders = Array.from({ length: 1000 }, (_, i) =>
      delivered(customers[i % 120]!, `2026-11-${String((i % 28) + 1).padStart(2, '0')}`, { price: { minor: 1000 + i, currency: currencies[(i % 120) % 3]! } }),
    );
    const plan = planBillingRun(base(orders));
    expect(plan.summary.orders).toBe(1000);
    expect(plan.invoices).toHaveLength(120);
    for (const inv of plan.invoices) expect(new Set(inv.orders.map((o) => `${o.customer.id}|${o.price.currency}`)).size).toBe(1);
  });
});

describe('proposed for invoicing', () => {
  it('finds delivered, not invoiced orders of the period; cancelled ones never count', () => {
    const nov = delivered(nordlicht, '2026-11-15');
    const oct = delivered(nordlicht, '2026-10-31');
    const cancelled = delivered(nordlicht, '2026-11-15', { status: 'cancelled' });
    const linked = delivered(nordlicht, '2026-11-16', { invoiceLinks: ['https://app.lexware.de/x'] });
    const inLedger = delivered(nordlicht, '2026-11-17');
    const open = delivered(nordlicht, '2026-11-18', { status: 'in_transit' });
    const proposed = proposeForInvoicing([nov, oct, cancelled, linked, inLedger, open], monthOf('2026-11-02'), (o) => o.id === inLedger.id);
    expect(proposed.map((o) => o.id)).toEqual([nov.id]);
  });

  it('knows month ends, leap years and the month just gone', () => {
    expect(monthOf('2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(previousMonth('2026-12-05')).toEqual({ start: '2026-11-01', end: '2026-11-30' });
    expect(previousMonth('2027-01-03')).toEqual({ start: '2026-12-01', end: '2026-12-31' });
    expect(() => monthOf('2026-13-01')).toThrow(RangeError);
  });
});
