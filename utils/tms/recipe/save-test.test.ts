/**
 * "Save as test" on saved Legacy and demo pages: the page is redacted, the expected result is
 * what the runner reads from the redacted page, and the new test passes the runner as made.
 */
import { describe, expect, it } from 'vitest';
import demoRecipeJson from '../demo/demo.recipe.json';
import { detailFile, detailUrl, fixtureDocument } from '../demo/fixtures/fixtures';
import { isRedactedHtml } from './redact';
import { runRecipeTests, type RunOptions } from './run-tests';
import { makeRecipeTest } from './save-test';
import { validateRecipe, type Recipe } from './schema';
import { LEGACY_DETAIL_URL, LEGACY_LIST_URL, LEGACY_SITE, legacyPage, legacyRecipe } from './testing/legacy-recipe';

const options: RunOptions = { parseHtml: (html) => new DOMParser().parseFromString(html, 'text/html') };

function demoRecipe(): Recipe {
  const checked = validateRecipe(demoRecipeJson);
  if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
  return checked.recipe;
}

describe('makeRecipeTest', () => {
  it('saves a Legacy detail page redacted, expecting the order as read from the redacted page', async () => {
    const recipe = legacyRecipe();
    const page = legacyPage('legacy-detail.html');
    const before = page.documentElement.outerHTML;
    const made = await makeRecipeTest(recipe, page, LEGACY_DETAIL_URL);
    if (!made.ok) throw new Error(made.reason);

    expect(made.kind).toBe('detail');
    expect(made.test).toMatchObject({ name: 'detail /auftraege/o-0289', redacted: true, url: LEGACY_DETAIL_URL.href });
    expect(isRedactedHtml(made.test.html)).toBe(true);
    expect(made.test.html).not.toContain('Allgäu');
    expect(made.test.expected).toEqual([
      {
        ok: true,
        order: expect.objectContaining({
          id: 'o-0289',
          number: 'A-2026-0289',
          price: { minor: 747300, currency: 'PLN' },
          customer: expect.objectContaining({ name: 'Kunde A', email: 'kunde-a@example.invalid', customerNumber: '10011' }),
          stops: [expect.objectContaining({ date: '2026-11-28', city: 'Poznań' }), expect.objectContaining({ date: '2026-11-29' }), expect.objectContaining({ date: '2026-12-01', city: 'Augsburg' })],
        }),
      },
    ]);
    expect(page.documentElement.outerHTML).toBe(before);

    const report = await runRecipeTests({ ...recipe, tests: [made.test] }, options);
    expect(report).toMatchObject({ passed: 1, failed: 0 });
  });

  it('with selected rows, expects those orders, read from the saved rows; the test passes as made', async () => {
    const recipe = legacyRecipe();
    const made = await makeRecipeTest(recipe, legacyPage('legacy-list.html'), LEGACY_LIST_URL, ['o-0289', 'o-0296'], { name: 'zwei Aufträge' });
    if (!made.ok) throw new Error(made.reason);
    expect(made.test.name).toBe('zwei Aufträge');
    expect(made.test.selected).toEqual(['o-0289', 'o-0296']);
    expect(made.test.expected.map((r) => (r as { id?: string; order?: { id: string } }).order?.id ?? (r as { id: string }).id)).toEqual(['o-0289', 'o-0296']);
    expect(made.notes).toEqual([expect.stringMatching(/^detail skipped/)]);
    expect(JSON.stringify(made.test.expected)).not.toMatch(/Allgäu|Elbtal/);
    expect(await runRecipeTests({ ...recipe, tests: [made.test] }, options)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('saves a demo detail page: the demo\'s customer, contact and stops are gone, the test passes', async () => {
    const recipe = demoRecipe();
    const made = await makeRecipeTest(recipe, fixtureDocument(detailFile('o-0001')), detailUrl('o-0001'));
    if (!made.ok) throw new Error(made.reason);
    expect(made.test.html).not.toContain('Nordlicht');
    const order = (made.test.expected[0] as { order: { customer: { name: string }; price: unknown } }).order;
    expect(order.customer.name).toBe('Kunde A');
    expect(order.price).toEqual({ minor: 125000, currency: 'EUR' });
    expect(await runRecipeTests({ ...recipe, tests: [made.test] }, options)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('refuses a page the recipe does not recognise, saying why', async () => {
    const made = await makeRecipeTest(legacyRecipe(), legacyPage('legacy-detail.html'), new URL(`${LEGACY_SITE}/einstellungen`));
    expect(made).toMatchObject({ ok: false, code: 'not-recognised', reason: expect.stringMatching(/not recognised/) });
  });
});
