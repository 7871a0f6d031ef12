import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import RecipesCard from './RecipesCard.vue';
import { click, flush, getByLabelText, getByRole, isDisabled, queryByRole, textOf } from '@/tests/support/dom';
import { fakeBackground } from '@/tests/support/background';
import { plugins } from '@/tests/support/panel';
import demo from '@/utils/tms/demo/demo.recipe.json';
import type { ResponseOf } from '@/utils/messaging';
import { detailFile, detailUrl, fixtureDocument } from '@/utils/tms/demo/fixtures/fixtures';
import { makeRecipeTest } from '@/utils/tms/recipe/save-test';
import { recipeFile } from '@/utils/tms/recipe/recipe-file';
import { validateRecipe, type Recipe, type RecipeTest } from '@/utils/tms/recipe/schema';
import { fakeSitePermissions, type FakeSitePermissions } from '@/tests/support/site-permissions';
import { FRAMES_DETAIL_ORIGIN, FRAMES_SITE, framesRecipe } from '@/utils/tms/recipe/testing/frames-recipe';

enableAutoUnmount(afterEach);
let permissions: FakeSitePermissions;
beforeEach(() => {
  permissions = fakeSitePermissions();
});

const httpWriteBack = { mode: 'http', enabled: true, method: 'POST', url: '/api/orders/{id}/events', body: { type: 'invoice' }, probe: { url: '/api/orders/{id}', json: '$.events[*].link.url' } };

async function mountCard(recipes: ResponseOf<'getRecipes'>['recipes'] = [], whole: Recipe | null = null, locale: 'de' | 'en' = 'en') {
  const bg = fakeBackground({ getRecipes: () => ({ recipes }), getRecipe: () => ({ recipe: whole }), saveRecipe: () => ({ ok: true }), removeRecipe: () => ({ ok: true }) }, 'options.html');
  const wrapper = mount(RecipesCard, { global: { plugins: plugins(locale) }, attachTo: document.body });
  await flush();
  return { wrapper, bg };
}

async function chooseFile(wrapper: Awaited<ReturnType<typeof mountCard>>['wrapper'], content: unknown, name = 'altmann.frachtbeleg-recipe.json') {
  const input = getByLabelText(wrapper, /^(Import a recipe file|Rezeptdatei importieren)$/);
  const file = new File([typeof content === 'string' ? content : JSON.stringify(content)], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  // The file is read and its tests run on their saved pages before the review shows.
  for (let i = 0; i < 50 && !queryByRole(wrapper, 'region', /^Review|prüfen$/) && !queryByRole(wrapper, 'alert'); i++) await new Promise((r) => setTimeout(r, 20));
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

// ------------------------------------------------------------------------------------------
// Import with tests, export

/** Demo detail pages saved as the builder saves them: redacted, with the orders read from them. */
const saved: RecipeTest[] = [];
beforeAll(async () => {
  const recipe = demoRecipe();
  for (const id of ['o-0001', 'o-0009']) {
    const made = await makeRecipeTest(recipe, fixtureDocument(detailFile(id)), detailUrl(id), undefined, { name: `Auftrag ${id}` });
    if (!made.ok) throw new Error(made.reason);
    saved.push(made.test);
  }
});

function demoRecipe(tests: RecipeTest[] = []): Recipe {
  const checked = validateRecipe({ ...demo, tests });
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

function exportText(recipe: Recipe): string {
  const file = recipeFile(recipe);
  if (!file.ok) throw new Error(JSON.stringify(file.problem));
  return file.text;
}

const kept = { id: demo.id, name: demo.name, revision: 1, sites: ['http://127.0.0.1:4410'], writeBack: { mode: 'ledger' as const }, paused: false, tests: 2, savedAt: '2026-12-01T10:00:00.000Z' };

describe('RecipesCard: importing a recipe file with tests', () => {
  it('runs the file\'s tests before it is kept: “2 of 2 tests pass”, and keeping is offered', async () => {
    const { wrapper, bg } = await mountCard();
    await chooseFile(wrapper, exportText(demoRecipe(saved)));
    const review = getByRole(wrapper, 'region', `Review “${demo.name}”`);
    expect(textOf(review)).toContain('2 saved pages with their expected orders');
    expect(textOf(review)).toContain('2 of 2 tests pass');
    expect(queryByRole(review, 'checkbox', 'Keep it although tests fail')).toBeNull();
    await click(getByRole(review, 'button', 'Keep this recipe'));
    expect(bg.callsOf('saveRecipe')).toEqual([{ recipe: expect.objectContaining({ id: demo.id, tests: saved }), imported: true }]);
  });

  it('shows a failing test with its first differences, and keeps the recipe only when the user ticks the override', async () => {
    const broken = structuredClone(saved[0]!);
    (broken.expected[0] as { order: { price: { minor: number } } }).order.price.minor = 125001;
    const { wrapper, bg } = await mountCard();
    await chooseFile(wrapper, exportText(demoRecipe([broken, saved[1]!])));
    const review = getByRole(wrapper, 'region', `Review “${demo.name}”`);
    expect(textOf(review)).toContain('1 of 2 tests pass');
    const failure = getByRole(review, 'region', '“Auftrag o-0001” fails');
    expect(textOf(failure)).toContain('o-0001 [0].order.price.minor: expected 125001, read 125000');
    expect(textOf(getByRole(review, 'alert'))).toContain('Its own tests fail, so it may read your TMS wrongly');

    const keep = getByRole(review, 'button', 'Keep this recipe');
    expect(isDisabled(keep)).toBe(true);
    await click(keep);
    expect(bg.callsOf('saveRecipe')).toEqual([]);

    await click(getByRole(review, 'checkbox', 'Keep it although tests fail'));
    expect(isDisabled(keep)).toBe(false);
    await click(keep);
    expect(bg.callsOf('saveRecipe')).toHaveLength(1);
    expect(getByRole(wrapper, 'status').textContent).toContain(`“${demo.name}” kept`);
  });

  it('says it in German too', async () => {
    const broken = structuredClone(saved[0]!);
    (broken.expected[0] as { order: { price: { minor: number } } }).order.price.minor = 125001;
    const { wrapper } = await mountCard([kept], null, 'de');
    expect(queryByRole(wrapper, 'button', `${demo.name} exportieren`)).not.toBeNull();
    await chooseFile(wrapper, exportText(demoRecipe([broken, saved[1]!])));
    const review = getByRole(wrapper, 'region', `„${demo.name}“ prüfen`);
    expect(textOf(review)).toContain('1 von 2 Tests bestehen');
    expect(textOf(getByRole(review, 'region', '„Auftrag o-0001“ schlägt fehl'))).toContain('o-0001 [0].order.price.minor: erwartet 125001, gelesen 125000');
    expect(isDisabled(getByRole(review, 'button', 'Rezept übernehmen'))).toBe(true);
    expect(queryByRole(review, 'checkbox', 'Trotzdem übernehmen, obwohl Tests fehlschlagen')).not.toBeNull();
  });

  it('shows where an HTTP write-back sends and what it reads first', async () => {
    const { wrapper } = await mountCard();
    await chooseFile(wrapper, { ...demo, writeBack: httpWriteBack });
    const review = getByRole(wrapper, 'region', `Review “${demo.name}”`);
    expect(textOf(review)).toContain('by POST /api/orders/{id}/events on the TMS, switched off until you turn it on');
    expect(textOf(review)).toContain('Before recording, reads /api/orders/{id} to see whether the invoice is already there.');
  });

  it('names the field of a broken recipe inside an export file', async () => {
    const { wrapper } = await mountCard();
    const text = exportText(demoRecipe(saved)).replace('"http://127.0.0.1:4410"', '"javascript:alert(1)"');
    await chooseFile(wrapper, text);
    expect(textOf(getByRole(wrapper, 'alert'))).toContain('recipe.sites.0');
  });
});

describe('RecipesCard: exporting a recipe', () => {
  function captureDownloads() {
    const blobs: Blob[] = [];
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:recipe';
    });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    return { blobs, clicked };
  }
  afterEach(() => vi.restoreAllMocks());

  it('downloads the recipe with its redacted tests as one file', async () => {
    const { blobs, clicked } = captureDownloads();
    const { wrapper, bg } = await mountCard([kept], demoRecipe(saved));
    await click(getByRole(getByRole(wrapper, 'list', 'Site recipes'), 'button', `Export ${demo.name}`));
    expect(bg.callsOf('getRecipe')).toEqual([{ id: demo.id }]);
    expect(clicked.map((a) => a.download)).toEqual(['demotms-recipe.frachtbeleg-recipe.json']);
    const file = JSON.parse(await blobs[0]!.text()) as { kind: string; redacted: boolean; recipe: Recipe };
    expect(file).toMatchObject({ kind: 'frachtbeleg-recipe', format: 1, redacted: true, recipe: { id: demo.id, tests: saved } });
    expect(getByRole(wrapper, 'status').textContent).toContain('exported to demotms-recipe.frachtbeleg-recipe.json');
  });

  it('refuses a recipe with a saved page that was not redacted, naming it, and downloads nothing', async () => {
    const { clicked } = captureDownloads();
    const raw: RecipeTest = { name: 'von Hand', url: detailUrl('o-0001').href, html: '<html><body>Spedition Nordlicht GmbH</body></html>', expected: [] };
    const { wrapper } = await mountCard([kept], demoRecipe([saved[0]!, raw]));
    await click(getByRole(wrapper, 'button', `Export ${demo.name}`));
    expect(clicked).toEqual([]);
    expect(textOf(getByRole(wrapper, 'alert'))).toBe(`“${demo.name}” can’t be exported: these saved pages were not redacted: “von Hand”. Save them again with “Save as test”.`);
  });

  it('refuses a file over 2 MB', async () => {
    const { clicked } = captureDownloads();
    const big = { ...saved[0]!, name: 'groß', html: `${saved[0]!.html}<!-- ${'ä'.repeat(1_000_000)} -->` };
    const { wrapper } = await mountCard([kept], demoRecipe([big]));
    await click(getByRole(wrapper, 'button', `Export ${demo.name}`));
    expect(clicked).toEqual([]);
    expect(textOf(getByRole(wrapper, 'alert'))).toMatch(/can’t be exported: the file would be 2\.\d MB, more than 2 MB/);
  });
});

describe('RecipesCard: the addresses a kept recipe reads', () => {
  it('asks for its site and the second origin of its detail frame in one prompt, in the Keep click', async () => {
    const { wrapper, bg } = await mountCard();
    await chooseFile(wrapper, framesRecipe());
    const review = getByRole(wrapper, 'region', 'Review “Kombi Disposition”');
    expect(textOf(review)).toContain(`${FRAMES_SITE}, ${FRAMES_DETAIL_ORIGIN}`);
    expect(permissions.prompts).toEqual([]);

    await click(getByRole(review, 'button', 'Keep this recipe'));
    await flush();
    expect(permissions.prompts).toEqual([[`${FRAMES_SITE}/*`, `${FRAMES_DETAIL_ORIGIN}/*`]]);
    expect(bg.callsOf('saveRecipe')).toHaveLength(1);
    expect(getByRole(wrapper, 'status').textContent).toContain('“Kombi Disposition” kept');
  });

  it('keeps the recipe when the user denies, and says which addresses it can’t read', async () => {
    permissions.answer = 'deny';
    const { wrapper, bg } = await mountCard();
    await chooseFile(wrapper, framesRecipe());
    await click(getByRole(getByRole(wrapper, 'region', 'Review “Kombi Disposition”'), 'button', 'Keep this recipe'));
    await flush();
    expect(bg.callsOf('saveRecipe')).toHaveLength(1);
    expect(getByRole(wrapper, 'alert').textContent).toContain(`The browser did not grant access to ${new URL(FRAMES_SITE).host}, ${new URL(FRAMES_DETAIL_ORIGIN).host}`);
  });
});
