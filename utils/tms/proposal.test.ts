import { describe, expect, it } from 'vitest';
import { isCancelled, isDelivered, monthRange, proposeForInvoicing, type DeliveredCandidate } from './proposal';

const candidate = (id: string, status: string, deliveredOn: string | null, invoicedInTms = false): DeliveredCandidate => ({
  summary: { id, number: `A-${id}`, customerName: 'Alpha Logistik GmbH', price: { minor: 100000, currency: 'EUR' }, status },
  deliveredOn,
  invoicedInTms,
});
const november = { from: '2026-11-01', to: '2026-11-30' };
const nothingKnown = { invoiced: new Set<string>(), inProgress: new Set<string>() };
const ids = (orders: { id: string }[]) => orders.map((o) => o.id);

describe('the periods', () => {
  it('this month and last month are whole calendar months, across a year end and in February', () => {
    expect(monthRange('this-month', '2026-11-23')).toEqual(november);
    expect(monthRange('last-month', '2026-12-05')).toEqual(november);
    expect(monthRange('last-month', '2027-01-10')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(monthRange('last-month', '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('proposeForInvoicing', () => {
  it('counts delivered orders of the period only, both ends of the period included', () => {
    const proposal = proposeForInvoicing(
      [
        candidate('first-day', 'delivered', '2026-11-01'),
        candidate('last-day', 'delivered', '2026-11-30'),
        candidate('october', 'delivered', '2026-10-31'),
        candidate('december', 'delivered', '2026-12-01'),
        candidate('on-the-road', 'in_transit', '2026-11-12'),
        candidate('paid', 'paid', '2026-11-12'),
      ],
      november,
      nothingKnown,
    );
    expect(ids(proposal.orders)).toEqual(['first-day', 'last-day']);
  });

  it('leaves out what Frachtbeleg invoiced or is invoicing, what carries an invoice link in the TMS, and cancelled orders', () => {
    const proposal = proposeForInvoicing(
      [
        candidate('open', 'delivered', '2026-11-10'),
        candidate('in-ledger', 'delivered', '2026-11-10'),
        candidate('being-invoiced', 'delivered', '2026-11-10'),
        candidate('linked-in-tms', 'delivered', '2026-11-10', true),
        candidate('cancelled', 'cancelled', '2026-11-10'),
        candidate('storniert', 'Storniert', '2026-11-10'),
      ],
      november,
      { invoiced: new Set(['in-ledger']), inProgress: new Set(['being-invoiced']) },
    );
    expect(ids(proposal.orders)).toEqual(['open']);
    expect(proposal.undated).toBe(0);
  });

  it('counts an order listed twice once, and tells undated delivered orders apart instead of guessing their period', () => {
    const proposal = proposeForInvoicing(
      [candidate('a', 'delivered', '2026-11-10'), candidate('a', 'delivered', '2026-11-10'), candidate('undated', 'Delivered', null), candidate('undated-invoiced', 'delivered', null)],
      november,
      { invoiced: new Set(['undated-invoiced']), inProgress: new Set() },
    );
    expect(ids(proposal.orders)).toEqual(['a']);
    expect(proposal.undated).toBe(1);
  });

  it('reads the statuses the adapters report: API words and a recipe page’s German words', () => {
    expect(['delivered', 'Delivered', ' geliefert ', 'Zugestellt'].every(isDelivered)).toBe(true);
    expect(['invoice_created', 'in_transit', 'cancelled'].some(isDelivered)).toBe(false);
    expect(['cancelled', 'Canceled', 'STORNIERT'].every(isCancelled)).toBe(true);
  });
});
