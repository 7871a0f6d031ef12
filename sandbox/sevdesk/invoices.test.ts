import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../kit/http';
import {
  ALPENTRANS_ID,
  NORDLICHT_ID,
  SAVE_INVOICE,
  SEV_USER_ID,
  UNITY_BLANKET,
  invoiceBody,
  position,
  startSevdesk,
  type TestClient,
} from './test-support';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Parameters<typeof startSevdesk>[0] = {}): Promise<TestClient> {
  const started = await startSevdesk(options);
  server = started.server;
  return started.api;
}

async function expectError(api: TestClient, body: unknown, status: number, message: string | RegExp) {
  const res = await api.post(SAVE_INVOICE, body);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.objects).toBeNull();
  if (typeof message === 'string') expect(res.body.error.message).toBe(message);
  else expect(res.body.error.message).toMatch(message);
  return res;
}

/** Nothing was stored and no invoice number was used up. */
async function expectNothingStored(api: TestClient) {
  expect(await (await api.raw('/__sandbox/invoices')).json()).toEqual([]);
}

describe('saveInvoice: the happy path', () => {
  it('creates a EUR draft with an assigned number, string values and per-position sums (201)', async () => {
    const api = await start();
    const res = await api.post(SAVE_INVOICE, invoiceBody());
    expect(res.status).toBe(201);
    expect(Object.keys(res.body.objects)).toEqual(['invoice', 'invoicePos', 'filename']);
    expect(res.body.objects.filename).toBeNull();
    const { invoice, invoicePos } = res.body.objects;
    expect(invoice).toMatchObject({
      id: '98100001',
      objectName: 'Invoice',
      invoiceNumber: 'RE-1000',
      status: '100',
      invoiceType: 'RE',
      currency: 'EUR',
      contact: { id: NORDLICHT_ID, objectName: 'Contact' },
      contactPerson: { id: SEV_USER_ID, objectName: 'SevUser' },
      taxRule: { id: '1', objectName: 'TaxRule' },
      addressCountry: { id: '1', objectName: 'StaticCountry' },
      invoiceDate: '2026-06-02T00:00:00+02:00',
      deliveryDate: '2026-05-28T00:00:00+02:00',
      timeToPay: '14',
      showNet: '1',
      customerInternalNote: 'A-4711',
      header: 'Rechnung zu Auftrag A-4711',
      sumNet: '1362.5',
      sumTax: '258.88',
      sumGross: '1621.38',
      sumNetForeignCurrency: '0',
      create: '2026-11-23T10:00:00+01:00',
    });
    expect(invoicePos).toHaveLength(2);
    expect(invoicePos[1]).toMatchObject({
      objectName: 'InvoicePos',
      invoice: { id: '98100001', objectName: 'Invoice' },
      name: 'Standzeit',
      quantity: '2.5',
      price: '45',
      taxRate: '19',
      positionNumber: '1',
      unity: { id: '8301', objectName: 'Unity' },
      sumNet: '112.5',
      sumTax: '21.38',
      sumGross: '133.88',
    });

    const second = await api.post(SAVE_INVOICE, invoiceBody());
    expect(second.body.objects.invoice).toMatchObject({ id: '98100002', invoiceNumber: 'RE-1001' });
  });

  it('creates a CHF invoice and mirrors the sums into the *ForeignCurrency fields', async () => {
    const api = await start();
    const res = await api.post(
      SAVE_INVOICE,
      invoiceBody(
        {
          contact: { id: ALPENTRANS_ID, objectName: 'Contact' },
          addressCountry: { id: 2, objectName: 'StaticCountry' },
          taxRule: { id: '17', objectName: 'TaxRule' },
          currency: 'CHF',
        },
        [position({ price: '1840.50', taxRate: 0 }), position({ name: 'Zollabfertigung', price: 95, quantity: 2, taxRate: '0.0', unity: { id: UNITY_BLANKET, objectName: 'Unity' } })],
      ),
    );
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice).toMatchObject({
      currency: 'CHF',
      sumNet: '2030.5',
      sumTax: '0',
      sumGross: '2030.5',
      sumNetForeignCurrency: '2030.5',
      sumTaxForeignCurrency: '0',
      sumGrossForeignCurrency: '2030.5',
      taxRule: { id: '17', objectName: 'TaxRule' },
    });
  });

  it('reads invoices back: by id as an array, their positions, and InvoicePos by invoice', async () => {
    const api = await start();
    const created = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    const byId = await api.get(`/api/v1/Invoice/${created.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.objects).toHaveLength(1);
    expect(byId.body.objects[0]).toEqual(created);

    const positions = await api.get(`/api/v1/Invoice/${created.id}/getPositions?countAll=true`);
    expect(positions.body.total).toBe('2');
    expect(positions.body.objects.map((p: { name: string }) => p.name)).toEqual(['Transport Hamburg – München', 'Standzeit']);

    const pos = await api.get(`/api/v1/InvoicePos?invoice[id]=${created.id}&invoice[objectName]=Invoice&embed=unity`);
    expect(pos.body.objects).toHaveLength(2);
    expect(pos.body.objects[0].unity).toMatchObject({ id: '8301', translationCode: 'UNITY_PIECE' });

    const embedded = await api.get(`/api/v1/Invoice/${created.id}?embed=contact`);
    expect(embedded.body.objects[0].contact).toMatchObject({ id: NORDLICHT_ID, name: 'Spedition Nordlicht GmbH' });

    const inspected = (await (await api.raw('/__sandbox/invoices')).json()) as { invoiceNumber: string; positions: unknown[] }[];
    expect(inspected.map((i) => [i.invoiceNumber, i.positions.length])).toEqual([['RE-1000', 2]]);
  });

  it('takes the contact address with takeDefaultAddress', async () => {
    const api = await start();
    const res = await api.post(
      SAVE_INVOICE,
      invoiceBody({ contact: { id: ALPENTRANS_ID, objectName: 'Contact' }, address: undefined, addressCountry: undefined, taxRule: { id: '17', objectName: 'TaxRule' } }, [position({ taxRate: 0 })], {
        takeDefaultAddress: true,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice.address).toBe('Alpentrans AG\nBadenerstrasse 560\n8048 Zürich\nSchweiz');
    expect(res.body.objects.invoice.addressCountry).toEqual({ id: '2', objectName: 'StaticCountry' });
  });

  it('accepts dd.mm.yyyy, Unix timestamps, ISO dates and "Y-m-d H:i:s"', async () => {
    const api = await start();
    const cases: [unknown, string][] = [
      ['10.11.2026', '2026-11-10T00:00:00+01:00'],
      [1_793_660_400, '2026-11-03T00:00:00+01:00'],
      ['1793660400', '2026-11-03T00:00:00+01:00'],
      ['2026-11-10', '2026-11-10T00:00:00+01:00'],
      ['2026-11-10 14:30:00', '2026-11-10T00:00:00+01:00'],
      ['2026-11-10T00:00:00+01:00', '2026-11-10T00:00:00+01:00'],
    ];
    for (const [invoiceDate, expected] of cases) {
      const res = await api.post(SAVE_INVOICE, invoiceBody({ invoiceDate, deliveryDate: '01.11.2026' }));
      expect(res.status, String(invoiceDate)).toBe(201);
      expect(res.body.objects.invoice.invoiceDate).toBe(expected);
    }
    await expectError(api, invoiceBody({ invoiceDate: '31.02.2026' }), 400, 'invoice.invoiceDate must be a timestamp or a date like dd.mm.yyyy, "31.02.2026" given');
  });

  it('also accepts a form-urlencoded body in bracket notation', async () => {
    const api = await start();
    const form = new URLSearchParams({
      'invoice[objectName]': 'Invoice',
      'invoice[mapAll]': 'true',
      'invoice[contact][id]': NORDLICHT_ID,
      'invoice[contact][objectName]': 'Contact',
      'invoice[contactPerson][id]': SEV_USER_ID,
      'invoice[contactPerson][objectName]': 'SevUser',
      'invoice[invoiceDate]': '10.11.2026',
      'invoice[status]': '100',
      'invoice[taxRule][id]': '1',
      'invoice[taxRule][objectName]': 'TaxRule',
      'invoice[invoiceType]': 'RE',
      'invoice[currency]': 'EUR',
      'invoicePosSave[0][objectName]': 'InvoicePos',
      'invoicePosSave[0][mapAll]': 'true',
      'invoicePosSave[0][quantity]': '1',
      'invoicePosSave[0][price]': '100',
      'invoicePosSave[0][taxRate]': '19',
      'invoicePosSave[0][unity][id]': '8301',
      'invoicePosSave[0][unity][objectName]': 'Unity',
    });
    const res = await api.post(SAVE_INVOICE, form.toString(), { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice.sumGross).toBe('119');
  });
});

describe('saveInvoice: required structure', () => {
  it('needs invoice.objectName "Invoice" and mapAll true', async () => {
    const api = await start();
    await expectError(api, invoiceBody({ objectName: undefined }), 400, "invoice.objectName must be 'Invoice', nothing given");
    await expectError(api, invoiceBody({ objectName: 'Order' }), 400, `invoice.objectName must be 'Invoice', "Order" given`);
    await expectError(api, invoiceBody({ mapAll: undefined }), 400, 'invoice.mapAll must be true');
    await expectError(api, invoiceBody({ mapAll: false }), 400, 'invoice.mapAll must be true');
    await expectError(api, { invoicePosSave: [position()] }, 400, 'invoice is required.');
    await expectNothingStored(api);
  });

  it('needs objectName "InvoicePos" and mapAll on every position', async () => {
    const api = await start();
    await expectError(api, invoiceBody({}, [position(), position({ objectName: undefined })]), 400, "invoicePosSave[1].objectName must be 'InvoicePos', nothing given");
    await expectError(api, invoiceBody({}, [position({ mapAll: undefined })]), 400, 'invoicePosSave[0].mapAll must be true');
    await expectNothingStored(api);
  });

  it('needs at least one position', async () => {
    const api = await start();
    await expectError(api, invoiceBody({}, []), 400, 'The given document must have at least one position');
    await expectError(api, { ...invoiceBody(), invoicePosSave: undefined }, 400, 'The given document must have at least one position');
    await expectNothingStored(api);
  });

  it('needs unity, quantity and taxRate on positions, and the unity must exist (no hard-coded id 1)', async () => {
    const api = await start();
    await expectError(api, invoiceBody({}, [position({ unity: { id: 1, objectName: 'Unity' } })]), 400, 'Unity with id 1 was not found');
    await expectError(api, invoiceBody({}, [position({ unity: undefined })]), 400, 'invoicePosSave[0].unity is required.');
    await expectError(api, invoiceBody({}, [position({ quantity: undefined })]), 400, 'invoicePosSave[0].quantity is required.');
    await expectError(api, invoiceBody({}, [position({ taxRate: undefined })]), 400, 'invoicePosSave[0].taxRate is required.');
    await expectError(api, invoiceBody({}, [position({ price: 'zwölf' })]), 400, 'invoicePosSave[0].price must be a number, "zwölf" given');
    await expectNothingStored(api);
  });

  it('needs an existing contact, SevUser contactPerson and country', async () => {
    const api = await start();
    const unknown = await expectError(api, invoiceBody({ contact: { id: 12345, objectName: 'Contact' } }), 400, 'Contact with id 12345 was not found');
    expect(unknown.body.error.code).toBe(151);
    await expectError(api, invoiceBody({ contact: { id: NORDLICHT_ID } }), 400, "invoice.contact expected array with 'id' and 'objectName'. array given");
    await expectError(api, invoiceBody({ contactPerson: undefined }), 400, 'invoice.contactPerson is required.');
    await expectError(api, invoiceBody({ contactPerson: { id: 1, objectName: 'SevUser' } }), 400, 'SevUser with id 1 was not found');
    await expectError(api, invoiceBody({ addressCountry: { id: 4711, objectName: 'StaticCountry' } }), 400, 'StaticCountry with id 4711 was not found');
    await expectNothingStored(api);
  });

  it('needs a currency in ISO-4217 form and an invoice date', async () => {
    const api = await start();
    await expectError(api, invoiceBody({ currency: undefined }), 400, 'Currency is required.');
    await expectError(api, invoiceBody({ currency: 'Euro' }), 400, 'Currency must be an ISO-4217 code like EUR, "Euro" given');
    await expectError(api, invoiceBody({ invoiceDate: undefined }), 400, 'invoiceDate is required.');
    await expectNothingStored(api);
  });

  it('creates drafts only: any other status is refused', async () => {
    const api = await start();
    for (const status of ['200', 1000, '750']) {
      await expectError(api, invoiceBody({ status }), 400, new RegExp(`^Invoices can only be saved with status 100 \\(draft\\) in sevdesk-Update 2\\.0, ${status} given`));
    }
    await expectError(api, invoiceBody({ status: undefined }), 400, 'status is required.');
    await expectError(api, invoiceBody({ status: '300' }), 400, 'invoice.status must be one of 50, 100, 200, 750, 1000, 300 given');
    expect((await api.post(SAVE_INVOICE, invoiceBody({ status: 100 }))).status).toBe(201);
  });

  it('refuses invoice types it does not create, and unknown ones', async () => {
    const api = await start();
    await expectError(api, invoiceBody({ invoiceType: 'WKR' }), 400, 'invoiceType WKR is not supported by the sevdesk sandbox emulator; it creates RE, AR, TR and ER invoices');
    await expectError(api, invoiceBody({ invoiceType: 'XX' }), 400, "invoiceType must be one of RE, WKR, SR, MA, TR, AR, ER, 'XX' given");
    await expectNothingStored(api);
  });

  it('refuses a delivery date after the invoice date for RE, but not for AR', async () => {
    const api = await start();
    await expectError(
      api,
      invoiceBody({ invoiceDate: '10.11.2026', deliveryDate: '11.11.2026' }),
      400,
      /^You can not create a regular invoice with the deliveryDate being later than the invoiceDate\./,
    );
    expect((await api.post(SAVE_INVOICE, invoiceBody({ invoiceDate: '10.11.2026', deliveryDate: '10.11.2026' }))).status).toBe(201);
    const advance = await api.post(SAVE_INVOICE, invoiceBody({ invoiceType: 'AR', invoiceDate: '10.11.2026', deliveryDate: '20.11.2026' }));
    expect(advance.status).toBe(201);
    expect(advance.body.objects.invoice.invoiceType).toBe('AR');
  });

  it('does not use up invoice numbers on refused requests', async () => {
    const api = await start();
    await api.post(SAVE_INVOICE, invoiceBody({ status: '200' }));
    await api.post(SAVE_INVOICE, invoiceBody({}, [position({ taxRate: 16 })]));
    expect((await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice.invoiceNumber).toBe('RE-1000');
  });

  it('keeps a given invoice number', async () => {
    const api = await start();
    const res = await api.post(SAVE_INVOICE, invoiceBody({ invoiceNumber: 'RE-2026-77' }));
    expect(res.body.objects.invoice).toMatchObject({ invoiceNumber: 'RE-2026-77', header: 'Rechnung zu Auftrag A-4711' });
    const next = await api.post(SAVE_INVOICE, invoiceBody({ header: undefined }));
    expect(next.body.objects.invoice).toMatchObject({ invoiceNumber: 'RE-1000', header: 'Rechnung Nr. RE-1000' });
  });
});

describe('saveInvoice: sevdesk-Update 2.0 tax rules', () => {
  const withRule = (id: string, rates: (number | string)[], invoice: Record<string, unknown> = {}) =>
    invoiceBody({ taxRule: { id, objectName: 'TaxRule' }, ...invoice }, rates.map((taxRate) => position({ taxRate })));

  it('answers 422 when a position rate does not fit the rule', async () => {
    const api = await start();
    await expectError(
      api,
      withRule('1', [19, 16]),
      422,
      'Tax rate 16 of position 2 is not allowed for tax rule 1 (Umsatzsteuerpflichtige Umsätze). Allowed tax rates: 0, 7, 19',
    );
    await expectError(api, withRule('21', [19]), 422, 'Tax rate 19 of position 1 is not allowed for tax rule 21 (Reverse Charge gem. §18b UStG). Allowed tax rates: 0');
    await expectError(api, withRule('17', [0, 7]), 422, 'Tax rate 7 of position 2 is not allowed for tax rule 17 (Nicht im Inland steuerbare Leistung). Allowed tax rates: 0');
    for (const rule of ['2', '4', '5', '11']) await expectError(api, withRule(rule, [19]), 422, new RegExp(`^Tax rate 19 of position 1 is not allowed for tax rule ${rule} `));
    await expectNothingStored(api);
  });

  it('accepts the rates each rule allows, in any numeric spelling', async () => {
    const api = await start();
    for (const [rule, rates] of [
      ['1', [0, 7, 19, '19.0', '7.00']],
      ['3', [0, 7, 19]],
      ['2', [0]],
      ['4', ['0']],
      ['5', [0.0]],
      ['11', [0]],
      ['17', [0]],
      ['21', [0]],
    ] as const) {
      const res = await api.post(SAVE_INVOICE, withRule(rule, [...rates]));
      expect(res.status, `rule ${rule}`).toBe(201);
    }
  });

  it('checks One-Stop-Shop rules against the destination country', async () => {
    const api = await start();
    const toAustria = { addressCountry: { id: 3, objectName: 'StaticCountry' } };
    expect((await api.post(SAVE_INVOICE, withRule('18', [20, 10], toAustria))).status).toBe(201);
    await expectError(api, withRule('18', [19], toAustria), 422, /^Tax rate 19 of position 1 is not allowed for tax rule 18 .*Allowed tax rates: 20, 13, 10$/);
    await expectError(api, withRule('19', [19]), 422, 'Tax rule 19 (One Stop Shop) needs a delivery country in the EU other than Germany');
    const delivered = { ...toAustria, deliveryAddressCountry: { id: 11, objectName: 'StaticCountry' } };
    expect((await api.post(SAVE_INVOICE, withRule('20', [5.5], delivered))).status).toBe(201);
    await expectError(api, withRule('18', [20], { ...toAustria, propertyIsEInvoice: true }), 422, /can not be used for e-invoices$/);
  });

  it('needs taxRule: legacy taxType or taxSet are refused with 422, nothing at all with 400', async () => {
    const api = await start();
    await expectError(api, invoiceBody({ taxRule: undefined }), 400, 'taxRule is required.');
    await expectError(api, invoiceBody({ taxRule: undefined, taxType: 'default' }), 422, /^taxType 'default' is not accepted without a taxRule in sevdesk-Update 2\.0/);
    await expectError(api, invoiceBody({ taxType: 'custom', taxSet: { id: 5, objectName: 'TaxSet' } }), 422, "taxType 'custom' and taxSet are not supported in sevdesk-Update 2.0; send a taxRule instead");
    await expectError(api, invoiceBody({ taxRule: { id: '9', objectName: 'TaxRule' } }), 422, 'Tax rule 9 is an expense rule and can not be used for invoices');
    await expectError(api, invoiceBody({ taxRule: { id: '77', objectName: 'TaxRule' } }), 422, /^Tax rule 77 does not exist/);
    // Sending taxType next to taxRule (as lacodix's client does) is fine: the rule decides.
    expect((await api.post(SAVE_INVOICE, invoiceBody({ taxType: 'default' }))).status).toBe(201);
  });

  it('allows only rules 1 and 11 and the default currency for advance, partial and final invoices', async () => {
    const api = await start();
    await expectError(api, withRule('17', [0], { invoiceType: 'AR' }), 422, 'Tax rule 17 (Nicht im Inland steuerbare Leistung) can not be used for invoices of type AR; use tax rule 1 or 11');
    await expectError(api, withRule('1', [19], { invoiceType: 'TR', currency: 'CHF' }), 422, "Invoices of type TR must be in the client's default currency EUR, CHF given");
  });

  it('refuses VAT on small-settlement invoices', async () => {
    const api = await start();
    await expectError(api, withRule('1', [19], { smallSettlement: true }), 422, 'Invoices with smallSettlement must not contain any VAT');
  });

  it('uses taxType instead of taxRule on accounts still on bookkeeping 1.0', async () => {
    const api = await start({ bookkeepingVersion: '1.0' });
    const res = await api.post(SAVE_INVOICE, invoiceBody({ taxRule: undefined, taxType: 'default' }, [position({ taxRate: 16 })]));
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice).toMatchObject({ taxType: 'default', taxRule: null });
    await expectError(api, invoiceBody({ taxRule: undefined, taxType: undefined }), 400, 'taxType is required.');
    await expectError(api, invoiceBody({ taxType: 'custom' }), 400, "taxSet is required for taxType 'custom'");
  });
});

describe('reading invoices', () => {
  it('answers an unknown invoice id with 400 "Invoice was not found"', async () => {
    const api = await start();
    for (const path of ['/api/v1/Invoice/98100999', '/api/v1/Invoice/abc', '/api/v1/Invoice/98100999/getPositions', '/api/v1/Invoice/98100999/getPdf?preventSendBy=true']) {
      const res = await api.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body).toEqual({ objects: null, error: { message: 'Invoice was not found', code: 151, exceptionUUID: expect.any(String) } });
    }
  });

  it('filters the invoice list by status, number, contact, reference, dates and type', async () => {
    const api = await start();
    await api.post(SAVE_INVOICE, invoiceBody({ invoiceDate: '01.10.2026', deliveryDate: null, customerInternalNote: 'A-1' }));
    await api.post(SAVE_INVOICE, invoiceBody({ invoiceDate: '15.11.2026', deliveryDate: null, customerInternalNote: 'A-2' }));
    await api.post(
      SAVE_INVOICE,
      invoiceBody({ invoiceDate: '20.11.2026', deliveryDate: null, customerInternalNote: 'A-3', contact: { id: ALPENTRANS_ID, objectName: 'Contact' }, taxRule: { id: '17', objectName: 'TaxRule' } }, [
        position({ taxRate: 0 }),
      ]),
    );
    const numbers = async (query: string) => ((await api.get(`/api/v1/Invoice?${query}`)).body.objects as { invoiceNumber: string }[]).map((i) => i.invoiceNumber);

    expect(await numbers('')).toEqual(['RE-1000', 'RE-1001', 'RE-1002']);
    expect(await numbers('invoiceNumber=RE-1001')).toEqual(['RE-1001']);
    expect(await numbers(`contact[id]=${ALPENTRANS_ID}&contact[objectName]=Contact`)).toEqual(['RE-1002']);
    expect(await numbers('customerInternalNote=A-2')).toEqual(['RE-1001']);
    expect(await numbers('customerIntenalNote=A-3')).toEqual(['RE-1002']);
    // 1 Nov 2026 00:00 Berlin = 1793487600; 16 Nov 2026 00:00 Berlin = 1794783600.
    expect(await numbers('startDate=1793487600')).toEqual(['RE-1001', 'RE-1002']);
    expect(await numbers('startDate=1793487600&endDate=1794783600')).toEqual(['RE-1001']);
    expect(await numbers('status=100&invoiceType=RE')).toEqual(['RE-1000', 'RE-1001', 'RE-1002']);
    expect(await numbers('status=200')).toEqual([]);
    const counted = await api.get('/api/v1/Invoice?limit=1&countAll=true');
    expect(counted.body.total).toBe('3');
    expect(counted.body.objects).toHaveLength(1);
  });
});

describe('getPdf and the status pitfall', () => {
  it('leaves a draft alone with preventSendBy=true and returns a real PDF', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    const res = await api.get(`/api/v1/Invoice/${id}/getPdf?download=true&preventSendBy=true`);
    expect(res.status).toBe(200);
    expect(res.body.objects).toMatchObject({ filename: 'RE-1000.pdf', mimeType: 'application/pdf', base64encoded: true });
    const pdf = Buffer.from(res.body.objects.content, 'base64');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.toString('latin1')).toContain('(Rechnung zu Auftrag A-4711) Tj');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect((await api.get(`/api/v1/Invoice/${id}`)).body.objects[0].status).toBe('100');
  });

  it('moves a draft to status 200 when fetched without preventSendBy', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    expect((await api.get(`/api/v1/Invoice/${id}/getPdf?download=true`)).status).toBe(200);
    const [invoice] = (await api.get(`/api/v1/Invoice/${id}`)).body.objects;
    expect(invoice).toMatchObject({ status: '200', sendType: 'VPDF', sendDate: '2026-11-23T10:00:00+01:00' });
    // An open invoice is no longer a draft that saveInvoice may change.
    const update = await api.post(SAVE_INVOICE, invoiceBody({ id }, []));
    expect(update.status).toBe(400);
    expect(update.body.error.message).toMatch(/^Invoice RE-1000 has status 200; only drafts \(status 100\) can be changed/);
  });
});

describe('status transitions after creation', () => {
  it('marks a draft as sent with sendBy, resets it to draft, and enshrines open invoices', async () => {
    const api = await start();
    const { id } = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects.invoice;
    expect((await api.put(`/api/v1/Invoice/${id}/enshrine`, {})).status).toBe(422);
    const internal = await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VPR', sendDraft: true });
    expect(internal.body.objects.status).toBe('100');
    const sent = await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VM', sendDraft: false });
    expect(sent.status).toBe(200);
    expect(sent.body.objects).toMatchObject({ status: '200', sendType: 'VM' });
    expect((await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'FAX', sendDraft: false })).status).toBe(400);

    expect((await api.put(`/api/v1/Invoice/${id}/resetToDraft`, {})).body.objects.status).toBe('100');
    await api.put(`/api/v1/Invoice/${id}/sendBy`, { sendType: 'VM', sendDraft: false });
    expect((await api.put(`/api/v1/Invoice/${id}/enshrine`, {})).body).toEqual({ objects: null });
    const reset = await api.put(`/api/v1/Invoice/${id}/resetToDraft`, {});
    expect(reset.status).toBe(422);
    expect(reset.body.error.message).toBe('Invoice RE-1000 is enshrined and can not be reset');
  });
});

describe('updating a draft through saveInvoice', () => {
  it('changes fields, updates, deletes and adds positions, and recomputes the sums', async () => {
    const api = await start();
    const created = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects;
    const [first, second] = created.invoicePos as { id: string }[];
    const res = await api.post(SAVE_INVOICE, {
      invoice: { id: created.invoice.id, objectName: 'Invoice', mapAll: true, header: 'Rechnung (korrigiert)' },
      invoicePosSave: [position({ id: first!.id, price: 1000 }), position({ name: 'Maut', price: 80.4, taxRate: 19 })],
      invoicePosDelete: { id: second!.id, objectName: 'InvoicePos' },
    });
    expect(res.status).toBe(201);
    expect(res.body.objects.invoice).toMatchObject({
      id: created.invoice.id,
      invoiceNumber: 'RE-1000',
      header: 'Rechnung (korrigiert)',
      customerInternalNote: 'A-4711',
      sumNet: '1080.4',
      sumTax: '205.28',
      sumGross: '1285.68',
    });
    expect(res.body.objects.invoicePos.map((p: { id: string; name: string }) => p.name)).toEqual(['Transport Hamburg – München', 'Maut']);
    const positions = (await api.get(`/api/v1/Invoice/${created.invoice.id}/getPositions`)).body.objects as { id: string; price: string; positionNumber: string }[];
    expect(positions.map((p) => [p.id === first!.id, p.price, p.positionNumber])).toEqual([
      [true, '1000', '0'],
      [false, '80.4', '1'],
    ]);
  });

  it('checks the tax rule against the kept positions too, and refuses unknown ids', async () => {
    const api = await start();
    const created = (await api.post(SAVE_INVOICE, invoiceBody())).body.objects;
    const update = (body: Record<string, unknown>) => ({ invoice: { id: created.invoice.id, objectName: 'Invoice', mapAll: true, ...body }, invoicePosSave: [] });
    await expectError(api, update({ taxRule: { id: '17', objectName: 'TaxRule' } }), 422, /^Tax rate 19 of position 1 is not allowed for tax rule 17/);
    await expectError(api, { ...update({}), invoicePosDelete: [{ id: 1, objectName: 'InvoicePos' }] }, 400, 'InvoicePos with id 1 was not found');
    await expectError(api, update({ id: 98100555 }), 400, 'Invoice was not found');
    await expectError(
      api,
      { ...update({}), invoicePosDelete: created.invoicePos.map((p: { id: string }) => ({ id: p.id, objectName: 'InvoicePos' })) },
      400,
      'The given document must have at least one position',
    );
  });
});

describe('unsupported parts of saveInvoice say so', () => {
  it('refuses discounts instead of computing wrong sums', async () => {
    const api = await start();
    await expectError(api, invoiceBody({}, undefined, { discountSave: [{ discount: true, text: 'Skonto', percentage: true, value: 2, objectName: 'Discounts', mapAll: true }] }), 400, 'discountSave: invoice discounts are not supported by the sevdesk sandbox emulator');
    await expectError(api, invoiceBody({}, [position({ discount: 10 })]), 400, 'invoicePosSave[0].discount: position discounts are not supported by the sevdesk sandbox emulator');
    expect((await api.post(SAVE_INVOICE, invoiceBody({}, [position({ discount: 0 })], { discountSave: [] }))).status).toBe(201);
  });
});
