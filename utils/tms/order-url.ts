/**
 * Where an order can be opened in its TMS: the link from the invoice book back to the order.
 * A code adapter knows its detail page; a recipe's detail URL pattern is filled in with the
 * order id when the id is what the pattern captures. Anything else gets no link (the order
 * number is shown on its own), never a guessed one.
 */
import { DEMO_TMS } from './demo/selectors';
import { recipeIdOf } from './recipe/adapter-id';
import type { Recipe } from './recipe/schema';
import { buildUrl, matchUrl } from './recipe/url-match';

export function orderDetailUrl(site: { origin: string; adapter: string }, recipe: Recipe | undefined, orderId: string): string | null {
  if (site.adapter === DEMO_TMS.id) return new URL(`/orders/${encodeURIComponent(orderId)}`, site.origin).href;
  if (recipeIdOf(site.adapter) === null || !recipe) return null;
  const detail = recipe.detail;
  // An id read from the page (detail.key) need not be the one in the address; a drawer has no address.
  if (!detail?.url || detail.key || detail.view !== 'page') return null;
  if (!recipe.sites.includes(site.origin)) return null;
  const url = buildUrl(detail.url, site.origin, { id: orderId });
  // Only a link that leads back to this very order: the pattern must read the id from it again.
  return url !== null && matchUrl(detail.url, new URL(url))?.id === orderId ? url : null;
}
