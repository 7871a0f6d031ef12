/** TMS sites: the extension runs only where the user added the site. */
import { test, expect, origins } from './fixtures';
import { OrdersPage } from './users';

test('removing the demo TMS site stops the extension there; adding it again brings it back', async ({ page, openExtensionPage, sandbox }) => {
  void sandbox;
  const options = await openExtensionPage('options.html');
  const sites = options.getByRole('region', { name: 'TMS sites' });
  await expect(sites.getByText(origins.tms)).toBeVisible();
  await expect(sites.getByText('active')).toBeVisible();

  await sites.getByRole('button', { name: `Remove ${origins.tms}` }).click();
  await expect(sites.getByRole('status')).toHaveText(`${origins.tms} removed.`);
  await expect(sites.getByText('No TMS site yet.')).toBeVisible();

  let orders = await OrdersPage.open(page);
  await orders.select('A-2026-0412');
  // Give a content script every chance to show up: it must not.
  await page.waitForTimeout(1000);
  await expect(orders.bar).toBeHidden();
  await expect(page.locator('frachtbeleg-ui')).toHaveCount(0);

  await sites.getByLabel('Address of your TMS').fill(`${origins.tms}/orders?page=2`);
  await sites.getByRole('button', { name: 'Add site' }).click();
  await expect(sites.getByRole('status')).toHaveText(`${origins.tms} added. Reload your open TMS tabs.`);
  await expect(sites.getByText('active')).toBeVisible();

  orders = await OrdersPage.open(page);
  await orders.select('A-2026-0412');
  await expect(orders.bar).toBeVisible();
});

test('an address that is not a TMS site is refused with the reason', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  const sites = options.getByRole('region', { name: 'TMS sites' });
  for (const [address, reason] of [
    ['ftp://files.example.com', 'Only http and https addresses can be added.'],
    ['https://api.lexware.io', 'That is a billing system, not a TMS.'],
    ['', 'Enter the address of your TMS.'],
  ] as const) {
    await sites.getByLabel('Address of your TMS').fill(address);
    await sites.getByRole('button', { name: 'Add site' }).click();
    await expect(sites.getByRole('alert')).toHaveText(reason);
  }
});
