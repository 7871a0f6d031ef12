/**
 * Recipe health (recipes.md §3.11): how well a recipe still reads the page in front of the
 * user, measured on the page itself. A TMS release that renames a column or restructures a
 * row shows up here first, before an invoice is wrong: rows without a key, summary fields
 * found in too few rows, fallbacks answering instead of the first locator.
 *   red:   a list page with no rows, or more than 20 % of rows without a key;
 *   amber: a summary field found in fewer than 80 % of keyed rows, or a fallback answering.
 * Local only; nothing leaves the tab.
 */
import { locate } from './locate';
import type { Locator, Recipe } from './schema';
import { matchUrl } from './url-match';

export type HealthLevel = 'ok' | 'amber' | 'red';
export interface FieldHealth {
  field: 'number' | 'customer' | 'price' | 'status';
  /** Keyed rows in which the field was found. */
  found: number;
  /** Of those, rows where a fallback answered, not the first locator. */
  fallback: number;
}
export interface RecipeHealth {
  rows: number;
  keyed: number;
  fields: FieldHealth[];
  level: HealthLevel;
}

const KEYLESS_RED = 0.2;
const FIELD_AMBER = 0.8;

function rowsOf(doc: Document, list: NonNullable<Recipe['list']>): Element[] {
  let rows: Element[];
  try {
    rows = [...doc.querySelectorAll(list.row.css)];
  } catch {
    return [];
  }
  const skip = list.row.skip?.css;
  return skip ? rows.filter((r) => !safeMatches(r, skip)) : rows;
}

function safeMatches(el: Element, css: string): boolean {
  try {
    return el.matches(css);
  } catch {
    return false;
  }
}

/**
 * The list columns that read amber or red on their own (found in fewer than 80 % of keyed
 * rows, or through a fallback): the ones "Re-teach this field" is offered for.
 */
export function weakFields(health: RecipeHealth): FieldHealth['field'][] {
  if (health.keyed === 0) return [];
  return health.fields.filter((f) => f.found < health.keyed * FIELD_AMBER || f.fallback > 0).map((f) => f.field);
}

/** The health of a recipe's list on this page, or null when the page is not its list. */
export function listHealth(recipe: Recipe, doc: Document, url: URL): RecipeHealth | null {
  const list = recipe.list;
  if (!list || !recipe.sites.concat(recipe.extraOrigins).includes(url.origin) || matchUrl(list.url, url) === null) return null;
  const rows = rowsOf(doc, list);
  const keyed = rows.filter((r) => locate(r, list.rowKey).ok);
  const summary: [FieldHealth['field'], Locator | undefined][] = [
    ['number', list.summary.number],
    ['customer', list.summary.customer],
    ['price', list.summary.price],
    ['status', list.summary.status],
  ];
  const fields = summary.flatMap(([field, locator]) => {
    if (!locator) return [];
    let found = 0;
    let fallback = 0;
    for (const row of keyed) {
      const read = locate(row, locator);
      if (read.ok) {
        found += 1;
        if (read.via > 0) fallback += 1;
      }
    }
    return [{ field, found, fallback }];
  });
  let level: HealthLevel = 'ok';
  if (rows.length === 0 || (rows.length - keyed.length) / rows.length > KEYLESS_RED) level = 'red';
  else if (fields.some((f) => f.found < keyed.length * FIELD_AMBER || f.fallback > 0)) level = 'amber';
  return { rows: rows.length, keyed: keyed.length, fields, level };
}
