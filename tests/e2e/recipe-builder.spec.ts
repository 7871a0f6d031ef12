/**
 * Teaching Frachtbeleg the Legacy TMS ("Altmann": server-rendered, German, label rows, no
 * JSON API) the way a user does: add the site, open the builder from the toolbar popup, point
 * at one order, at each column and at each value of one detail page, check, save. The recipe
 * is made only by the builder; a golden copy of what it made is kept for review. Then the
 * taught recipe makes a Lexware collective invoice from two orders, recorded once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page, Worker } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { test, expect } from './fixtures';
import { addTmsSite, connect, importRecipe, LEGACY_COLUMNS, openBuilderFromPopup, OptionsPage, pickColumns, pickLegacyDetailFields, Preview } from './users';

const legacy = sandboxTmsOrigins(sandboxConfig()).legacy;
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', 'legacy.recipe.json');

async function logIn(page: Page) {
  await page.goto(`${legacy}/auftraege`);
  await page.getByLabel('Benutzer').fill('dispo');
  await page.getByLabel('Passwort').fill('altmann');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Aufträge' })).toBeVisible();
}

/** The stored recipes, as the background keeps them (read in the worker, like the extension does). */
function storedRecipes(worker: Worker) {
  return worker.evaluate(async () => {
    const { recipes } = (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('recipes')) as { recipes?: Record<string, { recipe: Record<string, unknown> }> };
    return Object.values(recipes ?? {}).map((r) => r.recipe);
  });
}

/** Two orders of one customer in one currency on the list page, by their row's checkbox names. */
async function twoOfOneCustomer(page: Page): Promise<[string, string]> {
  const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ number: tr.querySelector('a')?.textContent?.trim() ?? '', customer: tr.children[2]?.textContent?.trim() ?? '', price: tr.children[7]?.textContent?.trim() ?? '', status: tr.children[8]?.textContent?.trim() ?? '' })),
  );
  const eligible = rows.filter((r) => r.price.endsWith('€') && r.status !== 'Storniert' && r.status !== 'Berechnet' && r.status !== 'Bezahlt');
  for (const a of eligible) {
    const b = eligible.find((r) => r !== a && r.customer === a.customer);
    if (b) return [a.number, b.number];
  }
  throw new Error('no two EUR orders of one customer on this page');
}

test('a user teaches the Legacy TMS with the builder and invoices two of its orders', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  test.setTimeout(120_000);
  await fetch(`${legacy}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${legacy}/auftraege`);
  await options.page.close();

  await logIn(page);
  const builder = await openBuilderFromPopup(context, extensionId);
  // The page keeps a bar while the side panel draws the builder.
  await expect(page.getByRole('region', { name: 'Frachtbeleg builder bar' })).toContainText('in the browser’s side panel');
  await expect(builder).toContainText('Step 1 of 6: Orders in the list');
  const firstRow = page.locator('table tbody tr').first();

  // 1. Rows: one click on a price.
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.locator('td').nth(7).click();
  await expect(builder.getByRole('status')).toContainText('25 orders found on this page');
  await builder.getByRole('button', { name: 'Next' }).click();

  // 2. Key: the row checkbox's value, proposed first.
  await expect(builder.getByRole('radio', { name: /the row’s checkbox: o-/ })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 3. Columns, each picked once, each previewed on every row.
  await pickColumns(builder, firstRow, LEGACY_COLUMNS);
  await expect(builder.getByText('25 of 25 read')).toHaveCount(4);
  await expect(builder.getByLabel('Status “Disponiert”')).toHaveValue('planned');
  await builder.getByRole('button', { name: 'Next' }).click();

  // 4. Selection: the TMS's own checkbox, detected.
  await expect(builder.getByRole('radio', { name: 'with the TMS’s own checkbox in each row' })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 5. One order's detail page: the builder comes back there.
  await expect(builder).toContainText('open one order’s detail page');
  const orderLink = firstRow.getByRole('link');
  const number = (await orderLink.textContent())!.trim();
  await orderLink.click();
  await expect(page.getByRole('heading', { name: `Auftrag ${number}` })).toBeVisible();
  await expect(builder).toContainText('Detail page of order o-');
  await pickLegacyDetailFields(page, builder);
  await expect(builder.getByText(/\d stops? found on this page/)).toBeVisible();
  await expect(builder.getByLabel('Rows labelled “Abholung” are')).toHaveValue('pickup');
  await builder.getByRole('button', { name: 'Next' }).click();

  // 6. Check: the order read as the preview will read it; then save.
  await builder.getByLabel('Name of the recipe').fill('Altmann Spedition');
  await builder.getByRole('button', { name: 'Read this order' }).click();
  await expect(builder.getByRole('list', { name: 'Read this order' })).toContainText(number);
  await expect(builder.getByRole('list', { name: 'Read this order' })).not.toContainText('✗');
  await builder.getByRole('button', { name: 'Save recipe' }).click();
  await expect(builder.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('now reads 127.0.0.1');

  // "Save as test": this detail page, redacted, with the order read from it as expected.
  await builder.getByRole('button', { name: 'Save this page as a test' }).click();
  await expect(builder.getByRole('status').filter({ hasText: 'Saved as a test' })).toContainText('The recipe has 1 test.');

  // The golden copy: what the builder made, for review (ids differ per run; the saved page is checked apart).
  const [recipe] = await storedRecipes(serviceWorker);
  const [saved] = recipe!.tests as { html: string; expected: unknown[]; redacted?: boolean }[];
  expect(saved!.redacted).toBe(true);
  expect(saved!.expected).toHaveLength(1);
  expect(saved!.html).not.toContain('Allgäu Spedition');
  const made = JSON.parse(JSON.stringify({ ...recipe, id: '{id}', tests: [] }).replaceAll(legacy, '{legacy}'));
  if (process.env.UPDATE_GOLDEN === '1') (await import('node:fs')).writeFileSync(GOLDEN, JSON.stringify(made, null, 2) + '\n');
  else expect(made).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));

  // Using it: reload, select two orders of one customer, a collective invoice into Lexware.
  await builder.getByRole('button', { name: 'Reload page' }).click();
  await expect(page.getByRole('button', { name: 'Create invoice' })).toBeVisible();
  await page.goto(`${legacy}/auftraege`);
  const [a, b] = await twoOfOneCustomer(page);
  await page.getByRole('checkbox', { name: `Auftrag ${a} auswählen` }).check();
  await page.getByRole('checkbox', { name: `Auftrag ${b} auswählen` }).check();
  await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await expect(preview.dialog.getByText('Collective invoice, 2 orders')).toBeVisible();
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await preview.createAndWait();
  // The ledger records it, and the list shows it on the orders after a reload.
  await page.reload();
  for (const number of [a, b]) {
    const row = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Auftrag ${number} auswählen` }) });
    await expect(row).toContainText('Invoiced');
  }
  const posts = (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
  expect(posts).toHaveLength(1);
  // The ledger records it: no request to the TMS wrote anything.
  const tmsWrites = (await (await fetch(`${legacy}/__sandbox/requests`)).json()) as { method: string; path: string }[];
  expect(tmsWrites.filter((r) => r.method === 'POST' && r.path.includes('/rechnung'))).toEqual([]);
});

test('the builder in the side panel: closing the panel brings it into the page at the same step; teaching again takes it back', async ({ context, extensionId, page, sandbox }) => {
  void sandbox;
  await fetch(`${legacy}/__sandbox/reset`, { method: 'POST' });
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${legacy}/auftraege`);
  await options.page.close();
  await logIn(page);
  const builder = await openBuilderFromPopup(context, extensionId);
  const bar = page.getByRole('region', { name: 'Frachtbeleg builder bar' });
  await expect(bar).toBeVisible();
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  // Pointing: the page says so too, where the user looks.
  await expect(bar.getByRole('status')).toContainText('Click the value in the page');
  await page.locator('table tbody tr').first().locator('td').nth(7).click();
  await expect(builder.getByRole('status')).toContainText('25 orders found on this page');

  // The user closes the side panel: the builder is in the page, where it was.
  await builder.page().close();
  const inPage = page.getByRole('region', { name: 'Teach Frachtbeleg this TMS' });
  await expect(inPage.getByRole('status')).toContainText('25 orders found on this page');
  await expect(bar).toHaveCount(0);

  // "Teach" again: back in the side panel, at the same step.
  const again = await openBuilderFromPopup(context, extensionId);
  await expect(again.getByRole('status')).toContainText('25 orders found on this page');
  await expect(bar).toBeVisible();
  await expect(inPage).toHaveCount(0);
});

test('a detail page whose label changed: the page says the price is not found, "Re-teach this field" takes one click on the value, and revision 2 reads it', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  void sandbox;
  await fetch(`${legacy}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  // The recipe as taught before the TMS renamed its "Betrag" row.
  const recipe = JSON.parse(readFileSync(GOLDEN, 'utf8').replaceAll('"{legacy}"', JSON.stringify(legacy)).replaceAll('"{id}"', '"8b1f2e6d-3c4a-4f7e-9d2b-6a5c4e3f2d10"')) as { name: string; order: { fields: { price: { html: { label: string } } } } };
  recipe.order.fields.price.html.label = 'Rechnungsbetrag';
  await importRecipe(context, extensionId, `${legacy}/auftraege`, recipe);

  await logIn(page);
  await page.locator('table tbody tr').first().getByRole('link').click();
  const amount = page.locator('xpath=//th[normalize-space()="Betrag"]/following-sibling::td[1]');
  await expect(amount).toBeVisible();
  const health = page.getByRole('status').filter({ hasText: 'may no longer read this page right' });
  await expect(health).toContainText('Price not found on this page', { timeout: 5_000 });
  await health.getByRole('button', { name: 'Re-teach this field: Price' }).click();

  const builder = page.getByRole('region', { name: 'Teach Frachtbeleg this TMS' });
  await expect(builder).toContainText('Teach “Price” again');
  await builder.getByRole('button', { name: 'Pick in the page: Price' }).click();
  await amount.click();
  await expect(builder.getByRole('list', { name: 'Price' })).not.toContainText('✗');
  await builder.getByRole('button', { name: 'Save as revision 2' }).click();
  await expect(builder.getByRole('status')).toContainText('The recipe now reads “Price” as taught (revision 2)');
  await builder.getByRole('button', { name: 'Reload page' }).click();

  await expect(amount).toBeVisible();
  await page.waitForTimeout(1_500); // the health check runs one second after the page is ready
  await expect(health).toHaveCount(0);
  const [stored] = await storedRecipes(serviceWorker);
  expect(stored).toMatchObject({ revision: 2, order: { fields: { price: { html: { label: 'Betrag' } } } } });
  // Only the price changed: every other field is as it was.
  const { price: _before, ...othersBefore } = recipe.order.fields as Record<string, unknown>;
  const { price: _after, ...othersAfter } = (stored as { order: { fields: Record<string, unknown> } }).order.fields;
  expect(othersAfter).toEqual(othersBefore);
});
