import { describe, expect, it } from 'vitest';
import { checkEInvoiceReadiness, unitCodeFor, type ReadinessInput } from './einvoice-readiness';

const complete = (overrides: { [K in keyof ReadinessInput]?: Partial<ReadinessInput[K]> } = {}): ReadinessInput => {
  const base: ReadinessInput = {
    provider: 'lexware',
    issueEInvoices: true,
    taxCase: 'domestic',
    category: 'S',
    lineCategories: ['S'],
    buyer: { name: 'Spedition Nordlicht GmbH', street: 'Hafenstraße 12', zip: '20457', city: 'Hamburg', countryCode: 'DE', business: true, vatId: 'DE123456789', email: 'rechnung@nordlicht.example', buyerReference: 'PO-7781' },
    seller: { vatId: 'DE987654321', taxNumber: '22/815/08150', iban: 'DE02120300000000202051', phone: '+49 40 1234', email: 'buchhaltung@frachtbeleg.example', street: 'Kai 1', zip: '20457', city: 'Hamburg', eInvoiceFeature: true },
    invoice: { paymentTermDays: 14, service: { start: '2026-11-10', end: '2026-11-11' }, positions: [{ unitName: 'Pauschale', unitPriceMinor: 125000, orderNumber: 'A-1' }], paymentMethod: '21919' },
  };
  return {
    ...base,
    ...(overrides as Partial<ReadinessInput>),
    buyer: { ...base.buyer, ...overrides.buyer },
    seller: { ...base.seller, ...overrides.seller },
    invoice: { ...base.invoice, ...overrides.invoice },
  } as ReadinessInput;
};
const codes = (input: ReadinessInput) => checkEInvoiceReadiness(input).items.map((i) => i.code);

describe('e-invoice readiness', () => {
  it('a complete domestic B2B invoice is ready, in both systems', () => {
    expect(checkEInvoiceReadiness(complete())).toEqual({ applies: true, ready: true, blocksSending: false, items: [] });
    expect(checkEInvoiceReadiness(complete({ provider: 'sevdesk' })).ready).toBe(true);
  });

  it('names each missing buyer item and offers the fix; domestic B2B is blocked', () => {
    const result = checkEInvoiceReadiness(complete({ buyer: { street: '', zip: undefined, name: ' ' } }));
    expect(result.items).toEqual([
      { code: 'buyer-name-missing', kind: 'missing', fix: 'edit-customer-link' },
      { code: 'buyer-address-missing', kind: 'missing', fix: 'edit-customer-link' },
    ]);
    expect(result.blocksSending).toBe(true);
  });

  it('wants payment terms or a due date, a service date and positive prices', () => {
    expect(codes(complete({ invoice: { paymentTermDays: null } }))).toEqual(['payment-terms-missing']);
    expect(codes(complete({ invoice: { paymentTermDays: null, dueDate: '2026-12-20' } }))).toEqual([]);
    expect(codes(complete({ invoice: { service: null } }))).toEqual(['service-date-missing']);
    const negative = checkEInvoiceReadiness(complete({ invoice: { positions: [{ unitName: 'Pauschale', unitPriceMinor: -5000, orderNumber: 'A-9' }] } }));
    expect(negative.items).toEqual([{ code: 'negative-price', kind: 'missing', fix: 'use-credit-note', params: { orderNumber: 'A-9' } }]);
  });

  it('maps units to Rec 20: Lexware falls back to C62 (a note), sevdesk needs the code', () => {
    expect(unitCodeFor('Std')).toBe('HUR');
    expect(unitCodeFor('LDM')).toBe('LM');
    expect(unitCodeFor('Paletten')).toBe('PF');
    expect(unitCodeFor('LS')).toBe('LS');
    expect(unitCodeFor('Transport')).toBeNull();
    const lexware = checkEInvoiceReadiness(complete({ invoice: { positions: [{ unitName: 'Transport', unitPriceMinor: 1 }] } }));
    expect(lexware).toMatchObject({ ready: true, items: [{ code: 'unit-code-unknown', kind: 'note', params: { unit: 'Transport', fallback: 'C62' } }] });
    const sevdesk = checkEInvoiceReadiness(complete({ provider: 'sevdesk', invoice: { positions: [{ unitName: 'Tour', unitPriceMinor: 1 }] } }));
    expect(sevdesk).toMatchObject({ ready: false, items: [{ code: 'unit-code-unknown', kind: 'missing', fix: 'open-billing-system-settings' }] });
  });

  it('reverse charge needs both VAT ids; not-subject (O) needs neither', () => {
    const ae = complete({ taxCase: 'intraEuReverseCharge', category: 'AE', lineCategories: ['AE'], buyer: { countryCode: 'AT', vatId: undefined }, seller: { vatId: undefined } });
    expect(codes(ae)).toEqual(['seller-vat-id-missing', 'buyer-vat-id-missing']);
    // An EU customer is outside the German duty: it warns, it does not block.
    expect(checkEInvoiceReadiness(ae).blocksSending).toBe(false);
    expect(codes(complete({ taxCase: 'thirdCountry', category: 'O', lineCategories: ['O'], buyer: { countryCode: 'CH' }, seller: { vatId: undefined } }))).toEqual([]);
  });

  it('refuses mixed tax categories and an undecided case', () => {
    expect(codes(complete({ lineCategories: ['S', 'O'] }))).toEqual(['tax-categories-mixed']);
    expect(codes(complete({ taxCase: null, category: null }))).toEqual(['tax-case-undecided']);
  });

  it('sevdesk: payment method, buyer reference and e-mail, and our own company data', () => {
    const bare = complete({
      provider: 'sevdesk',
      buyer: { buyerReference: '', email: undefined },
      seller: { iban: '', phone: undefined, email: undefined, taxNumber: undefined, street: undefined },
      invoice: { paymentMethod: null },
    });
    expect(codes(bare)).toEqual([
      'payment-method-missing',
      'buyer-reference-missing',
      'buyer-email-missing',
      'seller-iban-missing',
      'seller-phone-missing',
      'seller-email-missing',
      'seller-tax-number-missing',
      'seller-address-missing',
    ]);
  });

  it('Lexware: the E-Rechnung setting must be on', () => {
    expect(codes(complete({ seller: { eInvoiceFeature: false } }))).toEqual(['e-invoice-feature-off']);
    expect(codes(complete({ seller: { eInvoiceFeature: null } }))).toEqual([]);
  });

  it('XRechnung for a public customer: Leitweg-ID, supplier number, net, our contact data; corrections cannot be XRechnung', () => {
    const publicBuyer = complete({ buyer: { publicSector: true, buyerReference: '', vendorNumberAtCustomer: '' }, seller: { phone: '' } });
    const result = checkEInvoiceReadiness(publicBuyer);
    expect(result.items.map((i) => [i.code, i.kind])).toEqual([
      ['leitweg-id-missing', 'missing'],
      ['vendor-number-missing', 'missing'],
      ['seller-phone-missing', 'missing'],
      ['xrechnung-bank-account-in-layout', 'note'],
    ]);
    expect(result.blocksSending).toBe(true);
    const correction = checkEInvoiceReadiness(complete({ buyer: { publicSector: true, buyerReference: '991-33333TEST-33', vendorNumberAtCustomer: 'L-77' }, invoice: { correction: true } }));
    expect(correction.items.map((i) => i.code)).toEqual(['xrechnung-correction-impossible', 'xrechnung-bank-account-in-layout']);
    expect(correction.ready).toBe(true);
  });

  it('a public customer\'s Leitweg-ID must pass the KoSIT check digits', () => {
    const wrong = checkEInvoiceReadiness(complete({ buyer: { publicSector: true, buyerReference: '991-33333TEST-34', vendorNumberAtCustomer: 'L-77' } }));
    expect(wrong.items[0]).toEqual({ code: 'leitweg-id-invalid', kind: 'missing', fix: 'edit-customer-link', params: { leitwegId: '991-33333TEST-34' } });
    expect(wrong.blocksSending).toBe(true);
    expect(codes(complete({ buyer: { publicSector: true, buyerReference: '04011000-1234512345-06', vendorNumberAtCustomer: 'L-77' } }))).toEqual(['xrechnung-bank-account-in-layout']);
  });

  it('sevdesk: a public customer gets a ZUGFeRD e-invoice with the Leitweg-ID, and the preview says it is no XRechnung', () => {
    const result = checkEInvoiceReadiness(complete({ provider: 'sevdesk', buyer: { publicSector: true, buyerReference: '04011000-1234512345-06' } }));
    expect(result.items).toEqual([{ code: 'xrechnung-not-available', kind: 'note' }]);
    expect(result.ready).toBe(true);
    expect(codes(complete({ provider: 'sevdesk', buyer: { publicSector: true, buyerReference: '' } }))).toEqual(['leitweg-id-missing', 'xrechnung-not-available']);
  });

  it('§ 4 Nr. 3: names each order without a CMR number (a warning; the e-invoice itself stays valid)', () => {
    const exempt = { taxCase: 'exemptCrossBorder', category: 'E', lineCategories: ['E'] } as const;
    const positions = [
      { unitName: 'Pauschale', unitPriceMinor: 125000, orderNumber: 'A-1', cmrNumber: 'CMR 4471' },
      { unitName: 'Pauschale', unitPriceMinor: 90000, orderNumber: 'A-2' },
      { unitName: 'Pauschale', unitPriceMinor: 90000, orderNumber: 'A-3', cmrNumber: ' ' },
    ];
    const result = checkEInvoiceReadiness(complete({ ...exempt, invoice: { positions } }));
    expect(result.items).toEqual([
      { code: 'cmr-number-missing', kind: 'note', fix: 'edit-order', params: { orderNumber: 'A-2' } },
      { code: 'cmr-number-missing', kind: 'note', fix: 'edit-order', params: { orderNumber: 'A-3' } },
    ]);
    expect(result).toMatchObject({ ready: true, blocksSending: false });
    // Other cases don't need the CMR on the invoice.
    expect(codes(complete({ invoice: { positions } }))).not.toContain('cmr-number-missing');
  });

  it('with e-invoices switched off, nothing applies', () => {
    expect(checkEInvoiceReadiness(complete({ issueEInvoices: false, buyer: { name: '' } }))).toEqual({ applies: false, ready: true, blocksSending: false, items: [] });
  });

  it('a private customer is warned, not blocked', () => {
    const result = checkEInvoiceReadiness(complete({ taxCase: 'privateCustomer', buyer: { business: false, street: '' } }));
    expect(result).toMatchObject({ ready: false, blocksSending: false });
  });
});
