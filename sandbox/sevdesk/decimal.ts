/**
 * Exact decimal arithmetic for prices, quantities, tax rates and sums. Money must never pass
 * through binary floats: 0.105 € has to round to 0.11 €, which `Math.round(0.105 * 100)` gets
 * wrong. A value is `units / 10^scale` with `units` a bigint.
 */
export interface Decimal {
  units: bigint;
  scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

export const ZERO: Decimal = { units: 0n, scale: 0 };

/**
 * Reads a number or numeric string. JSON numbers arrive as doubles, but `String(n)` is the
 * shortest text that round-trips, so `0.1` reads back as exactly one tenth.
 */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = m;
  const exp = Number(exponent);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 40) return null;
  let units = BigInt(whole + fraction);
  let scale = fraction.length - exp;
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return normalize({ units: sign === '-' ? -units : units, scale });
}

export function fromInteger(n: number | bigint): Decimal {
  return { units: BigInt(n), scale: 0 };
}

/** Drops trailing zeros so that equal values have equal representations. */
function normalize(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return normalize({ units: rescale(a, scale) + rescale(b, scale), scale });
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, { units: -b.units, scale: b.scale });
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return normalize({ units: a.units * b.units, scale: a.scale + b.scale });
}

export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function equals(a: Decimal, b: Decimal): boolean {
  return compare(a, b) === 0;
}

/** Integer division rounded half away from zero ("kaufmännisches Runden"). */
function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

/** Commercial rounding to `places` decimals. */
export function round(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return normalize(d);
  return normalize({ units: divideRounded(d.units, 10n ** BigInt(d.scale - places)), scale: places });
}

/** `a / b`, commercially rounded to `places` decimals. */
export function divide(a: Decimal, b: Decimal, places: number): Decimal {
  if (b.units === 0n) throw new RangeError('division by zero');
  // a/b = (a.units / 10^a.scale) / (b.units / 10^b.scale); scaled by 10^places.
  const numerator = a.units * 10n ** BigInt(b.scale + places);
  const denominator = b.units * 10n ** BigInt(a.scale);
  return normalize({ units: divideRounded(numerator, denominator), scale: places });
}

/** Plain decimal text without trailing zeros, the way sevdesk prints numbers: "1362.5", "19". */
export function toText(d: Decimal): string {
  const { units, scale } = normalize(d);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}

/** Fixed decimals, German separators: 1234.5 → "1.234,50". For the web pages only. */
export function toGermanText(d: Decimal, places = 2): string {
  const { units, scale } = round(d, places);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0') + '0'.repeat(places - scale);
  const whole = digits.slice(0, digits.length - places).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const fraction = digits.slice(digits.length - places);
  return `${negative ? '-' : ''}${whole}${places > 0 ? ',' + fraction : ''}`;
}
