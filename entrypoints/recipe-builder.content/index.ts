/**
 * The builder ("Teach this TMS"): injected by the background only into the tab the user
 * teaches, never registered for a site. It asks the background for its draft (validated
 * here again: nothing from storage or a message is used unchecked) and mounts its panel in
 * a shadow root of its own. A second injection into the same page does nothing.
 *
 * A TMS whose detail view opens in a frame of the list page is taught in two places: the
 * list in the top document, the detail page inside the frame. The top document's builder
 * watches its frames load and asks the background to bring the builder into them; when a
 * frame's builder takes over, the list's builder steps aside until the list is taught again.
 * `main` answers 'mounted' or 'none', which the background reads from `executeScript`.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { createApp, h, ref } from 'vue';
import * as v from 'valibot';
import { request } from '@/utils/messaging';
import { tmsFetch } from '@/utils/tms/tms-fetch';
import { BuilderDraftSchema, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';
import type { RecipeTest } from '@/utils/tms/recipe/schema';
import { watchPageAnswers } from '@/utils/tms/recipe/builder/captured';
import RecipeBuilder from '@/components/builder/RecipeBuilder.vue';
import builderCss from '@/components/builder/builder.css?inline';
import { mountShadow } from '../tms.content/shadow';
import { showPageNotice } from '../tms.content/page-notice';
import { frameLinkOrigin } from '@/utils/tms/recipe/builder/frame-link';
import { translatorFrom, type FlatTexts, type Locale } from '@/utils/i18n/translate';
import type { BuilderModel } from '@/composables/builder-model';
import { linkSidePanel, type SidePanelLink } from './side-panel-link';

const MARK = '__frachtbelegBuilder';
/** The top document watches its frames once, however often the builder is injected. */
const WATCHING = '__frachtbelegBuilderFrames';
/** A frame of this page teaches the detail steps: the list's builder stays away from them. */
const HANDED_OFF = '__frachtbelegBuilderHandedOff';
const STEP_ASIDE = '__frachtbelegBuilderStepAside';
/** The steps a frame teaches (builder.ts FRAME_STEPS): the detail page and the check. */
const FRAME_STEPS: readonly string[] = ['detail', 'review'];

/**
 * The user followed an order into a frame on a second origin: the background says whether the
 * builder may enter it; if not, the page says how to grant it (one click in the toolbar popup).
 */
let accessNotice: { remove(): void } | null = null;
/** The top document's builder and its side panel (null while none is mounted). */
let topLink: SidePanelLink | null = null;
async function askFrameAccess(origin: string, texts: { locale: Locale; texts: FlatTexts } | null) {
  const answer = await request('builderFrameAccess', { origin }).catch(() => null);
  // One notice at a time, however often the user opens an order there.
  accessNotice?.remove();
  accessNotice = null;
  if (!answer?.ok || answer.granted || !texts) return;
  const t = translatorFrom(texts.locale, texts.texts);
  const host = new URL(origin).host;
  // With the side panel open, the grant is one click there; else the toolbar popup offers it.
  const inSidePanel = !!topLink?.docked();
  if (inSidePanel) topLink!.waitingFor(origin);
  accessNotice = showPageNotice([t(inSidePanel ? 'builderFrameAccess.noticeSidePanel' : 'builderFrameAccess.notice', { host })], t('builderFrameAccess.close'), 'alert');
}

/** The top document's watch on its frames: each page a frame loads may be an order's detail view. */
function watchFrames(scope: Record<string, unknown>, texts: { locale: Locale; texts: FlatTexts }) {
  if (scope[WATCHING]) return;
  scope[WATCHING] = true;
  // The last order link the user followed into a frame, when it leads off the page's origin.
  let followed: string | null = null;
  document.addEventListener(
    'click',
    (event) => {
      const origin = frameLinkOrigin(event.target);
      followed = origin && origin !== location.origin ? origin : null;
    },
    true,
  );
  // Load events don't bubble, but reach the document's capturing listeners.
  document.addEventListener(
    'load',
    (event) => {
      if (!(event.target instanceof HTMLIFrameElement) || !(scope[MARK] || scope[HANDED_OFF])) return;
      if (followed) void askFrameAccess(followed, texts);
      void request('openBuilderInFrames', undefined)
        .then((answer) => {
          if (answer.ok && answer.handedOff) (scope[STEP_ASIDE] as (() => void) | undefined)?.();
        })
        .catch(() => undefined);
    },
    true,
  );
}

export default defineContentScript({
  matches: [],
  registration: 'runtime',
  cssInjectionMode: 'manual',
  async main(): Promise<'mounted' | 'none'> {
    const scope = globalThis as Record<string, unknown>;
    if (scope[MARK]) return 'mounted';
    scope[MARK] = true;
    const inFrame = window !== window.top;
    const context = await request('getBuilder', undefined).catch(() => null);
    const parsed = context?.draft ? v.safeParse(BuilderDraftSchema, context.draft) : null;
    const atFrameStep = !!parsed?.success && FRAME_STEPS.includes(parsed.output.step);
    // A frame only teaches a detail view; the list steps aside while a frame does.
    if (!context || !parsed?.success || (inFrame && !atFrameStep) || (!inFrame && scope[HANDED_OFF] && atFrameStep)) {
      scope[MARK] = false;
      return 'none';
    }
    if (!inFrame) {
      scope[HANDED_OFF] = false;
      watchFrames(scope, { locale: context.locale, texts: context.texts });
    }
    // The list's builder looks at the JSON the page loads (a single-page TMS is taught from its data).
    const onAnswers: (() => void)[] = [];
    const seen = inFrame ? null : watchPageAnswers(window, () => onAnswers.forEach((notify) => notify()));
    const mount = mountShadow({ name: 'frachtbeleg-builder', anchor: document.body, append: 'last', css: builderCss });
    // While the browser's side panel draws the builder, the page keeps only its bar (side-panel-link.ts).
    // Until the link knows (a side panel answers at once, none closes the port at once), the bar:
    // on every page load of a tab taught in the side panel, the big panel would flash up first.
    const docked = ref(true);
    let model: BuilderModel | null = null;
    // In a frame, "Reload page" reloads the tab's page (the list with its frame); a frame
    // on another origin may not, so the background reloads its tab.
    const reload = () => {
      try {
        (window.top ?? window).location.reload();
      } catch {
        void request('reloadBuilderTab', undefined).catch(() => location.reload());
      }
    };
    let gone = false;
    // Stepping aside for a frame keeps watching the page's data (the list is taught again later).
    const unmount = (stopWatching = true) => {
      if (gone) return;
      gone = true;
      if (stopWatching) seen?.stop();
      app.unmount();
      mount.remove();
      scope[MARK] = false;
    };
    const app = createApp({
      render: () =>
        h(RecipeBuilder, {
          draft: parsed.output,
          locale: context.locale,
          texts: context.texts,
          docked: docked.value,
          page: { doc: document, url: () => new URL(location.href), fetch: tmsFetch(location.origin), isOwn: (target: EventTarget) => target === mount.host, inFrame, ...(seen ? { captured: { answers: seen.answers, watch: (notify: () => void) => void onAnswers.push(notify) } } : {}) },
          transport: {
            put: (draft: BuilderDraft) => request('putBuilder', { draft }),
            save: async () => {
              const result = await request('saveBuiltRecipe', undefined);
              return result.ok ? { ok: true as const } : { ok: false as const, reason: result.error.message };
            },
            // Closed in the page or in the side panel: the panel is told, the page's builder goes.
            close: async () => {
              sidePanel.closed();
              await request('closeBuilder', undefined);
              unmount();
            },
            savedTests: async () => (await request('getBuilderTests', undefined)).tests,
            addTest: async (recipeId: string, test: RecipeTest) => {
              const result = await request('addRecipeTest', { recipeId, test });
              return result.ok ? { ok: true as const, tests: result.tests } : { ok: false as const, reason: result.error.message };
            },
          },
          reload,
          onReady: (made: BuilderModel) => (model = made),
          onShowHere: () => sidePanel.showInPage(),
          onClosed: () => unmount(),
        }),
    });
    app.mount(mount.container);
    const sidePanel = linkSidePanel({
      model: () => model,
      inFrame,
      docked: (on) => (docked.value = on),
      reload,
    });
    if (!inFrame) topLink = sidePanel;
    scope[STEP_ASIDE] = () => {
      if (!scope[MARK]) return;
      sidePanel.leave();
      unmount(false);
      scope[HANDED_OFF] = true;
    };
    return 'mounted';
  },
});
