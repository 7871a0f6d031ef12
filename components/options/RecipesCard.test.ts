import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import RecipesCard from './RecipesCard.vue';
import { click, flush, getByLabelText, getByRole, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import demo from '@/utils/tms/demo/demo.recipe.json';
import type { ResponseOf } from '@/utils/messaging';

enableAutoUnmount(afterEach);

const httpWriteBack = { mode: 'http', enabled: true, method: 'POST', url: '/api/orders/{id}/events', body: { type: 'invoice' }, probe: { url: '/api/orders/{id}', json: '$.events[*].link.url' } };

async function mountCard(recipes: ResponseOf<'getRecipes'>['recipes'] = []) {
  const bg = fakeBackground({ getRecipes: () => ({ recipes }), saveRecipe: () => ({ ok: true }), removeRecipe: () => ({ ok: true }) }, 'options.html');
  const wrapper = mount(RecipesCard, { global: { plugins: plugins('en') }, attachTo: document.body });
  await flush();
  return { wrapper, bg };
}

async function chooseFile(wrapper: Awaited<ReturnType<typeof mountCard>>['wrapper'], content: unknown, name = 'altmann.frachtbeleg-recipe.json') {
  const input = getByLabelText(wrapper, 'Import a recipe file');
  const file = new File([typeof content === 'string' ? content : JSON.stringify(content)], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await new Promise((r) => setTimeout(r, 20));
  await flush();
}

describe('RecipesCard', () => {
  it('shows a recipe file for review before keeping it: sites, write-back switched off, saved tests', async () => {
    const { wrapper, bg } = await mountCard();
    expect(textOf(wrapper.element)).toContain('No recipe yet.');
    await chooseFile(wrapper, { ...demo, writeBack: httpWriteBack });
    const review = getByRole(wrapper, 'region', `Review “${demo.name}”`);
    expect(textOf(review)).toContain('http://127.0.0.1:4410');
    expect(textOf(review)).toContain('by POST /api/orders/{id}/events on the TMS, switched off until you turn it on');
    expect(textOf(review)).toContain('0 saved pages with their expected orders');
    expect(bg.callsOf('saveRecipe')).toEqual([]);

    await click(getByRole(review, 'button', 'Keep this recipe'));
    await flush();
    expect(bg.callsOf('saveRecipe')).toEqual([{ recipe: expect.objectContaining({ id: demo.id, name: demo.name }), imported: true }]);
    expect(getByRole(wrapper, 'status').textContent).toContain(`“${demo.name}” kept`);
    expect(wrapper.emitted('kept')).toHaveLength(1);
  });

  it('refuses a file that is not a recipe, naming each field, and keeps nothing', async () => {
    const { wrapper, bg } = await mountCard();
    await chooseFile(wrapper, { ...demo, sites: ['javascript:alert(1)'], extra: true });
    const alert = getByRole(wrapper, 'alert');
    expect(textOf(alert)).toContain('This file is not a recipe Frachtbeleg can use');
    expect(textOf(alert)).toContain('sites.0');
    expect(textOf(alert)).toContain('unknown key "extra"');
    expect(queryByRole(wrapper, 'button', 'Keep this recipe')).toBeNull();

    await chooseFile(wrapper, 'not json at all');
    expect(textOf(getByRole(wrapper, 'alert'))).toContain('is not JSON');
    expect(bg.callsOf('saveRecipe')).toEqual([]);
  });

  it('lists kept recipes with how they record invoices, and removes one', async () => {
    const { wrapper, bg } = await mountCard([
      { id: demo.id, name: 'Altmann', revision: 3, sites: ['https://tms.altmann.example'], writeBack: { mode: 'instructions' }, paused: false, tests: 2, savedAt: '2026-12-01T10:00:00.000Z' },
    ]);
    const list = getByRole(wrapper, 'list', 'Site recipes');
    expect(textOf(list)).toContain('Altmann');
    expect(textOf(list)).toContain('revision 3 · https://tms.altmann.example');
    expect(textOf(list)).toContain('as instructions to copy into the TMS');
    await click(getByRole(list, 'button', 'Remove Altmann'));
    await flush();
    expect(bg.callsOf('removeRecipe')).toEqual([{ id: demo.id }]);
  });
});
