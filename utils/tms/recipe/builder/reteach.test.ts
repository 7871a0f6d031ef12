/**
 * "Re-teach this field" on a builder-made Legacy recipe: the draft opens at that list column
 * with what the recipe holds, and saving changes only that column's locator, as a new revision.
 */
import { describe, expect, it } from 'vitest';
import { LEGACY_ORIGIN, taughtLegacy } from '@/tests/support/recipes';
import { recipeFromDraft } from './draft';
import { draftForField, reteachedRecipe } from './reteach';
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
