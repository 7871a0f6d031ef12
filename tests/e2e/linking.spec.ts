/**
 * Customer linking as a dispatcher does it: in the popup (search, suggestion, unlink and
 * relink), in the preview (suggestion, a new contact from the TMS data, then an invoice for
 * it), links moved to a second PC through the options, and the popup's view of invoices.
 */
import { readFileSync } from 'node:fs';
import { test, expect, origins, type Sandbox } from './fixtures';
import { connect, OrdersPage, previewFromDetail, openOrder, type Preview } from './users';
import type { BrowserContext, Page } from '@playwright/test';

type LexwareContact = {
  id: string;
  company?: { name: string; vatRegistrationId?: string };
  addresses?: { billing?: { street?: string; zip?: string; city: string; countryCode: string }[] };
  emailAddresses?: { business?: string[] };
  roles?: { customer?: { number: number } };
};
type LexwareInvoice = { id: string; address: { contactId?: string }; totalPrice: { totalGrossAmount: number } };

const lexwareContacts = (sandbox: Sandbox) => sandbox.get<LexwareContact[]>('lexware', '/__sandbox/contacts');
const lexwareInvoices = (sandbox: Sandbox) => sandbox.get<LexwareInvoice[]>('lexware', '/__sandbox/invoices');

/** The seeded Lexware contacts (sandbox/lexware/README.md). */
const CONTACT = {
  nordlicht: '3f0b6c1e-1d2a-4c5e-9a01-000000010001',
  bayern: '3f0b6c1e-1d2a-4c5e-9a01-000000010002',
  rheinfracht: '3f0b6c1e-1d2a-4c5e-9a01-000000010003',
};

/**
 * Opens the popup for the TMS tab, as a page: opened in a tab of its own, the popup takes
 * the tab the user was on before as "the current tab" (components/popup/active-tab.ts).
 */
async function openPopup(context: BrowserContext, extensionId: string, tms: Page): Promise<Popup> {
  await tms.bringToFront();
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const popup = new Popup(page);
  await expect(popup.page.getByText('Connected to Fuhrunternehmen Sandmann GmbH')).toBeVisible();
  return popup;
}

class Popup {
  constructor(readonly page: Page) {}

  get customers() {
    return this.page.getByRole('list', { name: 'Customers' });
  }

  customer(name: string) {
    return this.customers.getByRole('listitem').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** Opens the picker for a customer through its row's Link or Relink button. */
  async pick(name: string, action: 'Link' | 'Relink' = 'Link') {
    await this.customer(name).getByRole('button', { name: action, exact: true }).click();
    await expect(this.page.getByRole('heading', { name: `Link ${name}` })).toBeVisible();
  }

  get status() {
    return this.page.getByRole('status');
  }
}

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
});

test('link by search from the popup: the customers of the current tab come first', async ({ page, context, extensionId }) => {
  const orders = await OrdersPage.open(page);
  await orders.filter('Customer', 'Rheinfracht GmbH & Co. KG');
  const popup = await openPopup(context, extensionId, page);

  const first = popup.customers.getByRole('listitem').first();
  await expect(first).toContainText('Rheinfracht GmbH & Co. KG');
  await expect(first).toContainText('On this page');
  await expect(first).toContainText('Not linked');

  await popup.pick('Rheinfracht GmbH & Co. KG');
  const search = popup.page.getByLabel('Search contacts in Lexware Office');
  await expect(search).toBeFocused();
  await search.fill('10003');
  await popup.page.getByRole('button', { name: 'Search', exact: true }).click();
  await popup.page.getByRole('button', { name: 'Link: Rheinfracht GmbH & Co. KG', exact: true }).click();

  await expect(popup.status).toHaveText('Rheinfracht GmbH & Co. KG is now linked to "Rheinfracht GmbH & Co. KG".');
  await expect(popup.customer('Rheinfracht GmbH & Co. KG')).toContainText('Linked to Rheinfracht GmbH & Co. KG');

  // The preview uses the link.
  const preview = await previewFromDetail(page, 'o-0041');
  await expect(preview.dialog.getByText('Linked to Rheinfracht GmbH & Co. KG')).toBeVisible();
});

test('link by a suggestion from the popup: one click, the decoy is not suggested', async ({ page, context, extensionId, sandbox }) => {
  await openOrder(page, 'o-0047');
  const popup = await openPopup(context, extensionId, page);
  await expect(popup.customers.getByRole('listitem').first()).toContainText('Bayern Logistik AG');
  await expect(popup.customers.getByRole('listitem').first()).toContainText('On this page');

  await popup.pick('Bayern Logistik AG');
  const suggestions = popup.page.getByRole('list', { name: 'Suggested contacts' });
  await expect(suggestions.getByRole('listitem')).toHaveCount(1);
  await expect(suggestions.getByRole('listitem')).toContainText('Suggested: Bayern Logistik AG — same VAT ID DE234567891');
  await expect(popup.page.getByText('Bayern Logistik Service GmbH')).toHaveCount(0);

  const linksBefore = (await sandbox.requests('lexware')).length;
  await suggestions.getByRole('button', { name: 'Link: Bayern Logistik AG' }).click();
  await expect(popup.customer('Bayern Logistik AG')).toContainText('Linked to Bayern Logistik AG');
  // Linking is local: no call to the billing system.
  expect((await sandbox.requests('lexware')).length).toBe(linksBefore);

  const preview = await previewFromDetail(page, 'o-0047');
  await expect(preview.dialog.getByText('Linked to Bayern Logistik AG')).toBeVisible();
  await preview.createAndWait();
  const [invoice] = await lexwareInvoices(sandbox);
  expect(invoice!.address.contactId).toBe(CONTACT.bayern);
});

test('link by a suggestion in the preview, then invoice', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0001');
  const suggestions = preview.dialog.getByRole('list', { name: 'Suggested contacts' });
  await expect(suggestions.getByRole('listitem')).toHaveCount(1);
  await expect(suggestions.getByRole('listitem')).toContainText('Suggested: Spedition Nordlicht GmbH — same VAT ID DE123456789');
  // "Nordlicht Reisen GmbH" shares the search word but has another VAT ID.
  await expect(preview.dialog.getByText('Nordlicht Reisen GmbH')).toHaveCount(0);

  await suggestions.getByRole('button', { name: 'Link: Spedition Nordlicht GmbH' }).click();
  await expect(preview.dialog.getByText('Linked to Spedition Nordlicht GmbH')).toBeVisible();
  await preview.createAndWait();
  const [invoice] = await lexwareInvoices(sandbox);
  expect(invoice!.address.contactId).toBe(CONTACT.nordlicht);
});

test('a new contact from the TMS data in the preview: shown first, created, linked, then invoiced', async ({ page, sandbox }) => {
  const preview: Preview = await previewFromDetail(page, 'o-0039');
  await expect(preview.dialog.getByText('No likely contact found: search below, or create a new one.')).toBeVisible();
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();

  const confirm = preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' });
  await expect(confirm.locator('dt')).toHaveText(['Name', 'Billing address', 'VAT ID', 'E-mail']);
  await expect(confirm.locator('dd')).toHaveText(['Müller & Söhne Baustoffe KG', 'Torgauer Straße 231, 04347 Leipzig, DE', 'DE456789123', 'buchhaltung@mueller-baustoffe.example']);
  expect((await lexwareContacts(sandbox)).some((c) => c.company?.name === 'Müller & Söhne Baustoffe KG')).toBe(false);

  await confirm.getByRole('button', { name: 'Create and link' }).click();
  await expect(preview.dialog.getByText('Linked to Müller & Söhne Baustoffe KG')).toBeVisible();

  const created = (await lexwareContacts(sandbox)).filter((c) => c.company?.name === 'Müller & Söhne Baustoffe KG');
  expect(created).toHaveLength(1);
  expect(created[0]).toMatchObject({
    company: { name: 'Müller & Söhne Baustoffe KG', vatRegistrationId: 'DE456789123' },
    addresses: { billing: [{ street: 'Torgauer Straße 231', zip: '04347', city: 'Leipzig', countryCode: 'DE' }] },
    emailAddresses: { business: ['buchhaltung@mueller-baustoffe.example'] },
    roles: { customer: { number: 10013 } },
  });

  await preview.createAndWait();
  const invoices = await lexwareInvoices(sandbox);
  expect(invoices).toHaveLength(1);
  expect(invoices[0]!.address.contactId).toBe(created[0]!.id);
  expect(invoices[0]!.totalPrice.totalGrossAmount).toBe(494.56);
});

test('unlink and relink from the popup', async ({ page, context, extensionId }) => {
  await openOrder(page, 'o-0002');
  const popup = await openPopup(context, extensionId, page);
  await popup.pick('Spedition Nordlicht GmbH');
  await popup.page.getByRole('list', { name: 'Suggested contacts' }).getByRole('button', { name: 'Link: Spedition Nordlicht GmbH' }).click();
  const row = popup.customer('Spedition Nordlicht GmbH');
  await expect(row).toContainText('Linked to Spedition Nordlicht GmbH');

  // Relink to another contact, chosen by searching.
  await popup.pick('Spedition Nordlicht GmbH', 'Relink');
  await popup.page.getByLabel('Search contacts in Lexware Office').fill('Nordlicht');
  await popup.page.getByRole('button', { name: 'Search', exact: true }).click();
  await popup.page.getByRole('button', { name: 'Link: Nordlicht Reisen GmbH', exact: true }).click();
  await expect(row).toContainText('Linked to Nordlicht Reisen GmbH');

  // Unlink asks first; keeping the link changes nothing.
  await row.getByRole('button', { name: 'Unlink', exact: true }).click();
  const question = row.getByRole('group');
  await expect(question).toContainText('Unlink Spedition Nordlicht GmbH from Nordlicht Reisen GmbH?');
  await question.getByRole('button', { name: 'Keep the link' }).click();
  await expect(row).toContainText('Linked to Nordlicht Reisen GmbH');

  await row.getByRole('button', { name: 'Unlink', exact: true }).click();
  await row.getByRole('button', { name: 'Yes, unlink' }).click();
  await expect(popup.status).toHaveText('Spedition Nordlicht GmbH is no longer linked.');
  await expect(row).toContainText('Not linked');
  await expect(row.getByRole('button', { name: 'Link', exact: true })).toBeFocused();

  // Links survive the popup closing (and the browser: storage.local).
  await popup.page.reload();
  await expect(popup.customer('Spedition Nordlicht GmbH')).toContainText('Not linked');
  const preview = await previewFromDetail(page, 'o-0002');
  await expect(preview.problems()).toContainText('Link Spedition Nordlicht GmbH to a Lexware Office contact');
});

test('links exported and imported in the options; a broken file changes nothing', async ({ page, openExtensionPage }, testInfo) => {
  // A link made in the preview.
  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');

  const options = await openExtensionPage('options.html');
  const card = options.getByRole('region', { name: 'Customer links' });
  await expect(card).toContainText('Saved: 1 in Lexware Office, 0 in sevdesk.');
  const [download] = await Promise.all([options.waitForEvent('download'), card.getByRole('button', { name: 'Export links' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^frachtbeleg-links-\d{4}-\d{2}-\d{2}\.json$/);
  const exportedPath = testInfo.outputPath('exported.json');
  await download.saveAs(exportedPath);
  const exported = JSON.parse(readFileSync(exportedPath, 'utf8'));
  const key = `${origins.tms}|10001`;
  expect(exported).toMatchObject({ format: 'frachtbeleg-links', version: 1, links: { lexware: { [key]: { contactId: CONTACT.nordlicht, contactName: 'Spedition Nordlicht GmbH' } } } });
  // Only the billing systems that have links are named in the file.
  expect(Object.keys(exported.links)).toEqual(['lexware']);
  await expect(card.getByRole('status')).toHaveText(`Exported 1 link to ${download.suggestedFilename()}.`);

  // A file with one broken entry is refused as a whole.
  const broken = structuredClone(exported);
  broken.links.lexware[key] = { contactId: 'x-1', contactName: 'Changed', linkedAt: exported.links.lexware[key].linkedAt };
  broken.links.lexware[`${origins.tms}|10002`] = { contactName: 'Bayern Logistik AG', linkedAt: exported.links.lexware[key].linkedAt };
  await card.getByLabel('Import links').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(card.getByRole('alert')).toHaveText(`Nothing was imported. lexware › '${origins.tms}|10002': contactId is missing.`);
  await expect(card).toContainText('Saved: 1 in Lexware Office, 0 in sevdesk.');

  // The second PC: a fresh link for another customer, and the first one replaced.
  const good = structuredClone(exported);
  good.links.lexware[key] = { contactId: '3f0b6c1e-1d2a-4c5e-9a01-000000010011', contactName: 'Nordlicht Reisen GmbH', linkedAt: exported.links.lexware[key].linkedAt };
  good.links.lexware[`${origins.tms}|10003`] = { contactId: CONTACT.rheinfracht, contactName: 'Rheinfracht GmbH & Co. KG', linkedAt: exported.links.lexware[key].linkedAt };
  await card.getByLabel('Import links').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await expect(card.getByRole('status')).toHaveText('Imported 2 links (1 replaced).');
  await expect(card).toContainText('Saved: 2 in Lexware Office, 0 in sevdesk.');

  const again = await previewFromDetail(page, 'o-0041');
  await expect(again.dialog.getByText('Linked to Rheinfracht GmbH & Co. KG')).toBeVisible();
});

test('the popup follows an invoice in progress, then lists it with its link', async ({ page, context, extensionId, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0025');
  await preview.dialog.getByRole('list', { name: 'Suggested contacts' }).getByRole('button', { name: 'Link: Bayern Logistik AG' }).click();
  await expect(preview.dialog.getByText('Linked to Bayern Logistik AG')).toBeVisible();
  // Lexware stores the invoice but answers only after 4 s, with a timeout: the job checks and finds it.
  await sandbox.fault('lexware', { kind: 'timeout', delayMs: 4000, afterHandling: true, match: { method: 'POST', path: '/v1/invoices' } });
  await preview.saveButton.click();

  const popup = await openPopup(context, extensionId, page);
  const inProgress = popup.page.getByRole('region', { name: 'In progress' });
  await expect(inProgress).toContainText('Bayern Logistik AG');
  await expect(inProgress).toContainText('A-2026-0436');
  await expect(inProgress).toContainText(/Creating the invoice…|Checking whether the invoice was created…/);

  const last = popup.page.getByRole('region', { name: 'Last invoices' });
  await expect(last.getByRole('listitem')).toHaveCount(1, { timeout: 30_000 });
  await expect(inProgress).toBeHidden();
  const [invoice] = await lexwareInvoices(sandbox);
  const item = last.getByRole('listitem');
  for (const text of ['Draft', 'Bayern Logistik AG', '€1,594.60', 'A-2026-0436']) await expect(item).toContainText(text);
  await expect(last.getByRole('link', { name: 'Open in Lexware Office: Draft, Bayern Logistik AG' })).toHaveAttribute('href', new RegExp(`/permalink/invoices/edit/${invoice!.id}$`));
  await expect(preview.dialog.getByText('Done. The orders now show "Invoice created".')).toBeVisible({ timeout: 30_000 });
});
