/**
 * A Frames-like TMS whose order detail opens in a frame on a second origin: the frame's
 * content script speaks for the site of its tab's top page, through the real protocol. Its
 * invoice is the site's: the site's ledger marks and recipe reach it, under the site's origin;
 * the same frame anywhere else, or a frame on an origin the recipe does not name, is refused.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { ledgerItem, sitesItem } from '@/utils/storage';
import { recipeAdapterId, recipesItem } from '@/utils/tms/recipe/store';
import { FRAMES_DETAIL_ORIGIN, FRAMES_SITE, framesRecipe } from '@/utils/tms/recipe/testing/frames-recipe';
import { deliverMessagesFrom } from '@/tests/support/messaging';
import { ledgerEntry } from '@/tests/support/ledger';
import { frameSiteOf, getSiteAdapter, isTmsSite, siteOriginsChanged } from './tms-sites';
import { getLedgerMarks } from './ledger-marks';

const recipe = framesRecipe();
const TAB = 9;
const DETAIL_PAGE = `${FRAMES_DETAIL_ORIGIN}/rahmen/auftrag/o-1?sig=abc`;

/** A content script in frame 3 of a tab whose top page is `topUrl`, as Chromium reports it. */
const frameIn = (topUrl: string, frameUrl = DETAIL_PAGE): Browser.runtime.MessageSender => ({
  id: fakeBrowser.runtime.id,
  url: frameUrl,
  frameId: 3,
  tab: { id: TAB, url: topUrl, index: 0, active: true } as NonNullable<Browser.runtime.MessageSender['tab']>,
});

beforeEach(async () => {
  removeAllHandlers();
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('en-US');
  await recipesItem.set({ [recipe.id]: { recipe, paused: false, savedAt: '2026-12-06T09:00:00.000Z' } });
  await sitesItem.set([{ origin: FRAMES_SITE, addedAt: '2026-12-06T09:00:00.000Z', adapter: recipeAdapterId(recipe.id) }]);
  // An invoice made for the site's order o-1 (as one made in the detail frame is now recorded).
  await ledgerItem.set([{ ...ledgerEntry(1), origin: FRAMES_SITE }]);
  siteOriginsChanged();
  handle('getSiteAdapter', (req, sender) => getSiteAdapter(req, sender));
  handle('getLedgerMarks', (req, sender) => getLedgerMarks(req, sender));
  allowContentScriptsFrom(isTmsSite, frameSiteOf);
});

describe('a detail frame on the recipe’s second origin', () => {
  it('is told its site and reads the site’s ledger, as the list page does', async () => {
    deliverMessagesFrom(frameIn(`${FRAMES_SITE}/kombi?variant=fremd`));
    const answer = await request('getSiteAdapter', { origin: FRAMES_DETAIL_ORIGIN });
    expect(answer).toMatchObject({ adapter: recipeAdapterId(recipe.id), siteOrigin: FRAMES_SITE, recipe: { id: recipe.id } });
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1', 'o-2'] })).resolves.toEqual({
      marks: [{ orderId: 'o-1', text: 'Invoiced: RE-1', invoiceNumber: 'RE-1' }],
    });
    // It speaks only for that site, not for its own origin.
    await expect(request('getLedgerMarks', { origin: FRAMES_DETAIL_ORIGIN, orderIds: ['o-1'] })).resolves.toEqual({ marks: [] });
  });

  it('is refused in a tab whose top page is not the recipe’s site', async () => {
    deliverMessagesFrom(frameIn('https://elsewhere.example/embeds-kombi'));
    await expect(request('getSiteAdapter', { origin: FRAMES_DETAIL_ORIGIN })).rejects.toThrow(/not a TMS site/);
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1'] })).rejects.toThrow(/not a TMS site/);
  });

  it('is refused when opened as a tab’s top page', async () => {
    deliverMessagesFrom({ ...frameIn(DETAIL_PAGE), frameId: 0 });
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1'] })).rejects.toThrow(/not a TMS site/);
  });

  it('is not one when the recipe does not open its detail in a frame', async () => {
    const paged = framesRecipe((r) => ((r.detail as Record<string, unknown>).view = 'page'));
    await recipesItem.set({ [recipe.id]: { recipe: paged, paused: false, savedAt: '2026-12-06T09:00:00.000Z' } });
    deliverMessagesFrom(frameIn(`${FRAMES_SITE}/kombi`));
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1'] })).rejects.toThrow(/not a TMS site/);
  });
});

describe('a frame on an origin the recipe does not name', () => {
  it('is refused even inside the site’s own page', async () => {
    deliverMessagesFrom(frameIn(`${FRAMES_SITE}/kombi`, 'https://ads.example/banner'));
    await expect(request('getSiteAdapter', { origin: 'https://ads.example' })).rejects.toThrow(/not a TMS site/);
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1'] })).rejects.toThrow(/not a TMS site/);
  });
});

describe('the site’s own page', () => {
  it('still speaks for itself, in the top frame and in a frame on its own origin', async () => {
    deliverMessagesFrom({ ...frameIn(`${FRAMES_SITE}/kombi`, `${FRAMES_SITE}/kombi`), frameId: 0 });
    await expect(request('getSiteAdapter', { origin: FRAMES_SITE })).resolves.toEqual(expect.not.objectContaining({ siteOrigin: expect.anything() }));
    deliverMessagesFrom(frameIn(`${FRAMES_SITE}/kombi`, `${FRAMES_SITE}/rahmen/auftrag/o-1?sig=abc`));
    await expect(request('getLedgerMarks', { origin: FRAMES_SITE, orderIds: ['o-1'] })).resolves.toMatchObject({ marks: [{ orderId: 'o-1' }] });
  });
});
