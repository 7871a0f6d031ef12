/**
 * A Frames-like TMS site served by a recipe whose detail opens in an iframe: the background
 * runs the recipe's scripts in every frame of the site, and reads the detail pages of the
 * recipe's second origin for the site's own pages only, once the user granted that origin.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { sitesItem } from '@/utils/storage';
import { recipeAdapterId, recipesItem } from '@/utils/tms/recipe/store';
import { originPattern, scriptId } from '@/utils/site-origin';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import { FRAMES_DETAIL_ORIGIN, FRAMES_SITE, framesRecipe } from '@/utils/tms/recipe/testing/frames-recipe';
import { frameScriptId, getSiteAdapter, syncRegistrations } from './tms-sites';
import { fetchTmsPage } from './tms-pages';

const recipe = framesRecipe();
const fromSite = { origin: FRAMES_SITE, fromContentScript: true, tabId: 4, frameId: 0 };
const DETAIL = `${FRAMES_DETAIL_ORIGIN}/rahmen/auftrag/o-0058?sig=abc`;
let browser: FakeSitePermissions;

beforeEach(async () => {
  browser = fakeSitePermissions({ granted: [originPattern(FRAMES_SITE)] });
  await recipesItem.set({ [recipe.id]: { recipe, paused: false, savedAt: '2026-12-06T09:00:00.000Z' } });
  await sitesItem.set([{ origin: FRAMES_SITE, addedAt: '2026-12-06T09:00:00.000Z', adapter: recipeAdapterId(recipe.id) }]);
});

describe('registration', () => {
  it('runs the engine and the page script in the frames of the site too', async () => {
    await syncRegistrations();
    expect(browser.scripts.get(scriptId(FRAMES_SITE))).toMatchObject({ js: ['content-scripts/recipe-engine.js', 'content-scripts/tms.js'], allFrames: true });
  });

  it('runs them in the detail frames on the second origin once the user granted it, and only then', async () => {
    await syncRegistrations();
    expect(browser.scripts.has(frameScriptId(FRAMES_DETAIL_ORIGIN))).toBe(false);
    browser.granted.add(originPattern(FRAMES_DETAIL_ORIGIN));
    await syncRegistrations();
    expect(browser.scripts.get(frameScriptId(FRAMES_DETAIL_ORIGIN))).toMatchObject({
      matches: [originPattern(FRAMES_DETAIL_ORIGIN)],
      js: ['content-scripts/recipe-engine.js', 'content-scripts/tms.js'],
      allFrames: true,
    });
    browser.granted.delete(originPattern(FRAMES_DETAIL_ORIGIN));
    await syncRegistrations();
    expect(browser.scripts.has(frameScriptId(FRAMES_DETAIL_ORIGIN))).toBe(false);
  });

  it('gives a page on the second origin the site’s recipe and its site, and nothing to an origin no recipe names', async () => {
    // The detail frame in a tab of the site, as the protocol hands it over (frame-site.test.ts).
    const frame = { origin: FRAMES_SITE, pageOrigin: FRAMES_DETAIL_ORIGIN, fromContentScript: true, tabId: 4, frameId: 3 };
    const answer = await getSiteAdapter({ origin: FRAMES_DETAIL_ORIGIN }, frame);
    expect(answer.adapter).toBe(recipeAdapterId(recipe.id));
    expect(answer.siteOrigin).toBe(FRAMES_SITE);
    expect(answer.recipe).toMatchObject({ id: recipe.id, extraOrigins: [FRAMES_DETAIL_ORIGIN] });
    const elsewhere = { origin: 'https://elsewhere.example', fromContentScript: true, tabId: 4, frameId: 3 };
    expect(await getSiteAdapter({ origin: 'https://elsewhere.example' }, elsewhere)).toEqual({ adapter: null });
    // Another page can't ask for it.
    expect(await getSiteAdapter({ origin: FRAMES_DETAIL_ORIGIN }, fromSite)).toEqual({ adapter: null });
  });

  it('keeps a recipe without frames to the top document', async () => {
    const paged = framesRecipe((r) => ((r.detail as Record<string, unknown>).view = 'page'));
    await recipesItem.set({ [recipe.id]: { recipe: paged, paused: false, savedAt: '2026-12-06T09:00:00.000Z' } });
    browser.granted.add(originPattern(FRAMES_DETAIL_ORIGIN));
    await syncRegistrations();
    expect(browser.scripts.get(scriptId(FRAMES_SITE))?.allFrames).toBeUndefined();
    expect(browser.scripts.has(frameScriptId(FRAMES_DETAIL_ORIGIN))).toBe(false);
  });
});

describe('fetchTmsPage', () => {
  const page = () => vi.fn(async () => new Response('<dl><dt>Auftragsnummer</dt><dd>A-2026-0058</dd></dl>', { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }));

  it('reads a detail page on the granted second origin the site’s recipe names', async () => {
    browser.granted.add(originPattern(FRAMES_DETAIL_ORIGIN));
    const fetch = page();
    expect(await fetchTmsPage({ url: DETAIL }, fromSite, fetch as unknown as typeof globalThis.fetch)).toEqual({ ok: true, status: 200, contentType: 'text/html; charset=utf-8', text: '<dl><dt>Auftragsnummer</dt><dd>A-2026-0058</dd></dl>' });
    expect(fetch).toHaveBeenCalledWith(new URL(DETAIL), expect.objectContaining({ credentials: 'include' }));
  });

  it('answers "access missing" without a request while the user has not granted the origin', async () => {
    const fetch = page();
    expect(await fetchTmsPage({ url: DETAIL }, fromSite, fetch as unknown as typeof globalThis.fetch)).toEqual({ ok: true, status: 403, contentType: 'x-frachtbeleg/access-missing', text: '' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses an origin the recipe does not name, a page of another site, and extension pages', async () => {
    browser.granted.add(originPattern('https://elsewhere.example'));
    const fetch = page();
    const refused = (r: Awaited<ReturnType<typeof fetchTmsPage>>) => !r.ok;
    expect(refused(await fetchTmsPage({ url: 'https://elsewhere.example/x' }, fromSite, fetch as never))).toBe(true);
    expect(refused(await fetchTmsPage({ url: DETAIL }, { ...fromSite, origin: 'https://elsewhere.example' }, fetch as never))).toBe(true);
    expect(refused(await fetchTmsPage({ url: DETAIL }, { origin: 'chrome-extension://x', fromContentScript: false }, fetch as never))).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('passes no answer that is neither a page nor JSON', async () => {
    browser.granted.add(originPattern(FRAMES_DETAIL_ORIGIN));
    const pdf = vi.fn(async () => new Response('%PDF', { status: 200, headers: { 'content-type': 'application/pdf' } }));
    expect(await fetchTmsPage({ url: DETAIL }, fromSite, pdf as never)).toEqual({ ok: true, status: 415, contentType: 'application/pdf', text: '' });
  });
});
