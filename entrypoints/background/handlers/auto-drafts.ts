/**
 * The options' messages for automatic drafts: each TMS site with its option (off by
 * default), whether its adapter can list orders from the background, or (a recipe) only
 * through an open tab of the site, and what the last pass found. Turning it on starts a first pass at once.
 */
import type { RequestOf, ResponseOf } from '@/utils/messaging';
import { adapterEntry } from '@/utils/tms/registry';
import { readsThroughTab } from '../services/auto-drafts';
import { autoDraftSitesItem, autoDraftStateItem, sitesItem } from '@/utils/storage';

export async function getAutoDrafts(): Promise<ResponseOf<'getAutoDrafts'>> {
  const [sites, enabled, state] = await Promise.all([sitesItem.get(), autoDraftSitesItem.get(), autoDraftStateItem.get()]);
  return {
    sites: sites.map((site) => {
      const on = Object.hasOwn(enabled, site.origin);
      const current = on ? state[site.origin] : undefined;
      return {
        origin: site.origin,
        enabled: on,
        listsWithoutPage: adapterEntry(site.adapter)?.page.listDelivered !== undefined,
        whileTabOpen: readsThroughTab(site.adapter),
        leftForUser: current?.leftForUser.length ?? 0,
        ...(current?.lastRunAt ? { lastRunAt: current.lastRunAt } : {}),
        ...(current?.lastError ? { lastError: current.lastError } : {}),
      };
    }),
  };
}

export interface AutoDraftSwitchDeps {
  now: () => Date;
  /** A first pass for a site just turned on. */
  startPass(origin: string): void;
  /** The badge after a site was turned off (its waiting orders no longer count). */
  refreshBadge(): Promise<void>;
}

export async function setAutoDrafts(req: RequestOf<'setAutoDrafts'>, deps: AutoDraftSwitchDeps): Promise<ResponseOf<'setAutoDrafts'>> {
  const site = (await sitesItem.get()).find((s) => s.origin === req.origin);
  if (!site) return { ok: false, error: { code: 'not-found', message: 'No such TMS site' } };
  if (req.enabled && !adapterEntry(site.adapter)?.page.listDelivered && !readsThroughTab(site.adapter)) {
    return { ok: false, error: { code: 'needs-open-page', message: 'This site’s orders can only be read from an open page' } };
  }
  if (req.enabled) {
    await autoDraftSitesItem.update((all) => (Object.hasOwn(all, req.origin) ? all : { ...all, [req.origin]: { enabledAt: deps.now().toISOString() } }));
    deps.startPass(req.origin);
  } else {
    await autoDraftSitesItem.update((all) => Object.fromEntries(Object.entries(all).filter(([origin]) => origin !== req.origin)));
    // Off is off: a later "on" starts afresh, with nothing counted as waiting.
    await autoDraftStateItem.update((all) => Object.fromEntries(Object.entries(all).filter(([origin]) => origin !== req.origin)));
    await deps.refreshBadge();
  }
  return { ok: true };
}
