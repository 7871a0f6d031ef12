/**
 * Automatic drafts on a site read by a recipe (#15): the Legacy TMS (server-rendered, behind
 * its own sign-in), its recipe imported from the golden file instead of taught. The options
 * say the option works only while a tab of the site is open; with the user's tab open, the
 * alarm's pass reads the delivered orders through that tab. No customer is linked yet, so
 * nothing is drafted: every order it found is left for the user, named in the popup's report
 * and counted on the badge, and neither Lexware Office nor the TMS is written to.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { test, expect } from './fixtures';
import { addTmsSite, connect, OptionsPage } from './users';

const legacy = sandboxTmsOrigins(sandboxConfig()).legacy;
const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', 'legacy.recipe.json');

const badge = (worker: Worker) => worker.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText: (d: object) => Promise<string> } } }).chrome.action.getBadgeText({}));
const alarmNow = (worker: Worker) => worker.evaluate(() => (globalThis as unknown as { __frachtbelegAutoDraftsNow: () => Promise<void> }).__frachtbelegAutoDraftsNow());

type LegacyOrder = { id: string; number: string; status: string; stops: { type: string; date: string }[] };

test('automatic drafts on the Legacy TMS read its delivered orders through the open tab, and leave unlinked customers for the user', async ({
  context,
  extensionId,
  page,
  sandbox,
  serviceWorker,
  openExtensionPage,
}) => {
  test.setTimeout(120_000);
  await fetch(`${legacy}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${legacy}/auftraege`);
  const recipes = options.page.getByRole('region', { name: 'Site recipes' });
  const recipe = readFileSync(GOLDEN, 'utf8').replaceAll('{legacy}', legacy).replace('"{id}"', `"${crypto.randomUUID()}"`);
  await recipes.getByLabel('Import a recipe file').setInputFiles({ name: 'legacy.recipe.json', mimeType: 'application/json', buffer: Buffer.from(recipe) });
  await recipes.getByRole('region', { name: 'Review “Altmann Spedition”' }).getByRole('button', { name: 'Keep this recipe' }).click();
  await expect(recipes.getByRole('status')).toContainText('“Altmann Spedition” kept');
  const sites = options.page.getByRole('region', { name: 'TMS sites' });
  const readWith = sites.getByLabel(`Read ${legacy} with`);
  if ((await readWith.inputValue()) !== (await readWith.locator('option', { hasText: 'Altmann Spedition' }).getAttribute('value'))) {
    await readWith.selectOption({ label: 'Altmann Spedition (recipe)' });
    await expect(sites.getByRole('status')).toContainText('is now read with Altmann Spedition');
  }

  // The user's tab of the TMS, signed in.
  await page.goto(`${legacy}/auftraege`);
  await page.getByLabel('Benutzer').fill('dispo');
  await page.getByLabel('Passwort').fill('altmann');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Aufträge' })).toBeVisible();
  // The pass reads every page of the list (25 orders each, newest delivery first; the recipe
  // follows “Weiter »”), whichever page the user is on: here one after the last order due.
  const stored = (await (await fetch(`${legacy}/__sandbox/orders`)).json()) as LegacyOrder[];
  const today = new Date();
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  const due = (o: LegacyOrder) => o.status === 'delivered' && (o.stops.filter((s) => s.type === 'delivery').at(-1)?.date ?? '') >= from;
  const lastDue = stored.reduce((last, o, i) => (due(o) ? i : last), -1);
  await page.goto(`${legacy}/auftraege?seite=${Math.min(12, Math.floor(lastDue / 25) + 2)}`);
  await expect(page.locator('table tbody tr').first()).toBeVisible();

  await options.page.reload();
  const card = options.page.getByRole('region', { name: 'Automatic drafts' });
  const host = new URL(legacy).host;
  await expect(card).toContainText(`Only while a tab of ${host} is open`);
  await card.getByRole('checkbox', { name: `Prepare draft invoices for delivered orders on ${host}` }).check();
  await expect(card.getByRole('status')).toContainText('Saved.');

  // The alarm's pass (the sandbox build's hook), after the first pass the switch started.
  await expect.poll(async () => (await options.page.reload(), await card.textContent()) ?? '', { timeout: 30_000 }).toMatch(/Last looked:/);
  await alarmNow(serviceWorker);

  // Every order of the TMS delivered since the first of last month, on whichever page: each
  // one is left for the user (no customer is linked).
  const shown = await page.locator('table tbody tr input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
  const expected = stored
    .filter(due)
    .map((o) => o.number)
    .sort();
  expect(expected.length).toBeGreaterThan(stored.filter((o) => shown.includes(o.id) && due(o)).length);

  const popup = await openExtensionPage('popup.html');
  const run = popup.getByRole('region', { name: 'Billing run', exact: true });
  await expect(run).toContainText('Prepared automatically: drafts only, nothing was finalised.');
  const left = run.getByRole('region', { name: 'Not in this run' }).getByRole('listitem');
  await expect(left).toHaveCount(expected.length);
  await expect(left.first()).toContainText('Not linked to a Lexware Office contact');
  const listed = (await left.allTextContents()).map((text) => /^\s*(\S+?):/.exec(text)?.[1] ?? text).sort();
  expect(listed).toEqual(expected);
  await expect.poll(() => badge(serviceWorker), { timeout: 15_000 }).toBe(String(expected.length));

  // Nothing was drafted, and the TMS was only read.
  expect(await sandbox.get<unknown[]>('lexware', '/__sandbox/invoices')).toEqual([]);
  const tmsRequests = (await (await fetch(`${legacy}/__sandbox/requests`)).json()) as { method: string; path: string }[];
  expect(tmsRequests.filter((r) => r.method !== 'GET' && !r.path.startsWith('/login') && !r.path.startsWith('/anmelden') && !r.path.startsWith('/__sandbox'))).toEqual([]);
});
