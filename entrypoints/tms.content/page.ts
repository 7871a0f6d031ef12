/**
 * Wires one TMS tab: finds the adapter, tracks the selection, mounts the action bar and the
 * detail-page action in shadow roots, and keeps them in place while the TMS re-renders.
 */
import { createApp, h, shallowRef, type App as VueApp } from 'vue';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import App from './App.vue';
import { mountShadow, type ShadowMount } from './shadow';
import DetailAction from '@/components/panel/DetailAction.vue';
import { createRemoteI18n } from '@/composables/i18n';
import { createPanelStore, type PanelEnvironment } from '@/composables/invoice-panel';
import { createRunPanel } from '@/composables/billing-run-panel';
import { proposalFinder } from '@/composables/invoicing-proposal';
import { todayIso } from '@/utils/domain/dates';
import { handle, request } from '@/utils/messaging';
import { resolveLocale } from '@/utils/i18n/translate';
import { SelectionTracker } from '@/utils/tms/selection';
import type { OrderSummary, PageKind, TmsPageAdapter } from '@/utils/tms/adapter';
import panelCss from '@/components/panel/panel.css?inline';
import { answerPageCustomers } from './page-customers';
import { ledgerBadges } from './ledger-badges';
import { recipeIdOf } from '@/utils/tms/recipe/adapter-id';

export function startTmsPage(ctx: ContentScriptContext, adapters: readonly TmsPageAdapter[]): void {
  const here = () => new URL(location.href);
  const adapter = adapters.find((a) => a.recognises(document, here()));
  if (!adapter) return;

  const tracker = new SelectionTracker(adapter, document);
  const selection = shallowRef<OrderSummary[]>([]);
  const pageKind = shallowRef<PageKind | null>(null);
  const notOnPage = shallowRef(0);
  // Counted when the selection may have left the page: a proposal selected orders of other
  // pages, the page changed, or such a selection shrank. Not on every row click (1,000 rows).
  const countNotOnPage = () => {
    notOnPage.value = tracker.items.length > 0 ? tracker.notOnPage() : 0;
  };
  const i18n = createRemoteI18n(resolveLocale('auto', navigator.language));

  // The user's language and the panel's texts come from the background: asked when the UI
  // is first needed, and with the invoicing context whenever the panel opens (the language
  // may have changed meanwhile).
  const loadTexts = () =>
    request('getPanelContext', { origin: location.origin })
      .then((context) => i18n.setTexts(context.locale, context.texts))
      .catch(() => undefined);

  const root = mountShadow({ name: 'frachtbeleg-ui', anchor: document.body, append: 'last', css: panelCss });
  ctx.onInvalidated(() => root.remove());

  /**
   * The Vue app, its store and the texts are made on first need (a selection, the detail
   * page's action, a job update), not when the page loads: most TMS tab loads never need
   * them, and the page should not pay for them (docs/benchmark).
   */
  let ui: { store: ReturnType<typeof createPanelStore>; runPanel: ReturnType<typeof createRunPanel> } | undefined;
  function ensureUi() {
    if (ui) return ui;
    const store = createPanelStore();
    const environment: PanelEnvironment = { adapter: adapter!, doc: document, url: here, fetch: window.fetch.bind(window), send: request, onTexts: (locale, texts) => i18n.setTexts(locale, texts) };
    store.configure(environment);
    const proposal = { find: proposalFinder({ ...environment, origin: location.origin }), today: todayIso() };
    const runPanel = createRunPanel(store);
    runPanel.configure(environment);
    ctx.onInvalidated(() => runPanel.dispose());
    void loadTexts();
    // A render function, so the page's reactive state flows into the root component's props.
    // eslint-disable-next-line vue/one-component-per-file
    const rootApp = createApp({
      render: () =>
        h(App, {
          selection: selection.value,
          pageKind: pageKind.value,
          notOnPage: notOnPage.value,
          proposal,
          onClear: () => tracker.clear(),
          onInvoiced: (ids: string[]) => tracker.remove(ids),
          onSelect: (orders: OrderSummary[]) => {
            tracker.select(orders);
            countNotOnPage();
          },
        }),
    });
    rootApp.use(store).use(runPanel).use(i18n).mount(root.container);
    ctx.onInvalidated(() => rootApp.unmount());
    return (ui = { store, runPanel });
  }

  tracker.subscribe((items) => {
    selection.value = items;
    if (items.length > 0) ensureUi();
    if (notOnPage.value > 0) countNotOnPage();
  });

  const handlesJobs = handle('jobUpdated', ({ job }) => {
    ensureUi().store.jobUpdated(job);
    return undefined;
  });
  ctx.onInvalidated(handlesJobs);
  const handlesRuns = handle('billingRunUpdated', ({ run }) => {
    ensureUi().runPanel.runUpdated(run);
    return undefined;
  });
  ctx.onInvalidated(handlesRuns);
  ctx.onInvalidated(answerPageCustomers({ adapter, doc: document, url: here, fetch: window.fetch.bind(window) }));

  let detail: { mount: ShadowMount; app: VueApp; anchor: Element } | null = null;
  function removeDetailAction() {
    detail?.app.unmount();
    detail?.mount.remove();
    detail = null;
  }
  function mountDetailAction(anchor: Element, append: 'first' | 'last') {
    removeDetailAction();
    const mount = mountShadow({ name: 'frachtbeleg-action', anchor, append, css: panelCss });
    mount.container.classList.add('fb-inline');
    const { store } = ensureUi();
    // eslint-disable-next-line vue/one-component-per-file
    const app = createApp({ render: () => h(DetailAction, { busy: store.phase === 'loading', onCreate: () => void store.open({ kind: 'detail' }) }) });
    app.use(store).use(i18n).mount(mount.container);
    detail = { mount, app, anchor };
  }
  ctx.onInvalidated(removeDetailAction);

  // A recipe records invoices in the ledger by default: its rows show the badge. Code
  // adapters write the invoice into the TMS, which shows it itself.
  const badges = recipeIdOf(adapter.id) ? ledgerBadges((orderIds) => request('getLedgerMarks', { origin: location.origin, orderIds }).then((r) => r.marks)) : null;

  /** Brings our UI in line with the page after any change the TMS made. */
  function sync() {
    const url = here();
    const kind = adapter!.pageKind(document, url);
    pageKind.value = kind;
    if (kind === 'list') {
      tracker.restore();
      if (tracker.items.length > 0) countNotOnPage();
      // The invoicing proposal shows on list pages: its UI is made once the page is idle, so
      // loading the TMS's list does not wait for it (docs/benchmark, figure 1).
      if (!ui) whenIdle(() => ctx.isValid && ensureUi());
    }
    if (kind === 'list' && badges) void badges(adapter!.listRows(document));
    if (kind === 'detail') {
      const anchor = adapter!.detailActionAnchor(document);
      if (anchor && (!detail || detail.anchor !== anchor.element || !detail.mount.host.isConnected)) {
        mountDetailAction(anchor.element, anchor.append === 'last' ? 'last' : 'first');
      }
    } else if (detail) removeDetailAction();
  }

  let idleAsked = false;
  function whenIdle(work: () => void) {
    if (idleAsked) return;
    idleAsked = true;
    if ('requestIdleCallback' in window) window.requestIdleCallback(work, { timeout: 2000 });
    else setTimeout(work, 200);
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
