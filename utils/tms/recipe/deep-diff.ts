/**
 * A readable deep comparison of JSON values, for the recipe test runner: each difference names
 * where it is (`[0].order.price.minor`), what was expected and what came out. Values are compared
 * as JSON, the way an order travels to the background: a key holding `undefined` is absent.
 */

export interface Difference {
  /** Where the values part: `[1].order.stops[0].city`; the empty string for the whole value. */
  path: string;
  /** `undefined` when the expectation has nothing here (an unexpected extra). */
  expected: unknown;
  /** `undefined` when the result has nothing here (a missing value). */
  actual: unknown;
}

/** Enough to see what broke; a test against the wrong page would otherwise list thousands. */
export const MAX_DIFFERENCES = 50;

/** The value as JSON would carry it: no undefined keys, no functions, dates as strings. */
export function asJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const keyPath = (base: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`);

/** Every place where `actual` differs from `expected`, depth first, at most `limit`. */
export function deepDiff(expected: unknown, actual: unknown, path = '', limit = MAX_DIFFERENCES): Difference[] {
  const out: Difference[] = [];
  const walk = (e: unknown, a: unknown, at: string) => {
    if (out.length >= limit) return;
    if (Array.isArray(e) && Array.isArray(a)) {
      for (let i = 0; i < Math.max(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`);
      return;
    }
    if (isObject(e) && isObject(a)) {
      // The expectation's keys first, in its order, then what only the result has.
      const keys = [...Object.keys(e), ...Object.keys(a).filter((k) => !Object.hasOwn(e, k))];
      for (const key of keys) walk(e[key], a[key], keyPath(at, key));
      return;
    }
    if (!Object.is(e, a)) out.push({ path: at, expected: e, actual: a });
  };
  walk(asJson(expected), asJson(actual), path);
  return out;
}

/** A value in a difference line: JSON, shortened; "(nothing)" where one side has no value. */
export function showValue(value: unknown, max = 120): string {
  if (value === undefined) return '(nothing)';
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
