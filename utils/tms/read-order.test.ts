import { describe, expect, it } from 'vitest';
import { finishOrder, readPrice, readWeight } from './read-order';
import { makeOrder } from '@/tests/support/orders';
import { MAX_ORDER_TEXT } from '../domain/order';

/** A valid order as an adapter hands it over, with one field changed. */
const candidate = (change: (o: Record<string, unknown>) => void = () => {}) => {
  const o = JSON.parse(JSON.stringify(makeOrder())) as Record<string, unknown>;
  change(o);
  return o;
};

describe('finishOrder: long texts are read, not refused', () => {
  it('keeps a goods text of 5,000 characters in full', () => {
    const goods = 'Maschinenteile '.repeat(334).trim();
    expect(goods.length).toBeGreaterThan(5000);
    const result = finishOrder(candidate((o) => ((o.load as Record<string, unknown>).goods = goods)));
    expect(result.ok && result.order.load.goods).toBe(goods);
  });

  it('keeps a customer reference of 1,000 characters and a customer name of 320 characters', () => {
    const reference = 'R'.repeat(1000);
    const name = 'Spedition '.repeat(32);
    const result = finishOrder(
      candidate((o) => {
        o.customerReference = reference;
        (o.customer as Record<string, unknown>).name = name;
      }),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.order.customerReference).toBe(reference);
      expect(result.order.customer.name).toBe(name.trim());
    }
  });

  it('refuses a text above the hard cap and names that field and the cap, not the customer', () => {
    const result = finishOrder(candidate((o) => (o.customerReference = 'x'.repeat(MAX_ORDER_TEXT + 1))));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'field-too-long', field: 'customerReference', limit: MAX_ORDER_TEXT }] });
  });

  it('names the field that is wrong in words: a bad VAT ID is not a missing customer', () => {
    const result = finishOrder(candidate((o) => ((o.customer as Record<string, unknown>).vatId = 'DE'.repeat(40))));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'field-too-long', field: 'vatId' }] });
  });

  it('an empty customer name is "customer name missing", a missing customer is "customer missing"', () => {
    const noName = finishOrder(candidate((o) => ((o.customer as Record<string, unknown>).name = '  ')));
    expect(noName).toMatchObject({ ok: false, problems: [{ code: 'field-missing', field: 'customerName' }] });
    const noCustomer = finishOrder(candidate((o) => delete o.customer));
    expect(noCustomer).toMatchObject({ ok: false, problems: [{ code: 'customer-missing' }] });
  });

  it('maps every other path to a field name the preview can translate', () => {
    const result = finishOrder(candidate((o) => ((o.load as Record<string, unknown>).pallets = -3)));
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'field-invalid', field: 'pallets' }] });
  });
});

describe('reading values the page gives as text', () => {
  it('reads a plain price without a flag', () => {
    expect(readPrice('1.250,00 €')).toEqual({ price: { minor: 125000, currency: 'EUR' } });
  });

  it('interprets "1250 EUR netto" and says it did', () => {
    expect(readPrice('1250 EUR netto')).toEqual({ price: { minor: 125000, currency: 'EUR' }, interpreted: true });
    expect(readPrice('ca. 1.250,50 €')).toEqual({ price: { minor: 125050, currency: 'EUR' }, interpreted: true });
  });

  it('does not guess where two amounts or no currency are given', () => {
    expect(readPrice('1250 EUR oder 1300 EUR')).toEqual({ problem: { code: 'price-unreadable' } });
    expect(readPrice('auf Anfrage')).toEqual({ problem: { code: 'price-unreadable' } });
  });

  it('reads weights: "12.400 kg" plainly, "ca. 1.200 kg" interpreted, nonsense not at all', () => {
    expect(readWeight('12.400 kg')).toEqual({ value: 12400, interpreted: false });
    expect(readWeight('ca. 1.200 kg')).toEqual({ value: 1200, interpreted: true });
    expect(readWeight('schwer')).toBeUndefined();
  });

  it('carries the interpreted flag onto the order', () => {
    const result = finishOrder({ ...candidate(), interpreted: ['price', 'weight'] });
    expect(result.ok && result.order.interpreted).toEqual(['price', 'weight']);
  });
});
