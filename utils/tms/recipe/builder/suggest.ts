/**
 * What the builder proposes beyond locators: how rows are selected, how each field's text
 * is parsed, and the page's notation (decimal mark, date order, currency). Every proposal
 * is shown to the user with its result on each visible row; the user can override it.
 */
import { locate } from '../locate';
import { applySteps, type ParsedValue } from '../parse-steps';
import type { Locator, Recipe } from '../schema';

type Steps = NonNullable<NonNullable<Recipe['order']['fields']['price']>['parse']>;
type Selection = NonNullable<Recipe['list']>['selection'];

/** Checkbox on every row, then aria-selected rows, else the extension's own checkbox. */
export function detectSelection(rows: readonly Element[]): Selection {
  if (rows.length > 0 && rows.every((r) => r.querySelector('input[type="checkbox"]'))) return { mode: 'checkbox', control: { css: 'input[type="checkbox"]' } };
  if (rows.length > 0 && rows.every((r) => r.querySelector('[role="checkbox"]'))) return { mode: 'checkbox', control: { css: '[role="checkbox"]' } };
  if (rows.length > 0 && rows.every((r) => r.hasAttribute('aria-selected'))) return { mode: 'rowAttribute', attribute: { name: 'aria-selected', value: 'true' } };
  return { mode: 'own' };
}

/** The parse steps a field usually needs; the preview shows where they fail. */
export function suggestParse(field: string): Steps {
  switch (field) {
    case 'price':
      return [{ money: {} }];
    case 'load.weightKg':
      return [{ weight: { to: 'kg' } }];
    case 'load.loadingMeters':
      return [{ loadingMeters: {} }];
    case 'load.pallets':
      return [{ integer: {} }];
    case 'customer.vatId':
      return [{ vatId: {} }];
    case 'customer.countryCode':
      return [{ country: {} }];
    case 'customer.zip':
      return [{ zipCity: 'zip' }];
    case 'customer.city':
      return [{ zipCity: 'city' }];
    case 'podUrl':
      return [{ absoluteUrl: {} }];
    default:
      return [{ collapseWhitespace: {} }];
  }
}

const CURRENCY_MARKS: Record<string, string> = { '€': 'EUR', EUR: 'EUR', CHF: 'CHF', 'Fr.': 'CHF', PLN: 'PLN', 'zł': 'PLN', CZK: 'CZK', 'Kč': 'CZK', '£': 'GBP', GBP: 'GBP', $: 'USD', USD: 'USD', DKK: 'DKK', SEK: 'SEK', HUF: 'HUF' };

/** The page's notation, read from sample prices and dates; German defaults where samples are silent. */
export function inferLocale(prices: readonly string[], dates: readonly string[] = []): Recipe['locale'] {
  const votes = { ',': 0, '.': 0 };
  const groups = new Map<string, number>();
  const currencies = new Map<string, number>();
  for (const text of prices) {
    const m = /(\d[\d.,' ]*?)([.,])(\d{2})(?!\d)/.exec(text);
    if (m) {
      votes[m[2] as ',' | '.'] += 1;
      const group = /\d([.,' ])\d{3}(?!\d)/.exec(m[1]!)?.[1];
      if (group && group !== m[2]) groups.set(group, (groups.get(group) ?? 0) + 1);
    }
    for (const [mark, code] of Object.entries(CURRENCY_MARKS)) if (text.includes(mark)) currencies.set(code, (currencies.get(code) ?? 0) + 1);
  }
  const decimal = votes['.'] > votes[','] ? '.' : ',';
  const top = <T>(m: Map<T, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const group = (top(groups) as Recipe['locale']['group'] | undefined) ?? (decimal === ',' ? '.' : ',');
  let dateOrder: Recipe['locale']['dateOrder'] = 'DMY';
  if (dates.some((d) => /\b\d{4}-\d{2}-\d{2}\b/.test(d)) && !dates.some((d) => /\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b/.test(d))) dateOrder = 'YMD';
  else if (dates.some((d) => /\b\d{1,2}\/(1[3-9]|2\d|3[01])\/\d{2,4}\b/.test(d))) dateOrder = 'MDY';
  return { decimal, group, dateOrder, currency: top(currencies) ?? 'EUR', countryNames: ['de', 'en'] };
}

export type PreviewCell = { ok: true; text: string; value: ParsedValue } | { ok: false; text: string; problem: string };

/** A field read on every row with its parse steps: what the builder's live preview shows. */
export function previewField(roots: readonly ParentNode[], locator: Locator, steps: Steps, locale: Recipe['locale'], pageUrl?: string): PreviewCell[] {
  return roots.map((root) => {
    const found = locate(root, locator);
    if (!found.ok) return { ok: false, text: '', problem: found.problem };
    const parsed = applySteps(found.value, steps, locale, pageUrl);
    return parsed.ok ? { ok: true, text: found.value, value: parsed.value } : { ok: false, text: found.value, problem: `${parsed.step}: ${parsed.problem}` };
  });
}
