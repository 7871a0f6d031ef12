/** The invoice book in real Chromium: invoices made through the product, opened from the popup, searched and opened. */
import { test, expect, origins } from './fixtures';
import { connect, previewFromDetail } from './users';

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('two invoices appear in the book, open; a search by order number finds one, and its orders link back to the TMS', async ({ page, context, openExtensionPage }) => {
  let preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  // The same customer: linked already.
  preview = await previewFromDetail(page, 'o-0002');
  await expect(preview.dialog.getByText('Linked to Spedition Nordlicht GmbH')).toBeVisible();
  await preview.createAndWait();

  const popup = await openExtensionPage('popup.html');
  const [book] = await Promise.all([context.waitForEvent('page'), popup.getByRole('button', { name: 'Invoice book' }).click()]);
  await expect(book.getByRole('heading', { level: 1, name: 'Invoice book' })).toBeVisible();
  expect(new URL(book.url()).pathname).toBe('/book.html');

  const grid = book.getByRole('grid', { name: 'Invoices' });
  const invoices = grid.getByRole('row').filter({ has: book.getByRole('gridcell') });
  await expect(invoices).toHaveCount(2);
  for (const row of await invoices.all()) {
    await expect(row).toContainText('Spedition Nordlicht GmbH');
    await expect(row.getByText('Open', { exact: true })).toBeVisible();
  }
  await expect(book.getByRole('status')).toHaveText('2 invoices');

  await book.getByRole('searchbox', { name: 'Invoice or order number' }).fill('A-2026-0413');
  await expect(invoices).toHaveCount(1);
  await expect(book.getByRole('status')).toHaveText('1 invoice');

  // Opened with the keyboard: the row takes the focus, Enter shows its orders.
  await invoices.first().focus();
  await book.keyboard.press('Enter');
  const orders = book.getByRole('list', { name: /^Orders of / });
  await expect(orders.getByRole('link', { name: 'Open order A-2026-0413 in the TMS' })).toHaveAttribute('href', `${origins.tms}/orders/o-0002`);
  await expect(invoices.first().getByRole('button', { name: /^1 order · / })).toHaveAttribute('aria-expanded', 'true');
});
