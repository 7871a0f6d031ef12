import { describe, expect, it } from 'vitest';
import { computeTotals, lineAmount } from './totals';

const pos = (unitPriceMinor: number, taxRatePercent: 0 | 7 | 19 = 19, quantity = '1') => ({ unitPriceMinor, taxRatePercent, quantity });

describe('totals', () => {
  it('multiplies quantity and price with half-up rounding to the cent', () => {
    expect(lineAmount({ quantity: '2.5', unitPriceMinor: 4500 })).toBe(11250n);
    expect(lineAmount({ quantity: '0.3333', unitPriceMinor: 100 })).toBe(33n);
    expect(lineAmount({ quantity: '0.0050', unitPriceMinor: 100 })).toBe(1n); // 0.5 cent rounds up
    expect(lineAmount({ quantity: 'x', unitPriceMinor: 100 })).toBeNull();
  });

  it('computes VAT per rate on the net sum for Lexware', () => {
    // 3 × 0.05 € at 19 %: per rate 0.15 × 0.19 = 0.0285 → 0.03; per position 3 × 0.0095 → 3 × 0.01 = 0.03
    // 3 × 0.03 € at 19 %: per rate 0.09 × 0.19 = 0.0171 → 0.02; per position 3 × 0.0057 → 3 × 0.01 = 0.03
    const positions = [pos(3), pos(3), pos(3)];
    expect(computeTotals(positions, 'EUR', 'per-rate')).toMatchObject({ net: { minor: 9 }, tax: { minor: 2 }, gross: { minor: 11 } });
    expect(computeTotals(positions, 'EUR', 'per-position')).toMatchObject({ net: { minor: 9 }, tax: { minor: 3 }, gross: { minor: 12 } });
  });

  it('keeps one tax line per rate, highest rate first', () => {
    const t = computeTotals([pos(10000, 7), pos(20000, 19), pos(5000, 0), pos(1, 19)], 'EUR', 'per-rate');
    expect(t.taxes.map((l) => [l.ratePercent, l.net.minor, l.tax.minor])).toEqual([
      [19, 20001, 3800],
      [7, 10000, 700],
      [0, 5000, 0],
    ]);
    expect(t.gross.minor).toBe(20001 + 10000 + 5000 + 3800 + 700);
  });

  it('stays exact over many positions with odd cents (no float drift)', () => {
    // 299 positions of 1234.57 € + 1 of 0.01 €: net 369,136.44 €; 19 % = 70,135.9236 → 70,135.92
    const positions = [...Array.from({ length: 299 }, () => pos(123457)), pos(1)];
    const t = computeTotals(positions, 'EUR', 'per-rate');
    expect(t.net.minor).toBe(299 * 123457 + 1);
    expect(t.tax.minor).toBe(7013592);
    expect(t.gross.minor).toBe(36913644 + 7013592);
    // sevdesk rounds each position: 1234.57 × 0.19 = 234.5683 → 234.57 (×299), 0.01 × 0.19 → 0.00
    expect(computeTotals(positions, 'EUR', 'per-position').tax.minor).toBe(299 * 23457);
  });
});
