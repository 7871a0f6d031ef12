/**
 * The options page's side of site recipes: list, keep, remove, and which adapter or recipe
 * reads a site. The recipe arrives validated by the protocol (RecipeSchema); an imported HTTP
 * write-back is stored switched off, so nothing is sent to a TMS before the user turns it on.
 */
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { recipeIdOf, recipesItem } from '@/utils/tms/recipe/store';
import { adapterEntry } from '@/utils/tms/registry';
import { validateRecipe, type Recipe } from '@/utils/tms/recipe/schema';
import { syncRegistrations } from './tms-sites';

export async function getRecipes(): Promise<ResponseOf<'getRecipes'>> {
  const stored = await recipesItem.get();
  return {
    recipes: Object.values(stored).map(({ recipe, paused, savedAt }) => ({
      id: recipe.id,
      name: recipe.name,
      revision: recipe.revision,
      sites: recipe.sites,
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
