/**
 * Steps "Key" and "Fields" of the builder: for a value the user clicked, every locator that
 * finds exactly that value again, ranked by meaning as recipes.md §3.2 orders them (column
 * header, field label, ARIA role and name, test id, then CSS). Each candidate is checked with
 * the engine's own `locate()`, so what the builder proposes is what the adapter will read.
 */
import { lineText, locate } from '../locate';
import { applySteps } from '../parse-steps';
import type { Locator, Recipe } from '../schema';
import { isGeneratedName, normText, ownSelector } from './dom-shape';

/** Keys are text: the locale decides nothing about them. */
const KEY_LOCALE: Recipe['locale'] = { decimal: ',', group: '.', dateOrder: 'DMY', currency: 'EUR', countryNames: ['de', 'en'] };

export type LocatorKind = 'column' | 'label' | 'role' | 'testId' | 'css';
export interface LocatorCandidate {
  kind: LocatorKind;
  locator: Locator;
  /** What it reads on the page the user taught. */
  value: string;
}

const TEST_ID_ATTRS = ['data-testid', 'data-test', 'data-qa'] as const;
const labelOf = (el: Element) => normText(el.textContent).replace(/\s*:$/, '');

/** The cell (td, th, gridcell) of `row` that holds `clicked`. */
function cellOf(row: Element, clicked: Element): Element | null {
  let el: Element | null = clicked;
  while (el && el.parentElement !== row) el = el.parentElement;
  return el;
}

/** The header text of the column a cell is in, read as locate.ts reads headers. */
function columnHeader(row: Element, cell: Element): string | null {
  const table = row.closest('table');
  if (table && row.tagName === 'TR') {
    const index = [...row.children].indexOf(cell);
    const head = [...table.querySelectorAll('thead tr')].at(-1) ?? [...table.querySelectorAll('tr')].find((r) => r.querySelector('th') && !r.querySelector('td'));
    const header = head?.children[index];
    return header ? labelOf(header) || null : null;
  }
  const grid = row.closest('[role="grid"], [role="table"], [role="treegrid"]');
  if (!grid) return null;
  const colIndex = cell.getAttribute('aria-colindex');
  const headers = [...grid.querySelectorAll('[role="columnheader"]')];
  const header = colIndex ? headers.find((h) => h.getAttribute('aria-colindex') === colIndex) : headers[[...row.children].indexOf(cell)];
  return header ? labelOf(header) || null : null;
}

/** The label in front of a value on a detail view: th/td, dt/dd, label[for], "Label: value". */
function fieldLabel(clicked: Element): string | null {
  for (let el: Element | null = clicked; el && el.tagName !== 'BODY'; el = el.parentElement) {
    const previous = el.previousElementSibling;
    if (previous && (previous.tagName === 'TH' || previous.tagName === 'DT' || previous.getAttribute('role') === 'rowheader')) return labelOf(previous) || null;
    if (el.id) {
      const label = el.ownerDocument.querySelector(`label[for="${CSS.escape(el.id)}"]`);
      if (label) return labelOf(label) || null;
    }
    const own = /^([^:]{1,60}):\s*\S/.exec(normText(el.textContent));
    if (own && el.children.length === 0) return own[1]!;
  }
  return null;
}

/** A selector from `root` down to `clicked` from stable parts, short as it can be. */
function cssPath(root: ParentNode, clicked: Element): string | null {
  const parts: string[] = [];
  for (let el: Element | null = clicked; el && el !== root; el = el.parentElement) {
    parts.unshift(ownSelector(el));
    const css = parts.join(' ');
    try {
      const found = root.querySelectorAll(css);
      if (found.length === 1 && found[0] === clicked) return css;
    } catch {
      return null;
    }
    if (parts.length > 6) break;
  }
  return null;
}

function check(root: ParentNode, kind: LocatorKind, locator: Locator, expected: string, out: LocatorCandidate[]) {
  const found = locate(root, locator);
  if (found.ok && found.value === expected && !out.some((c) => JSON.stringify(c.locator) === JSON.stringify(locator))) out.push({ kind, locator, value: found.value });
}

/**
 * Locators for the value the user clicked, best first. `root` is the row (list) or the
 * detail view; `row` marks that the value sits in a list row (column headers apply).
 */
export function proposeLocators(root: Element | Document, clicked: Element, options: { attr?: string } = {}): LocatorCandidate[] {
  const extra = options.attr ? { attr: options.attr } : {};
  const target = clicked;
  const expected = options.attr ? (target.getAttribute(options.attr) ?? '') : target instanceof HTMLInputElement ? normText(target.value) : lineText(target);
  const out: LocatorCandidate[] = [];
  if (!expected) return out;

  if (root instanceof Element) {
    const cell = cellOf(root, target);
    const header = cell ? columnHeader(root, cell) : null;
    if (header && cell && (cell === target || options.attr === undefined)) check(root, 'column', { column: header, ...extra }, expected, out);
  }
  const label = fieldLabel(target);
  if (label) check(root, 'label', { label, ...extra }, expected, out);

  for (let el: Element | null = target, depth = 0; el && depth < 3; el = el.parentElement, depth += 1) {
    const role = el.getAttribute('role');
    const name = el.getAttribute('aria-label');
    if (role && name) check(root, 'role', { role, name, ...extra } as Locator, expected, out);
    for (const attr of TEST_ID_ATTRS) {
      const id = el.getAttribute(attr);
      if (id && !isGeneratedName(id.replace(/[-_]/g, ''))) check(root, 'testId', { testId: id, ...extra }, expected, out);
    }
    if (el === root) break;
  }
  const css = cssPath(root, target);
  if (css) check(root, 'css', { css, ...extra }, expected, out);
  return out;
}

/** The locator a field keeps: the best candidate, with up to two others as fallbacks. */
export function withFallbacks(candidates: readonly LocatorCandidate[]): Locator | null {
  const [first, ...rest] = candidates;
  if (!first) return null;
  if (rest.length === 0) return first.locator;
  return { any: candidates.slice(0, 3).map((c) => c.locator) } as Locator;
}

export interface KeyCandidate {
  locator: Locator;
  /** The key of each row, in row order. */
  keys: string[];
  why: 'checkbox' | 'link' | 'attribute' | 'text';
}

/** The numbered part of a link's path or query that differs between rows: the order's id. */
function linkKey(link: Element): Locator[] {
  const href = link.getAttribute('href');
  if (!href) return [];
  const url = new URL(href, 'http://x.invalid');
  const segments = url.pathname.split('/').filter(Boolean);
  const selector = segments.length > 1 ? `a[href*="/${CSS.escape(segments[0]!)}/"]` : 'a[href]';
  const out: Locator[] = segments.map((_, i) => ({ css: selector, attr: 'href', parse: [{ urlPath: i }] }) as Locator);
  for (const name of url.searchParams.keys()) if (/id|nr|no|key|auftrag|order/i.test(name)) out.unshift({ css: selector, attr: 'href', parse: [{ urlParam: name }] } as Locator);
  return out;
}

/** Ways to tell the rows apart, best first; each gives every row a different, non-empty key. */
export function proposeRowKeys(rows: readonly Element[]): KeyCandidate[] {
  const first = rows[0];
  if (!first) return [];
  const tries: { locator: Locator; why: KeyCandidate['why'] }[] = [];
  const checkbox = first.querySelector('input[type="checkbox"][value]');
  if (checkbox && checkbox.getAttribute('value') !== 'on') tries.push({ locator: { css: 'input[type="checkbox"]', attr: 'value' }, why: 'checkbox' });
  for (const link of first.querySelectorAll('a[href]')) for (const locator of linkKey(link)) tries.push({ locator, why: 'link' });
  for (const el of first.querySelectorAll('*')) {
    for (const attr of el.getAttributeNames()) {
      if (!/^data-.*(id|key)$/i.test(attr)) continue;
      tries.push({ locator: { css: `[${attr}]`, attr }, why: 'attribute' });
    }
  }
  for (const cell of first.children) {
    const header = columnHeader(first, cell);
    if (header) tries.push({ locator: { column: header }, why: 'text' });
  }
  const out: KeyCandidate[] = [];
  const seen = new Set<string>();
  for (const t of tries) {
    const id = JSON.stringify(t.locator);
    if (seen.has(id)) continue;
    seen.add(id);
    const keys = rows.map((r) => locate(r, t.locator));
    const values = keys.map((k) => (k.ok ? applyKeyParse(k.value, t.locator) : ''));
    if (values.some((v) => !v || v.length > 100) || new Set(values).size !== values.length) continue;
    out.push({ locator: t.locator, keys: values, why: t.why });
  }
  return out;
}

/** The key a locator's own parse steps make of the value (the engine applies the same steps). */
function applyKeyParse(value: string, locator: Locator): string {
  const steps = 'parse' in locator ? (locator.parse ?? []) : [];
  const result = applySteps(value, steps, KEY_LOCALE, 'http://page.invalid/');
  return result.ok && typeof result.value === 'string' ? result.value : '';
}


/**
 * Each row's link to its order (an `href`), for a detail that opens in a frame: the TMS signs
 * such links or serves them from a second origin, so the recipe follows the row's own link
 * instead of making a URL from the key. The key's own link when the key came from one, else
 * the one link every row has; null when the rows have no single link each.
 */
export function proposeRowLink(rows: readonly Element[], key: Locator | undefined): Locator | null {
  const tries: Locator[] = [];
  if (key && 'css' in key && key.attr === 'href') tries.push({ css: key.css, attr: 'href' });
  const target = rows[0]?.querySelector('a[href][target]')?.getAttribute('target');
  if (target && /^[\w-]{1,60}$/.test(target)) tries.push({ css: `a[href][target="${target}"]`, attr: 'href' });
  tries.push({ css: 'a[href]', attr: 'href' });
  return tries.find((locator) => rows.length > 0 && rows.every((row) => locate(row, locator).ok)) ?? null;
}
