/**
 * The options page's side of site recipes: list, keep, remove, and which adapter or recipe
 * reads a site. The recipe arrives validated by the protocol (RecipeSchema); an imported HTTP
 * write-back is stored switched off, so nothing is sent to a TMS before the user turns it on.
 */
import * as v from 'valibot';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { recipeIdOf, recipesItem } from '@/utils/tms/recipe/store';
import { adapterEntry } from '@/utils/tms/registry';
import { RecipeTestSchema, validateRecipe, type Recipe } from '@/utils/tms/recipe/schema';
import { isRedactedHtml } from '@/utils/tms/recipe/redaction-marker';
import { syncRegistrations } from './tms-sites';

export async function getRecipes(): Promise<ResponseOf<'getRecipes'>> {
  const stored = await recipesItem.get();
  return {
    recipes: Object.values(stored).map(({ recipe, paused, savedAt }) => ({
      id: recipe.id,
      name: recipe.name,
      revision: recipe.revision,
      sites: recipe.sites,
      extraOrigins: recipe.extraOrigins,
      writeBack: recipe.writeBack.mode === 'http' ? { mode: 'http', enabled: recipe.writeBack.enabled, method: recipe.writeBack.method, url: recipe.writeBack.url } : { mode: recipe.writeBack.mode },
      paused,
      tests: recipe.tests.length,
      savedAt,
    })),
  };
}

/** An imported recipe never arrives able to write to a TMS. */
const switchedOff = (recipe: Recipe): Recipe => (recipe.writeBack.mode === 'http' ? { ...recipe, writeBack: { ...recipe.writeBack, enabled: false } } : recipe);

export async function saveRecipe(req: RequestOf<'saveRecipe'>, now = new Date()): Promise<ResponseOf<'saveRecipe'>> {
  const checked = validateRecipe(req.recipe);
  if (!checked.ok) return { ok: false, error: { code: 'recipe-invalid', message: checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 500) } };
  const recipe = req.imported ? switchedOff(checked.recipe) : checked.recipe;
  const current = (await recipesItem.get())[recipe.id];
  if (current && current.recipe.revision > recipe.revision) {
    return { ok: false, error: { code: 'recipe-older', message: `Revision ${recipe.revision} is older than the stored revision ${current.recipe.revision}` } };
  }
  await recipesItem.update((all) => ({ ...all, [recipe.id]: { recipe, paused: current?.paused ?? false, savedAt: now.toISOString() } }));
  // A revision that starts (or stops) capturing gets (or drops) the capture script on its sites.
  await syncRegistrations();
  return { ok: true };
}

export async function setRecipeWriteBack(req: RequestOf<'setRecipeWriteBack'>): Promise<ResponseOf<'setRecipeWriteBack'>> {
  const stored = (await recipesItem.get())[req.id];
  if (!stored) return { ok: false, error: { code: 'recipe-missing', message: 'No such recipe' } };
  if (stored.recipe.writeBack.mode !== 'http') return { ok: false, error: { code: 'recipe-no-http', message: 'This recipe does not write to the TMS' } };
  const writeBack = { ...stored.recipe.writeBack, enabled: req.enabled };
  await recipesItem.update((all) => ({ ...all, [req.id]: { ...all[req.id]!, recipe: { ...all[req.id]!.recipe, writeBack } } }));
  return { ok: true };
}

export async function removeRecipe(req: RequestOf<'removeRecipe'>): Promise<ResponseOf<'removeRecipe'>> {
  await recipesItem.update((all) => Object.fromEntries(Object.entries(all).filter(([id]) => id !== req.id)));
  await syncRegistrations();
  return { ok: true };
}

export async function setSiteAdapter(req: RequestOf<'setSiteAdapter'>): Promise<ResponseOf<'setSiteAdapter'>> {
  const recipeId = recipeIdOf(req.adapter);
  if (recipeId) {
    const stored = (await recipesItem.get())[recipeId];
    if (!stored) return { ok: false, error: { code: 'recipe-missing', message: 'No such recipe' } };
    if (!stored.recipe.sites.includes(req.origin)) return { ok: false, error: { code: 'recipe-other-site', message: `The recipe does not name ${req.origin}` } };
  } else if (!adapterEntry(req.adapter)) {
    return { ok: false, error: { code: 'adapter-missing', message: 'No such adapter' } };
  }
  if (!(await sitesItem.get()).some((s) => s.origin === req.origin)) return { ok: false, error: { code: 'site-missing', message: 'No such site' } };
  await sitesItem.update((sites) => sites.map((s) => (s.origin === req.origin ? { ...s, adapter: req.adapter } : s)));
  // A recipe site also gets the engine's script; a code-adapter site drops it.
  await syncRegistrations();
  return { ok: true };
}

/** The whole stored recipe, saved pages included: the options page exports it to a file. */
export async function getRecipe(req: RequestOf<'getRecipe'>): Promise<ResponseOf<'getRecipe'>> {
  return { recipe: (await recipesItem.get())[req.id]?.recipe ?? null };
}

/** A recipe keeps at most this many tests (RecipeSchema). */
const MAX_TESTS = 20;

/**
 * "Save as test": a redacted page joins the recipe's tests, replacing one of the same name.
 * Nothing else changes (revision, pause, write-back). From a TMS page, only for a recipe that
 * names that page's site, and only a page saved from that site.
 */
export async function addRecipeTest(req: RequestOf<'addRecipeTest'>, sender: Pick<SenderInfo, 'origin' | 'pageOrigin' | 'fromContentScript'>): Promise<ResponseOf<'addRecipeTest'>> {
  const parsed = v.safeParse(RecipeTestSchema, req.test);
  if (!parsed.success) {
    return { ok: false, error: { code: 'test-invalid', message: parsed.issues.slice(0, 5).map((i) => `${v.getDotPath(i) ?? '(test)'}: ${i.message}`).join('; ').slice(0, 500) } };
  }
  const test = parsed.output;
  if (test.redacted !== true || !isRedactedHtml(test.html)) return { ok: false, error: { code: 'test-not-redacted', message: 'A test page must be redacted before it is saved' } };
  const stored = (await recipesItem.get())[req.recipeId];
  if (!stored) return { ok: false, error: { code: 'recipe-missing', message: 'No such recipe' } };
  const recipe = stored.recipe;
  if (sender.fromContentScript) {
    const own = [...recipe.sites, ...recipe.extraOrigins];
    // A detail frame on a second origin speaks for its site but saves its own page.
    if (!own.includes(sender.origin) || new URL(test.url).origin !== (sender.pageOrigin ?? sender.origin)) {
      return { ok: false, error: { code: 'recipe-other-site', message: `The recipe does not name ${sender.origin}` } };
    }
  }
  const at = recipe.tests.findIndex((t) => t.name === test.name);
  if (at < 0 && recipe.tests.length >= MAX_TESTS) return { ok: false, error: { code: 'recipe-tests-full', message: `A recipe keeps at most ${MAX_TESTS} tests` } };
  const tests = at < 0 ? [...recipe.tests, test] : recipe.tests.map((t, i) => (i === at ? test : t));
  const checked = validateRecipe({ ...recipe, tests });
  if (!checked.ok) {
    const tooLarge = checked.issues.some((i) => i.path === '(file)');
    return { ok: false, error: { code: tooLarge ? 'recipe-too-large' : 'recipe-invalid', message: checked.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 500) } };
  }
  await recipesItem.update((all) => (all[recipe.id] ? { ...all, [recipe.id]: { ...all[recipe.id]!, recipe: { ...all[recipe.id]!.recipe, tests: checked.recipe.tests } } } : all));
  return { ok: true, tests: tests.length };
}
