import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapterFromRecipe } from '@/utils/tms/recipe/adapter';
import { validateRecipe } from '@/utils/tms/recipe/schema';
import { installRecipeEngine } from '@/utils/tms/recipe/engine-handle';
import { detailHealth, listHealth, weakDetailFields, weakFields, withCapture } from '@/utils/tms/recipe/health';
import type { Recipe } from '@/utils/tms/recipe/schema';
import { findWriteField } from '@/utils/tms/recipe/write-field';
import { watchRecipeHealth } from '../tms.content/recipe-health';
import { captureInTab, recordInvoiceInTab } from '@/utils/tms/recipe/tab-capture';

/** Whether the tab's capture script answered (undefined: the recipe captures nothing). */
const captureRunning = (recipe: Recipe) => captureInTab(recipe)?.running();

export default defineContentScript({
  // Registered at run time, only for the TMS sites a recipe reads, before tms.js.
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main() {
    installRecipeEngine({
      // A recipe that captures reads the page's own API answers, kept in this tab (capture.ts).
      adapterFromRecipe: (recipe) => adapterFromRecipe(recipe, captureInTab(recipe)),
      validateRecipe,
      listHealth,
      watchHealth: (ctx, recipe, texts, teach, reteach, reteachDetail) =>
        // Health also says when the recipe reads the TMS's data but this browser shows Frachtbeleg none of it.
        watchRecipeHealth(
          ctx,
          (r, doc, url) => withCapture(listHealth(r, doc, url), captureRunning(r)),
          recipe,
          texts,
          teach,
          reteach ? { weakFields, run: reteach } : undefined,
          { health: (r, doc, url) => withCapture(detailHealth(r, doc, url), captureRunning(r)), weakFields: weakDetailFields, ...(reteachDetail ? { run: reteachDetail } : {}) },
        ),
      recordInvoiceInTab,
      findWriteField,
    });
  },
});
