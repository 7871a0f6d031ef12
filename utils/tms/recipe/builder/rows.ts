/**
 * Step "Rows" of the builder: the user clicks one value in one order's row; the builder
 * finds the row and its siblings (recipes.md §3.8: the nearest ancestor with at least three
 * similar siblings), and writes the shortest selector that finds exactly those rows, using
 * structure and chosen names only, so it survives hashed classes and re-renders.
 */
import { normText, ownSelector, selectsExactly, shapeOf, stableClasses, stableId } from './dom-shape';

export interface RowsProposal {
  /** The row the click was in. */
  row: Element;
  /** Every row of the list the selector finds, in page order. */
  rows: Element[];
  css: string;
  skip?: string;
}

const MIN_SIBLINGS = 3;
const MAX_DEPTH = 14;

const rowLike = (el: Element) => el.tagName === 'TR' || el.tagName === 'LI' || el.getAttribute('role') === 'row' || el.getAttribute('role') === 'listitem';
const isHeaderRow = (el: Element) =>
  (el.querySelector('th, [role="columnheader"]') !== null && el.querySelector('td, [role="gridcell"], [role="cell"]') === null) || el.closest('thead') !== null;

function similarSiblings(el: Element): Element[] {
  const parent = el.parentElement;
  if (!parent) return [];
  const shape = shapeOf(el);
  return [...parent.children].filter((c) => shapeOf(c) === shape && !isHeaderRow(c));
}

/** The row a clicked element belongs to, or null when nothing around it repeats. */
export function findRow(clicked: Element): Element | null {
  let best: { el: Element; count: number } | null = null;
  let el: Element | null = clicked;
  for (let depth = 0; el && el !== el.ownerDocument.body && depth < MAX_DEPTH; depth += 1, el = el.parentElement) {
    const count = similarSiblings(el).length;
    if (count < MIN_SIBLINGS) continue;
    // A table row or an ARIA row is the row; otherwise the level that repeats most is.
    if (rowLike(el) && !isHeaderRow(el)) return el;
    if (!best || count > best.count) best = { el, count };
  }
  return best?.el ?? null;
}

/** A short selector for the rows' container, from its own stable parts and its parents'. */
function containerSelectors(container: Element): string[] {
  const out: string[] = [];
  const own = ownSelector(container);
  const id = stableId(container);
  out.push(shapeOf(container).replace(/^div(?=\[)/, ''));
  if (own !== container.tagName.toLowerCase()) out.push(own);
  if (id) out.push(`#${CSS.escape(id)}`);
  const parent = container.parentElement;
  if (parent && parent !== container.ownerDocument.body) {
    const parentShape = stableId(parent) ? `#${CSS.escape(stableId(parent)!)}` : ownSelector(parent);
    out.push(`${parentShape} > ${own}`);
    const table = container.closest('table');
    if (table && table !== container) out.push(`${ownSelector(table)} ${own}`);
  }
  return out;
}

/** Proposes the rows for a click on a value in one of them. */
export function proposeRows(clicked: Element): RowsProposal | null {
  const row = findRow(clicked);
  if (!row) return null;
  const rows = similarSiblings(row);
  const root = row.ownerDocument;
  const shape = shapeOf(row).replace(/^div(?=\[)/, '');
  const common = stableClasses(row).filter((c) => rows.every((r) => r.classList.contains(c)));
  const withClasses = `${shape}${common.map((c) => `.${CSS.escape(c)}`).join('')}`;
  const container = row.parentElement!;
  // Structure before names: a TMS restyles more often than it restructures.
  const containers = containerSelectors(container);
  const candidates = [shape, ...containers.map((c) => `${c} > ${shape}`), withClasses, ...containers.map((c) => `${c} > ${withClasses}`)];
  // A virtualized grid keeps spare row elements hidden until a scroll needs them: the rows
  // are the ones shown, the selector skips the spare ones.
  const shown = rows.filter((r) => !r.hasAttribute('hidden'));
  if (shown.length > 0 && shown.length < rows.length && shown.includes(row)) {
    for (const css of [...new Set(candidates)]) {
      if (selectsExactly(root, css, rows)) return { row, rows: shown, css, skip: '[hidden]' };
    }
  }
  for (const css of [...new Set(candidates)]) {
    if (selectsExactly(root, css, rows)) return { row, rows, css };
  }
  // Header rows of grids share the rows' shape: select all, skip those.
  for (const css of [...new Set(candidates)]) {
    const found = safeQuery(root, css);
    if (!found || !rows.every((r) => found.includes(r))) continue;
    const extra = found.filter((f) => !rows.includes(f));
    if (extra.length > 0 && extra.every(isHeaderRow)) {
      const skip = extra.some((e) => e.closest('thead')) ? 'thead *' : ':has([role="columnheader"])';
      return { row, rows, css, skip };
    }
  }
  return null;
}

function safeQuery(root: ParentNode, css: string): Element[] | null {
  try {
    return [...root.querySelectorAll(css)];
  } catch {
    return null;
  }
}

/** A row's visible text, for the builder's list of what it found. */
export const rowText = (row: Element): string => normText(row.textContent).slice(0, 200);

/** How a list's "next page" link is named ("Weiter »", "Nächste Seite", "Next ›", "»"). */
const NEXT_NAME = /^(?:(?:weiter|nächste(?: seite)?|next(?: page)?)\s*[»›>]*|[»›>])$/i;

/**
 * The list's link to its next page, when it shows its orders a page at a time: marked
 * `rel="next"`, or one link named like "Weiter »". Null for a list on one page, or when the
 * page names several such links differently (the user is not asked to guess).
 */
export function proposeNextPage(doc: Document): { locator: { css: string; attr: 'href' } | { role: 'link'; name: string; attr: 'href' }; name: string } | null {
  const marked = [...doc.querySelectorAll('a[rel~="next"][href]')];
  if (marked.length > 0) return { locator: { css: 'a[rel~="next"]', attr: 'href' }, name: normText(marked[0]!.textContent) };
  const named = [...doc.querySelectorAll('a[href]')].filter((a) => NEXT_NAME.test(normText(a.textContent)));
  const names = new Set(named.map((a) => normText(a.textContent)));
  if (names.size !== 1) return null;
  const name = [...names][0]!;
  return { locator: { role: 'link', name, attr: 'href' }, name };
}
