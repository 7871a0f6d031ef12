import path from 'node:path';
import { DEFAULT_TAX_MAPPING } from '../../domain/tax-mapping';
import { describe, expect, it } from 'vitest';
import { defaultInvoiceSettings, nordlicht } from '@/tests/support/orders';
import { expectGolden } from '@/tests/support/golden';
import { BillingError } from '../errors';
import { berlinMidnightSeconds, sevdeskDate, sevdeskDay } from './dates';
import { addressPayload, contactPayload, emailPayload, htmlText, invoicePayload, orderReference, sevdeskRefusal } from './payload';
import { unityFor } from './lookups';
import { eInvoiceFields } from './e-invoice';
import { findTaxRule, taxText } from './tax-rules';
import { alpentrans, alpentransChfOrders, CONTACTS, draftFor, frostFrische, LOOKUPS, order, polex } from './test-support';

const fixture = (name: string) => path.join(__dirname, 'fixtures', `${name}.json`);

type Body = { invoice: Record<string, unknown>; invoicePosSave: Array<Record<string, unknown>> };
const body = (value: Record<string, unknown>) => value as unknown as Body;

describe('sevdesk dates', () => {
  it('writes days as dd.mm.yyyy and integer timestamps as Berlin midnight', () => {
    expect(sevdeskDate('2026-11-03')).toBe('03.11.2026');
    expect(berlinMidnightSeconds('2026-11-05')).toBe(Date.UTC(2026, 10, 4, 23) / 1000);
    expect(berlinMidnightSeconds('2026-07-01')).toBe(Date.UTC(2026, 5, 30, 22) / 1000);
    expect(berlinMidnightSeconds('2026-03-29')).toBe(Date.UTC(2026, 2, 28, 23) / 1000); // switch at 02:00
  });

  it('reads days back from ISO datetimes, dd.mm.yyyy and Unix seconds', () => {
    expect(sevdeskDay('2026-11-23T00:00:00+01:00')).toBe('2026-11-23');
    expect(sevdeskDay('23.11.2026')).toBe('2026-11-23');
    expect(sevdeskDay(String(berlinMidnightSeconds('2026-11-23')))).toBe('2026-11-23');
    expect(sevdeskDay('tomorrow')).toBeNull();
  });
});

describe('sevdesk invoice payloads (golden)', () => {
  it('domestic EUR single: rule 1, 19 % per position, one service day', () => {
    const draft = draftFor([order(701, { price: { minor: 123457, currency: 'EUR' } })], CONTACTS.nordlicht);
    const payload = body(invoicePayload(draft, LOOKUPS));
    expectGolden(payload, fixture('invoice-domestic-eur'));
    expect(payload.invoice.taxRule).toEqual({ id: '1', objectName: 'TaxRule' });
    expect(payload.invoice.taxText).toBe('Umsatzsteuer 19%');
    expect(payload.invoice).not.toHaveProperty('deliveryDateUntil');
    expect(payload.invoice).not.toHaveProperty('taxType');
    expect(payload.invoice).not.toHaveProperty('taxSet');
    expect(payload.invoicePosSave[0]).toMatchObject({ positionNumber: 0, price: 1234.57, quantity: 1, taxRate: 19, unity: { id: 8305, objectName: 'Unity' } });
  });

  it('domestic e-invoice: the flag, the payment method and the address parts next to the address text', () => {
    const draft = draftFor([order(705)], CONTACTS.nordlicht, { settings: { ...defaultInvoiceSettings, unitName: 'Pauschale', paymentTermDays: 14 } });
    const payload = body(invoicePayload(draft, LOOKUPS, eInvoiceFields(draft, '21919')));
    expectGolden(payload, fixture('invoice-e-invoice'));
    expect(payload.invoice).toMatchObject({
      propertyIsEInvoice: true,
      paymentMethod: { id: 21919, objectName: 'PaymentMethod' },
      addressName: 'Spedition Nordlicht GmbH',
      addressStreet: 'Hafenstraße 12',
      addressZip: '20457',
      addressCity: 'Hamburg',
      address: 'Spedition Nordlicht GmbH\nHafenstraße 12\n20457 Hamburg',
    });
  });

  it('CHF collective: three positions, the service period, payment term, Swiss address', () => {
    const draft = draftFor(alpentransChfOrders(702), CONTACTS.alpentrans, { settings: { ...defaultInvoiceSettings, paymentTermDays: 30 } });
    const payload = body(invoicePayload(draft, LOOKUPS));
    expectGolden(payload, fixture('invoice-collective-chf'));
    expect(payload.invoice).toMatchObject({
      currency: 'CHF',
      deliveryDate: '03.11.2026',
      deliveryDateUntil: berlinMidnightSeconds('2026-11-05'),
      timeToPay: 30,
      addressCountry: { id: 2, objectName: 'StaticCountry' },
      taxRule: { id: '17', objectName: 'TaxRule' },
    });
    expect(payload.invoicePosSave.map((p) => [p.positionNumber, p.price, p.taxRate])).toEqual([
      [0, 980.5, 0],
      [1, 1120, 0],
      [2, 745.35, 0],
    ]);
  });

  it('intra-EU reverse charge: rule 21 (§18b), 0 %, the VAT ID in the foot text', () => {
    const draft = draftFor([order(705, { customer: polex, price: { minor: 245000, currency: 'EUR' } })], CONTACTS.polex);
    const payload = body(invoicePayload(draft, LOOKUPS));
    expectGolden(payload, fixture('invoice-reverse-charge'));
    expect(draft.taxCase).toBe('intraEuReverseCharge');
    expect(payload.invoice.taxRule).toEqual({ id: '21', objectName: 'TaxRule' });
    expect(payload.invoice.footText).toContain('PL5260001246');
    expect(payload.invoicePosSave[0]!.taxRate).toBe(0);
  });

  it('third country: rule 17, 0 %', () => {
    const draft = draftFor([order(706, { customer: alpentrans, price: { minor: 189000, currency: 'EUR' } })], CONTACTS.alpentrans);
    const payload = body(invoicePayload(draft, LOOKUPS));
    expectGolden(payload, fixture('invoice-third-country'));
    expect(payload.invoice.taxRule).toEqual({ id: '17', objectName: 'TaxRule' });
    expect(payload.invoice.taxText).toBe('Nicht im Inland steuerbare Leistung');
  });

  it('a new contact: organisation, billing address, e-mail address', () => {
    expectGolden(
      {
        contact: contactPayload(nordlicht),
        address: addressPayload('74100301', nordlicht.name, nordlicht.billingAddress!, LOOKUPS),
        communicationWay: emailPayload('74100301', nordlicht.email!, LOOKUPS),
      },
      fixture('contact-company'),
    );
  });
});

describe('sevdesk invoice details', () => {
  it('escapes page text in headText and footText, keeping line breaks', () => {
    expect(htmlText('a < b & c > d\n\nnext')).toBe('a &lt; b &amp; c &gt; d<br><br>next');
    const draft = draftFor([order(710, { customer: frostFrische })], { id: '74100240', name: frostFrische.name }, {
      settings: { ...defaultInvoiceSettings, templates: { title: '', introduction: 'Für {customerName}: <script>alert(1)</script>', remark: '' } },
    });
    const payload = body(invoicePayload(draft, LOOKUPS));
    expect(payload.invoice.headText).toBe('Für Frost &amp; Frische &lt;Kühllogistik&gt; "Nord" GmbH: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(String(payload.invoice.footText)).not.toMatch(/<(?!br>)/);
    // The address is plain text, not markup.
    expect(payload.invoice.address).toBe('Frost & Frische <Kühllogistik> "Nord" GmbH\nAm Fischereihafen 5\n27572 Bremerhaven');
  });

  it('lets sevdesk fill the address from the contact when the TMS has none', () => {
    const noAddress = { ...nordlicht, billingAddress: undefined };
    // Without a country the case can't be classified: the user chose it for the customer.
    const payload = invoicePayload(draftFor([order(711, { customer: noAddress })], CONTACTS.nordlicht, { taxCase: 'domestic' }), LOOKUPS);
    expect(payload.takeDefaultAddress).toBe(true);
    expect(body(payload).invoice).not.toHaveProperty('address');
    expect(body(payload).invoice).not.toHaveProperty('addressCountry');
  });

  it('puts the order numbers into customerInternalNote, shortened at a whole number', () => {
    const draft = draftFor([order(712, { number: 'A-1' }), order(713, { number: 'A-2' })], CONTACTS.nordlicht);
    expect(body(invoicePayload(draft, LOOKUPS)).invoice.customerInternalNote).toBe('A-1, A-2');
    const many = { positions: Array.from({ length: 40 }, (_, i) => ({ orderNumber: `A-2026-${String(i).padStart(4, '0')}` })) };
    const text = orderReference(many as Parameters<typeof orderReference>[0]);
    expect(text.length).toBeLessThanOrEqual(255);
    expect(text).toMatch(/^A-2026-0000, A-2026-0001, .*A-2026-\d{4}, …$/);
  });

  it('resolves the unit by name, then Pauschale, then Stk; never a hard-coded id', () => {
    expect(unityFor(LOOKUPS, 'Transport')).toBe('8305');
    expect(unityFor(LOOKUPS, 'std.')).toBe('8307');
    expect(unityFor({ ...LOOKUPS, unities: LOOKUPS.unities.filter((u) => u.translationCode !== 'UNITY_BLANKET') }, 'Transport')).toBe('8301');
    expect(() => unityFor({ ...LOOKUPS, unities: [] }, 'Transport')).toThrow(BillingError);
  });

  it('finds tax rules by code, then by name', () => {
    expect(findTaxRule(LOOKUPS.taxRules, 21)?.id).toBe('21');
    const renamed = [{ id: '77', code: null, name: 'Reverse Charge gem. § 18b UStG' }, { id: '5', code: null, name: 'Reverse Charge gem. §13b UStG' }];
    expect(findTaxRule(renamed, 21)?.id).toBe('77');
    expect(() => invoicePayload(draftFor([order(714, { customer: polex })], CONTACTS.polex), { ...LOOKUPS, taxRules: renamed.slice(1) })).toThrow(/no tax rule/);
  });

  it('names the rate in the tax text only when all positions share it', () => {
    const draft = draftFor([order(715), order(716)], CONTACTS.nordlicht);
    expect(taxText(draft)).toBe('Umsatzsteuer 19%');
    const mixed = { ...draft, positions: [draft.positions[0]!, { ...draft.positions[1]!, taxRatePercent: 7 as const }] };
    expect(taxText(mixed)).toBe('Umsatzsteuer');
    expect(taxText({ ...mixed, language: 'en' })).toBe('VAT');
  });

  it('refuses what sevdesk would refuse, before anything is sent', () => {
    const draft = draftFor([order(717)], CONTACTS.nordlicht);
    expect(sevdeskRefusal(draft)).toBeUndefined();
    const late = sevdeskRefusal({ ...draft, voucherDate: '2026-11-10' });
    expect(late).toMatchObject({ code: 'validation', fields: [{ field: 'invoice.deliveryDate', key: 'serviceDate' }] });
    const reverseWithVat = sevdeskRefusal({ ...draft, taxCase: 'intraEuReverseCharge', taxRule: DEFAULT_TAX_MAPPING.intraEuReverseCharge });
    expect(reverseWithVat).toMatchObject({ code: 'validation', fields: [{ field: 'invoicePosSave[0].taxRate', key: 'taxRate' }] });
  });
});
