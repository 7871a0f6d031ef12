/**
 * Exact decimal arithmetic on bigints. Money is never touched as a binary float here: amounts are
 * parsed from the JSON text of the number and computed as integers of a fixed scale
 * (4 decimals for prices and quantities, 2 for cents).
 */

/** value = units / 10^scale */
export interface Decimal {
  units: bigint;
  scale: number;
}

const NUMBER = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses the textual form of a JSON number (or a numeric string); undefined if it is none. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  // Absurd exponents would build gigantic bigints; no amount a client sends needs them.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 400) return undefined;
  const fraction = m[3] ?? '';
  let units = BigInt(`${m[2]}${fraction}`);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

/** Decimal places that carry information (`1250.00` has 0, `0.125` has 3). */
export function fractionDigits(d: Decimal): number {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return scale;
}

/** Integer division rounding half away from zero (commercial rounding). */
export function roundDiv(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (2n * n + d) / (2n * d);
  return negative ? -q : q;
}

/** The decimal as an integer count of 10^-scale units, rounding commercially if it has more digits. */
export function toUnits(d: Decimal, scale: number): bigint {
  if (d.scale <= scale) return d.units * 10n ** BigInt(scale - d.scale);
  return roundDiv(d.units, 10n ** BigInt(d.scale - scale));
}

/** `12345n, 2` → `"123.45"` */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const fraction = scale === 0 ? '' : `.${digits.slice(-scale)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * A JSON number for the response. Amounts have at most 4 decimals and far fewer than 15
 * significant digits, so the shortest double prints exactly the decimal we computed.
 */
export function unitsToNumber(units: bigint, scale: number): number {
  return Number(formatUnits(units, scale));
}
