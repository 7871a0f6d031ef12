import { describe, expect, it } from 'vitest';
import { compose, type ComposeInput } from './compose';
import { validateDraft } from './validate-draft';
import { defaultInvoiceSettings, makeOrder, nordlicht, TMS_ORIGIN } from '@/tests/support/orders';
import type { Order } from './order';
import { isBlocking } from './problems';
import { DEFAULT_TAX_MAPPING } from './tax-mapping';

const contact = { id: 'c-1', name: 'Spedition Nordlicht GmbH' };

function run(orders: Order[], extra: Partial<ComposeInput> = {}) {
  return compose({
    orders,
    tms: { origin: TMS_ORIGIN, adapter: 'demo-tms' },
    provider: 'lexware',
    connected: true,
    settings: defaultInvoiceSettings,
    contact,
    today: '2026-11-23',
    ...extra,
  });
}

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('compose: single invoice', () => {
  it('makes one position per order with quantity 1, the unit name and a route name', () => {
    const order = makeOrder();
    const { draft, problems } = run([order]);
    expect(problems).toEqual([]);
    expect(draft?.kind).toBe('single');
    expect(draft?.positions).toHaveLength(1);
    const p = draft!.positions[0]!;
    expect(p).toMatchObject({ quantity: '1', unitName: 'Transport', name: 'Transport Hamburg → München', unitPriceMinor: 125000, taxRatePercent: 19 });
    expect(p.description.split('\n')).toEqual([
      `Ihre Referenz ${order.customerReference} · Auftrag ${order.number}`,
      'Abholung: Werk Nord, Am Kai 3, 20457 Hamburg, 10.11.2026',
      'Zustellung: Lager Süd, Industriestr. 9, 80939 München, 11.11.2026',
      'Ladung: Maschinenteile · 12.400 kg · 13,6 ldm · 33 Paletten',
      `Ablieferbeleg (POD): ${order.podUrl}`,
    ]);
    expect(draft?.service).toEqual({ start: '2026-11-11', end: '2026-11-11' });
    expect(draft?.title).toBe('Rechnung');
    expect(draft?.introduction).toBe(`Für den Transport zu Auftrag ${order.number} berechnen wir Ihnen:`);
  });

  it('writes the description in the invoice language and adds configured extra fields', () => {
    const order = makeOrder({ podUrl: undefined, load: { goods: 'Paper' } });
    const { draft } = run([order], {
      settings: { ...defaultInvoiceSettings, language: 'en', extraFields: [{ label: 'Cost centre', template: 'KST {customerReference}' }, { label: 'Empty', template: '' }] },
    });
    const lines = draft!.positions[0]!.description.split('\n');
    expect(lines[0]).toBe(`Your reference ${order.customerReference} · Order ${order.number}`);
    expect(lines).toContain('Load: Paper');
    expect(lines.at(-1)).toBe(`Cost centre: KST ${order.customerReference}`);
    expect(lines.some((l) => l.startsWith('Empty'))).toBe(false);
    expect(lines.some((l) => l.includes('Proof of delivery'))).toBe(false);
  });

  it('names a foreign stop with its country', () => {
    const order = makeOrder({
      stops: [
        { type: 'pickup', city: 'Zürich', zip: '8048', countryCode: 'CH', date: '2026-11-02' },
        { type: 'delivery', city: 'Stuttgart', zip: '70173', countryCode: 'DE', date: '2026-11-03' },
      ],
    });
    expect(run([order]).draft!.positions[0]!.description).toContain('Abholung: 8048 Zürich (CH), 02.11.2026');
  });
});

describe('compose: collective invoice', () => {
  it('bills several orders of one customer, one position each, over the delivery period', () => {
    const orders = Array.from({ length: 12 }, (_, i) =>
      makeOrder({
        stops: [
          { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: `2026-11-${String(i + 1).padStart(2, '0')}` },
          { type: 'delivery', city: 'Berlin', countryCode: 'DE', date: `2026-11-${String(i + 2).padStart(2, '0')}` },
        ],
      }),
    );
    const { draft, problems } = run(orders);
    expect(problems).toEqual([]);
    expect(draft?.kind).toBe('collective');
    expect(draft?.positions.map((p) => p.orderId)).toEqual(orders.map((o) => o.id));
    expect(draft?.service).toEqual({ start: '2026-11-02', end: '2026-11-13' });
    expect(draft?.title).toBe('Sammelrechnung');
    expect(draft?.introduction).toBe('Für 12 Transporte im Leistungszeitraum 02.11.2026 – 13.11.2026 berechnen wir Ihnen:');
  });

  it('refuses mixed customers with their names', () => {
    const other = makeOrder({ customer: { ...nordlicht, id: '10002', name: 'Bayern Logistik AG' } });
    const result = run([makeOrder(), other]);
    expect(result.draft).toBeNull();
    expect(result.problems).toEqual([
      { code: 'mixed-customers', severity: 'blocking', params: { customers: 'Spedition Nordlicht GmbH, Bayern Logistik AG', count: 2 } },
    ]);
  });

  it('refuses mixed currencies', () => {
    const result = run([makeOrder(), makeOrder({ price: { minor: 98050, currency: 'CHF' } })], { provider: 'sevdesk' });
    expect(result.draft).toBeNull();
    expect(result.problems).toEqual([{ code: 'mixed-currencies', severity: 'blocking', params: { currencies: 'EUR, CHF' } }]);
  });

  it('refuses more than 300 positions', () => {
    const orders = Array.from({ length: 301 }, () => makeOrder());
    const { draft } = run(orders);
    expect(codes({ problems: validateDraft(draft!, { connected: true }) })).toContain('too-many-positions');
    expect(validateDraft({ ...draft!, positions: draft!.positions.slice(0, 300) }, { connected: true })).toEqual([]);
  });
});

describe('compose: currencies and billing systems', () => {
  it('refuses a CHF order for Lexware Office before sending, but allows it for sevdesk', () => {
    const chf = makeOrder({ price: { minor: 98050, currency: 'CHF' } });
    const lexware = run([chf]);
    expect(validateDraft(lexware.draft!, { connected: true })).toEqual([
      { code: 'currency-not-supported', severity: 'blocking', params: { currency: 'CHF', provider: 'lexware', supported: 'EUR' } },
    ]);
    const sevdesk = run([chf], { provider: 'sevdesk' });
    expect(validateDraft(sevdesk.draft!, { connected: true })).toEqual([]);
    expect(sevdesk.draft?.currency).toBe('CHF');
  });
});

describe('compose: already invoiced and unreadable orders', () => {
  it('leaves out invoiced orders (TMS status or ledger) unless the user includes them', () => {
    const billed = makeOrder({ status: 'invoice_created' });
    const inLedger = makeOrder();
    const fresh = makeOrder();
    const result = run([billed, inLedger, fresh], { invoiced: new Set([inLedger.id]) });
    expect(result.draft?.positions.map((p) => p.orderId)).toEqual([fresh.id]);
    expect(result.excluded.map((e) => [e.orderId, e.reason])).toEqual([
      [billed.id, 'already-invoiced'],
      [inLedger.id, 'already-invoiced'],
    ]);
    expect(codes(result)).toEqual(['already-invoiced', 'already-invoiced']);

    const included = run([billed, inLedger, fresh], { invoiced: new Set([inLedger.id]), include: new Set([billed.id]) });
    expect(included.draft?.positions.map((p) => p.orderId)).toEqual([billed.id, fresh.id]);
  });

  it('says so when nothing is left to invoice', () => {
    const result = run([makeOrder({ status: 'paid' })]);
    expect(result.draft).toBeNull();
    expect(codes(result)).toEqual(['already-invoiced', 'no-orders']);
  });

  it('never sends a half-read order: a read failure blocks until the order is left out', () => {
    const ok = makeOrder();
    const failures = [{ id: 'o-bad', number: 'A-BAD', problems: [{ code: 'price-missing' as const }] }];
    const blocked = run([ok], { failures });
    expect(blocked.problems).toEqual([
      { code: 'read-failed', severity: 'blocking', orderId: 'o-bad', params: { orderNumber: 'A-BAD', reason: 'price-missing' } },
    ]);
    const leftOut = run([ok], { failures, exclude: new Set(['o-bad']) });
    expect(leftOut.problems).toEqual([]);
    expect(leftOut.excluded).toEqual([{ orderId: 'o-bad', orderNumber: 'A-BAD', reason: 'unreadable' }]);
  });

  it('warns about orders that are not delivered yet', () => {
    const result = run([makeOrder({ status: 'in_transit' })]);
    expect(result.problems).toMatchObject([{ code: 'not-delivered', severity: 'warning' }]);
  });
});

describe('compose: text limits', () => {
  it('shortens the title to 25 characters for Lexware and says so', () => {
    const result = run([makeOrder()], { settings: { ...defaultInvoiceSettings, templates: { title: 'Rechnung für Aufträge {orderNumbers}', introduction: '', remark: '' } } });
    expect(result.draft!.title.length).toBe(25);
    expect(result.draft!.title.endsWith('…')).toBe(true);
    expect(result.problems).toEqual([{ code: 'text-shortened', severity: 'warning', params: { field: 'title', limit: 25 } }]);
    expect(validateDraft(result.draft!, { connected: true })).toEqual([]);
  });

  it('shortens a description over 2000 characters visibly, keeping whole lines', () => {
    const stops = Array.from({ length: 40 }, (_, i) => ({
      type: (i === 39 ? 'delivery' : 'pickup') as 'pickup' | 'delivery',
      name: `Kunde ${i} mit einem sehr langen Namen für eine Abladestelle`,
      street: 'Lange Straße 1',
      zip: '12345',
      city: 'Musterstadt',
      countryCode: 'DE',
      date: '2026-11-10',
    }));
    const result = run([makeOrder({ stops })]);
    const description = result.draft!.positions[0]!.description;
    expect(description.length).toBeLessThanOrEqual(2000);
    expect(description.endsWith('…')).toBe(true);
    expect(result.problems).toMatchObject([{ code: 'text-shortened', params: { field: 'description', limit: 2000 } }]);
  });

  it('blocks edits that exceed a limit and empty position names', () => {
    const { draft } = run([makeOrder()]);
    const edited = { ...draft!, title: 'x'.repeat(26), positions: [{ ...draft!.positions[0]!, name: ' ' }] };
    expect(codes({ problems: validateDraft(edited, { connected: true }) })).toEqual(['text-too-long', 'text-missing']);
  });
});

describe('validateDraft', () => {
  it('blocks without a linked contact or connection', () => {
    const { draft } = run([makeOrder()], { contact: null });
    expect(codes({ problems: validateDraft(draft!, { connected: false }) })).toEqual(['not-connected', 'no-contact']);
  });

  it('checks edited prices, quantities and dates', () => {
    const { draft } = run([makeOrder()]);
    const p = draft!.positions[0]!;
    const bad = { ...draft!, voucherDate: '2026-02-30', service: { start: '2026-11-12', end: '2026-11-10' }, positions: [{ ...p, quantity: '0', unitPriceMinor: -1 }] };
    expect(codes({ problems: validateDraft(bad, { connected: true }) })).toEqual(['date-invalid', 'period-reversed', 'quantity-invalid', 'price-invalid']);
    const zero = { ...draft!, positions: [{ ...p, unitPriceMinor: 0 }] };
    expect(validateDraft(zero, { connected: true })).toMatchObject([{ code: 'price-zero', severity: 'warning' }]);
  });
});

describe('compose: tax cases', () => {
  const stops = (from: string, to: string): Order['stops'] => [
    { type: 'pickup', city: 'A', countryCode: from, date: '2026-11-10' },
    { type: 'delivery', city: 'B', countryCode: to, date: '2026-11-11' },
  ];
  const dutch = { ...nordlicht, id: '10006', name: 'Holland Cargo B.V.', vatId: 'NL853746218B01', billingAddress: { city: 'Rotterdam', countryCode: 'NL' } };
  const austrianWithoutId = { ...nordlicht, id: '10007', name: 'Alpen Spedition GmbH', vatId: undefined, billingAddress: { city: 'Wien', countryCode: 'AT' } };

  it('classifies by the billed customer: reverse charge for an EU business, with the legal note and its VAT ID', () => {
    const { draft, tax } = run([makeOrder({ customer: dutch })]);
    expect(draft?.taxCase).toBe('intraEuReverseCharge');
    expect(draft?.taxRule).toMatchObject({ lexwareTaxType: 'externalService13b', sevdeskTaxRule: 21, category: 'AE' });
    expect(draft?.positions[0]?.taxRatePercent).toBe(0);
    expect(draft?.taxNote).toBe('Steuerschuldnerschaft des Leistungsempfängers. USt-IdNr. des Leistungsempfängers: NL853746218B01');
    expect(tax?.reason).toEqual({ code: 'eu-business-with-vat-id', country: 'NL', vatId: 'NL853746218B01' });
    // The note is separate from the user's remark, which stays editable.
    expect(draft?.remark).toBe('Vielen Dank für Ihren Auftrag.');
  });

  it('writes the legal note in the invoice language', () => {
    const { draft } = run([makeOrder({ customer: dutch })], { settings: { ...defaultInvoiceSettings, language: 'en' } });
    expect(draft?.taxNote).toBe("Reverse charge: VAT is owed by the recipient of the service. Customer's VAT ID: NL853746218B01");
  });

  it('a German customer with an export transport is § 4 Nr. 3 tax-free, and asks for the evidence', () => {
    const { draft, problems, tax } = run([makeOrder({ stops: stops('DE', 'CH') })]);
    expect(draft?.taxCase).toBe('exemptCrossBorder');
    expect(draft?.taxRule).toMatchObject({ lexwareTaxType: 'vatfree', sevdeskTaxRule: 4, category: 'E' });
    expect(draft?.taxNote).toContain('§ 4 Nr. 3');
    expect(tax?.reason).toEqual({ code: 'export-import-freight', countries: ['DE', 'CH'] });
    expect(problems).toContainEqual({ code: 'export-evidence-needed', severity: 'info' });
  });

  it('an EU business without VAT ID is never silently reverse charge: no case, and the preview says what is missing', () => {
    const { draft, problems } = run([makeOrder({ customer: austrianWithoutId })]);
    expect(draft?.taxCase).toBeNull();
    expect(problems).toContainEqual({ code: 'vat-id-missing', severity: 'blocking', params: { country: 'AT' } });
    expect(codes({ problems: validateDraft(draft!, { connected: true }) })).toEqual(['tax-case-undecided']);
  });

  it('reverse charge chosen for a customer without VAT ID still blocks, checked on the draft itself', () => {
    const { draft, problems } = run([makeOrder({ customer: austrianWithoutId })], { taxCase: 'intraEuReverseCharge' });
    expect(draft?.taxCase).toBe('intraEuReverseCharge');
    expect(problems.map((p) => p.code)).not.toContain('vat-id-missing');
    expect(validateDraft(draft!, { connected: true })).toEqual([{ code: 'vat-id-missing', severity: 'blocking', params: { country: 'AT', vatId: '' } }]);
  });

  it('refuses mixed cases on one collective invoice, naming each case with its orders', () => {
    const domestic = makeOrder({ number: 'A-1' });
    const exported = makeOrder({ number: 'A-2', stops: stops('DE', 'CH') });
    const onlyAbroad = makeOrder({ number: 'A-3', stops: stops('CH', 'CH') });
    const { draft, problems } = run([domestic, exported, onlyAbroad]);
    expect(draft?.taxCase).toBeNull();
    expect(problems).toContainEqual({
      code: 'tax-categories-mixed',
      severity: 'blocking',
      params: { byCase: 'domestic=A-1;exemptCrossBorder=A-2;thirdCountryTransport=A-3', notSubject: 1 },
    });
  });

  it('orders of one case on a collective invoice name all their route countries', () => {
    const { draft, tax } = run([makeOrder({ stops: stops('DE', 'CH') }), makeOrder({ stops: stops('TR', 'DE') })]);
    expect(draft?.taxCase).toBe('exemptCrossBorder');
    expect(tax?.reason).toEqual({ code: 'export-import-freight', countries: ['DE', 'CH', 'TR'] });
  });

  it('the choice for this invoice wins over the customer\'s, which wins over the settings and the classification', () => {
    const settings = { ...defaultInvoiceSettings, defaultTaxCase: 'thirdCountry' as const };
    expect(run([makeOrder()], { settings }).tax?.reason).toEqual({ code: 'chosen-in-settings' });
    const customer = run([makeOrder()], { settings, taxCase: 'privateCustomer' });
    expect(customer.draft?.taxCase).toBe('privateCustomer');
    expect(customer.tax?.reason).toEqual({ code: 'chosen-for-customer' });
    expect(customer.draft?.positions[0]?.taxRatePercent).toBe(19);
    const invoice = run([makeOrder()], { settings, taxCase: 'privateCustomer', invoiceTaxCase: 'thirdCountry' });
    expect(invoice.draft?.taxCase).toBe('thirdCountry');
    expect(invoice.tax?.reason).toEqual({ code: 'chosen-for-invoice' });
    expect(invoice.tax?.proposed).toBe('domestic');
    expect(invoice.draft?.taxNote).toContain('Nicht im Inland steuerbare Leistung');
  });

  it("maps through the adviser's table from the settings", () => {
    const taxMapping = { ...DEFAULT_TAX_MAPPING, intraEuReverseCharge: { ...DEFAULT_TAX_MAPPING.intraEuReverseCharge, note: { de: 'Reverse Charge.', en: 'Reverse charge.' } } };
    const { draft } = run([makeOrder({ customer: dutch })], { settings: { ...defaultInvoiceSettings, taxMapping } });
    expect(draft?.taxNote).toBe('Reverse Charge. USt-IdNr. des Leistungsempfängers: NL853746218B01');
  });

  it('blocks a taxable case whose positions carry 0 %: reverse charge is never net with 0 %', () => {
    const { draft } = run([makeOrder()]);
    const zero = { ...draft!, positions: draft!.positions.map((p) => ({ ...p, taxRatePercent: 0 as const })) };
    expect(codes({ problems: validateDraft(zero, { connected: true }) })).toEqual(['tax-rate-mismatch']);
  });

  it('keeps the remark short enough for the legal note after it', () => {
    const long = 'x'.repeat(2000);
    const { draft } = run([makeOrder({ customer: dutch })], { settings: { ...defaultInvoiceSettings, templates: { title: '', introduction: '', remark: long } } });
    expect(draft!.remark.length + 2 + draft!.taxNote!.length).toBeLessThanOrEqual(2000);
    expect(codes({ problems: validateDraft(draft!, { connected: true }) })).toEqual([]);
  });
});

describe('compose: warnings that do not block sending', () => {
  const warnings = (r: { problems: { code: string; severity: string; params?: Record<string, unknown> }[] }) =>
    r.problems.filter((p) => p.severity === 'warning').map((p) => ({ code: p.code, params: p.params }));
  const stops = (pickup: string, delivery: string): Order['stops'] => [
    { type: 'pickup', city: 'Hamburg', countryCode: 'DE', date: pickup },
    { type: 'delivery', city: 'München', countryCode: 'DE', date: delivery },
  ];

  it('warns when the delivery is before the pickup', () => {
    const order = makeOrder({ stops: stops('2026-11-12', '2026-11-10') });
    const r = run([order]);
    expect(warnings(r)).toEqual([{ code: 'delivery-before-pickup', params: { orderNumber: order.number } }]);
    expect(isBlocking(r.problems)).toBe(false);
  });

  it('warns for a date more than a year away from today, either way', () => {
    const future = run([makeOrder({ stops: stops('2027-11-24', '2027-11-25') })]);
    expect(warnings(future).map((w) => w.code)).toEqual(['date-far']);
    expect(warnings(future)[0]!.params).toMatchObject({ date: '2027-11-24' });
    const past = run([makeOrder({ stops: stops('2025-11-20', '2025-11-21') })]);
    expect(warnings(past).map((w) => w.code)).toEqual(['date-far']);
    expect(warnings(run([makeOrder({ stops: stops('2027-11-22', '2027-11-23') })]))).toEqual([]);
  });

  it('warns for a price above the plausibility limit, default 100,000 per order, settable', () => {
    expect(warnings(run([makeOrder({ price: { minor: 10_000_000, currency: 'EUR' } })]))).toEqual([]);
    const order = makeOrder({ price: { minor: 10_000_001, currency: 'EUR' } });
    expect(warnings(run([order]))).toEqual([{ code: 'price-implausible', params: { orderNumber: order.number, limit: 100_000, currency: 'EUR' } }]);
    const lowLimit = run([makeOrder()], { settings: { ...defaultInvoiceSettings, priceWarningLimit: 1000 } });
    expect(warnings(lowLimit).map((w) => w.code)).toEqual(['price-implausible']);
  });

  it('warns where the parser had to interpret a weight or price', () => {
    const r = run([makeOrder({ interpreted: ['weight', 'price'] })]);
    expect(warnings(r).map((w) => [w.code, w.params?.field])).toEqual([
      ['value-interpreted', 'weight'],
      ['value-interpreted', 'price'],
    ]);
  });

  it('warns when the same order number is selected twice', () => {
    const a = makeOrder({ id: 'o-1', number: 'A-1' });
    const b = makeOrder({ id: 'o-2', number: 'A-1' });
    const r = run([a, b]);
    expect(warnings(r)).toEqual([{ code: 'duplicate-order-number', params: { orderNumber: 'A-1', count: 2 } }]);
    expect(r.draft?.positions).toHaveLength(2);
  });
});
