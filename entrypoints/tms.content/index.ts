import { defineContentScript } from 'wxt/utils/define-content-script';
import { startTmsPage } from './page';
import { handle, request } from '@/utils/messaging';
import { adapterEntry } from '@/utils/tms/registry';
import { recipeEngine } from '@/utils/tms/recipe/engine-handle';
import { showAdapterMissing } from './page-notice';
import { deliveredInTab } from './delivered-in-tab';
import { buildUrl } from '@/utils/tms/recipe/url-match';
import { tmsFetch } from '@/utils/tms/tms-fetch';

export default defineContentScript({
  // Registered at run time for the TMS sites the user grants; the sandbox build declares it
  // for the demo TMS in wxt.config.ts.
  matches: [],
  registration: 'runtime',
  // The panel's CSS is inlined into its shadow roots: no web-accessible resource needed.
  cssInjectionMode: 'manual',
  async main(ctx) {
    // The user's site entry says which adapter serves this site; the adapter then checks
    // the page's own marker. A site whose adapter is not shipped is said, not skipped.
    // No answer (the extension was reloaded, or this is no longer a TMS site): stay out.
    const { adapter: id, recipe, siteOrigin } = await request('getSiteAdapter', { origin: location.origin }).catch(() => ({ adapter: null, recipe: undefined, siteOrigin: undefined }));
    if (id === null || ctx.isInvalid) return;
    // A detail frame on a recipe's second origin speaks for its tab's site: the invoice made
    // here is that site's order (the list sees it invoiced); its own reads stay on this origin.
    const site = siteOrigin ?? location.origin;
    if (recipe !== undefined) {
      // The engine script runs before this one on recipe sites; it validates what it gets.
      const engine = recipeEngine();
      const checked = engine?.validateRecipe(recipe);
      if (engine && checked?.ok) {
        const running = checked.recipe;
        // An `instructions` write-back: the detail page shows the number to enter into this field.
        const writeBack = running.writeBack;
        const field = writeBack.mode === 'instructions' ? writeBack.field : undefined;
        const adapter = engine.adapterFromRecipe(running);
        startTmsPage(ctx, [adapter], {
          ...(siteOrigin ? { siteOrigin } : {}),
          ...(writeBack.mode === 'instructions' ? { writeField: (doc: Document) => (field ? engine.findWriteField(doc, field) : null) } : {}),
        });
        // Only the site's own page answers for the tab: not a frame on a second origin, whose
        // page is not the site's (its list can't be read there, nor its CSRF or sign-in used).
        if (!siteOrigin) {
          // Automatic drafts: the background can't read a recipe's list page; any tab of the site can.
          const listUrl = running.list ? buildUrl(running.list.url, location.origin, {}) : null;
          const delivered = handle('readDeliveredInTab', (req) =>
            req.origin === location.origin
              ? deliveredInTab({ adapter, doc: document, url: () => new URL(location.href), fetch: tmsFetch(location.origin), listUrl }, req)
              : { ok: false, reason: 'no-list' },
          );
          ctx.onInvalidated(delivered);
          // A write-back that needs this page (its CSRF meta, cookie or sign-in) is sent from here.
          const records = handle('recordInTmsTab', (req) =>
            req.recipeId === running.id && req.revision === running.revision && req.origin === location.origin
              ? engine.recordInvoiceInTab(running, req.origin, req.orderId, req.invoice)
              : { ok: false, retryable: true, reason: 'unreachable', detail: 'This tab runs another revision of the recipe: reload it.' },
          );
          ctx.onInvalidated(records);
        }
        const texts = () => request('getPanelContext', { origin: site }).then((c) => ({ locale: c.locale, texts: c.texts }), () => null);
        // "Teach this TMS again" opens the builder on this tab (the background checks the site).
        engine.watchHealth(
          ctx,
          checked.recipe,
          texts,
          () => void request('teachAgain', undefined).catch(() => undefined),
          // "Re-teach this field": the builder at that column only (the background checks the site).
          (field) => void request('reteachField', { field }).catch(() => undefined),
          (detailField) => void request('reteachField', { detailField }).catch(() => undefined),
        );
        return;
      }
    }
    const entry = adapterEntry(id);
    if (!entry) {
      const context = await request('getPanelContext', { origin: site }).catch(() => null);
      if (context && !ctx.isInvalid) ctx.onInvalidated(showAdapterMissing(id, context.locale, context.texts).remove);
      return;
    }
    startTmsPage(ctx, [entry.page]);
  },
});
