/**
 * Invoice totals in integer minor units, rounded the way the billing system rounds, so the
 * preview shows the figures the invoice will carry.
 */
import { divRoundHalfUp, money, parseScaledDecimal, type Money } from './money';
import type { Position } from './invoice';
import type { ProviderRules } from './provider-rules';

const QUANTITY_SCALE = 4;
const QUANTITY_ONE = 10n ** BigInt(QUANTITY_SCALE);

export interface TaxLine {
  ratePercent: number;
  net: Money;
  tax: Money;
}

export interface Totals {
  /** Net amount per position, in position order. */
  lines: Money[];
  taxes: TaxLine[];
  net: Money;
  tax: Money;
  gross: Money;
}

/** quantity × unit price, rounded half up to the minor unit. null if the quantity is malformed. */
export function lineAmount(position: Pick<Position, 'quantity' | 'unitPriceMinor'>): bigint | null {
  const quantity = parseScaledDecimal(position.quantity, QUANTITY_SCALE);
  if (quantity === null) return null;
  return divRoundHalfUp(quantity * BigInt(position.unitPriceMinor), QUANTITY_ONE);
}

export function computeTotals(positions: readonly Pick<Position, 'quantity' | 'unitPriceMinor' | 'taxRatePercent'>[], currency: string, rounding: ProviderRules['rounding']): Totals {
  const lines: bigint[] = positions.map((p) => lineAmount(p) ?? 0n);
  const byRate = new Map<number, { net: bigint; tax: bigint }>();
  positions.forEach((p, i) => {
    const entry = byRate.get(p.taxRatePercent) ?? { net: 0n, tax: 0n };
    entry.net += lines[i]!;
    if (rounding === 'per-position') entry.tax += divRoundHalfUp(lines[i]! * BigInt(p.taxRatePercent), 100n);
    byRate.set(p.taxRatePercent, entry);
  });
  if (rounding === 'per-rate') {
    for (const [rate, entry] of byRate) entry.tax = divRoundHalfUp(entry.net * BigInt(rate), 100n);
  }
  const toMoney = (n: bigint) => money(Number(n), currency);
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([ratePercent, e]) => ({ ratePercent, net: toMoney(e.net), tax: toMoney(e.tax) }));
  const net = lines.reduce((a, b) => a + b, 0n);
  const tax = [...byRate.values()].reduce((a, e) => a + e.tax, 0n);
  return { lines: lines.map(toMoney), taxes, net: toMoney(net), tax: toMoney(tax), gross: toMoney(net + tax) };
}
