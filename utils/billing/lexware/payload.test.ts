import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compose } from '../../domain/compose';
import type { Order } from '../../domain/order';
import { defaultInvoiceSettings, makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import { expectGolden } from '@/tests/support/golden';
import { contactPayload, invoicePayload } from './payload';
import { berlinOffset, toLexwareDateTime } from './datetime';

const fixture = (name: string) => path.join(__dirname, 'fixtures', `${name}.json`);
const contact = { id: '0f4e0b7a-1a0c-4a7e-9c5e-4d3f7a0e1b11', name: 'Spedition Nordlicht GmbH' };

function order(n: number, overrides: Partial<Order> = {}): Order {
  return makeOrder({
    id: `o-${n}`,
    number: `A-2026-04${n}`,
    customerReference: `PO-77${n}`,
    podUrl: `${TMS_ORIGIN}/documents/pod-A-2026-04${n}.pdf`,
    ...overrides,
  });
}

function draftFor(orders: Order[], extra: Partial<Parameters<typeof compose>[0]> = {}) {
  return compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: defaultInvoiceSettings,
    contact,
    today: '2026-11-23',
    ...extra,
  }).draft!;
}

describe('Lexware datetimes', () => {
  it('writes days as midnight in Germany with three millisecond digits and the offset', () => {
    expect(toLexwareDateTime('2026-11-23')).toBe('2026-11-23T00:00:00.000+01:00');
    expect(toLexwareDateTime('2026-07-01')).toBe('2026-07-01T00:00:00.000+02:00');
    expect(berlinOffset('2026-03-29')).toBe('+01:00'); // the switch to summer time happens at 02:00
    expect(berlinOffset('2026-10-25')).toBe('+02:00'); // the switch back happens at 03:00
    expect(toLexwareDateTime('2026-11-23')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
  });
});

describe('Lexware invoice payloads (golden)', () => {
  it('single domestic invoice: one custom line item, net, service date', () => {
    const payload = invoicePayload(draftFor([order(12, { price: { minor: 123457, currency: 'EUR' } })]));
    expectGolden(payload, fixture('invoice-single-domestic'));
    expect(payload.shippingConditions).toEqual({ shippingType: 'service', shippingDate: '2026-11-11T00:00:00.000+01:00' });
  });

  it('collective invoice: one line item per order and a service period', () => {
    const orders = [10, 11, 12].map((n, i) =>
      order(n, {
        price: { minor: 100000 + i * 1001, currency: 'EUR' },
        stops: [
          { type: 'pickup', name: 'Werk Nord', city: 'Hamburg', zip: '20457', countryCode: 'DE', date: `2026-11-0${i + 2}` },
          { type: 'delivery', name: 'Lager Süd', city: 'München', zip: '80939', countryCode: 'DE', date: `2026-11-0${i + 3}` },
        ],
      }),
    );
    const payload = invoicePayload(draftFor(orders, { settings: { ...defaultInvoiceSettings, paymentTermDays: 14 } }));
    expectGolden(payload, fixture('invoice-collective-period'));
    expect((payload.lineItems as unknown[]).length).toBe(3);
    expect(payload.paymentConditions).toEqual({ paymentTermLabel: 'Zahlbar innerhalb von 14 Tagen ohne Abzug', paymentTermDuration: 14 });
  });

  it('intra-EU reverse charge: externalService13b with 0 % and the required note', () => {
    const dutch = { ...nordlicht, id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { street: 'Waalhaven Oostzijde 1', zip: '3087 BM', city: 'Rotterdam', countryCode: 'NL' } };
    const payload = invoicePayload(draftFor([order(20, { customer: dutch })]));
    expectGolden(payload, fixture('invoice-reverse-charge'));
    // The legal note goes where Lexware prints the tax-free reason, not twice into the remark.
    expect(payload.taxConditions).toEqual({ taxType: 'externalService13b', taxTypeNote: 'Steuerschuldnerschaft des Leistungsempfängers. USt-IdNr. des Leistungsempfängers: NL853746218B01' });
    expect(payload.remark).toBe('Vielen Dank für Ihren Auftrag.');
  });

  it('third country: thirdPartyCountryService with 0 %', () => {
    const payload = invoicePayload(draftFor([order(21)], { taxCase: 'thirdCountry' }));
    expect(payload.taxConditions).toEqual({ taxType: 'thirdPartyCountryService', taxTypeNote: 'Nicht im Inland steuerbare Leistung (§ 3a Abs. 2 UStG).' });
    expect((payload.lineItems as Array<{ unitPrice: { taxRatePercentage: number } }>)[0]!.unitPrice.taxRatePercentage).toBe(0);
  });

  it('§ 4 Nr. 3 export transport for a German customer: vatfree with the exemption note', () => {
    const exportOrder = order(22, {
      stops: [
        { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: '2026-11-10' },
        { type: 'delivery', city: 'Basel', countryCode: 'CH', date: '2026-11-11' },
      ],
    });
    const payload = invoicePayload(draftFor([exportOrder]));
    expect(payload.taxConditions).toEqual({ taxType: 'vatfree', taxTypeNote: 'Steuerfreie Leistung gem. § 4 Nr. 3 Buchst. a UStG (grenzüberschreitende Güterbeförderung).' });
    expect((payload.lineItems as Array<{ unitPrice: { taxRatePercentage: number } }>)[0]!.unitPrice.taxRatePercentage).toBe(0);
  });

  it('XRechnung: the public customer\'s Leitweg-ID goes out as xRechnung.buyerReference, and only then', () => {
    const draft = draftFor([order(24)]);
    expect(invoicePayload(draft, { buyerReference: '04011000-1234512345-06' }).xRechnung).toEqual({ buyerReference: '04011000-1234512345-06' });
    expect(invoicePayload(draft)).not.toHaveProperty('xRechnung');
  });

  it('refuses a draft without a tax case instead of guessing one', () => {
    const draft = { ...draftFor([order(23)]), taxCase: null };
    expect(() => invoicePayload(draft)).toThrow(/no tax case/);
  });

  it('finalize is not part of the body (it is the query parameter `finalize`)', () => {
    const payload = invoicePayload({ ...draftFor([order(22)]), finalize: true });
    expect(payload).not.toHaveProperty('finalize');
    expect(payload).not.toHaveProperty('finalized');
  });

  it('a new contact from the TMS customer: company, billing address, VAT ID, e-mail', () => {
    expectGolden(contactPayload(nordlicht), fixture('contact-company'));
  });
});
