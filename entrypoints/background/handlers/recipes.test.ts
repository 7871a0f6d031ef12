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
import { getRecipes, removeRecipe, saveRecipe, setRecipeWriteBack, setSiteAdapter } from './recipes';
import { isTmsSite } from './tms-sites';

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
