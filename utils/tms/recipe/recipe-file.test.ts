/**
 * The recipe file: exported only when every saved page was redacted and the file stays within
 * 2 MB; read back as an export file or a bare recipe, problems named by their field.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRecipeTest } from './save-test';
import { readRecipeFile, recipeFile, RECIPE_FILE_KIND } from './recipe-file';
import type { Recipe, RecipeTest } from './schema';
import { LEGACY_DETAIL_URL, legacyPage, legacyRecipe } from './testing/legacy-recipe';

let saved: RecipeTest;
beforeAll(async () => {
  const made = await makeRecipeTest(legacyRecipe(), legacyPage('legacy-detail.html'), LEGACY_DETAIL_URL, undefined, { name: 'Auftrag o-0289' });
  if (!made.ok) throw new Error(made.reason);
  saved = made.test;
});
const withTests = (...tests: RecipeTest[]): Recipe => ({ ...legacyRecipe(), tests });

describe('recipeFile (export)', () => {
  it('writes the recipe with its redacted tests into one file named after it', () => {
    const file = recipeFile(withTests(saved));
    if (!file.ok) throw new Error(JSON.stringify(file.problem));
    expect(file.fileName).toBe('altmann-spedition.frachtbeleg-recipe.json');
    const json = JSON.parse(file.text) as { kind: string; format: number; redacted: boolean; recipe: Recipe };
    expect(json).toMatchObject({ kind: RECIPE_FILE_KIND, format: 1, redacted: true });
    expect(json.recipe.tests).toEqual([saved]);
  });

  it('refuses a recipe with a saved page that did not go through redaction, naming the tests', () => {
    const raw = legacyPage('legacy-detail.html').documentElement.outerHTML;
    const unmarked: RecipeTest = { name: 'von Hand', url: LEGACY_DETAIL_URL.href, html: raw, expected: [] };
    // A flag set by hand without the page's marker proves nothing either.
    const flagged: RecipeTest = { ...unmarked, name: 'nur markiert', redacted: true };
    expect(recipeFile(withTests(saved, unmarked, flagged))).toEqual({ ok: false, problem: { kind: 'not-redacted', tests: ['von Hand', 'nur markiert'] } });
  });

  it('refuses a file over 2 MB, counting bytes as written (umlauts take two)', () => {
    const big: RecipeTest = { ...saved, name: 'groß', html: `${saved.html}<!-- ${'ä'.repeat(1_000_000)} -->` };
    const file = recipeFile(withTests(big));
    expect(file.ok).toBe(false);
    expect(!file.ok && file.problem).toMatchObject({ kind: 'too-large', bytes: expect.any(Number) });
    expect(!file.ok && file.problem.kind === 'too-large' && file.problem.bytes).toBeGreaterThan(2_000_000);
  });
});

describe('readRecipeFile (import)', () => {
  it('reads an export file back to the same recipe, and a bare recipe as well', () => {
    const recipe = withTests(saved);
    const file = recipeFile(recipe);
    if (!file.ok) throw new Error('export failed');
    expect(readRecipeFile(file.text)).toEqual({ ok: true, recipe, exported: true });
    expect(readRecipeFile(JSON.stringify(recipe))).toEqual({ ok: true, recipe, exported: false });
  });

  it('names what is wrong inside an export file by its path in the file', () => {
    const envelope = { kind: RECIPE_FILE_KIND, format: 1, redacted: true, recipe: { ...legacyRecipe(), sites: ['javascript:alert(1)'] } };
    const bad = readRecipeFile(JSON.stringify(envelope));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.issues.map((i) => i.path)).toContain('recipe.sites.0');
    const unredacted = readRecipeFile(JSON.stringify({ ...envelope, recipe: legacyRecipe(), redacted: false }));
    expect(!unredacted.ok && unredacted.issues).toEqual([{ path: 'redacted', message: 'must be true: a recipe file holds only redacted pages' }]);
    expect(readRecipeFile('{"kind":"frachtbeleg-links"')).toEqual({ ok: false, issues: [{ path: '(file)', message: 'is not JSON' }] });
  });
});
