/**
 * Corrections and cancellations in real Chromium: an invoice made in Lexware Office is corrected
 * from the invoice book (a credit note linked to it, naming it in its text), a sevdesk invoice
 * is cancelled (a cancellation invoice), both show as invoice → correction in the book, the TMS
 * order gets an event with the credit note's link, and the order is invoiced again on purpose.
 * The same dialog is offered on an invoiced order's detail page in the TMS. A sevdesk invoice is
 * corrected for a chosen position: one draft credit note, which the user finalises in sevdesk.
 */
import type { Page, Worker } from '@playwright/test';
import { test, expect, origins, type Sandbox } from './fixtures';
import { connect, previewFromDetail, SEVDESK_KEY, switchTo } from './users';

type Logged = Awaited<ReturnType<Sandbox['requests']>>[number];
type StoredOrder = { id: string; status: string; events: { type: string; text: string; link?: { url: string } }[] };

test.beforeEach(async ({ context, extensionId, sandbox }) => {
  void sandbox;
  await connect(context, extensionId);
  await connect(context, extensionId, 'sevdesk');
});


/** A sevdesk invoice for demo order o-0002, created in the preview, then sent by the user in sevdesk. */
async function sentSevdeskInvoice(page: Page, sandbox: Sandbox): Promise<{ id: string; invoiceNumber: string }> {
  const preview = await previewFromDetail(page, 'o-0002');
  await preview.linkBySearch('10001', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const [invoice] = await sandbox.get<{ id: string; invoiceNumber: string }[]>('sevdesk', '/__sandbox/invoices');
  const sent = await fetch(`${origins.sevdesk}/api/v1/Invoice/${invoice!.id}/sendBy`, {
    method: 'PUT',
    headers: { authorization: SEVDESK_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ sendType: 'VPR', sendDraft: false }),
  });
  expect(sent.status).toBe(200);
  return invoice!;
}

/** The half-hourly payment check, brought forward. */
async function checkPaymentsNow(serviceWorker: Worker): Promise<void> {
  await serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { alarms: { create(name: string, info: { when: number }): void } } }).chrome.alarms.create('frachtbeleg-book-poll', { when: Date.now() + 50 }));
}

test('a Lexware invoice corrected and a sevdesk invoice cancelled from the book; the order invoiced again on purpose', async ({ page, context, extensionId, serviceWorker, openExtensionPage, sandbox }) => {
  test.setTimeout(180_000);
  // Final Lexware invoices: a draft is edited or deleted in Lexware, not corrected.
  const options = await openExtensionPage('options.html');
  await options.getByRole('checkbox', { name: 'Finalize invoices right away (they can no longer be changed)' }).check();
  await options.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(options.getByText('Saved').first()).toBeVisible();
  await options.close();

  let preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const [lexwareInvoice] = await sandbox.get<{ id: string; voucherNumber: string }[]>('lexware', '/__sandbox/invoices');

  await switchTo(context, extensionId, 'sevdesk');
  // The user sends it from sevdesk: only a sent invoice can be cancelled.
  const sevdeskInvoice = await sentSevdeskInvoice(page, sandbox);

  // The half-hourly payment check reads the new status (the alarm is brought forward).
  await checkPaymentsNow(serviceWorker);
  const book = await openExtensionPage('book.html');
  const grid = book.getByRole('grid', { name: 'Invoices' });
  const rowOf = (number: string) => grid.getByRole('row').filter({ hasText: number });
  await expect(async () => {
    await book.reload();
    await expect(rowOf(sevdeskInvoice!.invoiceNumber).locator('.book-status')).toHaveText('Open', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  // Correct the Lexware invoice: the full amount, after confirming.
  await book.getByRole('button', { name: `Correct invoice (${lexwareInvoice!.voucherNumber})` }).click();
  let dialog = book.getByRole('dialog', { name: `Correct invoice ${lexwareInvoice!.voucherNumber}` });
  await expect(dialog.getByRole('radio', { name: /^The full amount/ })).toBeChecked();
  const create = dialog.getByRole('button', { name: 'Create credit note' });
  await expect(create).toBeDisabled();
  await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
  await create.click();
  await expect(dialog).toBeHidden();
  const [creditNote] = await sandbox.get<{ id: string; voucherNumber: string; introduction: string; relatedVouchers: { id: string }[] }[]>('lexware', '/__sandbox/credit-notes');
  await expect(book.getByRole('status').filter({ hasText: `Lexware Office made ${creditNote!.voucherNumber}.` })).toBeVisible();

  // In the emulator: one credit note, linked by precedingSalesVoucherId, naming the invoice in its text.
  // Exactly one was made, by exactly one POST the API acted on (a 429-refused one it repeated is not counted).
  expect(await sandbox.get<unknown[]>('lexware', '/__sandbox/credit-notes')).toHaveLength(1);
  const posts = (await sandbox.requests('lexware')).filter((r: Logged) => r.method === 'POST' && r.path === '/v1/credit-notes');
  expect(posts).toHaveLength(1);
  expect(posts[0]!.query).toEqual({ precedingSalesVoucherId: lexwareInvoice!.id, finalize: 'true' });
  expect((posts[0]!.body as { introduction: string; title: string }).title).toBe('Rechnungskorrektur');
  expect(creditNote!.introduction).toContain(`Rechnungskorrektur zu Rechnung ${lexwareInvoice!.voucherNumber}`);
  expect(creditNote!.relatedVouchers.map((r) => r.id)).toEqual([lexwareInvoice!.id]);

  // Cancel the sevdesk invoice.
  await book.getByRole('button', { name: `Cancel invoice (${sevdeskInvoice!.invoiceNumber})` }).click();
  dialog = book.getByRole('dialog', { name: `Cancel invoice ${sevdeskInvoice!.invoiceNumber}` });
  await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
  await dialog.getByRole('button', { name: 'Cancel invoice now' }).click();
  await expect(dialog).toBeHidden();
  const sevdeskAll = await sandbox.get<{ id: string; invoiceNumber: string; invoiceType: string; origin?: { id: string } | null }[]>('sevdesk', '/__sandbox/invoices');
  const storno = sevdeskAll.find((i) => i.invoiceType === 'SR');
  expect(storno?.origin?.id).toBe(sevdeskInvoice!.id);
  expect((await sandbox.requests('sevdesk')).filter((r: Logged) => r.method === 'POST' && r.path.endsWith('/cancelInvoice'))).toHaveLength(1);

  // Both in the book: invoice → correction, and the correction documents as rows of their own.
  await expect(rowOf(lexwareInvoice!.voucherNumber).getByRole('link', { name: `Cancelled by ${creditNote!.voucherNumber}` })).toHaveAttribute('href', new RegExp(`/permalink/credit-notes/view/${creditNote!.id}$`));
  await expect(rowOf(sevdeskInvoice!.invoiceNumber).getByRole('link', { name: `Cancelled by ${storno!.invoiceNumber}` })).toHaveAttribute('href', new RegExp(`/fi/detail/type/SR/id/${storno!.id}$`));
  await expect(rowOf(creditNote!.voucherNumber).first()).toBeVisible();
  await expect(rowOf(lexwareInvoice!.voucherNumber).first()).toContainText('Cancelled');

  // The demo TMS was told: an event with the credit note's link, the order back to "delivered".
  const order = (await sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders')).find((o) => o.id === 'o-0001')!;
  expect(order.status).toBe('delivered');
  expect(order.events.filter((e) => e.type === 'invoice' && e.link?.url.endsWith(`/permalink/credit-notes/view/${creditNote!.id}`))).toHaveLength(1);

  // Invoice the order again, on purpose: release it in the book (confirmed), then include it in the preview.
  await rowOf(lexwareInvoice!.voucherNumber).getByRole('button', { name: `Invoice the orders again… (${lexwareInvoice!.voucherNumber})` }).click();
  dialog = book.getByRole('dialog', { name: 'Invoice the orders again…' });
  await expect(dialog).toContainText('A-2026-0412');
  await dialog.getByRole('button', { name: 'Yes, invoice again' }).click();
  await expect(book.getByRole('status').filter({ hasText: 'The orders can be invoiced again.' })).toBeVisible();

  await switchTo(context, extensionId, 'Lexware Office');
  preview = await previewFromDetail(page, 'o-0001');
  // Never by accident: the order carries an invoice in the TMS, so it is left out until included.
  await expect(preview.saveButton).toBeDisabled();
  await preview.dialog.getByRole('button', { name: 'Include anyway' }).click();
  await preview.createAndWait();
  const lexwareAll = await sandbox.get<{ id: string }[]>('lexware', '/__sandbox/invoices');
  expect(lexwareAll).toHaveLength(2);
});

test("a Lexware invoice cancelled from its order's detail page in the TMS: the order's event, and invoice → correction in the book", async ({ page, openExtensionPage, sandbox }) => {
  test.setTimeout(120_000);
  const options = await openExtensionPage('options.html');
  await options.getByRole('checkbox', { name: 'Finalize invoices right away (they can no longer be changed)' }).check();
  await options.getByRole('button', { name: 'Save', exact: true }).first().click();
  await expect(options.getByText('Saved').first()).toBeVisible();
  await options.close();

  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('Nordlicht', 'Spedition Nordlicht GmbH');
  await preview.createAndWait();
  const [invoice] = await sandbox.get<{ id: string; voucherNumber: string }[]>('lexware', '/__sandbox/invoices');
  await preview.dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await expect(preview.dialog).toBeHidden();

  // Beside "Create invoice": the order's invoice, and the book's dialog (inside the panel).
  await expect(page.getByRole('link', { name: `Invoiced in Lexware Office: ${invoice!.voucherNumber}` })).toBeVisible();
  await page.getByRole('button', { name: `Cancel invoice (${invoice!.voucherNumber})` }).click();
  const dialog = page.getByRole('dialog', { name: `Cancel invoice ${invoice!.voucherNumber}` });
  await expect(dialog).toContainText('Lexware Office cancels through a credit note for the full amount');
  await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
  await dialog.getByRole('button', { name: 'Cancel invoice now' }).click();
  await expect(dialog).toBeHidden();

  const creditNotes = await sandbox.get<{ id: string; voucherNumber: string; relatedVouchers: { id: string }[] }[]>('lexware', '/__sandbox/credit-notes');
  expect(creditNotes).toHaveLength(1);
  const creditNote = creditNotes[0]!;
  expect(creditNote.relatedVouchers.map((r) => r.id)).toEqual([invoice!.id]);
  await expect(page.getByRole('status').filter({ hasText: `Lexware Office made ${creditNote.voucherNumber}. Recorded on 1 order in the TMS.` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Cancelled by ${creditNote.voucherNumber}` })).toHaveAttribute('href', new RegExp(`/permalink/credit-notes/view/${creditNote.id}$`));

  // The demo TMS order carries the event with the credit note's link.
  const order = (await sandbox.get<StoredOrder[]>('tms', '/__sandbox/orders')).find((o) => o.id === 'o-0001')!;
  expect(order.events.filter((e) => e.type === 'invoice' && e.link?.url.endsWith(`/permalink/credit-notes/view/${creditNote.id}`))).toHaveLength(1);

  // The book: invoice → correction.
  const book = await openExtensionPage('book.html');
  const row = book.getByRole('grid', { name: 'Invoices' }).getByRole('row').filter({ hasText: invoice!.voucherNumber });
  await expect(row.getByRole('link', { name: `Cancelled by ${creditNote.voucherNumber}` })).toBeVisible();
});

test('a sevdesk invoice corrected for one chosen position: one draft credit note linked to it, the user told to finalise it in sevdesk', async ({ page, context, extensionId, serviceWorker, openExtensionPage, sandbox }) => {
  test.setTimeout(120_000);
  await switchTo(context, extensionId, 'sevdesk');
  // The user sends it from sevdesk: a draft is edited, not corrected.
  const invoice = await sentSevdeskInvoice(page, sandbox);
  await checkPaymentsNow(serviceWorker);
  const book = await openExtensionPage('book.html');
  const row = book.getByRole('grid', { name: 'Invoices' }).getByRole('row').filter({ hasText: invoice!.invoiceNumber });
  await expect(async () => {
    await book.reload();
    await expect(row.locator('.book-status')).toHaveText('Open', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });

  await book.getByRole('button', { name: `Correct invoice (${invoice!.invoiceNumber})` }).click();
  const dialog = book.getByRole('dialog', { name: `Correct invoice ${invoice!.invoiceNumber}` });
  await expect(dialog).toContainText(`Rechnungskorrektur zu Rechnung ${invoice!.invoiceNumber}`);
  await dialog.getByRole('radio', { name: /^Chosen positions/ }).check();
  const lines = dialog.locator('.correction-lines').getByRole('checkbox');
  await expect(lines.first()).toBeVisible();
  await lines.first().check();
  await dialog.getByRole('checkbox', { name: 'I understand that this cannot be undone' }).check();
  await dialog.getByRole('button', { name: 'Create credit note' }).click();

  await expect(book.getByRole('status').filter({ hasText: 'as a draft: check, finalise and send it in sevdesk.' })).toBeVisible();
  const listed = (await (await fetch(`${origins.sevdesk}/api/v1/CreditNote`, { headers: { authorization: SEVDESK_KEY } })).json()) as { objects: { id: string; creditNoteNumber: string }[] };
  expect(listed.objects).toHaveLength(1);
  const creditNote = listed.objects[0]!;
  const posts = (await sandbox.requests('sevdesk')).filter((r: Logged) => r.method === 'POST' && r.path.endsWith('/CreditNote/Factory/saveCreditNote'));
  expect(posts).toHaveLength(1);
  expect(posts[0]!.body).toMatchObject({ creditNote: { bookingCategory: 'UNDERACHIEVEMENT', refSrcInvoice: { id: Number(invoice!.id) }, status: '100' } });
  expect((posts[0]!.body as { creditNotePosSave: unknown[] }).creditNotePosSave).toHaveLength(1);
  await expect(row.first().getByRole('link', { name: `Corrected by ${creditNote.creditNoteNumber}` })).toHaveAttribute('href', new RegExp(`/fi/detail/type/GU/id/${creditNote.id}$`));
});
