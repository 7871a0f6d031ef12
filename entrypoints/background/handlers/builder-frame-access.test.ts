/**
 * Teaching a detail view that opens in a frame on a second origin the user has not granted:
 * the list page's builder says where the order opened, the popup offers the grant (its click
 * may ask the browser, a TMS page can't), and once granted the frame loads again with the builder.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { allowContentScriptsFrom, handle, removeAllHandlers, request } from '@/utils/messaging';
import { sitesItem } from '@/utils/storage';
import { buildersItem } from '@/utils/tms/recipe/builder/session';
import { newDraft } from '@/utils/tms/recipe/builder/draft';
import { frameAccessItem } from '@/utils/tms/recipe/builder/frame-access';
import { LEGACY_ORIGIN as SITE, TAUGHT_ID as ID } from '@/tests/support/recipes';
import { contentScript, deliverMessagesFrom, extensionPage } from '@/tests/support/messaging';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import { originPattern } from '@/utils/site-origin';
import { builderFrameAccess, forgetBuilder, frameAccessChanged, getBuilderFrameAccess } from './builder';
import { isTmsSite } from './tms-sites';

const TAB = 11;
const DETAIL = 'http://detail.kombi.localhost:4646';
const top = { ...contentScript(`${SITE}/kombi`, TAB), frameId: 0 };
let permissions: FakeSitePermissions;
let reloads: { tabId: number; args: unknown }[];

beforeEach(async () => {
  removeAllHandlers();
  permissions = fakeSitePermissions({ granted: [originPattern(SITE)] });
  reloads = [];
  vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation((async (options: { target: { tabId: number }; args?: unknown }) => {
    reloads.push({ tabId: options.target.tabId, args: options.args });
    return [];
  }) as never);
  handle('builderFrameAccess', (req, sender) => builderFrameAccess(req, sender));
  handle('getBuilderFrameAccess', (req) => getBuilderFrameAccess(req));
  allowContentScriptsFrom(isTmsSite);
  await sitesItem.set([{ origin: SITE, addedAt: '2026-11-01T09:00:00.000Z', adapter: 'demo-tms' }]);
  await buildersItem.set({ [TAB]: { ...newDraft(SITE, ID, 'Kombi'), step: 'detail' } });
  await frameAccessItem.set({});
});

const waitingInPopup = () => {
  deliverMessagesFrom(extensionPage('popup.html'));
  return request('getBuilderFrameAccess', { tabId: TAB });
};

describe('a detail frame on a second origin the user has not granted', () => {
  it('is offered in the popup, and once granted, its frame loads again for the builder', async () => {
    deliverMessagesFrom(top);
    await expect(request('builderFrameAccess', { origin: DETAIL })).resolves.toEqual({ ok: true, granted: false });
    await expect(waitingInPopup()).resolves.toEqual({ origin: DETAIL });

    // The popup's click asked the browser; the background hears the permission was added.
    permissions.granted.add(originPattern(DETAIL));
    await frameAccessChanged();
    expect(reloads).toEqual([{ tabId: TAB, args: [DETAIL] }]);
    await expect(waitingInPopup()).resolves.toEqual({ origin: null });
  });

  it('answers "granted" at once for an origin the user allowed before, and offers nothing', async () => {
    permissions.granted.add(originPattern(DETAIL));
    deliverMessagesFrom(top);
    await expect(request('builderFrameAccess', { origin: DETAIL })).resolves.toEqual({ ok: true, granted: true });
    await expect(waitingInPopup()).resolves.toEqual({ origin: null });
  });

  it('is asked only by the top frame of the tab being taught, at the detail steps, for another origin', async () => {
    deliverMessagesFrom({ ...top, frameId: 3 });
    await expect(request('builderFrameAccess', { origin: DETAIL })).resolves.toMatchObject({ ok: false });
    deliverMessagesFrom({ ...contentScript(`${SITE}/kombi`, 12), frameId: 0 });
    await expect(request('builderFrameAccess', { origin: DETAIL })).resolves.toMatchObject({ ok: false, error: { code: 'builder-not-open' } });
    deliverMessagesFrom(top);
    await expect(request('builderFrameAccess', { origin: SITE })).resolves.toMatchObject({ ok: false, error: { code: 'builder-frame-refused' } });
    await expect(request('builderFrameAccess', { origin: 'https://api.lexware.io' })).resolves.toMatchObject({ ok: false, error: { code: 'builder-frame-refused' } });
    await buildersItem.set({ [TAB]: newDraft(SITE, ID, 'Kombi') });
    await expect(request('builderFrameAccess', { origin: DETAIL })).resolves.toMatchObject({ ok: false, error: { code: 'builder-frame-refused' } });
    expect(await frameAccessItem.get()).toEqual({});
  });

  it('is forgotten with the builder', async () => {
    deliverMessagesFrom(top);
    await request('builderFrameAccess', { origin: DETAIL });
    await forgetBuilder(TAB);
    expect(await frameAccessItem.get()).toEqual({});
    await expect(waitingInPopup()).resolves.toEqual({ origin: null });
  });
});
