import { afterEach, describe, expect, it } from 'vitest';
import { computeTotals, lineAmount } from './invoice-totals';
import { startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

/** [quantity, unit net price, tax rate]: odd cents, 4-decimal prices and quantities, 7 % and 19 % mixed. */
const POSITIONS: [string, string, number][] = [
  ['1', '19.99', 19], ['2.5', '123.4567', 7], ['3', '45.01', 19], ['0.75', '0.015', 19], ['12', '1.005', 7],
  ['1.3333', '0.3333', 19], ['7', '999.99', 19], ['0.125', '0.4995', 7], ['1', '7.77', 19], ['2.5', '2.3405', 19],
  ['3', '19.99', 7], ['0.75', '123.4567', 19], ['12', '45.01', 19], ['1.3333', '0.015', 7], ['7', '1.005', 19],
  ['0.125', '0.3333', 19], ['1', '999.99', 7], ['2.5', '0.4995', 19], ['3', '7.77', 19], ['0.75', '2.3405', 7],
  ['12', '19.99', 19], ['1.3333', '123.4567', 19], ['7', '45.01', 7], ['0.125', '0.015', 19], ['1', '1.005', 19],
  ['2.5', '0.3333', 7], ['3', '999.99', 19], ['0.75', '0.4995', 19], ['12', '7.77', 7], ['1.3333', '2.3405', 19],
  ['7', '19.99', 19], ['0.125', '123.4567', 7], ['1', '45.01', 19], ['2.5', '0.015', 19], ['3', '1.005', 7],
  ['0.75', '0.3333', 19], ['12', '999.99', 19],
];

/**
 * Worked out by hand, each line round2(quantity × price) half away from zero, e.g.
 * 2.5 × 123.4567 = 308.64175 → 308.64; 12 × 1.005 = 12.06; 0.75 × 0.015 = 0.01125 → 0.01;
 * 1 × 1.005 = 1.005 → 1.01 (a float says 1.00499… and would round down); 0.125 × 0.015 → 0.00.
 */
const LINE_AMOUNTS = [
  '19.99', '308.64', '135.03', '0.01', '12.06', '0.44', '6999.93', '0.06', '7.77', '5.85',
  '59.97', '92.59', '540.12', '0.02', '7.04', '0.04', '999.99', '1.25', '23.31', '1.76',
  '239.88', '164.60', '315.07', '0.00', '1.01', '0.83', '2999.97', '0.37', '93.24', '3.12',
  '139.93', '15.43', '45.01', '0.04', '3.02', '0.25', '11999.88',
];
// 19 %: net 23,427.43 → tax 4,451.2117 → 4,451.21; 7 %: net 1,810.09 → tax 126.7063 → 126.71.
const EXPECTED = { net: 2523752n, tax: 457792n, gross: 2981544n, net19: 2342743n, tax19: 445121n, net7: 181009n, tax7: 12671n };

const toScale4 = (s: string): bigint => {
  const [whole = '0', fraction = ''] = s.split('.');
  return BigInt(whole + fraction.padEnd(4, '0'));
};
const cents = (s: string): bigint => BigInt(s.replace('.', ''));

describe('invoice arithmetic (integers, commercial rounding)', () => {
  it('computes 37 mixed positions exactly as worked out by hand', () => {
    const lines = POSITIONS.map(([q, p, taxRate]) => ({ quantity: toScale4(q), price: toScale4(p), discount: 0n, taxRate }));
    const totals = computeTotals(lines, 'net');
    expect(totals.lineAmounts).toEqual(LINE_AMOUNTS.map(cents));
    expect(totals.rates).toEqual([
      { taxRate: 19, net: EXPECTED.net19, tax: EXPECTED.tax19, gross: EXPECTED.net19 + EXPECTED.tax19 },
      { taxRate: 7, net: EXPECTED.net7, tax: EXPECTED.tax7, gross: EXPECTED.net7 + EXPECTED.tax7 },
    ]);
    expect([totals.totalNet, totals.totalTax, totals.totalGross]).toEqual([EXPECTED.net, EXPECTED.tax, EXPECTED.gross]);
  });

  it('rounds half away from zero at the line and at the tax', () => {
    expect(lineAmount({ quantity: 10000n, price: 50n, discount: 0n })).toBe(1n); // 1 × 0.005 → 0.01
    expect(lineAmount({ quantity: 10000n, price: -50n, discount: 0n })).toBe(-1n);
    expect(lineAmount({ quantity: 10000n, price: 49n, discount: 0n })).toBe(0n);
    expect(lineAmount({ quantity: 30000n, price: 3333n, discount: 0n })).toBe(100n); // 3 × 0.3333 = 0.9999 → 1.00
    expect(lineAmount({ quantity: 10000n, price: 1000000n, discount: 1050n })).toBe(8950n); // 100 − 10.5 %
    expect(computeTotals([{ quantity: 10000n, price: 5000n, discount: 0n, taxRate: 19 }], 'net').totalTax).toBe(10n); // 0.095 → 0.10
    expect(computeTotals([{ quantity: 10000n, price: 5000n, discount: 0n, taxRate: 7 }], 'net').totalTax).toBe(4n); // 0.035 → 0.04
  });

  it('derives net from gross per rate for taxType gross', () => {
    const totals = computeTotals(
      [
        { quantity: 10000n, price: 1190000n, discount: 0n, taxRate: 19 },
        { quantity: 10000n, price: 100000n, discount: 0n, taxRate: 7 },
      ],
      'gross',
    );
    // 10.00 gross at 7 %: tax 10 × 7 / 107 = 0.654… → 0.65, net 9.35.
    expect(totals.rates).toEqual([
      { taxRate: 19, net: 10000n, tax: 1900n, gross: 11900n },
      { taxRate: 7, net: 935n, tax: 65n, gross: 1000n },
    ]);
    expect([totals.totalNet, totals.totalTax, totals.totalGross]).toEqual([10935n, 1965n, 12900n]);
  });

  it('applies total discounts per rate before the tax', () => {
    const lines = [
      { quantity: 10000n, price: 1000000n, discount: 0n, taxRate: 19 },
      { quantity: 10000n, price: 500000n, discount: 0n, taxRate: 7 },
    ];
    const percent = computeTotals(lines, 'net', { percentage: 1000n });
    expect(percent.rates.map((r) => [r.net, r.tax])).toEqual([
      [9000n, 1710n],
      [4500n, 315n],
    ]);
    // 15.00 split 2:1 over the rates.
    const absolute = computeTotals(lines, 'net', { absolute: 1500n });
    expect(absolute.rates.map((r) => [r.net, r.tax])).toEqual([
      [9000n, 1710n],
      [4500n, 315n],
    ]);
  });
});

describe('invoice totals through the API', () => {
  it('stores the 37-position invoice with the hand-computed amounts', async () => {
    lx = await startLexware();
    // The body is written by hand so the server sees the numbers' exact text (e.g. 123.4567, 1.005).
    const items = POSITIONS.map(
      ([q, p, rate], i) => `{"type":"custom","name":"Position ${i + 1}","quantity":${q},"unitName":"Stück","unitPrice":{"currency":"EUR","netAmount":${p},"taxRatePercentage":${rate}}}`,
    );
    const body = JSON.stringify(validInvoice({ lineItems: [] })).replace('"lineItems":[]', `"lineItems":[${items.join(',')}]`);
    const r = await lx.api('POST', '/v1/invoices?finalize=true', body);
    expect(r.status, r.text).toBe(201);
    const invoice = (await lx.api('GET', `/v1/invoices/${r.body.id}`)).body;
    expect(invoice.lineItems.map((l: { lineItemAmount: number }) => l.lineItemAmount)).toEqual(LINE_AMOUNTS.map(Number));
    expect(invoice.totalPrice).toEqual({ currency: 'EUR', totalNetAmount: 25237.52, totalTaxAmount: 4577.92, totalGrossAmount: 29815.44 });
    expect(invoice.taxAmounts).toEqual([
      { taxRatePercentage: 19, taxAmount: 4451.21, netAmount: 23427.43 },
      { taxRatePercentage: 7, taxAmount: 126.71, netAmount: 1810.09 },
    ]);
    // 123.4567 × 1.07 = 132.098669 → 132.0987 (unit prices keep 4 decimals).
    expect(invoice.lineItems[1].unitPrice).toEqual({ currency: 'EUR', netAmount: 123.4567, grossAmount: 132.0987, taxRatePercentage: 7 });
  });

  it('applies line and total discounts', async () => {
    lx = await startLexware();
    const line = (netAmount: number, taxRatePercentage: number, discountPercentage = 0) => ({
      type: 'custom',
      name: 'Fracht',
      quantity: 1,
      unitName: 'Pauschale',
      unitPrice: { currency: 'EUR', netAmount, taxRatePercentage },
      discountPercentage,
    });
    const r = await lx.api('POST', '/v1/invoices', validInvoice({ lineItems: [line(100, 19, 10.5), line(50, 7)], totalPrice: { currency: 'EUR', totalDiscountPercentage: 10 } }));
    expect(r.status).toBe(201);
    const invoice = (await lx.api('GET', `/v1/invoices/${r.body.id}`)).body;
    expect(invoice.lineItems.map((l: { lineItemAmount: number }) => l.lineItemAmount)).toEqual([89.5, 50]);
    // 89.50 − 8.95 = 80.55 → tax 15.3045 → 15.30; 50.00 − 5.00 = 45.00 → tax 3.15.
    expect(invoice.taxAmounts).toEqual([
      { taxRatePercentage: 19, taxAmount: 15.3, netAmount: 80.55 },
      { taxRatePercentage: 7, taxAmount: 3.15, netAmount: 45 },
    ]);
    expect(invoice.totalPrice).toEqual({ currency: 'EUR', totalNetAmount: 125.55, totalTaxAmount: 18.45, totalGrossAmount: 144, totalDiscountPercentage: 10 });

    const tooMuch = await lx.api('POST', '/v1/invoices', validInvoice({ lineItems: [line(10, 19)], totalPrice: { currency: 'EUR', totalDiscountAbsolute: 10.01 } }));
    expect(tooMuch.status).toBe(406);
    expect(tooMuch.body.details).toEqual([{ violation: 'INVALID', field: 'totalPrice.totalDiscountAbsolute', message: 'darf die Summe der Positionen nicht übersteigen' }]);
  });
});
