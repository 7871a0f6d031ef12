import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { customLine, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

async function finalized(body: unknown): Promise<Record<string, unknown> & { id: string; electronicDocumentProfile: string }> {
  const r = await lx!.api('POST', '/v1/invoices?finalize=true', body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (await lx!.api('GET', `/v1/invoices/${r.body.id}`)).body;
}

async function publicCustomer(overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await lx!.api('POST', '/v1/contacts', {
    version: 0,
    roles: { customer: {} },
    company: { name: 'Landesbetrieb Straßenbau NRW' },
    addresses: { billing: [{ street: 'Wildenbruchplatz 1', zip: '45888', city: 'Gelsenkirchen', countryCode: 'DE' }] },
    xRechnung: { buyerReference: '05-1-123456-78', vendorNumberAtCustomer: 'K-40711' },
    ...overrides,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

describe('electronicDocumentProfile: ZUGFeRD (EN16931) or NONE', () => {
  it('gives a finalized invoice EN16931 while E-Rechnung is on, and NONE to drafts', async () => {
    lx = await startLexware();
    expect((await finalized(validInvoice())).electronicDocumentProfile).toBe('EN16931');
    const draft = await lx.api('POST', '/v1/invoices', validInvoice());
    expect((await lx.api('GET', `/v1/invoices/${draft.body.id}`)).body.electronicDocumentProfile).toBe('NONE');
  });

  it('reports the E-Rechnung switch in the profile, and without it finalized invoices stay NONE', async () => {
    lx = await startLexware();
    expect((await lx.api('GET', '/v1/profile')).body.features).toContain('eInvoicing');
    expect((await lx.sandbox('organization', { eInvoicing: false })).body.eInvoicing).toBe(false);
    expect((await lx.api('GET', '/v1/profile')).body.features).toEqual(['cashbox']);
    expect((await finalized(validInvoice())).electronicDocumentProfile).toBe('NONE');
  });

  it('silently downgrades to NONE when a prerequisite is missing: letterhead layout, seller contact, a non-positive price', async () => {
    lx = await startLexware();
    await lx.sandbox('organization', { letterheadLayout: true });
    expect((await finalized(validInvoice())).electronicDocumentProfile).toBe('NONE');
    await lx.sandbox('organization', { letterheadLayout: false, phone: '' });
    expect((await finalized(validInvoice())).electronicDocumentProfile).toBe('NONE');
    await lx.sandbox('organization', { phone: '040 7654321' });
    const deduction = validInvoice({ lineItems: [customLine(), customLine({ name: 'Abzug Palettentausch', unitPrice: { currency: 'EUR', netAmount: -20, taxRatePercentage: 19 } })] });
    expect((await finalized(deduction)).electronicDocumentProfile).toBe('NONE');
    expect((await finalized(validInvoice())).electronicDocumentProfile).toBe('EN16931');
  });

  it('needs the customer VAT id on the contact for reverse charge (externalService13b)', async () => {
    lx = await startLexware();
    const rc = { taxConditions: { taxType: 'externalService13b' }, lineItems: [customLine({ unitPrice: { currency: 'EUR', netAmount: 900, taxRatePercentage: 0 } })] };
    const withVatId = await finalized(validInvoice({ ...rc, address: { contactId: SEEDED_CONTACT_IDS.hollandCargo } }));
    expect(withVatId.electronicDocumentProfile).toBe('EN16931');
    const noVatId = await lx.api('POST', '/v1/contacts', {
      version: 0,
      roles: { customer: {} },
      company: { name: 'Alpentrans Wien GmbH' },
      addresses: { billing: [{ street: 'Handelskai 92', zip: '1200', city: 'Wien', countryCode: 'AT' }] },
    });
    expect((await finalized(validInvoice({ ...rc, address: { contactId: noVatId.body.id } }))).electronicDocumentProfile).toBe('NONE');
  });
});

describe('XRechnung (fact sheet §3.2)', () => {
  it('makes an XRechnung for a contact with both buyerReference and vendorNumberAtCustomer, carrying the Leitweg-ID', async () => {
    lx = await startLexware();
    const invoice = await finalized(validInvoice({ address: { contactId: await publicCustomer() } }));
    expect(invoice.electronicDocumentProfile).toBe('XRechnung');
    expect(invoice.xRechnung).toEqual({ buyerReference: '05-1-123456-78' });
    const xml = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: '*/*' });
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(xml.headers.get('content-disposition')).toBe('attachment; filename="RE0001.xml"');
    expect(xml.text).toContain('<ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID>');
    expect(xml.text).toContain('<ram:BuyerReference>05-1-123456-78</ram:BuyerReference>');
  });

  it('is a standard e-invoice when only one of the two XRechnung fields is set, or the body sends buyerReference ""', async () => {
    lx = await startLexware();
    const half = await publicCustomer({ xRechnung: { buyerReference: '05-1-123456-78' } });
    expect((await finalized(validInvoice({ address: { contactId: half } }))).electronicDocumentProfile).toBe('EN16931');
    const full = await publicCustomer();
    expect((await finalized(validInvoice({ address: { contactId: full }, xRechnung: { buyerReference: '' } }))).electronicDocumentProfile).toBe('EN16931');
  });

  it('refuses a tax type other than net and a contact without zip and city, drafts included (406)', async () => {
    lx = await startLexware();
    const contactId = await publicCustomer();
    const gross = validInvoice({ address: { contactId }, taxConditions: { taxType: 'gross' }, lineItems: [customLine({ unitPrice: { currency: 'EUR', grossAmount: 119, taxRatePercentage: 19 } })] });
    const r = await lx.api('POST', '/v1/invoices', gross);
    expect(r.status).toBe(406);
    expect(r.body.details).toEqual([{ violation: 'INVALID', field: 'taxConditions.taxType', message: 'XRechnung ist nur mit der Steuerart net möglich' }]);
    const noCity = await publicCustomer({ addresses: { billing: [{ street: 'Postfach 1', countryCode: 'DE' }] } });
    const r2 = await lx.api('POST', '/v1/invoices', validInvoice({ address: { contactId: noCity } }));
    expect(r2.status).toBe(406);
    expect(r2.body.details[0]).toMatchObject({ field: 'address.contactId', message: 'Für XRechnung braucht der Kontakt eine Rechnungsadresse mit PLZ und Ort' });
  });

  it("checks the organisation's phone, e-mail, tax ids and the bank account in the layout only at finalization", async () => {
    lx = await startLexware();
    const contactId = await publicCustomer();
    await lx.sandbox('organization', { phone: '', email: '', taxNumber: '', vatRegistrationId: '', bankAccountInFooter: false });
    expect((await lx.api('POST', '/v1/invoices', validInvoice({ address: { contactId } }))).status).toBe(201);
    const r = await lx.api('POST', '/v1/invoices?finalize=true', validInvoice({ address: { contactId } }));
    expect(r.status).toBe(406);
    expect(r.body.details).toEqual([
      { violation: 'INVALID', field: 'organization', message: 'Für XRechnung fehlen Angaben Ihres Unternehmens: Telefonnummer, E-Mail-Adresse, Steuernummer oder USt-IdNr.' },
      { violation: 'INVALID', field: 'printLayout', message: 'Für XRechnung muss die Bankverbindung in der Fußzeile des Drucklayouts stehen' },
    ]);
    // Nothing was stored and no number used up.
    await lx.sandbox('organization', { phone: '040 1', email: 'a@b.example', taxNumber: '48/716/02233', bankAccountInFooter: true });
    expect((await finalized(validInvoice({ address: { contactId } }))).voucherNumber).toBe('RE0001');
  });

  it('refuses unknown organisation settings in the sandbox route', async () => {
    lx = await startLexware();
    expect((await lx.sandbox('organization', { eRechnung: true })).status).toBe(400);
    expect((await lx.sandbox('organization', { eInvoicing: 'yes' })).body).toEqual({ message: 'eInvoicing must be true or false' });
  });
});

describe('GET /v1/invoices/{id}/file by Accept header (fact sheet §3.3)', () => {
  it('ZUGFeRD: a PDF with the CII XML embedded as factur-x.xml; application/xml → 404', async () => {
    lx = await startLexware();
    const invoice = await finalized(validInvoice());
    const pdf = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: '*/*' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text).toContain('/EmbeddedFiles << /Names [(factur-x.xml) 8 0 R]');
    expect(pdf.text).toContain('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>');
    // The invoice's data: number, lines with Rec 20 units, VAT per rate, totals, due date, IBAN.
    expect(pdf.text).toContain('<ram:BilledQuantity unitCode="LS">1</ram:BilledQuantity>');
    expect(pdf.text).toContain('<ram:BilledQuantity unitCode="HUR">2.5</ram:BilledQuantity>');
    expect(pdf.text).toContain('<ram:CalculatedAmount>258.88</ram:CalculatedAmount><ram:TypeCode>VAT</ram:TypeCode><ram:BasisAmount>1362.50</ram:BasisAmount><ram:CategoryCode>S</ram:CategoryCode>');
    expect(pdf.text).toContain('<ram:GrandTotalAmount>1621.38</ram:GrandTotalAmount>');
    expect(pdf.text).toContain('<ram:DueDateDateTime><udt:DateTimeString format="102">20261124</udt:DateTimeString></ram:DueDateDateTime>');
    expect(pdf.text).toContain('<ram:IBANID>DE02200505501015871393</ram:IBANID>');
    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/xml' })).status).toBe(404);
    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'image/png' })).status).toBe(406);
  });

  it('NONE: a plain PDF without embedded XML', async () => {
    lx = await startLexware();
    await lx.sandbox('organization', { eInvoicing: false });
    const invoice = await finalized(validInvoice());
    const pdf = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/pdf' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text).not.toContain('EmbeddedFiles');
  });

  it('XRechnung: XML for application/xml, a PDF for application/pdf', async () => {
    lx = await startLexware();
    const invoice = await finalized(validInvoice({ address: { contactId: await publicCustomer() } }));
    const xml = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/xml' });
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(xml.text).toContain('<ram:Name>Landesbetrieb Stra&#223;enbau NRW</ram:Name>');
    const pdf = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/pdf' });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.text).not.toContain('EmbeddedFiles');
  });
});
