/**
 * Access to a TMS's web addresses, asked for from an extension page. Browsers show a permission
 * prompt only in direct answer to the user's click, and only once per click: a recipe whose
 * detail frame is served from a second origin (its `extraOrigins`) therefore asks for the site
 * and that origin in one request (recipes.md § 3.5); a second request would find the click used up.
 */
import { browser } from 'wxt/browser';
import { originPattern } from '@/utils/site-origin';

/** Everything a recipe reads from: its sites and its further origins, each once. */
export const recipeOrigins = (recipe: { sites: readonly string[]; extraOrigins?: readonly string[] | undefined }): string[] => [...new Set([...recipe.sites, ...(recipe.extraOrigins ?? [])])];

/** One prompt for all of them; call it before any other await of the click. */
export function askForOrigins(origins: readonly string[]): Promise<boolean> {
  return browser.permissions.request({ origins: [...new Set(origins.map(originPattern))] });
}

/** The origins of these the user has not granted yet. */
export async function ungrantedOrigins(origins: readonly string[]): Promise<string[]> {
  const granted = await Promise.all(origins.map((o) => browser.permissions.contains({ origins: [originPattern(o)] })));
  return origins.filter((_, i) => !granted[i]);
}

/** "detail.kombi.example" for "https://detail.kombi.example": how the user knows the address. */
export const hostOf = (origin: string): string => new URL(origin).host;
