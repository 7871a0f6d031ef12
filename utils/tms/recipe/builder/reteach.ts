/**
 * "Re-teach this field" (recipes.md § 3.11): when health finds a list column or a detail
 * field amber or red, the builder opens at that field only, on the saved recipe, and saving
 * changes only that field's locator, as a new revision. Everything else (other fields, tests,
 * write-back, sources) stays exactly as it was.
 */
import { newDraft, summaryLocator, withStatusMap, type BuilderDraft, type DetailField, type SummaryField } from './draft';
import { reteachesDetailOnPage } from './fields';
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

/** The recipe fields one detail field of the builder stands for: the address is four. */
export const ADDRESS_PARTS = ['customer.street', 'customer.zip', 'customer.city', 'customer.countryCode'] as const;
const partsOf = (field: DetailField): string[] => (field === 'address' ? [...ADDRESS_PARTS] : [field]);

/**
 * The builder's draft for re-teaching one detail field of a saved recipe, on one of its
 * detail pages; null when the recipe has no detail page of its own (a drawer, a frame, data only).
 */
export function draftForDetailField(recipe: Recipe, origin: string, field: DetailField): BuilderDraft | null {
  const path = recipe.detail?.url?.path;
  if (!path || !reteachesDetailOnPage(recipe)) return null;
  const fields = recipe.order.fields as Record<string, unknown>;
  // A status read through the TMS's words: those words stay, the locator is taught again.
  const status = recipe.order.fields.status?.html;
  const split = status ? splitStatus(status) : { statusMap: {} };
  return {
    ...newDraft(origin, recipe.id, recipe.name),
    revision: recipe.revision + 1,
    step: 'detail',
    reteachDetail: field,
    detail: { path, fetch: path },
    statusMap: split.statusMap as BuilderDraft['statusMap'],
    fields: Object.fromEntries(partsOf(field).flatMap((name) => (fields[name] ? [[name, fields[name]]] : []))),
    locale: recipe.locale,
  };
}

/**
 * The saved recipe with only the re-taught detail field changed, as the draft's revision. A
 * field the recipe also reads from the TMS's data keeps that path: only the page locator is new.
 */
export function reteachedDetailRecipe(recipe: Recipe, draft: BuilderDraft): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] } {
  const field = draft.reteachDetail;
  const taught = draft.fields as Record<string, Record<string, unknown> | undefined>;
  const names = field ? partsOf(field) : [];
  const before = JSON.stringify(draftForDetailField(recipe, draft.origin, field ?? 'number')?.fields ?? null);
  if (!field || !names.some((name) => taught[name]) || JSON.stringify(Object.fromEntries(names.flatMap((n) => (taught[n] ? [[n, taught[n]]] : [])))) === before) {
    return { ok: false, issues: [{ path: `order.fields.${field ?? ''}`, message: 'is not taught again yet' }] };
  }
  const fields: Record<string, unknown> = { ...recipe.order.fields };
  for (const name of names) {
    const now = taught[name];
    const old = fields[name] as { json?: unknown } | undefined;
    if (!now) delete fields[name];
    else if (name === 'status' && now.html) fields[name] = { ...(old?.json ? { json: old.json } : {}), ...now, html: withStatusMap(now.html as object, draft.statusMap) };
    else fields[name] = { ...(old?.json && name !== 'stops' ? { json: old.json } : {}), ...now };
  }
  return validateRecipe({ ...recipe, revision: draft.revision, order: { ...recipe.order, fields } });
}
