import { defineContentScript } from 'wxt/utils/define-content-script';
import { adapterFromRecipe } from '@/utils/tms/recipe/adapter';
import { validateRecipe } from '@/utils/tms/recipe/schema';
import { installRecipeEngine } from '@/utils/tms/recipe/engine-handle';
import { listHealth, weakFields } from '@/utils/tms/recipe/health';
import { findWriteField } from '@/utils/tms/recipe/write-field';
import { watchRecipeHealth } from '../tms.content/recipe-health';

export default defineContentScript({
  // Registered at run time, only for the TMS sites a recipe reads, before tms.js.
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main() {
    installRecipeEngine({ adapterFromRecipe, validateRecipe, listHealth, watchHealth: (ctx, recipe, texts, teach, reteach) => watchRecipeHealth(ctx, listHealth, recipe, texts, teach, reteach ? { weakFields, run: reteach } : undefined),
      findWriteField,
    });
  },
});
