import { describe, expect, it } from 'vitest';
import type { OrderReadResult } from '../adapter';
import { detailActionAnchor, detailOrderId, parseDetailPage, summariseDetail } from './detail-page';
import { demoTmsAdapter } from './page-adapter';
import { DETAIL_IDS, detailFile, detailUrl, expectedOrder, fixtureDocument, listUrl } from './fixtures/fixtures';

const read = (doc: Document, id = 'o-0001'): OrderReadResult => parseDetailPage(doc, detailUrl(id));
const detail = (id: string): Document => fixtureDocument(detailFile(id));
/** What would travel to the background: undefined keys vanish, as they do in messaging. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('demo TMS detail pages read to exactly their expected orders', () => {
  it.each(DETAIL_IDS)('%s', (id) => {
    const result = demoTmsAdapter.readDetail(detail(id), detailUrl(id));
    expect(result.ok).toBe(true);
    expect(asJson(result)).toStrictEqual({ ok: true, order: expectedOrder(id) });
  });

  it('reads the country names the page prints as ISO codes (Germany is DE, not the old DD)', () => {
    const result = read(detail('o-0010'), 'o-0010');
    if (!result.ok) throw new Error('o-0010 should read');
    expect(result.order.customer.billingAddress?.countryCode).toBe('DE');
    expect(result.order.stops.map((s) => s.countryCode)).toEqual(['DE', 'FR']);
  });

  it('keeps a multi-drop order in page order with both deliveries (o-0009)', () => {
    const result = read(detail('o-0009'), 'o-0009');
    if (!result.ok) throw new Error('o-0009 should read');
    expect(result.order.stops.map((s) => `${s.type} ${s.city}`)).toEqual(['pickup Hamburg', 'delivery Leipzig', 'delivery Dresden']);
    expect(result.order.podUrl).toBeUndefined();
  });
});

describe('hostile text on detail pages comes through as plain text', () => {
  it('goods that look like an <img onerror> tag (o-0052)', () => {
    const doc = detail('o-0052');
    // The page shows the string as text: there is no image element in the load card.
    expect(doc.querySelector('#section-load img')).toBeNull();
    const result = read(doc, 'o-0052');
    if (!result.ok) throw new Error('o-0052 should read');
    expect(result.order.load.goods).toBe('<img src=x onerror=alert(1)>');
    expect(result.order.customer.name).toBe('Frost & Frische <Kühllogistik> "Nord" GmbH');
  });

  it('a customer reference with quotes, angle brackets and an ampersand (o-0042)', () => {
    const result = read(detail('o-0042'), 'o-0042');
    if (!result.ok) throw new Error('o-0042 should read');
    expect(result.order.customerReference).toBe(`LS 2026/118 "Rohbau" <Los 3> & 'Halle B'`);
    expect(result.order.customer.name).toBe('Müller & Söhne Baustoffe KG');
  });
});

describe('broken detail pages are reported, never half read', () => {
  function expectProblems(result: OrderReadResult, problems: unknown[]) {
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('order');
    expect(result).toMatchObject({ id: 'o-0001', number: 'A-2026-0412' });
    if (!result.ok) expect(result.problems).toEqual(problems);
  }

  const priceText = (doc: Document, value: string) => {
    doc.querySelector('#section-price .price-amount')!.textContent = value;
  };

  it('no price on the page → price-missing', () => {
    const doc = detail('o-0001');
    doc.querySelector('#section-price .price-amount')!.remove();
    expectProblems(read(doc), [{ code: 'price-missing' }]);
  });

  it('an empty price → price-missing', () => {
    const doc = detail('o-0001');
    priceText(doc, '  ');
    expectProblems(read(doc), [{ code: 'price-missing' }]);
  });

  it('a currency nobody knows ("1.250,00 XYZ") → currency-unknown', () => {
    const doc = detail('o-0001');
    priceText(doc, '1.250,00\u00a0XYZ');
    expectProblems(read(doc), [{ code: 'currency-unknown' }]);
  });

  it('a price without any currency → currency-unknown', () => {
    const doc = detail('o-0001');
    priceText(doc, '1.250,00');
    expectProblems(read(doc), [{ code: 'currency-unknown' }]);
  });

  it('English number format ("1,250.00 €") → price-unreadable, not 1,25 €', () => {
    const doc = detail('o-0001');
    priceText(doc, '1,250.00\u00a0€');
    expectProblems(read(doc), [{ code: 'price-unreadable' }]);
  });

  it('more decimals than the currency has → price-unreadable', () => {
    const doc = detail('o-0001');
    priceText(doc, '1.250,005\u00a0€');
    expectProblems(read(doc), [{ code: 'price-unreadable' }]);
  });

  it('no delivery stop (pickup only) → delivery-missing', () => {
    const doc = detail('o-0001');
    for (const li of doc.querySelectorAll('ol.stops > li.stop-delivery')) li.remove();
    expect(doc.querySelectorAll('ol.stops > li')).toHaveLength(1);
    expectProblems(read(doc), [{ code: 'delivery-missing' }]);
  });

  it('no stops at all → stops-missing', () => {
    const doc = detail('o-0001');
    for (const li of doc.querySelectorAll('ol.stops > li')) li.remove();
    const result = read(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.code)).toContain('stops-missing');
  });

  it('a date that is no date (no datetime attribute, text "32.11.2026") → date-invalid on that stop', () => {
    const doc = detail('o-0001');
    const time = doc.querySelectorAll('ol.stops > li time.stop-date')[1]!;
    time.removeAttribute('datetime');
    time.textContent = '32.11.2026';
    expectProblems(read(doc), [{ code: 'date-invalid', field: 'stopDate' }]);
  });

  it('an impossible datetime attribute ("2026-02-30") → date-invalid', () => {
    const doc = detail('o-0001');
    doc.querySelector('ol.stops > li time.stop-date')!.setAttribute('datetime', '2026-02-30');
    expectProblems(read(doc), [{ code: 'date-invalid', field: 'stopDate' }]);
  });

  it('a German date text is read when the datetime attribute is missing', () => {
    const doc = detail('o-0001');
    doc.querySelector('ol.stops > li time.stop-date')!.removeAttribute('datetime');
    const result = read(doc);
    if (!result.ok) throw new Error(`should read: ${JSON.stringify(result.problems)}`);
    expect(result.order.stops[0]!.date).toBe('2026-11-10');
  });

  it('no customer name → the customer name is missing (not the customer)', () => {
    const doc = detail('o-0001');
    const nameRow = [...doc.querySelectorAll('#section-customer dt')].find((dt) => dt.textContent === 'Name')!;
    nameRow.parentElement!.remove();
    expectProblems(read(doc), [{ code: 'field-missing', field: 'customerName' }]);
  });

  it('a stop country the adapter cannot map → field-invalid on that stop', () => {
    const doc = detail('o-0001');
    doc.querySelector('ol.stops > li .stop-country')!.textContent = 'Atlantis';
    expectProblems(read(doc), [{ code: 'field-invalid', field: 'stopAddress' }]);
  });

  it('collects several problems at once', () => {
    const doc = detail('o-0001');
    doc.querySelector('#section-price .price-amount')!.remove();
    for (const li of doc.querySelectorAll('ol.stops > li.stop-delivery')) li.remove();
    expectProblems(read(doc), [{ code: 'price-missing' }, { code: 'delivery-missing' }]);
  });
});

describe('detail page helpers', () => {
  it('takes the order id from the URL, decoded', () => {
    expect(detailOrderId(new URL('http://127.0.0.1:4410/orders/o-0001'))).toBe('o-0001');
    expect(detailOrderId(new URL('http://127.0.0.1:4410/orders/o%2D0001/'))).toBe('o-0001');
    expect(detailOrderId(new URL('http://127.0.0.1:4410/orders/%E0%A4%A'))).toBeNull();
    expect(detailOrderId(new URL('http://127.0.0.1:4410/orders'))).toBeNull();
    expect(detailOrderId(new URL('http://127.0.0.1:4410/orders/o-0001/events'))).toBeNull();
  });

  it('summarises the order shown for the action bar', () => {
    expect(summariseDetail(detail('o-0001'), detailUrl('o-0001'))).toEqual({
      id: 'o-0001',
      number: 'A-2026-0412',
      customerName: 'Spedition Nordlicht GmbH',
      price: { minor: 125000, currency: 'EUR' },
      status: 'delivered',
    });
    expect(summariseDetail(detail('o-0022'), detailUrl('o-0022'))).toEqual({
      id: 'o-0022',
      number: 'A-2026-0433',
      customerName: 'Alpentrans AG',
      price: { minor: 98050, currency: 'CHF' },
      status: 'delivered',
    });
    expect(summariseDetail(detail('o-0010'), detailUrl('o-0010'))?.status).toBe('invoice_created');
  });

  it('summarises an unreadable price as null instead of failing', () => {
    const doc = detail('o-0001');
    doc.querySelector('#section-price .price-amount')!.textContent = 'auf Anfrage';
    expect(summariseDetail(doc, detailUrl('o-0001'))?.price).toBeNull();
  });

  it('puts the actions first into the page actions', () => {
    const doc = detail('o-0001');
    const anchor = detailActionAnchor(doc);
    expect(anchor?.append).toBe('first');
    expect(anchor?.element).toBe(doc.querySelector('.page-header .page-actions'));
  });

  it('knows a detail page by URL and content, and nothing else as one', () => {
    const doc = detail('o-0001');
    expect(demoTmsAdapter.recognises(doc, detailUrl('o-0001'))).toBe(true);
    expect(demoTmsAdapter.pageKind(doc, detailUrl('o-0001'))).toBe('detail');
    expect(demoTmsAdapter.detailOrderId(doc, detailUrl('o-0001'))).toBe('o-0001');
    // The same document under the list URL is no list (it has no order table).
    expect(demoTmsAdapter.pageKind(doc, listUrl())).toBeNull();
    // While the SPA is still loading, main has no sections yet.
    doc.querySelector('#section-customer')!.remove();
    expect(demoTmsAdapter.pageKind(doc, detailUrl('o-0001'))).toBeNull();
    expect(summariseDetail(doc, detailUrl('o-0001'))).toBeNull();
  });
});
