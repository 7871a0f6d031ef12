/**
 * Money as integer minor units with its currency. Floats never hold a sum: decimals are
 * parsed from and written to strings digit by digit.
 */
import { numberFormat } from './intl-cache';

export interface Money {
  /** Integer amount in the currency's minor unit (cents for EUR). */
  readonly minor: number;
  /** ISO 4217 code, upper case. */
  readonly currency: string;
}

const knownCurrencies: ReadonlySet<string> = new Set(
  typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : ['EUR', 'CHF', 'PLN', 'USD', 'GBP', 'CZK', 'DKK', 'SEK', 'HUF', 'NOK'],
);

export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

const digitsCache = new Map<string, number>();

/** How many decimals the currency has (EUR 2, JPY 0, …), as Intl knows it. */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

export function money(minor: number, currency: string): Money {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Money needs an integer amount of minor units, got ${minor}`);
  return { minor, currency };
}

export const zero = (currency: string): Money => money(0, currency);

export function add(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`Cannot add ${a.currency} and ${b.currency}`);
  return money(a.minor + b.minor, a.currency);
}

export function sum(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => add(acc, m), zero(currency));
}

/**
 * Divides with commercial rounding (half away from zero), the way German billing systems
 * round: 0.5 cent goes up, -0.5 cent goes down.
 */
export function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const q = (abs * 2n + denominator) / (denominator * 2n);
  return negative ? -q : q;
}

/**
 * Parses a plain decimal string ("1250.00", "-3.5", "42") into an integer scaled by
 * `10^scale`. Returns null when the string is not a decimal or has more decimals than
 * `scale` allows (nothing is silently rounded away).
 */
export function parseScaledDecimal(text: string, scale: number): bigint | null {
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  if (frac.length > scale) {
    if (/[1-9]/.test(frac.slice(scale))) return null;
  }
  const fracPadded = (frac.slice(0, scale) + '0'.repeat(scale)).slice(0, scale);
  const value = BigInt(whole! + fracPadded);
  return sign === '-' ? -value : value;
}

/** "1250.00" → 125000 minor units of the currency. */
export function parseDecimalMoney(text: string, currency: string): Money | null {
  const scaled = parseScaledDecimal(text, minorDigits(currency));
  if (scaled === null) return null;
  const n = Number(scaled);
  return Number.isSafeInteger(n) ? money(n, currency) : null;
}

/** Writes an integer scaled by 10^scale as a decimal string: (125000, 2) → "1250.00". */
export function formatScaled(value: bigint | number, scale: number): string {
  const v = BigInt(value);
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : digits.slice(0, -scale);
  const frac = scale === 0 ? '' : '.' + digits.slice(-scale);
  return (negative ? '-' : '') + whole + frac;
}

/** The amount as a decimal string in major units, e.g. "1250.00". */
export function toDecimalString(m: Money): string {
  return formatScaled(m.minor, minorDigits(m.currency));
}

/**
 * The amount as a JSON number for APIs that take numbers. The number is built from the
 * exact decimal string, so it is the closest double to the decimal and serialises back to it.
 */
export function toApiNumber(m: Money): number {
  return Number(toDecimalString(m));
}

/** Formats for display in the user's language, e.g. "1.250,00 €" or "CHF 980.50". */
export function formatMoney(m: Money, locale: string): string {
  const digits = minorDigits(m.currency);
  // Intl takes a decimal string exactly (no float on the way) since ES2023.
  return numberFormat(locale, { style: 'currency', currency: m.currency, minimumFractionDigits: digits }).format(
    toDecimalString(m) as unknown as number,
  );
}

// ------------------------------------------------------------------------------------------
// Reading money as a German TMS shows it

export type MoneyParseError = 'empty' | 'unknown-currency' | 'no-currency' | 'malformed' | 'too-many-decimals';

const SYMBOLS: Record<string, string> = { '€': 'EUR', 'Fr.': 'CHF', 'zł': 'PLN', '£': 'GBP', '$': 'USD', 'Kč': 'CZK' };

/**
 * Parses money the way German-language TMS pages print it: "1.250,00 €", "CHF 980,50",
 * "980,50 CHF", "PLN 4.250,00", "-12,5 €", "1 250,00 zł". Thousands separators are dots,
 * spaces or apostrophes; the decimal separator is a comma.
 */
export function parseGermanMoney(text: string): { ok: true; value: Money } | { ok: false; error: MoneyParseError; currency?: string } {
  const t = text.replace(/[\u00a0\u202f]/g, ' ').trim();
  if (t === '') return { ok: false, error: 'empty' };
  const m = /^(?:([A-Za-z]{3}|€|Fr\.|zł|£|\$|Kč)\s*)?([+\-−]?\s*[\d.' ]*\d(?:,\d+)?)\s*(?:([A-Za-z]{3}|€|Fr\.|zł|£|\$|Kč))?$/u.exec(t);
  if (!m) return { ok: false, error: 'malformed' };
  const [, before, number, after] = m;
  if (before && after) return { ok: false, error: 'malformed' };
  const token = before ?? after;
  if (!token) return { ok: false, error: 'no-currency' };
  const currency = SYMBOLS[token] ?? token.toUpperCase();
  if (!isCurrencyCode(currency)) return { ok: false, error: 'unknown-currency', currency };
  const normalised = parseGermanNumberText(number!);
  if (normalised === null) return { ok: false, error: 'malformed' };
  const scaled = parseScaledDecimal(normalised, minorDigits(currency));
  if (scaled === null) return { ok: false, error: 'too-many-decimals' };
  return { ok: true, value: money(Number(scaled), currency) };
}

/**
 * Turns German number text ("1.250,5", "12.400", "-3") into a plain decimal string
 * ("1250.5", "12400", "-3"), checking that thousands groups have three digits.
 */
export function parseGermanNumberText(text: string): string | null {
  const t = text.replace(/[\s\u00a0\u202f]/g, '').replace('−', '-');
  const m = /^([+-])?(\d{1,3}(?:[.'’]\d{3})*|\d+)(?:,(\d+))?$/.exec(t);
  if (!m) return null;
  const [, sign, whole, frac] = m;
  return (sign === '-' ? '-' : '') + whole!.replace(/[.'’]/g, '') + (frac ? '.' + frac : '');
}

/**
 * Reads an amount an API sent as a JSON number (1487.5) into minor units through its
 * decimal text, so no float arithmetic touches it. null for non-finite or over-precise values.
 */
export function minorFromApiNumber(value: number, currency: string): number | null {
  if (!Number.isFinite(value)) return null;
  const text = Math.abs(value) < 1e15 ? value.toFixed(Math.min(10, Math.max(0, decimalsOf(value)))) : null;
  if (text === null) return null;
  return parseDecimalMoney(text, currency)?.minor ?? null;
}

function decimalsOf(value: number): number {
  const s = String(value);
  const e = /e-(\d+)$/.exec(s);
  if (e) return Number(e[1]);
  const dot = s.indexOf('.');
  return dot === -1 ? 0 : s.length - dot - 1;
}

/**
 * Reads an amount a user typed, in either notation: "1.234,56", "1234,56", "1,234.56",
 * "1234.56", "1234". Where both separators appear, the last one is the decimal mark; a
 * single separator followed by exactly three digits is read as a thousands separator only
 * in the notation of the user's language ("1.234" is 1234 in German, 1.234 in English —
 * which has too many decimals for money and is refused, not rounded).
 */
export function parseAmountInput(text: string, currency: string, language: 'de' | 'en'): Money | null {
  const t = text.replace(/[\s\u00a0\u202f€]/g, '').replace(/^([+-]?)/, '$1');
  if (!/^[+-]?[\d.,']+$/.test(t)) return null;
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  let decimalMark: ',' | '.' | null;
  if (lastComma >= 0 && lastDot >= 0) decimalMark = lastComma > lastDot ? ',' : '.';
  else if (lastComma >= 0 || lastDot >= 0) {
    const mark = lastComma >= 0 ? ',' : '.';
    const single = t.split(mark).length === 2;
    const groupLike = single && /^\d{3}$/.test(t.slice(t.lastIndexOf(mark) + 1));
    const groupingMark = language === 'de' ? '.' : ',';
    decimalMark = groupLike && mark === groupingMark ? null : single ? mark : null;
    if (!single && mark !== groupingMark) return null;
  } else decimalMark = null;
  const grouping = decimalMark === ',' ? /[.']/g : decimalMark === '.' ? /[,']/g : /[.,']/g;
  const [whole, frac] = decimalMark ? [t.slice(0, t.lastIndexOf(decimalMark)), t.slice(t.lastIndexOf(decimalMark) + 1)] : [t, undefined];
  // Thousands groups must have three digits: "12,3,4" is a typo, not 1234.
  if (/[.,']/.test(whole) && !/^[+-]?\d{1,3}([.,']\d{3})*$/.test(whole)) return null;
  const plain = whole.replace(grouping, '') + (frac !== undefined ? `.${frac}` : '');
  return parseDecimalMoney(plain, currency);
}
