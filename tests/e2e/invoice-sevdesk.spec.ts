/** sevdesk as the billing system: foreign currencies, tax cases, and switching systems. */
import { test, expect, type Sandbox } from './fixtures';
import { connect, OrdersPage, previewFromDetail, switchTo } from './users';

interface SevdeskInvoice {
  id: string;
  invoiceNumber: string;
  currency: string;
  sumGross: string;
  taxRule: { id: string };
  contact: { id: string };
  positions: { name: string; price: string; taxRate: string; unity: { id: string } }[];
}
type StoredOrder = { id: string; status: string; events: { type: string; link?: { url: string } }[] };

const sevdeskInvoices = (sandbox: Sandbox) => sandbox.get<SevdeskInvoice[]>('sevdesk', '/__sandbox/invoices');
const lexwareInvoices = (sandbox: Sandbox) => sandbox.get<{ id: string; taxConditions: { taxType: string }; lineItems: { unitPrice: { taxRatePercentage: number } }[] }[]>('lexware', '/__sandbox/invoices');

async function expectRecorded(sandbox: Sandbox, orderIds: string[], linkEnd: string) {
  const orders = await sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders');
  for (const id of orderIds) {
    const order = orders.find((o) => o.id === id)!;
    expect(order.status, id).toBe('invoice_created');
    expect(order.events.filter((e) => e.type === 'invoice' && e.link?.url.endsWith(linkEnd)), id).toHaveLength(1);
  }
}

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId, 'sevdesk');
  await switchTo(context, extensionId, 'sevdesk');
});

test('a CHF collective invoice into sevdesk, in Swiss francs, recorded on both orders', async ({ page, sandbox }) => {
  const orders = await OrdersPage.open(page);
  await orders.filter('Customer', 'Alpentrans AG');
  await orders.filter('Status', 'Delivered');
  const chfRows = page.getByRole('row').filter({ hasText: 'CHF' });
  const count = await chfRows.count();
  expect(count).toBeGreaterThanOrEqual(2);
  for (let i = 0; i < count; i++) await chfRows.nth(i).getByRole('checkbox').check();
  const preview = await orders.createInvoice();
  await expect(preview.dialog.getByText(`Collective invoice, ${count} orders`)).toBeVisible();
  // Every amount shows its currency.
  await expect(preview.dialog.getByRole('table', { name: 'Totals' })).toContainText('CHF');
  await expect(preview.dialog.getByLabel('Tax', { exact: true })).toHaveValue('thirdCountry');
  await preview.linkBySearch('Alpentrans AG', 'Alpentrans AG');
  const shownGross = await preview.dialog.getByRole('table', { name: 'Totals' }).getByRole('row', { name: /^Gross/ }).getByRole('cell').innerText();
  await preview.createAndWait();

  const [invoice] = await sevdeskInvoices(sandbox);
  expect(invoice!.currency).toBe('CHF');
  expect(invoice!.positions).toHaveLength(count);
  expect(invoice!.taxRule.id).toBe('17');
  expect(invoice!.positions.every((p) => Number(p.taxRate) === 0 && p.unity.id !== '1')).toBe(true);
  expect(shownGross).toBe(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'CHF' }).format(Number(invoice!.sumGross)));
  await expect(preview.dialog.getByRole('link', { name: 'Open in sevdesk' })).toHaveAttribute('href', new RegExp(`/fi/detail/type/RE/id/${invoice!.id}$`));
  const ids = await page.getByRole('row').filter({ hasText: 'CHF' }).getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('/').pop()!));
  await expectRecorded(sandbox, ids, `/id/${invoice!.id}`);
});

test('an EUR single invoice into sevdesk: domestic tax rule, recorded on the order', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('10001', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const [invoice] = await sevdeskInvoices(sandbox);
  expect(invoice!.currency).toBe('EUR');
  expect(invoice!.taxRule.id).toBe('1');
  expect(invoice!.positions.map((p) => [p.name, p.price, p.taxRate])).toEqual([['Transport Hamburg → München', '1250', '19']]);
  expect(invoice!.sumGross).toBe('1487.5');
  // No sevdesk web cookie was sent with the API requests.
  const requests = await sandbox.requests('sevdesk');
  expect(requests.filter((r) => r.path.startsWith('/api/')).every((r) => !r.headers.cookie && !r.headers.authorization?.startsWith('Bearer'))).toBe(true);
  await expectRecorded(sandbox, ['o-0001'], `/id/${invoice!.id}`);
});

test('intra-EU reverse charge in sevdesk: a new contact from the TMS data, rule 21, 0 %', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0027');
  await expect(preview.dialog.getByLabel('Tax', { exact: true })).toHaveValue('intraEuReverseCharge');
  await expect(preview.dialog.getByText(/^Printed on the invoice: Steuerschuldnerschaft des Leistungsempfängers\. USt-IdNr\. des Leistungsempfängers: NL/)).toBeVisible();
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('button', { name: 'Create and link' }).click();
  await expect(preview.dialog.getByText('Linked to Holland Cargo B.V.')).toBeVisible();
  await preview.createAndWait();
  const contacts = await sandbox.get<{ name: string; vatNumber?: string }[]>('sevdesk', '/__sandbox/contacts');
  expect(contacts.filter((c) => c.name === 'Holland Cargo B.V.')).toHaveLength(1);
  const [invoice] = await sevdeskInvoices(sandbox);
  expect(invoice!.taxRule.id).toBe('21');
  expect(invoice!.positions.every((p) => Number(p.taxRate) === 0)).toBe(true);
  await expectRecorded(sandbox, ['o-0027'], `/id/${invoice!.id}`);
});

test('intra-EU reverse charge in Lexware Office: externalService13b, 0 %', async ({ page, context, extensionId, sandbox }) => {
  await connect(context, extensionId, 'Lexware Office');
  await switchTo(context, extensionId, 'Lexware Office');
  const preview = await previewFromDetail(page, 'o-0038');
  await expect(preview.dialog.getByLabel('Tax', { exact: true })).toHaveValue('intraEuReverseCharge');
  await preview.linkBySearch('Holland', 'Holland Cargo B.V.');
  await preview.createAndWait();
  const [invoice] = await lexwareInvoices(sandbox);
  expect(invoice!.taxConditions.taxType).toBe('externalService13b');
  expect(invoice!.lineItems.every((l) => l.unitPrice.taxRatePercentage === 0)).toBe(true);
});

test('switching the active system and back loses no customer link', async ({ page, context, extensionId, sandbox }) => {
  void sandbox;
  // Linked in sevdesk…
  let preview = await previewFromDetail(page, 'o-0002');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await page.keyboard.press('Escape');

  // …then Lexware Office, where the customer is not linked yet…
  await connect(context, extensionId, 'Lexware Office');
  await switchTo(context, extensionId, 'Lexware Office');
  preview = await previewFromDetail(page, 'o-0002');
  await expect(preview.dialog.getByText('Lexware Office').first()).toBeVisible();
  await expect(preview.problems()).toContainText('Link Spedition Nordlicht GmbH to a Lexware Office contact');
  await page.keyboard.press('Escape');

  // …and back: the sevdesk link is still there.
  await switchTo(context, extensionId, 'sevdesk');
  preview = await previewFromDetail(page, 'o-0002');
  await expect(preview.dialog.getByText('Linked to Spedition Nordlicht GmbH')).toBeVisible();
  await expect(preview.saveButton).toBeEnabled();
});

test('a tax case chosen for a customer is remembered for the next invoice', async ({ page, sandbox }) => {
  void sandbox;
  let preview = await previewFromDetail(page, 'o-0002');
  await preview.dialog.getByLabel('Tax', { exact: true }).selectOption('thirdCountry');
  await expect(preview.dialog.getByText(/^Printed on the invoice: Nicht im Inland steuerbare Leistung/)).toBeVisible();
  await page.keyboard.press('Escape');
  preview = await previewFromDetail(page, 'o-0007');
  await expect(preview.dialog.getByLabel('Tax', { exact: true })).toHaveValue('thirdCountry');
});
