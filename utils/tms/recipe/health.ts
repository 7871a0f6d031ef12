/**
 * Recipe health (recipes.md §3.11): how well a recipe still reads the page in front of the
 * user, measured on the page itself. A TMS release that renames a column or restructures a
 * row shows up here first, before an invoice is wrong: rows without a key, summary fields
 * found in too few rows, fallbacks answering instead of the first locator.
 *   red:   a list page with no rows, or more than 20 % of rows without a key;
 *   amber: a summary field found in fewer than 80 % of keyed rows, or a fallback answering.
 * On a detail page: red when a field an invoice needs is not found, amber when a fallback answers.
 * Local only; nothing leaves the tab.
 */
import { locate } from './locate';
import type { Locator, Recipe } from './schema';
import { matchUrl } from './url-match';
import type { DetailField } from './builder/fields';

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
  /** The recipe reads the TMS's own data, and this browser doesn't let Frachtbeleg see it here. */
  captureUnavailable?: true;
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

/** One order field on a detail page: found by its locator, or by a fallback. */
export interface DetailFieldHealth {
  field: DetailField;
  found: boolean;
  fallback: boolean;
  /** The order can't be invoiced without it (number, customer, status, price). */
  required: boolean;
}
export interface DetailHealth {
  fields: DetailFieldHealth[];
  level: HealthLevel;
  /** As on a list page. */
  captureUnavailable?: true;
}

/**
 * A recipe that reads the TMS's own data (capture sources, `captured` auth) in a tab where the
 * capture script never answered, a second after the engine asked it (Firefox below 128 has no
 * page world for it): reading falls back to the recipe's next source or names the field
 * `source-unavailable`, and the page's health says so, amber at least (recipes.md § 3.6, § 3.11).
 * `captureRunning` is undefined for a recipe that captures nothing.
 */
export function withCapture<H extends RecipeHealth | DetailHealth>(health: H | null, captureRunning: boolean | undefined): H | null {
  if (!health || captureRunning !== false) return health;
  return { ...health, captureUnavailable: true, level: health.level === 'red' ? 'red' : 'amber' };
}

const REQUIRED_ON_DETAIL = new Set(['number', 'customer.name', 'status', 'price']);
const ADDRESS_PART = new Set(['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode']);

/**
 * The health of a recipe's detail page (one with a URL of its own), or null when this page is
 * not one. Red: a field an invoice needs is not found; amber: a field read by a fallback. An
 * optional field the order simply lacks (no POD yet, no pallets) is no alarm.
 */
export function detailHealth(recipe: Recipe, doc: Document, url: URL): DetailHealth | null {
  const detail = recipe.detail;
  if (!detail?.url || (detail.view ?? 'page') !== 'page' || !recipe.sites.concat(recipe.extraOrigins).includes(url.origin) || matchUrl(detail.url, url) === null) return null;
  let root: ParentNode = doc;
  if (detail.container) {
    let found: Element[] = [];
    try {
      found = [...doc.querySelectorAll(detail.container.css)];
    } catch {
      found = [];
    }
    if (found.length !== 1) return null;
    root = found[0]!;
  }
  const byField = new Map<DetailField, DetailFieldHealth>();
  for (const [name, spec] of Object.entries(recipe.order.fields) as [string, { html?: unknown } | undefined][]) {
    if (name === 'stops' || name === 'invoiceLinks' || !spec?.html) continue;
    const read = locate(root, spec.html as Locator);
    // The address's four parts are taught (and re-taught) together.
    const field = (ADDRESS_PART.has(name) ? 'address' : name) as DetailField;
    const seen = byField.get(field);
    const now = { field, found: read.ok && (seen?.found ?? true), fallback: (read.ok && read.via > 0) || (seen?.fallback ?? false), required: REQUIRED_ON_DETAIL.has(name) || (seen?.required ?? false) };
    byField.set(field, now);
  }
  const fields = [...byField.values()];
  const level: HealthLevel = fields.some((f) => f.required && !f.found) ? 'red' : fields.some((f) => f.fallback) ? 'amber' : 'ok';
  return { fields, level };
}

/** The detail fields "Re-teach this field" is offered for: needed and not found, or read by a fallback. */
export function weakDetailFields(health: DetailHealth): DetailField[] {
  return health.fields.filter((f) => (f.required && !f.found) || f.fallback).map((f) => f.field);
}
