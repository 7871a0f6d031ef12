/**
 * The recipe engine is a content script of its own, injected only on sites a recipe reads
 * (before the main content script, in the same isolated world). The main script, which
 * runs on every TMS site, finds it here and so carries neither the engine nor the recipe
 * schema: TMS tabs served by a code adapter don't pay for recipes.
 *
 * Only types are imported here; importing the engine would pull it into the main script.
 */
import type { InvoiceRecord, TmsPageAdapter, WriteBackResult } from '../adapter';
import { recipeIdOf } from './adapter-id';
import type { Locator, RecipeIssue, Recipe } from './schema';
import type { WriteField } from './write-field';
import type { DetailField, SummaryField } from './builder/fields';
import type { RecipeHealth } from './health';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { FlatTexts, Locale } from '../../i18n/translate';

export interface RecipeEngine {
  validateRecipe(input: unknown): { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] };
  adapterFromRecipe(recipe: Recipe): TmsPageAdapter;
  listHealth(recipe: Recipe, doc: Document, url: URL): RecipeHealth | null;
  /** Starts the page's health notice (it lives in the engine's script, not in every TMS tab). */
  watchHealth(
    ctx: ContentScriptContext,
    recipe: Recipe,
    texts: () => Promise<{ locale: Locale; texts: FlatTexts } | null>,
    teach?: () => void,
    reteach?: (field: SummaryField) => void,
    /** "Re-teach this field" on a detail page. */
    reteachDetail?: (field: DetailField) => void,
  ): void;
  /** Records an invoice on an order from this tab, for write-backs that need the page (tab-capture.ts). */
  recordInvoiceInTab(recipe: Recipe, origin: string, orderId: string, invoice: InvoiceRecord): Promise<WriteBackResult>;
  /** The TMS's field an `instructions` write-back names, when exactly one is on the page. */
  findWriteField(root: ParentNode, locator: Locator): WriteField | null;
}

const KEY = '__frachtbelegRecipeEngine';

export function installRecipeEngine(engine: RecipeEngine): void {
  (globalThis as Record<string, unknown>)[KEY] = engine;
}

export function recipeEngine(): RecipeEngine | undefined {
  return (globalThis as Record<string, unknown>)[KEY] as RecipeEngine | undefined;
}

/** The content scripts a site needs, in injection order. */
export const CONTENT_SCRIPT = 'content-scripts/tms.js';
export const RECIPE_ENGINE_SCRIPT = 'content-scripts/recipe-engine.js';
/** The capture script (main world, document_start), registered apart for recipes that capture. */
export const RECIPE_CAPTURE_SCRIPT = 'content-scripts/recipe-capture.js';
export const scriptsFor = (adapterId: string): string[] => (recipeIdOf(adapterId) ? [RECIPE_ENGINE_SCRIPT, CONTENT_SCRIPT] : [CONTENT_SCRIPT]);
