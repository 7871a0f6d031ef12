import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import AutoDraftsCard from './AutoDraftsCard.vue';
import { flush, getByRole } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const DEMO = 'http://127.0.0.1:4410';
const LEGACY = 'http://127.0.0.1:4413';
const GRID = 'http://127.0.0.1:4414';
type AutoSite = ResponseOf<'getAutoDrafts'>['sites'][number];

async function mountCard(locale: 'en' | 'de' = 'en', first: Partial<AutoSite> = {}) {
  const state = {
    demo: { origin: DEMO, enabled: false, listsWithoutPage: true, leftForUser: 0, ...first } as AutoSite,
    // A recipe site: read through an open tab of it.
    recipe: { origin: GRID, enabled: false, listsWithoutPage: false, whileTabOpen: true, leftForUser: 0 } as AutoSite,
  };
  const bg = fakeBackground(
    {
      getAutoDrafts: () => ({ sites: [state.demo, { origin: LEGACY, enabled: false, listsWithoutPage: false, leftForUser: 0 }, state.recipe] }),
      setAutoDrafts: ({ origin, enabled }) => {
        if (origin === GRID) {
          state.recipe = { ...state.recipe, enabled };
          return { ok: true };
        }
        state.demo = { ...state.demo, enabled, ...(enabled ? { leftForUser: 2, lastRunAt: '2026-12-02T10:00:00.000Z' } : {}) };
        return { ok: true };
      },
    },
    'options.html',
  );
  const wrapper = mount(AutoDraftsCard, { global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return { wrapper, bg };
}

describe('AutoDraftsCard', () => {
  it('is off by default, says in plain words what it does and when, and turns on for one site', async () => {
    const { wrapper, bg } = await mountCard();
    const toggle = (getByRole(wrapper, 'checkbox', 'Prepare draft invoices for delivered orders on 127.0.0.1:4410') as HTMLInputElement);
    expect(toggle.checked).toBe(false);
    expect(wrapper.text()).toContain('every 15 minutes');
    expect(wrapper.text()).toContain('Only drafts are created, never finalised invoices');
    // The site read from an open page only can't have it, and is told why.
    expect(wrapper.text()).toContain('Not available for 127.0.0.1:4413');
    expect(wrapper.findAll('input[type=checkbox]')).toHaveLength(2);

    toggle.click();
    await flush();
    expect(bg.callsOf('setAutoDrafts')).toEqual([{ origin: DEMO, enabled: true }]);
    expect((getByRole(wrapper, 'checkbox', 'Prepare draft invoices for delivered orders on 127.0.0.1:4410') as HTMLInputElement).checked).toBe(true);
    expect(wrapper.text()).toContain('2 orders wait for you.');
    expect(getByRole(wrapper, 'button', 'Also show a notification when orders wait for me')).toBeTruthy();
  });

  it('says in German why the last look failed', async () => {
    const { wrapper } = await mountCard('de', { enabled: true, lastRunAt: '2026-12-02T10:00:00.000Z', lastError: 'session-expired' });
    expect((getByRole(wrapper, 'checkbox', 'Rechnungsentwürfe für gelieferte Aufträge auf 127.0.0.1:4410 vorbereiten') as HTMLInputElement).checked).toBe(true);
    expect(wrapper.text()).toContain('Das letzte Nachsehen ist fehlgeschlagen: Sie sind im TMS abgemeldet');
  });

  it('a recipe site can have it, and says it works only while a tab of that site is open', async () => {
    const { wrapper, bg } = await mountCard();
    expect(wrapper.text()).toContain('Only while a tab of 127.0.0.1:4414 is open');
    expect(wrapper.text()).not.toContain('Only while a tab of 127.0.0.1:4410 is open');
    const toggle = getByRole(wrapper, 'checkbox', 'Prepare draft invoices for delivered orders on 127.0.0.1:4414') as HTMLInputElement;
    toggle.click();
    await flush();
    expect(bg.callsOf('setAutoDrafts')).toEqual([{ origin: GRID, enabled: true }]);
    expect((getByRole(wrapper, 'checkbox', 'Prepare draft invoices for delivered orders on 127.0.0.1:4414') as HTMLInputElement).checked).toBe(true);
  });

  it('says so in German for a recipe site', async () => {
    const { wrapper } = await mountCard('de');
    expect(wrapper.text()).toContain('Nur solange ein Tab von 127.0.0.1:4414 geöffnet ist');
  });
});
