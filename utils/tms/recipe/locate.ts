/**
 * Finding a value on a page the way a recipe says, ranked by meaning: the column under a
 * header, the value next to a label, an ARIA role and name, a test id, then CSS. Pure
 * functions over a Document or Element, so they run on saved pages as well as live ones.
 * Several matches where one is expected is a problem, never "the first match".
 */
import type { Locator } from './schema';

export type LocateProblem = 'not-found' | 'ambiguous' | 'bad-selector';
export type Located = { ok: true; value: string; via: number } | { ok: false; problem: LocateProblem };

const norm = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const labelText = (el: Element) => norm(el.textContent).replace(/\s*:$/, '').toLowerCase();
const names = (value: string | readonly string[]) => (Array.isArray(value) ? value : [value]).map((n) => norm(n).replace(/\s*:$/, '').toLowerCase());

function queryAll(root: ParentNode, selector: string): Element[] | null {
  try {
    return [...root.querySelectorAll(selector)];
  } catch {
    return null;
  }
}

const cellsOf = (row: Element) => [...row.children].filter((c) => c.tagName === 'TD' || c.tagName === 'TH');
const span = (cell: Element) => Math.max(1, Number(cell.getAttribute('colspan') ?? 1) || 1);

/** The header cells of the table or grid a row belongs to, with their column positions. */
function headers(row: Element): { el: Element; index: number }[] {
  const table = row.closest('table');
  if (table) {
    // DOM queries rather than the table API: saved pages are parsed where that API is thin.
    const headRows = [...table.querySelectorAll('thead tr')];
    const head = headRows.at(-1) ?? [...table.querySelectorAll('tr')].find((r) => r.querySelector('th') && !r.querySelector('td'));
    if (!head || head === row) return [];
    let index = 0;
    return cellsOf(head).map((cell) => {
      const at = { el: cell, index };
      index += span(cell);
      return at;
    });
  }
  const grid = row.closest('[role="grid"], [role="table"], [role="treegrid"]');
  if (!grid) return [];
  return [...grid.querySelectorAll('[role="columnheader"]')].map((el, i) => ({ el, index: el.hasAttribute('aria-colindex') ? Number(el.getAttribute('aria-colindex')) - 1 : i }));
}

function cellAt(row: Element, index: number): Element | null {
  if (row.tagName === 'TR') {
    let at = 0;
    for (const cell of cellsOf(row)) {
      if (at === index) return cell;
      at += span(cell);
    }
    return null;
  }
  const byIndex = row.querySelector(`[aria-colindex="${index + 1}"]`);
  if (byIndex) return byIndex;
  return row.querySelectorAll('[role="gridcell"], [role="cell"]')[index] ?? null;
}

function byColumn(row: Element, wanted: string[]): Element[] {
  const match = headers(row).filter((h) => wanted.includes(labelText(h.el)));
  return match.map((h) => cellAt(row, h.index)).filter((c): c is Element => c !== null);
}

function byLabel(root: ParentNode, wanted: string[]): Element[] {
  const found: Element[] = [];
  for (const el of queryAll(root, 'th, dt, label, [role="rowheader"]') ?? []) {
    if (!wanted.includes(labelText(el))) continue;
    if (el.tagName === 'LABEL') {
      const target = (el as HTMLLabelElement).htmlFor ? (el.ownerDocument.getElementById((el as HTMLLabelElement).htmlFor) ?? null) : el.querySelector('input, select, textarea');
      if (target) found.push(target);
    } else {
      const next = el.nextElementSibling;
      if (next) found.push(next);
    }
  }
  for (const el of queryAll(root, '[aria-labelledby]') ?? []) {
    const ids = (el.getAttribute('aria-labelledby') ?? '').split(/\s+/);
    const label = ids.map((id) => el.ownerDocument.getElementById(id)).find((l) => l && wanted.includes(labelText(l)));
    if (label) found.push(el);
  }
  if (found.length === 0) {
    // "Kunde: Spedition Nordlicht GmbH" in one element.
    for (const el of queryAll(root, 'p, li, div, span, td') ?? []) {
      if (el.children.length > 0) continue;
      const m = /^([^:]{1,60}):\s*(.+)$/.exec(norm(el.textContent));
      if (m && wanted.includes(m[1]!.toLowerCase())) found.push(el);
    }
  }
  return [...new Set(found)];
}

/** Elements that end a line where they start and end (as the browser lays them out). */
const LINE_BREAKING = 'br, p, div, li, dd, dt, tr, address, h1, h2, h3, h4, h5, h6, ul, ol, table, section';
const BLOCK_TAGS = new Set(LINE_BREAKING.toUpperCase().split(', '));

/**
 * An element's text with its lines kept: "Name<br>Street<br>DE-28195 Bremen" reads as three
 * lines (for the `line` parse step), each with its spaces collapsed. An element without line
 * breaks inside reads exactly as its collapsed text.
 */
export function lineText(el: Element): string {
  if (el.children.length === 0 || !el.querySelector(LINE_BREAKING)) return norm(el.textContent);
  let out = '';
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.textContent ?? '';
      else if (child.nodeType === 1) {
        const tag = (child as Element).tagName;
        if (tag === 'BR') out += '\n';
        else if (BLOCK_TAGS.has(tag)) {
          out += '\n';
          walk(child);
          out += '\n';
        } else walk(child);
      }
    }
  };
  walk(el);
  return out.split('\n').map(norm).filter(Boolean).join('\n');
}

/**
 * The rows a label stands for, for repeated entries such as stops ("Abholung", "Abholung",
 * "Zustellung"): each matching label's parent, when it holds the label and its value; in a
 * description list, the label's section (see below).
 */
export function labelledItems(root: ParentNode, labels: string | readonly string[]): Element[] {
  const wanted = names(labels);
  const items: Element[] = [];
  for (const el of queryAll(root, 'th, dt, [role="rowheader"]') ?? []) {
    if (!wanted.includes(labelText(el))) continue;
    // A description list holds every label of the page: a stop is its term with the terms
    // that follow it, up to the next stop's ("Ladestelle", "Ladedatum" | "Entladestelle", …),
    // read from a detached copy so its fields find their labels inside it alone.
    if (el.tagName === 'DT' && el.parentElement?.tagName === 'DL') {
      const section = el.ownerDocument.createElement('div');
      for (let part: Element | null = el; part && (part === el || part.tagName !== 'DT' || !wanted.includes(labelText(part))); part = part.nextElementSibling) {
        section.append(part.cloneNode(true));
      }
      items.push(section);
      continue;
    }
    const parent = el.parentElement;
    if (parent && parent.children.length >= 2 && !items.includes(parent)) items.push(parent);
  }
  return items;
}

/**
 * Which of `labels` an item of labelledItems() stands for (the position in the list), or -1:
 * its own label cell, the first `th`, `dt` or row header in it.
 */
export function itemLabelIndex(item: ParentNode, labels: string | readonly string[]): number {
  const head = item.querySelector('th, dt, [role="rowheader"]');
  return head ? names(labels).indexOf(labelText(head)) : -1;
}

function accessibleName(el: Element): string {
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) return norm(labelledBy.split(/\s+/).map((id) => el.ownerDocument.getElementById(id)?.textContent ?? '').join(' '));
  return norm(el.getAttribute('aria-label') ?? el.getAttribute('title') ?? el.textContent);
}

function valueOf(el: Element, locator: { attr?: string | undefined; prop?: string | undefined }, viaLabelLine: boolean): string {
  if (locator.attr) return el.getAttribute(locator.attr) ?? '';
  switch (locator.prop) {
    case 'value':
      return (el as HTMLInputElement).value ?? '';
    case 'href':
      return (el as HTMLAnchorElement).href ?? el.getAttribute('href') ?? '';
    case 'checked':
      return String((el as HTMLInputElement).checked ?? false);
    case 'title':
      return el.getAttribute('title') ?? '';
    default: {
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return norm(el.value);
      const text = lineText(el);
      return viaLabelLine ? text.replace(/^[^:]{1,60}:\s*/, '') : text;
    }
  }
}

/**
 * The HTML elements that have a role without saying so (HTML-AAM), without a `role` of their
 * own: a `<section aria-label="Aktionen">` is the region "Aktionen" as assistive technology
 * and Playwright's getByRole see it. A section is a region only when it has a name.
 */
const IMPLICIT_ROLES: Partial<Record<string, string>> = {
  region: 'section[aria-label]:not([role]), section[aria-labelledby]:not([role])',
  button: 'button:not([role]), input[type="button"]:not([role]), input[type="submit"]:not([role]), input[type="reset"]:not([role])',
  link: 'a[href]:not([role])',
  checkbox: 'input[type="checkbox"]:not([role])',
  heading: 'h1:not([role]), h2:not([role]), h3:not([role]), h4:not([role]), h5:not([role]), h6:not([role])',
  dialog: 'dialog:not([role])',
  table: 'table:not([role])',
  row: 'tr:not([role])',
  cell: 'td:not([role])',
  listitem: 'li:not([role])',
  textbox: 'textarea:not([role]), input[type="text"]:not([role]), input:not([type]):not([role])',
  status: 'output:not([role])',
};

/** Elements one (non-`any`) locator finds under `root`; null when its selector is invalid. */
function elementsFor(root: ParentNode, locator: Exclude<Locator, { any: unknown }>): Element[] | null {
  if ('column' in locator) return root instanceof Element ? byColumn(root, names(locator.column)) : [];
  if ('label' in locator) return byLabel(root, names(locator.label));
  if ('role' in locator) {
    const native = IMPLICIT_ROLES[locator.role];
    const all = queryAll(root, native ? `[role="${locator.role}"], ${native}` : `[role="${locator.role}"]`) ?? [];
    return locator.name ? all.filter((el) => accessibleName(el).toLowerCase() === norm(locator.name).toLowerCase()) : all;
  }
  if ('testId' in locator) {
    const id = CSS.escape(locator.testId);
    return queryAll(root, `[data-testid="${id}"], [data-test="${id}"], [data-qa="${id}"]`);
  }
  if ('css' in locator) return queryAll(root, locator.css);
  return [];
}

/**
 * The one value a locator finds under `root` (a row, a detail view, a document). `via` is
 * which of an `any`'s fallbacks answered (0 without `any`), for the recipe's health.
 */
export function locate(root: ParentNode, locator: Locator): Located {
  const candidates = 'any' in locator ? locator.any : [locator];
  let firstProblem: LocateProblem = 'not-found';
  for (const [via, candidate] of candidates.entries()) {
    if ('const' in candidate) return { ok: true, value: candidate.const, via };
    if ('json' in candidate) continue; // JSON locators read captured or fetched data, not the page
    const found = elementsFor(root, candidate);
    if (found === null) {
      firstProblem = firstProblem === 'not-found' ? 'bad-selector' : firstProblem;
      continue;
    }
    const values = [...new Set(found.map((el) => valueOf(el, candidate, 'label' in candidate && el.children.length === 0 && /^[^:]{1,60}:/.test(norm(el.textContent)))))].filter((v) => v !== '');
    if (values.length === 1) return { ok: true, value: values[0]!, via };
    if (values.length > 1) {
      if (firstProblem === 'not-found') firstProblem = 'ambiguous';
      continue;
    }
  }
  return { ok: false, problem: firstProblem };
}

/** Every value a locator finds (for lists such as stops or invoice links). */
export function locateAll(root: ParentNode, locator: Locator): string[] {
  const candidates = 'any' in locator ? locator.any : [locator];
  for (const candidate of candidates) {
    if ('const' in candidate) return [candidate.const];
    if ('json' in candidate) continue;
    const found = elementsFor(root, candidate) ?? [];
    const values = found.map((el) => valueOf(el, candidate, false)).filter((v) => v !== '');
    if (values.length) return values;
  }
  return [];
}

/**
 * The elements a page locator stands for (a row's checkbox, the detail page's toolbar), not
 * their values: the first of an `any`'s fallbacks that finds any. `const` and `json`
 * locators name no element.
 */
export function locateElements(root: ParentNode, locator: Locator): Element[] {
  const candidates = 'any' in locator ? locator.any : [locator];
  for (const candidate of candidates) {
    if ('const' in candidate || 'json' in candidate) continue;
    const found = elementsFor(root, candidate) ?? [];
    if (found.length) return [...new Set(found)];
  }
  return [];
}
