/**
 * The invoice book in real Chromium: invoices made through the product, opened from the popup,
 * searched and opened; payments booked in the Lexware emulator read back; an export downloaded
 * and read back.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, origins } from './fixtures';
import { connect, previewFromDetail } from './users';

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('two draft invoices appear in the book; a search by order number finds one, and its orders link back to the TMS', async ({ page, context, openExtensionPage }) => {
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
    // Created as drafts (the default): finalized and sent in Lexware Office.
    await expect(row.locator('.book-status')).toHaveText('Draft');
  }
  await expect(book.getByRole('status').filter({ hasText: /^\d+ invoices?$/ })).toHaveText('2 invoices');

  await book.getByRole('searchbox', { name: 'Invoice or order number' }).fill('A-2026-0413');
  await expect(invoices).toHaveCount(1);
  await expect(book.getByRole('status').filter({ hasText: /^\d+ invoices?$/ })).toHaveText('1 invoice');

  // Opened with the keyboard: the row takes the focus, Enter shows its orders.
  await invoices.first().focus();
  await book.keyboard.press('Enter');
  const orders = book.getByRole('list', { name: /^Orders of / });
  await expect(orders.getByRole('link', { name: 'Open order A-2026-0413 in the TMS' })).toHaveAttribute('href', `${origins.tms}/orders/o-0002`);
  await expect(invoices.first().getByRole('button', { name: /^1 order · / })).toHaveAttribute('aria-expanded', 'true');
});

test('payments booked in Lexware Office show in the book and on the popup; new documents are exported and read back', async ({ page, openExtensionPage, sandbox }) => {
  // Final invoices (a draft takes no payments).
  const options = await openExtensionPage('options.html');
  await options.getByRole('checkbox', { name: 'Finalize invoices right away (they can no longer be changed)' }).check();
  await options.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(options.getByText('Saved').first()).toBeVisible();
  await options.close();

  let preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  preview = await previewFromDetail(page, 'o-0002');
  await preview.createAndWait();

  // The customer pays the first invoice in full and 10 € of the second, as the bank sync books it.
  const stored = await sandbox.get<{ id: string; voucherNumber: string; voucherDate: string }[]>('lexware', '/__sandbox/invoices');
  expect(stored).toHaveLength(2);
  const [first, second] = [...stored].sort((a, b) => a.voucherNumber.localeCompare(b.voucherNumber));
  await sandbox.post('lexware', `/__sandbox/invoices/${first!.id}/payments`, {});
  await sandbox.post('lexware', `/__sandbox/invoices/${second!.id}/payments`, { amount: 10 });

  const book = await openExtensionPage('book.html');
  const grid = book.getByRole('grid', { name: 'Invoices' });
  const rowOf = (number: string) => grid.getByRole('row').filter({ hasText: number });
  await expect(rowOf(first!.voucherNumber)).toContainText(/Paid/);
  await expect(rowOf(second!.voucherNumber)).toContainText('Partly paid');
  await expect(book.getByRole('status').filter({ hasText: /checked/i })).toBeVisible();

  // The popup shows the same status for its last invoices.
  const popup = await openExtensionPage('popup.html');
  const invoices = popup.getByRole('region', { name: 'Last invoices' }).or(popup.locator('section', { has: popup.getByRole('heading', { name: 'Last invoices' }) }));
  await expect(invoices.getByText('Paid', { exact: true })).toBeVisible();
  await expect(invoices.getByText('Partly paid', { exact: true })).toBeVisible();
  await popup.close();

  // Export new documents (CSV): the file holds both invoices with their amounts.
  const exports = book.getByRole('region', { name: 'Exports' });
  const button = exports.getByRole('button', { name: 'Export new documents (2 new)' });
  const [download] = await Promise.all([book.waitForEvent('download'), button.click()]);
  const text = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.trim().split(/\r\n/);
  expect(lines).toHaveLength(3);
  for (const invoice of [first!, second!]) expect(lines.some((l) => l.includes(invoice.voucherNumber))).toBe(true);
  // The export log lists it; a second "new documents" export within 24 hours asks first.
  await expect(exports.getByRole('table')).toContainText(download.suggestedFilename());
  await expect(exports.getByRole('button', { name: /^Export new documents \(0 new\)/ })).toBeVisible();
});
