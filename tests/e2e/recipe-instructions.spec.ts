/**
 * A recipe's `instructions` write-back on the Legacy TMS (server-rendered, with an HTML form
 * for the invoice number on each order's detail page): the user teaches the TMS with the
 * builder and, on the detail page, chooses "Also in a field of the TMS" and points at the
 * Rechnungs-Nr. field. After an invoice is made, the order's detail page shows its badge and
 * what to enter where; Fill puts the number into the TMS's field, and Frachtbeleg sends the
 * TMS nothing (saving stays the user's click).
 */
import type { Page } from '@playwright/test';
import { sandboxConfig, sandboxTmsOrigins } from '../../sandbox/config';
import { test, expect } from './fixtures';
import { addTmsSite, connect, LEGACY_COLUMNS, openBuilderFromPopup, OptionsPage, pickColumns, pickLegacyDetailFields, Preview } from './users';

const legacy = sandboxTmsOrigins(sandboxConfig()).legacy;

async function logIn(page: Page) {
  await page.goto(`${legacy}/auftraege`);
  await page.getByLabel('Benutzer').fill('dispo');
  await page.getByLabel('Passwort').fill('altmann');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(page.getByRole('heading', { name: 'Aufträge' })).toBeVisible();
}

/** One order on the list page that can be invoiced in euros: its number and its key (the checkbox's value). */
async function oneEligible(page: Page): Promise<{ number: string; id: string }> {
  const rows = await page.locator('table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      number: tr.querySelector('a')?.textContent?.trim() ?? '',
      id: (tr.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.value ?? '',
      price: tr.children[7]?.textContent?.trim() ?? '',
      status: tr.children[8]?.textContent?.trim() ?? '',
    })),
  );
  const found = rows.find((r) => r.price.endsWith('€') && !['Storniert', 'Berechnet', 'Bezahlt'].includes(r.status));
  if (!found) throw new Error('no EUR order to invoice on this page');
  return found;
}

test('instructions write-back: the detail page says what to enter, Fill fills the TMS field, nothing is sent to the TMS', async ({ context, extensionId, page, sandbox }) => {
  test.setTimeout(150_000);
  await fetch(`${legacy}/__sandbox/reset`, { method: 'POST' });
  await connect(context, extensionId);
  const options = await OptionsPage.open(context, extensionId);
  await addTmsSite(options, `${legacy}/auftraege`);
  // A final invoice has its number at once (a draft has none to enter).
  await options.page.getByRole('checkbox', { name: 'Finalize invoices right away (they can no longer be changed)' }).check();
  await options.page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(options.page.getByText('Saved').first()).toBeVisible();
  await options.page.close();

  await logIn(page);
  const builder = await openBuilderFromPopup(context, extensionId);

  // Teaching the list: rows, key, columns, selection.
  const firstRow = page.locator('table tbody tr').first();
  await builder.getByRole('button', { name: 'Pick in the page' }).click();
  await firstRow.locator('td').nth(7).click();
  await expect(builder.getByRole('status')).toContainText('25 orders found on this page');
  await builder.getByRole('button', { name: 'Next' }).click();
  await builder.getByRole('button', { name: 'Next' }).click();
  await pickColumns(builder, firstRow, LEGACY_COLUMNS);
  await builder.getByRole('button', { name: 'Next' }).click();
  await builder.getByRole('button', { name: 'Next' }).click();

  // Teaching one detail page, and where invoice numbers go in the TMS.
  await firstRow.getByRole('link').click();
  await expect(builder).toContainText('Detail page of order o-');
  await pickLegacyDetailFields(page, builder);
  await builder.getByRole('radio', { name: /^Also in a field of the TMS/ }).check();
  await expect(builder.getByRole('button', { name: 'Next' })).toBeDisabled();
  await builder.getByRole('button', { name: 'Pick in the page: Field for the invoice number' }).click();
  await page.getByLabel('Rechnungs-Nr.').click();
  await expect(builder.getByRole('status').filter({ hasText: 'Invoice numbers go into' })).toHaveText('Invoice numbers go into “Rechnungs-Nr.”.');
  await builder.getByRole('button', { name: 'Next' }).click();
  await builder.getByLabel('Name of the recipe').fill('Altmann Spedition');
  await builder.getByRole('button', { name: 'Save recipe' }).click();
  await expect(builder.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // The side panel asks the page to reload: the page reloads once the page's builder hears it.
  const reloaded = page.waitForEvent('load');
  await builder.getByRole('button', { name: 'Reload page' }).click();
  await reloaded;

  // An invoice for one order, into Lexware.
  await page.goto(`${legacy}/auftraege`);
  const order = await oneEligible(page);
  await page.getByRole('checkbox', { name: `Auftrag ${order.number} auswählen` }).check();
  await page.getByRole('region', { name: 'Invoice the selected orders' }).getByRole('button', { name: 'Create invoice' }).click();
  const preview = await Preview.of(page);
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await preview.createAndWait();

  // The order's detail page: its badge, and what to enter into which field.
  await page.goto(`${legacy}/auftraege/${order.id}`);
  await expect(page.getByRole('heading', { name: `Auftrag ${order.number}` })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Invoiced: / })).toBeVisible();
  const badge = (await page.getByRole('status').filter({ hasText: /^Invoiced: / }).textContent())!;
  const number = badge.replace('Invoiced: ', '').trim();
  expect(number).not.toBe('');
  const instructions = page.getByRole('group', { name: 'Invoice number for the TMS' });
  await expect(instructions).toContainText(`Enter ${number} into “Rechnungs-Nr.”`);
  await expect(page.getByLabel('Rechnungs-Nr.')).toHaveValue('');
  await instructions.getByRole('button', { name: 'Fill' }).click();
  await expect(page.getByLabel('Rechnungs-Nr.')).toHaveValue(number);
  await expect(instructions.getByRole('status')).toContainText('Filled in.');

  // Frachtbeleg wrote nothing into the TMS: saving the form stays the user's click.
  const tmsRequests = (await (await fetch(`${legacy}/__sandbox/requests`)).json()) as { method: string; path: string }[];
  // Only the user's own log-in changed anything on the TMS's server.
  expect(tmsRequests.filter((r) => r.method !== 'GET' && r.path !== '/anmelden')).toEqual([]);
  expect((await sandbox.requests('lexware')).filter((r) => r.method === 'POST' && r.path === '/v1/invoices')).toHaveLength(1);
});
