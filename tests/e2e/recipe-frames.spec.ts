/**
 * Teaching Frachtbeleg the Frames TMS ("Kombi": the order list in the top document, each
 * order's detail page in a frame beside it, reached by signed links) the way a user does:
 * add the site, open the builder from the toolbar popup, teach the list in the page, click an
 * order so its detail opens in the frame, teach its values in the builder there, check, save.
 * The recipe is made only by the builder; a golden copy of what it made is kept for review.
 * Then the taught recipe makes a Lexware collective invoice from two orders, recorded once.
 * And with that recipe imported, "Create invoice" works inside the detail frame, on both views.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, FrameLocator, Page, Worker } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { REDUCED, test, expect, type Sandbox } from './fixtures';
import { addTmsSite, connect, importRecipe, openBuilderFromPopup, OptionsPage, pickColumns, Preview } from './users';

const { frames, framesDetail } = sandboxTmsOrigins(sandboxConfig());
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', 'frames.recipe.json');
const BUILDER = 'Teach Frachtbeleg this TMS';

/** The stored recipes, as the background keeps them (read in the worker, like the extension does). */
function storedRecipes(worker: Worker) {
  return worker.evaluate(async () => {
    const { recipes } = (await (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome.storage.local.get('recipes')) as { recipes?: Record<string, { recipe: Record<string, unknown> }> };
    return Object.values(recipes ?? {}).map((r) => r.recipe);
  });
}

/** Two orders of one customer in euros, not yet invoiced or cancelled, by their order ids. */
async function twoOfOneCustomer(page: Page): Promise<[string, string]> {
  const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ id: /\/auftrag\/([^/?]+)/.exec(tr.querySelector('a')?.getAttribute('href') ?? '')?.[1] ?? '', customer: tr.children[1]?.textContent?.trim() ?? '', price: tr.children[5]?.textContent?.trim() ?? '', status: tr.children[6]?.textContent?.trim() ?? '' })),
  );
  const eligible = rows.filter((r) => r.id && r.price.endsWith('€') && !['Storniert', 'Berechnet', 'Bezahlt'].includes(r.status));
  for (const a of eligible) {
    const b = eligible.find((r) => r !== a && r.customer === a.customer);
    if (b) return [a.id, b.id];
  }
  throw new Error('no two EUR orders of one customer in the list');
}

/** The value a detail page shows for a term of its description list. */
const valueOf = (frame: FrameLocator, term: string) => frame.locator(`xpath=//dt[normalize-space()="${term}"]/following-sibling::dd[1]`);

/**
 * What a user does to teach the TMS on one of its two views (the detail frame on the site's
 * own origin, or on a second one): add the site, open the builder, teach the list, open an
 * order, teach its detail page in the frame's builder, check and save. Returns that builder.
 */
async function teach({ context, extensionId, page }: { context: BrowserContext; extensionId: string; page: Page }, view: 'gleich' | 'fremd') {
  const list = `${frames}/kombi?ansicht=${view}`;
  await Promise.all([frames, framesDetail].map((origin) => fetch(`${origin}/__sandbox/reset`, { method: 'POST' })));
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, list);
  await options.page.close();

  await page.goto(list);
  await expect(page.getByRole('columnheader', { name: 'Auftragsnr.' })).toBeVisible();
  const builder = await openBuilderFromPopup(context, extensionId);
  await expect(builder).toContainText('Step 1 of 6: Orders in the list');
  const firstRow = page.locator('table tbody tr').first();

  // 1. Rows: one click on a price.
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.locator('td').nth(5).click();
  await expect(builder.getByRole('status')).toContainText('60 orders found on this page');
  await builder.getByRole('button', { name: 'Next' }).click();

  // 2. Key: the id in the order link, proposed first (the link also carries a signature).
  await expect(builder.getByRole('radio', { name: /the order’s link: o-/ })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 3. Columns, each picked once, each previewed on every row.
  await pickColumns(builder, firstRow, [['Order number', 0], ['Customer', 1], ['Price', 5], ['Status', 6]]);
  await expect(builder.getByText('60 of 60 read')).toHaveCount(4);
  await builder.getByRole('button', { name: 'Next' }).click();

  // 4. Selection: the list has no checkboxes, so Frachtbeleg adds its own.
  await expect(builder.getByRole('radio', { name: 'with a Frachtbeleg checkbox added to each row' })).toBeChecked();
  await builder.getByRole('button', { name: 'Next' }).click();

  // 5. One order's detail: it opens in the frame beside the list, and the builder continues there.
  await expect(builder).toContainText('open one order’s detail page');
  const orderLink = firstRow.getByRole('link');
  const number = (await orderLink.textContent())!.trim();
  await orderLink.click();
  const detail = page.frameLocator('iframe[name="detail"]');
  await expect(detail.getByRole('heading', { name: `Auftrag ${number}` })).toBeVisible();
  // The side panel now draws the frame's builder: the list's stepped aside, one builder teaches.
  const inFrame = builder;
  await expect(inFrame).toContainText('Detail page of order o-');
  await expect(detail.getByRole('region', { name: 'Frachtbeleg builder bar' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Frachtbeleg builder bar' })).toHaveCount(0);
  for (const [field, term] of [
    ['Order number', 'Auftragsnummer'], ['Customer name', 'Auftraggeber'], ['Customer number', 'Kundennummer'], ['VAT ID', 'USt-IdNr.'],
    ['Billing address', 'Rechnungsanschrift'], ['Customer reference', 'Referenz'], ['Status', 'Status'], ['Price', 'Frachtbetrag'],
    ['Stops (click one pickup or delivery)', 'Ladestelle'], ['Goods', 'Ware'], ['Weight', 'Gewicht'], ['Loading metres', 'Lademeter'],
  ] as const) {
    await inFrame.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await valueOf(detail, term).click();
  }
  await expect(inFrame.getByText('2 stops found on this page')).toBeVisible();
  await expect(inFrame.getByLabel('Rows labelled “Ladestelle” are')).toHaveValue('pickup');
  await expect(inFrame.getByLabel('Rows labelled “Entladestelle” are')).toHaveValue('delivery');
  await expect(inFrame.getByRole('list', { name: 'Billing address' })).toContainText('Stuttgart');
  await inFrame.getByRole('button', { name: 'Next' }).click();

  // 6. Check: the order read as the preview will read it; then save.
  await inFrame.getByLabel('Name of the recipe').fill('Kombi Disposition');
  await inFrame.getByRole('button', { name: 'Read this order' }).click();
  await expect(inFrame.getByRole('list', { name: 'Read this order' })).toContainText(number);
  await expect(inFrame.getByRole('list', { name: 'Read this order' })).not.toContainText('✗');
  await inFrame.getByRole('button', { name: 'Save recipe' }).click();
  await expect(inFrame.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('now reads 127.0.0.1');

  return inFrame;
}

/**
 * Two orders of one customer into one Lexware collective invoice; the ledger badge after a
 * reload; a second attempt writes nothing, to Lexware or to the TMS.
 */
async function invoiceTwice(page: Page, sandbox: Sandbox) {
  const [a, b] = await twoOfOneCustomer(page);
  const invoice = async () => {
    await page.getByRole('checkbox', { name: `Select ${a}` }).check();
    await page.getByRole('checkbox', { name: `Select ${b}` }).check();
    await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
    return Preview.of(page);
  };
  const preview = await invoice();
  await expect(preview.dialog.getByText('Collective invoice, 2 orders')).toBeVisible();
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await preview.createAndWait();

  // The ledger records it, and the list shows it on the orders after a reload.
  await page.reload();
  for (const id of [a, b]) {
    const row = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${id}` }) });
    await expect(row).toContainText('Invoiced');
  }
  // A second attempt writes nothing: the orders have their invoice.
  const again = await invoice();
  await expect(again.problems()).toContainText('has an invoice already and is left out');
  await expect(again.saveButton).toBeDisabled();
  const posts = (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
  expect(posts).toHaveLength(1);
  // The ledger records it: no request to the TMS wrote anything.
  for (const origin of [frames, framesDetail]) {
    const tmsWrites = (await (await fetch(`${origin}/__sandbox/requests`)).json()) as { method: string; path: string }[];
    expect(tmsWrites.filter((r) => r.method === 'POST')).toEqual([]);
  }
}

test('a user teaches the Frames TMS, its detail in a frame, with the builder and invoices two of its orders', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  test.skip(REDUCED, 'reduced CI run: the second-origin test below teaches the same frame flow, and more');
  test.setTimeout(150_000);
  const inFrame = await teach({ context, extensionId, page }, 'gleich');

  // The golden copy: what the builder made, for review (its id differs per run).
  const [recipe] = await storedRecipes(serviceWorker);
  const made = JSON.parse(JSON.stringify({ ...recipe, id: '{id}' }).replaceAll(frames, '{frames}'));
  expect(made).toMatchObject({ detail: { view: 'iframe' }, list: { link: { attr: 'href' } }, order: { read: ['detail', 'link'] } });
  if (process.env.UPDATE_GOLDEN === '1') (await import('node:fs')).writeFileSync(GOLDEN, JSON.stringify(made, null, 2) + '\n');
  else expect(made).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));

  // Using it: the page reloads with the recipe; two orders of one customer into one Lexware invoice.
  await inFrame.getByRole('button', { name: 'Reload page' }).click();
  await expect(page.getByRole('checkbox', { name: /^Select o-/ }).first()).toBeVisible();
  await invoiceTwice(page, sandbox);
});

test('on the view whose frame is served from a second origin, the builder teaches in that frame and the recipe names the origin', async ({ context, extensionId, page, sandbox, serviceWorker }) => {
  test.setTimeout(150_000);
  const inFrame = await teach({ context, extensionId, page }, 'fremd');
  // The same recipe as on the other view, which names the frame's origin as well.
  const [recipe] = await storedRecipes(serviceWorker);
  const made = JSON.parse(JSON.stringify({ ...recipe, id: '{id}' }).replaceAll(framesDetail, '{framesDetail}').replaceAll(frames, '{frames}'));
  expect(made.extraOrigins).toEqual(['{framesDetail}']);
  expect({ ...made, extraOrigins: [] }).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  // The frame on the other origin can't reload the page around it: the extension reloads the tab.
  await inFrame.getByRole('button', { name: 'Reload page' }).click();
  await expect(page.getByRole('checkbox', { name: /^Select o-/ }).first()).toBeVisible();
  // The orders are read from the second origin, where the rows link to.
  await invoiceTwice(page, sandbox);
  const detailReads = (await (await fetch(`${framesDetail}/__sandbox/requests`)).json()) as { method: string; path: string }[];
  expect(detailReads.filter((r) => r.method === 'GET' && r.path.startsWith('/rahmen/auftrag/')).length).toBeGreaterThanOrEqual(2);
});

/**
 * The recipe the builder made (the golden copy), as a user imports it from a file: the same
 * recipe on the site, its detail frame's second origin named as the builder names it.
 */
async function importGolden(context: BrowserContext, extensionId: string, change: (recipe: { list: { summary: Record<string, unknown> } }) => void = () => {}) {
  const recipe = { ...JSON.parse(readFileSync(GOLDEN, 'utf8').replaceAll('{frames}', frames)), id: '3f0e5c1a-7b2d-4c8e-9a61-5d4f3b2a1c0e', extraOrigins: [framesDetail] };
  change(recipe);
  await importRecipe(context, extensionId, `${frames}/kombi`, recipe, { review: (review) => expect(review).toContainText(framesDetail) });
}

test('with the recipe imported, "Create invoice" inside the detail frame reads that order, on the same and on the second origin; made on the second origin, the invoice is the site’s', async ({ context, extensionId, page, openExtensionPage }) => {
  test.setTimeout(90_000);
  await Promise.all([frames, framesDetail].map((origin) => fetch(`${origin}/__sandbox/reset`, { method: 'POST' })));
  await connect(context, extensionId);
  await importGolden(context, extensionId);

  for (const view of ['gleich', 'fremd'] as const) {
    await page.goto(`${frames}/kombi?ansicht=${view}`);
    const [id] = await twoOfOneCustomer(page);
    const row = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${id}` }) });
    const number = (await row.getByRole('link').textContent())!.trim();
    await row.getByRole('link').click();
    const detail = page.frameLocator('iframe[name="detail"]');
    await expect(detail.getByRole('heading', { name: `Auftrag ${number}` })).toBeVisible();
    const origin = view === 'gleich' ? frames : framesDetail;
    expect(page.frames().some((f) => f.url().startsWith(`${origin}/rahmen/auftrag/${id}`)), `the detail frame is on ${origin}`).toBe(true);
    const price = (await valueOf(detail, 'Frachtbetrag').textContent())!.trim();

    // The action sits in the frame, beside the order it reads.
    const listBar = page.getByRole('region', { name: 'Proposed for invoicing' });
    await expect(listBar).toBeVisible();
    await detail.getByRole('button', { name: 'Create invoice' }).click();
    const preview = await Preview.of(detail);
    // The list page's bar at the bottom of the window steps aside while the frame shows its
    // preview (it would cover the frame's lower edge, where Save is).
    await expect(listBar).toBeHidden();
    await expect(preview.dialog).toContainText(number);
    await expect(preview.dialog).toContainText(euros(price));
    await expect(preview.problems()).not.toContainText('could not be read');
    await expect(preview.saveButton).toBeVisible();
    if (view === 'gleich') continue;

    // Made in the frame on the second origin, the invoice is the site's order's: the list
    // (the top document, on the site) shows its badge and leaves it out of a second invoice.
    await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
    await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
    // Nothing of the list page covers the Save button at the frame's lower edge: a real click.
    await expect(preview.saveButton).toBeEnabled();
    await preview.saveButton.click();
    await expect(preview.dialog.getByText('Done. The orders now show "Invoice created".')).toBeVisible({ timeout: 30_000 });
    await page.reload();
    const invoiced = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${id}` }) });
    await expect(invoiced).toContainText('Invoiced');
    await invoiced.getByRole('checkbox', { name: `Select ${id}` }).check();
    await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
    const again = await Preview.of(page);
    await expect(again.problems()).toContainText('has an invoice already and is left out');
    await expect(again.saveButton).toBeDisabled();

    // The book keeps the order under the site's origin, not the frame's.
    const book = await openExtensionPage('book.html');
    const invoices = book.getByRole('grid', { name: 'Invoices' }).getByRole('row').filter({ has: book.getByRole('gridcell') });
    await expect(invoices).toHaveCount(1);
    await invoices.first().getByRole('button', { name: /^1 order · / }).click();
    const orders = book.getByRole('list', { name: /^Orders of / });
    await expect(orders).toContainText(number);
    await expect(orders).toContainText(frames);
    await expect(orders).not.toContainText(framesDetail);
  }
});

/** "1.250,00 €" as the English preview writes it ("€1,250.00"). */
function euros(german: string): string {
  const amount = Number(german.replace(/[^\d,]/g, '').replace(',', '.'));
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(amount);
}

test('the TMS changed its skin: the list says which column no longer reads, "Re-teach this field" takes one click in a row, and the list reads again', async ({ context, extensionId, page, serviceWorker }) => {
  test.setTimeout(90_000);
  await Promise.all([frames, framesDetail].map((origin) => fetch(`${origin}/__sandbox/reset`, { method: 'POST' })));
  await connect(context, extensionId);
  // The price column as a recipe taught by its class name alone would hold it.
  await importGolden(context, extensionId, (recipe) => {
    recipe.list.summary.price = { any: [{ css: 'td.k-fracht' }], parse: [{ money: {} }] };
  });

  // The TMS's new skin: other class names, other column order (the sandbox's mutation seed 7).
  await page.goto(`${frames}/kombi?ansicht=gleich&mutate=7`);
  await expect(page.getByRole('columnheader', { name: 'Fracht' })).toBeVisible();
  const health = page.getByRole('status').filter({ hasText: 'may no longer read this page right' });
  await expect(health).toContainText('Price found in 0 of 60 rows', { timeout: 5_000 });
  // The notice keeps above the action bar: "Create invoice" stays clickable beside it.
  await page.getByRole('checkbox', { name: /^Select / }).first().check();
  const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
  await bar.getByRole('button', { name: 'Create invoice' }).click({ trial: true, timeout: 5_000 });
  // The bar says so too; closed, the notice comes back from there.
  await expect(bar.getByRole('status')).toContainText('The recipe may not read this page right');
  await health.getByRole('button', { name: 'Close' }).click();
  await expect(health).toHaveCount(0);
  await bar.getByRole('button', { name: 'Show why' }).click();
  await expect(health).toContainText('Price found in 0 of 60 rows');
  await health.getByRole('button', { name: 'Re-teach this field: Price' }).click();

  const builder = page.getByRole('region', { name: BUILDER });
  await expect(builder).toContainText('Teach “Price” again');
  await builder.getByRole('button', { name: 'Pick in the page: Price' }).click();
  const headers = await page.getByRole('columnheader').allTextContents();
  const priceColumn = headers.findIndex((h) => h.trim() === 'Fracht');
  await page.locator('table tbody tr').first().locator('td').nth(priceColumn).click();
  await expect(builder.getByText('60 of 60 read')).toBeVisible();
  await builder.getByRole('button', { name: 'Save as revision 2' }).click();
  await expect(builder.getByRole('status')).toContainText('The recipe now reads “Price” as taught (revision 2)');
  await builder.getByRole('button', { name: 'Reload page' }).click();

  // Read again with revision 2: no notice, and the prices are the ones on the page.
  await expect(page.getByRole('columnheader', { name: 'Fracht' })).toBeVisible();
  await page.waitForTimeout(1_500); // the health check runs one second after the page is ready
  await expect(health).toHaveCount(0);
  const stored = await storedRecipes(serviceWorker);
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ revision: 2 });
  // Taught by its header now, the way the builder ranks locators: the next skin keeps it.
  const price = (stored[0] as { list: { summary: { price: unknown } } }).list.summary.price;
  expect(price).toMatchObject({ column: 'Fracht', parse: [{ money: {} }] });
});
