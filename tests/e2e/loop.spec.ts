/** The foundation loop: the content script, the background, the popup and the options page. */
import { test, expect, origins } from './fixtures';
import { OrdersPage, openOrder } from './users';

test('the Create invoice action appears when rows are selected, and follows the selection', async ({ page, sandbox }) => {
  void sandbox;
  const orders = await OrdersPage.open(page);
  await expect(orders.bar).toBeHidden();
  await orders.select('A-2026-0412');
  await expect(orders.bar).toBeVisible();
  await expect(orders.bar).toContainText('1 order selected');
  await expect(orders.bar).toContainText('Spedition Nordlicht GmbH');
  await expect(orders.bar.getByRole('button', { name: 'Create invoice' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select order A-2026-0412' }).uncheck();
  await expect(orders.bar).toBeHidden();
});

test('a click reaches the background and its answer comes back to the page', async ({ page, sandbox }) => {
  void sandbox;
  const orders = await OrdersPage.open(page);
  await orders.select('A-2026-0412');
  const preview = await orders.createInvoice();
  // Whether Lexware Office is connected is known only to the background.
  await expect(preview.problems()).toContainText('Lexware Office is not connected: save its API key in the settings.');
  await expect(preview.saveButton).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(preview.dialog).toBeHidden();
});

test('the action sits with the page\'s own actions on an order\'s detail page', async ({ page, sandbox }) => {
  void sandbox;
  await openOrder(page, 'o-0001');
  const actions = page.locator('.page-actions');
  await expect(actions.getByRole('button', { name: 'Create invoice' })).toBeVisible();
  await expect(actions.getByRole('button', { name: 'Actions' })).toBeVisible();
  // The TMS rebuilds the page after its own actions; ours comes back.
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: 'Print' }).evaluate(() => undefined);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: /Events/ }).click();
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(actions.getByRole('button', { name: 'Create invoice' })).toHaveCount(1);
});

test('the popup opens and shows the connection state', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html');
  await expect(popup.getByRole('heading', { name: 'Frachtbeleg' })).toBeVisible();
  await expect(popup.getByText('Lexware Office')).toBeVisible();
  await expect(popup.getByText('No API key yet')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Settings' })).toBeVisible();
});

test('the options page saves a setting in storage and shows it again after a reload', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  const unit = options.getByLabel('Unit name');
  await expect(unit).toHaveValue('Transport');
  await unit.fill('Pauschale');
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await options.reload();
  await expect(options.getByLabel('Unit name')).toHaveValue('Pauschale');
});

test('the selection survives the TMS re-rendering its table (filter and page change)', async ({ page, sandbox }) => {
  void sandbox;
  const orders = await OrdersPage.open(page);
  await orders.select('A-2026-0412');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2 of')).toBeVisible();
  await page.getByRole('checkbox', { name: /^Select order / }).first().check();
  await expect(orders.bar).toContainText('2 orders selected');
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('Page 1 of')).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Select order A-2026-0412' })).toBeChecked();
  await orders.filter('Customer', 'Spedition Nordlicht GmbH');
  await expect(page.getByRole('checkbox', { name: 'Select order A-2026-0412' })).toBeChecked();
  await expect(orders.bar).toContainText('2 orders selected');
  expect(origins.tms).toContain('127.0.0.1');
});
