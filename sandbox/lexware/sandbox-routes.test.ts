import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

describe('injected faults', () => {
  it('answer with Lexware bodies: 500 {message:null}, 504 gateway timeout, 429 as the rate limit', async () => {
    lx = await startLexware();
    await lx.sandbox('faults', [
      { status: 500, match: { path: '/v1/profile' } },
      { status: 504, match: { path: '/v1/profile' } },
      { status: 429, match: { path: '/v1/profile' } },
    ]);
    const e500 = await lx.api('GET', '/v1/profile');
    expect([e500.status, e500.body]).toEqual([500, { message: null }]);
    const e504 = await lx.api('GET', '/v1/profile');
    expect([e504.status, e504.body]).toEqual([504, { message: 'Endpoint request timed out' }]);
    const e429 = await lx.api('GET', '/v1/profile');
    expect([e429.status, e429.body]).toEqual([429, { message: 'Too Many Requests' }]);
    expect((await lx.api('GET', '/v1/profile')).status).toBe(200);
  });

  it('use the regular error format for other statuses', async () => {
    lx = await startLexware();
    await lx.sandbox('faults', { status: 503, match: { method: 'POST', path: '/v1/invoices' } });
    const r = await lx.api('POST', '/v1/invoices', validInvoice());
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 503, error: 'Service Unavailable', path: '/v1/invoices', message: 'Service Unavailable' });
    expect(r.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$/);
    expect((await lx.sandbox('invoices')).body).toEqual([]);
  });

  it('time out with the gateway 504, and can store before failing (the 504 pitfall)', async () => {
    lx = await startLexware();
    await lx.sandbox('faults', { kind: 'timeout', delayMs: 20, afterHandling: true, match: { path: '/v1/invoices' } });
    const r = await lx.api('POST', '/v1/invoices', validInvoice());
    expect([r.status, r.body]).toEqual([504, { message: 'Endpoint request timed out' }]);
    expect((await lx.sandbox('invoices')).body).toHaveLength(1);
  });
});

describe('inspection and reset', () => {
  it('exposes all contacts and invoices in full', async () => {
    lx = await startLexware();
    const contacts = (await lx.sandbox('contacts')).body;
    expect(contacts.map((c: { company: { name: string } }) => c.company.name)).toEqual([
      'Spedition Nordlicht GmbH',
      'Bayern Logistik AG',
      'Rheinfracht GmbH & Co. KG',
      'Holland Cargo B.V.',
      'Nordlicht Reisen GmbH',
      'Bayern Logistik Service GmbH',
      'Tankhof Elbe GmbH',
    ]);
    expect(contacts.map((c: { id: string }) => c.id)).toEqual(Object.values(SEEDED_CONTACT_IDS));
    expect(contacts[3]).toMatchObject({ company: { vatRegistrationId: 'NL853746218B01', allowTaxFreeInvoices: true }, roles: { customer: { number: 10006 } } });
    expect(contacts[6].roles).toEqual({ vendor: { number: 70001 } });

    await lx.api('POST', '/v1/invoices?finalize=true', validInvoice());
    const invoices = (await lx.sandbox('invoices')).body;
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ voucherNumber: 'RE0001', totalPrice: { totalGrossAmount: 1621.38 }, lineItems: [{}, {}, { type: 'text' }] });
  });

  it('recreates the seed, empties the stores and restarts the numbering', async () => {
    lx = await startLexware();
    await lx.api('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, company: { name: 'Alpentrans AG' } });
    await lx.api('PUT', `/v1/contacts/${SEEDED_CONTACT_IDS.nordlicht}`, { version: 1, roles: { customer: {} }, company: { name: 'Umbenannt GmbH' } });
    await lx.api('POST', '/v1/invoices?finalize=true', validInvoice());
    await lx.sandbox('config', { contactSyncDelayMs: 9999 });

    expect((await lx.raw('POST', '/__sandbox/reset')).status).toBe(200);
    const contacts = (await lx.sandbox('contacts')).body;
    expect(contacts).toHaveLength(7);
    expect(contacts[0]).toMatchObject({ company: { name: 'Spedition Nordlicht GmbH' }, version: 1 });
    expect((await lx.sandbox('invoices')).body).toEqual([]);
    expect((await lx.sandbox('config')).body.contactSyncDelayMs).toBe(0);
    const again = await lx.api('POST', '/v1/invoices?finalize=true', validInvoice());
    expect((await lx.api('GET', `/v1/invoices/${again.body.id}`)).body.voucherNumber).toBe('RE0001');
    const next = await lx.api('POST', '/v1/contacts', { version: 0, roles: { customer: {} }, company: { name: 'Alpentrans AG' } });
    expect((await lx.api('GET', `/v1/contacts/${next.body.id}`)).body.roles.customer.number).toBe(10013);
  });

  it('logs API requests for the test that drives a client', async () => {
    lx = await startLexware();
    await lx.api('GET', '/v1/contacts?name=Rheinfracht%20GmbH%20%26amp%3B%20Co');
    const log = (await lx.sandbox('requests')).body;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ method: 'GET', path: '/v1/contacts', query: { name: 'Rheinfracht GmbH &amp; Co' } });
  });
});
