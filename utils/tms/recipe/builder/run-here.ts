/**
 * The builder's "Run tests" (recipes.md § 3.9): the recipe being taught against its saved
 * tests, through the one runner (run-tests.ts) with the browser's DOMParser, plus a live check
 * of the page in front of the user. Every saved test is validated first: what came through a
 * message is not trusted. Nothing leaves the tab; the runner works offline.
 */
import * as v from 'valibot';
import type { OrderReadResult, OrderSummary, PageKind } from '../../adapter';
import { readSavedPage, runRecipeTests, type RecipeTestReport } from '../run-tests';
import { showValue } from '../deep-diff';
import { RecipeTestSchema, type Recipe } from '../schema';

/** One line of a failed test: which order, which field, what was expected, what came out. */
export interface DiffLine {
  order: string;
  field: string;
  expected: string;
  got: string;
}

export interface TestLine {
  name: string;
  ok: boolean;
  /** Why nothing could be compared, as the runner says it. */
  reason?: string;
  diff: DiffLine[];
  truncated: boolean;
}

/** The open page read with the recipe: how many orders or rows, and those that don't read. */
export type LiveCheck =
  | { ok: boolean; kind: PageKind; read: number; failing: { id: string; fields: string[] }[] }
  | { ok: false; kind: null; reason: string };

export interface TestsHere {
  tests: TestLine[];
  /** Saved tests that were not valid tests (a damaged store), left out. */
  invalid: number;
  live: LiveCheck;
}

const parseHtml = (html: string): Document => new DOMParser().parseFromString(html, 'text/html');

/** `[0].order.price.minor` → `price.minor`: the order is named in its own column. */
function fieldOf(path: string): string {
  const rest = path.replace(/^\[\d+\]\.?/, '').replace(/^order\./, '');
  return rest || '(whole result)';
}

function linesOf(report: RecipeTestReport): TestLine[] {
  return report.tests.map((test) => ({
    name: test.name,
    ok: test.ok,
    ...(test.reason ? { reason: test.reason } : {}),
    diff: test.differences.map((d) => ({ order: d.order ?? '', field: fieldOf(d.path), expected: showValue(d.expected), got: showValue(d.actual) })),
    truncated: test.truncated,
  }));
}

/** A summary row reads when it has its number and customer (the fields the list can't do without). */
function summaryGaps(summary: OrderSummary): string[] {
  return [!summary.number && 'number', !summary.customerName && 'customerName'].filter((f): f is string => !!f);
}

async function liveCheck(recipe: Recipe, doc: Document, url: URL): Promise<LiveCheck> {
  const read = await readSavedPage(recipe, doc, url);
  if (!read.ok) return { ok: false, kind: null, reason: read.reason };
  const failing: { id: string; fields: string[] }[] = [];
  if (read.kind === 'detail') {
    const [result] = read.actual as OrderReadResult[];
    if (result && !result.ok) failing.push({ id: result.number ?? result.id, fields: [...new Set(result.problems.map((p) => p.field ?? p.code))] });
  } else {
    for (const summary of read.actual as OrderSummary[]) {
      const gaps = summaryGaps(summary);
      if (gaps.length) failing.push({ id: summary.id, fields: gaps });
    }
  }
  return { ok: failing.length === 0 && read.actual.length > 0, kind: read.kind, read: read.actual.length, failing };
}

export async function runTestsHere(recipe: Recipe, saved: readonly unknown[], doc: Document, url: URL): Promise<TestsHere> {
  const tests = saved.filter((t) => v.is(RecipeTestSchema, t));
  const report = await runRecipeTests({ ...recipe, tests }, { parseHtml });
  return { tests: linesOf(report), invalid: saved.length - tests.length, live: await liveCheck(recipe, doc, url) };
}
