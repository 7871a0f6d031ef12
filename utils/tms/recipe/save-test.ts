/**
 * "Save as test" (recipes.md §3.8 step 8, §3.9): the page the user is teaching becomes one of
 * the recipe's tests. The page is redacted first (redact.ts), then the expected result is
 * read FROM THE REDACTED PAGE, parsed the way the runner parses it, with the runner's own
 * reading (readSavedPage): so the new test passes exactly when the recipe still reads what
 * it reads now, and "Kunde A" is what it expects, never the real name.
 *
 * Pure apart from the page parser (DOMParser by default, in the browser and under happy-dom).
 */
import * as v from 'valibot';
import type { PageKind } from '../adapter';
import { asJson } from './deep-diff';
import { redactPage, RedactionIncomplete, type Redactor } from './redact';
import { readSavedPage, type RunOptions } from './run-tests';
import { MAX_RECIPE_BYTES, RecipeTestSchema, type Recipe, type RecipeTest } from './schema';

export type MakeRecipeTestResult =
  | {
      ok: true;
      test: RecipeTest;
      kind: PageKind;
      /** What the runner leaves out on this page (sources that need the live TMS). */
      notes: string[];
      /** The page's replacements, for JSON captured with it. */
      redactor: Redactor;
    }
  | {
      ok: false;
      code: 'not-recognised' | 'redaction-incomplete' | 'too-large' | 'invalid';
      /** In English, for the builder's details; the builder words the code in the user's language. */
      reason: string;
    };

export interface MakeRecipeTestOptions {
  /** The test's name; by default the kind of page and its path ("list /auftraege?seite=2"). */
  name?: string;
  /** Parses the redacted page as the runner will; DOMParser by default. */
  parseHtml?: RunOptions['parseHtml'];
}

const defaultParse: RunOptions['parseHtml'] = (html) => new DOMParser().parseFromString(html, 'text/html');

function defaultName(kind: PageKind, url: URL, selected: readonly string[] | undefined): string {
  const where = `${url.pathname}${url.search}`;
  const picked = selected?.length ? `, ${selected.length} selected` : '';
  return `${kind} ${where}${picked}`.slice(0, 100);
}

/**
 * A test of `recipe` made from the page `doc` at `url` (left unchanged). With `selectedKeys`
 * on a list page, the test expects those rows' orders; without, every row's summary.
 */
export async function makeRecipeTest(recipe: Recipe, doc: Document, url: URL, selectedKeys?: readonly string[], options: MakeRecipeTestOptions = {}): Promise<MakeRecipeTestResult> {
  let page: ReturnType<typeof redactPage>;
  try {
    page = redactPage(recipe, doc, url);
  } catch (error) {
    if (error instanceof RedactionIncomplete) return { ok: false, code: 'redaction-incomplete', reason: error.message };
    throw error;
  }
  if (page.html.length > MAX_RECIPE_BYTES) return { ok: false, code: 'too-large', reason: `the redacted page has ${page.html.length} characters; a saved page may have at most ${MAX_RECIPE_BYTES}` };

  const savedUrl = new URL(page.url);
  const redacted = (options.parseHtml ?? defaultParse)(page.html, savedUrl.href);
  const selected = selectedKeys ? [...selectedKeys] : undefined;
  const read = await readSavedPage(recipe, redacted, savedUrl, selected);
  if (!read.ok) return { ok: false, code: 'not-recognised', reason: read.reason };

  const candidate = {
    name: options.name ?? defaultName(read.kind, savedUrl, selected),
    redacted: true,
    url: savedUrl.href,
    html: page.html,
    ...(selected && read.kind === 'list' ? { selected } : {}),
    // As stored: JSON, without undefined keys (what the runner will compare against).
    expected: asJson(read.actual) as unknown[],
  };
  const checked = v.safeParse(RecipeTestSchema, candidate);
  if (!checked.success) return { ok: false, code: 'invalid', reason: checked.issues.map((i) => `${v.getDotPath(i) ?? '(test)'}: ${i.message}`).join('; ') };
  return { ok: true, test: checked.output, kind: read.kind, notes: read.notes, redactor: page.redactor };
}
