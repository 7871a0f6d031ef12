import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../kit/http';
import { divide, mul, parseDecimal, round, toGermanText, toText, type Decimal } from './decimal';
import { positionAmounts } from './invoice-sums';
import { SAVE_INVOICE, invoiceBody, position, startSevdesk } from './test-support';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const d = (value: string | number): Decimal => {
  const parsed = parseDecimal(value);
  if (!parsed) throw new Error(`not a number: ${value}`);
  return parsed;
};

describe('exact decimals', () => {
  it('reads numbers and numeric strings exactly', () => {
    expect(toText(d(0.1))).toBe('0.1');
    expect(toText(d('1250.00'))).toBe('1250');
    expect(toText(d('-0.50'))).toBe('-0.5');
    expect(toText(d(1e21))).toBe('1000000000000000000000');
    expect(toText(d('2.5e-3'))).toBe('0.0025');
    expect(parseDecimal('12,50')).toBeNull();
    expect(parseDecimal('')).toBeNull();
    expect(parseDecimal(Number.NaN)).toBeNull();
    expect(parseDecimal(true)).toBeNull();
  });

  it('rounds commercially (half away from zero) where binary floats would not', () => {
    // Math.round(1.005 * 100) / 100 === 1 in floating point.
    expect(toText(round(d('1.005'), 2))).toBe('1.01');
    expect(toText(round(d('0.105'), 2))).toBe('0.11');
    expect(toText(round(d('-0.105'), 2))).toBe('-0.11');
    expect(toText(round(d('0.104999'), 2))).toBe('0.1');
    expect(toText(mul(d(0.1), d(0.2)))).toBe('0.02');
    expect(toText(divide(d(30), d(1.07), 2))).toBe('28.04');
  });

  it('prints German amounts for the pages', () => {
    expect(toGermanText(d('1234567.891'))).toBe('1.234.567,89');
    expect(toGermanText(d('-0.5'))).toBe('-0,50');
    expect(toGermanText(d('0'))).toBe('0,00');
  });
});

describe('position amounts', () => {
  it('computes net prices: net = round2(price × quantity), tax = round2(net × rate)', () => {
    const a = positionAmounts(d('33.333'), d(3), d(19), true);
    expect([a.sumNet, a.sumTax, a.sumGross].map(toText)).toEqual(['100', '19', '119']);
    expect([a.priceNet, a.priceTax, a.priceGross].map(toText)).toEqual(['33.333', '6.33', '39.663']);
  });

  it('derives the net part from gross prices when showNet is false', () => {
    const a = positionAmounts(d(10), d(3), d(7), false);
    expect([a.sumNet, a.sumTax, a.sumGross].map(toText)).toEqual(['28.04', '1.96', '30']);
    expect([a.priceNet, a.priceTax, a.priceGross].map(toText)).toEqual(['9.35', '0.65', '10']);
  });
});

describe('invoice sums over many positions (over HTTP)', () => {
  it('adds up per-position rounded values, not a rounded total', async () => {
    const started = await startSevdesk();
    server = started.server;
    const positions = [
      // 10 × 0.105 → net 0.11, tax round2(0.0209) = 0.02, gross 0.13 each
      ...Array.from({ length: 10 }, (_, i) => position({ name: `Kleinteil ${i + 1}`, price: 0.105, quantity: 1, taxRate: 19 })),
      position({ name: 'b', price: 33.333, quantity: 3, taxRate: 19 }), // net 100.00, tax 19.00, gross 119.00
      position({ name: 'c', price: 12.5, quantity: 2.5, taxRate: 7 }), // net 31.25, tax 2.19 (2.1875), gross 33.44
      position({ name: 'd', price: 0.01, quantity: 0.5, taxRate: 19 }), // net 0.01 (0.005), tax 0.00, gross 0.01
      position({ name: 'e', price: 1999.99, quantity: 1, taxRate: 0 }), // net 1999.99, tax 0, gross 1999.99
      position({ name: 'f', price: '17.85', quantity: '4', taxRate: '19' }), // net 71.40, tax 13.57 (13.566), gross 84.97
      position({ name: 'g', price: -50, quantity: 1, taxRate: 19 }), // net -50.00, tax -9.50, gross -59.50
    ];
    const res = await started.api.post(SAVE_INVOICE, invoiceBody({}, positions));
    expect(res.status).toBe(201);
    const { invoice, invoicePos } = res.body.objects;
    // Hand-computed: net 1.10 + 100 + 31.25 + 0.01 + 1999.99 + 71.40 − 50 = 2153.75 (the unrounded total would be 2152.694)
    // tax 0.20 + 19 + 2.19 + 0 + 0 + 13.57 − 9.50 = 25.46; gross 2153.75 + 25.46 = 2179.21
    expect([invoice.sumNet, invoice.sumTax, invoice.sumGross]).toEqual(['2153.75', '25.46', '2179.21']);
    expect(invoicePos).toHaveLength(16);
    const byName = Object.fromEntries((invoicePos as { name: string; sumNet: string; sumTax: string; sumGross: string }[]).map((p) => [p.name, [p.sumNet, p.sumTax, p.sumGross]]));
    expect(byName['Kleinteil 1']).toEqual(['0.11', '0.02', '0.13']);
    expect(byName.c).toEqual(['31.25', '2.19', '33.44']);
    expect(byName.d).toEqual(['0.01', '0', '0.01']);
    expect(byName.f).toEqual(['71.4', '13.57', '84.97']);
    expect(byName.g).toEqual(['-50', '-9.5', '-59.5']);
  });

  it('treats prices as gross with showNet false', async () => {
    const started = await startSevdesk();
    server = started.server;
    const positions = [
      position({ price: 119, quantity: 1, taxRate: 19 }), // gross 119.00 → net 100.00, tax 19.00
      position({ price: 10, quantity: 3, taxRate: 7 }), // gross 30.00 → net 28.04, tax 1.96
      position({ price: 0.99, quantity: 1, taxRate: 19 }), // gross 0.99 → net 0.83, tax 0.16
    ];
    const res = await started.api.post(SAVE_INVOICE, invoiceBody({ showNet: false }, positions));
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice).toMatchObject({ showNet: '0', sumNet: '128.87', sumTax: '21.12', sumGross: '149.99' });
    expect(res.body.objects.invoicePos[1]).toMatchObject({ price: '10', priceNet: '9.35', priceGross: '10', sumNet: '28.04', sumTax: '1.96', sumGross: '30' });
  });
});
