/**
 * #16 after sending: a sevdesk e-invoice (payment method chosen in the options, the buyer
 * reference set in the preview and written to the contact), confirmed by getXml, and its
 * XML and PDF downloaded from the result view.
 */
import { readFile } from 'node:fs/promises';
import { test, expect, type Sandbox } from './fixtures';
import { connect, OptionsPage, previewFromDetail, switchTo } from './users';

interface SevdeskInvoice {
  id: string;
  invoiceNumber: string;
  status: string;
}
const sevdeskInvoices = (sandbox: Sandbox) => sandbox.get<SevdeskInvoice[]>('sevdesk', '/__sandbox/invoices');

test('sevdesk e-invoice: sent with the flag, confirmed as ZUGFeRD, XML and PDF downloaded', async ({ context, extensionId, page, sandbox }) => {
  await connect(context, extensionId, 'sevdesk');
  await switchTo(context, extensionId, 'sevdesk');

  // An e-invoice needs a unit with a UN/ECE code and payment terms: the invoice defaults.
  const options = await OptionsPage.open(context, extensionId);
  await options.page.getByLabel('Unit name').fill('Pauschale');
  await options.page.getByRole('radio', { name: 'Payable within' }).check();
  await options.page.getByLabel('Payable within (days)').fill('14');
  await options.page.getByRole('button', { name: 'Save', exact: true }).click();
  await options.page.reload();
  const card = options.page.getByRole('form', { name: 'E-invoices' });
  const method = card.getByLabel('Payment method for e-invoices');
  await expect(method.getByRole('option', { name: 'Überweisung' })).toBeAttached();
  await method.selectOption({ label: 'Überweisung' });
  await card.getByRole('button', { name: 'Save e-invoice settings' }).click();
  await expect(card.getByRole('status')).toHaveText('Saved.');
  await options.page.close();

  const preview = await previewFromDetail(page, 'o-0001');
  await preview.linkBySearch('10001', 'Spedition Nordlicht GmbH');
  const einvoice = preview.dialog.getByRole('region', { name: 'E-invoice' });
  await einvoice.getByRole('button', { name: 'Set buyer reference' }).click();
  await einvoice.getByLabel('Buyer reference of Spedition Nordlicht GmbH').fill('PO-NORD-7781');
  await einvoice.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(einvoice.getByText('E-invoice ready')).toBeVisible();
  await preview.createAndWait();
  await expect(preview.dialog.getByText('E-invoice: ZUGFeRD, confirmed by the XML sevdesk returned.')).toBeVisible();

  const [invoice] = await sevdeskInvoices(sandbox);
  const contacts = await sandbox.get<{ id: string; buyerReference: string | null }[]>('sevdesk', '/__sandbox/contacts');
  expect(contacts.find((c) => c.id === '74100231')?.buyerReference).toBe('PO-NORD-7781');
  const save = (await sandbox.requests('sevdesk')).find((r) => r.path.endsWith('/saveInvoice'))!;
  expect((save.body as { invoice: Record<string, unknown> }).invoice).toMatchObject({ propertyIsEInvoice: true, paymentMethod: { id: 21919, objectName: 'PaymentMethod' } });

  const xmlDownload = page.waitForEvent('download');
  await preview.dialog.getByRole('button', { name: 'Download e-invoice (XML)' }).click();
  const xml = await xmlDownload;
  expect(xml.suggestedFilename()).toBe(`${invoice!.invoiceNumber}.xml`);
  expect(await readFile((await xml.path())!, 'utf8')).toContain('<ram:BuyerReference>PO-NORD-7781</ram:BuyerReference>');

  const pdfDownload = page.waitForEvent('download');
  await preview.dialog.getByRole('button', { name: 'Download PDF' }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`${invoice!.invoiceNumber}.pdf`);
  expect((await readFile((await pdf.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // preventSendBy: downloading did not send the draft.
  expect((await sevdeskInvoices(sandbox))[0]!.status).toBe('100');
});
