/**
 * The recipe engine's capture and page-bound write-back in one TMS tab: one capture per
 * page for the recipe it runs (started on first use), and "record the invoice from here"
 * for write-backs that need this page's `<meta>`, cookies or sign-in. The Authorization
 * header lives in the capture store in this tab's memory and goes nowhere but into the
 * recipe's own requests to this TMS.
 */
import { storageAuthorization } from './storage-auth';
import type { InvoiceRecord, WriteBackResult } from '../adapter';
import { recipeCaptures, startCapture, type CaptureStore } from './capture';
import type { Recipe } from './schema';
import { pageValue, writeBackFromRecipe } from './write-back';

let running: { recipe: string; store: CaptureStore; stop(): void } | undefined;

/** The tab's capture for this recipe, started once; undefined when the recipe captures nothing. */
export function captureInTab(recipe: Recipe, win: Window = window): CaptureStore | undefined {
  if (!recipeCaptures(recipe)) return undefined;
  const key = `${recipe.id}#${recipe.revision}`;
  if (running?.recipe !== key) {
    running?.stop();
    const { store, stop } = startCapture(win, recipe);
    running = { recipe: key, store, stop };
  }
  return running.store;
}

/** Records the invoice on one order with this page's values (recipes.md § 3.7, "Runs in a live TMS tab"). */
export function recordInvoiceInTab(recipe: Recipe, origin: string, orderId: string, invoice: InvoiceRecord, doc: Document = document): Promise<WriteBackResult> {
  if (origin !== doc.location?.origin) return Promise.resolve({ ok: false, retryable: true, reason: 'unreachable', detail: 'This tab shows another site.' });
  const store = captureInTab(recipe);
  const auth = recipe.sources?.auth;
  const page = {
    value: (from: Parameters<typeof pageValue>[1]) => pageValue(doc, from),
    // The token is read from the page when sending, and kept nowhere.
    authorization: () => (auth?.mode === 'storage' ? storageAuthorization(auth) : (store?.authorization() ?? null)),
  };
  return writeBackFromRecipe(recipe, (...args) => fetch(...args), page).recordInvoice(origin, orderId, invoice);
}
