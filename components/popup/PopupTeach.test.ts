import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import PopupTeach from './PopupTeach.vue';
import { click, flush, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import type { Locale } from '@/utils/i18n/translate';

enableAutoUnmount(afterEach);

const SITE = 'http://127.0.0.1:4645';
const DETAIL = 'http://detail.kombi.localhost:4646';
const TAB = 5;
let permissions: FakeSitePermissions;
/** Whether the side panel was asked for before the builder was (the browser needs the click's gesture). */
let sidePanelAskedFirst = false;

beforeEach(() => {
  permissions = fakeSitePermissions({ granted: [`${SITE}/*`] });
  vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation((async (id: number) => ({ id, url: `${SITE}/kombi?ansicht=fremd`, index: 0, active: true })) as never);
});

async function mountTeach(waiting: string | null, locale: Locale = 'en') {
  const bg = fakeBackground({
    getSites: () => ({ sites: [{ origin: SITE, addedAt: '2026-12-01T09:00:00.000Z', adapter: 'demo-tms', granted: true, active: true }], adapters: [] }),
    getBuilderFrameAccess: () => ({ origin: waiting }),
    openBuilder: () => {
      sidePanelAskedFirst = vi.isMockFunction(fakeBrowser.sidePanel.open) && (fakeBrowser.sidePanel.open as unknown as { mock: { calls: unknown[] } }).mock.calls.length > 0;
      return { ok: true };
    },
  });
  const wrapper = mount(PopupTeach, { props: { tabId: TAB }, global: { plugins: plugins(locale) } });
  await flush();
  return { wrapper, bg };
}

describe('PopupTeach: the builder waits for the detail frame’s second origin', () => {
  it('asks the browser for that origin alone, in the click on “Grant access to …”', async () => {
    const { wrapper, bg } = await mountTeach(DETAIL);
    expect(bg.callsOf('getBuilderFrameAccess')).toEqual([{ tabId: TAB }]);
    expect(textOf(wrapper.element)).toContain('The builder in this tab waits for access to detail.kombi.localhost:4646, where the order’s detail opens.');
    await click(getByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4646'));
    expect(permissions.prompts).toEqual([[`${DETAIL}/*`]]);
    expect(getByRole(wrapper, 'status').textContent).toBe('Access to detail.kombi.localhost:4646 granted: the builder continues in the frame.');
    expect(queryByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4646')).toBeNull();
  });

  it('says so when the user denies, in German too, and keeps the button', async () => {
    permissions.answer = 'deny';
    const { wrapper } = await mountTeach(DETAIL, 'de');
    await click(getByRole(wrapper, 'button', 'Zugriff auf detail.kombi.localhost:4646 erlauben'));
    expect(getByRole(wrapper, 'alert').textContent).toBe('Der Browser hat den Zugriff auf detail.kombi.localhost:4646 nicht erlaubt.');
    getByRole(wrapper, 'button', 'Zugriff auf detail.kombi.localhost:4646 erlauben');
  });

  it('offers nothing while no builder waits', async () => {
    const { wrapper } = await mountTeach(null);
    getByRole(wrapper, 'button', 'Teach Frachtbeleg this TMS');
    expect(queryByRole(wrapper, 'button', /^Grant access/)).toBeNull();
  });
});

describe('PopupTeach: where the builder opens', () => {
  const teach = async (sidePanel: 'opens' | 'fails') => {
    const setOptions = vi.spyOn(fakeBrowser.sidePanel, 'setOptions').mockResolvedValue(undefined as never);
    const open = vi.spyOn(fakeBrowser.sidePanel, 'open').mockImplementation((async () => {
      if (sidePanel === 'fails') throw new Error('No active side panel for tabId: 5');
    }) as never);
    const { wrapper, bg } = await mountTeach(null);
    await click(getByRole(wrapper, 'button', 'Teach Frachtbeleg this TMS'));
    return { wrapper, bg, setOptions, open };
  };

  it('in the browser’s side panel of that tab, opened within the click', async () => {
    const { wrapper, bg, setOptions, open } = await teach('opens');
    expect(setOptions).toHaveBeenCalledWith({ tabId: TAB, path: `sidepanel.html?tab=${TAB}`, enabled: true });
    expect(open).toHaveBeenCalledWith({ tabId: TAB });
    // Asked for before the builder is opened: the browser opens a side panel only within a user's gesture.
    expect(sidePanelAskedFirst).toBe(true);
    expect(bg.callsOf('openBuilder')).toEqual([{ tabId: TAB }]);
    expect(getByRole(wrapper, 'status').textContent).toBe('The builder is open in the side panel.');
  });

  it('in the page where the side panel can’t open', async () => {
    const { wrapper } = await teach('fails');
    expect(getByRole(wrapper, 'status').textContent).toBe('The builder is open in the page.');
  });
});
