/**
 * The recipe test runner (recipes.md § 3.9): one function, run by vitest, by the command line
 * (`npm run recipes:test`) and later by the builder. Each of a recipe's `tests` is a saved
 * page; the runner reads it the way the extension would and compares with `expected`:
 * - a detail page: `[readDetail(page)]`, one OrderReadResult;
 * - a list page without `selected`: the OrderSummary of every row, in page order;
 * - a list page with `selected`: readOrders(selected) from the saved rows (source `list`).
 *   Fetch and capture sources need the live TMS, so they are left out and the report says so;
 *   a recipe that reads orders only through them can't be tested on selected rows offline.
 *
 * Pure apart from the page parser the host passes in (DOMParser in the browser, happy-dom in
 * Node). Async only because readOrders is; nothing here touches the network. Never throws:
 * whatever goes wrong becomes a failed test with its reason.
 */
import type { OrderReadResult, PageKind, ReadContext, TmsPageAdapter } from '../adapter';
import { adapterFromRecipe } from './adapter';
import { deepDiff, MAX_DIFFERENCES, type Difference } from './deep-diff';
import type { Recipe } from './schema';
import { matchUrl } from './url-match';

export interface RecipeTestDifference extends Difference {
  /** The order or row the difference is in (its id), when the path starts at one. */
  order?: string;
}

export interface RecipeTestResult {
  name: string;
  ok: boolean;
  /** What the saved page was taken for; null when the recipe does not recognise it. */
  kind: PageKind | null;
  /** Why nothing could be compared (page not recognised, unreadable page…). */
  reason?: string;
  /** What the runner left out on purpose, such as sources that need the live TMS. */
  notes: string[];
  differences: RecipeTestDifference[];
  /** More differences than the report lists (MAX_DIFFERENCES). */
  truncated: boolean;
}

export interface RecipeTestReport {
  passed: number;
  failed: number;
  tests: RecipeTestResult[];
}

export interface RunOptions {
  /** Parses a saved page as a Document (scripts off). `url` is where the page was saved from. */
  parseHtml: (html: string, url: string) => Document;
}

type RecipeTest = Recipe['tests'][number];

/** The only source that reads selected orders from a saved page. */
const OFFLINE_SOURCES = ['list'] as const;

/** Nothing may leave the machine during a test; a source that tries is answered with a failure. */
const offlineFetch: typeof fetch = () => Promise.reject(new TypeError('recipe tests run offline'));

export async function runRecipeTests(recipe: Recipe, options: RunOptions): Promise<RecipeTestReport> {
  const tests: RecipeTestResult[] = [];
  const list: unknown = (recipe as { tests?: unknown } | null)?.tests;
  for (const [index, test] of (Array.isArray(list) ? (list as RecipeTest[]) : []).entries()) {
    const name = typeof test?.name === 'string' && test.name ? test.name : `test ${index + 1}`;
    try {
      tests.push(await runOne(recipe, test, name, options));
    } catch (error) {
      tests.push(failure(name, null, `the test could not run: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  const passed = tests.filter((t) => t.ok).length;
  return { passed, failed: tests.length - passed, tests };
}

function failure(name: string, kind: PageKind | null, reason: string, notes: string[] = []): RecipeTestResult {
  return { name, ok: false, kind, reason, notes, differences: [], truncated: false };
}

async function runOne(recipe: Recipe, test: RecipeTest, name: string, options: RunOptions): Promise<RecipeTestResult> {
  let url: URL;
  try {
    url = new URL(test.url);
  } catch {
    return failure(name, null, `its url ${JSON.stringify(test.url)} is not a URL`);
  }
  if (typeof test.html !== 'string') return failure(name, null, 'it has no saved page (html)');
  if (!Array.isArray(test.expected)) return failure(name, null, 'its expected orders (expected) are not a list');

  let doc: Document;
  try {
    doc = options.parseHtml(test.html, test.url);
  } catch (error) {
    return failure(name, null, `the saved page could not be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }

  const read = await readSavedPage(recipe, doc, url, test.selected);
  if (!read.ok) return failure(name, read.kind, read.reason);
  const { kind, actual, notes } = read;

  const differences = labelled(deepDiff(test.expected, actual, '', MAX_DIFFERENCES + 1), test.expected, actual);
  const truncated = differences.length > MAX_DIFFERENCES;
  return { name, ok: differences.length === 0, kind, notes, differences: differences.slice(0, MAX_DIFFERENCES), truncated };
}

export type SavedPageReading = { ok: true; kind: PageKind; actual: unknown[]; notes: string[] } | { ok: false; kind: PageKind | null; reason: string };

/**
 * What the recipe reads from a saved page, the way a test compares it: a detail page's order,
 * a list's row summaries, or the selected rows' orders. Shared with "Save as test", so a new
 * test's expected result is exactly what the runner will read from it.
 */
export async function readSavedPage(recipe: Recipe, doc: Document, url: URL, selected?: readonly string[]): Promise<SavedPageReading> {
  const adapter = adapterFromRecipe(recipe);
  const kind = adapter.pageKind(doc, url);
  if (!kind) return { ok: false, kind: null, reason: whyNotRecognised(recipe, adapter, doc, url) };

  const notes: string[] = [];
  if (kind === 'detail') {
    if (selected?.length) notes.push('selected is ignored on a detail page: it shows one order');
    return { ok: true, kind, actual: [adapter.readDetail(doc, url)], notes };
  }
  if (!selected) return { ok: true, kind, actual: adapter.listRows(doc).map((row) => adapter.summariseRow(row)), notes };
  const offline = recipe.order.read.filter((ref) => (OFFLINE_SOURCES as readonly string[]).includes(ref));
  const skipped = recipe.order.read.filter((ref) => !(OFFLINE_SOURCES as readonly string[]).includes(ref));
  if (offline.length === 0) {
    return {
      ok: false,
      kind,
      reason:
        `selected orders are read through order.read (${skipped.join(', ')}), and fetch and capture sources need the live TMS: they can't run on a saved page. ` +
        'Add "list" to order.read to read them from the saved rows, or leave out selected to test the rows\' summaries.',
    };
  }
  if (skipped.length) notes.push(`${skipped.join(', ')} skipped: fetch and capture sources can't run offline; the orders are read from the saved rows only`);
  return { ok: true, kind, actual: await readSelected(recipe, offline, selected, doc, url), notes };
}

/** readOrders as the panel would call it on this page, with the recipe's offline sources only. */
async function readSelected(recipe: Recipe, sources: string[], ids: readonly string[], doc: Document, url: URL): Promise<OrderReadResult[]> {
  const offline = adapterFromRecipe({ ...recipe, order: { ...recipe.order, read: sources } });
  const context: ReadContext = { origin: url.origin, fetch: offlineFetch, page: { document: doc, url } };
  return offline.readOrders(ids, context);
}

/** The id of the order or row at each difference's top-level index, so the report can name it. */
function labelled(differences: Difference[], expected: unknown[], actual: unknown[]): RecipeTestDifference[] {
  const idOf = (item: unknown): string | undefined => {
    if (!item || typeof item !== 'object') return undefined;
    const record = item as { id?: unknown; order?: { id?: unknown } };
    const id = record.id ?? record.order?.id;
    return typeof id === 'string' ? id : undefined;
  };
  return differences.map((d) => {
    const index = /^\[(\d+)\]/.exec(d.path)?.[1];
    const order = index === undefined ? undefined : (idOf(actual[Number(index)]) ?? idOf(expected[Number(index)]));
    return order ? { ...d, order } : d;
  });
}

/** A reason that points at the part of the recipe to look at. */
function whyNotRecognised(recipe: Recipe, adapter: TmsPageAdapter, doc: Document, url: URL): string {
  const where = `the page (${url.href})`;
  if (![...recipe.sites, ...recipe.extraOrigins].includes(url.origin)) return `${where} is not on one of the recipe's sites`;
  const listUrl = recipe.list && matchUrl(recipe.list.url, url) !== null;
  const detailUrl = recipe.detail?.url && matchUrl(recipe.detail.url, url) !== null;
  if (adapter.recognises(doc, url)) {
    return `${where} matches the recipe's ${listUrl ? 'list' : 'detail'} URL and markers, but the ${listUrl ? 'list' : 'detail'} container is not on the saved page`;
  }
  // A drawer or dialog without a URL of its own is known by its container alone.
  if (recipe.detail && !recipe.detail.url && recipe.detail.container && !listUrl) {
    return `${where} is not recognised: the detail ${recipe.detail.view} (${recipe.detail.container.css}) is not open on the saved page`;
  }
  if (listUrl || detailUrl) return `${where} matches the ${listUrl ? 'list' : 'detail'} URL, but not its markers: the saved page is not recognised as this TMS's`;
  const patterns = [recipe.list && `list.url ${recipe.list.url.path}`, recipe.detail?.url && `detail.url ${recipe.detail.url.path}`].filter(Boolean).join(' nor ');
  return `${where} is not recognised: its URL matches neither ${patterns || 'a list nor a detail page (the recipe describes neither)'}`;
}
