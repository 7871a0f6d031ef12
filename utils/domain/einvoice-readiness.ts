/**
 * "E-invoice ready": what an invoice needs before it is sent so that the billing system
 * produces a valid EN 16931 e-invoice (ZUGFeRD/XRechnung), checked on our side because
 * both APIs accept incomplete invoices silently (fact sheet §2.1, §3.1, §3.2, §4.1).
 *
 * From 2027 a domestic B2B invoice that is not a valid e-invoice is no invoice at all, so
 * for those a missing item blocks sending; elsewhere it warns. Pure: the facts come in.
 */
import type { FreightTaxCase } from './freight-tax';
import type { VatCategory } from './tax-mapping';
import { checkVatId } from './vat-id';
import { checkLeitwegId } from './leitweg-id';
import type { ProviderId } from './ids';

/** UN/ECE Rec 20 unit codes for what freight invoices bill (fact sheet §2.3). */
const UNIT_CODES: ReadonlyArray<[RegExp, string]> = [
  [/^(stk|stück|stueck|pcs|piece|pieces|x|mal)$/i, 'C62'],
  [/^(pauschale|pauschal|pausch\.?|lump ?sum|flat ?rate)$/i, 'LS'],
  [/^(std|stunde|stunden|h|hour|hours|hr)$/i, 'HUR'],
  [/^(min|minute|minuten|minutes)$/i, 'MIN'],
  [/^(tag|tage|day|days)$/i, 'DAY'],
  [/^(km|kilometer|kilometre|kilometers|kilometres)$/i, 'KMT'],
  [/^(kg|kilogramm|kilogram)$/i, 'KGM'],
  [/^(t|to|tonne|tonnen|tonnes|tons)$/i, 'TNE'],
  [/^(m3|m³|cbm|kubikmeter|cubic metres?)$/i, 'MTQ'],
  [/^(l|liter|litre|litres|liters)$/i, 'LTR'],
  [/^(ldm|lademeter|loading met(er|re)s?|lm)$/i, 'LM'],
  [/^(pal|palette|paletten|pallets?|epal)$/i, 'PF'],
  [/^(leistung|service|service unit|einheit)$/i, 'E48'],
];

/** The Rec 20 code a unit name maps to, or null ("Transport", "Tour" and "Fahrt" don't). */
export function unitCodeFor(unitName: string): string | null {
  const name = unitName.trim();
  if (/^[A-Z0-9]{2,3}$/.test(name) && UNIT_CODES.some(([, code]) => code === name)) return name;
  return UNIT_CODES.find(([pattern]) => pattern.test(name))?.[1] ?? null;
}

export interface ReadinessInput {
  provider: ProviderId;
  /** The user's setting "Issue e-invoices" (on unless they may still send paper). */
  issueEInvoices: boolean;
  taxCase: FreightTaxCase | null;
  category: VatCategory | null;
  /** Categories of all lines; more than one can't be one e-invoice (BR-O-11…14 and kin). */
  lineCategories: readonly VatCategory[];
  buyer: {
    name?: string | undefined;
    street?: string | undefined;
    zip?: string | undefined;
    city?: string | undefined;
    countryCode?: string | undefined;
    business?: boolean | undefined;
    vatId?: string | undefined;
    email?: string | undefined;
    /** BT-10: the Leitweg-ID for public customers, else the customer's own reference. */
    buyerReference?: string | undefined;
    /** Our supplier number at the customer (Lexware XRechnung). */
    vendorNumberAtCustomer?: string | undefined;
    /** A public-sector customer: the invoice must be XRechnung. */
    publicSector?: boolean | undefined;
  };
  /** What the billing system reports of our own company (organisation / SevClient). */
  seller: {
    vatId?: string | undefined;
    taxNumber?: string | undefined;
    iban?: string | undefined;
    phone?: string | undefined;
    email?: string | undefined;
    street?: string | undefined;
    zip?: string | undefined;
    city?: string | undefined;
    /** Lexware: the account's "E-Rechnung" setting is on (null: not reported). */
    eInvoiceFeature?: boolean | null | undefined;
  };
  invoice: {
    paymentTermDays: number | null;
    dueDate?: string | undefined;
    service: { start: string; end: string } | null;
    positions: readonly { unitName: string; unitPriceMinor: number; orderNumber?: string; cmrNumber?: string | undefined }[];
    /** sevdesk's payment method id (required for its e-invoices). */
    paymentMethod?: string | null | undefined;
    /** A correction (credit note) rather than an invoice. */
    correction?: boolean;
  };
}

export type ReadinessCode =
  | 'buyer-name-missing'
  | 'buyer-address-missing'
  | 'buyer-country-missing'
  | 'payment-terms-missing'
  | 'service-date-missing'
  | 'negative-price'
  | 'unit-code-unknown'
  | 'seller-vat-id-missing'
  | 'buyer-vat-id-missing'
  | 'tax-categories-mixed'
  | 'tax-case-undecided'
  | 'payment-method-missing'
  | 'buyer-reference-missing'
  | 'buyer-email-missing'
  | 'seller-iban-missing'
  | 'seller-phone-missing'
  | 'seller-email-missing'
  | 'seller-tax-number-missing'
  | 'seller-address-missing'
  | 'e-invoice-feature-off'
  | 'vendor-number-missing'
  | 'xrechnung-needs-net'
  | 'xrechnung-correction-impossible'
  | 'xrechnung-bank-account-in-layout'
  | 'leitweg-id-missing'
  | 'leitweg-id-invalid'
  | 'xrechnung-not-available'
  | 'cmr-number-missing';

/** Where the user fixes it; the UI turns each into a button or a link. */
export type ReadinessFix =
  | 'edit-customer-link'
  | 'edit-invoice'
  | 'open-settings'
  | 'open-billing-system-settings'
  | 'use-credit-note'
  | 'choose-tax-case'
  | 'split-invoice'
  | 'edit-order';

export interface ReadinessItem {
  code: ReadinessCode;
  /** 'missing' stops a valid e-invoice; 'note' is information (nothing to fix here). */
  kind: 'missing' | 'note';
  fix?: ReadinessFix;
  params?: Record<string, string | number>;
}

export interface Readiness {
  /** Whether the e-invoice rules apply at all (setting on). */
  applies: boolean;
  ready: boolean;
  /** Domestic B2B with e-invoices on: a missing item blocks sending. */
  blocksSending: boolean;
  items: ReadinessItem[];
}

const blank = (s: string | undefined | null) => !s || s.trim().length === 0;

export function checkEInvoiceReadiness(input: ReadinessInput): Readiness {
  if (!input.issueEInvoices) return { applies: false, ready: true, blocksSending: false, items: [] };
  const items: ReadinessItem[] = [];
  const missing = (code: ReadinessCode, fix?: ReadinessFix, params?: ReadinessItem['params']) =>
    items.push({ code, kind: 'missing', ...(fix ? { fix } : {}), ...(params ? { params } : {}) });
  const note = (code: ReadinessCode, params?: ReadinessItem['params']) => items.push({ code, kind: 'note', ...(params ? { params } : {}) });
  const { buyer, seller, invoice } = input;

  // Buyer (BG-7) and the tax case.
  if (blank(buyer.name)) missing('buyer-name-missing', 'edit-customer-link');
  if (blank(buyer.street) || blank(buyer.zip) || blank(buyer.city)) missing('buyer-address-missing', 'edit-customer-link');
  if (blank(buyer.countryCode)) missing('buyer-country-missing', 'edit-customer-link');
  if (input.taxCase === null || input.category === null) missing('tax-case-undecided', 'choose-tax-case');
  const categories = [...new Set(input.lineCategories)];
  if (categories.length > 1) missing('tax-categories-mixed', 'split-invoice', { categories: categories.join(', ') });

  // Invoice content: BR-CO-25, § 14 Abs. 4 Nr. 6 UStG, BR-27, BR-23.
  if (invoice.paymentTermDays === null && blank(invoice.dueDate)) missing('payment-terms-missing', 'open-settings');
  if (!invoice.service) missing('service-date-missing', 'edit-invoice');
  for (const p of invoice.positions) {
    if (p.unitPriceMinor < 0) missing('negative-price', 'use-credit-note', p.orderNumber ? { orderNumber: p.orderNumber } : undefined);
  }
  const unmapped = [...new Set(invoice.positions.map((p) => p.unitName).filter((u) => unitCodeFor(u) === null))];
  for (const unit of unmapped) {
    // Lexware prints an unknown unit as C62 ("one") and still makes the e-invoice; sevdesk
    // needs the unit's UNECE code set in its settings.
    if (input.provider === 'lexware') note('unit-code-unknown', { unit, fallback: 'C62' });
    else missing('unit-code-unknown', 'open-billing-system-settings', { unit });
  }

  // § 4 Nr. 3: the CMR is the exemption's evidence (§§ 20, 21 UStDV, fact sheet §5.2) and
  // belongs on the invoice. Its absence does not make the e-invoice invalid, so it warns.
  if (input.taxCase === 'exemptCrossBorder') {
    for (const p of invoice.positions) {
      if (blank(p.cmrNumber)) items.push({ code: 'cmr-number-missing', kind: 'note', fix: 'edit-order', params: { orderNumber: p.orderNumber ?? '' } });
    }
  }

  // Tax ids: BR-CO-26 / BR-AE-02 / BR-E-02 want the seller's VAT id; AE wants the buyer's.
  if (input.category !== 'O' && !checkVatId(seller.vatId).ok) missing('seller-vat-id-missing', 'open-billing-system-settings');
  if (input.category === 'AE' && !checkVatId(buyer.vatId).ok) missing('buyer-vat-id-missing', 'edit-customer-link');

  if (input.provider === 'sevdesk') {
    // Model_Invoice.propertyIsEInvoice (fact sheet §4.1).
    if (blank(invoice.paymentMethod ?? undefined)) missing('payment-method-missing', 'open-settings');
    if (blank(buyer.buyerReference) && !buyer.publicSector) missing('buyer-reference-missing', 'edit-customer-link');
    if (blank(buyer.email)) missing('buyer-email-missing', 'edit-customer-link');
    if (blank(seller.iban)) missing('seller-iban-missing', 'open-billing-system-settings');
    if (blank(seller.phone)) missing('seller-phone-missing', 'open-billing-system-settings');
    if (blank(seller.email)) missing('seller-email-missing', 'open-billing-system-settings');
    if (blank(seller.taxNumber)) missing('seller-tax-number-missing', 'open-billing-system-settings');
    if (blank(seller.street) || blank(seller.zip) || blank(seller.city)) missing('seller-address-missing', 'open-billing-system-settings');
  } else {
    // Lexware makes the e-invoice only with its "E-Rechnung" setting on (fact sheet §3.1).
    if (seller.eInvoiceFeature === false) missing('e-invoice-feature-off', 'open-billing-system-settings');
  }

  if (buyer.publicSector) {
    // BR-DE-15: the Leitweg-ID is the buyer reference; a wrong one reaches no office.
    const leitweg = checkLeitwegId(buyer.buyerReference);
    if (!leitweg.ok && leitweg.reason === 'empty') missing('leitweg-id-missing', 'edit-customer-link');
    else if (!leitweg.ok) missing('leitweg-id-invalid', 'edit-customer-link', { leitwegId: (buyer.buyerReference ?? '').trim() });
    // sevdesk's API makes ZUGFeRD (the XML inside the PDF), never an XRechnung (fact sheet
    // §4.1): say so rather than pretend; the Leitweg-ID still travels as the buyer reference.
    if (input.provider === 'sevdesk') note('xrechnung-not-available');
    if (input.provider === 'lexware') {
      // Lexware XRechnung preconditions (fact sheet §3.2).
      if (invoice.correction) note('xrechnung-correction-impossible');
      if (blank(buyer.vendorNumberAtCustomer)) missing('vendor-number-missing', 'edit-customer-link');
      if (input.category !== 'S') missing('xrechnung-needs-net', 'choose-tax-case');
      if (blank(seller.phone)) missing('seller-phone-missing', 'open-billing-system-settings');
      if (blank(seller.email)) missing('seller-email-missing', 'open-billing-system-settings');
      if (blank(seller.taxNumber) && !checkVatId(seller.vatId).ok) missing('seller-tax-number-missing', 'open-billing-system-settings');
      note('xrechnung-bank-account-in-layout');
    }
  }

  const deduped = dedupe(items);
  const ready = !deduped.some((i) => i.kind === 'missing');
  const domesticB2b = buyer.countryCode?.toUpperCase() === 'DE' && buyer.business !== false && (input.taxCase === 'domestic' || input.taxCase === 'exemptCrossBorder');
  return { applies: true, ready, blocksSending: !ready && (domesticB2b || !!buyer.publicSector), items: deduped };
}

function dedupe(items: readonly ReadinessItem[]): ReadinessItem[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.code}|${JSON.stringify(i.params ?? {})}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
