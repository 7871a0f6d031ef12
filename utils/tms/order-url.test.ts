/** The invoice book's link back to an order: made only where it surely leads to that order. */
import { describe, expect, it } from 'vitest';
import { legacyRecipe, LEGACY_SITE } from './recipe/testing/legacy-recipe';
import { recipeAdapterId } from './recipe/adapter-id';
import { buildUrl } from './recipe/url-match';
import { orderDetailUrl } from './order-url';
import { detailOrderId } from './demo/detail-page';

const DEMO = 'http://127.0.0.1:4410';

describe('orderDetailUrl', () => {
  it('the demo TMS: its detail page, which reads the same id back', () => {
    const url = orderDetailUrl({ origin: DEMO, adapter: 'demo-tms' }, undefined, 'o/1 ä');
    expect(url).toBe(`${DEMO}/orders/o%2F1%20%C3%A4`);
    expect(detailOrderId(new URL(url!))).toBe('o/1 ä');
  });

  it('a recipe: its detail URL pattern filled in with the order id', () => {
    const recipe = legacyRecipe();
    expect(orderDetailUrl({ origin: LEGACY_SITE, adapter: recipeAdapterId(recipe.id) }, recipe, 'o-0289')).toBe(`${LEGACY_SITE}/auftraege/o-0289`);
  });

  it('no link where the id is read from the page, the detail is a drawer, or the site is not the recipe\'s', () => {
    const site = { origin: LEGACY_SITE, adapter: recipeAdapterId(legacyRecipe().id) };
    expect(orderDetailUrl(site, legacyRecipe((r) => ((r.detail as Record<string, unknown>).key = { css: 'h1' })), 'o-1')).toBeNull();
    expect(orderDetailUrl(site, legacyRecipe((r) => ((r.detail as Record<string, unknown>).view = 'drawer')), 'o-1')).toBeNull();
    expect(orderDetailUrl({ ...site, origin: 'http://127.0.0.1:4499' }, legacyRecipe(), 'o-1')).toBeNull();
    expect(orderDetailUrl(site, undefined, 'o-1')).toBeNull();
  });
});

describe('buildUrl', () => {
  it('fills path and query captures, keeps literal values, leaves optional ones out', () => {
    expect(buildUrl({ path: '/a/:id/', query: { view: 'detail', id2: ':id', page: '*?' } }, 'https://tms.example', { id: '7' })).toBe('https://tms.example/a/7?view=detail&id2=7');
  });

  it('gives up where the pattern needs what it was not given', () => {
    expect(buildUrl({ path: '/a/*' }, 'https://tms.example', { id: '7' })).toBeNull();
    expect(buildUrl({ path: '/a/:tenant/:id' }, 'https://tms.example', { id: '7' })).toBeNull();
    expect(buildUrl({ path: '/a', query: { token: '*' } }, 'https://tms.example', { id: '7' })).toBeNull();
  });
});
