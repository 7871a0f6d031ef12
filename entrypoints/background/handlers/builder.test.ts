/**
 * The builder's messages through the real protocol: opened from the popup on a TMS site
 * only, its draft kept per tab and only for that tab's own site, the recipe made from the
 * stored draft (never from what the page sends) and made the site's adapter.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { recipesItem } from '@/utils/tms/recipe/store';
import { buildersItem } from '@/utils/tms/recipe/builder/session';
import { newDraft } from '@/utils/tms/recipe/builder/draft';
import { LEGACY_ORIGIN as LEGACY, TAUGHT_ID as ID, taughtLegacy } from '@/tests/support/recipes';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { fakeSitePermissions } from '@/tests/support/site-permissions';
import { originPattern } from '@/utils/site-origin';
import { closeBuilder, forgetBuilder, getBuilder, getBuilderTests, openBuilder, openBuilderInFrames, putBuilder, reloadBuilderTab, reopenBuilder, reteachField, saveBuiltRecipe, teachAgain } from './builder';
import { isTmsSite } from './tms-sites';

const TAB = 11;

const taught = () => taughtLegacy();

let injected: number[];

beforeEach(async () => {
  removeAllHandlers();
  fakeSitePermissions({ granted: [originPattern(LEGACY)] });
  injected = [];
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (options: { target: { tabId: number } }) => {
    injected.push(options.target.tabId);
    return [];
  }) as never);
  vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation((async (id: number) => ({ id, url: id === TAB ? `${LEGACY}/auftraege` : 'https://example.org/', index: 0, active: true })) as never);
  handle('openBuilder', (req) => openBuilder(req, () => ID));
  handle('getBuilder', (_req, sender) => getBuilder(sender));
  handle('putBuilder', (req, sender) => putBuilder(req, sender));
  handle('closeBuilder', (_req, sender) => closeBuilder(sender));
  handle('saveBuiltRecipe', (_req, sender) => saveBuiltRecipe(sender));
  handle('teachAgain', (_req, sender) => teachAgain(sender));
  handle('getBuilderTests', (_req, sender) => getBuilderTests(sender));
  handle('reteachField', (req, sender) => reteachField(req, sender));
  handle('openBuilderInFrames', (_req, sender) => openBuilderInFrames(sender));
  handle('reloadBuilderTab', (_req, sender) => reloadBuilderTab(sender));
  allowContentScriptsFrom(isTmsSite);
  await sitesItem.set([{ origin: LEGACY, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await buildersItem.set({});
});

describe('opening the builder', () => {
  it('opens on a TMS site with a fresh draft and injects the builder into that tab', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    await expect(request('openBuilder', { tabId: TAB })).resolves.toEqual({ ok: true });
    expect(injected).toEqual([TAB]);
    expect((await buildersItem.get())[String(TAB)]).toMatchObject({ id: ID, origin: LEGACY, step: 'rows', revision: 1 });
  });

  it('refuses a page that is not one of the user\'s TMS sites', async () => {
    deliverMessagesFrom(extensionPage('popup.html'));
    await expect(request('openBuilder', { tabId: 12 })).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-a-site' } });
    expect(injected).toEqual([]);
  });

  it('a recipe page whose health is off opens it on its own tab ("Teach this TMS again")', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('teachAgain', undefined)).resolves.toEqual({ ok: true });
    expect(injected).toEqual([TAB]);
  });

  it('a page can\'t open it for another tab', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('openBuilder', { tabId: TAB })).rejects.toThrow(/not for pages/);
  });

  it('comes back after a page load on the same site, not on another site, not after the tab is gone', async () => {
    await buildersItem.set({ [TAB]: taught() });
    await reopenBuilder(TAB, `${LEGACY}/auftraege/o-0289`);
    await reopenBuilder(TAB, 'https://example.org/elsewhere');
    await reopenBuilder(99, `${LEGACY}/auftraege`);
    expect(injected).toEqual([TAB]);
    await forgetBuilder(TAB);
    expect(await buildersItem.get()).toEqual({});
  });
});

describe('the draft in the tab', () => {
  beforeEach(async () => {
    await buildersItem.set({ [TAB]: newDraft(LEGACY, ID, 'Altmann') });
  });

  it('the tab gets its own draft and its texts; another tab gets none', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    const own = await request('getBuilder', undefined);
    expect(own.draft).toMatchObject({ id: ID });
    expect(own.texts['builder.title']).toBe('Teach Frachtbeleg this TMS');
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, 12));
    expect((await request('getBuilder', undefined)).draft).toBeNull();
  });

  it('keeps what the builder sends, but never another id, site or revision', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('putBuilder', { draft: { ...taught(), revision: 9 } })).resolves.toEqual({ ok: true });
    expect((await buildersItem.get())[String(TAB)]).toMatchObject({ step: 'review', revision: 1 });
    await expect(request('putBuilder', { draft: { ...taught(), id: '00000000-0000-4000-8000-000000000000' } })).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-open' } });
    await expect(request('putBuilder', { draft: { ...taught(), origin: 'http://127.0.0.1:4410' } })).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-open' } });
    await expect(request('putBuilder', { draft: { ...taught(), step: 'anything' } })).resolves.toMatchObject({ ok: false, error: { code: 'builder-draft-invalid' } });
  });

  it('saves the recipe made from the stored draft, makes it the site\'s adapter, and closes', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('saveBuiltRecipe', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'recipe-invalid' } });
    await request('putBuilder', { draft: taught() });
    await expect(request('saveBuiltRecipe', undefined)).resolves.toEqual({ ok: true });
    expect((await recipesItem.get())[ID]!.recipe).toMatchObject({ name: 'Altmann', sites: [LEGACY], revision: 1, writeBack: { mode: 'ledger' } });
    expect((await sitesItem.get())[0]!.adapter).toBe(`recipe:${ID}`);
    expect(await buildersItem.get()).toEqual({});
  });

  it('teaching a site again keeps its recipe\'s id and raises the revision', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await request('putBuilder', { draft: taught() });
    await request('saveBuiltRecipe', undefined);
    deliverMessagesFrom(extensionPage('popup.html'));
    await request('openBuilder', { tabId: TAB });
    expect((await buildersItem.get())[String(TAB)]).toMatchObject({ id: ID, revision: 2, step: 'rows' });
  });

  it('"Run tests" gets the saved tests of its own tab\'s recipe only', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('getBuilderTests', undefined)).resolves.toEqual({ tests: [] });
    await request('putBuilder', { draft: taught() });
    await request('saveBuiltRecipe', undefined);
    const test = { name: 'list', url: `${LEGACY}/auftraege`, html: '<table></table>', expected: [] };
    await recipesItem.update((all) => ({ ...all, [ID]: { ...all[ID]!, recipe: { ...all[ID]!.recipe, tests: [test] } } }));
    deliverMessagesFrom(extensionPage('popup.html'));
    await request('openBuilder', { tabId: TAB });
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await expect(request('getBuilderTests', undefined)).resolves.toEqual({ tests: [test] });
    // Another tab teaches nothing; it gets no tests.
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, 12));
    await expect(request('getBuilderTests', undefined)).resolves.toEqual({ tests: [] });
  });

  it('"Re-teach this field" opens the builder at that column; saving changes only its locator, as a new revision', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    // Not a recipe site yet: nothing to re-teach.
    await expect(request('reteachField', { field: 'price' })).resolves.toMatchObject({ ok: false, error: { code: 'builder-no-recipe' } });
    await request('putBuilder', { draft: taught() });
    await request('saveBuiltRecipe', undefined);
    const before = (await recipesItem.get())[ID]!.recipe;
    injected = [];

    await expect(request('reteachField', { field: 'price' })).resolves.toEqual({ ok: true });
    expect(injected).toEqual([TAB]);
    const draft = (await buildersItem.get())[String(TAB)]!;
    expect(draft).toMatchObject({ id: ID, reteach: 'price', step: 'summary', revision: 2 });
    // The page can't turn it into a whole new teaching: the column stays the one asked for.
    const { reteach: _field, ...picked } = { ...draft, summary: { ...draft.summary, price: { column: 'Frachtpreis' } } };
    await request('putBuilder', { draft: picked });
    await expect(request('saveBuiltRecipe', undefined)).resolves.toEqual({ ok: true });
    const after = (await recipesItem.get())[ID]!.recipe;
    expect(after.revision).toBe(2);
    expect(after.list!.summary.price).toEqual({ column: 'Frachtpreis', parse: [{ money: {} }] });
    expect({ ...after, revision: 1, list: { ...after.list!, summary: { ...after.list!.summary, price: before.list!.summary.price } } }).toEqual(before);
    expect(await buildersItem.get()).toEqual({});
  });

  it('"Re-teach this field" on a detail page opens the builder at that order field; saving changes only its locator', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege/o-0289`, TAB));
    await request('putBuilder', { draft: taught() });
    await request('saveBuiltRecipe', undefined);
    const before = (await recipesItem.get())[ID]!.recipe;
    injected = [];

    await expect(request('reteachField', { detailField: 'price' })).resolves.toEqual({ ok: true });
    expect(injected).toEqual([TAB]);
    const draft = (await buildersItem.get())[String(TAB)]!;
    expect(draft).toMatchObject({ id: ID, reteachDetail: 'price', step: 'detail', revision: 2, fields: { price: before.order.fields.price } });
    // The page can't drop the field it was asked to re-teach, nor add others.
    const { reteachDetail: _field, ...picked } = { ...draft, fields: { price: { html: { label: 'Frachtpreis' }, parse: [{ money: {} }] }, number: { html: { css: 'h2' } } } };
    await request('putBuilder', { draft: picked });
    await expect(request('saveBuiltRecipe', undefined)).resolves.toEqual({ ok: true });
    const after = (await recipesItem.get())[ID]!.recipe;
    expect(after.revision).toBe(2);
    expect(after.order.fields.price).toEqual({ html: { label: 'Frachtpreis' }, parse: [{ money: {} }] });
    expect(after.order.fields.number).toEqual(before.order.fields.number);
    expect({ ...after, revision: 1, order: { ...after.order, fields: { ...after.order.fields, price: before.order.fields.price } } }).toEqual(before);
    expect(await buildersItem.get()).toEqual({});
  });

  it('closing forgets the draft', async () => {
    deliverMessagesFrom(contentScript(`${LEGACY}/auftraege`, TAB));
    await request('closeBuilder', undefined);
    expect(await buildersItem.get()).toEqual({});
  });
});

describe('a detail view that opens in a frame of the list page', () => {
  const top = { ...contentScript(`${LEGACY}/auftraege`, TAB), frameId: 0 };
  let frames: { tabId: number; allFrames?: boolean }[];
  /** The builder answers from each frame it entered: the top frame has its own, a frame takes over. */
  const answers = (frameResult: string, frameOrigin = LEGACY) =>
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (options: { target: { tabId: number; allFrames?: boolean }; func?: () => string }) => {
      // Asked first where the frames are, then the builder's answer from each.
      if (options.func) return [{ frameId: 0, result: LEGACY }, { frameId: 4, result: frameOrigin }];
      frames.push(options.target);
      return [{ frameId: 0, result: 'none' }, { frameId: 4, result: frameResult }];
    }) as never);
  beforeEach(() => {
    frames = [];
  });

  it('the list page’s builder sends the builder into the tab’s frames at the detail step; a frame that takes over is named', async () => {
    answers('mounted');
    await buildersItem.set({ [TAB]: { ...newDraft(LEGACY, ID, 'Altmann'), step: 'detail' } });
    deliverMessagesFrom(top);
    await expect(request('openBuilderInFrames', undefined)).resolves.toEqual({ ok: true, handedOff: true });
    expect(frames).toEqual([{ tabId: TAB, allFrames: true }]);
    answers('none');
    await expect(request('openBuilderInFrames', undefined)).resolves.toEqual({ ok: true, handedOff: false });
  });

  it('not before the detail step, not from a frame, not without a draft for the page’s site', async () => {
    answers('mounted');
    await buildersItem.set({ [TAB]: newDraft(LEGACY, ID, 'Altmann') });
    deliverMessagesFrom(top);
    await expect(request('openBuilderInFrames', undefined)).resolves.toEqual({ ok: true, handedOff: false });
    await buildersItem.set({ [TAB]: { ...newDraft(LEGACY, ID, 'Altmann'), step: 'detail' } });
    deliverMessagesFrom({ ...top, frameId: 4 });
    await expect(request('openBuilderInFrames', undefined)).resolves.toMatchObject({ ok: false });
    deliverMessagesFrom({ ...contentScript(`${LEGACY}/auftraege`, 12), frameId: 0 });
    await expect(request('openBuilderInFrames', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-open' } });
    expect(frames).toEqual([]);
  });

  it('a frame on a second origin teaches the detail page of the tab’s draft; other tabs and pages still get nothing', async () => {
    const DETAIL = 'http://127.0.0.1:4686';
    answers('mounted', DETAIL);
    await buildersItem.set({ [TAB]: { ...newDraft(LEGACY, ID, 'Altmann'), step: 'detail' } });
    const frame = { ...contentScript(`${DETAIL}/rahmen/auftrag/o-0058?sig=x`, TAB), frameId: 4 };
    deliverMessagesFrom(frame);
    // Before the builder was brought into it, the frame's origin is no TMS site.
    await expect(request('getBuilder', undefined)).rejects.toThrow(/not a TMS site/);
    deliverMessagesFrom(top);
    await expect(request('openBuilderInFrames', undefined)).resolves.toEqual({ ok: true, handedOff: true });
    expect((await buildersItem.get())[String(TAB)]!.frameOrigins).toEqual([DETAIL]);
    deliverMessagesFrom(frame);
    expect((await request('getBuilder', undefined)).draft).toMatchObject({ id: ID });
    // The frame keeps teaching the site's draft; it can't name other frames' origins.
    await expect(request('putBuilder', { draft: { ...taught(), step: 'detail', frameOrigins: ['https://evil.example'] } })).resolves.toEqual({ ok: true });
    expect((await buildersItem.get())[String(TAB)]).toMatchObject({ origin: LEGACY, step: 'detail', frameOrigins: [DETAIL] });
    await expect(request('putBuilder', { draft: { ...taught(), origin: DETAIL } })).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-open' } });
    // The same origin as the tab's top page, in another tab, gets nothing.
    deliverMessagesFrom({ ...contentScript(`${DETAIL}/rahmen/auftrag/o-0058?sig=x`, 12), frameId: 4 });
    expect((await request('getBuilder', undefined)).draft).toBeNull();
  });

  it('“Reload page” from a frame reloads the frame’s own tab', async () => {
    const reload = vi.spyOn(fakeBrowser.tabs, 'reload').mockResolvedValue(undefined as never);
    deliverMessagesFrom({ ...contentScript(`${LEGACY}/auftraege/o-0289`, TAB), frameId: 4 });
    await expect(request('reloadBuilderTab', undefined)).resolves.toEqual({ ok: true });
    expect(reload).toHaveBeenCalledExactlyOnceWith(TAB);
  });
});
