/**
 * The fields the builder teaches, without the recipe schema: the messages of the TMS page's
 * own script ("Re-teach this field") name them, and that script carries no schema.
 */

/** The summary fields taught on the list; number and customer are needed. */
export const SUMMARY_FIELDS = ['number', 'customer', 'price', 'status'] as const;
export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** The order fields taught on a detail page, in the order the builder asks for them. */
export const DETAIL_FIELDS = [
  'number', 'customer.name', 'customer.customerNumber', 'customer.vatId', 'customer.email', 'address', 'customerReference',
  'status', 'price', 'stops', 'load.goods', 'load.weightKg', 'load.loadingMeters', 'load.pallets', 'podUrl',
  // Freight references for the invoice text (freight-references.ts); CMR and MRN are the
  // evidence tax-free freight (§ 4 Nr. 3 UStG) must name. All optional.
  'cmrNumber', 'vehicle', 'freightTerms', 'exportReference',
] as const;
export type DetailField = (typeof DETAIL_FIELDS)[number];

/**
 * Whether one detail field of a recipe can be taught again by itself ("Re-teach this field"):
 * only where the recipe's detail view is a page of its own, with a path the builder comes back
 * to. A drawer or a frame has no page the builder can open at that one field: there "Teach this
 * TMS again" is what helps. The health notice offers it by this, the background opens it by this.
 */
export function reteachesDetailOnPage(recipe: { detail?: { url?: { path?: string | undefined } | undefined; view?: string | undefined } | undefined }): boolean {
  const path = recipe.detail?.url?.path;
  return !!path && /^\/[^\s]*$/.test(path) && (recipe.detail?.view ?? 'page') === 'page';
}
