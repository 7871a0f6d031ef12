/**
 * Teaching Frachtbeleg the Grid TMS ("CargoGrid": a single-page app, a virtualized grid that
 * recycles its row elements, a JSON API behind a bearer token the app keeps in memory, a
 * drawer for details, a PATCH with a CSRF header for the invoice reference) the way a user
 * does: add the site, open the builder from the toolbar popup, let it see the data the page
 * loads, point at one row, at each column, at each value of one order's drawer and at the
 * drawer's invoice field, check, save. The builder reads the TMS's own data (capture, the key
 * joined to its ids, `captured` auth) and proposes the HTTP write-back; a golden copy of what
 * it made is kept for review. Then three orders selected across a scroll become one Lexware
 * collective invoice, and each order's invoice reference is patched into the TMS exactly once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page, Worker } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { test, expect } from './fixtures';
import { addTmsSite, connect, importRecipe, openBuilderFromPopup, OptionsPage, Preview } from './users';

const grid = sandboxTmsOrigins(sandboxConfig()).grid;
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', 'grid.recipe.json');
/** CargoGrid's row height (sandbox/tms-grid/mutate.ts GRID_GEOMETRY). */
const ROW_HEIGHT = 28;

interface GridOrder { id: string; ref: string; state: string; client: { id: string; name: string; address: { country: string } }; freight: { currency: string }; route: { legs: { site: { country: string } }[] } }

/** The stored recipes, as the background keeps them (read in the worker, like the extension does). */
function storedRecipes(worker: Worker) {
  return worker.evaluate(async () => {
    const { recipes } = (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('recipes')) as { recipes?: Record<string, { recipe: Record<string, unknown> }> };
    return Object.values(recipes ?? {}).map((r) => r.recipe);
  });
}

/** The orders in the grid's order, as its API lists them (the test signs in like the app). */
async function gridOrders(): Promise<GridOrder[]> {
  const session = (await (await fetch(`${grid}/api/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'dispatch', password: 'cargogrid' }) })).json()) as { accessToken: string };
  const all: GridOrder[] = [];
  for (let offset = 0; offset < 1000; offset += 250) {
    const page = (await (await fetch(`${grid}/api/orders?offset=${offset}&limit=250`, { headers: { Authorization: `Bearer ${session.accessToken}` } })).json()) as { data: GridOrder[] };
    all.push(...page.data);
  }
  return all;
}

/** Three domestic orders (one tax case) of one German customer in euros, not invoiced or cancelled, the last far below the first screen. */
function threeAcrossAScroll(orders: GridOrder[]): GridOrder[] {
  const open = (o: GridOrder) => o.freight.currency === 'EUR' && ['NEW', 'PLANNED', 'ON_ROAD', 'DELIVERED'].includes(o.state) && o.client.address.country === 'DE' && o.route.legs.every((l) => l.site.country === 'DE');
  for (const first of orders.slice(0, 20).filter(open)) {
    const same = orders.filter((o) => o !== first && open(o) && o.client.id === first.client.id);
    const far = same.find((o) => orders.indexOf(o) > 100);
    const second = same.find((o) => o !== far);
    if (far && second) return [first, second, far];
  }
  throw new Error('no three open EUR orders of one customer across the grid');
}

const gridOf = (page: Page) => page.getByRole('grid', { name: 'Orders' });
/** The visible row that shows this order number (rows are recycled: found by what they show). */
const rowOf = (page: Page, ref: string) => gridOf(page).getByRole('row').filter({ has: page.getByRole('gridcell', { name: ref, exact: true }) });

/** Scrolls the grid so the row at this index is in view, as the mouse wheel would. */
async function scrollTo(page: Page, index: number) {
  await gridOf(page).locator(':scope > div').nth(1).evaluate((viewport, top) => viewport.scrollTo({ top }), Math.max(0, (index - 3) * ROW_HEIGHT));
}

/** The value the drawer shows for one of its terms. */
const valueOf = (drawer: Locator, term: string) => drawer.locator(`xpath=.//dt[normalize-space()="${term}"]/following-sibling::dd[1]`);

test('a user teaches the Grid TMS from its own data with the builder and invoices three orders selected across a scroll', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  test.setTimeout(100_000);
  await fetch(`${grid}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${grid}/`);
  await options.page.close();

  await page.goto(`${grid}/`);
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const builder = await openBuilderFromPopup(context, extensionId);
  await expect(builder).toContainText('Step 1 of 6: Orders in the list');

  // 0. The builder sees the data the page loads once the page loads again.
  await builder.getByRole('button', { name: 'Reload the page to see its data' }).click();
  await expect(builder).toContainText(/The builder sees \d+ answers of data/);
  await expect(page.getByText('1,000 orders')).toBeVisible();

  // 1. Rows: one click on an amount; the grid's spare (hidden) row elements are no orders.
  const firstRow = gridOf(page).getByRole('row').nth(1);
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.getByRole('gridcell').nth(7).click();
  await expect(builder.getByRole('status')).toContainText('24 orders found on this page');
  await builder.getByRole('button', { name: 'Next' }).click();

  // 2. Key: the number the rows show, joined to the TMS's own id in its data, proposed first.
  await expect(builder.getByRole('radio', { name: /the TMS’s own id, found in its data by the column “Order”: o-/ })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 3. Columns, each picked once in the first row, each previewed on every row.
  for (const [field, cell] of [['Order number', 0], ['Customer', 1], ['Price', 7], ['Status', 8]] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await firstRow.getByRole('gridcell').nth(cell).click();
    await expect(builder.getByRole('list', { name: field })).toBeVisible();
  }
  await expect(builder.getByText('24 of 24 read')).toHaveCount(4);
  await builder.getByRole('button', { name: 'Next' }).click();

  // 4. Selection: the grid marks clicked rows aria-selected, detected.
  await expect(builder.getByRole('radio', { name: 'by clicking rows (the TMS marks them selected)' })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 5. Details: one order's drawer (no URL of its own); each value found in the order's data.
  await expect(builder).toContainText('This TMS loads its orders as data');
  await firstRow.dblclick();
  const drawer = page.getByRole('dialog', { name: /^Order / });
  await expect(drawer).toBeVisible();
  for (const [field, term] of [
    ['Order number', 'Order'], ['Customer name', 'Client'], ['Customer number', 'Account no.'], ['Billing address', 'Billing address'],
    ['Status', 'Status'], ['Price', 'Freight'], ['Stops (click one pickup or delivery)', 'Pickup'],
  ] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await valueOf(drawer, term).first().click();
    await expect(builder.getByRole('alert')).toHaveCount(0);
  }
  await expect(builder.getByText(/\d stops found on this page/)).toBeVisible();
  // Write-back through the TMS's own API: the user points at the drawer's invoice field.
  await builder.getByRole('radio', { name: /Also in the TMS, through its own API/ }).check();
  await builder.getByRole('button', { name: 'Pick in the page: The TMS’s field for the invoice number' }).click();
  await drawer.getByLabel('Invoice reference').click();
  await expect(builder.getByRole('status').filter({ hasText: 'Sends PATCH' })).toContainText('/api/orders/{id} with “invoiceReference” and the page’s X-CSRF-Token');
  // The builder's panel sits over the drawer's Close button: Esc closes the drawer, as in the TMS.
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 6. Check: three orders selected in the grid, read as the preview will read them; then save.
  await builder.getByLabel('Name of the recipe').fill('CargoGrid');
  const shown = await gridOf(page).getByRole('row').evaluateAll((rows) => rows.slice(1, 4).map((r) => r.querySelector('[role="gridcell"]')?.textContent?.trim() ?? ''));
  // A plain click selects one row (the drawer's order was selected by opening it), Ctrl adds more.
  await rowOf(page, shown[0]!).click();
  for (const ref of shown.slice(1)) await rowOf(page, ref).click({ modifiers: ['Control'] });
  await builder.getByRole('button', { name: /Read the selected orders/ }).click();
  const reads = builder.getByRole('list', { name: 'Read this order' });
  await expect(reads.getByRole('listitem')).toHaveCount(3);
  for (const ref of shown) await expect(reads).toContainText(ref);
  await expect(reads).not.toContainText('✗');
  await builder.getByRole('button', { name: 'Save recipe' }).click();
  await expect(builder.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('now reads 127.0.0.1');

  // The golden copy: what the builder made, for review (its id differs per run).
  const [recipe] = await storedRecipes(serviceWorker);
  const made = JSON.parse(JSON.stringify({ ...recipe, id: '{id}', tests: [] }).replaceAll(grid, '{grid}'));
  if (process.env.UPDATE_GOLDEN === '1') (await import('node:fs')).writeFileSync(GOLDEN, JSON.stringify(made, null, 2) + '\n');
  else expect(made).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));

  // Using it: the page reloads with the recipe; three orders of one customer, the last one far down the grid.
  await builder.getByRole('button', { name: 'Reload page' }).click();
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const picked = threeAcrossAScroll(await gridOrders());
  const orders = await gridOrders();
  // Selected the Grid's own way: a click on the first row, Ctrl+click on the others; the
  // extension follows the rows the Grid marks aria-selected, across the scroll.
  for (const [i, order] of picked.entries()) {
    await scrollTo(page, orders.findIndex((o) => o.id === order.id));
    await rowOf(page, order.ref).click(i === 0 ? {} : { modifiers: ['Control'] });
    await expect(page.getByRole('checkbox', { name: `Select ${order.id}` })).toBeChecked();
  }
  // Back to the top, where the first two are shown again on recycled rows.
  await scrollTo(page, 0);
  const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
  await bar.getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await expect(preview.dialog.getByText('Collective invoice, 3 orders')).toBeVisible();
  for (const order of picked) await expect(preview.dialog).toContainText(order.ref);
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await preview.createAndWait();

  // The write-back: one PATCH per order at the Grid TMS, with the invoice number, exactly once.
  const patches = async () => ((await (await fetch(`${grid}/__sandbox/requests`)).json()) as { method: string; path: string; body: unknown }[]).filter((r) => r.method === 'PATCH');
  await expect.poll(async () => (await patches()).map((p) => p.path).sort(), { timeout: 20_000 }).toEqual(picked.map((o) => `/api/orders/${o.id}`).sort());
  const posts = (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
  expect(posts).toHaveLength(1);
  // The TMS keeps one reference, the invoice's, on each of the three orders; the grid shows it after a reload.
  const references = (await gridOrders()).filter((o) => picked.some((p) => p.id === o.id)).map((o) => (o as GridOrder & { invoiceReference: string | null }).invoiceReference);
  expect(references).toHaveLength(3);
  expect(new Set(references).size).toBe(1);
  expect(references[0]).toBeTruthy();
  await page.reload();
  await expect(page.getByText('1,000 orders')).toBeVisible();
  await expect(rowOf(page, picked[0]!.ref)).toContainText(references[0]!);
  expect(await patches()).toHaveLength(3);
});

test('a TMS that keeps its token in sessionStorage: the builder finds it and proposes reading it from there, naming where, never the token', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  void sandbox;
  test.setTimeout(60_000);
  await fetch(`${grid}/__sandbox/reset`, { method: 'POST' });
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${grid}/`);
  await options.page.close();
  await page.goto(`${grid}/?token=session`);
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const builder = await openBuilderFromPopup(context, extensionId);
  await builder.getByRole('button', { name: 'Reload the page to see its data' }).click();
  await expect(builder).toContainText(/The builder sees \d+ answers of data/);
  const firstRow = gridOf(page).getByRole('row').nth(1);
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.getByRole('gridcell').nth(7).click();
  await builder.getByRole('button', { name: 'Next' }).click();
  await expect(builder.getByRole('radio', { name: /the TMS’s own id, found in its data/ })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();
  for (const [field, cell] of [['Order number', 0], ['Customer', 1]] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await firstRow.getByRole('gridcell').nth(cell).click();
  }
  await builder.getByRole('button', { name: 'Next' }).click();
  await builder.getByRole('button', { name: 'Next' }).click();

  // The detail step: the sign-in the page keeps in its session storage, proposed and chosen.
  const signIn = builder.getByRole('group', { name: 'How Frachtbeleg signs in to the TMS’s data:' });
  await expect(signIn.getByRole('radio', { name: /with the token the page keeps in its session storage under “cargogrid.auth”/ })).toBeChecked();
  await expect(signIn.getByRole('radio', { name: /with the sign-in of the page’s own requests/ })).not.toBeChecked();
  // The draft the background keeps names where the token is; the token itself is in no storage of the extension.
  const pageToken = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('cargogrid.auth') ?? '{}') as { accessToken?: string }).accessToken);
  expect(pageToken).toBeTruthy();
  const stored = await serviceWorker.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<unknown> }; session: { get(): Promise<unknown> } } } }).chrome;
    return JSON.stringify(await chrome.storage.local.get()) + JSON.stringify(await chrome.storage.session.get());
  });
  expect(stored).toContain('"storageKey":"cargogrid.auth"');
  expect(stored).toContain('"storagePath":"$.accessToken"');
  expect(stored).not.toContain(pageToken!);
  // The user may keep the page's own requests instead.
  await signIn.getByRole('radio', { name: /with the sign-in of the page’s own requests/ }).check();
  await expect(signIn.getByRole('radio', { name: /with the token the page keeps/ })).not.toBeChecked();
});

test('a TMS that keeps its token in sessionStorage: a recipe with storage auth reads the order and records the invoice with that token, kept nowhere else', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  test.setTimeout(90_000);
  await fetch(`${grid}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  // The builder's recipe, told to take the page's token from its session storage.
  const recipe = JSON.parse(readFileSync(GOLDEN, 'utf8').replaceAll('"{grid}"', JSON.stringify(grid)).replaceAll('"{id}"', '"2c7d9e1f-5a3b-4e6c-8d2f-1b9a7c5e3d40"')) as { name: string; sources: { auth: unknown } };
  recipe.sources.auth = { mode: 'storage', storageKey: 'cargogrid.auth', storageArea: 'session', storagePath: '$.accessToken' };
  // Imported, its HTTP write-back is off until the user turns it on.
  await importRecipe(context, extensionId, `${grid}/`, recipe, { recordInTms: true });

  await page.goto(`${grid}/?token=session`);
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const pageToken = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('cargogrid.auth') ?? '{}') as { accessToken?: string }).accessToken);
  expect(pageToken).toBeTruthy();
  // The page's storage gets a newer token than the one the app sends (it keeps its own in
  // memory since the load): the write-back must carry the one in storage, read when it sends.
  const token = ((await (await fetch(`${grid}/api/auth/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'dispatch', password: 'cargogrid' }) })).json()) as { accessToken: string }).accessToken;
  await page.evaluate((accessToken) => sessionStorage.setItem('cargogrid.auth', JSON.stringify({ accessToken, user: { name: 'Dispatch' } })), token);
  const [order] = threeAcrossAScroll(await gridOrders());
  await rowOf(page, order!.ref).click();
  await expect(page.getByRole('checkbox', { name: `Select ${order!.id}` })).toBeChecked();
  await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await expect(preview.dialog).toContainText(order!.ref);
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await preview.createAndWait();

  // The PATCH carried the token the page keeps in storage, read when it was sent.
  const patches = async () => ((await (await fetch(`${grid}/__sandbox/requests`)).json()) as { method: string; path: string; headers: Record<string, string> }[]).filter((r) => r.method === 'PATCH');
  await expect.poll(async () => (await patches()).map((p) => p.path), { timeout: 20_000 }).toEqual([`/api/orders/${order!.id}`]);
  expect((await patches())[0]!.headers.authorization).toBe(`Bearer ${token}`);
  expect((await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices')).toHaveLength(1);
  // Kept nowhere by the extension: not in its storage.
  const stored = await serviceWorker.evaluate(async () => JSON.stringify(await (globalThis as unknown as { chrome: { storage: { local: { get(): Promise<unknown> }; session: { get(): Promise<unknown> } } } }).chrome.storage.local.get()) + JSON.stringify(await (globalThis as unknown as { chrome: { storage: { session: { get(): Promise<unknown> } } } }).chrome.storage.session.get()));
  expect(stored).not.toContain(token);
  expect(stored).not.toContain(pageToken!);
});

test('the TMS renamed a field of its API: the page still looks right, the preview can’t read the prices, and once it closes the page says so and offers to teach again', async ({ context, extensionId, page }) => {
  await fetch(`${grid}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  // The recipe as taught before CargoGrid's API renamed `amountCents`.
  const recipe = JSON.parse(readFileSync(GOLDEN, 'utf8').replaceAll('"{grid}"', JSON.stringify(grid)).replaceAll('"{id}"', '"6e4a2c8b-9d1f-4b3e-a7c5-3f2e1d0c9b87"')) as { name: string; order: { fields: { price: { json: { amount: string } } } } };
  recipe.order.fields.price.json.amount = '$.freight.amountInCents';
  await importRecipe(context, extensionId, `${grid}/`, recipe);

  await page.goto(`${grid}/`);
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const first = (await gridOrders()).slice(0, 5);
  for (const [i, order] of first.entries()) {
    await rowOf(page, order.ref).click(i === 0 ? {} : { modifiers: ['Control'] });
    await expect(page.getByRole('checkbox', { name: `Select ${order.id}` })).toBeChecked();
  }
  // The list reads its prices from the grid's own column: nothing to say yet.
  const health = page.getByRole('status').filter({ hasText: 'may no longer read this page right' });
  await page.waitForTimeout(1_500);
  await expect(health).toHaveCount(0);

  await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await expect(preview.dialog).toContainText('price');
  await preview.dialog.getByRole('button', { name: 'Close' }).first().click();
  await expect(preview.dialog).toBeHidden();

  await expect(health).toContainText('Price could not be read for 5 of the 5 orders in the last preview');
  // CargoGrid shows an order in a drawer: no field to re-teach there; the whole TMS again.
  await expect(health.getByRole('button', { name: 'Teach this TMS again' })).toBeVisible();
  await expect(health.getByRole('button', { name: /^Re-teach this field/ })).toHaveCount(0);
});
