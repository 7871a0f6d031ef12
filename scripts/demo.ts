/**
 * `npm run demo`: builds the sandbox extension, starts the sandbox world and walks through
 * the product in Chromium with the extension loaded. With a display, the browser stays open
 * for you afterwards; without one, the walk-through runs headless and leaves screenshots.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { sandboxConfig, sandboxOrigins, sandboxTmsOrigins } from '../sandbox/config';
import { startSandboxWorld } from '../sandbox/world';
import { chromiumPath, QUIET_FLAGS, SIDE_PANEL_FLAG, sidePanelPage } from './chromium';

const EXTENSION_DIR = path.resolve('.output/chrome-mv3-sandbox');
const SCREENSHOTS = path.resolve(process.env.DEMO_SCREENSHOTS ?? 'demo-screenshots');
const headed = process.env.DEMO_HEADLESS !== '1' && (process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY);

function step(text: string) {
  console.info(`• ${text}`);
}

async function shot(page: Page, name: string) {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  console.info(`  screenshot: ${path.relative(process.cwd(), file)}`);
}

async function walkThrough(context: BrowserContext, extensionId: string, profile: string) {
  const config = sandboxConfig();
  const origins = sandboxOrigins(config);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, headed ? ms : 0));

  step('Connect Lexware Office (the sandbox emulator) in the options');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const lexware = options.getByRole('region', { name: /^Lexware Office/ });
  await lexware.getByLabel('Lexware Office API key').fill(config.lexwareKey);
  await lexware.getByRole('button', { name: 'Save key' }).click();
  await lexware.getByRole('status').filter({ hasText: 'Connected to' }).waitFor();
  await shot(options, '01-options-connected');
  await options.close();

  step('Select three orders of Spedition Nordlicht on the demo TMS');
  const page = await context.newPage();
  await page.goto(`${origins.tms}/orders`);
  await page.getByLabel('Customer', { exact: true }).selectOption({ label: 'Spedition Nordlicht GmbH' });
  await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Delivered' });
  await page.getByRole('table', { name: 'Orders' }).and(page.locator(':not([aria-busy="true"])')).waitFor();
  const boxes = page.getByRole('checkbox', { name: /^Select order / });
  for (let i = 0; i < 3; i++) {
    await boxes.nth(i).check();
    await pause(400);
  }
  const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
  await bar.waitFor();
  await shot(page, '02-orders-selected-with-create-invoice');

  step('Open the invoice preview');
  await bar.getByRole('button', { name: 'Create invoice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  await dialog.getByText('Collective invoice, 3 orders').waitFor();
  await shot(page, '03-preview-unlinked-customer');

  step('Link the customer to its Lexware Office contact');
  await dialog.getByLabel(/^Search contacts in/).fill('Nordlicht');
  await dialog.getByRole('button', { name: 'Search', exact: true }).click();
  await dialog.getByRole('button', { name: 'Link: Spedition Nordlicht GmbH', exact: true }).click();
  await dialog.getByText('Linked to Spedition Nordlicht GmbH').waitFor();
  await pause(800);
  await shot(page, '04-preview-ready');

  step('Save and create the invoice');
  await dialog.getByRole('button', { name: 'Save and create invoice' }).click();
  await dialog.getByText('Done. The orders now show "Invoice created".').waitFor({ timeout: 30_000 });
  await shot(page, '05-invoice-created');

  step('The order now shows the invoice');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.goto(`${origins.tms}/orders/o-0001`);
  await page.getByRole('tab', { name: /^Events/ }).click();
  await page.getByRole('link', { name: /Lexware Office/ }).first().waitFor();
  await shot(page, '06-order-with-invoice-event');

  step('The detail page of another order offers Create invoice beside its own actions');
  await page.goto(`${origins.tms}/orders/o-0027`);
  await page.locator('.page-actions').getByRole('button', { name: 'Create invoice' }).waitFor();
  await shot(page, '07-detail-page-action');

  await billingRun(page, origins, pause);

  step('The invoice book lists the invoice with its orders and payment status; exports below');
  const book = await context.newPage();
  await book.setViewportSize({ width: 1440, height: 900 });
  await book.goto(`chrome-extension://${extensionId}/book.html`);
  await book.getByRole('grid', { name: 'Invoices' }).getByRole('row').filter({ hasText: 'Spedition Nordlicht GmbH' }).first().waitFor();
  await book.getByRole('status').filter({ hasText: /checked|Checked|nothing|Nothing/ }).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
  await pause(500);
  await shot(book, '07b-invoice-book');
  await book.close();

  step('Site recipes: import the demo TMS as a recipe file and review what it asks for');
  const recipes = await context.newPage();
  await recipes.goto(`chrome-extension://${extensionId}/options.html`);
  const card = recipes.getByRole('region', { name: 'Site recipes' });
  await card.getByLabel('Import a recipe file').setInputFiles(path.resolve('utils/tms/demo/demo.recipe.json'));
  const review = card.getByRole('region', { name: /^Review / });
  await review.waitFor();
  await review.scrollIntoViewIfNeeded();
  await shot(recipes, '08-recipe-review');
  await review.getByRole('button', { name: 'Keep this recipe' }).click();
  await card.getByRole('status').waitFor();
  await recipes.getByRole('region', { name: 'TMS sites' }).scrollIntoViewIfNeeded();
  await shot(recipes, '09-recipe-kept-and-site-choice');
  await recipes.close();

  await teachLegacy(context, extensionId, sandboxTmsOrigins(config).legacy, pause, profile);
  return page;
}

/**
 * A month-end billing run (#15): the proposal selects last month's delivered orders of every
 * customer, the review shows one invoice per customer and currency (one more customer linked
 * from there), then the run's progress and its report. The Lexware emulator answers a little
 * slowly meanwhile (its latency knob), so the progress is on screen long enough to be seen.
 */
async function billingRun(page: Page, origins: ReturnType<typeof sandboxOrigins>, pause: (ms: number) => Promise<unknown>) {
  step('Billing run: the proposal selects last month’s delivered orders of all customers');
  await page.goto(`${origins.tms}/orders`);
  const proposal = page.getByRole('region', { name: 'Proposed for invoicing' });
  await proposal.getByRole('button', { expanded: false }).click();
  const select = proposal.getByRole('button', { name: 'Select them' });
  await proposal.getByText(/delivered orders? from .* not invoiced yet/).waitFor();
  await shot(page, '07c-run-proposal');
  await select.click();
  const bar = page.getByRole('region', { name: 'Invoice the selected orders' });
  await bar.getByText(/orders selected/).waitFor();
  await bar.getByRole('button', { name: 'Create invoice' }).click();

  step('The run’s review: one invoice per customer and currency, what needs attention, the period');
  const dialog = page.getByRole('dialog', { name: 'Invoice preview' });
  const heading = dialog.getByRole('heading', { name: /^Billing run: / });
  await heading.waitFor({ timeout: 30_000 });
  // Two more customers linked from the review, each a new contact made from the TMS's data.
  for (const customer of ['Bayern Logistik AG', 'Rheinfracht GmbH & Co. KG']) {
    const before = await heading.textContent();
    await dialog.getByRole('button', { name: `Link ${customer}`, exact: true }).click();
    await dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
    await dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
    // Linked: the heading counts one invoice more.
    await heading.filter({ hasNotText: before ?? '' }).waitFor({ timeout: 30_000 });
  }
  await dialog.evaluate((element) => element.querySelector('.fb-run')?.scrollIntoView());
  await pause(600);
  await shot(page, '07d-run-review');

  step('Start the billing run: its progress, then its report');
  await setLexwareLatency(origins.lexware, 900);
  try {
    await dialog.getByRole('button', { name: 'Start billing run' }).click();
    await dialog.getByRole('heading', { name: 'Billing run in progress' }).waitFor({ timeout: 15_000 });
    // Once the first invoice exists (the run may already be at its end: then as it is).
    await dialog.getByText(/^\s*[1-9]\d* of \d+ invoices created/).waitFor({ timeout: 20_000 }).catch(() => undefined);
    await shot(page, '07e-run-progress');
    await dialog.getByRole('heading', { name: 'Billing run report' }).waitFor({ timeout: 120_000 });
    await dialog.getByText(/invoices created, \d+ failed/).waitFor({ timeout: 120_000 });
  } finally {
    await setLexwareLatency(origins.lexware, 0);
  }
  await pause(800);
  await shot(page, '07f-run-report');
}

/** The Lexware emulator's answer delay (its sandbox knob); 0 is its normal speed. */
async function setLexwareLatency(lexware: string, latencyMs: number) {
  const response = await fetch(`${lexware}/__sandbox/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latencyMs }) });
  if (!response.ok) throw new Error(`The Lexware emulator refused its latency setting: ${response.status}`);
}

/**
 * The builder on the Legacy TMS, as a user teaches it: add the site, open "Teach Frachtbeleg
 * this TMS" from the toolbar popup, point at one order, its columns, one detail page's values.
 * (tests/e2e/recipe-builder.spec.ts walks the same way with its assertions.)
 */
async function teachLegacy(context: BrowserContext, extensionId: string, legacy: string, pause: (ms: number) => Promise<unknown>, profile: string) {
  step('Teach Frachtbeleg a TMS it does not know: the Legacy TMS, with the builder');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const sites = options.getByRole('region', { name: 'TMS sites' });
  await sites.getByLabel('Address of your TMS').fill(`${legacy}/auftraege`);
  await sites.getByRole('button', { name: 'Add site' }).click();
  await sites.getByRole('status').filter({ hasText: 'added' }).waitFor();
  await options.close();

  const page = await context.newPage();
  await page.goto(`${legacy}/auftraege`);
  await page.getByLabel('Benutzer').fill('dispo');
  await page.getByLabel('Passwort').fill('altmann');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole('button', { name: 'Teach Frachtbeleg this TMS' }).click();
  await popup.getByText('The builder is open in the side panel.').waitFor();
  await popup.close();
  await page.bringToFront();

  // The builder is drawn in the browser's side panel of the TMS tab; picking happens in the page.
  const panel = await sidePanelPage(profile);
  const builder = panel.getByRole('region', { name: 'Teach Frachtbeleg this TMS' });
  const next = () => builder.getByRole('button', { name: 'Next' }).click();
  const firstRow = page.locator('table tbody tr').first();
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.locator('td').nth(7).click();
  await builder.getByText('25 orders found on this page').waitFor();
  await next();
  await next();
  for (const [field, cell] of [['Order number', 1], ['Customer', 2], ['Price', 7], ['Status', 8]] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await pause(300);
    await firstRow.locator('td').nth(cell).click();
  }
  await shot(page, '10-builder-list-columns');
  await shot(panel, '10-builder-list-columns-side-panel');
  await next();
  await next();
  await firstRow.getByRole('link').click();
  await builder.getByText('Detail page of order').waitFor();
  const valueOf = (label: string) => page.getByRole('row', { name: new RegExp(`^${label}\\s`) }).first().locator('td');
  for (const [field, label] of [
    ['Order number', 'Auftrag'], ['Customer name', 'Kunde'], ['Customer number', 'Kundennummer'], ['VAT ID', 'USt-IdNr\\.'], ['Billing address', 'Rechnungsanschrift'],
    ['Status', 'Status'], ['Price', 'Betrag'], ['Stops (click one pickup or delivery)', 'Abholung'], ['Weight', 'Gewicht'],
  ] as const) {
    await builder.getByRole('button', { name: `Pick in the page: ${field}` }).click();
    await pause(300);
    await valueOf(label).click();
  }
  await shot(page, '11-builder-detail-page');
  await shot(panel, '11-builder-detail-page-side-panel');
  await next();
  await builder.getByLabel('Name of the recipe').fill('Altmann Spedition');
  await builder.getByRole('button', { name: 'Read this order' }).click();
  await builder.getByRole('list', { name: 'Read this order' }).waitFor();
  await builder.getByRole('button', { name: 'Save recipe' }).click();
  await builder.getByText('Saved.').waitFor();
  await shot(page, '12-builder-saved');
  await shot(panel, '12-builder-saved-side-panel');
  await page.close();
}

async function main() {
  step('Build the sandbox extension');
  const build = spawnSync('npx', ['wxt', 'build', '--mode', 'sandbox'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('The sandbox build failed');

  step('Start the sandbox world');
  const world = await startSandboxWorld({ ...(process.env.SANDBOX_SEED ? { seedPath: process.env.SANDBOX_SEED } : {}) });
  console.info(`  demo TMS ${world.tms.url}/orders · Lexware Office ${world.lexware.url} · sevdesk ${world.sevdesk.url}`);

  mkdirSync(SCREENSHOTS, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), 'frachtbeleg-demo-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: !headed,
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
    args: [...QUIET_FLAGS, SIDE_PANEL_FLAG, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  const stop = async (code: number) => {
    await context.close().catch(() => undefined);
    await world.close();
    rmSync(profile, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const page = await walkThrough(context, new URL(worker.url()).host, profile);
    console.info(`\nScreenshots are in ${SCREENSHOTS}`);
    if (!headed) return stop(0);
    await page.goto(`${world.tms.url}/orders`);
    console.info('The browser stays open: try it yourself. Close the browser or press Ctrl-C to stop.');
    context.on('close', () => void stop(0));
  } catch (error) {
    console.error('The demo walk-through failed:', error instanceof Error ? error.message : error);
    await stop(1);
  }
}

void main();
