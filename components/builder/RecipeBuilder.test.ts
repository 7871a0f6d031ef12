/**
 * The builder panel on a saved Legacy list page: the user picks in the page, the panel
 * proposes and previews, every change goes to the background as a draft that validates.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import * as v from 'valibot';
import RecipeBuilder from './RecipeBuilder.vue';
import { BuilderDraftSchema, newDraft, type BuilderDraft } from '@/utils/tms/recipe/builder/draft';
import { flattenCatalog } from '@/utils/i18n/translate';
import type { RecipeTest } from '@/utils/tms/recipe/schema';
import { isRedactedHtml } from '@/utils/tms/recipe/redact';
import { taughtLegacy } from '@/tests/support/recipes';
import { en } from '@/utils/i18n/en';
import { de } from '@/utils/i18n/de';
import { recipeFromDraft } from '@/utils/tms/recipe/builder/draft';
import { makeRecipeTest } from '@/utils/tms/recipe/save-test';
import { adapterFromRecipe } from '@/utils/tms/recipe/adapter';

const ORIGIN = 'http://127.0.0.1:4413';
const LIST = readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-list.html'), 'utf8');

let wrapper: VueWrapper | undefined;
let puts: BuilderDraft[];
let tests: RecipeTest[];
let language: 'en' | 'de';

function open(draft: BuilderDraft = newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', '127.0.0.1:4413'), url = `${ORIGIN}/auftraege`) {
  const host = document.createElement('div');
  document.body.append(host);
  const transport = {
    put: vi.fn(async (d: BuilderDraft) => (puts.push(d), { ok: true })),
    save: vi.fn(async () => ({ ok: true as const })),
    close: vi.fn(async () => undefined),
    addTest: vi.fn(async (_id: string, test: RecipeTest) => (tests.push(test), { ok: true as const, tests: tests.length })),
    savedTests: vi.fn(async () => tests as unknown[]),
  };
  wrapper = mount(RecipeBuilder, {
    attachTo: host,
    props: { draft, locale: language, texts: flattenCatalog(language === 'de' ? de : en, ['builder', 'readProblem', 'orderField']), page: { doc: document, url: () => new URL(url), fetch: vi.fn(), isOwn: (t: EventTarget) => t === host }, transport, reload: vi.fn() },
  });
  return { wrapper, transport };
}

const cell = (text: string) => [...document.querySelectorAll('td')].find((td) => td.textContent?.trim() === text)!;
const button = (w: VueWrapper, name: string) => w.findAll('button').find((b) => (b.attributes('aria-label') ?? b.text()) === name)!;

beforeEach(() => {
  puts = [];
  tests = [];
  language = 'en';
  document.body.innerHTML = new DOMParser().parseFromString(LIST, 'text/html').body.innerHTML;
});
afterEach(() => {
  wrapper?.unmount();
  document.body.innerHTML = '';
});

describe('teaching a list page', () => {
  it('one click on a price finds the 25 orders, outlines them, and keeps the draft', async () => {
    const { wrapper } = open();
    expect(wrapper.text()).toContain('Step 1 of 6: Orders in the list');
    await button(wrapper, 'Pick in the page').trigger('click');
    expect(wrapper.get('[role="status"]').text()).toContain('Click the value in the page');
    cell('7.473,00 PLN').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(wrapper.text()).toContain('25 orders found on this page');
    expect((document.querySelector('tbody tr') as HTMLElement).style.outline).toContain('solid');
    const last = puts.at(-1)!;
    expect(v.is(BuilderDraftSchema, last)).toBe(true);
    expect(last).toMatchObject({ listPath: '/auftraege', rowCss: 'tbody > tr', keys: expect.arrayContaining(['o-0289']) });
  });

  it('the picking click does not reach the TMS (no checkbox ticked, no link followed)', async () => {
    const { wrapper } = open();
    await button(wrapper, 'Pick in the page').trigger('click');
    const box = document.querySelector('input[type="checkbox"]') as HTMLInputElement;
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    box.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
    expect(box.checked).toBe(false);
  });

  it('each column picked once is previewed on every row, problems included; statuses are mapped for review', async () => {
    const draft = { ...newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'), step: 'summary' as const, listPath: '/auftraege', rowCss: 'tbody > tr', rowKey: { css: 'input[type="checkbox"]', attr: 'value' }, keys: ['o-0289'] };
    const { wrapper } = open(draft);
    await button(wrapper, 'Pick in the page: Price').trigger('click');
    cell('7.473,00 PLN').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const prices = wrapper.get('ol[aria-label="Price"]');
    expect(prices.findAll('li')[0]!.text().replace(/\s/g, ' ')).toBe('PLN 7,473.00');
    expect(wrapper.text()).toContain('25 of 25 read');

    await button(wrapper, 'Pick in the page: Status').trigger('click');
    cell('Disponiert').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const select = wrapper.findAll('label').find((l) => l.text().startsWith('Status “Offen”'))!.get('select');
    expect((select.element as HTMLSelectElement).value).toBe('open');
    await select.setValue('planned');
    expect(puts.at(-1)!.statusMap).toMatchObject({ Offen: 'planned', Disponiert: 'planned', Zugestellt: 'delivered' });
    // Number and customer are needed before going on.
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined();
  });

  it('a click where nothing repeats says so and proposes nothing', async () => {
    const { wrapper } = open();
    await button(wrapper, 'Pick in the page').trigger('click');
    document.querySelector('h1')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('Nothing around this repeats. Click a value inside one order’s row.');
    expect(puts).toEqual([]);
  });

  it('closing before saving asks first; the background forgets the draft', async () => {
    const { wrapper, transport } = open();
    await button(wrapper, 'Close the builder').trigger('click');
    const confirm = wrapper.get('[role="alertdialog"]');
    expect(confirm.text()).toContain('Close without saving?');
    await confirm.findAll('button')[0]!.trigger('click');
    await flushPromises();
    expect(transport.close).toHaveBeenCalledOnce();
    expect(wrapper.emitted('closed')).toHaveLength(1);
  });

  it('after saving, this page is kept as a test: redacted, with the rows it reads as expected', async () => {
    const { locale: _notation, ...draft } = taughtLegacy();

    const { wrapper, transport } = open(draft);
    await button(wrapper, 'Save recipe').trigger('click');
    await flushPromises();
    expect(transport.save).toHaveBeenCalledOnce();
    expect(wrapper.text()).toContain('Saved. Frachtbeleg now reads 127.0.0.1:4413 with “Altmann”.');
    await button(wrapper, 'Save this page as a test').trigger('click');
    await vi.waitFor(() => expect(tests).toHaveLength(1));
    const [test] = tests;
    expect(isRedactedHtml(test!.html)).toBe(true);
    expect(test!.html).not.toContain('Allgäu Spedition');
    expect(test!.expected).toHaveLength(25);
    await flushPromises();
    expect(wrapper.text()).toContain('Saved as a test, redacted of personal data. The recipe has 1 test.');
  });
});

describe('"Run tests" in the builder', () => {
  /** This list page saved as a test of the taught recipe, the way "Save as test" keeps it. */
  async function savedTest(name: string) {
    const { locale: _notation, ...draft } = taughtLegacy();
    const made = recipeFromDraft(draft);
    if (!made.ok) throw new Error('the taught draft makes no recipe');
    const test = await makeRecipeTest(made.recipe, document, new URL(`${ORIGIN}/auftraege`), undefined, { name });
    if (!test.ok) throw new Error(test.reason);
    return { draft, test: test.test };
  }

  it('runs the saved tests and checks the open page: each test passed or failed, with what differs', async () => {
    const { draft, test } = await savedTest('list as saved');
    const expected = test.expected as { id: string; customerName: string }[];
    const changed = expected.map((row, i) => (i === 0 ? { ...row, customerName: 'Kunde Z' } : row));
    tests = [test, { ...test, name: 'list with a changed customer', expected: changed }];
    const { wrapper, transport } = open(draft);

    await button(wrapper, 'Run tests').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[aria-label="Test results"]').exists()).toBe(true));
    expect(transport.savedTests).toHaveBeenCalledOnce();
    const results = wrapper.get('[aria-label="Test results"]');
    expect(results.get('[role="status"]').text()).toBe('1 of 2 saved tests passed.');
    expect(results.text()).toContain('✓ Passed: list as saved');
    expect(results.text()).toContain('✗ Failed: list with a changed customer');

    const table = results.get('table');
    expect(table.get('caption').text()).toBe('What differs in “list with a changed customer”');
    expect(table.findAll('th').map((th) => th.text())).toEqual(['Order', 'Field', 'Expected', 'Got']);
    const cells = table.findAll('tbody tr').map((tr) => tr.findAll('td').map((td) => td.text()));
    expect(cells).toEqual([[expected[0]!.id, 'customerName', '"Kunde Z"', JSON.stringify(expected[0]!.customerName)]]);

    expect(results.text()).toContain('✓ Passed: 25 rows read, each with its number and customer.');
  });

  it('a recipe without saved tests says how to keep one; a page the recipe misreads fails the live check (in German)', async () => {
    language = 'de';
    const { locale: _notation, ...draft } = taughtLegacy({ summary: { number: { column: 'Auftrag' }, customer: { column: 'Auftraggeber' } } });
    const { wrapper } = open(draft);
    await button(wrapper, 'Tests ausführen').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[aria-label="Testergebnisse"]').exists()).toBe(true));
    const results = wrapper.get('[aria-label="Testergebnisse"]');
    expect(results.get('[role="status"]').text()).toContain('Das Rezept hat noch keine gespeicherten Tests.');
    expect(results.text()).toMatch(/✗ Nicht bestanden: Bei o-\d+ wird der Kundenname nicht gelesen\./);
  });
});

describe('the write-back choice on the detail page', () => {
  it('offers instructions with Copy and Fill: the user points at the TMS\'s field for the invoice number', async () => {
    document.body.innerHTML = new DOMParser().parseFromString(readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8'), 'text/html').body.innerHTML;
    const { wrapper } = open(taughtLegacy({ step: 'detail' }), `${ORIGIN}/auftraege/o-0289`);
    const choice = wrapper.get('fieldset.fb-builder-writeback');
    expect(choice.get('legend').text()).toBe('How invoices are recorded');
    const [ledger, instructions] = choice.findAll('input[type="radio"]');
    expect((ledger!.element as HTMLInputElement).checked).toBe(true);
    expect(button(wrapper, 'Next').attributes('disabled')).toBeUndefined();

    await instructions!.setValue(true);
    expect(puts.at(-1)!.writeBack).toEqual({ mode: 'instructions' });
    // Instructions need the field before going on.
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined();

    await button(wrapper, 'Pick in the page: Field for the invoice number').trigger('click');
    document.querySelector('input[name="rechnungsnr"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(choice.get('[role="status"]').text()).toBe('Invoice numbers go into “Rechnungs-Nr.”.');
    expect(button(wrapper, 'Next').attributes('disabled')).toBeUndefined();
    const made = recipeFromDraft(puts.at(-1)!);
    expect(made.ok && made.recipe.writeBack).toEqual({ mode: 'instructions', field: { any: [{ label: 'Rechnungs-Nr.' }, { css: 'input[name="rechnungsnr"]' }, { css: '#rechnungsnr' }] } });
  });

  it('a click on something that is no text field says so and keeps the recipe as it was', async () => {
    document.body.innerHTML = new DOMParser().parseFromString(readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8'), 'text/html').body.innerHTML;
    const { wrapper } = open(taughtLegacy({ step: 'detail', writeBack: { mode: 'instructions' } }), `${ORIGIN}/auftraege/o-0289`);
    await button(wrapper, 'Pick in the page: Field for the invoice number').trigger('click');
    document.querySelector('h1')!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toBe('That is not a text field of the TMS. Click the field where the invoice number goes, or its label.');
    expect(puts).toEqual([]);
  });
});

describe('"Re-teach this field"', () => {
  it('opens at that column only: the user picks it again, sees it read on every row, and saves a new revision', async () => {
    const draft: BuilderDraft = {
      ...newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'),
      revision: 4,
      step: 'summary',
      reteach: 'price',
      listPath: '/auftraege',
      rowCss: 'tbody > tr',
      rowKey: { css: 'input[type="checkbox"]', attr: 'value' },
      // The TMS renamed the column: the old locator finds nothing.
      summary: { number: { column: 'Auftrag' }, customer: { column: 'Kunde' }, price: { column: 'Frachtpreis' } },
    };
    const { wrapper, transport } = open(draft);
    expect(wrapper.get('h3').text()).toBe('Teach “Price” again');
    expect(wrapper.text()).not.toContain('Step ');
    expect(wrapper.findAll('button').map((b) => b.attributes('aria-label') ?? b.text())).not.toContain('Pick in the page: Customer');
    expect(wrapper.text()).toContain('0 of 25 read');
    const save = button(wrapper, 'Save as revision 4');
    expect(save.attributes('disabled')).toBeDefined();

    await button(wrapper, 'Pick in the page: Price').trigger('click');
    cell('7.473,00 PLN').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(wrapper.text()).toContain('25 of 25 read');
    expect(puts.at(-1)!.summary).toMatchObject({ number: { column: 'Auftrag' }, customer: { column: 'Kunde' } });
    expect(puts.at(-1)!.summary.price).not.toEqual({ column: 'Frachtpreis' });

    await button(wrapper, 'Save as revision 4').trigger('click');
    await flushPromises();
    expect(transport.save).toHaveBeenCalledOnce();
    expect(wrapper.get('[role="status"]').text()).toBe('Saved. The recipe now reads “Price” as taught (revision 4). Reload the page to use it.');
  });
});

describe('the live preview shows values as the invoice preview will', () => {
  const LEGACY_DETAIL = readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8');
  const items = (w: VueWrapper, label: string) => w.get(`[aria-label="${label}"]`).findAll('li').map((li) => li.text().replace(/\s/g, ' '));

  it('every visible row of a list column, money with its currency, statuses in the user\'s words, problems in red', async () => {
    // The last row's price as a TMS shows one it can't quote yet.
    const prices = [...document.querySelectorAll('td')].filter((td) => /\d,\d\d\s*(PLN|EUR|€|CHF)|€/.test(td.textContent ?? ''));
    prices.at(-1)!.textContent = 'auf Anfrage';
    const draft = { ...newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'), step: 'summary' as const, listPath: '/auftraege', rowCss: 'tbody > tr', rowKey: { css: 'input[type="checkbox"]', attr: 'value' }, keys: ['o-0289'] };
    const { wrapper } = open(draft);
    await button(wrapper, 'Pick in the page: Price').trigger('click');
    cell('7.473,00 PLN').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const shown = items(wrapper, 'Price');
    expect(shown).toHaveLength(25);
    expect(shown.slice(0, 24).every((p) => /^(PLN|€|CHF|£)\s?[\d,]+\.\d{2}$/.test(p))).toBe(true);
    const problem = wrapper.get('[aria-label="Price"]').findAll('li').at(-1)!;
    expect(problem.classes()).toContain('fb-builder-problem');
    expect(problem.text()).toMatch(/^auf Anfrage ✗/);

    await button(wrapper, 'Pick in the page: Status').trigger('click');
    cell('Disponiert').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const statuses = items(wrapper, 'Status');
    expect(statuses).toHaveLength(25);
    expect(statuses).toContain('Planned');
    expect(statuses).not.toContain('Disponiert');
  });

  it('on a detail page: weight and loading metres in the user\'s notation, each stop with its day and country (in German)', async () => {
    language = 'de';
    document.body.innerHTML = new DOMParser().parseFromString(LEGACY_DETAIL, 'text/html').body.innerHTML;
    const base = taughtLegacy({ step: 'detail' });
    const fields = { ...base.fields, 'load.weightKg': { html: { label: 'Gewicht' }, parse: [{ weight: { to: 'kg' } }] }, 'load.loadingMeters': { html: { label: 'Lademeter' }, parse: [{ loadingMeters: {} }] } };
    const { wrapper } = open({ ...base, fields } as BuilderDraft, `${ORIGIN}/auftraege/o-0289`);
    expect(items(wrapper, 'Gewicht')).toEqual(['18.200 kg']);
    expect(items(wrapper, 'Lademeter')).toEqual(['13,6 ldm']);
    expect(items(wrapper, 'Betrag')).toEqual(['7.473,00 PLN']);

    await button(wrapper, 'In der Seite zeigen: Stopps (eine Abholung oder Zustellung anklicken)').trigger('click');
    const pickup = [...document.querySelectorAll('td')].find((td) => td.textContent?.includes('Poznań'))!;
    pickup.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const stops = items(wrapper, 'Stopps (eine Abholung oder Zustellung anklicken)');
    expect(stops).toHaveLength(3);
    expect(stops[0]).toBe('Abholung · 28.11.2026 · 60-004 Poznań · Polen (PL)');
    expect(stops[2]).toBe('Zustellung · 01.12.2026 · 86163 Augsburg · Deutschland (DE)');
  });
});

describe('the freight references on the detail page', () => {
  const LEGACY_DETAIL = readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8');

  /** The Legacy detail page with the rows a TMS that keeps them shows. */
  function detailWithReferences() {
    const weight = '<tr><th scope="row">Gewicht</th><td>18,2 t</td></tr>';
    const rows = '<tr><th scope="row">CMR-Nr.</th><td>CMR 4711-26</td></tr><tr><th scope="row">Kennzeichen</th><td>B-FB 1234</td></tr><tr><th scope="row">Frankatur</th><td>frei Haus</td></tr><tr><th scope="row">MRN</th><td>26DE123456789012A1</td></tr>';
    expect(LEGACY_DETAIL).toContain(weight);
    document.body.innerHTML = new DOMParser().parseFromString(LEGACY_DETAIL.replace(weight, weight + rows), 'text/html').body.innerHTML;
  }

  it('asks for CMR number, vehicle, Frankatur and MRN as optional fields; each picked one is read into the order', async () => {
    detailWithReferences();
    const { wrapper } = open(taughtLegacy({ step: 'detail' }), `${ORIGIN}/auftraege/o-0289`);
    for (const [name, value] of [['CMR number', 'CMR 4711-26'], ['Vehicle (licence plate)', 'B-FB 1234'], ['Freight terms (Frankatur, e.g. “frei Haus”)', 'frei Haus'], ['Export reference (MRN)', '26DE123456789012A1']] as const) {
      const item = wrapper.findAll('.fb-builder-field').find((f) => f.text().startsWith(name))!;
      expect(item.text()).not.toContain('(required)');
      await button(wrapper, `Pick in the page: ${name}`).trigger('click');
      [...document.querySelectorAll('td')].find((td) => td.textContent?.trim() === value)!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      await flushPromises();
      expect(wrapper.get(`[aria-label="${name}"]`).text()).toBe(value);
    }
    // Optional: the step goes on without them, and the recipe made from the draft reads them.
    expect(button(wrapper, 'Next').attributes('disabled')).toBeUndefined();
    await button(wrapper, 'Pick in the page: Stops (click one pickup or delivery)').trigger('click');
    [...document.querySelectorAll('td')].find((td) => td.textContent?.includes('Poznań'))!.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    const made = recipeFromDraft(puts.at(-1)!);
    if (!made.ok) throw new Error(JSON.stringify(made.issues));
    expect(made.recipe.order.fields.cmrNumber).toEqual({ html: { label: 'CMR-Nr.' } });
    const read = adapterFromRecipe(made.recipe).readDetail(document, new URL(`${ORIGIN}/auftraege/o-0289`));
    expect(read.ok ? { cmr: read.order.cmrNumber, vehicle: read.order.vehicle, terms: read.order.freightTerms, mrn: read.order.exportReference } : read.problems).toEqual({
      cmr: 'CMR 4711-26', vehicle: 'B-FB 1234', terms: 'frei Haus', mrn: '26DE123456789012A1',
    });
  });

  it('names them in German', () => {
    language = 'de';
    detailWithReferences();
    const { wrapper } = open(taughtLegacy({ step: 'detail' }), `${ORIGIN}/auftraege/o-0289`);
    for (const name of ['CMR-Nummer', 'Fahrzeug (Kennzeichen)', 'Frankatur (z. B. „frei Haus“)', 'Ausfuhr-Referenz (MRN)']) expect(button(wrapper, `In der Seite zeigen: ${name}`).exists()).toBe(true);
  });
});

describe('"Re-teach this field" on a detail page', () => {
  it('opens at that field only: the user picks it again on the order\'s page, sees it read, and saves a new revision', async () => {
    document.body.innerHTML = new DOMParser().parseFromString(readFileSync(path.resolve('utils/tms/recipe/builder/fixtures/legacy-detail.html'), 'utf8'), 'text/html').body.innerHTML;
    const draft: BuilderDraft = {
      ...newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'),
      revision: 4,
      step: 'detail',
      reteachDetail: 'load.weightKg',
      detail: { path: '/auftraege/:id', fetch: '/auftraege/:id' },
      // The TMS renamed the row: the old locator finds nothing.
      fields: { 'load.weightKg': { html: { label: 'Bruttogewicht' }, parse: [{ weight: { to: 'kg' } }] } },
    };
    const { wrapper, transport } = open(draft, `${ORIGIN}/auftraege/o-0289`);
    expect(wrapper.get('h3').text()).toBe('Teach “Weight” again');
    expect(wrapper.text()).not.toContain('Step ');
    expect(wrapper.get('[aria-label="Weight"]').text()).toMatch(/✗/);
    const save = button(wrapper, 'Save as revision 4');
    expect(save.attributes('disabled')).toBeDefined();

    await button(wrapper, 'Pick in the page: Weight').trigger('click');
    cell('18,2 t').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    await flushPromises();
    expect(wrapper.get('[aria-label="Weight"]').text().replace(/\s/g, ' ')).toBe('18,200 kg');
    expect(Object.keys(puts.at(-1)!.fields)).toEqual(['load.weightKg']);

    await button(wrapper, 'Save as revision 4').trigger('click');
    await flushPromises();
    expect(transport.save).toHaveBeenCalledOnce();
    expect(wrapper.get('[role="status"]').text()).toBe('Saved. The recipe now reads “Weight” as taught (revision 4). Reload the page to use it.');
  });

  it('on a page that is not one of the order pages, it says where to go (in German)', () => {
    language = 'de';
    const draft: BuilderDraft = { ...newDraft(ORIGIN, '6f1c2b4e-8a9d-4c3e-b2f1-0a1b2c3d4e5f', 'Altmann'), step: 'detail', reteachDetail: 'price', detail: { path: '/auftraege/:id', fetch: '/auftraege/:id' } };
    const { wrapper } = open(draft, `${ORIGIN}/auftraege`);
    expect(wrapper.get('[role="alert"]').text()).toBe('Öffnen Sie die Seite eines Auftrags, um den Wert dort zu zeigen.');
  });
});
