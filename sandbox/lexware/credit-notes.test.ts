import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { NORDLICHT, customLine, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

const GROSS = 1621.38;

async function openInvoice(body: unknown = validInvoice()): Promise<{ id: string; voucherNumber: string }> {
  const r = await lx!.api('POST', '/v1/invoices?finalize=true', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (await lx!.api('GET', `/v1/invoices/${r.body.id}`)).body;
}

/** A correction of the whole validInvoice: same lines, no shipping or payment conditions. */
function correction(invoiceNumber: string, overrides: Record<string, unknown> = {}) {
  const { shippingConditions: _s, ...base } = validInvoice();
  return {
    ...base,
    title: 'Rechnungskorrektur',
    introduction: `Rechnungskorrektur zu Rechnung ${invoiceNumber}`,
    ...overrides,
  };
}

describe('POST /v1/credit-notes (fact sheet §3.6)', () => {
  it('creates a finalized credit note linked to its invoice: paidoff at once, settling the invoice', async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const r = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, correction(invoice.voucherNumber));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.headers.get('location')).toBe(`${lx.url}/v1/credit-notes/${r.body.id}`);
    const cn = (await lx.api('GET', `/v1/credit-notes/${r.body.id}`)).body;
    expect(cn).toMatchObject({
      voucherStatus: 'paidoff',
      voucherNumber: 'GS0001',
      title: 'Rechnungskorrektur',
      introduction: 'Rechnungskorrektur zu Rechnung RE0001',
      electronicDocumentProfile: 'EN16931',
      totalPrice: { totalGrossAmount: GROSS },
      relatedVouchers: [{ id: invoice.id, voucherNumber: 'RE0001', voucherType: 'invoice' }],
    });
    // Credit notes have no due date, shipping or payment conditions.
    expect(cn).not.toHaveProperty('dueDate');
    expect(cn).not.toHaveProperty('shippingConditions');
    expect(cn).not.toHaveProperty('paymentConditions');

    const settled = (await lx.api('GET', `/v1/invoices/${invoice.id}`)).body;
    expect(settled.voucherStatus).toBe('paid');
    expect(settled.relatedVouchers).toEqual([{ id: r.body.id, voucherNumber: 'GS0001', voucherType: 'creditnote' }]);
    const payments = (await lx.api('GET', `/v1/payments/${invoice.id}`)).body;
    expect(payments).toMatchObject({ openAmount: 0, paymentStatus: 'balanced', voucherStatus: 'paid' });
    expect(payments.paymentItems).toEqual([{ paymentItemType: 'partPaymentCreditNote', postingDate: '2026-11-10T00:00:00.000+01:00', amount: GROSS, currency: 'EUR' }]);
    // A linked credit note has no payments of its own.
    expect((await lx.api('GET', `/v1/payments/${r.body.id}`)).status).toBe(406);

    const list = await lx.api('GET', '/v1/voucherlist?voucherType=creditnote&voucherStatus=any');
    expect(list.body.content).toEqual([expect.objectContaining({ id: r.body.id, voucherType: 'creditnote', voucherStatus: 'paidoff', voucherNumber: 'GS0001', openAmount: 0 })]);
  });

  it('reduces the open amount for a partial correction', async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const partial = correction(invoice.voucherNumber, { lineItems: [customLine({ name: 'Standzeit nicht angefallen', quantity: 2.5, unitName: 'Stunde', unitPrice: { currency: 'EUR', netAmount: 45, taxRatePercentage: 19 } })] });
    expect((await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, partial)).status).toBe(201);
    expect((await lx.api('GET', `/v1/payments/${invoice.id}`)).body).toMatchObject({ openAmount: 1487.5, voucherStatus: 'open' });
  });

  it('allows one credit note per invoice, none for drafts, unknown or voided invoices (406)', async () => {
    lx = await startLexware();
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    const r1 = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${draft.body.id}`, correction('–'));
    expect(r1.status).toBe(406);
    expect(r1.body.details).toEqual([{ violation: 'NOTALLOWED', field: 'precedingSalesVoucherId', message: 'Ein Beleg im Status Entwurf kann nicht fortgeführt werden' }]);
    const r2 = await lx.api('POST', '/v1/credit-notes?precedingSalesVoucherId=00000000-0000-4000-8000-000000000000', correction('–'));
    expect(r2.body.details[0]).toMatchObject({ violation: 'NOTFOUND', field: 'precedingSalesVoucherId' });

    const invoice = await openInvoice();
    expect((await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}`, correction(invoice.voucherNumber))).status).toBe(201);
    const second = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, correction(invoice.voucherNumber));
    expect(second.status).toBe(406);
    expect(second.body.details[0].message).toBe('Zu dieser Rechnung gibt es bereits eine Rechnungskorrektur');

    const voided = await openInvoice();
    await lx.sandbox(`invoices/${voided.id}/void`, {});
    expect((await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${voided.id}`, correction(voided.voucherNumber))).status).toBe(406);
  });

  it("refuses a credit note for another contact or above the invoice's amount", async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const other = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}`, correction(invoice.voucherNumber, { address: { contactId: SEEDED_CONTACT_IDS.bayernLogistik } }));
    expect(other.status).toBe(406);
    expect(other.body.details).toEqual([{ violation: 'INVALID', field: 'address.contactId', message: 'muss der Kontakt der Rechnung sein' }]);
    const tooMuch = correction(invoice.voucherNumber, { lineItems: [customLine({ unitPrice: { currency: 'EUR', netAmount: 5000, taxRatePercentage: 19 } })] });
    expect((await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}`, tooMuch)).body.details[0].message).toBe('Die Rechnungskorrektur darf den Rechnungsbetrag nicht übersteigen');
  });

  it('validates like an invoice (title ≤ 25) and ignores shipping and payment conditions and line discounts', async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const long = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}`, correction(invoice.voucherNumber, { title: 'Rechnungskorrektur zu RE0001 vom 10.11.' }));
    expect(long.status).toBe(406);
    expect(long.body.details).toEqual([{ violation: 'SIZE', field: 'title', message: 'Größe muss zwischen 0 und 25 sein' }]);
    const extras = correction(invoice.voucherNumber, {
      shippingConditions: { shippingType: 'service', shippingDate: 'not a date' },
      paymentConditions: { paymentTermDuration: 3 },
      lineItems: [customLine({ discountPercentage: 10 })],
    });
    const r = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}`, extras);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await lx.api('GET', `/v1/credit-notes/${r.body.id}`)).body).toMatchObject({ voucherStatus: 'draft', voucherNumber: null, lineItems: [{ discountPercentage: 0, lineItemAmount: 1250 }] });
  });

  it('never makes an XRechnung credit note, even for an XRechnung customer', async () => {
    lx = await startLexware();
    const contact = await lx.api('POST', '/v1/contacts', {
      version: 0,
      roles: { customer: {} },
      company: { name: 'Stadt Hamburg Bezirksamt' },
      addresses: { billing: [{ street: 'Klosterwall 8', zip: '20095', city: 'Hamburg', countryCode: 'DE' }] },
      xRechnung: { buyerReference: '02-0-12345-67', vendorNumberAtCustomer: 'L-1' },
    });
    const invoice = await openInvoice(validInvoice({ address: { contactId: contact.body.id } }));
    expect((invoice as unknown as { electronicDocumentProfile: string }).electronicDocumentProfile).toBe('XRechnung');
    const r = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, correction(invoice.voucherNumber, { address: { contactId: contact.body.id } }));
    const cn = (await lx.api('GET', `/v1/credit-notes/${r.body.id}`)).body;
    expect(cn.electronicDocumentProfile).toBe('EN16931');
    const file = await lx.api('GET', `/v1/credit-notes/${r.body.id}/file`, undefined, { accept: '*/*' });
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="GS0001.pdf"');
    expect(file.text).toContain('<ram:TypeCode>381</ram:TypeCode>');
    expect((await lx.api('GET', `/v1/credit-notes/${r.body.id}/file`, undefined, { accept: 'application/xml' })).status).toBe(404);
  });

  it('serves deep-link pages: credit note view with the link to its invoice; invoice view with open amount', async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const r = await lx.api('POST', `/v1/credit-notes?precedingSalesVoucherId=${invoice.id}&finalize=true`, correction(invoice.voucherNumber));
    const page = await lx.raw('GET', `/permalink/credit-notes/view/${r.body.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1 data-field="title">Rechnungskorrektur GS0001</h1>');
    expect(page.text).toContain(`<dd data-field="related"><a href="/permalink/invoices/view/${invoice.id}">RE0001</a></dd>`);
    expect((await lx.raw('GET', `/permalink/credit-notes/edit/${r.body.id}`, { redirect: 'manual' })).headers.get('location')).toBe(`/permalink/credit-notes/view/${r.body.id}`);
    const invoicePage = await lx.raw('GET', `/permalink/invoices/view/${invoice.id}`);
    expect(invoicePage.text).toContain('<dd data-field="open-amount">0,00 €</dd>');
    expect(invoicePage.text).toContain('data-field="status">Bezahlt<');
    expect((await lx.raw('GET', '/permalink/credit-notes/view/unknown', { redirect: 'manual' })).status).toBe(302);
  });
});

describe('POST /v1/dunnings (fact sheet §3.7)', () => {
  function dunningBody(overrides: Record<string, unknown> = {}) {
    return {
      voucherDate: '2026-12-01T00:00:00.000+01:00',
      address: { contactId: NORDLICHT },
      lineItems: [customLine({ name: 'Mahngebühr', description: undefined, unitName: 'Pauschale', unitPrice: { currency: 'EUR', netAmount: 5, taxRatePercentage: 0 } })],
      totalPrice: { currency: 'EUR' },
      taxConditions: { taxType: 'net' },
      ...overrides,
    };
  }

  it('creates a draft linked to the open invoice, even with finalize=true; not in the voucher list', async () => {
    lx = await startLexware();
    const invoice = await openInvoice();
    const r = await lx.api('POST', `/v1/dunnings?precedingSalesVoucherId=${invoice.id}&finalize=true`, dunningBody());
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.resourceUri).toBe(`${lx.url}/v1/dunnings/${r.body.id}`);
    const dunning = (await lx.api('GET', `/v1/dunnings/${r.body.id}`)).body;
    expect(dunning).toMatchObject({
      voucherStatus: 'draft',
      voucherNumber: null,
      title: 'Zahlungserinnerung',
      relatedVouchers: [{ id: invoice.id, voucherNumber: 'RE0001', voucherType: 'invoice' }],
      totalPrice: { totalGrossAmount: 5 },
    });
    const list = await lx.api('GET', '/v1/voucherlist?voucherType=any&voucherStatus=any');
    expect(list.body.content.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    const pdf = await lx.api('GET', `/v1/dunnings/${r.body.id}/file`, undefined, { accept: 'application/pdf' });
    expect(pdf.status).toBe(200);
    expect(pdf.text).toContain('(Zahlungserinnerung) Tj');
    expect((await lx.raw('GET', `/permalink/dunnings/view/${r.body.id}`)).text).toContain('Mahnung (Entwurf)');
  });

  it('requires the invoice, open, with the same contact and tax type (406)', async () => {
    lx = await startLexware();
    expect((await lx.api('POST', '/v1/dunnings', dunningBody())).body.details).toEqual([{ violation: 'NOTNULL', field: 'precedingSalesVoucherId', message: 'darf nicht leer sein' }]);
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    expect((await lx.api('POST', `/v1/dunnings?precedingSalesVoucherId=${draft.body.id}`, dunningBody())).body.details[0].violation).toBe('NOTALLOWED');
    const invoice = await openInvoice();
    const wrong = await lx.api('POST', `/v1/dunnings?precedingSalesVoucherId=${invoice.id}`, dunningBody({ address: { contactId: SEEDED_CONTACT_IDS.rheinfracht }, taxConditions: { taxType: 'vatfree' } }));
    expect(wrong.status).toBe(406);
    expect(wrong.body.details.map((d: { field: string }) => d.field)).toEqual(['address.contactId', 'taxConditions.taxType']);
    await lx.sandbox(`invoices/${invoice.id}/payments`, {});
    expect((await lx.api('POST', `/v1/dunnings?precedingSalesVoucherId=${invoice.id}`, dunningBody())).body.details[0].message).toBe('Nur offene Rechnungen können gemahnt werden (Status paid)');
  });
});
