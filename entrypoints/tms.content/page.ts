/**
 * Wires one TMS tab: finds the adapter, tracks the selection, and keeps the panel (the action
 * bar, the detail page's action) in line with the page while the TMS re-renders. The panel
 * itself is a script of its own, loaded on first need (utils/tms/panel-handle.ts): most TMS
 * page loads never need it, and every one of them pays for what this script carries.
 */
import { CAPTURED_EVENT } from '@/utils/tms/recipe/capture-pattern';
import { tmsFetch } from '@/utils/tms/tms-fetch';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { mountShadow } from './shadow';
import { handle, request } from '@/utils/messaging';
import { SelectionTracker } from '@/utils/tms/selection';
import type { PageKind, TmsPageAdapter } from '@/utils/tms/adapter';
import { tmsPanelModule, type TmsPanel } from '@/utils/tms/panel-handle';
import { answerPageCustomers } from './page-customers';
import { detailLedgerBadge, ledgerBadges } from './ledger-badges';
import { writeInstructions } from './write-instructions';
import { recipeIdOf } from '@/utils/tms/recipe/adapter-id';

export interface TmsPageOptions {
  /**
   * The TMS site this page speaks for, when it is not the page's own origin (a detail frame on
   * a recipe's second origin, as getSiteAdapter said): its messages and orders carry it.
   */
  siteOrigin?: string;
  /** A recipe whose write-back is `instructions`: the TMS's field for the invoice number on a detail page. */
  writeField?: (doc: Document) => HTMLInputElement | HTMLTextAreaElement | null;
}

export function startTmsPage(ctx: ContentScriptContext, adapters: readonly TmsPageAdapter[], options: TmsPageOptions = {}): void {
  const here = () => new URL(location.href);
  const found = adapters.find((a) => a.recognises(document, here()));
  if (!found) return;
  const adapter: TmsPageAdapter = found;
  const site = options.siteOrigin ?? location.origin;

  const tracker = new SelectionTracker(adapter, document);
  let pageKind: PageKind | null = null;
  // Selected orders on other pages of the list. Counted when the selection may have left the
  // page (a proposal selected orders of other pages, the page changed, such a selection
  // shrank), not on every row click (1,000 rows).
  let notOnPage = 0;
  const countNotOnPage = () => {
    notOnPage = tracker.items.length > 0 ? tracker.notOnPage() : 0;
  };

  const root = mountShadow({ name: 'frachtbeleg-ui', anchor: document.body, append: 'last', css: '' });
  ctx.onInvalidated(() => root.remove());

  /**
   * The panel, loaded on first need (a selection, the detail page's action, a job or run
   * update): the background injects its script into this tab, then it starts here. Calls made
   * while it loads run in order once it is there. null: it could not be loaded (the extension
   * was reloaded), and the page stays as it is.
   */
  let panel: Promise<TmsPanel | null> | undefined;
  function ensurePanel(): Promise<TmsPanel | null> {
    panel ??= (async () => {
      if (!tmsPanelModule()) {
        const loaded = await request('loadPanel', undefined).catch(() => null);
        if (!loaded?.ok) return null;
      }
      const module = tmsPanelModule();
      if (!module || ctx.isInvalid) return null;
      const started = module.start({
        ctx,
        adapter,
        url: here,
        siteOrigin: site,
        container: root.container,
        clearSelection: () => tracker.clear(),
        select: (orders) => {
          tracker.select(orders);
          countNotOnPage();
          withPanel((p) => p.setSelection(tracker.items, notOnPage));
        },
        removeFromSelection: (ids) => tracker.remove(ids),
      });
      started.setPageKind(pageKind);
      started.setSelection(tracker.items, notOnPage);
      return started;
    })();
    return panel;
  }
  /** Runs `use` with the panel, loading it first if needed. */
  const withPanel = (use: (p: TmsPanel) => void) => void ensurePanel().then((p) => p && use(p));

  tracker.subscribe((items) => {
    if (notOnPage > 0) countNotOnPage();
    if (items.length > 0 || panel) withPanel((p) => p.setSelection(items, notOnPage));
  });

  const handlesJobs = handle('jobUpdated', ({ job }) => {
    withPanel((p) => p.jobUpdated(job));
    // An invoice made from this detail page: its badge (and what to enter) shows without a reload.
    if (job.state === 'done' && detailBadge) {
      detailBadge.refresh();
      schedule();
    }
    return undefined;
  });
  ctx.onInvalidated(handlesJobs);
  const handlesRuns = handle('billingRunUpdated', ({ run }) => {
    withPanel((p) => p.runUpdated(run));
    return undefined;
  });
  ctx.onInvalidated(handlesRuns);
  ctx.onInvalidated(answerPageCustomers({ adapter, doc: document, url: here, fetch: tmsFetch(location.origin) }));

  // A recipe records invoices in the ledger by default: its rows show the badge. Code
  // adapters write the invoice into the TMS, which shows it itself.
  const askMarks = (orderIds: string[]) => request('getLedgerMarks', { origin: site, orderIds }).then((r) => r.marks);
  const badges = recipeIdOf(adapter.id) ? ledgerBadges(askMarks) : null;
  const detailBadge = recipeIdOf(adapter.id) ? detailLedgerBadge(askMarks) : null;
  const instructions =
    detailBadge && options.writeField
      ? writeInstructions({ findField: options.writeField, texts: () => request('getPanelContext', { origin: site }).then((c) => ({ locale: c.locale, texts: c.texts }), () => null) })
      : null;
  if (instructions) ctx.onInvalidated(instructions.remove);

  /** Brings our UI in line with the page after any change the TMS made. */
  let detailAnchor: Element | null = null;
  function sync() {
    const url = here();
    const kind = adapter.pageKind(document, url);
    if (kind !== pageKind) {
      pageKind = kind;
      if (panel) withPanel((p) => p.setPageKind(kind));
    }
    if (kind === 'list') {
      tracker.restore();
      if (tracker.items.length > 0) countNotOnPage();
      // The invoicing proposal shows on list pages: the panel is loaded once the page is
      // idle, so loading the TMS's list does not wait for it (docs/benchmark, figure 1).
      if (!panel) whenIdle(() => ctx.isValid && void ensurePanel());
    }
    if (kind === 'list' && badges) void badges(adapter.listRows(document));
    const anchor = kind === 'detail' ? adapter.detailActionAnchor(document) : null;
    if (detailBadge) {
      void detailBadge(kind === 'detail' ? adapter.detailOrderId(document, url) : null, anchor).then(() => {
        if (instructions && ctx.isValid) void instructions(kind === 'detail' ? (detailBadge.mark()?.invoiceNumber ?? null) : null);
      });
    }
    if (anchor) {
      const element = anchor.element;
      const append = anchor.append === 'last' ? 'last' : 'first';
      withPanel((p) => {
        if (!p.detailActionAt(element)) p.showDetailAction(element, append);
      });
      detailAnchor = element;
    } else if (detailAnchor) {
      detailAnchor = null;
      withPanel((p) => p.hideDetailAction());
    }
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
    if (pageKind === 'list') tracker.handleChange(event.target);
  });
  ctx.addEventListener(window, 'wxt:locationchange', schedule);
  // A recipe's captured API answers can give rows their keys (list.rowKeyJoin) without a DOM change.
  ctx.addEventListener(window, CAPTURED_EVENT as keyof WindowEventMap, schedule);
  sync();
}
