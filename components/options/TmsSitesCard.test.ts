import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import TmsSitesCard from './TmsSitesCard.vue';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import type { ResponseOf } from '@/utils/messaging';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';

enableAutoUnmount(afterEach);
let permissions: FakeSitePermissions;
beforeEach(() => {
  permissions = fakeSitePermissions({ granted: [`${TMS}/*`] });
});

const TMS = 'http://127.0.0.1:4410';
const RECIPE = '3d6a9a8e-5b7c-4f0e-9d21-7c4b1e2f8a60';
const recipeFor = (sites: string[], name = 'Altmann'): ResponseOf<'getRecipes'>['recipes'][number] => ({
  id: RECIPE,
  name,
  revision: 1,
  sites,
  writeBack: { mode: 'ledger' },
  paused: false,
  tests: 0,
  savedAt: '2026-12-01T10:00:00.000Z',
});

async function mountCard(adapter: string, recipes: ResponseOf<'getRecipes'>['recipes']) {
  const sites = { current: adapter, writePaid: undefined as boolean | undefined };
  const bg = fakeBackground(
    {
      getSites: () => ({
        sites: [{ origin: TMS, addedAt: '2026-11-01T09:00:00.000Z', adapter: sites.current, granted: true, active: true, ...(sites.writePaid === undefined ? {} : { writePaid: sites.writePaid }) }],
        adapters: [{ id: 'demo-tms', name: 'DemoTMS' }],
      }),
      setSiteWritePaid: ({ writePaid }) => {
        sites.writePaid = writePaid;
        return { ok: true };
      },
      getRecipes: () => ({ recipes }),
      addSite: () => ({ ok: true }),
      setSiteAdapter: ({ adapter: next }) => {
        sites.current = next;
        return { ok: true };
      },
    },
    'options.html',
  );
  const wrapper = mount(TmsSitesCard, { global: { plugins: plugins('en') }, attachTo: document.body });
  await flush();
  return { wrapper, bg };
}

describe('TmsSitesCard: what reads a site', () => {
  it('offers the built-in adapters and the recipes that name the site, and switches on a choice', async () => {
    const { wrapper, bg } = await mountCard('demo-tms', [recipeFor([TMS]), { ...recipeFor(['https://elsewhere.example.com'], 'Other'), id: '6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31' }]);
    const select = getByLabelText<HTMLSelectElement>(wrapper, `Read ${TMS} with`);
    expect([...select.options].map((o) => o.textContent)).toEqual(['DemoTMS (built in)', 'Altmann (recipe)']);
    expect(select.value).toBe('demo-tms');

    select.value = `recipe:${RECIPE}`;
    select.dispatchEvent(new Event('change'));
    await flush();
    expect(bg.callsOf('setSiteAdapter')).toEqual([{ origin: TMS, adapter: `recipe:${RECIPE}` }]);
    expect(getByRole(wrapper, 'status').textContent).toBe(`${TMS} is now read with Altmann (recipe). Reload your open TMS tabs.`);
    expect(getByLabelText<HTMLSelectElement>(wrapper, `Read ${TMS} with`).value).toBe(`recipe:${RECIPE}`);
  });

  it('names a removed recipe as missing instead of pretending the site is read', async () => {
    const { wrapper } = await mountCard('recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31', []);
    const select = getByLabelText<HTMLSelectElement>(wrapper, `Read ${TMS} with`);
    expect(select.selectedOptions[0]!.textContent).toBe('“recipe:6f0c2a4e-3b1d-4c8e-9a57-0d2f1e8b7c31” (missing)');
  });
});

describe('TmsSitesCard: "paid" written back to the orders', () => {
  it('is off by default, says what it does, and switches on and off for the site', async () => {
    const { wrapper, bg } = await mountCard('demo-tms', []);
    const box = () => getByRole(wrapper, 'checkbox', `Write “paid” back to the orders of ${TMS}`) as HTMLInputElement;
    expect(box().checked).toBe(false);
    expect(document.getElementById(box().getAttribute('aria-describedby')!)!.textContent).toContain('sets its orders in this TMS to “paid”');

    box().click();
    await flush();
    expect(bg.callsOf('setSiteWritePaid')).toEqual([{ origin: TMS, writePaid: true }]);
    expect(getByRole(wrapper, 'status').textContent).toBe(`${TMS}: orders are set to “paid” when their invoice is paid.`);
    expect(box().checked).toBe(true);

    box().click();
    await flush();
    expect(bg.callsOf('setSiteWritePaid')).toEqual([{ origin: TMS, writePaid: true }, { origin: TMS, writePaid: false }]);
    expect(getByRole(wrapper, 'status').textContent).toBe(`${TMS}: “paid” is no longer written back.`);
    expect(box().checked).toBe(false);
  });
});

describe('TmsSitesCard: a recipe whose detail frame is on a second origin', () => {
  const DETAIL = 'http://detail.kombi.localhost:4416';
  const framed = (sites: string[]) => ({ ...recipeFor(sites, 'Kombi'), extraOrigins: [DETAIL] });

  it('asks for the site and that origin in one prompt when the user adds the site', async () => {
    // Only the second origin comes along: not the recipe's other sites, which the user didn't add.
    const { wrapper, bg } = await mountCard('demo-tms', [framed(['https://kombi.example.com', 'https://kombi-archiv.example.com'])]);
    (getByLabelText<HTMLInputElement>(wrapper, 'Address of your TMS')).value = 'https://kombi.example.com/kombi';
    getByLabelText<HTMLInputElement>(wrapper, 'Address of your TMS').dispatchEvent(new Event('input'));
    wrapper.find('form').element.dispatchEvent(new Event('submit'));
    await flush();
    expect(permissions.prompts).toEqual([['https://kombi.example.com/*', 'http://detail.kombi.localhost:4416/*']]);
    expect(bg.callsOf('addSite')).toEqual([{ origin: 'https://kombi.example.com' }]);
  });

  it('asks for that origin in the same choice that reads the site with the recipe', async () => {
    const { wrapper, bg } = await mountCard('demo-tms', [framed([TMS])]);
    const select = getByLabelText<HTMLSelectElement>(wrapper, `Read ${TMS} with`);
    select.value = `recipe:${RECIPE}`;
    select.dispatchEvent(new Event('change'));
    await flush();
    expect(permissions.prompts).toEqual([[`${TMS}/*`, `${DETAIL}/*`]]);
    expect(bg.callsOf('setSiteAdapter')).toEqual([{ origin: TMS, adapter: `recipe:${RECIPE}` }]);
    expect(queryByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4416')).toBeNull();
  });

  it('shows what is missing with a button that asks in one click, until it is granted', async () => {
    const { wrapper } = await mountCard(`recipe:${RECIPE}`, [framed([TMS])]);
    expect(textOf(wrapper.element)).toContain('The recipe also reads detail.kombi.localhost:4416: access not granted yet.');
    permissions.answer = 'deny';
    await click(getByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4416'));
    expect(getByRole(wrapper, 'alert').textContent).toContain('The browser did not grant access to detail.kombi.localhost:4416');
    permissions.answer = 'grant';
    await click(getByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4416'));
    expect(permissions.prompts).toEqual([[`${DETAIL}/*`], [`${DETAIL}/*`]]);
    expect(getByRole(wrapper, 'status').textContent).toBe('Access to detail.kombi.localhost:4416 granted. Reload your open TMS tabs.');
    expect(queryByRole(wrapper, 'button', 'Grant access to detail.kombi.localhost:4416')).toBeNull();
  });
});
