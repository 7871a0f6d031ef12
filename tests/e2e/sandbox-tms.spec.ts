/**
 * Smoke test of the three TMSs built unlike the demo, in real Chromium without the extension:
 * what a dispatcher sees and does on each. One browser for the whole file.
 */
import { test, expect, chromium, type Browser, type Page } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { chromiumPath, QUIET_FLAGS } from '../../scripts/chromium';

const origins = sandboxTmsOrigins(sandboxConfig());
let browser: Browser;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: QUIET_FLAGS });
});
test.afterAll(() => browser.close());

async function freshPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1500, height: 900 } });
  return context.newPage();
}

test.beforeEach(async () => {
  await Promise.all(
    [origins.legacy, origins.grid, origins.frames, origins.framesDetail].map((o) => fetch(`${o}/__sandbox/reset`, { method: 'POST' })),
  );
});

test('Legacy: log in, page through the list, enter a Rechnungs-Nr. on the detail page', async () => {
  const page = await freshPage();
  await page.goto(`${origins.legacy}/auftraege?seite=2`);
  await page.getByLabel('Benutzer').fill('dispo');
  await page.getByLabel('Passwort').fill('altmann');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page).toHaveURL(/\/auftraege\?seite=2$/);
  await expect(page.getByText('Seite 2 von 12 (300 Aufträge)').first()).toBeVisible();
  await expect(page.getByRole('checkbox')).toHaveCount(25);
  await page.getByRole('checkbox').first().check();
  await page.getByRole('link', { name: 'Weiter »' }).first().click();
  await expect(page).toHaveURL(/seite=3/);
  const first = page.getByRole('row').nth(1).getByRole('link');
  const number = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole('heading', { name: `Auftrag ${number}` })).toBeVisible();
  await page.getByLabel('Rechnungs-Nr.').fill('RE-2026-0501');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await expect(page.getByRole('status')).toHaveText('Rechnungs-Nr. gespeichert.');
  await expect(page.getByRole('row', { name: /Rechnungs-Nr\. RE-2026-0501/ })).toBeVisible();
  await page.context().close();
});

test('Grid: about 30 recycled rows, click selection that survives scrolling, columns, drawer and PATCH', async () => {
  const page = await freshPage();
  await page.goto(`${origins.grid}/`);
  await expect(page.getByText('1,000 orders')).toBeVisible();
  const rows = page.locator('[role=grid] [role=row][aria-rowindex]:not([hidden])').filter({ has: page.getByRole('gridcell') });
  const rendered = await page.locator('[role=grid] [role=row]').count();
  expect(rendered).toBeLessThanOrEqual(32);
  expect(rendered).toBeGreaterThanOrEqual(20);

  const firstRow = rows.first();
  const firstNumber = (await firstRow.getByRole('gridcell').first().textContent())!;
  await firstRow.click();
  await rows.nth(2).click({ modifiers: ['Control'] });
  await expect(page.locator('[role=row][aria-selected=true]')).toHaveCount(2);
  await expect(page.getByText('2 selected')).toBeVisible();

  // The element that showed the first order shows another one after scrolling: it was recycled.
  const handle = await firstRow.elementHandle();
  // The grid's children: the header row, then the scrolling viewport.
  const viewport = page.getByRole('grid').locator(':scope > div').nth(1);
  await viewport.evaluate((el) => (el.scrollTop = 400 * 28));
  await expect.poll(() => handle!.evaluate((el) => el.firstElementChild?.textContent)).not.toBe(firstNumber);
  await expect(page.locator('[role=row][aria-selected=true]')).toHaveCount(0);
  await viewport.evaluate((el) => (el.scrollTop = 0));
  await expect(page.locator('[role=row][aria-selected=true]')).toHaveCount(2);

  // The token lives in page memory only.
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie)).not.toMatch(/token|Bearer/i);

  // Columns: move "Client" left; the order survives a reload.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('button', { name: 'Move Client left' }).click();
  await expect(page.getByRole('columnheader').first()).toHaveText('Client');
  await page.reload();
  await expect(page.getByRole('columnheader').first()).toHaveText('Client');

  // Drawer: details without a URL change, invoice reference saved with PATCH + CSRF.
  const url = page.url();
  await rows.first().dblclick();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByRole('heading', { name: /^Order / })).toBeVisible();
  expect(page.url()).toBe(url);
  await drawer.getByLabel('Invoice reference').fill('RE-2026-0777');
  await drawer.getByRole('button', { name: 'Save' }).click();
  await expect(drawer.getByRole('status')).toHaveText('Invoice reference saved.');
  await expect(rows.first().getByRole('gridcell', { name: 'RE-2026-0777' })).toBeVisible();
  await page.context().close();
});

for (const variant of ['gleich', 'fremd'] as const) {
  test(`Frames (${variant}): the detail opens in the iframe and its action area saves a Rechnungs-Nr.`, async () => {
    const page = await freshPage();
    await page.goto(`${origins.frames}/kombi?ansicht=${variant}`);
    const link = page.getByRole('row').nth(1).getByRole('link');
    const number = (await link.textContent())!;
    await link.click();
    const frame = page.frameLocator('iframe[name=detail]');
    await expect(frame.getByRole('heading', { name: `Auftrag ${number}` })).toBeVisible();
    const src = page.frames().find((f) => f.name() === 'detail')!.url();
    expect(new URL(src).origin).toBe(variant === 'gleich' ? origins.frames : origins.framesDetail);
    const actions = frame.getByRole('region', { name: 'Aktionen' });
    await actions.getByLabel('Rechnungs-Nr.').fill('RE-2026-0900');
    await actions.getByRole('button', { name: 'Speichern' }).click();
    await expect(frame.getByRole('status')).toHaveText('Rechnungs-Nr. gespeichert.');
    await page.context().close();
  });
}
