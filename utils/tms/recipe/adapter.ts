/**
 * A site recipe as a TmsPageAdapter: the same interface the demo adapter implements in code,
 * driven by data only (../../../docs/recipes.md). Pure functions over a Document and a URL,
 * so they run on saved pages; nothing here is evaluated, every value is located, parsed by
 * the closed parsers and validated by finishOrder().
 *
 * Selection: in `checkbox` mode a row's ListRow.checkbox is the TMS's own native checkbox
 * (a row without exactly one is skipped). In `own` and `rowAttribute` mode the extension adds
 * a light-DOM checkbox of its own to each row (`input[data-frachtbeleg-select]`, in the first
 * cell of a table row), because SelectionTracker follows `checked` and `change` events; in
 * `rowAttribute` mode it starts ticked when the row carries the TMS's selected mark, and follows
 * that mark live: when the TMS marks or unmarks a row (a click, Ctrl+click, its own "select
 * all"), the box is ticked or unticked to match and sends `change`, so the tracker sees it. The
 * box remembers the key it was made for: a recycled row (new key) gets an unticked box.
 */
import { storageAuthorization } from './storage-auth';
import type { ActionAnchor, ListRow, OrderReadResult, ReadContext, ReadProblem, TmsPageAdapter } from '../adapter';
import { recipeAdapterId } from './adapter-id';
import { locateElements } from './locate';
import { readField, readOrder, summarise, type ReadEnv, type RecipeSource } from './read-fields';
import type { Locator, Recipe } from './schema';
import { readFetchSource, readLinkedPages, type SourceAnswer } from './sources';
import type { CapturedData } from './capture';
import { buildUrl, matchUrl } from './url-match';
import { followListPages, loadListPage, type ListPage, type ListPageProblem } from './list-pages';
import { DeliveredListError, type DeliveredCandidate } from '../proposal';

type Field = NonNullable<Recipe['order']['fields']['number']>;
type UrlSpec = NonNullable<NonNullable<Recipe['list']>['url']>;

/** Rows looked at on one list page: a 1,000-row grid is fine, a runaway page is not. */
const MAX_ROWS = 5_000;
const OWN_BOX = 'data-frachtbeleg-select';
const OWN_KEY = 'data-frachtbeleg-key';

/** A source named in order.read that can't run here (capture without its script; list/detail without the page). */
const SOURCE_UNAVAILABLE: ReadProblem = { code: 'source-unavailable', field: 'source' };
/** `captured` auth before the page made a signed-in request (`storage`: no token stored yet): nothing is sent without it. */
const TOKEN_MISSING: ReadProblem = { code: 'token-missing' };

function queryAll(root: ParentNode, css: string): Element[] {
  try {
    return [...root.querySelectorAll(css)];
  } catch {
    return [];
  }
}

/** The one element a selector finds, or null when none or several (never "the first match"). */
function single(root: ParentNode, css: string): Element | null {
  const found = queryAll(root, css);
  return found.length === 1 ? found[0]! : null;
}

const isCheckbox = (el: Element | null | undefined): el is HTMLInputElement => !!el && el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'checkbox';

/**
 * `captured`: the tab's captured data (capture.ts), for `capture:<id>` sources, `captured`
 * auth and `list.rowKeyJoin`. Without it (saved pages, the builder, Node) those have nothing
 * to read: capture sources are unavailable, joined rows have no key.
 */
export function adapterFromRecipe(recipe: Recipe, captured?: CapturedData): TmsPageAdapter {
  const adapterId = recipeAdapterId(recipe.id);
  const origins = new Set([...recipe.sites, ...recipe.extraOrigins]);
  const fields = recipe.order.fields;
  const { list, detail } = recipe;

  const env = (base: string): ReadEnv => ({ locale: recipe.locale, baseUrl: base, origin: new URL(base).origin, adapterId });
  /** Saved pages (DOMParser) have no http URL; links on them are read against the recipe's first site. */
  const baseOf = (doc: Document) => (/^https?:/.test(doc.URL) ? doc.URL : `${recipe.sites[0]}/`);
  const value = (locator: Locator, root: ParentNode, base: string): string | null => {
    const outcome = readField({ html: locator } as Field, [{ kind: 'html', root }], env(base));
    return outcome.kind === 'value' && (typeof outcome.value === 'string' || typeof outcome.value === 'number') ? String(outcome.value) : null;
  };
  const markersOk = (spec: UrlSpec | undefined, doc: Document, url: URL) => {
    if (!spec?.marker) return true;
    return (Array.isArray(spec.marker) ? spec.marker : [spec.marker]).every((m: Locator) => value(m, doc, url.href) !== null);
  };

  // ----------------------------------------------------------------------------------------
  // Pages

  const listUrlOk = (doc: Document, url: URL) => !!list && origins.has(url.origin) && matchUrl(list.url, url) !== null && markersOk(list.url, doc, url);
  const detailUrlOk = (doc: Document, url: URL) => {
    if (!detail || !origins.has(url.origin)) return false;
    // A drawer or dialog without a URL of its own is known by its container alone, when it is open.
    if (!detail.url) return !!detail.container && single(doc, detail.container.css) !== null;
    return matchUrl(detail.url, url) !== null && markersOk(detail.url, doc, url);
  };
  const listContainer = (doc: Document): Element | null => {
    if (!list) return null;
    if (list.container) return single(doc, list.container.css);
    const first = queryAll(doc, list.row.css)[0];
    return first ? (first.closest('table, [role="grid"], [role="table"], [role="treegrid"]') ?? first.parentElement) : null;
  };
  const detailRoot = (doc: Document): ParentNode | null => (detail?.container ? single(doc, detail.container.css) : doc);
  const isList = (doc: Document, url: URL) => listUrlOk(doc, url) && (!list!.container || listContainer(doc) !== null);
  const isDetail = (doc: Document, url: URL) => detailUrlOk(doc, url) && detailRoot(doc) !== null;

  const detailOrderId = (doc: Document, url: URL): string | null => {
    if (!detail) return null;
    if (detail.key) {
      const root = detailRoot(doc);
      return root ? value(detail.key, root, url.href) : null;
    }
    return detail.url ? (matchUrl(detail.url, url)?.id ?? null) : null;
  };

  // ----------------------------------------------------------------------------------------
  // Rows and selection

  /** Whether the TMS marks this row selected (rowAttribute mode only). */
  const markedByTms = (row: Element): boolean => {
    const attribute = list!.selection.attribute;
    if (list!.selection.mode !== 'rowAttribute' || !attribute) return false;
    return attribute.name === 'class' ? row.classList.contains(attribute.value) : row.getAttribute(attribute.name) === attribute.value;
  };

  /** Documents whose rows' marks are followed (one observer each, for the page's life). */
  const followed = new WeakSet<Document>();
  const followMarks = (doc: Document): void => {
    const attribute = list?.selection.mode === 'rowAttribute' ? list.selection.attribute : undefined;
    if (!attribute || followed.has(doc) || !doc.defaultView) return;
    followed.add(doc);
    const observer = new doc.defaultView.MutationObserver((records) => {
      for (const record of records) {
        const row = record.target;
        if (!(row instanceof doc.defaultView!.Element)) continue;
        const box = row.querySelector<HTMLInputElement>(`input[${OWN_BOX}]`);
        // Only the row that holds the box (in it, or in its first cell): a mark on a wrapper
        // around many rows, or on one cell, is not a row's.
        if (!box || (box.parentElement !== row && box.parentElement?.parentElement !== row)) continue;
        const marked = markedByTms(row);
        if (box.checked === marked) continue;
        box.checked = marked;
        box.dispatchEvent(new Event('change', { bubbles: true }));
      }
    });
    observer.observe(doc.documentElement, { subtree: true, attributes: true, attributeFilter: [attribute.name] });
  };

  const ownBox = (row: Element, key: string): HTMLInputElement => {
    const doc = row.ownerDocument;
    let box = row.querySelector<HTMLInputElement>(`input[${OWN_BOX}]`);
    const marked = () => markedByTms(row);
    followMarks(doc);
    if (!box) {
      box = doc.createElement('input');
      box.type = 'checkbox';
      box.setAttribute(OWN_BOX, '');
      box.setAttribute('aria-label', `Select ${key}`);
      box.setAttribute(OWN_KEY, key);
      box.checked = marked();
      const host = row.tagName === 'TR' ? (row.querySelector(':scope > td, :scope > th') ?? row) : row;
      host.prepend(box);
    } else if (box.getAttribute(OWN_KEY) !== key) {
      // A recycled row now shows another order: its tick belonged to the old one.
      box.setAttribute(OWN_KEY, key);
      box.setAttribute('aria-label', `Select ${key}`);
      box.checked = marked();
    }
    return box;
  };

  const rowFrom = (row: Element): ListRow | null => {
    if (!list) return null;
    if (list.row.skip && row.matches(list.row.skip.css)) return null;
    const shown = value(list.rowKey, row, baseOf(row.ownerDocument));
    // A row showing only the order number gets the TMS's id from the captured item with that number.
    const join = list.rowKeyJoin;
    const key = shown && join ? (captured?.keyWhere(join.capture, join.match, shown) ?? null) : shown;
    if (!key) return null;
    let checkbox: HTMLInputElement | null;
    if (list.selection.mode === 'checkbox') {
      const controls = list.selection.control ? locateElements(row, list.selection.control).filter(isCheckbox) : [];
      checkbox = controls.length === 1 ? controls[0]! : null;
    } else checkbox = ownBox(row, key);
    return checkbox ? { id: key, row: row as HTMLElement, checkbox } : null;
  };

  const listRows = (doc: Document): ListRow[] => {
    if (!list) return [];
    const scope = list.container ? listContainer(doc) : doc;
    if (!scope) return [];
    const rows: ListRow[] = [];
    for (const row of queryAll(scope, list.row.css).slice(0, MAX_ROWS)) {
      const r = rowFrom(row);
      if (r) rows.push(r);
    }
    return rows;
  };

  // ----------------------------------------------------------------------------------------
  // Reading orders from the sources order.read names, in its order of preference

  /** Orders the captured answers read completely: no fetch source asks the TMS for them again. */
  function capturedComplete(ids: readonly string[], context: ReadContext): Set<string> {
    const rules = recipe.order.read.filter((ref) => ref.startsWith('capture:')).map((ref) => ref.slice('capture:'.length));
    const complete = new Set<string>();
    if (rules.length === 0 || !captured?.running()) return complete;
    const readEnv = env(`${context.origin}/`);
    for (const id of ids) {
      const sources: RecipeSource[] = rules.flatMap((rule) => {
        const item = captured.item(rule, id);
        return item === undefined ? [] : [{ kind: 'json' as const, item }];
      });
      if (sources.length > 0 && readOrder(id, recipe, sources, readEnv).ok) complete.add(id);
    }
    return complete;
  }

  async function sourceAnswers(ids: readonly string[], context: ReadContext): Promise<SourceAnswer[]> {
    const page = context.page;
    const complete = capturedComplete(ids, context);
    const toFetch = complete.size > 0 ? ids.filter((id) => !complete.has(id)) : ids;
    return Promise.all(
      recipe.order.read.map(async (ref): Promise<SourceAnswer> => {
        const answer: SourceAnswer = new Map();
        const unavailable = () => {
          for (const id of ids) answer.set(id, { problem: SOURCE_UNAVAILABLE });
          return answer;
        };
        const [kind, name] = ref.split(':') as [string, string | undefined];
        if (kind === 'fetch') {
          const spec = name ? recipe.sources?.fetch?.[name] : undefined;
          if (!spec) return unavailable();
          if (toFetch.length === 0) return answer;
          const mode = recipe.sources?.auth?.mode;
          if (mode !== 'captured' && mode !== 'storage') return readFetchSource(spec, toFetch, context, detailRoot);
          const authorization = mode === 'storage' ? storageAuthorization(recipe.sources?.auth) : captured?.authorization();
          if (!authorization) {
            for (const id of toFetch) answer.set(id, { problem: TOKEN_MISSING });
            return answer;
          }
          return readFetchSource(spec, toFetch, context, detailRoot, { authorization });
        }
        if (kind === 'list') {
          if (!page) return unavailable();
          // Rows not on this page are simply not a source for their orders.
          const rows = new Map(listRows(page.document).map((r) => [r.id, r.row]));
          for (const id of ids) if (rows.has(id)) answer.set(id, { source: { kind: 'html', root: rows.get(id)! } });
          return answer;
        }
        if (kind === 'link') {
          if (!page || !list?.link) return unavailable();
          // Each order's detail page where its row links to; rows not on this page have no link.
          const links = new Map<string, URL>();
          for (const row of listRows(page.document)) {
            if (!ids.includes(row.id)) continue;
            const href = value(list.link, row.row, page.url.href);
            if (!href) continue;
            try {
              links.set(row.id, new URL(href, page.url.href));
            } catch {
              // Not an address: this order has no detail page to read.
            }
          }
          return readLinkedPages(links, origins, context, detailRoot);
        }
        if (kind === 'detail') {
          if (!page) return unavailable();
          const root = isDetail(page.document, page.url) ? detailRoot(page.document) : null;
          const shown = root ? detailOrderId(page.document, page.url) : null;
          if (root && shown && ids.includes(shown)) answer.set(shown, { source: { kind: 'html', root } });
          return answer;
        }
        // capture:<id>: the items the page's own requests brought (capture.ts). An order not
        // captured is simply not in this source; the next one in order.read may have it.
        if (!name || !captured?.running()) return unavailable();
        for (const id of ids) {
          const item = captured.item(name, id);
          if (item !== undefined) answer.set(id, { source: { kind: 'json', item } });
        }
        return answer;
      }),
    );
  }

  async function readOrders(ids: readonly string[], context: ReadContext): Promise<OrderReadResult[]> {
    const answers = await sourceAnswers(ids, context);
    const readEnv = env(`${context.origin}/`);
    return ids.map((id) => {
      const sources: RecipeSource[] = [];
      const failures: ReadProblem[] = [];
      for (const answer of answers) {
        const got = answer.get(id);
        if (!got) continue;
        if ('source' in got) sources.push(got.source);
        else if (!failures.some((p) => p.code === got.problem.code && p.field === got.problem.field)) failures.push(got.problem);
      }
      if (sources.length === 0) return { ok: false, id, problems: failures.length ? failures : [{ code: 'order-not-found' }] };
      const result = readOrder(id, recipe, sources, readEnv);
      // A source that failed may be why a field is missing: say so next to what is missing.
      return result.ok || failures.length === 0 ? result : { ...result, problems: [...result.problems, ...failures] };
    });
  }

  const summariseRow = (row: ListRow) => {
    const s = list?.summary;
    const field = (locator: Locator | undefined): Field | undefined => (locator ? { html: locator } : undefined);
    return summarise(row.id, row.row, { number: field(s?.number), customer: field(s?.customer), price: field(s?.price), status: field(s?.status) }, env(baseOf(row.row.ownerDocument)));
  };

  /**
   * The rows of every page of a list shown a page at a time (`list.pages`), from its first page
   * (the list's address, or the page on screen when the address needs a parameter).
   */
  async function deliveredOnPages(context: ReadContext): Promise<DeliveredCandidate[]> {
    const pages = list!.pages!;
    const start = buildUrl(list!.url, context.origin, {});
    // The list's first page on screen is read where it is, not fetched a second time.
    const onScreen = context.page && isList(context.page.document, context.page.url) ? { document: context.page.document, url: context.page.url } : undefined;
    let first: ListPage | ListPageProblem;
    if (onScreen && (!start || onScreen.url.href === new URL(start).href)) first = onScreen;
    else if (start) first = await loadListPage(new URL(start), context.fetch);
    else throw new DeliveredListError('tms-unreachable');
    if (typeof first === 'string') throw new DeliveredListError(first);
    const followed = await followListPages(first, pages, (url) => loadListPage(url, context.fetch));
    if (!followed.ok) throw new DeliveredListError(followed.problem);
    return followed.pages.flatMap((page) => listRows(page.document).map((row) => ({ summary: summariseRow(row), deliveredOn: null, invoicedInTms: false })));
  }

  return {
    id: adapterId,
    name: recipe.name,
    recognises: (doc, url) => listUrlOk(doc, url) || detailUrlOk(doc, url),
    pageKind(doc, url) {
      if (isList(doc, url)) return 'list';
      if (isDetail(doc, url)) return 'detail';
      return null;
    },
    listRows,
    rowOf(element) {
      if (!list || !isCheckbox(element)) return null;
      let row: Element | null = null;
      try {
        row = element.closest(list.row.css);
      } catch {
        return null;
      }
      const container = list.container ? listContainer(element.ownerDocument) : null;
      if (!row || (list.container && !container?.contains(row))) return null;
      const r = rowFrom(row);
      return r && r.checkbox === element ? r : null;
    },
    listContainer,
    summariseRow,
    // A list shown a page at a time is counted over all its pages (the proposal, automatic drafts).
    ...(list?.pages ? { listDelivered: (_from, context) => deliveredOnPages(context) } : {}),
    detailOrderId,
    summariseDetail(doc, url) {
      const id = detailOrderId(doc, url);
      const root = detailRoot(doc);
      if (!id || !root || !isDetail(doc, url)) return null;
      return summarise(id, root, { number: fields.number, customer: fields['customer.name'], price: fields.price, status: fields.status }, env(url.href));
    },
    detailActionAnchor(doc): ActionAnchor | null {
      const anchor = detail?.anchor;
      const root = detailRoot(doc);
      if (!anchor || !root) return null;
      let found: Element[] = [];
      if (anchor.css) found = queryAll(root, anchor.css);
      else if (anchor.role) found = locateElements(root, anchor.name ? { role: anchor.role, name: anchor.name } : { role: anchor.role });
      return found.length === 1 ? { element: found[0]!, append: anchor.append } : null;
    },
    readDetail(doc, url) {
      const root = detailRoot(doc);
      const id = detailOrderId(doc, url) ?? '';
      if (!root) return { ok: false, id, problems: [{ code: 'order-not-found' }] };
      return readOrder(id, recipe, [{ kind: 'html', root }], env(url.href));
    },
    readOrders,
  };
}
