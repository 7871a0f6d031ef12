/**
 * Position and invoice sums. Each position is rounded on its own (net to cents, then its tax
 * to cents), and the invoice sums add up those rounded values, so the document always adds
 * up line by line. `showNet` decides whether `price` is the net or the gross unit price.
 */
import { add, divide, fromInteger, mul, round, sub, ZERO, type Decimal } from './decimal';

export interface PositionAmounts {
  priceNet: Decimal;
  priceTax: Decimal;
  priceGross: Decimal;
  sumNet: Decimal;
  sumTax: Decimal;
  sumGross: Decimal;
}

const HUNDRED = fromInteger(100);

/** `amount × rate / 100`, unrounded. */
function percentOf(amount: Decimal, rate: Decimal): Decimal {
  return { units: amount.units * rate.units, scale: amount.scale + rate.scale + 2 };
}

/** The net part of a gross amount: `gross × 100 / (100 + rate)`, rounded to cents. */
function netOfGross(gross: Decimal, rate: Decimal): Decimal {
  return divide(mul(gross, HUNDRED), add(HUNDRED, rate), 2);
}

export function positionAmounts(price: Decimal, quantity: Decimal, taxRate: Decimal, showNet: boolean): PositionAmounts {
  if (showNet) {
    const sumNet = round(mul(price, quantity), 2);
    const sumTax = round(percentOf(sumNet, taxRate), 2);
    const priceTax = round(percentOf(price, taxRate), 2);
    return { priceNet: price, priceTax, priceGross: add(price, priceTax), sumNet, sumTax, sumGross: add(sumNet, sumTax) };
  }
  const sumGross = round(mul(price, quantity), 2);
  const sumNet = netOfGross(sumGross, taxRate);
  const priceNet = netOfGross(price, taxRate);
  return { priceNet, priceTax: sub(price, priceNet), priceGross: price, sumNet, sumTax: sub(sumGross, sumNet), sumGross };
}

export interface InvoiceSums {
  sumNet: Decimal;
  sumTax: Decimal;
  sumGross: Decimal;
}

export function invoiceSums(positions: readonly InvoiceSums[]): InvoiceSums {
  return positions.reduce<InvoiceSums>(
    (acc, p) => ({ sumNet: add(acc.sumNet, p.sumNet), sumTax: add(acc.sumTax, p.sumTax), sumGross: add(acc.sumGross, p.sumGross) }),
    { sumNet: ZERO, sumTax: ZERO, sumGross: ZERO },
  );
}
