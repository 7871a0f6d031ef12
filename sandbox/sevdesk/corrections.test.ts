import { describe, expect, it } from 'vitest';
import { invoiceBody, NORDLICHT_ID, SAVE_INVOICE, SEV_USER_ID, type TestClient, UNITY_PIECE, useSevdesk } from './test-support';

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

const SAVE_CREDIT_NOTE = '/api/v1/CreditNote/Factory/saveCreditNote';

/** A saveCreditNote body as the official OpenAPI has it: the credit note, then creditNotePosSave. */
function creditNoteBody(invoiceId: string, creditNote: Record<string, unknown> = {}, positions?: Record<string, unknown>[]) {
  return {
    creditNote: {
      objectName: 'CreditNote',
      mapAll: true,
      creditNoteDate: '05.06.2026',
      contact: { id: Number(NORDLICHT_ID), objectName: 'Contact' },
      contactPerson: { id: Number(SEV_USER_ID), objectName: 'SevUser' },
      status: '100',
      header: 'Rechnungskorrektur zu Rechnung RE-1000',
      headText: 'Rechnungskorrektur zu Rechnung RE-1000.',
      addressCountry: { id: 1, objectName: 'StaticCountry' },
      taxRule: { id: '1', objectName: 'TaxRule' },
      taxText: 'Umsatzsteuer 19%',
      bookingCategory: 'UNDERACHIEVEMENT',
      refSrcInvoice: { id: Number(invoiceId), objectName: 'Invoice' },
      currency: 'EUR',
      showNet: true,
      ...creditNote,
    },
    creditNotePosSave: positions ?? [{ objectName: 'CreditNotePos', mapAll: true, name: 'Standzeit', quantity: 2.5, price: 45, taxRate: 19, unity: { id: UNITY_PIECE, objectName: 'Unity' }, positionNumber: 0 }],
    creditNotePosDelete: null,
    discountSave: null,
    discountDelete: null,
  };
}

describe('POST /CreditNote/Factory/saveCreditNote creating a credit note (official OpenAPI createcreditNote)', () => {
  it('creates a draft credit note with the given positions only, UNDERACHIEVEMENT and refSrcInvoice, in one request', async () => {
    const api = await start();
    const id = await openInvoice(api);
    const res = await api.post(SAVE_CREDIT_NOTE, creditNoteBody(id));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { creditNote, creditNotePos } = res.body.objects;
    expect(creditNote).toMatchObject({
      objectName: 'CreditNote',
      creditNoteNumber: 'GU-1000',
      status: '100',
      bookingCategory: 'UNDERACHIEVEMENT',
      refSrcInvoice: { id, objectName: 'Invoice' },
      contact: { id: NORDLICHT_ID, objectName: 'Contact' },
      header: 'Rechnungskorrektur zu Rechnung RE-1000',
      headText: 'Rechnungskorrektur zu Rechnung RE-1000.',
      sumNet: '112.5',
      sumGross: '133.88',
      creditNoteDate: '2026-06-05T00:00:00+02:00',
    });
    expect(creditNotePos.map((p: { name: string; sumNet: string }) => [p.name, p.sumNet])).toEqual([['Standzeit', '112.5']]);
    // Its deep link opens with its own position.
    const opened = await api.raw(`/fi/detail/type/GU/id/${creditNote.id}`);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain('Standzeit');
    expect(html).not.toContain('Transport Hamburg');
    // Listed by contact (GET /CreditNote has no refSrcInvoice filter).
    expect((await api.get(`/api/v1/CreditNote?contact[id]=${NORDLICHT_ID}&contact[objectName]=Contact`)).body.objects.map((c: { id: string }) => c.id)).toEqual([creditNote.id]);
  });

  it('refuses what sevdesk refuses: missing necessary attributes, non-draft status, no positions, ACCOUNTING_TYPE, UNDERACHIEVEMENT without refSrcInvoice', async () => {
    const api = await start();
    const id = await openInvoice(api);
    const refused = async (body: Record<string, unknown>) => {
      const res = await api.post(SAVE_CREDIT_NOTE, body);
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      return res.body.error.message as string;
    };
    for (const field of ['creditNoteDate', 'status', 'contactPerson', 'currency', 'taxText', 'bookingCategory', 'taxRule', 'contact']) {
      expect(await refused(creditNoteBody(id, { [field]: undefined }))).toMatch(new RegExp(`creditNote\\.${field}`));
    }
    expect(await refused(creditNoteBody(id, { status: '200' }))).toMatch(/only be created with status 100/);
    expect(await refused(creditNoteBody(id, {}, []))).toBe('The given document must have at least one position');
    expect(await refused(creditNoteBody(id, { bookingCategory: 'ACCOUNTING_TYPE' }))).toMatch(/not supported in sevdesk-Update 2.0/);
    expect(await refused(creditNoteBody(id, { refSrcInvoice: undefined }))).toMatch(/refSrcInvoice is required/);
    expect(await refused(creditNoteBody(id, { objectName: 'Invoice' }))).toMatch(/objectName must be 'CreditNote'/);
    expect(await refused(creditNoteBody(id, {}, [{ objectName: 'CreditNotePos', mapAll: true, name: 'X', quantity: 1, price: 10, taxRate: 16, unity: { id: UNITY_PIECE, objectName: 'Unity' } }]))).toMatch(/Tax rate 16/);
    const draft = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.id;
    expect(await refused(creditNoteBody(draft))).toMatch(/is a draft/);
    // Nothing was stored and no number was taken.
    expect((await api.get('/api/v1/CreditNote')).body.objects).toHaveLength(0);
    expect((await api.post(SAVE_CREDIT_NOTE, creditNoteBody(id))).body.objects.creditNote.creditNoteNumber).toBe('GU-1000');
  });

  it("keeps the invoice's delivery period rule: deliveryDateUntil exactly when the invoice has one, not before it", async () => {
    const api = await start();
    const id = await openInvoice(api, { deliveryDate: '20.05.2026', deliveryDateUntil: '28.05.2026' });
    expect((await api.post(SAVE_CREDIT_NOTE, creditNoteBody(id))).status).toBe(422);
    expect((await api.post(SAVE_CREDIT_NOTE, creditNoteBody(id, { deliveryDate: '20.05.2026', deliveryDateUntil: '27.05.2026' }))).status).toBe(422);
    expect((await api.post(SAVE_CREDIT_NOTE, creditNoteBody(id, { deliveryDate: '20.05.2026', deliveryDateUntil: '28.05.2026' }))).status).toBe(201);
    const plain = await openInvoice(api);
    expect((await api.post(SAVE_CREDIT_NOTE, creditNoteBody(plain, { deliveryDate: '20.05.2026', deliveryDateUntil: '28.05.2026' }))).status).toBe(422);
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
