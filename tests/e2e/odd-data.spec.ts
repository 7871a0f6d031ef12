/**
 * Long and odd order data, read from the demo TMS's real pages and API: nothing is refused
 * that can be read, texts are shortened only where the billing system needs it (visibly),
 * and data that looks wrong gets a note that does not block. Seed orders o-0074..o-0076 of
 * customer C-1011 (320-character name) carry the oddities (sandbox/tms/SEED.md).
 */
import { test, expect } from './fixtures';
import { connect, OrdersPage, previewFromDetail } from './users';

const NOTE_TEXTS = {
  reversed: 'Order A-2026-0486: the delivery is dated before the pickup. Check the dates.',
  weight: 'Order A-2026-0486: the weight was given as text and interpreted. Check the value.',
  price: 'Order A-2026-0486: the price was given as text and interpreted. Check the value.',
  far: 'Order A-2026-0487: the date 2028-03-01 is more than a year away from today. Check it.',
  expensive: 'Order A-2026-0487: the price is above 100,000 EUR, your plausibility limit. Check it.',
};

test.beforeEach(async ({ context, extensionId }) => {
  await connect(context, extensionId);
});

test('5,000 characters of goods, a 1,000-character reference and a 320-character customer name are read, the description shortened visibly', async ({ page }) => {
  const preview = await previewFromDetail(page, 'o-0074');
  const problems = preview.problems();
  await expect(preview.dialog.getByText(/Spedition und Kontraktlogistik/).first()).toBeVisible();
  await expect(problems).not.toContainText('customer missing');
  await expect(problems).not.toContainText('could not be read');
  await expect(problems.getByRole('listitem').filter({ hasText: 'The position description was shortened to 2,000 characters, the limit of Lexware Office.' })).toHaveCount(1);
  const description = await preview.dialog.getByLabel('Description').inputValue();
  expect(description.length).toBe(2000);
  // The customer's reference comes first (fact sheet §6), the order number still on the first line.
  expect(description).toMatch(/^Ihre Referenz Sammelbestellung Werk Bremen[^\n]* · Auftrag A-2026-0485\n/);
  expect(description.endsWith('…')).toBe(true);
  // The only blocking problem is the missing billing contact of this new customer.
  await expect(problems.getByRole('listitem').filter({ hasText: 'Blocking' })).toHaveCount(1);
  await expect(problems.getByRole('listitem').filter({ hasText: 'Blocking' })).toContainText('to a Lexware Office contact below.');
});

test('reversed dates, a typed weight and a typed price on the detail page are read and noted, not refused', async ({ page }) => {
  const preview = await previewFromDetail(page, 'o-0075');
  const problems = preview.problems();
  for (const text of [NOTE_TEXTS.reversed, NOTE_TEXTS.weight, NOTE_TEXTS.price]) {
    await expect(problems.getByRole('listitem').filter({ hasText: text })).toContainText('Note');
  }
  await expect(preview.dialog.getByLabel('Unit price (net) A-2026-0486')).toHaveValue('1250.00');
  await expect(preview.dialog.getByLabel('Description')).toHaveValue(/Ladung: Maschinenteile · 1\.200 kg/);
  await expect(problems.getByRole('listitem').filter({ hasText: 'Blocking' })).toHaveCount(1);
});

test('a selection from the list: far dates, an implausible price and a typed weight are noted through the API read', async ({ page }) => {
  const orders = await OrdersPage.open(page, '?q=Langenscheidt-Oberhofer');
  for (const number of ['A-2026-0485', 'A-2026-0486', 'A-2026-0487']) await orders.select(number);
  const preview = await orders.createInvoice();
  const problems = preview.problems();
  for (const text of [NOTE_TEXTS.reversed, NOTE_TEXTS.weight, NOTE_TEXTS.far, NOTE_TEXTS.expensive]) {
    await expect(problems.getByRole('listitem').filter({ hasText: text })).toContainText('Note');
  }
  await expect(preview.dialog.getByText('Collective invoice, 3 orders')).toBeVisible();
  await expect(problems.getByRole('listitem').filter({ hasText: 'Blocking' })).toHaveCount(1);
});

test('notes do not block: a contact created from the 320-character name, then the odd order is invoiced', async ({ page, sandbox }) => {
  const preview = await previewFromDetail(page, 'o-0075');
  await preview.dialog.getByRole('button', { name: '+ Create new contact from the TMS data' }).click();
  await preview.dialog.getByRole('group', { name: 'Create this contact in Lexware Office?' }).getByRole('button', { name: 'Create and link' }).click();
  await expect(preview.dialog.getByText(/^Linked to Internationale Spedition/)).toBeVisible();
  await expect(preview.problems().getByRole('listitem').filter({ hasText: 'Blocking' })).toHaveCount(0);
  await expect(preview.problems().getByRole('listitem').filter({ hasText: NOTE_TEXTS.reversed })).toBeVisible();
  await preview.createAndWait();
  const invoices = await sandbox.get<{ totalPrice: { totalNetAmount: number } }[]>('lexware', '/__sandbox/invoices');
  expect(invoices.map((i) => i.totalPrice.totalNetAmount)).toEqual([1250]);
});
