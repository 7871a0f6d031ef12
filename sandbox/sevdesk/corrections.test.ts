import { describe, expect, it } from 'vitest';
import { invoiceBody, SAVE_INVOICE, type TestClient, useSevdesk } from './test-support';

const start = useSevdesk();

async function openInvoice(api: TestClient, invoice: Record<string, unknown> = {}): Promise<string> {
  const saved = await api.post(SAVE_INVOICE, invoiceBody(invoice));
  expect(saved.status, JSON.stringify(saved.body)).toBe(201);
  const id = saved.body.objects.invoice.id;
  expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: false })).status).toBe(200);
  return id;
}

describe('POST /Invoice/{id}/cancelInvoice (fact sheet §4.5)', () => {
  it('answers 201 with the cancellation invoice (SR): negated amounts, automatically paid, origin = the invoice', async () => {
    const api = await start();
    const id = await openInvoice(api);
    const res = await api.post(`/api/v1/Invoice/${id}/cancelInvoice`, undefined);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const sr = res.body.objects;
    expect(sr).toMatchObject({
      objectName: 'Invoice',
      invoiceType: 'SR',
      invoiceNumber: 'RE-1001',
      status: '1000',
      origin: { id, objectName: 'Invoice' },
      header: 'Stornorechnung zu Rechnung Nr. RE-1000',
      sumNet: '-1362.5',
      sumGross: '-1621.38',
      paidAmount: -1621.38,
    });
    const positions = await api.get(`/api/v1/Invoice/${sr.id}/getPositions`);
    expect(positions.body.objects.map((p: { sumNet: string }) => p.sumNet)).toEqual(['-1250', '-112.5']);
    // The SR is found from the invoice through the origin filter; the invoice keeps its status code.
    const found = await api.get(`/api/v1/Invoice?origin[id]=${id}&origin[objectName]=Invoice`);
    expect(found.body.objects.map((i: { id: string }) => i.id)).toEqual([sr.id]);
    expect((await api.get(`/api/v1/Invoice/${id}`)).body.objects[0].status).toBe('200');
    // The deep link of an SR opens like any invoice.
    expect((await api.raw(`/fi/detail/type/SR/id/${sr.id}`)).status).toBe(200);
  });

  it('refuses drafts, a second cancellation and cancelling an SR (400)', async () => {
    const api = await start();
    const draft = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.id;
    expect((await api.post(`/api/v1/Invoice/${draft}/cancelInvoice`, undefined)).body.error.message).toBe('Invoice RE-1000 is a draft; drafts are deleted, not cancelled');
    const id = await openInvoice(api);
    const sr = (await api.post(`/api/v1/Invoice/${id}/cancelInvoice`, undefined)).body.objects;
    expect((await api.post(`/api/v1/Invoice/${id}/cancelInvoice`, undefined)).body.error.message).toBe('Invoice RE-1001 has already been cancelled');
    expect((await api.post(`/api/v1/Invoice/${sr.id}/cancelInvoice`, undefined)).status).toBe(400);
    expect((await api.post('/api/v1/Invoice/999/cancelInvoice', undefined)).status).toBe(400);
  });
});

describe('credit notes from invoices', () => {
  it('creates a draft credit note with the invoice positions, UNDERACHIEVEMENT and refSrcInvoice', async () => {
    const api = await start();
    const id = await openInvoice(api);
    const res = await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id: Number(id), objectName: 'Invoice' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { creditNote, creditNotePos, discount } = res.body.objects;
    expect(creditNote).toMatchObject({
      objectName: 'CreditNote',
      creditNoteNumber: 'GU-1000',
      status: '100',
      bookingCategory: 'UNDERACHIEVEMENT',
      refSrcInvoice: { id, objectName: 'Invoice' },
      sumGross: '1621.38',
      creditNoteDate: '2026-06-02T00:00:00+02:00',
    });
    expect(creditNotePos.map((p: { name: string; objectName: string }) => [p.objectName, p.name])).toEqual([
      ['CreditNotePos', 'Transport Hamburg – München'],
      ['CreditNotePos', 'Standzeit'],
    ]);
    expect(discount).toEqual([]);
    expect((await api.get(`/api/v1/CreditNote/${creditNote.id}`)).body.objects[0].creditNoteNumber).toBe('GU-1000');
    expect((await api.get('/api/v1/CreditNote')).body.objects).toHaveLength(1);
    const pdf = await api.get(`/api/v1/CreditNote/${creditNote.id}/getPdf`);
    expect(pdf.body.objects.filename).toBe('GU-1000.pdf');
  });

  it('refuses drafts and unknown invoices', async () => {
    const api = await start();
    const draft = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.id;
    expect((await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id: draft, objectName: 'Invoice' } })).status).toBe(400);
    expect((await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id: 5, objectName: 'Invoice' } })).body.error.code).toBe(151);
    expect((await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id: draft, objectName: 'Order' } })).status).toBe(400);
  });

  it('e-invoice credit notes need a payment method to render (error 830); saveCreditNote sets it on the draft', async () => {
    const api = await start();
    const contact = await api.post('/api/v1/Contact', { name: 'Landesamt für Logistik', category: { id: '3', objectName: 'Category' }, buyerReference: '04011000-1-06' });
    const contactId = contact.body.objects.id;
    await api.post('/api/v1/CommunicationWay', { contact: { id: contactId, objectName: 'Contact' }, type: 'EMAIL', value: 'r@amt.example', key: { id: 2, objectName: 'CommunicationWayKey' }, main: true });
    const id = await openInvoice(api, {
      contact: { id: contactId, objectName: 'Contact' },
      propertyIsEInvoice: true,
      paymentMethod: { id: 21919, objectName: 'PaymentMethod' },
      address: 'Landesamt für Logistik\nRingstraße 1\n40210 Düsseldorf',
    });
    const { creditNote } = (await api.post('/api/v1/CreditNote/Factory/createFromInvoice', { invoice: { id, objectName: 'Invoice' } })).body.objects;
    expect(creditNote.paymentMethod).toBeNull();
    const refused = await api.get(`/api/v1/CreditNote/${creditNote.id}/getPdf`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 830, message: 'Validation error: missing document_paymentMethod' });

    const saved = await api.post('/api/v1/CreditNote/Factory/saveCreditNote', {
      creditNote: { id: creditNote.id, objectName: 'CreditNote', mapAll: true, paymentMethod: { id: 21919, objectName: 'PaymentMethod' }, headText: 'Rechnungskorrektur zu Rechnung RE-1000' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body.objects.creditNote).toMatchObject({ paymentMethod: { id: '21919', objectName: 'PaymentMethod' }, headText: 'Rechnungskorrektur zu Rechnung RE-1000' });
    const pdf = await api.get(`/api/v1/CreditNote/${creditNote.id}/getPdf`);
    expect(pdf.status).toBe(200);
    const content = Buffer.from(pdf.body.objects.content, 'base64').toString('latin1');
    expect(content).toContain('(factur-x.xml)');
    expect(content).toContain('<ram:ID>GU-1000</ram:ID><ram:TypeCode>381</ram:TypeCode>');
    expect((await api.post('/api/v1/CreditNote/Factory/saveCreditNote', { creditNote: { objectName: 'CreditNote', mapAll: true } })).status).toBe(400);
  });
});

describe('POST /Invoice/Factory/createInvoiceReminder (fact sheet §4.6)', () => {
  it('creates a draft reminder (MA) over the open amount, linked by origin; hidden from the default list', async () => {
    const api = await start();
    const id = await openInvoice(api);
    await api.post(`/__sandbox/invoices/${id}/payments`, { amount: 621.38 });
    const res = await api.post(`/api/v1/Invoice/Factory/createInvoiceReminder?invoice[id]=${id}&invoice[objectName]=Invoice`, { invoice: { id, objectName: 'Invoice' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ma = res.body.objects;
    expect(ma).toMatchObject({ objectName: 'Invoice', invoiceType: 'MA', status: '100', origin: { id, objectName: 'Invoice' }, sumGross: '1000', header: 'Zahlungserinnerung zu Rechnung Nr. RE-1000' });
    expect((await api.get('/api/v1/Invoice')).body.objects.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await api.get('/api/v1/Invoice?showMa=all')).body.objects.map((i: { id: string }) => i.id)).toEqual([id, ma.id]);
    expect((await api.get('/api/v1/Invoice?invoiceType=MA')).body.objects).toHaveLength(1);
    expect((await api.raw(`/fi/detail/type/MA/id/${ma.id}`)).status).toBe(200);
  });

  it('refuses drafts, paid and cancelled invoices', async () => {
    const api = await start();
    const draft = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.id;
    const remind = (id: string) => api.post(`/api/v1/Invoice/Factory/createInvoiceReminder?invoice[id]=${id}&invoice[objectName]=Invoice`, { invoice: { id, objectName: 'Invoice' } });
    expect((await remind(draft)).body.error.message).toBe('A reminder needs an open or partly paid invoice; RE-1000 has status 100');
    const paid = await openInvoice(api);
    await api.post(`/__sandbox/invoices/${paid}/payments`, {});
    expect((await remind(paid)).status).toBe(400);
    const cancelled = await openInvoice(api);
    await api.post(`/api/v1/Invoice/${cancelled}/cancelInvoice`, undefined);
    expect((await remind(cancelled)).body.error.message).toMatch(/has been cancelled$/);
  });
});
