/** German and English: the UI follows the language switch, invoices the invoice language. */
import { test, expect } from './fixtures';
import { connect, openOrder, OrdersPage, Preview } from './users';

test('switching to German changes the options, the popup and the panel in the TMS page', async ({ context, extensionId, page, sandbox }) => {
  void sandbox;
  await connect(context, extensionId, 'Lexware Office', { viaOptionsPage: true });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Language', { exact: true }).selectOption({ label: 'Deutsch' });
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Frachtbeleg – Einstellungen');
  await expect(options.getByRole('button', { name: 'Speichern', exact: true })).toBeVisible();

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByRole('button', { name: 'Einstellungen' })).toBeVisible();

  const orders = await OrdersPage.open(page);
  await orders.select('A-2026-0412');
  const bar = page.getByRole('region', { name: 'Ausgewählte Aufträge abrechnen' });
  await expect(bar).toContainText('1 Auftrag ausgewählt');
  await bar.getByRole('button', { name: 'Rechnung erstellen' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rechnungsvorschau' });
  await expect(dialog.getByText('Einzelrechnung')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Speichern und Rechnung erstellen' })).toBeVisible();
  // Dates in German notation, whatever the browser's own locale.
  await expect(dialog.getByLabel('Rechnungsdatum')).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
  // Amounts in German notation.
  await expect(dialog.getByRole('table', { name: 'Summen' })).toContainText('1.487,50 €');
});

test('invoice texts follow the invoice language, not the UI language', async ({ context, extensionId, page, sandbox }) => {
  await connect(context, extensionId);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('Invoice language').selectOption({ label: 'English' });
  await options.getByLabel('Closing remark').fill('Thank you, {customerName}!');
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();

  await openOrder(page, 'o-0001');
  await page.getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  // The English UI shows day-first dates (not the browser's US format) next to the invoice texts.
  await expect(preview.dialog.getByLabel('Invoice date')).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
  await expect(preview.dialog.getByLabel('Invoice date')).toHaveAttribute('placeholder', 'DD/MM/YYYY');
  await expect(preview.dialog.getByLabel('Description')).toHaveValue(/^Your reference PO-7781 · Order A-2026-0412\nPickup: /);
  await preview.createAndWait();
  const [invoice] = await sandbox.get<{ language: string; title: string; remark: string; lineItems: { description: string }[] }[]>('lexware', '/__sandbox/invoices');
  expect(invoice).toMatchObject({ language: 'en', title: 'Invoice', remark: 'Thank you, Spedition Nordlicht GmbH!' });
  expect(invoice!.lineItems[0]!.description).toContain('Load: Maschinenteile · 12,400 kg · 13.6 ldm · 33 pallets');
});
