/**
 * The recipe file (recipes.md §3.10): one `*.frachtbeleg-recipe.json` holding a recipe with
 * its tests, to hand to a colleague or keep. Its saved pages must all have gone through
 * redaction (a test proves it with `redacted: true` and the marker in its page); a recipe
 * with a page that did not is refused, naming the tests, never exported "mostly redacted".
 *
 * ```jsonc
 * { "kind": "frachtbeleg-recipe", "format": 1, "redacted": true, "recipe": { …, "tests": [ … ] } }
 * ```
 * Reading accepts that file and a bare recipe (what the builder or a hand-written file holds).
 */
import * as v from 'valibot';
import { isRedactedHtml } from './redaction-marker';
import { MAX_RECIPE_BYTES, validateRecipe, type Recipe, type RecipeIssue } from './schema';

export const RECIPE_FILE_KIND = 'frachtbeleg-recipe';
export const RECIPE_FILE_SUFFIX = '.frachtbeleg-recipe.json';
/** The whole file, pages included, as stored on disk (UTF-8 bytes). */
export const MAX_RECIPE_FILE_BYTES = MAX_RECIPE_BYTES;

export type RecipeFileProblem =
  /** These tests' pages were not produced by redaction. */
  | { kind: 'not-redacted'; tests: string[] }
  | { kind: 'too-large'; bytes: number };

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** "Altmann Spedition – Aufträge" → "altmann-spedition-auftrage". */
function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'recipe';
}

/** Tests whose page did not come out of redaction (no flag, or no marker in the page). */
export const unredactedTests = (recipe: Recipe): string[] => recipe.tests.filter((t) => t.redacted !== true || !isRedactedHtml(t.html)).map((t) => t.name);

export function recipeFile(recipe: Recipe): { ok: true; fileName: string; text: string } | { ok: false; problem: RecipeFileProblem } {
  const unredacted = unredactedTests(recipe);
  if (unredacted.length) return { ok: false, problem: { kind: 'not-redacted', tests: unredacted } };
  const text = `${JSON.stringify({ kind: RECIPE_FILE_KIND, format: 1, redacted: true, recipe }, null, 2)}\n`;
  const bytes = utf8Bytes(text);
  if (bytes > MAX_RECIPE_FILE_BYTES) return { ok: false, problem: { kind: 'too-large', bytes } };
  return { ok: true, fileName: `${fileStem(recipe.name)}${RECIPE_FILE_SUFFIX}`, text };
}

const EnvelopeSchema = v.strictObject({
  kind: v.literal(RECIPE_FILE_KIND),
  format: v.literal(1, 'must be 1 (the only recipe file format this version reads)'),
  redacted: v.literal(true, 'must be true: a recipe file holds only redacted pages'),
  recipe: v.unknown(),
});

/**
 * A recipe from a file's text: the export file or a bare recipe. What is wrong comes back
 * with the field it is about (`recipe.sites.0` inside an export file).
 */
export function readRecipeFile(text: string): { ok: true; recipe: Recipe; exported: boolean } | { ok: false; issues: RecipeIssue[] } {
  if (text.length > MAX_RECIPE_FILE_BYTES || utf8Bytes(text) > MAX_RECIPE_FILE_BYTES) return { ok: false, issues: [{ path: '(file)', message: 'a recipe file must be at most 2 MB' }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch {
    return { ok: false, issues: [{ path: '(file)', message: 'is not JSON' }] };
  }
  const isEnvelope = typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.hasOwn(raw, 'kind');
  if (!isEnvelope) {
    const checked = validateRecipe(raw);
    return checked.ok ? { ok: true, recipe: checked.recipe, exported: false } : checked;
  }
  const envelope = v.safeParse(EnvelopeSchema, raw);
  if (!envelope.success) {
    return { ok: false, issues: envelope.issues.slice(0, 10).map((i) => ({ path: v.getDotPath(i) ?? '(file)', message: i.message.replace(/^Invalid key: Expected never but received "(.*)"$/, 'unknown key "$1": not part of the recipe file') })) };
  }
  const checked = validateRecipe(envelope.output.recipe);
  if (!checked.ok) return { ok: false, issues: checked.issues.map((i) => ({ ...i, path: i.path === '(recipe)' || i.path === '(file)' ? 'recipe' : `recipe.${i.path}` })) };
  return { ok: true, recipe: checked.recipe, exported: true };
}
