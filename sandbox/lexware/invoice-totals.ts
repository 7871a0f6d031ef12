/**
 * Invoice arithmetic, in integers only:
 * - line amount = round2(quantity × unit price × (1 − line discount));
 * - per tax rate, the line amounts are summed, reduced by a total discount if any, and the tax is
 *   round2(net sum × rate / 100); gross = net + tax;
 * - with taxType `gross` prices are gross, so per rate tax = round2(gross sum × rate / (100 + rate))
 *   and net = gross − tax.
 * Rounding is commercial (half away from zero) throughout.
 */
import { roundDiv } from './decimal';

/** A priced line: quantity and price at scale 4, discount percent at scale 2. */
export interface PricedLine {
  quantity: bigint;
  price: bigint;
  discount: bigint;
  taxRate: number;
}

export interface RateTotal {
  taxRate: number;
  /** cents */
  net: bigint;
  tax: bigint;
  gross: bigint;
}

export interface InvoiceTotals {
  /** cents, per priced line, in the order given */
  lineAmounts: bigint[];
  /** highest rate first */
  rates: RateTotal[];
  totalNet: bigint;
  totalTax: bigint;
  totalGross: bigint;
  /** the sum of all line amounts before any total discount, in cents */
  undiscounted: bigint;
}

export type PriceMode = 'net' | 'gross';

export interface TotalDiscount {
  /** cents, in the price mode of the invoice */
  absolute?: bigint;
  /** percent at scale 2 */
  percentage?: bigint;
}

const SCALE4 = 10_000n;

export function lineAmount(line: Omit<PricedLine, 'taxRate'>): bigint {
  // quantity·price is at scale 8, the discount factor at scale 4: scale 12 down to cents.
  return roundDiv(line.quantity * line.price * (SCALE4 - line.discount), 10n ** 10n);
}

/** Splits an absolute discount over the rate groups in proportion to their sums; the last one takes the remainder. */
function distribute(amount: bigint, sums: bigint[]): bigint[] {
  const total = sums.reduce((a, b) => a + b, 0n);
  if (total === 0n) return sums.map(() => 0n);
  const shares = sums.map((s) => roundDiv(amount * s, total));
  const assigned = shares.slice(0, -1).reduce((a, b) => a + b, 0n);
  shares[shares.length - 1] = amount - assigned;
  return shares;
}

export function computeTotals(lines: PricedLine[], mode: PriceMode, discount: TotalDiscount = {}): InvoiceTotals {
  const lineAmounts = lines.map(lineAmount);
  const sums = new Map<number, bigint>();
  lines.forEach((line, i) => sums.set(line.taxRate, (sums.get(line.taxRate) ?? 0n) + lineAmounts[i]!));
  const groups = [...sums.entries()].sort(([a], [b]) => b - a);
  const groupSums = groups.map(([, sum]) => sum);

  const reductions =
    discount.absolute !== undefined
      ? distribute(discount.absolute, groupSums)
      : groupSums.map((sum) => (discount.percentage !== undefined ? roundDiv(sum * discount.percentage, 10_000n) : 0n));

  const rates = groups.map(([taxRate, sum], i): RateTotal => {
    const base = sum - reductions[i]!;
    const rate = BigInt(taxRate);
    if (mode === 'net') {
      const tax = roundDiv(base * rate, 100n);
      return { taxRate, net: base, tax, gross: base + tax };
    }
    const tax = roundDiv(base * rate, 100n + rate);
    return { taxRate, net: base - tax, tax, gross: base };
  });

  const totalNet = rates.reduce((a, r) => a + r.net, 0n);
  const totalTax = rates.reduce((a, r) => a + r.tax, 0n);
  return {
    lineAmounts,
    rates,
    totalNet,
    totalTax,
    totalGross: totalNet + totalTax,
    undiscounted: groupSums.reduce((a, b) => a + b, 0n),
  };
}

/** The other side of a unit price at scale 4: gross from net or net from gross. */
export function counterpartPrice(price: bigint, taxRate: number, mode: PriceMode): bigint {
  const rate = BigInt(taxRate);
  return mode === 'net' ? roundDiv(price * (100n + rate), 100n) : roundDiv(price * 100n, 100n + rate);
}
