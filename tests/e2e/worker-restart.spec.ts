/**
 * Chrome stops the service worker whenever it likes. Wherever that happens in the flow, the
 * user sees the normal result, never the browser's error, and presses nothing twice.
 */
import { test, expect, type Sandbox } from './fixtures';
import { BROWSER_ERROR_TEXT, connect, previewFromDetail, stopServiceWorker } from './users';

type StoredOrder = { id: string; status: string; events: { type: string }[] };
const storedInvoices = (sandbox: Sandbox) => sandbox.get<{ id: string }[]>('lexware', '/__sandbox/invoices');
const invoicePosts = async (sandbox: Sandbox) => (await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
const DONE = 'Done. The orders now show "Invoice created".';

async function expectOneInvoiceRecorded(sandbox: Sandbox, orderId: string) {
  expect(await storedInvoices(sandbox)).toHaveLength(1);
  expect(await invoicePosts(sandbox)).toHaveLength(1);
  const order = (await sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders')).find((o) => o.id === orderId)!;
  expect(order.status).toBe('invoice_created');
  expect(order.events.filter((e) => e.type === 'invoice')).toHaveLength(1);
}

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('stopped right after Save: the invoice is created once and the panel shows it', async ({ page, context, extensionId, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.saveButton.click();
  await stopServiceWorker(context, extensionId);
  await expect(preview.dialog.getByText(DONE)).toBeVisible({ timeout: 45_000 });
  await expect(preview.dialog).not.toContainText(BROWSER_ERROR_TEXT);
  await expectOneInvoiceRecorded(sandbox, 'o-0001');
});

test('stopped while Lexware creates the invoice: the job resumes and the user sees the result', async ({ page, context, extensionId, sandbox }) => {
  await sandbox.fault('lexware', { kind: 'timeout', delayMs: 3000, afterHandling: true, match: { method: 'POST', path: '/v1/invoices' } });
  const preview = await previewFromDetail(page, 'o-0002');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.saveButton.click();
  await expect(preview.dialog.getByText('Creating the invoice in Lexware Office…')).toBeVisible();
  await stopServiceWorker(context, extensionId);
  await expect(preview.dialog.getByText(DONE)).toBeVisible({ timeout: 60_000 });
  await expect(preview.dialog).not.toContainText(BROWSER_ERROR_TEXT);
  await expectOneInvoiceRecorded(sandbox, 'o-0002');
});

test('stopped while the invoice is written back to the order: it is recorded once', async ({ page, context, extensionId, sandbox }) => {
  await sandbox.fault('tms', { kind: 'timeout', delayMs: 3000, afterHandling: true, match: { method: 'PATCH', path: '/api/orders/o-0007' } });
  const preview = await previewFromDetail(page, 'o-0007');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.saveButton.click();
  await expect.poll(async () => (await sandbox.requests('tms')).some((r) => r.method === 'PATCH' && r.path === '/api/orders/o-0007'), { timeout: 20_000 }).toBe(true);
  await stopServiceWorker(context, extensionId);
  await expect(preview.dialog.getByText(DONE)).toBeVisible({ timeout: 60_000 });
  await expect(preview.dialog).not.toContainText(BROWSER_ERROR_TEXT);
  await expectOneInvoiceRecorded(sandbox, 'o-0007');
});

test('stopped while a contact is linked: the link holds, no second click needed', async ({ page, context, extensionId, sandbox }) => {
  void sandbox;
  const preview = await previewFromDetail(page, 'o-0009');
  await preview.dialog.getByLabel(/^Search contacts in/).fill('Nordlicht');
  await preview.dialog.getByRole('button', { name: 'Search', exact: true }).click();
  const link = preview.dialog.getByRole('button', { name: 'Link: Spedition Nordlicht GmbH', exact: true });
  await expect(link).toBeVisible();
  await Promise.all([link.click(), stopServiceWorker(context, extensionId)]);
  await expect(preview.dialog.getByText('Linked to Spedition Nordlicht GmbH')).toBeVisible({ timeout: 20_000 });
  await expect(preview.dialog).not.toContainText(BROWSER_ERROR_TEXT);
  await preview.createAndWait();
  await expectOneInvoiceRecorded(sandbox, 'o-0009');
});
