/**
 * Wires one TMS tab: finds the adapter, tracks the selection, mounts the action bar and the
 * detail-page action in shadow roots, and keeps them in place while the TMS re-renders.
 */
import { createApp, h, shallowRef, type App as VueApp } from 'vue';
import { createPinia } from 'pinia';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import App from './App.vue';
import DetailAction from '@/components/panel/DetailAction.vue';
import { createI18n } from '@/composables/i18n';
import { usePanelStore } from '@/composables/invoice-panel';
import { handle, request, send } from '@/utils/messaging';
import { resolveLocale } from '@/utils/i18n/translate';
import { SelectionTracker } from '@/utils/tms/selection';
import type { OrderSummary, PageKind, TmsPageAdapter } from '@/utils/tms/adapter';
import panelCss from '@/components/panel/panel.css?inline';

export async function startTmsPage(ctx: ContentScriptContext, adapters: readonly TmsPageAdapter[]): Promise<void> {
  const here = () => new URL(location.href);
  const adapter = adapters.find((a) => a.recognises(document, here()));
  if (!adapter) return;

  const pinia = createPinia();
  const i18n = createI18n(resolveLocale('auto', navigator.language));
  const store = usePanelStore(pinia);
  store.configure({ adapter, doc: document, url: here, fetch: window.fetch.bind(window), send: request });

  const tracker = new SelectionTracker(adapter, document);
  const selection = shallowRef<OrderSummary[]>([]);
  tracker.subscribe((items) => (selection.value = items));
  const pageKind = shallowRef<PageKind | null>(null);

  const handlesJobs = handle('jobUpdated', ({ job }) => {
    store.jobUpdated(job);
    return undefined;
  });
  ctx.onInvalidated(handlesJobs);

  // The user's language comes from the extension's settings; ask once, without waiting.
  send('getPanelContext', { origin: location.origin })
    .then((context) => (i18n.locale.value = context.locale))
    .catch(() => undefined);

  const root = await createShadowRootUi(ctx, {
    name: 'frachtbeleg-ui',
    position: 'inline',
    anchor: 'body',
    append: 'last',
    css: panelCss,
    isolateEvents: true,
    onMount(container) {
      // A render function, so the page's reactive state flows into the root component's props.
      // eslint-disable-next-line vue/one-component-per-file
      const app = createApp({
        render: () =>
          h(App, {
            selection: selection.value,
            pageKind: pageKind.value,
            onClear: () => tracker.clear(),
            onInvoiced: (ids: string[]) => tracker.remove(ids),
          }),
      });
      app.use(pinia).use(i18n).mount(container);
      return app;
    },
    onRemove: (app) => app?.unmount(),
  });
  root.mount();

  let detailUi: { ui: ShadowRootContentScriptUi<VueApp>; anchor: Element } | null = null;
  async function mountDetailAction(anchor: Element, append: 'first' | 'last' | 'before' | 'after') {
    detailUi?.ui.remove();
    const ui = await createShadowRootUi(ctx, {
      name: 'frachtbeleg-action',
      position: 'inline',
      anchor,
      append,
      css: panelCss,
      isolateEvents: true,
      onMount(container) {
        container.classList.add('fb-inline');
        // eslint-disable-next-line vue/one-component-per-file
        const app = createApp({ render: () => h(DetailAction, { busy: store.phase === 'loading', onCreate: () => void store.open({ kind: 'detail' }) }) });
        app.use(pinia).use(i18n).mount(container);
        return app;
      },
      onRemove: (app) => app?.unmount(),
    });
    ui.mount();
    detailUi = { ui, anchor };
  }

  /** Brings our UI in line with the page after any change the TMS made. */
  function sync() {
    const url = here();
    const kind = adapter!.pageKind(document, url);
    pageKind.value = kind;
    if (kind === 'list') tracker.restore();
    if (kind === 'detail') {
      const anchor = adapter!.detailActionAnchor(document);
      if (anchor && (!detailUi || detailUi.anchor !== anchor.element || !detailUi.ui.shadowHost.isConnected)) {
        void mountDetailAction(anchor.element, anchor.append);
      }
    } else if (detailUi) {
      detailUi.ui.remove();
      detailUi = null;
    }
  }

  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (ctx.isValid) sync();
    });
  };

  const observer = new MutationObserver((mutations) => {
    // Our own shadow hosts coming and going are not the TMS re-rendering.
    const foreign = mutations.some((m) => ![...m.addedNodes, ...m.removedNodes].every((n) => n instanceof Element && n.tagName.startsWith('FRACHTBELEG-')));
    if (foreign) schedule();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => observer.disconnect());

  ctx.addEventListener(document, 'change', (event) => {
    if (pageKind.value === 'list') tracker.handleChange(event.target);
  });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  sync();

}
