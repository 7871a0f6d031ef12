/** Invoices from the demo TMS into the Lexware Office emulator, as a dispatcher creates them. */
import { test, expect, type Sandbox } from './fixtures';
import { connect, OptionsPage, OrdersPage, previewFromDetail } from './users';
import { expectGoldenBody, todayIso } from './golden';

type Recorded = Awaited<ReturnType<Sandbox['requests']>>[number];
type StoredOrder = { id: string; status: string; events: { type: string; text: string; link?: { url: string; label: string } }[] };

const invoicePosts = (log: Recorded[]) => log.filter((r) => r.method === 'POST' && r.path === '/v1/invoices');
const storedInvoices = (sandbox: Sandbox) => sandbox.get<{ id: string; lineItems: unknown[]; totalPrice: { totalGrossAmount: number } }[]>('lexware', '/__sandbox/invoices');
const storedOrders = (sandbox: Sandbox) => sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders');

async function expectRecordedOnOrders(sandbox: Sandbox, orderIds: string[], invoiceId: string) {
  const orders = await storedOrders(sandbox);
  for (const id of orderIds) {
    const order = orders.find((o) => o.id === id)!;
    expect(order.status, `status of ${id}`).toBe('invoice_created');
    const events = order.events.filter((e) => e.type === 'invoice' && e.link?.url.endsWith(`/permalink/invoices/edit/${invoiceId}`));
    expect(events, `invoice events on ${id}`).toHaveLength(1);
  }
}

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('a single invoice: exactly the expected payload, the deep link, and the order updated', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0001');
  await expect(preview.dialog.getByText('Single invoice')).toBeVisible();
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await expect(preview.dialog.getByRole('table', { name: 'Totals' })).toContainText('€1,487.50');
  await preview.createAndWait();

  const posts = invoicePosts(await sandbox.requests('lexware'));
  expect(posts).toHaveLength(1);
  expect(posts[0]!.headers['content-type']).toContain('application/json');
  expect(posts[0]!.headers.authorization).toBe(`Bearer ${(await import('./fixtures')).config.lexwareKey}`);
  expectGoldenBody(posts[0]!.body, 'lexware-single-o-0001', todayIso());

  const [invoice] = await storedInvoices(sandbox);
  expect(invoice!.totalPrice.totalGrossAmount).toBe(1487.5);
  const link = preview.dialog.getByRole('link', { name: 'Open in Lexware Office' });
  await expect(link).toHaveAttribute('href', new RegExp(`/permalink/invoices/edit/${invoice!.id}$`));
  await expectRecordedOnOrders(sandbox, ['o-0001'], invoice!.id);

  // The deep link opens the invoice in (the emulated) Lexware Office.
  const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await expect(tab.getByText('Spedition Nordlicht GmbH').first()).toBeVisible();
});

test('a collective invoice of 16 orders of one customer, one position per order', async ({ page, sandbox }) => {
  const orders = await OrdersPage.open(page);
  await orders.filter('Customer', 'Spedition Nordlicht GmbH');
  await orders.filter('Status', 'Delivered');
  await orders.selectAllOnPage();
  await expect(orders.bar).toContainText('16 orders selected');
  const preview = await orders.createInvoice();
  await expect(preview.dialog.getByText('Collective invoice, 16 orders')).toBeVisible();
  await preview.linkBySearch('10001', 'Spedition Nordlicht GmbH');
  const shownGross = await preview.dialog.getByRole('table', { name: 'Totals' }).getByRole('row', { name: /^Gross/ }).getByRole('cell').innerText();
  await preview.createAndWait();

  const posts = invoicePosts(await sandbox.requests('lexware'));
  expect(posts).toHaveLength(1);
  expectGoldenBody(posts[0]!.body, 'lexware-collective-nordlicht-16', todayIso());
  const [invoice] = await storedInvoices(sandbox);
  expect(invoice!.lineItems).toHaveLength(16);
  // The preview showed the gross total Lexware computed, to the cent.
  expect(shownGross).toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(invoice!.totalPrice.totalGrossAmount));
  const ids = ['o-0001', 'o-0002', 'o-0007', 'o-0009', 'o-0014', 'o-0018', 'o-0019', 'o-0020', 'o-0024', 'o-0026', 'o-0030', 'o-0031', 'o-0033', 'o-0037', 'o-0043', 'o-0051'];
  await expectRecordedOnOrders(sandbox, ids, invoice!.id);
  // Invoiced orders leave the selection.
  await preview.dialog.getByRole('button', { name: 'Close' }).click();
  await expect(orders.bar).toBeHidden();
});

test('a selection with mixed customers becomes a billing run: reviewed, linked, then one invoice per customer', async ({ page, sandbox }) => {
  const orders = await OrdersPage.open(page);
  await orders.filter('Status', 'Delivered');
  const rows = page.getByRole('table', { name: 'Orders' }).getByRole('row');
  const customers = await rows.locator('td:nth-child(3)').allTextContents();
  const first = customers[0]!;
  const other = customers.findIndex((c) => c !== first);
  await rows.nth(1).getByRole('checkbox').check();
  await rows.nth(other + 1).getByRole('checkbox').check();
  await expect(orders.bar).toContainText('2 customers');
  await orders.bar.getByRole('button', { name: 'Create invoice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  // Neither customer is linked yet: both wait aside with the reason and the fix, none blocks the other.
  await expect(dialog).toContainText('Billing run: 0 invoices');
  await expect(dialog).toContainText('2 need attention');
  await expect(dialog.getByText('Not linked to a Lexware Office contact')).toHaveCount(2);
  await expect(dialog.getByRole('button', { name: /^Link / })).toHaveCount(2);
  expect(invoicePosts(await sandbox.requests('lexware'))).toHaveLength(0);

  // Linked one by one (a new contact from the TMS data each), both invoices are ready; the run makes them.
  for (let i = 0; i < 2; i++) {
    await dialog.getByRole('button', { name: /^Link / }).first().click();
    await dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
    await dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
    await expect(dialog.getByRole('button', { name: /^Link / })).toHaveCount(1 - i);
  }
  await expect(dialog).toContainText('Billing run: 2 invoices');
  await dialog.getByRole('button', { name: 'Start billing run' }).click();
  await expect(dialog).toContainText('2 of 2 invoices created', { timeout: 30_000 });
  expect(invoicePosts(await sandbox.requests('lexware'))).toHaveLength(2);
});

test('a CHF order is blocked for Lexware Office, with the reason', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0022');
  await expect(preview.problems()).toContainText('Lexware Office takes invoices in EUR only; these orders are in CHF.');
  await expect(preview.saveButton).toBeDisabled();
  expect(invoicePosts(await sandbox.requests('lexware'))).toHaveLength(0);
});

test('an already invoiced order is left out unless the user includes it', async ({ page, sandbox }) => {
  void sandbox;
  const preview = await previewFromDetail(page, 'o-0010');
  await expect(preview.problems()).toContainText('has an invoice already and is left out');
  await expect(preview.saveButton).toBeDisabled();
  await preview.dialog.getByRole('button', { name: 'Include anyway' }).click();
  await expect(preview.dialog.getByText('Single invoice')).toBeVisible();
});

test('a wrong API key gives a clear message and is not saved', async ({ context, extensionId }) => {
  const options = await OptionsPage.open(context, extensionId);
  const section = options.keySection('Lexware Office');
  await section.getByRole('button', { name: 'Remove key' }).click();
  await expect(section.getByText('No key saved yet.')).toBeVisible();
  await options.saveKey('Lexware Office', 'not-the-right-key-123');
  await expect(section.getByRole('alert')).toHaveText('Lexware Office refused the API key. Check the key in the settings.');
  await expect(section.getByText('No key saved yet.')).toBeVisible();
});

test('the worker is stopped in the middle of a job: the invoice is still created exactly once', async ({ page, context, extensionId, sandbox }) => {
  // Lexware takes 4 s to answer the creation (it stores the invoice first); the worker is stopped meanwhile.
  await sandbox.fault('lexware', { kind: 'timeout', delayMs: 4000, afterHandling: true, match: { method: 'POST', path: '/v1/invoices' } });
  const preview = await previewFromDetail(page, 'o-0002');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.saveButton.click();
  await expect(preview.dialog.getByText('Creating the invoice in Lexware Office…')).toBeVisible();
  await expect.poll(async () => (await storedInvoices(sandbox)).length).toBe(1);

  const extensionPage = await context.newPage();
  await extensionPage.goto(`chrome-extension://${extensionId}/popup.html`);
  const cdp = await context.newCDPSession(extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');

  // The panel keeps asking; a fresh worker resumes the job from its journal.
  await expect(preview.dialog.getByText('Done. The orders now show "Invoice created".')).toBeVisible({ timeout: 45_000 });
  const invoices = await storedInvoices(sandbox);
  expect(invoices).toHaveLength(1);
  expect(invoicePosts(await sandbox.requests('lexware'))).toHaveLength(1);
  await expectRecordedOnOrders(sandbox, ['o-0002'], invoices[0]!.id);
});

test('the connection drops after Lexware stored the invoice: still exactly one invoice', async ({ page, sandbox }) => {
  await sandbox.fault('lexware', { kind: 'drop-after-store', match: { method: 'POST', path: '/v1/invoices' } });
  const preview = await previewFromDetail(page, 'o-0007');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const invoices = await storedInvoices(sandbox);
  expect(invoices).toHaveLength(1);
  expect(invoicePosts(await sandbox.requests('lexware'))).toHaveLength(1);
  const log = await sandbox.requests('lexware');
  expect(log.some((r) => r.path === '/v1/voucherlist')).toBe(true);
  await expectRecordedOnOrders(sandbox, ['o-0007'], invoices[0]!.id);
});

test('an expired TMS session does not lose the invoice: the job waits and records it later', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0009');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await sandbox.post('tms', '/__sandbox/sessions/expire');
  await preview.saveButton.click();
  await expect(preview.dialog.getByText(/Could not record on order A-2026-0420 yet \(TMS session expired/)).toBeVisible({ timeout: 20_000 });
  await expect(preview.dialog.getByRole('link', { name: 'Open in Lexware Office' })).toBeVisible();
  expect(await storedInvoices(sandbox)).toHaveLength(1);

  // "Retry now" while still signed out: tried again at once, still waiting, nothing lost.
  const tmsCalls = async () => (await sandbox.requests('tms')).length;
  const before = await tmsCalls();
  await preview.dialog.getByRole('button', { name: 'Retry now' }).click();
  await expect.poll(tmsCalls, { timeout: 10_000 }).toBeGreaterThan(before);
  await expect(preview.dialog.getByText(/Could not record on order A-2026-0420 yet \(TMS session expired/)).toBeVisible();

  // The user signs in again (any TMS page does that): the waiting write-back goes on by itself.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(preview.dialog.getByText('Done. The orders now show "Invoice created".')).toBeVisible({ timeout: 20_000 });
  const invoices = await storedInvoices(sandbox);
  expect(invoices).toHaveLength(1);
  await expectRecordedOnOrders(sandbox, ['o-0009'], invoices[0]!.id);
});
