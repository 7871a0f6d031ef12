/**
 * How a site names the recipe that reads it: `recipe:<id>`, in the same place a code adapter's
 * id goes. Pure, so every bundle (the main content script, the options page) can use it
 * without the recipe store or engine.
 */
export const RECIPE_ADAPTER_PREFIX = 'recipe:';
export const recipeAdapterId = (recipeId: string): string => `${RECIPE_ADAPTER_PREFIX}${recipeId}`;
/** The recipe id an adapter id names, or null for a code adapter. */
export const recipeIdOf = (adapterId: string): string | null => (adapterId.startsWith(RECIPE_ADAPTER_PREFIX) ? adapterId.slice(RECIPE_ADAPTER_PREFIX.length) : null);
