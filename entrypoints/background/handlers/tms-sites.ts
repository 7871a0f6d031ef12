/**
 * TMS sites in the background: the list in storage, the content script registered for each
 * granted site, and the check that content-script messages come from one of them.
 */
import { browser } from 'wxt/browser';
import { ADAPTER_LIST } from '@/utils/tms/registry';
import { activeRecipe, recipeForPage } from '@/utils/tms/recipe/store';
import { buildersItem } from '@/utils/tms/recipe/builder/session';
import { RECIPE_CAPTURE_SCRIPT, scriptsFor } from '@/utils/tms/recipe/engine-handle';
import { recipeCaptures } from '@/utils/tms/recipe/capture';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { sitesItem, type Site } from '@/utils/storage';
import { originPattern, parseSiteOrigin, scriptId } from '@/utils/site-origin';
import { DEFAULT_ADAPTER_ID } from '@/utils/domain/ids';

/** One content-script registration: the engine and TMS scripts, or the capture script. */
interface Registration {
  origin: string;
  js: string[];
  runAt: 'document_idle' | 'document_start';
  world?: 'MAIN';
  /** A recipe whose detail opens in a frame runs in that frame too (recipes.md § 3.5). */
  allFrames?: boolean;
}

interface Registry {
  /** Registered script ids with the files each injects (and `allFrames`, marked as a last entry). */
  registered(): Promise<Map<string, string[]>>;
  register(id: string, registration: Registration): Promise<void>;
  unregister(id: string): Promise<void>;
}

/** The capture script's registration for a site (recipes.md § 3.6): main world, document_start. */
export const captureScriptId = (origin: string): string => `tms-capture:${origin}`;
/** A recipe's detail frame served from a second origin (its `extraOrigins`): the site's scripts run there too. */
export const frameScriptId = (origin: string): string => `tms-frame:${origin}`;
const ours = (id: string) => id.startsWith('tms:') || id.startsWith('tms-capture:') || id.startsWith('tms-frame:');

/** Chromium (MV3): registrations persist across restarts. */
function scriptingRegistry(): Registry {
  return {
    registered: async () => new Map((await browser.scripting.getRegisteredContentScripts()).filter((s) => ours(s.id)).map((s) => [s.id, [...(s.js ?? []), ...(s.allFrames ? [ALL_FRAMES] : [])]])),
    register: (id, r) =>
      browser.scripting.registerContentScripts([
        { id, matches: [originPattern(r.origin)], js: r.js, runAt: r.runAt, ...(r.world ? { world: r.world } : {}), ...(r.allFrames ? { allFrames: true } : {}), persistAcrossSessions: true },
      ]),
    unregister: (id) => browser.scripting.unregisterContentScripts({ ids: [id] }),
  };
}

type FirefoxContentScripts = { register(options: { matches: string[]; js: { file: string }[]; runAt: string; allFrames?: boolean }): Promise<{ unregister(): Promise<void> }> };

/**
 * Firefox (MV2): registrations live as long as the background page; re-made on each start.
 * MV2's contentScripts have no main world: no capture there (capture sources are then
 * unavailable and reading falls through to the next source, § 3.6).
 */
function firefoxRegistry(api: FirefoxContentScripts): Registry {
  const handles = new Map<string, { unregister(): Promise<void>; js: string[] }>();
  return {
    registered: async () => new Map([...handles.entries()].map(([id, h]) => [id, h.js])),
    register: async (id, r) => {
      if (r.world === 'MAIN') return;
      const handle = await api.register({ matches: [originPattern(r.origin)], js: r.js.map((file) => ({ file })), runAt: r.runAt, ...(r.allFrames ? { allFrames: true } : {}) });
      handles.set(id, { unregister: () => handle.unregister(), js: filesOf(r) });
    },
    unregister: async (id) => {
      await handles.get(id)?.unregister();
      handles.delete(id);
    },
  };
}

/** Marks a registration that runs in all frames, in `registered()`'s lists of files. */
const ALL_FRAMES = '(all frames)';
const filesOf = (r: Registration) => [...r.js, ...(r.allFrames ? [ALL_FRAMES] : [])];

let registry: Registry | undefined;
function getRegistry(): Registry {
  const firefox = (browser as unknown as { contentScripts?: FirefoxContentScripts }).contentScripts;
  return (registry ??= typeof browser.scripting?.registerContentScripts === 'function' ? scriptingRegistry() : firefoxRegistry(firefox!));
}

const granted = (origin: string) => browser.permissions.contains({ origins: [originPattern(origin)] });

/**
 * Makes the registrations match the stored sites (at start, after changes): every granted
 * site gets its scripts; a site whose active recipe captures also gets the capture script.
 */
export async function syncRegistrations(): Promise<void> {
  const sites = await sitesItem.get();
  const reg = getRegistry();
  const registered = await reg.registered();
  const wanted = new Map<string, Registration>();
  // While the user teaches a site, its page's data is shown to the builder (builder/captured.ts).
  const teaching = new Set(Object.values(await buildersItem.get()).map((draft) => draft.origin));
  for (const site of sites) {
    if (!(await granted(site.origin))) continue;
    const recipe = await activeRecipe(site.adapter);
    // The frame on the site's own origin gets "Create invoice" in its own action area.
    wanted.set(scriptId(site.origin), { origin: site.origin, js: scriptsFor(site.adapter), runAt: 'document_idle', ...(recipe?.detail?.view === 'iframe' ? { allFrames: true } : {}) });
    if ((recipe && recipeCaptures(recipe)) || teaching.has(site.origin)) wanted.set(captureScriptId(site.origin), { origin: site.origin, js: [RECIPE_CAPTURE_SCRIPT], runAt: 'document_start', world: 'MAIN' });
    // "Create invoice" in a detail frame on the recipe's second origin, once the user granted it.
    if (recipe?.detail?.view === 'iframe') {
      for (const extra of recipe.extraOrigins) {
        if (extra !== site.origin && !wanted.has(frameScriptId(extra)) && (await granted(extra))) wanted.set(frameScriptId(extra), { origin: extra, js: scriptsFor(site.adapter), runAt: 'document_idle', allFrames: true });
      }
    }
  }
  for (const [id, want] of wanted) {
    const current = registered.get(id);
    if (current && current.join() === filesOf(want).join()) continue;
    if (current) await reg.unregister(id);
    await reg.register(id, want);
  }
  for (const id of registered.keys()) if (!wanted.has(id)) await reg.unregister(id);
}

export async function getSites(): Promise<ResponseOf<'getSites'>> {
  const [sites, registered] = await Promise.all([sitesItem.get(), getRegistry().registered()]);
  return {
    sites: await Promise.all(sites.map(async (s) => ({ ...s, granted: await granted(s.origin), active: registered.has(scriptId(s.origin)) }))),
    adapters: ADAPTER_LIST.map((a) => ({ id: a.id, name: a.page.name })),
  };
}

export async function addSite(req: RequestOf<'addSite'>, now = new Date()): Promise<ResponseOf<'addSite'>> {
  const parsed = parseSiteOrigin(req.origin);
  if (!parsed.ok) return { ok: false, error: { code: 'site-invalid', message: parsed.problem } };
  // The options page asks for the permission (it needs the user's click); without it, nothing is added.
  if (!(await granted(parsed.origin))) return { ok: false, error: { code: 'site-not-granted', message: 'The permission for this site was not granted' } };
  await sitesItem.update((sites) => (sites.some((s) => s.origin === parsed.origin) ? sites : [...sites, { origin: parsed.origin, addedAt: now.toISOString(), adapter: req.adapter ?? DEFAULT_ADAPTER_ID }]));
  allowedCache = undefined;
  await syncRegistrations();
  return { ok: true };
}

/** "Write 'paid' back to the order" for one site (read by the paid write-back after each payment poll). */
export async function setSiteWritePaid(req: RequestOf<'setSiteWritePaid'>): Promise<ResponseOf<'setSiteWritePaid'>> {
  let found = false;
  await sitesItem.update((sites) =>
    sites.map((s) => {
      if (s.origin !== req.origin) return s;
      found = true;
      return { ...s, writePaid: req.writePaid };
    }),
  );
  return found ? { ok: true } : { ok: false, error: { code: 'site-unknown', message: `${req.origin} is not a TMS site` } };
}

export async function removeSite(req: RequestOf<'removeSite'>): Promise<ResponseOf<'removeSite'>> {
  await sitesItem.update((sites) => sites.filter((s) => s.origin !== req.origin));
  allowedCache = undefined;
  await syncRegistrations();
  // A permission the manifest requires (the sandbox build's demo TMS) cannot be revoked.
  await browser.permissions.remove({ origins: [originPattern(req.origin)] }).catch(() => false);
  return { ok: true };
}

/**
 * The adapter a TMS site names, or null when the origin is no TMS site. A detail frame on a
 * recipe's second origin (its sender already mapped to its tab's site, see `frameSiteOf`) gets
 * that site's recipe and is told the site's origin, which its messages and orders carry.
 */
export async function getSiteAdapter(req: RequestOf<'getSiteAdapter'>, sender: SenderInfo): Promise<ResponseOf<'getSiteAdapter'>> {
  // A page learns only about its own site.
  if (sender.fromContentScript && req.origin !== (sender.pageOrigin ?? sender.origin)) return { adapter: null };
  const sites = await sitesItem.get();
  const site = sites.find((s) => s.origin === (sender.fromContentScript ? sender.origin : req.origin));
  if (!site) return sender.fromContentScript ? { adapter: null } : framedSiteAdapter(sites, req.origin);
  const recipe = await activeRecipe(site.adapter);
  if (sender.pageOrigin === undefined) return { adapter: site.adapter, ...(recipe ? { recipe: recipeForPage(recipe) } : {}) };
  // The detail frame on the second origin: read with the site's recipe, speaking for the site.
  return recipe ? { adapter: site.adapter, recipe: recipeForPage(recipe), siteOrigin: site.origin } : { adapter: null };
}

/**
 * A page on a second origin that a site's recipe names for its detail frame is read with that
 * recipe (its engine accepts the recipe's `extraOrigins`); no other recipe or adapter runs there.
 * Asked by the extension's own pages; a content script there asks as its tab's site.
 */
async function framedSiteAdapter(sites: readonly Site[], origin: string): Promise<ResponseOf<'getSiteAdapter'>> {
  for (const site of sites) {
    const recipe = await activeRecipe(site.adapter);
    if (opensDetailFrameOn(recipe, origin)) return { adapter: site.adapter, recipe: recipeForPage(recipe), siteOrigin: site.origin };
  }
  return { adapter: null };
}

/**
 * The site a content script in a sub-frame on another origin speaks for: the site of the tab's
 * top page, when the frame's origin is a second origin (`extraOrigins`) of that site's recipe
 * and its detail opens in a frame. Its invoices then belong to that site: the list sees them as
 * invoiced, links and tax cases are the site's. Anything else (a site's own origin, a second
 * origin inside another site's or a foreign page) is null: checked and refused as before.
 */
export async function frameSiteOf(frameOrigin: string, topOrigin: string): Promise<string | null> {
  const sites = await sitesItem.get();
  if (sites.some((s) => s.origin === frameOrigin)) return null;
  const site = sites.find((s) => s.origin === topOrigin);
  const recipe = site ? await activeRecipe(site.adapter) : undefined;
  return site && opensDetailFrameOn(recipe, frameOrigin) ? site.origin : null;
}

/** Whether this recipe shows its order details in a frame served from that second origin. */
function opensDetailFrameOn<R extends Awaited<ReturnType<typeof activeRecipe>>>(recipe: R, origin: string): recipe is NonNullable<R> {
  return recipe?.detail?.view === 'iframe' && recipe.extraOrigins.includes(origin);
}

/** The sandbox build starts with the demo TMS as a site, so the demo works at once. */
export async function seedSandboxSite(tmsOrigin: string, now = new Date()): Promise<void> {
  const sites: Site[] = await sitesItem.get();
  if (sites.length === 0) await sitesItem.set([{ origin: tmsOrigin, addedAt: now.toISOString(), adapter: DEFAULT_ADAPTER_ID }]);
  allowedCache = undefined;
}

let allowedCache: { origins: Set<string>; at: number } | undefined;
/**
 * Whether a content script's page belongs to a TMS site (cached briefly; sites change rarely):
 * a site, or the origin of a frame the builder was brought into while the user teaches a site.
 * A recipe's second origin is not one by itself: its detail frame speaks for the site of its
 * tab's top page (`frameSiteOf`), and nowhere else may it send.
 */
export async function isTmsSite(origin: string): Promise<boolean> {
  if (!allowedCache || Date.now() - allowedCache.at > 5000) {
    const sites = await sitesItem.get();
    const origins = new Set(sites.map((s) => s.origin));
    for (const draft of Object.values(await buildersItem.get())) for (const frame of draft.frameOrigins ?? []) origins.add(frame);
    allowedCache = { origins, at: Date.now() };
  }
  return allowedCache.origins.has(origin);
}

/** The sites, their recipes or a builder's frames changed: the next check reads them again. */
export function siteOriginsChanged(): void {
  allowedCache = undefined;
}
