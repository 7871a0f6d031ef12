/**
 * The panel in a TMS tab: the Vue app with the action bar, the invoice preview and the
 * billing run, and the detail page's "Create invoice" action, each in a shadow root.
 */
import { tmsFetch } from '@/utils/tms/tms-fetch';
import { createApp, h, shallowRef, watch, type App as VueApp } from 'vue';
import App from './App.vue';
import DetailAction from '@/components/panel/DetailAction.vue';
import OrderInvoice from '@/components/panel/OrderInvoice.vue';
import { createRemoteI18n } from '@/composables/i18n';
import { createPanelStore, type PanelEnvironment } from '@/composables/invoice-panel';
import { createRunPanel } from '@/composables/billing-run-panel';
import { externalInvoiceCheck, proposalFinder } from '@/composables/invoicing-proposal';
import { todayIso } from '@/utils/domain/dates';
import { request } from '@/utils/messaging';
import { resolveLocale } from '@/utils/i18n/translate';
import type { OrderSummary, PageKind } from '@/utils/tms/adapter';
import type { PanelHost, TmsPanel } from '@/utils/tms/panel-handle';
import panelCss from '@/components/panel/panel.css?inline';
import { mountShadow, type ShadowMount } from '../tms.content/shadow';
import { announceFramePanel, watchFramePanels } from './frame-panel';
import { publishBottomBars } from '../tms.content/bottom-bars';
import { reportReads } from '../tms.content/read-reports';
import { watchHealthState, type HealthState } from '../tms.content/health-state';
import { recipeIdOf } from '@/utils/tms/recipe/adapter-id';
import { readReport } from '@/utils/tms/recipe/read-health';
import type { OrderReadResult } from '@/utils/domain/read-problem';

/** The panel's bars fixed at the bottom of the window (panel.css). */
const BOTTOM_BARS = '.fb-bar, .fb-proposal, .fb-proposal-folded';

export function startPanel(host: PanelHost): TmsPanel {
  const { ctx, adapter, url, siteOrigin } = host;
  const selection = shallowRef<OrderSummary[]>([]);
  const pageKind = shallowRef<PageKind | null>(null);
  const notOnPage = shallowRef(0);
  const i18n = createRemoteI18n(resolveLocale('auto', navigator.language));

  // The main script made the shadow root without styles (it carries no CSS): they come here.
  const style = document.createElement('style');
  style.textContent = panelCss;
  host.container.before(style);

  const store = createPanelStore();
  // Messages and orders carry the site's origin; the page's own reads stay on its own origin.
  const environment: PanelEnvironment = { adapter, doc: document, url, siteOrigin, fetch: tmsFetch(location.origin), send: request, onTexts: (locale, texts) => i18n.setTexts(locale, texts) };
  store.configure(environment);
  const proposal = {
    find: proposalFinder({ ...environment, origin: siteOrigin }),
    today: todayIso(),
    external: { check: externalInvoiceCheck({ send: request, origin: siteOrigin }), openBook: () => void request('openBook', {}).catch(() => undefined) },
  };
  const runPanel = createRunPanel(store);
  runPanel.configure(environment);
  ctx.onInvalidated(() => runPanel.dispose());
  // The user's language and the panel's texts come from the background: asked now, and with
  // the invoicing context whenever the panel opens (the language may have changed meanwhile).
  void request('getPanelContext', { origin: siteOrigin })
    .then((context) => i18n.setTexts(context.locale, context.texts))
    .catch(() => undefined);

  // A preview in a detail frame and the list page's bars at the bottom of the window: the
  // frame says when its preview is open, the list page's bars step aside meanwhile.
  const framePanelOpen = shallowRef(false);
  /** The recipe's health on this page, as its notice tells it (none on a code adapter's site). */
  const health = shallowRef<HealthState>(null);
  ctx.onInvalidated(watchHealthState((state) => (health.value = state)));
  if (window.parent === window) ctx.onInvalidated(watchFramePanels((open) => (framePanelOpen.value = open)));
  else {
    const stop = watch(
      () => store.phase !== 'closed',
      (open) => announceFramePanel(open),
    );
    ctx.onInvalidated(() => {
      stop();
      announceFramePanel(false);
    });
  }

  // A render function, so the page's reactive state flows into the root component's props.
  // eslint-disable-next-line vue/one-component-per-file
  const rootApp = createApp({
    render: () =>
      h(App, {
        selection: selection.value,
        pageKind: pageKind.value,
        notOnPage: notOnPage.value,
        proposal,
        framePanelOpen: framePanelOpen.value,
        health: health.value ? health.value.level : null,
        onShowHealth: () => health.value?.show(),
        onClear: () => host.clearSelection(),
        onInvoiced: (ids: string[]) => host.removeFromSelection(ids),
        onSelect: (orders: OrderSummary[]) => host.select(orders),
      }),
  });
  rootApp.use(store).use(runPanel).use(i18n).mount(host.container);
  ctx.onInvalidated(() => rootApp.unmount());
  // A notice in the page's corner (recipe health) keeps above the bars, never over them.
  ctx.onInvalidated(publishBottomBars(host.container, BOTTOM_BARS));
  // Health from reads, on a recipe site: what the preview read is told to the health notice
  // once the preview closes (the preview lists each order's problems itself; the notice must
  // not cover it).
  if (recipeIdOf(adapter.id)) {
    let read: OrderReadResult[] = [];
    const stop = watch(
      () => store.phase,
      (phase, before) => {
        // Only reads of the page (loading → preview): a billing run's planned invoice opened
        // again brings orders read before, which say nothing new about the recipe.
        if (before === 'loading' && store.reads.length) read = store.reads;
        if (phase !== 'closed' || !read.length) return;
        reportReads(readReport(read));
        read = [];
      },
      { flush: 'sync' },
    );
    ctx.onInvalidated(stop);
  }

  let detail: { mount: ShadowMount; app: VueApp; anchor: Element } | null = null;
  function hideDetailAction() {
    detail?.app.unmount();
    detail?.mount.remove();
    detail = null;
  }
  ctx.onInvalidated(hideDetailAction);

  return {
    setSelection(items, away) {
      selection.value = items;
      notOnPage.value = away;
    },
    setPageKind: (kind) => (pageKind.value = kind),
    jobUpdated: (job) => store.jobUpdated(job),
    runUpdated: (run) => runPanel.runUpdated(run),
    showDetailAction(anchor, append) {
      hideDetailAction();
      const mount = mountShadow({ name: 'frachtbeleg-action', anchor, append, css: panelCss });
      mount.container.classList.add('fb-inline');
      // An invoiced order also offers "Correct invoice" / "Cancel invoice" (asked once per detail action shown).
      const orderId = adapter.detailOrderId(document, url());
      // eslint-disable-next-line vue/one-component-per-file
      const app = createApp({
        render: () => [
          h(DetailAction, { busy: store.phase === 'loading', onCreate: () => void store.open({ kind: 'detail' }) }),
          // Asked again (mounted afresh) once a job made from this page is done: the order may just have been invoiced.
          orderId ? h(OrderInvoice, { origin: siteOrigin, orderId, key: `${orderId}|${store.job?.state === 'done' ? store.job.id : ''}` }) : null,
        ],
      });
      app.use(store).use(i18n).mount(mount.container);
      detail = { mount, app, anchor };
    },
    hideDetailAction,
    detailActionAt: (anchor) => detail !== null && detail.anchor === anchor && detail.mount.host.isConnected,
  };
}
