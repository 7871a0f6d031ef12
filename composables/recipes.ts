import { onMounted, ref } from 'vue';
import { plainCopy, request, type ResponseOf } from '@/utils/messaging';
import { validateRecipe, type Recipe, type RecipeIssue } from '@/utils/tms/recipe/schema';
import { MAX_RECIPE_FILE_BYTES, readRecipeFile, recipeFile, type RecipeFileProblem } from '@/utils/tms/recipe/recipe-file';
import { runRecipeTests, type RecipeTestReport } from '@/utils/tms/recipe/run-tests';

export type RecipeSummary = ResponseOf<'getRecipes'>['recipes'][number];

/** What a recipe file asks for, shown before it is kept (recipes.md §3.10). */
export interface ImportReview {
  recipe: Recipe;
  fileName: string;
  /** The sites it reads and the further origins it needs access to. */
  origins: string[];
  writeBack: Recipe['writeBack'];
  tests: number;
  /** Its own tests, run on their saved pages before anything is kept. */
  report: RecipeTestReport;
  /** A recipe of the same id is kept already (this replaces it). */
  replaces: RecipeSummary | null;
}

export { MAX_RECIPE_FILE_BYTES };

/** Saved pages are parsed by the page's DOMParser: scripts never run, nothing loads. */
const parseHtml = (html: string) => new DOMParser().parseFromString(html, 'text/html');

/**
 * The options page's site recipes: the list, reading a file into a review (validated here,
 * and again by the background when kept), keeping, exporting and removing them.
 */
export function useRecipes() {
  const recipes = ref<RecipeSummary[]>([]);

  async function load() {
    recipes.value = (await request('getRecipes', undefined)).recipes;
  }
  onMounted(load);

  /**
   * Reads a file (an export file or a bare recipe): a review to confirm, with the result of
   * the recipe's own tests, or the problems that keep it out, each naming its field.
   */
  async function review(file: File): Promise<{ ok: true; review: ImportReview } | { ok: false; issues: RecipeIssue[] }> {
    if (file.size > MAX_RECIPE_FILE_BYTES) return { ok: false, issues: [{ path: '(file)', message: 'a recipe file must be at most 2 MB' }] };
    const checked = readRecipeFile(await file.text());
    if (!checked.ok) return checked;
    const recipe = checked.recipe;
    return {
      ok: true,
      review: {
        recipe,
        fileName: file.name,
        origins: [...recipe.sites, ...recipe.extraOrigins],
        writeBack: recipe.writeBack,
        tests: recipe.tests.length,
        report: await runRecipeTests(recipe, { parseHtml }),
        replaces: recipes.value.find((r) => r.id === recipe.id) ?? null,
      },
    };
  }

  async function keep(recipe: Recipe) {
    const result = await request('saveRecipe', { recipe: plainCopy(recipe), imported: true });
    await load();
    return result;
  }

  /** The export file of a kept recipe, or why there is none. */
  async function exportFile(id: string): Promise<{ ok: true; fileName: string; text: string } | { ok: false; problem: RecipeFileProblem | { kind: 'missing' } }> {
    const { recipe } = await request('getRecipe', { id });
    const checked = recipe ? validateRecipe(recipe) : null;
    if (!checked?.ok) return { ok: false, problem: { kind: 'missing' } };
    return recipeFile(checked.recipe);
  }

  async function setWriteBack(id: string, enabled: boolean) {
    const result = await request('setRecipeWriteBack', { id, enabled });
    await load();
    return result;
  }

  async function remove(id: string) {
    const result = await request('removeRecipe', { id });
    await load();
    return result;
  }

  return { recipes, load, review, keep, exportFile, setWriteBack, remove };
}
