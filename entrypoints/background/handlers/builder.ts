/**
 * "Teach this TMS": the background opens the builder in a tab of a TMS site the user added,
 * keeps its draft per tab while the user moves between the list and a detail page (the
 * builder's script is injected again after each page load), and keeps the recipe it makes.
 * The builder runs in the TMS page's isolated world: it may only touch its own tab's draft,
 * for its own site, and nothing it sends is trusted before the recipe schema checked it.
 */
import { browser } from 'wxt/browser';
import * as v from 'valibot';
import type { RequestOf, ResponseOf, SenderInfo } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { flattenCatalog, type FlatTexts } from '@/utils/i18n/translate';
import { en } from '@/utils/i18n/en';
import { de } from '@/utils/i18n/de';
import { BuilderDraftSchema, newDraft, recipeFromDraft, type BuilderDraft, type BuilderStep } from '@/utils/tms/recipe/builder/draft';
import { draftForDetailField, draftForField, reteachedDetailRecipe, reteachedRecipe } from '@/utils/tms/recipe/builder/reteach';
import { BUILDER_SCRIPT, buildersItem } from '@/utils/tms/recipe/builder/session';
import { recipeAdapterId, recipeIdOf, recipesItem } from '@/utils/tms/recipe/store';
import { frameAccessItem } from '@/utils/tms/recipe/builder/frame-access';
import { originPattern, parseSiteOrigin } from '@/utils/site-origin';
import { currentLocale } from '../services/locale';
import { saveRecipe, setSiteAdapter } from './recipes';
import { siteOriginsChanged, syncRegistrations } from './tms-sites';
import { urlOrigin } from '@/utils/site-origin';

/** The catalog sections the builder shows (it bundles no texts, like the panel). */
const BUILDER_SECTIONS = ['builder', 'readProblem', 'orderField', 'builderFrameAccess'] as const;
const builderTexts = (locale: 'de' | 'en'): FlatTexts => flattenCatalog(locale === 'de' ? de : en, BUILDER_SECTIONS);

/**
 * Whether a message comes from the page the draft teaches: its site, or a frame of its tab
 * on an origin the builder was brought into (a detail view served from a second origin).
 */
const fromDraftPage = (draft: BuilderDraft, sender: SenderInfo): boolean =>
  sender.origin === draft.origin || (sender.frameId !== undefined && sender.frameId !== 0 && (draft.frameOrigins ?? []).includes(sender.origin));

async function inject(tabId: number): Promise<boolean> {
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: [`/${BUILDER_SCRIPT}`] });
    return true;
  } catch (error) {
    console.warn('[frachtbeleg] could not open the builder in the tab:', error instanceof Error ? error.name : 'unknown');
    return false;
  }
}

/** Popup: opens the builder on the tab's TMS site; re-teaching a site's recipe keeps its id. */
export async function openBuilder(req: RequestOf<'openBuilder'>, randomId: () => string = () => crypto.randomUUID()): Promise<ResponseOf<'openBuilder'>> {
  let url: string | undefined;
  try {
    url = (await browser.tabs.get(req.tabId)).url;
  } catch {
    return { ok: false, error: { code: 'builder-no-tab', message: 'The tab is gone' } };
  }
  const origin = urlOrigin(url);
  const site = origin ? (await sitesItem.get()).find((s) => s.origin === origin) : undefined;
  if (!origin || !site) return { ok: false, error: { code: 'builder-not-a-site', message: 'This page is not one of your TMS sites' } };
  const key = String(req.tabId);
  const current = (await buildersItem.get())[key];
  if (!current || current.origin !== origin) {
    const recipeId = recipeIdOf(site.adapter);
    const existing = recipeId ? (await recipesItem.get())[recipeId]?.recipe : undefined;
    const draft = existing ? { ...newDraft(origin, existing.id, existing.name), revision: existing.revision + 1 } : newDraft(origin, randomId(), new URL(origin).host);
    await buildersItem.update((all) => ({ ...all, [key]: draft }));
  }
  // The capture script comes with the builder: after a reload the builder sees the data the page loads.
  await syncRegistrations().catch(() => undefined);
  return (await inject(req.tabId)) ? { ok: true } : { ok: false, error: { code: 'builder-blocked', message: 'The page did not let the builder in' } };
}

/** The health notice's "Teach this TMS again": the builder on the sending tab, on its own site only. */
export async function teachAgain(sender: SenderInfo): Promise<ResponseOf<'teachAgain'>> {
  if (sender.tabId === undefined) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab' } };
  return openBuilder({ tabId: sender.tabId });
}

/**
 * The health notice's "Re-teach this field": the builder on the sending tab at that list column
 * (or, on a detail page, that order field) of its site's recipe only; saving changes that
 * locator alone (saveBuiltRecipe).
 */
export async function reteachField(req: RequestOf<'reteachField'>, sender: SenderInfo): Promise<ResponseOf<'reteachField'>> {
  if (sender.tabId === undefined) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab' } };
  const site = (await sitesItem.get()).find((s) => s.origin === sender.origin);
  const recipeId = site ? recipeIdOf(site.adapter) : null;
  const recipe = recipeId ? (await recipesItem.get())[recipeId]?.recipe : undefined;
  if (!recipe || !recipe.sites.includes(sender.origin)) return { ok: false, error: { code: 'builder-no-recipe', message: 'This site is not read by a recipe' } };
  const draft = 'field' in req ? draftForField(recipe, sender.origin, req.field) : draftForDetailField(recipe, sender.origin, req.detailField);
  if (!draft) return { ok: false, error: { code: 'builder-no-recipe', message: 'field' in req ? 'The recipe reads no list' : 'The recipe reads no detail page of its own' } };
  await buildersItem.update((all) => ({ ...all, [String(sender.tabId)]: draft }));
  return (await inject(sender.tabId)) ? { ok: true } : { ok: false, error: { code: 'builder-blocked', message: 'The page did not let the builder in' } };
}

/** The steps taught inside a frame, when the detail view opens in one. */
export const FRAME_STEPS: readonly BuilderStep[] = ['detail', 'review'];

/**
 * The list page's builder saw a frame of its page load: the builder goes into every frame of
 * the tab the extension may enter (a frame's page loads don't reach `reopenBuilder`). Only
 * the top frame of a tab being taught asks, only at the steps taught in a frame; a frame's
 * builder answers 'mounted' when it took over.
 */
export async function openBuilderInFrames(sender: SenderInfo): Promise<ResponseOf<'openBuilderInFrames'>> {
  if (sender.tabId === undefined || sender.frameId !== 0) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab’s top frame' } };
  const draft = (await buildersItem.get())[String(sender.tabId)];
  if (!draft || draft.origin !== sender.origin) return { ok: false, error: { code: 'builder-not-open', message: 'No builder is open for this page' } };
  if (!FRAME_STEPS.includes(draft.step)) return { ok: true, handedOff: false };
  try {
    // The frames the extension may enter, and their origins: a frame on a second origin (granted
    // like the site) may teach the detail page; the draft remembers it for the builder's messages.
    const where = await browser.scripting.executeScript({ target: { tabId: sender.tabId, allFrames: true }, func: () => location.origin });
    const frameOrigins = [...new Set(where.filter((r) => r.frameId !== 0).map((r) => r.result).filter((o): o is string => typeof o === 'string' && o !== draft.origin && /^https?:\/\//.test(o)))].slice(0, 5);
    if (frameOrigins.some((o) => !(draft.frameOrigins ?? []).includes(o))) {
      await buildersItem.update((all) => (all[String(sender.tabId)] ? { ...all, [String(sender.tabId)]: { ...all[String(sender.tabId)]!, frameOrigins: [...new Set([...(all[String(sender.tabId)]!.frameOrigins ?? []), ...frameOrigins])].slice(0, 5) } } : all));
      siteOriginsChanged();
    }
    const results = await browser.scripting.executeScript({ target: { tabId: sender.tabId, allFrames: true }, files: [`/${BUILDER_SCRIPT}`] });
    return { ok: true, handedOff: results.some((r) => r.frameId !== 0 && r.result === 'mounted') };
  } catch (error) {
    console.warn('[frachtbeleg] could not open the builder in the tab’s frames:', error instanceof Error ? error.name : 'unknown');
    return { ok: true, handedOff: false };
  }
}

/**
 * The list's builder saw the user follow an order into its frame on `origin`. Granted: the
 * builder goes in as for any frame (openBuilderInFrames). Not granted: the tab waits for it,
 * and the popup offers "Grant access to …", whose click asks the browser for that origin.
 */
export async function builderFrameAccess(req: RequestOf<'builderFrameAccess'>, sender: SenderInfo): Promise<ResponseOf<'builderFrameAccess'>> {
  if (sender.tabId === undefined || sender.frameId !== 0) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab’s top frame' } };
  const draft = (await buildersItem.get())[String(sender.tabId)];
  if (!draft || draft.origin !== sender.origin) return { ok: false, error: { code: 'builder-not-open', message: 'No builder is open for this page' } };
  const parsed = parseSiteOrigin(req.origin);
  if (!parsed.ok || parsed.origin === draft.origin || !FRAME_STEPS.includes(draft.step)) return { ok: false, error: { code: 'builder-frame-refused', message: 'Not a second origin the builder teaches in' } };
  const granted = await browser.permissions.contains({ origins: [originPattern(parsed.origin)] });
  await frameAccessItem.update((all) => {
    const { [String(sender.tabId)]: _before, ...others } = all;
    return granted ? others : { ...others, [String(sender.tabId)]: parsed.origin };
  });
  return { ok: true, granted };
}

/** Popup: the origin the tab's builder waits for, while its builder is open and it is not granted. */
export async function getBuilderFrameAccess(req: RequestOf<'getBuilderFrameAccess'>): Promise<ResponseOf<'getBuilderFrameAccess'>> {
  const origin = (await frameAccessItem.get())[String(req.tabId)];
  if (!origin || !(await buildersItem.get())[String(req.tabId)]) return { origin: null };
  return { origin: (await browser.permissions.contains({ origins: [originPattern(origin)] })) ? null : origin };
}

/**
 * Permissions changed: a tab whose builder waited for an origin now granted reloads that frame,
 * and its load brings the builder in (the list's builder asks for it on every frame load).
 */
export async function frameAccessChanged(): Promise<void> {
  const waiting = await frameAccessItem.get();
  for (const [tab, origin] of Object.entries(waiting)) {
    if (!(await browser.permissions.contains({ origins: [originPattern(origin)] }))) continue;
    await frameAccessItem.update((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== tab)));
    await browser.scripting
      .executeScript({ target: { tabId: Number(tab), allFrames: true }, func: (o: string) => void (window !== window.top && location.origin === o && location.reload()), args: [origin] })
      .catch(() => undefined);
  }
}

/** "Reload page" from the builder in a frame on another origin: the sender's own tab, nothing else. */
export async function reloadBuilderTab(sender: SenderInfo): Promise<ResponseOf<'reloadBuilderTab'>> {
  if (sender.tabId === undefined) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab' } };
  await browser.tabs.reload(sender.tabId);
  return { ok: true };
}

/** After a page load in a tab that is being taught: the builder comes back where it was. */
export async function reopenBuilder(tabId: number, url: string | undefined): Promise<void> {
  const draft = (await buildersItem.get())[String(tabId)];
  if (!draft) return;
  if (urlOrigin(url) !== draft.origin) return;
  await inject(tabId);
}

export async function forgetBuilder(tabId: number): Promise<void> {
  const key = String(tabId);
  if ((await frameAccessItem.get())[key]) await frameAccessItem.update((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)));
  if (!(await buildersItem.get())[key]) return;
  await buildersItem.update((all) => Object.fromEntries(Object.entries(all).filter(([k]) => k !== key)));
  // The builder's capture goes with it (a recipe that captures keeps its own).
  await syncRegistrations().catch(() => undefined);
}

/** The builder in a tab asks for its draft and texts; only its own tab's, only on its own site. */
export async function getBuilder(sender: SenderInfo): Promise<ResponseOf<'getBuilder'>> {
  const locale = await currentLocale();
  const draft = sender.tabId === undefined ? undefined : (await buildersItem.get())[String(sender.tabId)];
  return { draft: draft && fromDraftPage(draft, sender) ? draft : null, locale, texts: builderTexts(locale) };
}

export async function putBuilder(req: RequestOf<'putBuilder'>, sender: SenderInfo): Promise<ResponseOf<'putBuilder'>> {
  if (sender.tabId === undefined) return { ok: false, error: { code: 'builder-no-tab', message: 'Not from a tab' } };
  const parsed = v.safeParse(BuilderDraftSchema, req.draft);
  if (!parsed.success) return { ok: false, error: { code: 'builder-draft-invalid', message: v.getDotPath(parsed.issues[0]) ?? 'draft' } };
  const key = String(sender.tabId);
  const current = (await buildersItem.get())[key];
  // The page can't swap in another recipe or site: id and origin stay what openBuilder set,
  // the frames' origins what openBuilderInFrames found.
  if (!current || current.id !== parsed.output.id || !fromDraftPage(current, sender) || parsed.output.origin !== current.origin) {
    return { ok: false, error: { code: 'builder-not-open', message: 'No builder is open for this page' } };
  }
  // Nor turn a re-teaching of one column into another kind of teaching, nor name frames it may teach in.
  const { reteach: _asked, reteachDetail: _askedDetail, frameOrigins: _fromPage, ...taught } = parsed.output;
  await buildersItem.update((all) => ({
    ...all,
    [key]: {
      ...taught,
      revision: current.revision,
      ...(current.reteach ? { reteach: current.reteach } : {}),
      ...(current.reteachDetail ? { reteachDetail: current.reteachDetail } : {}),
      ...(current.frameOrigins ? { frameOrigins: current.frameOrigins } : {}),
    },
  }));
  return { ok: true };
}

export async function closeBuilder(sender: SenderInfo): Promise<ResponseOf<'closeBuilder'>> {
  if (sender.tabId !== undefined) await forgetBuilder(sender.tabId);
  return { ok: true };
}

/** Keeps the taught recipe and makes it the site's adapter; the builder closes. */
export async function saveBuiltRecipe(sender: SenderInfo): Promise<ResponseOf<'saveBuiltRecipe'>> {
  const draft = sender.tabId === undefined ? undefined : (await buildersItem.get())[String(sender.tabId)];
  if (!draft || !fromDraftPage(draft, sender)) return { ok: false, error: { code: 'builder-not-open', message: 'No builder is open for this page' } };
  if (draft.reteach || draft.reteachDetail) return saveReteached(draft, sender.tabId!);
  const made = recipeFromDraft(draft);
  if (!made.ok) return { ok: false, error: { code: 'recipe-invalid', message: made.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 500) } };
  const saved = await saveRecipe({ recipe: made.recipe, imported: false });
  if (!saved.ok) return saved;
  const used = await setSiteAdapter({ origin: draft.origin, adapter: recipeAdapterId(made.recipe.id) });
  if (!used.ok) return used;
  // A second origin the recipe names now belongs to the site.
  siteOriginsChanged();
  await forgetBuilder(sender.tabId!);
  return { ok: true };
}

/**
 * The builder's "Run tests": the tests saved with the recipe its tab is teaching. Only the
 * sender tab's own draft, only when the stored recipe names the page's site; a new recipe
 * (not saved yet) has none.
 */
export async function getBuilderTests(sender: SenderInfo): Promise<ResponseOf<'getBuilderTests'>> {
  const draft = sender.tabId === undefined ? undefined : (await buildersItem.get())[String(sender.tabId)];
  if (!draft || draft.origin !== sender.origin) return { tests: [] };
  const recipe = (await recipesItem.get())[draft.id]?.recipe;
  if (!recipe || ![...recipe.sites, ...recipe.extraOrigins].includes(sender.origin)) return { tests: [] };
  return { tests: recipe.tests };
}

/** "Re-teach this field" saved: the stored recipe with that column's or detail field's new locator, as a new revision. */
async function saveReteached(draft: v.InferOutput<typeof BuilderDraftSchema>, tabId: number): Promise<ResponseOf<'saveBuiltRecipe'>> {
  const stored = (await recipesItem.get())[draft.id]?.recipe;
  if (!stored) return { ok: false, error: { code: 'recipe-missing', message: 'No such recipe' } };
  const made = draft.reteachDetail ? reteachedDetailRecipe(stored, draft) : reteachedRecipe(stored, draft);
  if (!made.ok) return { ok: false, error: { code: 'recipe-invalid', message: made.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 500) } };
  const saved = await saveRecipe({ recipe: made.recipe, imported: false });
  if (!saved.ok) return saved;
  await forgetBuilder(tabId);
  return { ok: true };
}
