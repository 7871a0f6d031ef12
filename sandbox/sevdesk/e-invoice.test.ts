import { describe, expect, it } from 'vitest';
import { invoiceBody, NORDLICHT_ID, SAVE_INVOICE, type TestClient, useSevdesk } from './test-support';

const start = useSevdesk();

const TRANSFER = { id: 21919, objectName: 'PaymentMethod' };

/** A customer with what an e-invoice needs: buyer reference and an e-mail address. */
async function eInvoiceCustomer(api: TestClient, { buyerReference = '04011000-1234512345-06', email = 'rechnung@landesamt.example' } = {}): Promise<string> {
  const contact = await api.post('/api/v1/Contact', { name: 'Landesamt für Logistik', category: { id: '3', objectName: 'Category' }, buyerReference });
  expect(contact.status, JSON.stringify(contact.body)).toBe(201);
  const id = contact.body.objects.id;
  if (email) {
    const way = await api.post('/api/v1/CommunicationWay', { contact: { id, objectName: 'Contact' }, type: 'EMAIL', value: email, key: { id: 2, objectName: 'CommunicationWayKey' }, main: true });
    expect(way.status).toBe(201);
  }
  return id;
}

function eInvoiceBody(contactId: string, invoice: Record<string, unknown> = {}) {
  return invoiceBody({
    contact: { id: contactId, objectName: 'Contact' },
    propertyIsEInvoice: true,
    paymentMethod: TRANSFER,
    address: 'Landesamt für Logistik\nRingstraße 1\n40210 Düsseldorf',
    addressName: 'Landesamt für Logistik',
    addressStreet: 'Ringstraße 1',
    addressZip: '40210',
    addressCity: 'Düsseldorf',
    ...invoice,
  });
}

describe('propertyIsEInvoice on saveInvoice (fact sheet §4.1, §4.2)', () => {
  it('creates an e-invoice whose flag reads back empty; getXml confirms it with the CII XML', async () => {
    const api = await start();
    const contactId = await eInvoiceCustomer(api);
    const res = await api.post(SAVE_INVOICE, eInvoiceBody(contactId));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { invoice } = res.body.objects;
    expect(invoice.propertyIsEInvoice).toBeNull();
    expect(invoice.paymentMethod).toEqual({ id: '21919', objectName: 'PaymentMethod' });
    expect((await api.get(`/api/v1/Invoice/${invoice.id}`)).body.objects[0].propertyIsEInvoice).toBeNull();

    const xml = await api.get(`/api/v1/Invoice/${invoice.id}/getXml`);
    expect(xml.status).toBe(200);
    expect(typeof xml.body.objects).toBe('string');
    const text: string = xml.body.objects;
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(text).toContain('<ram:ID>RE-1000</ram:ID><ram:TypeCode>380</ram:TypeCode>');
    expect(text).toContain('<ram:BuyerReference>04011000-1234512345-06</ram:BuyerReference>');
    expect(text).toContain('<ram:IBANID>DE89370400440532013000</ram:IBANID>');
    expect(text).toContain('<ram:LineOne>Ringstra&#223;e 1</ram:LineOne><ram:CityName>D&#252;sseldorf</ram:CityName>');
    expect(text).toContain('<ram:BilledQuantity unitCode="C62">1</ram:BilledQuantity>');
    expect(text).toContain('<ram:CategoryCode>S</ram:CategoryCode><ram:RateApplicablePercent>19</ram:RateApplicablePercent>');
    expect(text).toContain('<ram:GrandTotalAmount>1621.38</ram:GrandTotalAmount>');
  });

  it('embeds the same XML in the PDF; getPdf with preventSendBy keeps the draft', async () => {
    const api = await start();
    const contactId = await eInvoiceCustomer(api);
    const { invoice } = (await api.post(SAVE_INVOICE, eInvoiceBody(contactId))).body.objects;
    const pdf = await api.get(`/api/v1/Invoice/${invoice.id}/getPdf?download=true&preventSendBy=true`);
    const content = Buffer.from(pdf.body.objects.content, 'base64').toString('latin1');
    expect(content).toContain('/EmbeddedFiles << /Names [(factur-x.xml) 8 0 R]');
    expect(content).toContain((await api.get(`/api/v1/Invoice/${invoice.id}/getXml`)).body.objects);
    expect((await api.get(`/api/v1/Invoice/${invoice.id}`)).body.objects[0].status).toBe('100');
  });

  it('refuses the flag without contact buyer reference and e-mail, payment method or invoice address, naming each', async () => {
    const api = await start();
    const bare = await eInvoiceCustomer(api, { buyerReference: '', email: '' });
    const res = await api.post(
      SAVE_INVOICE,
      eInvoiceBody(bare, { paymentMethod: null, address: 'Landesamt', addressName: null, addressStreet: null, addressZip: null, addressCity: null }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'Die Rechnung kann nicht als E-Rechnung erstellt werden. Es fehlen: Leitweg-ID / Käuferreferenz (buyerReference) des Kontakts; E-Mail-Adresse des Kontakts; Zahlungsart (paymentMethod); Rechnungsadresse: Straße, PLZ, Ort',
    );
    expect(await (await api.raw('/__sandbox/invoices')).json()).toEqual([]);
    // Without the flag the same invoice is fine.
    expect((await api.post(SAVE_INVOICE, eInvoiceBody(bare, { propertyIsEInvoice: false, paymentMethod: null }))).status).toBe(201);
  });

  it("refuses it while the own company's IBAN, BIC, e-mail, phone or tax number is missing", async () => {
    const api = await start();
    const contactId = await eInvoiceCustomer(api);
    const patch = await api.post('/__sandbox/sev-client', { iban: '', phone: '', taxNumber: '' });
    expect(patch.body.iban).toBe('');
    const res = await api.post(SAVE_INVOICE, eInvoiceBody(contactId));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Die Rechnung kann nicht als E-Rechnung erstellt werden. Es fehlen: Unternehmensdaten: IBAN, Telefon, Steuernummer');
    expect((await api.post('/__sandbox/sev-client', { iban: 7 })).status).toBe(400);
    expect((await api.post('/__sandbox/sev-client', { website: 'x' })).body).toEqual({ message: 'unknown sev-client field: website' });
  });

  it('reads street, zip and city from the address text when the separate fields are missing', async () => {
    const api = await start();
    const contactId = await eInvoiceCustomer(api);
    const res = await api.post(SAVE_INVOICE, eInvoiceBody(contactId, { addressName: undefined, addressStreet: undefined, addressZip: undefined, addressCity: undefined }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('refuses an unknown payment method; lists the payment methods', async () => {
    const api = await start();
    const contactId = await eInvoiceCustomer(api);
    const res = await api.post(SAVE_INVOICE, eInvoiceBody(contactId, { paymentMethod: { id: 1, objectName: 'PaymentMethod' } }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ message: 'PaymentMethod was not found', code: 151 });
    const methods = await api.get('/api/v1/PaymentMethod');
    expect(methods.body.objects.map((m: { name: string }) => m.name)).toEqual(['Überweisung', 'Lastschrift', 'Bar']);
  });

  it('getXml: 400 for unknown ids and for invoices without the flag', async () => {
    const api = await start();
    expect((await api.get('/api/v1/Invoice/1/getXml')).status).toBe(400);
    const { invoice } = (await api.post(SAVE_INVOICE, invoiceBody({ contact: { id: NORDLICHT_ID, objectName: 'Contact' } }))).body.objects;
    const res = await api.get(`/api/v1/Invoice/${invoice.id}/getXml`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invoice RE-1000 is not an e-invoice');
  });

  it('PUT /Contact/{id} adds the buyer reference to an existing customer, after which its e-invoice goes through', async () => {
    const api = await start();
    const without = await api.post(SAVE_INVOICE, eInvoiceBody(NORDLICHT_ID, { address: 'Spedition Nordlicht GmbH\nHafenstraße 12\n20457 Hamburg' }));
    expect(without.status).toBe(400);
    expect(without.body.error.message).toContain('Leitweg-ID / Käuferreferenz (buyerReference) des Kontakts');
    const put = await api.put(`/api/v1/Contact/${NORDLICHT_ID}`, { buyerReference: 'K-10001' });
    expect(put.status).toBe(200);
    expect(put.body.objects).toMatchObject({ id: NORDLICHT_ID, buyerReference: 'K-10001', name: 'Spedition Nordlicht GmbH' });
    expect((await api.post(SAVE_INVOICE, eInvoiceBody(NORDLICHT_ID))).status).toBe(201);
    expect((await api.put('/api/v1/Contact/1', { buyerReference: 'x' })).status).toBe(400);
    expect((await api.put(`/api/v1/Contact/${NORDLICHT_ID}`, { name: null })).body.error.message).toBe('A contact needs a name, or a surename or familyname');
  });
});
