/**
 * The demo TMS read by a site recipe instead of its built-in adapter, set up as a user
 * would: import the recipe file in the options page, review it, keep it, choose it for the
 * site, turn on its write-back after reading what it sends. Then a collective invoice into
 * the Lexware emulator, recorded on the orders exactly once.
 */
import path from 'node:path';
import { test, expect, type Sandbox } from './fixtures';
import { connect, OptionsPage, OrdersPage } from './users';

const RECIPE_FILE = path.resolve('utils/tms/demo/demo.recipe.json');

type StoredOrder = { id: string; events: { type: string; link?: { url: string } }[] };

async function invoiceEventsOn(sandbox: Sandbox, id: string) {
  const orders = await sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders');
  return orders.find((o) => o.id === id)!.events.filter((e) => e.type === 'invoice');
}

test('a recipe imported in the options page reads the demo TMS and records the invoice once', async ({ context, extensionId, page, sandbox }) => {
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  const recipes = options.page.getByRole('region', { name: 'Site recipes' });
  await recipes.getByLabel('Import a recipe file').setInputFiles(RECIPE_FILE);

  const review = recipes.getByRole('region', { name: 'Review “DemoTMS (recipe)”' });
  await expect(review).toContainText('http://127.0.0.1:4410');
  await expect(review).toContainText('switched off until you turn it on');
  await review.getByRole('button', { name: 'Keep this recipe' }).click();
  await expect(recipes.getByRole('status')).toContainText('“DemoTMS (recipe)” kept');

  const sites = options.page.getByRole('region', { name: 'TMS sites' });
  await sites.getByLabel('Read http://127.0.0.1:4410 with').selectOption({ label: 'DemoTMS (recipe) (recipe)' });
  await expect(sites.getByRole('status')).toContainText('is now read with DemoTMS (recipe)');
  await recipes.getByLabel('Record invoices in the TMS with DemoTMS (recipe)').check();
  await expect(recipes.getByRole('status')).toContainText('now records invoices in the TMS');
  await options.page.close();

  const orders = await OrdersPage.open(page);
  await orders.filter('Customer', 'Spedition Nordlicht GmbH');
  await orders.filter('Status', 'Delivered');
  await orders.select('A-2026-0412');
  await orders.select('A-2026-0413');
  const preview = await orders.createInvoice();
  await expect(preview.dialog.getByText('Collective invoice, 2 orders')).toBeVisible();
  await preview.linkBySearch('10001', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();

  const posts = (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
  expect(posts).toHaveLength(1);
  const [invoice] = await sandbox.get<{ id: string; lineItems: unknown[] }[]>('lexware', '/__sandbox/invoices');
  expect(invoice!.lineItems).toHaveLength(2);
  for (const id of ['o-0001', 'o-0002']) {
    const events = await invoiceEventsOn(sandbox, id);
    expect(events, `invoice events on ${id}`).toHaveLength(1);
    expect(events[0]!.link?.url).toContain(invoice!.id);
  }
  // The recipe read the orders: the TMS saw its batch API asked, never an order page.
  const tmsCalls = await sandbox.requests('tms');
  expect(tmsCalls.some((r) => r.method === 'GET' && r.path === '/api/orders' && String(r.query.ids ?? '').includes('o-0001'))).toBe(true);
});
