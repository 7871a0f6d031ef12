/**
 * The builder ("Teach this TMS"): injected by the background only into the tab the user
 * teaches, never registered for a site. It asks the background for its draft (validated
 * here again: nothing from storage or a message is used unchecked) and mounts its panel in
 * a shadow root of its own. A second injection into the same page does nothing.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createApp, h } from 'vue';
import * as v from 'valibot';
import { request } from '@/utils/messaging';
import { tmsFetch } from '@/utils/tms/tms-fetch';
import { BuilderDraftSchema, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';
import type { RecipeTest } from '@/utils/tms/recipe/schema';
import RecipeBuilder from '@/components/builder/RecipeBuilder.vue';
import builderCss from '@/components/builder/builder.css?inline';
import { mountShadow } from '../tms.content/shadow';

const MARK = '__frachtbelegBuilder';

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  async main() {
    const scope = globalThis as Record<string, unknown>;
    if (scope[MARK]) return;
    scope[MARK] = true;
    const context = await request('getBuilder', undefined).catch(() => null);
    const parsed = context?.draft ? v.safeParse(BuilderDraftSchema, context.draft) : null;
    if (!context || !parsed?.success) {
      scope[MARK] = false;
      return;
    }
    const mount = mountShadow({ name: 'frachtbeleg-builder', anchor: document.body, append: 'last', css: builderCss });
    const app = createApp({
      render: () =>
        h(RecipeBuilder, {
          draft: parsed.output,
          locale: context.locale,
          texts: context.texts,
          page: { doc: document, url: () => new URL(location.href), fetch: tmsFetch(location.origin), isOwn: (target: EventTarget) => target === mount.host },
          transport: {
            put: (draft: BuilderDraft) => request('putBuilder', { draft }),
            save: async () => {
              const result = await request('saveBuiltRecipe', undefined);
              return result.ok ? { ok: true as const } : { ok: false as const, reason: result.error.message };
            },
            close: async () => void (await request('closeBuilder', undefined)),
            addTest: async (recipeId: string, test: RecipeTest) => {
              const result = await request('addRecipeTest', { recipeId, test });
              return result.ok ? { ok: true as const, tests: result.tests } : { ok: false as const, reason: result.error.message };
            },
          },
          reload: () => location.reload(),
          onClosed: () => {
            app.unmount();
            mount.remove();
            scope[MARK] = false;
          },
        }),
    });
    app.mount(mount.container);
  },
});
