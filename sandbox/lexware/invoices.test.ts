import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { FakeClock, customLine, invoiceWithLine, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

type Detail = { violation: string; field: string; message: string };

/** Posts a body that must be refused with 406 and returns its details. */
async function rejected(body: unknown, query = ''): Promise<Detail[]> {
  const r = await lx!.api('POST', `/v1/invoices${query}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(406);
  expect(r.body).toMatchObject({
    status: 406,
    error: 'Not Acceptable',
    path: '/v1/invoices',
    message: 'Validation failed for request. Please see details list for specific causes.',
  });
  expect(r.body.traceId).toMatch(/^[0-9a-f]{12}$/);
  expect(r.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
  return r.body.details;
}

async function created(body: unknown, query = ''): Promise<Record<string, unknown> & { id: string }> {
  const r = await lx!.api('POST', `/v1/invoices${query}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const stored = await lx!.api('GET', `/v1/invoices/${r.body.id}`);
  expect(stored.status).toBe(200);
  return stored.body;
}

describe('POST /v1/invoices: creation', () => {
  it('creates a draft by default: 201, action result, Location; no voucher number', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/invoices', validInvoice());
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      resourceUri: `${lx.url}/v1/invoices/${r.body.id}`,
      createdDate: expect.any(String),
      updatedDate: r.body.createdDate,
      version: 1,
    });
    expect(r.headers.get('location')).toBe(r.body.resourceUri);
    const invoice = (await lx.api('GET', `/v1/invoices/${r.body.id}`)).body;
    expect(invoice).toMatchObject({ id: r.body.id, voucherStatus: 'draft', voucherNumber: null, electronicDocumentProfile: 'NONE', version: 1, archived: false });
  });

  it('finalizes with ?finalize=true: status open and numbers RE0001, RE0002 (drafts take none)', async () => {
    lx = await startLexware();
    const first = await created(validInvoice(), '?finalize=true');
    await created(validInvoice());
    const second = await created(validInvoice(), '?finalize=true');
    expect(first).toMatchObject({ voucherStatus: 'open', voucherNumber: 'RE0001', electronicDocumentProfile: 'EN16931' });
    expect(second).toMatchObject({ voucherStatus: 'open', voucherNumber: 'RE0002' });
    // The misspelt parameter of a known client bug creates a draft.
    expect(await created(validInvoice(), '?finalized=true')).toMatchObject({ voucherStatus: 'draft', voucherNumber: null });
  });

  it('stores the computed fields and fills the address from the referenced contact', async () => {
    lx = await startLexware();
    const invoice = await created(validInvoice());
    expect(invoice).toMatchObject({
      voucherDate: '2026-11-10T00:00:00.000+01:00',
      dueDate: '2026-11-24T00:00:00.000+01:00',
      address: { contactId: SEEDED_CONTACT_IDS.nordlicht, name: 'Spedition Nordlicht GmbH', street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
      lineItems: [
        { type: 'custom', quantity: 1, unitName: 'Pauschale', unitPrice: { currency: 'EUR', netAmount: 1250, grossAmount: 1487.5, taxRatePercentage: 19 }, lineItemAmount: 1250 },
        { type: 'custom', name: 'Standzeit', quantity: 2.5, unitPrice: { netAmount: 45, grossAmount: 53.55 }, lineItemAmount: 112.5 },
        { type: 'text', name: 'Hinweis', description: 'Leistungszeitraum laut Frachtbrief.' },
      ],
      totalPrice: { currency: 'EUR', totalNetAmount: 1362.5, totalTaxAmount: 258.88, totalGrossAmount: 1621.38 },
      taxAmounts: [{ taxRatePercentage: 19, taxAmount: 258.88, netAmount: 1362.5 }],
      taxConditions: { taxType: 'net' },
      shippingConditions: { shippingType: 'serviceperiod', shippingDate: '2026-11-02T00:00:00.000+01:00', shippingEndDate: '2026-11-03T00:00:00.000+01:00' },
      paymentConditions: { paymentTermLabel: 'Zahlbar innerhalb von 14 Tagen ohne Abzug', paymentTermDuration: 14 },
      title: 'Rechnung',
      language: 'de',
    });
  });

  it('keeps one-time addresses and the client texts and payment term', async () => {
    lx = await startLexware();
    const invoice = await created(
      validInvoice({
        voucherDate: '2026-11-09T23:30:00.000Z',
        address: { name: 'Spedition Beispiel GmbH', supplement: 'Buchhaltung', street: 'Hafenstr. 1', zip: '20457', city: 'Hamburg', countryCode: 'DE' },
        title: 'Rechnung A-4711',
        introduction: 'Auftrag A-4711',
        remark: 'Danke.',
        deliveryTerms: 'frei Haus',
        language: 'en',
        paymentConditions: { paymentTermLabel: 'Zahlbar in 30 Tagen', paymentTermDuration: 30 },
      }),
    );
    expect(invoice).toMatchObject({
      voucherDate: '2026-11-10T00:30:00.000+01:00',
      dueDate: '2026-12-10T00:00:00.000+01:00',
      address: { name: 'Spedition Beispiel GmbH', supplement: 'Buchhaltung', countryCode: 'DE' },
      title: 'Rechnung A-4711',
      introduction: 'Auftrag A-4711',
      remark: 'Danke.',
      deliveryTerms: 'frei Haus',
      language: 'en',
      paymentConditions: { paymentTermLabel: 'Zahlbar in 30 Tagen', paymentTermDuration: 30 },
    });
    expect((invoice.address as Record<string, unknown>).contactId).toBeUndefined();
  });

  it('ignores read-only fields the client sends', async () => {
    lx = await startLexware();
    const invoice = await created({
      ...validInvoice({ lineItems: [customLine({ lineItemAmount: 1, unitPrice: { currency: 'EUR', netAmount: 100, grossAmount: 5, taxRatePercentage: 19 } })] }),
      id: 'mine',
      voucherStatus: 'paid',
      voucherNumber: 'X-1',
      version: 7,
      totalPrice: { currency: 'EUR', totalNetAmount: 1, totalGrossAmount: 1, totalTaxAmount: 0 },
      taxAmounts: [],
    });
    expect(invoice).toMatchObject({ voucherStatus: 'draft', voucherNumber: null, version: 1, totalPrice: { totalNetAmount: 100, totalTaxAmount: 19, totalGrossAmount: 119 } });
    expect(invoice.id).not.toBe('mine');
    expect((invoice.lineItems as { lineItemAmount: number; unitPrice: { grossAmount: number } }[])[0]).toMatchObject({ lineItemAmount: 100, unitPrice: { grossAmount: 119 } });
  });

  it('prices gross invoices from grossAmount', async () => {
    lx = await startLexware();
    const invoice = await created(
      validInvoice({
        taxConditions: { taxType: 'gross' },
        lineItems: [customLine({ unitPrice: { currency: 'EUR', grossAmount: 119, taxRatePercentage: 19 } }), customLine({ unitPrice: { currency: 'EUR', grossAmount: 10, taxRatePercentage: 7 } })],
      }),
    );
    expect(invoice).toMatchObject({
      lineItems: [{ unitPrice: { netAmount: 100, grossAmount: 119 }, lineItemAmount: 119 }, { unitPrice: { netAmount: 9.3458, grossAmount: 10 }, lineItemAmount: 10 }],
      taxAmounts: [
        { taxRatePercentage: 19, taxAmount: 19, netAmount: 100 },
        { taxRatePercentage: 7, taxAmount: 0.65, netAmount: 9.35 },
      ],
      totalPrice: { totalNetAmount: 109.35, totalTaxAmount: 19.65, totalGrossAmount: 129 },
    });
    expect(await rejected(validInvoice({ taxConditions: { taxType: 'gross' } }))).toContainEqual({
      violation: 'NOTNULL',
      field: 'lineItems[0].unitPrice.grossAmount',
      message: 'darf nicht leer sein',
    });
  });
});

describe('POST /v1/invoices: validation (406, regular format)', () => {
  it('lists every missing required property', async () => {
    lx = await startLexware();
    expect(await rejected({})).toEqual(
      ['voucherDate', 'address', 'taxConditions', 'shippingConditions', 'lineItems', 'totalPrice'].map((field) => ({ violation: 'NOTNULL', field, message: 'darf nicht leer sein' })),
    );
  });

  it('needs taxRatePercentage, exactly as the docs sample shows', async () => {
    lx = await startLexware();
    expect(await rejected(invoiceWithLine({ unitPrice: { currency: 'EUR', netAmount: 10 } }))).toEqual([
      { violation: 'NOTNULL', field: 'lineItems[0].unitPrice.taxRatePercentage', message: 'darf nicht leer sein' },
    ]);
  });

  it('accepts only yyyy-MM-ddTHH:mm:ss.SSSXXX datetimes', async () => {
    lx = await startLexware();
    const pattern = (field: string) => ({ violation: 'PATTERN', field, message: `muss dem Muster "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" entsprechen` });
    for (const bad of ['2026-11-10', '2026-11-10T00:00:00+01:00', '2026-11-10T00:00:00.00+01:00', '2026-11-10T00:00:00.000+0100', '10.11.2026', 1762732800000]) {
      expect(await rejected(validInvoice({ voucherDate: bad })), String(bad)).toEqual([pattern('voucherDate')]);
    }
    expect(await rejected(validInvoice({ shippingConditions: { shippingType: 'delivery', shippingDate: '2026-11-02T00:00:00Z' } }))).toEqual([pattern('shippingConditions.shippingDate')]);
    expect(
      await rejected(validInvoice({ shippingConditions: { shippingType: 'deliveryperiod', shippingDate: '2026-11-02T00:00:00.000Z', shippingEndDate: '2026-11-03' } })),
    ).toEqual([pattern('shippingConditions.shippingEndDate')]);
    await created(validInvoice({ voucherDate: '2026-11-10T08:15:00.000Z' }));
  });

  it('limits the title to 25 characters and the other texts to their documented lengths', async () => {
    lx = await startLexware();
    expect(await rejected(validInvoice({ title: 'R'.repeat(26) }))).toEqual([{ violation: 'SIZE', field: 'title', message: 'Größe muss zwischen 0 und 25 sein' }]);
    await created(validInvoice({ title: 'R'.repeat(25) }));
    expect(
      await rejected(
        validInvoice({
          introduction: 'i'.repeat(2001),
          remark: 'r'.repeat(2001),
          deliveryTerms: 'd'.repeat(256),
          lineItems: [customLine({ name: 'n'.repeat(256), description: 'd'.repeat(2001) })],
        }),
      ),
    ).toEqual([
      { violation: 'SIZE', field: 'lineItems[0].name', message: 'Größe muss zwischen 1 und 255 sein' },
      { violation: 'SIZE', field: 'lineItems[0].description', message: 'Größe muss zwischen 0 und 2000 sein' },
      { violation: 'SIZE', field: 'introduction', message: 'Größe muss zwischen 0 und 2000 sein' },
      { violation: 'SIZE', field: 'remark', message: 'Größe muss zwischen 0 und 2000 sein' },
      { violation: 'SIZE', field: 'deliveryTerms', message: 'Größe muss zwischen 0 und 255 sein' },
    ]);
  });

  it('takes 1 to 300 line items', async () => {
    lx = await startLexware();
    const size = [{ violation: 'SIZE', field: 'lineItems', message: 'Größe muss zwischen 1 und 300 sein' }];
    expect(await rejected(validInvoice({ lineItems: Array.from({ length: 301 }, () => customLine()) }))).toEqual(size);
    expect(await rejected(validInvoice({ lineItems: [] }))).toEqual(size);
    const full = await created(validInvoice({ lineItems: Array.from({ length: 300 }, () => customLine({ unitPrice: { currency: 'EUR', netAmount: 0.01, taxRatePercentage: 19 } })) }));
    expect(full.totalPrice).toMatchObject({ totalNetAmount: 3, totalTaxAmount: 0.57, totalGrossAmount: 3.57 });
  });

  it('accepts only EUR', async () => {
    lx = await startLexware();
    const message = 'Es wird nur die Währung EUR unterstützt';
    expect(await rejected(invoiceWithLine({ unitPrice: { currency: 'CHF', netAmount: 10, taxRatePercentage: 19 } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.currency', message },
    ]);
    expect(await rejected(validInvoice({ totalPrice: { currency: 'PLN' } }))).toEqual([{ violation: 'NOTALLOWED', field: 'totalPrice.currency', message }]);
    expect(await rejected(validInvoice({ totalPrice: {} }))).toEqual([{ violation: 'NOTNULL', field: 'totalPrice.currency', message: 'darf nicht leer sein' }]);
  });

  it('requires tax rate 0 for vat-free tax types and a referenced contact for all but vatfree', async () => {
    lx = await startLexware();
    const zero = (rate: number, extra = {}) => invoiceWithLine({ unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: rate } }, extra);
    expect(await rejected(zero(19, { taxConditions: { taxType: 'vatfree' } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.taxRatePercentage', message: 'muss bei der Steuerart vatfree 0 sein' },
    ]);
    expect(await rejected(zero(7, { taxConditions: { taxType: 'intraCommunitySupply' }, address: { contactId: SEEDED_CONTACT_IDS.hollandCargo } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.taxRatePercentage', message: 'muss bei der Steuerart intraCommunitySupply 0 sein' },
    ]);
    expect(await rejected(zero(0, { taxConditions: { taxType: 'externalService13b' }, address: { name: 'Holland Cargo B.V.', countryCode: 'NL' } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'taxConditions.taxType', message: 'Steuerart externalService13b ist nur mit einem referenzierten Kontakt möglich' },
    ]);
    const exempt = await created(zero(0, { taxConditions: { taxType: 'externalService13b', taxTypeNote: 'Steuerschuldnerschaft des Leistungsempfängers' }, address: { contactId: SEEDED_CONTACT_IDS.hollandCargo } }));
    expect(exempt).toMatchObject({ taxAmounts: [{ taxRatePercentage: 0, taxAmount: 0, netAmount: 100 }], totalPrice: { totalGrossAmount: 100 } });
    await created(zero(0, { taxConditions: { taxType: 'vatfree' }, address: { name: 'Privatkunde', countryCode: 'DE' } }));
  });

  it('accepts only the tax rates 0, 7 and 19 (5 and 16 during the 2020 VAT cut)', async () => {
    lx = await startLexware();
    const rate = (r: number, extra = {}) => invoiceWithLine({ unitPrice: { currency: 'EUR', netAmount: 100, taxRatePercentage: r } }, extra);
    expect(await rejected(rate(16))).toEqual([{ violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.taxRatePercentage', message: 'ungültiger Steuersatz, erlaubt sind 0, 7, 19' }]);
    expect(await rejected(rate(19.5))).toHaveLength(1);
    await created(rate(19.0));
    const cut = { voucherDate: '2020-09-01T00:00:00.000+02:00', shippingConditions: { shippingType: 'service', shippingDate: '2020-08-20T00:00:00.000+02:00' } };
    expect(await created(rate(16, cut))).toMatchObject({ taxAmounts: [{ taxRatePercentage: 16, taxAmount: 16 }] });
    expect(await rejected(rate(19, cut))).toEqual([{ violation: 'NOTALLOWED', field: 'lineItems[0].unitPrice.taxRatePercentage', message: 'ungültiger Steuersatz, erlaubt sind 0, 5, 16' }]);
  });

  it('allows at most 4 decimals in quantities and unit prices, read from the JSON text', async () => {
    lx = await startLexware();
    const digits = (field: string) => ({ violation: 'DIGITS', field, message: 'numerischer Wert außerhalb des gültigen Bereichs (<12 Ziffern>.<4 Ziffern> erwartet)' });
    expect(await rejected(invoiceWithLine({ quantity: 1.23456 }))).toEqual([digits('lineItems[0].quantity')]);
    expect(await rejected(invoiceWithLine({ unitPrice: { currency: 'EUR', netAmount: 0.00001, taxRatePercentage: 19 } }))).toEqual([digits('lineItems[0].unitPrice.netAmount')]);
    // 1.23450 has four significant decimals; the raw text must not be read through a float.
    const body = JSON.stringify(invoiceWithLine({ quantity: 1 })).replace('"quantity":1', '"quantity":1.23450');
    expect((await lx.api('POST', '/v1/invoices', body)).status).toBe(201);
    const tooPrecise = JSON.stringify(invoiceWithLine({ quantity: 1 })).replace('"quantity":1', '"quantity":1.00000000000000001');
    expect(await rejected(tooPrecise)).toEqual([digits('lineItems[0].quantity')]);
  });

  it('checks line item types, names, units and article references', async () => {
    lx = await startLexware();
    expect(await rejected(invoiceWithLine({ type: 'service', id: '7d5e4f3a-1b2c-4d3e-8f9a-0b1c2d3e4f5a' }))).toEqual([
      { violation: 'NOTFOUND', field: 'lineItems[0].id', message: 'Artikel mit der ID 7d5e4f3a-1b2c-4d3e-8f9a-0b1c2d3e4f5a existiert nicht' },
    ]);
    expect(await rejected(invoiceWithLine({ type: 'material' }))).toEqual([{ violation: 'NOTNULL', field: 'lineItems[0].id', message: 'darf nicht leer sein' }]);
    expect(await rejected(invoiceWithLine({ type: 'freight' }))).toEqual([
      { violation: 'NOTALLOWED', field: 'lineItems[0].type', message: 'muss einer der folgenden Werte sein: custom, material, service, text' },
    ]);
    expect(await rejected(invoiceWithLine({ name: undefined, unitName: undefined, quantity: undefined }))).toEqual([
      { violation: 'NOTNULL', field: 'lineItems[0].name', message: 'darf nicht leer sein' },
      { violation: 'NOTNULL', field: 'lineItems[0].quantity', message: 'darf nicht leer sein' },
      { violation: 'NOTNULL', field: 'lineItems[0].unitName', message: 'darf nicht leer sein' },
    ]);
    expect(await rejected(validInvoice({ lineItems: [customLine(), { type: 'text' }] }))).toEqual([{ violation: 'NOTNULL', field: 'lineItems[1].name', message: 'darf nicht leer sein' }]);
    await created(validInvoice({ lineItems: [customLine(), { type: 'text', description: 'nur Beschreibung' }] }));
  });

  it('needs a known, synced customer or a one-time address with name and country', async () => {
    lx = await startLexware();
    expect(await rejected(validInvoice({ address: { contactId: '00000000-0000-4000-8000-000000000000' } }))).toEqual([
      { violation: 'NOTFOUND', field: 'address.contactId', message: 'Kontakt mit der ID 00000000-0000-4000-8000-000000000000 existiert nicht' },
    ]);
    expect(await rejected(validInvoice({ address: { contactId: SEEDED_CONTACT_IDS.tankhofElbe } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'address.contactId', message: 'Kontakt muss die Rolle Kunde haben' },
    ]);
    expect(await rejected(validInvoice({ address: { street: 'Hafenstr. 1' } }))).toEqual([
      { violation: 'NOTNULL', field: 'address.name', message: 'darf nicht leer sein' },
      { violation: 'NOTNULL', field: 'address.countryCode', message: 'darf nicht leer sein' },
    ]);
    const overridden = await created(validInvoice({ address: { contactId: SEEDED_CONTACT_IDS.rheinfracht, supplement: 'z. Hd. Frau Weber' } }));
    expect(overridden.address).toMatchObject({ contactId: SEEDED_CONTACT_IDS.rheinfracht, name: 'Rheinfracht GmbH & Co. KG', supplement: 'z. Hd. Frau Weber', city: 'Köln' });
  });

  it('needs shippingConditions with the dates its type requires', async () => {
    lx = await startLexware();
    const ship = (s: Record<string, unknown>) => validInvoice({ shippingConditions: s });
    expect(await rejected(ship({ shippingType: 'service' }))).toEqual([{ violation: 'NOTNULL', field: 'shippingConditions.shippingDate', message: 'darf nicht leer sein' }]);
    expect(await rejected(ship({ shippingType: 'serviceperiod', shippingDate: '2026-11-02T00:00:00.000+01:00' }))).toEqual([
      { violation: 'NOTNULL', field: 'shippingConditions.shippingEndDate', message: 'darf nicht leer sein' },
    ]);
    expect(await rejected(ship({ shippingType: 'deliveryperiod', shippingDate: '2026-11-03T00:00:00.000+01:00', shippingEndDate: '2026-11-02T00:00:00.000+01:00' }))).toEqual([
      { violation: 'INVALID', field: 'shippingConditions.shippingEndDate', message: 'darf nicht vor dem Leistungsdatum liegen' },
    ]);
    expect(await rejected(ship({ shippingType: 'pickup' }))).toEqual([
      { violation: 'NOTALLOWED', field: 'shippingConditions.shippingType', message: 'muss einer der folgenden Werte sein: service, serviceperiod, delivery, deliveryperiod, none' },
    ]);
    expect(await created(ship({ shippingType: 'none' }))).toMatchObject({ shippingConditions: { shippingType: 'none' } });
  });

  it('needs paymentTermLabel when paymentConditions are sent, and checks taxType and language', async () => {
    lx = await startLexware();
    expect(await rejected(validInvoice({ paymentConditions: { paymentTermDuration: 14 } }))).toEqual([
      { violation: 'NOTNULL', field: 'paymentConditions.paymentTermLabel', message: 'darf nicht leer sein' },
    ]);
    expect(await rejected(validInvoice({ taxConditions: { taxType: 'reverseCharge' } }))).toEqual([
      {
        violation: 'NOTALLOWED',
        field: 'taxConditions.taxType',
        message:
          'muss einer der folgenden Werte sein: gross, net, vatfree, intraCommunitySupply, constructionService13b, externalService13b, thirdPartyCountryService, thirdPartyCountryDelivery, photovoltaicEquipment',
      },
    ]);
    expect(await rejected(validInvoice({ language: 'fr' }))).toEqual([{ violation: 'NOTALLOWED', field: 'language', message: 'muss einer der folgenden Werte sein: de, en' }]);
  });

  it('refuses to pursue unknown preceding vouchers', async () => {
    lx = await startLexware();
    expect(await rejected(validInvoice(), '?precedingSalesVoucherId=0b7c9f5e-1111-4222-8333-444455556666')).toEqual([
      { violation: 'NOTFOUND', field: 'precedingSalesVoucherId', message: 'Beleg mit der ID 0b7c9f5e-1111-4222-8333-444455556666 existiert nicht' },
    ]);
  });

  it('answers 400 to a body that is no JSON object', async () => {
    lx = await startLexware();
    const r = await lx.api('POST', '/v1/invoices', []);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/v1/invoices' });
  });
});

describe('contact sync delay ("clustersync")', () => {
  it('hides a new contact from invoices for the delay, while GET shows it at once', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ contactSyncDelayMs: 500, now: clock.now });
    const contact = await lx.api('POST', '/v1/contacts', {
      version: 0,
      roles: { customer: {} },
      company: { name: 'Polex Transport Sp. z o.o.' },
      addresses: { billing: [{ street: 'ul. Marszałkowska 84', zip: '00-514', city: 'Warszawa', countryCode: 'PL' }] },
    });
    expect(contact.status).toBe(201);
    const id = contact.body.id as string;
    expect((await lx.api('GET', `/v1/contacts/${id}`)).status).toBe(200);

    clock.advance(499);
    expect(await rejected(validInvoice({ address: { contactId: id } }))).toEqual([
      { violation: 'NOTFOUND', field: 'address.contactId', message: `Kontakt mit der ID ${id} existiert nicht` },
    ]);
    clock.advance(1);
    expect(await created(validInvoice({ address: { contactId: id } }))).toMatchObject({ address: { contactId: id, name: 'Polex Transport Sp. z o.o.', city: 'Warszawa' } });
  });

  it('uses the real clock by default and can be changed through /__sandbox/config', async () => {
    // Generous margins: the machine may be busy, and the first check must land inside the window.
    lx = await startLexware({ contactSyncDelayMs: 400 });
    const id = (await lx.api('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, company: { name: 'Donau Chemie Handels GmbH' } })).body.id;
    expect((await lx.api('POST', '/v1/invoices', validInvoice({ address: { contactId: id } }))).status).toBe(406);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await lx.api('POST', '/v1/invoices', validInvoice({ address: { contactId: id } }))).status).toBe(201);

    await lx.sandbox('config', { contactSyncDelayMs: 60_000 });
    const next = (await lx.api('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, company: { name: 'Schwarzwald Holz eG' } })).body.id;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await lx.api('POST', '/v1/invoices', validInvoice({ address: { contactId: next } }))).status).toBe(406);
  });
});

describe('GET /v1/invoices/{id} and its documents', () => {
  it('answers 404 in the regular format for an unknown invoice', async () => {
    lx = await startLexware();
    const r = await lx.api('GET', '/v1/invoices/00000000-0000-4000-8000-000000000000');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ status: 404, error: 'Not Found', path: '/v1/invoices/00000000-0000-4000-8000-000000000000' });
    expect((await lx.api('GET', '/v1/invoices/00000000-0000-4000-8000-000000000000/file')).status).toBe(404);
  });

  it('gives drafts no document (406) and no file (409)', async () => {
    lx = await startLexware();
    const { id } = await created(validInvoice());
    const document = await lx.api('GET', `/v1/invoices/${id}/document`);
    expect(document.status).toBe(406);
    expect(document.body).toMatchObject({ status: 406, error: 'Not Acceptable', path: `/v1/invoices/${id}/document` });
    const file = await lx.api('GET', `/v1/invoices/${id}/file`);
    expect(file.status).toBe(409);
    expect(file.body).toMatchObject({ status: 409, error: 'Conflict' });
  });

  it('renders finalized invoices: documentFileId and a PDF file', async () => {
    lx = await startLexware();
    const invoice = await created(validInvoice(), '?finalize=true');
    const document = await lx.api('GET', `/v1/invoices/${invoice.id}/document`);
    expect(document.status).toBe(200);
    expect(document.body).toEqual({ documentFileId: (invoice.files as { documentFileId: string }).documentFileId });

    const file = await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/pdf' });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe('attachment; filename="RE0001.pdf"');
    expect(Number(file.headers.get('content-length'))).toBe(file.text.length);
    expect(file.text.startsWith('%PDF-1.4')).toBe(true);
    expect(file.text).toContain('(Rechnung RE0001) Tj');
    // Every cross-reference offset points at its object: the PDF opens in real viewers.
    const offsets = [...file.text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((offset, i) => expect(file.text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
    const startxref = Number(/startxref\n(\d+)/.exec(file.text)?.[1]);
    expect(file.text.slice(startxref).startsWith('xref')).toBe(true);

    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: '*/*' })).headers.get('content-type')).toBe('application/pdf');
    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/xml' })).status).toBe(404);
    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'text/html' })).status).toBe(406);
  });

  it('serves XML for finalized XRechnung invoices', async () => {
    lx = await startLexware();
    const contact = await lx.api('POST', '/v1/contacts', {
      version: 0,
      roles: { customer: {} },
      company: { name: 'Landesamt für Straßenbau' },
      addresses: { billing: [{ street: 'Ringstraße 1', zip: '40210', city: 'Düsseldorf', countryCode: 'DE' }] },
      xRechnung: { buyerReference: '04011000-12345-67', vendorNumberAtCustomer: '70815' },
    });
    const invoice = await created(validInvoice({ address: { contactId: contact.body.id } }), '?finalize=true');
    expect(invoice.electronicDocumentProfile).toBe('XRechnung');
    const xml = await lx.api('GET', `/v1/invoices/${invoice.id}/file`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toBe('application/xml');
    expect(xml.text).toContain('<rsm:ExchangedDocument><ram:ID>RE0001</ram:ID>');
    expect((await lx.api('GET', `/v1/invoices/${invoice.id}/file`, undefined, { accept: 'application/pdf' })).headers.get('content-type')).toBe('application/pdf');
    expect(await rejected(validInvoice({ xRechnung: { buyerReference: '991-1' } }))).toEqual([
      { violation: 'NOTALLOWED', field: 'xRechnung.buyerReference', message: 'Der Kontakt ist nicht für XRechnung eingerichtet' },
    ]);
  });
});
