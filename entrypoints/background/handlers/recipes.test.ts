/** The options page's recipe messages through the real protocol. */
import { beforeEach, describe, expect, it } from 'vitest';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { recipesItem } from '@/utils/tms/recipe/store';
import { validateRecipe, type Recipe } from '@/utils/tms/recipe/schema';
import demo from '@/utils/tms/demo/demo.recipe.json';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { TMS_ORIGIN } from '@/tests/support/orders';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import { originPattern, scriptId } from '@/utils/site-origin';
import { detailFile, detailUrl, fixtureDocument } from '@/utils/tms/demo/fixtures/fixtures';
import { makeRecipeTest } from '@/utils/tms/recipe/save-test';
import type { RecipeTest } from '@/utils/tms/recipe/schema';
import { addRecipeTest, getRecipe, getRecipes, removeRecipe, saveRecipe, setRecipeWriteBack, setSiteAdapter } from './recipes';
import { captureScriptId, isTmsSite } from './tms-sites';
import { gridRecipe, GRID_RECIPE_ID } from '@/tests/support/grid-recipe';

function recipe(overrides: Partial<Recipe> = {}): Recipe {
  const checked = validateRecipe({ ...demo, ...overrides });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}
const httpWriteBack = { mode: 'http', enabled: true, method: 'POST', url: '/api/orders/{id}/events', body: { type: 'invoice', url: '{invoiceUrl}' }, probe: { url: '/api/orders/{id}', json: '$.events[*].link.url' } } as const;

let browser: FakeSitePermissions;

beforeEach(async () => {
  removeAllHandlers();
  browser = fakeSitePermissions({ granted: [originPattern(TMS_ORIGIN)] });
  handle('getRecipes', () => getRecipes());
  handle('saveRecipe', (req) => saveRecipe(req));
  handle('removeRecipe', (req) => removeRecipe(req));
  handle('setSiteAdapter', (req) => setSiteAdapter(req));
  allowContentScriptsFrom(isTmsSite);
  await sitesItem.set([{ origin: TMS_ORIGIN, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  deliverMessagesFrom(extensionPage('options.html'));
});

describe('recipes in the options page', () => {
  it('keeps a reviewed recipe and lists it without its saved pages', async () => {
    await expect(request('saveRecipe', { recipe: recipe(), imported: true })).resolves.toEqual({ ok: true });
    const { recipes } = await request('getRecipes', undefined);
    expect(recipes).toEqual([expect.objectContaining({ id: demo.id, name: demo.name, sites: [TMS_ORIGIN], paused: false, tests: 0 })]);
  });

  it('stores an imported HTTP write-back switched off; one the user made stays as made', async () => {
    await request('saveRecipe', { recipe: recipe({ writeBack: httpWriteBack }), imported: true });
    expect((await request('getRecipes', undefined)).recipes[0]!.writeBack).toEqual({ mode: 'http', enabled: false, method: 'POST', url: '/api/orders/{id}/events' });
    await request('saveRecipe', { recipe: recipe({ writeBack: httpWriteBack, revision: 2 }), imported: false });
    expect((await recipesItem.get())[demo.id]!.recipe.writeBack).toMatchObject({ enabled: true });
  });

  it('refuses an older revision over a newer one, and a recipe that is not one', async () => {
    await request('saveRecipe', { recipe: recipe({ revision: 3 }), imported: true });
    expect(await request('saveRecipe', { recipe: recipe({ revision: 2 }), imported: true })).toMatchObject({ ok: false, error: { code: 'recipe-older' } });
    const refused = await request('saveRecipe', { recipe: { ...recipe(), format: 2, sites: ['javascript:alert(1)'] }, imported: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'recipe-invalid', message: expect.stringContaining('sites.0') } });
    expect((await recipesItem.get())[demo.id]!.recipe.revision).toBe(3);
  });

  it('lets a site be read by a recipe that names it, and by nothing that does not exist', async () => {
    await request('saveRecipe', { recipe: recipe(), imported: true });
    await expect(request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: `recipe:${demo.id}` })).resolves.toEqual({ ok: true });
    expect((await sitesItem.get())[0]!.adapter).toBe(`recipe:${demo.id}`);
    // The site now also gets the recipe engine's script, injected first.
    expect(browser.scripts.get(scriptId(TMS_ORIGIN))?.js).toEqual(['content-scripts/recipe-engine.js', 'content-scripts/tms.js']);
    await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: 'demo-tms' });
    expect(browser.scripts.get(scriptId(TMS_ORIGIN))?.js).toEqual(['content-scripts/tms.js']);
    await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: `recipe:${demo.id}` });
    expect(await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: 'recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31' })).toMatchObject({ ok: false, error: { code: 'recipe-missing' } });
    expect(await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: 'no-such-tms' })).toMatchObject({ ok: false, error: { code: 'adapter-missing' } });
    expect(await request('setSiteAdapter', { origin: 'https://other.example.com', adapter: 'demo-tms' })).toMatchObject({ ok: false, error: { code: 'site-missing' } });
    await request('saveRecipe', { recipe: recipe({ id: '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31', sites: ['https://elsewhere.example.com'] }), imported: true });
    expect(await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: 'recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31' })).toMatchObject({ ok: false, error: { code: 'recipe-other-site' } });
  });

  it('registers the capture script (main world, document_start) only on sites whose recipe captures', async () => {
    await request('saveRecipe', { recipe: recipe(), imported: true });
    await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: `recipe:${demo.id}` });
    expect(browser.scripts.has(captureScriptId(TMS_ORIGIN))).toBe(false);
    await request('saveRecipe', { recipe: gridRecipe(TMS_ORIGIN), imported: true });
    await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: `recipe:${GRID_RECIPE_ID}` });
    expect(browser.scripts.get(captureScriptId(TMS_ORIGIN))).toEqual({
      id: captureScriptId(TMS_ORIGIN), matches: [originPattern(TMS_ORIGIN)], js: ['content-scripts/recipe-capture.js'], runAt: 'document_start', world: 'MAIN', persistAcrossSessions: true,
    });
    // Removing the recipe takes the capture script off the site.
    await request('removeRecipe', { id: GRID_RECIPE_ID });
    expect(browser.scripts.has(captureScriptId(TMS_ORIGIN))).toBe(false);
  });

  it('removes a recipe; the site that used it keeps naming it, so its pages say it is missing', async () => {
    await request('saveRecipe', { recipe: recipe(), imported: true });
    await request('setSiteAdapter', { origin: TMS_ORIGIN, adapter: `recipe:${demo.id}` });
    await request('removeRecipe', { id: demo.id });
    expect((await request('getRecipes', undefined)).recipes).toEqual([]);
    expect((await sitesItem.get())[0]!.adapter).toBe(`recipe:${demo.id}`);
  });

  it('is not for TMS pages', async () => {
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders`));
    await expect(request('saveRecipe', { recipe: recipe(), imported: false })).rejects.toThrow(/not for pages/);
    expect(await recipesItem.get()).toEqual({});
  });
});

describe('turning a recipe\'s HTTP write-back on and off', () => {
  it('turns on what arrived off, and refuses a recipe without one', async () => {
    handle('setRecipeWriteBack', (req) => setRecipeWriteBack(req));
    await request('saveRecipe', { recipe: recipe({ writeBack: httpWriteBack }), imported: true });
    await expect(request('setRecipeWriteBack', { id: demo.id, enabled: true })).resolves.toEqual({ ok: true });
    expect((await recipesItem.get())[demo.id]!.recipe.writeBack).toMatchObject({ mode: 'http', enabled: true });
    await request('saveRecipe', { recipe: recipe({ writeBack: { mode: 'ledger' }, revision: 2 }), imported: true });
    expect(await request('setRecipeWriteBack', { id: demo.id, enabled: true })).toMatchObject({ ok: false, error: { code: 'recipe-no-http' } });
  });
});

describe('"Save as test": addRecipeTest', () => {
  /** A demo detail page saved as the builder saves it: redacted, with its expected order. */
  async function savedPage(id = 'o-0001', name?: string): Promise<RecipeTest> {
    const made = await makeRecipeTest(recipe(), fixtureDocument(detailFile(id)), detailUrl(id), undefined, name ? { name } : {});
    if (!made.ok) throw new Error(made.reason);
    return made.test;
  }

  beforeEach(async () => {
    handle('addRecipeTest', (req, sender) => addRecipeTest(req, sender));
    handle('getRecipe', (req) => getRecipe(req));
    await request('saveRecipe', { recipe: recipe({ revision: 4 }), imported: false });
  });

  it('adds a redacted page to the recipe\'s tests, replaces one of the same name, and changes nothing else', async () => {
    const first = await savedPage('o-0001', 'Auftrag 1');
    await expect(request('addRecipeTest', { recipeId: demo.id, test: first })).resolves.toEqual({ ok: true, tests: 1 });
    await expect(request('addRecipeTest', { recipeId: demo.id, test: await savedPage('o-0009', 'Auftrag 9') })).resolves.toEqual({ ok: true, tests: 2 });
    const again = { ...(await savedPage('o-0022')), name: 'Auftrag 1' };
    await expect(request('addRecipeTest', { recipeId: demo.id, test: again })).resolves.toEqual({ ok: true, tests: 2 });

    const { recipe: kept } = await request('getRecipe', { id: demo.id });
    const stored = validateRecipe(kept);
    if (!stored.ok) throw new Error('stored recipe invalid');
    expect(stored.recipe.tests.map((t) => [t.name, t.url])).toEqual([
      ['Auftrag 1', detailUrl('o-0022').href],
      ['Auftrag 9', detailUrl('o-0009').href],
    ]);
    expect(stored.recipe.revision).toBe(4);
    expect((await request('getRecipes', undefined)).recipes[0]).toMatchObject({ revision: 4, tests: 2, paused: false });
  });

  it('refuses a page that was not redacted, a test that is not one, and a recipe that is not kept', async () => {
    const page = await savedPage();
    const raw = { ...page, html: fixtureDocument(detailFile('o-0001')).documentElement.outerHTML };
    expect(await request('addRecipeTest', { recipeId: demo.id, test: raw })).toMatchObject({ ok: false, error: { code: 'test-not-redacted' } });
    const { redacted: _flag, ...unflagged } = page;
    expect(await request('addRecipeTest', { recipeId: demo.id, test: unflagged })).toMatchObject({ ok: false, error: { code: 'test-not-redacted' } });
    expect(await request('addRecipeTest', { recipeId: demo.id, test: { ...page, url: 'not a url' } })).toMatchObject({ ok: false, error: { code: 'test-invalid', message: expect.stringContaining('url') } });
    expect(await request('addRecipeTest', { recipeId: '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31', test: page })).toMatchObject({ ok: false, error: { code: 'recipe-missing' } });
    // A page from a site the recipe does not read can't be one of its tests.
    expect(await request('addRecipeTest', { recipeId: demo.id, test: { ...page, url: 'https://elsewhere.example.com/orders/o-0001' } })).toMatchObject({ ok: false, error: { code: 'recipe-invalid' } });
    expect((await recipesItem.get())[demo.id]!.recipe.tests).toEqual([]);
  });

  it('keeps at most 20 tests', async () => {
    const page = await savedPage();
    await recipesItem.update((all) => ({ ...all, [demo.id]: { ...all[demo.id]!, recipe: { ...all[demo.id]!.recipe, tests: Array.from({ length: 20 }, (_, i) => ({ ...page, name: `Seite ${i + 1}` })) } } }));
    expect(await request('addRecipeTest', { recipeId: demo.id, test: { ...page, name: 'Seite 21' } })).toMatchObject({ ok: false, error: { code: 'recipe-tests-full' } });
    await expect(request('addRecipeTest', { recipeId: demo.id, test: { ...page, name: 'Seite 20' } })).resolves.toEqual({ ok: true, tests: 20 });
  });

  it('is allowed from the TMS page the recipe reads, and from no other page', async () => {
    const page = await savedPage();
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders/o-0001`));
    await expect(request('addRecipeTest', { recipeId: demo.id, test: page })).resolves.toEqual({ ok: true, tests: 1 });
    // The same TMS page can't read the stored recipe, nor add to a recipe for another site.
    await expect(request('getRecipe', { id: demo.id })).rejects.toThrow(/not for pages/);
    const elsewhere = '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31';
    deliverMessagesFrom(extensionPage('options.html'));
    await request('saveRecipe', { recipe: recipe({ id: elsewhere, sites: ['https://elsewhere.example.com'] }), imported: false });
    deliverMessagesFrom(contentScript(`${TMS_ORIGIN}/orders/o-0001`));
    expect(await request('addRecipeTest', { recipeId: elsewhere, test: { ...page, url: 'https://elsewhere.example.com/orders/o-0001' } })).toMatchObject({ ok: false, error: { code: 'recipe-other-site' } });
    expect((await recipesItem.get())[elsewhere]!.recipe.tests).toEqual([]);
    deliverMessagesFrom(contentScript('https://not-a-tms.example.com/'));
    await expect(request('addRecipeTest', { recipeId: demo.id, test: page })).rejects.toThrow(/not a TMS site/);
    expect((await recipesItem.get())[demo.id]!.recipe.tests.map((t) => t.name)).toEqual([page.name]);
  });

  it('refuses an oversized test before it reaches the handler', async () => {
    const page = await savedPage();
    await expect(request('addRecipeTest', { recipeId: demo.id, test: { ...page, html: 'x'.repeat(2_600_000) } })).rejects.toThrow(/malformed "addRecipeTest"/);
  });
});
