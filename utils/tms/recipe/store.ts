/**
 * The user's site recipes in storage.local (recipes.md §3.1: `local:recipes`), one entry per
 * recipe id, each validated on its own: one damaged recipe goes to the quarantine, the
 * others keep working. A site names a recipe as its adapter: `recipe:<id>`.
 */
import * as v from 'valibot';
import { defineStoredItem } from '../../storage';
import { RecipeSchema, type Recipe } from './schema';
import { recipeIdOf } from './adapter-id';

export { recipeAdapterId, recipeIdOf } from './adapter-id';

export const StoredRecipeSchema = v.object({
  recipe: RecipeSchema,
  /** "Pause recipe": the kill switch; a paused recipe reads nothing and records nothing. */
  paused: v.optional(v.boolean(), false),
  savedAt: v.string(),
});
export type StoredRecipe = v.InferOutput<typeof StoredRecipeSchema>;

export const recipesItem = defineStoredItem('local:recipes', v.record(v.pipe(v.string(), v.uuid()), StoredRecipeSchema), { fallback: {}, version: 1 });

/** The active recipe a site's adapter id names; undefined when it is missing or paused. */
export async function activeRecipe(adapterId: string): Promise<Recipe | undefined> {
  const id = recipeIdOf(adapterId);
  if (!id) return undefined;
  const stored = (await recipesItem.get())[id];
  return stored && !stored.paused ? stored.recipe : undefined;
}

/** What a page needs of a recipe: everything but its saved test pages (up to 2 MB each). */
export const recipeForPage = (recipe: Recipe): Recipe => ({ ...recipe, tests: [] });
