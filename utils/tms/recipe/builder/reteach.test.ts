/**
 * "Re-teach this field" on a builder-made Legacy recipe: the draft opens at that list column
 * with what the recipe holds, and saving changes only that column's locator, as a new revision.
 */
import { describe, expect, it } from 'vitest';
import { LEGACY_ORIGIN, taughtLegacy } from '@/tests/support/recipes';
import { recipeFromDraft } from './draft';
import { draftForDetailField, draftForField, reteachedDetailRecipe, reteachedRecipe } from './reteach';
import { reteachesDetailOnPage } from './fields';
import type { Recipe } from '../schema';

function savedRecipe(): Recipe {
  const made = recipeFromDraft(taughtLegacy({ summary: { number: { column: 'Auftrag' }, customer: { column: 'Kunde' }, price: { column: 'Betrag' }, status: { column: 'Status' } }, statusMap: { Offen: 'open', Disponiert: 'planned' } }));
  if (!made.ok) throw new Error(JSON.stringify(made.issues));
  return { ...made.recipe, revision: 3, tests: [{ name: 'list', url: `${LEGACY_ORIGIN}/auftraege`, html: '<table></table>', expected: [] }] };
}

describe('re-teaching one list column', () => {
  it('opens the builder at that column, with the recipe\'s list and status words, as the next revision', () => {
    const draft = draftForField(savedRecipe(), LEGACY_ORIGIN, 'status')!;
    expect(draft).toMatchObject({ step: 'summary', reteach: 'status', revision: 4, listPath: '/auftraege', rowCss: 'tbody > tr', rowKey: { css: 'input[type="checkbox"]', attr: 'value' } });
    expect(draft.summary.status).toEqual({ column: 'Status' });
    expect(draft.statusMap).toEqual({ Offen: 'open', Disponiert: 'planned' });
  });

  it('saving changes only that column\'s locator; fields, tests and write-back stay', () => {
    const recipe = savedRecipe();
    const draft = draftForField(recipe, LEGACY_ORIGIN, 'price')!;
    // What the user did in the builder: picked the price again (the TMS renamed the column), and nothing else matters.
    const picked = { ...draft, summary: { ...draft.summary, price: { column: 'Frachtpreis' } }, fields: { number: { html: { css: 'h2' } } } };
    const saved = reteachedRecipe(recipe, picked);
    if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
    expect(saved.recipe.revision).toBe(4);
    expect(saved.recipe.list!.summary.price).toEqual({ column: 'Frachtpreis', parse: [{ money: {} }] });
    const { revision: _a, list: listAfter, ...restAfter } = saved.recipe;
    const { revision: _b, list: listBefore, ...restBefore } = recipe;
    expect(restAfter).toEqual(restBefore);
    expect({ ...listAfter, summary: { ...listAfter!.summary, price: undefined } }).toEqual({ ...listBefore, summary: { ...listBefore!.summary, price: undefined } });
  });

  it('a status column taught again reads through the same words', () => {
    const recipe = savedRecipe();
    const draft = draftForField(recipe, LEGACY_ORIGIN, 'status')!;
    const saved = reteachedRecipe(recipe, { ...draft, summary: { ...draft.summary, status: { column: 'Zustand' } } });
    expect(saved.ok && saved.recipe.list!.summary.status).toEqual({ column: 'Zustand', parse: [{ map: { table: { Offen: 'open', Disponiert: 'planned' }, other: 'problem' } }] });
  });

  it('nothing re-taught, nothing saved', () => {
    const recipe = savedRecipe();
    const { reteach: _none, ...draft } = draftForField(recipe, LEGACY_ORIGIN, 'price')!;
    expect(reteachedRecipe(recipe, draft).ok).toBe(false);
  });
});

describe('re-teaching one detail field', () => {
  it('opens the builder at that field on the recipe\'s detail pages, with what the recipe holds, as the next revision', () => {
    const recipe = savedRecipe();
    const draft = draftForDetailField(recipe, LEGACY_ORIGIN, 'price')!;
    expect(draft).toMatchObject({ step: 'detail', reteachDetail: 'price', revision: 4, detail: { path: '/auftraege/:id' } });
    expect(draft.fields).toEqual({ price: recipe.order.fields.price });
    expect(draftForDetailField(recipe, LEGACY_ORIGIN, 'status')!.statusMap).toEqual({ Disponiert: 'planned', Offen: 'open' });
  });

  it('saving changes only that field; the list, other fields, tests and write-back stay', () => {
    const recipe = savedRecipe();
    const draft = draftForDetailField(recipe, LEGACY_ORIGIN, 'price')!;
    const picked = { ...draft, fields: { price: { html: { label: 'Frachtpreis' }, parse: [{ money: {} }] }, number: { html: { css: 'h2' } } } };
    const saved = reteachedDetailRecipe(recipe, picked);
    if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
    expect(saved.recipe.revision).toBe(4);
    expect(saved.recipe.order.fields.price).toEqual({ html: { label: 'Frachtpreis' }, parse: [{ money: {} }] });
    expect({ ...saved.recipe, revision: 3, order: { ...saved.recipe.order, fields: { ...saved.recipe.order.fields, price: recipe.order.fields.price } } }).toEqual(recipe);
  });

  it('a status taught again reads through the same words; the address changes its four parts together', () => {
    const recipe = savedRecipe();
    const status = reteachedDetailRecipe(recipe, { ...draftForDetailField(recipe, LEGACY_ORIGIN, 'status')!, fields: { status: { html: { label: 'Zustand' } } } });
    expect(status.ok && status.recipe.order.fields.status).toEqual({ html: { label: 'Zustand', parse: [{ map: { table: { Disponiert: 'planned', Offen: 'open' }, other: 'problem' } }] } });

    const address = { 'customer.street': { html: { label: 'Anschrift', parse: [{ line: -2 }] } }, 'customer.zip': { html: { label: 'Anschrift', parse: [{ line: -1 }, { zipCity: 'zip' }] } } };
    const saved = reteachedDetailRecipe(recipe, { ...draftForDetailField(recipe, LEGACY_ORIGIN, 'address')!, fields: address });
    expect(saved.ok && Object.keys(saved.recipe.order.fields).filter((f) => f.startsWith('customer.'))).toEqual(['customer.name', 'customer.street', 'customer.zip']);
  });

  it('nothing picked again, nothing saved; a recipe without a detail page of its own has nothing to re-teach there', () => {
    const recipe = savedRecipe();
    expect(reteachedDetailRecipe(recipe, draftForDetailField(recipe, LEGACY_ORIGIN, 'price')!).ok).toBe(false);
    const { detail: _none, ...withoutDetail } = recipe;
    expect(draftForDetailField(withoutDetail as Recipe, LEGACY_ORIGIN, 'price')).toBeNull();
  });

  it('only on a detail view that is a page: a drawer or a frame has no page to re-teach one field on (the notice offers it by the same rule)', () => {
    const recipe = savedRecipe();
    for (const view of ['drawer', 'iframe'] as const) {
      const other = { ...recipe, detail: { ...recipe.detail!, view } } as Recipe;
      expect(reteachesDetailOnPage(other)).toBe(false);
      expect(draftForDetailField(other, LEGACY_ORIGIN, 'price')).toBeNull();
    }
    expect(reteachesDetailOnPage(recipe)).toBe(true);
    expect(reteachesDetailOnPage({ ...recipe, detail: { ...recipe.detail!, view: 'page' } })).toBe(true);
  });
});
