import { afterEach, describe, expect, it } from 'vitest';
import { SEEDED_CONTACT_IDS } from './seed';
import { FakeClock, startLexware, validInvoice, type TestLexware } from './test-support';

let lx: TestLexware | undefined;
afterEach(async () => {
  await lx?.close();
  lx = undefined;
});

const DAY = 86_400_000;

/** Three invoices on three days: a draft for Nordlicht, RE0001 for Bayern, RE0002 one-time. */
async function seedInvoices(clock: FakeClock): Promise<{ draft: string; first: string; second: string }> {
  const post = async (body: unknown, query = '') => {
    const r = await lx!.api('POST', `/v1/invoices${query}`, body);
    expect(r.status, r.text).toBe(201);
    return r.body.id as string;
  };
  const draft = await post(validInvoice({ voucherDate: '2026-11-02T00:00:00.000+01:00' }));
  clock.advance(DAY);
  const first = await post(validInvoice({ voucherDate: '2026-11-09T23:30:00.000Z', address: { contactId: SEEDED_CONTACT_IDS.bayernLogistik } }), '?finalize=true');
  clock.advance(DAY);
  const second = await post(
    validInvoice({ voucherDate: '2026-11-12T10:00:00.000+01:00', address: { name: 'Spedition Beispiel GmbH', countryCode: 'DE' }, paymentConditions: { paymentTermLabel: 'sofort', paymentTermDuration: 0 } }),
    '?finalize=true',
  );
  return { draft, first, second };
}

async function ids(query: string): Promise<string[]> {
  const r = await lx!.api('GET', `/v1/voucherlist?${query}`);
  expect(r.status, `${query}: ${r.text}`).toBe(200);
  return r.body.content.map((v: { id: string }) => v.id);
}

describe('GET /v1/voucherlist', () => {
  it('requires voucherType and voucherStatus (400, regular format)', async () => {
    lx = await startLexware();
    for (const [query, name] of [
      ['voucherStatus=open', 'voucherType'],
      ['voucherType=invoice', 'voucherStatus'],
      ['voucherType=&voucherStatus=open', 'voucherType'],
    ]) {
      const r = await lx.api('GET', `/v1/voucherlist?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body).toMatchObject({ status: 400, error: 'Bad Request', path: '/v1/voucherlist', message: `Required request parameter '${name}' is not present` });
      expect(r.body.traceId).toMatch(/^[0-9a-f]{12}$/);
    }
  });

  it('refuses unknown values, overdue combined with other statuses, bad dates, sizes and sorts', async () => {
    lx = await startLexware();
    for (const query of [
      'voucherType=rechnung&voucherStatus=open',
      'voucherType=invoice&voucherStatus=open,unpaid',
      'voucherType=invoice&voucherStatus=open,overdue',
      'voucherType=invoice&voucherStatus=any&voucherDateFrom=10.11.2026',
      'voucherType=invoice&voucherStatus=any&createdDateTo=2026-13-01',
      'voucherType=invoice&voucherStatus=any&size=251',
      'voucherType=invoice&voucherStatus=any&sort=amount,ASC',
      'voucherType=invoice&voucherStatus=any&archived=maybe',
    ]) {
      const r = await lx.api('GET', `/v1/voucherlist?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body).toMatchObject({ status: 400, path: '/v1/voucherlist', message: expect.any(String) });
    }
  });

  it('lists invoices as voucherType invoice with the documented item shape', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const { draft, first } = await seedInvoices(clock);
    const r = await lx.api('GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=any');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ totalElements: 3, totalPages: 1, size: 25, number: 0, sort: [{ property: 'voucherDate', direction: 'DESC' }] });
    const byId = Object.fromEntries(r.body.content.map((v: { id: string }) => [v.id, v]));
    expect(byId[first]).toEqual({
      id: first,
      voucherType: 'invoice',
      voucherStatus: 'open',
      voucherNumber: 'RE0001',
      voucherDate: '2026-11-10T00:30:00.000+01:00',
      createdDate: '2026-11-11T10:00:00.000+01:00',
      updatedDate: '2026-11-11T10:00:00.000+01:00',
      dueDate: '2026-11-24T00:00:00.000+01:00',
      contactId: SEEDED_CONTACT_IDS.bayernLogistik,
      contactName: 'Bayern Logistik AG',
      totalAmount: 1621.38,
      openAmount: 1621.38,
      currency: 'EUR',
      archived: false,
    });
    expect(byId[draft]).toMatchObject({ voucherStatus: 'draft', voucherNumber: null, openAmount: null, contactName: 'Spedition Nordlicht GmbH' });
    expect(await ids('voucherType=any&voucherStatus=any')).toHaveLength(3);
    expect(await ids('voucherType=salesinvoice,quotation&voucherStatus=any')).toEqual([]);
  });

  it('filters by status, contact, voucher number and archived', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const { draft, first, second } = await seedInvoices(clock);
    expect(await ids('voucherType=invoice&voucherStatus=draft')).toEqual([draft]);
    expect(await ids('voucherType=invoice&voucherStatus=open')).toEqual([second, first]);
    expect(await ids('voucherType=invoice&voucherStatus=draft,open&sort=voucherDate,ASC')).toEqual([draft, first, second]);
    expect(await ids(`voucherType=invoice&voucherStatus=any&contactId=${SEEDED_CONTACT_IDS.bayernLogistik}`)).toEqual([first]);
    expect(await ids('voucherType=invoice&voucherStatus=any&voucherNumber=RE0002')).toEqual([second]);
    expect(await ids('voucherType=invoice&voucherStatus=any&voucherNumber=RE000')).toEqual([]);
    expect(await ids('voucherType=invoice&voucherStatus=any&archived=false')).toHaveLength(3);
    expect(await ids('voucherType=invoice&voucherStatus=any&archived=true')).toEqual([]);
    expect(await ids('voucherType=invoice&voucherStatus=paid,voided')).toEqual([]);
  });

  it('filters voucher and created dates by whole Berlin days', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const { draft, first, second } = await seedInvoices(clock);
    // RE0001's voucherDate is 2026-11-09T23:30Z, i.e. 10 November in Berlin.
    expect(await ids('voucherType=invoice&voucherStatus=any&voucherDateFrom=2026-11-10&voucherDateTo=2026-11-10')).toEqual([first]);
    expect(await ids('voucherType=invoice&voucherStatus=any&voucherDateTo=2026-11-09')).toEqual([draft]);
    expect(await ids('voucherType=invoice&voucherStatus=any&voucherDateFrom=2026-11-11')).toEqual([second]);
    expect(await ids('voucherType=invoice&voucherStatus=any&createdDateFrom=2026-11-11&createdDateTo=2026-11-11')).toEqual([first]);
    expect(await ids('voucherType=invoice&voucherStatus=any&createdDateFrom=2026-11-12&sort=createdDate,ASC')).toEqual([second]);
    expect(await ids('voucherType=invoice&voucherStatus=any&updatedDateTo=2026-11-10')).toEqual([draft]);
  });

  it('treats overdue as open invoices past their due date', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const { second } = await seedInvoices(clock);
    expect(await ids('voucherType=invoice&voucherStatus=overdue')).toEqual([]);
    clock.advance(3 * DAY);
    // RE0002 was due on 12 November (immediately); RE0001 is due on 24 November.
    expect(await ids('voucherType=invoice&voucherStatus=overdue')).toEqual([second]);
  });

  it('pages and sorts by voucher number, drafts last', async () => {
    const clock = new FakeClock();
    lx = await startLexware({ now: clock.now });
    const { draft, first, second } = await seedInvoices(clock);
    expect(await ids('voucherType=invoice&voucherStatus=any&sort=voucherNumber,ASC')).toEqual([first, second, draft]);
    expect(await ids('voucherType=invoice&voucherStatus=any&sort=voucherNumber,DESC')).toEqual([second, first, draft]);
    const page = await lx.api('GET', '/v1/voucherlist?voucherType=invoice&voucherStatus=any&sort=voucherNumber,ASC&size=2&page=1');
    expect(page.body).toMatchObject({ totalElements: 3, totalPages: 2, numberOfElements: 1, number: 1, size: 2, first: false, last: true });
    expect(page.body.content.map((v: { id: string }) => v.id)).toEqual([draft]);
  });
});
