/**
 * What a user does, in words: page objects for the demo TMS, the preview panel and the
 * extension pages. Everything is found by its accessible name.
 */
import { expect, type BrowserContext, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { config, origins, sidePanelOf } from './fixtures';

export const LEXWARE_KEY = config.lexwareKey;
export const SEVDESK_KEY = config.sevdeskKey;

export class OptionsPage {
  constructor(readonly page: Page) {}

  static async open(context: BrowserContext, extensionId: string): Promise<OptionsPage> {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    return new OptionsPage(page);
  }

  keySection(provider: 'Lexware Office' | 'sevdesk') {
    return this.page.getByRole('region', { name: new RegExp(`^${provider}`) });
  }

  async saveKey(provider: 'Lexware Office' | 'sevdesk', key: string) {
    const section = this.keySection(provider);
    if (await section.getByRole('button', { name: 'Replace key' }).isVisible()) await section.getByRole('button', { name: 'Replace key' }).click();
    await section.getByLabel(`${provider} API key`).fill(key);
    await section.getByRole('button', { name: 'Save key' }).click();
  }
}

/** The company data for e-invoices a set-up user has (see fillCompanyData). */
const COMPANY = [
  ['VAT ID (USt-IdNr.)', 'vatId', 'DE123456788'], ['Tax number (Steuernummer)', 'taxNumber', '21/815/08150'], ['IBAN', 'iban', 'DE89370400440532013000'], ['Phone', 'phone', '+49 421 123456'],
  ['E-mail', 'email', 'rechnung@frachtbeleg-demo.example'], ['Street', 'street', 'Hafenstraße 1'], ['Post code', 'zip', '28195'], ['City', 'city', 'Bremen'],
] as const;

/**
 * A set-up user: the sandbox key for a billing system saved, and the company data filled in.
 * Lexware Office is connected through the sandbox build's worker (sandbox-reset.ts
 * connectForTests: the same key hand-over and the same stored settings, 2 s faster per test);
 * `viaOptionsPage` (and sevdesk, whose options also choose a payment method) goes through the
 * options page as a user would.
 */
export async function connect(context: BrowserContext, extensionId: string, provider: 'Lexware Office' | 'sevdesk' = 'Lexware Office', { viaOptionsPage = false } = {}) {
  if (provider === 'Lexware Office' && !viaOptionsPage) {
    const worker = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? (await context.waitForEvent('serviceworker'));
    const seller = Object.fromEntries(COMPANY.map(([, field, value]) => [field, value]));
    await worker.evaluate(([key, seller]) => (globalThis as unknown as Record<string, (k: string, s: unknown) => Promise<string>>)['__frachtbelegConnectForTests']!(key, seller), [LEXWARE_KEY, seller] as const);
    return;
  }
  const options = await OptionsPage.open(context, extensionId);
  await options.saveKey(provider, provider === 'Lexware Office' ? LEXWARE_KEY : SEVDESK_KEY);
  await expect(options.keySection(provider).getByRole('status')).toContainText('Connected to');
  await fillCompanyData(options.page);
  await options.page.close();
}

/**
 * The user's own company data for e-invoices, as a set-up user has it: from 1 January 2027 a
 * domestic business invoice without it is not sent (draft-readiness.ts), and the tests must
 * not start failing on that day.
 */
export async function fillCompanyData(page: Page) {
  const card = page.getByRole('form', { name: 'E-invoices' });
  for (const [label, , value] of COMPANY) await card.getByLabel(label, { exact: true }).fill(value);
  await card.getByRole('button', { name: 'Save e-invoice settings' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');
}

/** Adds a TMS site in the options, as a user types its address; the options page stays open for more settings. */
export async function addTmsSite(options: OptionsPage, address: string): Promise<void> {
  const sites = options.page.getByRole('region', { name: 'TMS sites' });
  await sites.getByLabel('Address of your TMS').fill(address);
  await sites.getByRole('button', { name: 'Add site' }).click();
  await expect(sites.getByRole('status')).toContainText(`${new URL(address).origin} added`);
}

/**
 * What a user does to use a recipe file: add its site in the options, import the file, read
 * the review (`review` checks more of it), keep it, choose it for the site and, for an HTTP
 * write-back (off on import), turn that on.
 */
export async function importRecipe(
  context: BrowserContext,
  extensionId: string,
  site: string,
  recipe: { name: string },
  { review, recordInTms = false }: { review?: (review: Locator) => Promise<void>; recordInTms?: boolean } = {},
): Promise<void> {
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, site);
  const origin = new URL(site).origin;
  const recipes = options.page.getByRole('region', { name: 'Site recipes' });
  await recipes.getByLabel('Import a recipe file').setInputFiles({ name: 'recipe.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(recipe)) });
  const reviewed = recipes.getByRole('region', { name: `Review “${recipe.name}”` });
  await review?.(reviewed);
  await reviewed.getByRole('button', { name: 'Keep this recipe' }).click();
  await expect(recipes.getByRole('status')).toContainText(`“${recipe.name}” kept`);
  const sites = options.page.getByRole('region', { name: 'TMS sites' });
  await sites.getByLabel(`Read ${origin} with`).selectOption({ label: `${recipe.name} (recipe)` });
  await expect(sites.getByRole('status')).toContainText(`is now read with ${recipe.name}`);
  if (recordInTms) {
    await recipes.getByLabel(`Record invoices in the TMS with ${recipe.name}`).check();
    await expect(recipes.getByRole('status')).toContainText('now records invoices in the TMS');
  }
  await options.page.close();
}

/**
 * "Teach Frachtbeleg this TMS" from the toolbar popup, for the TMS tab the user was on: the
 * builder opens in the browser's side panel of that tab. Returns the builder there.
 */
export async function openBuilderFromPopup(context: BrowserContext, extensionId: string): Promise<Locator> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Teach Frachtbeleg this TMS' }).click();
  await expect(popup.getByRole('status').filter({ hasText: 'The builder is open in the side panel.' })).toBeVisible();
  // Back on the TMS tab (the popup closes), its side panel shows.
  await popup.close();
  const panel = await sidePanelOf(context);
  return panel.getByRole('region', { name: 'Teach Frachtbeleg this TMS' });
}

/** The Legacy sandbox TMS's list columns, as the user picks them: cell index in the first row. */
export const LEGACY_COLUMNS = [['Order number', 1], ['Customer', 2], ['Price', 7], ['Status', 8]] as const;

/** The builder's detail step on a Legacy order page: each value picked once by its row label. */
export async function pickLegacyDetailFields(page: Page, builder: Locator): Promise<void> {
  const valueOf = (label: string) => page.getByRole('row', { name: new RegExp(`^${label}\\s`) }).first().locator('td');
  for (const [field, label] of [
    ['Order number', 'Auftrag'], ['Customer name', 'Kunde'], ['Customer number', 'Kundennummer'], ['VAT ID', 'USt-IdNr.'], ['Customer e-mail', 'E-Mail'],
    ['Billing address', 'Rechnungsanschrift'], ['Customer reference', 'Kundenreferenz'], ['Status', 'Status'], ['Price', 'Betrag'],
    ['Stops (click one pickup or delivery)', 'Abholung'], ['Goods', 'Ware'], ['Weight', 'Gewicht'], ['Loading metres', 'Lademeter'],
  ] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await valueOf(label.replace('.', '\\.')).click();
  }
}

/** The builder's column step: each column picked once in the first row, each previewed on every row. */
export async function pickColumns(builder: Locator, firstRow: Locator, columns: readonly (readonly [field: string, cell: number])[]): Promise<void> {
  for (const [field, cell] of columns) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await firstRow.locator('td').nth(cell).click();
    await expect(builder.getByRole('list', { name: field })).toBeVisible();
  }
}

export class OrdersPage {
  constructor(readonly page: Page) {}

  static async open(page: Page, query = ''): Promise<OrdersPage> {
    await page.goto(`${origins.tms}/orders${query}`);
    await expect(page.getByRole('table', { name: 'Orders' }).getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Orders' })).not.toHaveAttribute('aria-busy', 'true');
    return new OrdersPage(page);
  }

  select(number: string) {
    return this.page.getByRole('checkbox', { name: `Select order ${number}` }).check();
  }

  async selectAllOnPage() {
    await this.page.getByRole('checkbox', { name: 'Select all orders on this page' }).check();
  }

  async filter(label: 'Customer' | 'Status', option: string) {
    await this.page.getByLabel(label, { exact: true }).selectOption({ label: option });
    await expect(this.page.getByRole('table', { name: 'Orders' })).not.toHaveAttribute('aria-busy', 'true');
  }

  get bar() {
    return this.page.getByRole('region', { name: 'Invoice the selected orders' });
  }

  async createInvoice(): Promise<Preview> {
    await this.bar.getByRole('button', { name: 'Create invoice' }).click();
    return Preview.of(this.page);
  }
}

export async function openOrder(page: Page, id: string) {
  await page.goto(`${origins.tms}/orders/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Order / })).toBeVisible();
}

export class Preview {
  /** The page, or the frame (a TMS whose detail view is an iframe) the preview opened in. */
  constructor(readonly page: Page | FrameLocator) {}

  static async of(page: Page | FrameLocator): Promise<Preview> {
    const preview = new Preview(page);
    await expect(preview.dialog).toBeVisible();
    await expect(preview.dialog.getByText('Reading the orders…')).toBeHidden();
    return preview;
  }

  get dialog() {
    return this.page.getByRole('dialog', { name: 'Invoice preview' });
  }

  get saveButton() {
    return this.dialog.getByRole('button', { name: 'Save and create invoice' });
  }

  problems() {
    return this.dialog.getByRole('region', { name: 'Before sending' });
  }

  /** Links the customer to the contact of that name found by searching the billing system. */
  async linkBySearch(query: string, contactName: string) {
    await this.dialog.getByLabel(/^Search contacts in/).fill(query);
    await this.dialog.getByRole('button', { name: 'Search', exact: true }).click();
    await this.dialog.getByRole('button', { name: `Link: ${contactName}`, exact: true }).click();
    await expect(this.dialog.getByText(`Linked to ${contactName}`)).toBeVisible();
  }

  async createAndWait() {
    await expect(this.saveButton).toBeEnabled();
    await this.saveButton.click();
    await expect(this.dialog.getByText('Done. The orders now show "Invoice created".')).toBeVisible({ timeout: 30_000 });
  }
}

/** Opens a Create-invoice preview from an order's detail page. */
export async function previewFromDetail(page: Page, id: string): Promise<Preview> {
  await openOrder(page, id);
  await page.getByRole('button', { name: 'Create invoice' }).click();
  return Preview.of(page);
}

/** Makes a billing system the active one through the options page. */
export async function switchTo(context: BrowserContext, extensionId: string, provider: 'Lexware Office' | 'sevdesk') {
  const options = await OptionsPage.open(context, extensionId);
  await options.page.getByLabel('Active billing system').selectOption({ label: provider });
  await options.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.page.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await options.page.close();
}

/** Stops the extension's service worker, as Chrome does when it is idle or under memory pressure. */
export async function stopServiceWorker(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.close();
}

/** Chrome's and Firefox's own words for a message whose receiver went away: never for users' eyes. */
export const BROWSER_ERROR_TEXT = /message channel|receiving end|could not establish|message port|context invalidated/i;
