/**
 * "Re-teach this field" (recipes.md § 3.11): when health finds a list column amber or red,
 * the builder opens at that column only, on the saved recipe, and saving changes only that
 * column's locator, as a new revision. Everything else (other fields, tests, write-back,
 * sources) stays exactly as it was.
 */
import { newDraft, summaryLocator, type BuilderDraft, type SummaryField } from './draft';
import { validateRecipe, type Locator, type Recipe, type RecipeIssue } from '../schema';

/** The map table a taught status locator reads through, and the locator without it. */
function splitStatus(locator: Locator): { locator: Locator; statusMap: Record<string, string> } {
  if (!('parse' in locator) || !locator.parse || 'any' in locator) return { locator, statusMap: {} };
  const [first, ...rest] = locator.parse;
  if (!first || !('map' in first)) return { locator, statusMap: {} };
  const { parse: _parse, ...bare } = locator;
  return { locator: (rest.length ? { ...bare, parse: rest } : bare) as Locator, statusMap: first.map.table };
}

/** The builder's draft for re-teaching one list column of a saved recipe on its site; null when the recipe has no list. */
export function draftForField(recipe: Recipe, origin: string, field: SummaryField): BuilderDraft | null {
  const list = recipe.list;
  if (!list || !/^\/[^\s]*$/.test(list.url.path)) return null;
  const summary: BuilderDraft['summary'] = {};
  let statusMap: Record<string, string> = {};
  for (const [name, locator] of Object.entries(list.summary) as [SummaryField, Locator | undefined][]) {
    if (!locator) continue;
    if (name === 'status') {
      const split = splitStatus(locator);
      summary.status = split.locator;
      statusMap = split.statusMap;
    } else summary[name] = locator;
  }
  return {
    ...newDraft(origin, recipe.id, recipe.name),
    revision: recipe.revision + 1,
    step: 'summary',
    reteach: field,
    listPath: list.url.path,
    rowCss: list.row.css,
    rowKey: list.rowKey,
    summary,
    statusMap: statusMap as BuilderDraft['statusMap'],
    selection: list.selection,
    locale: recipe.locale,
  };
}

/** The saved recipe with only the re-taught column's locator changed, as the draft's revision. */
export function reteachedRecipe(recipe: Recipe, draft: BuilderDraft): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] } {
  const field = draft.reteach;
  const locator = field ? summaryLocator(draft, field) : undefined;
  if (!field || !locator || !recipe.list) return { ok: false, issues: [{ path: `list.summary.${field ?? ''}`, message: 'is not taught again yet' }] };
  return validateRecipe({ ...recipe, revision: draft.revision, list: { ...recipe.list, summary: { ...recipe.list.summary, [field]: locator } } });
}
