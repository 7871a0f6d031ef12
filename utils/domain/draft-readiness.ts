/**
 * "E-invoice ready" for one invoice draft: the draft, the user's e-invoice settings and the
 * customer's buyer reference put into the terms of einvoice-readiness.ts. The preview shows
 * the result; the background checks it again before sending.
 *
 * A failed check blocks a domestic B2B invoice only from the day the e-invoice mandate
 * starts (1 January 2027, § 27 Abs. 38 UStG): before that a PDF is still an invoice, so the
 * check warns, as it does for every other case.
 */
import { checkEInvoiceReadiness, type Readiness } from './einvoice-readiness';
import { taxRuleOf, type InvoiceDraft } from './invoice';
import type { Problem } from './problems';
import { DEFAULT_EINVOICE_SETTINGS, type EInvoiceSettings } from './settings';
import type { PublicCustomer } from './public-customer';
import type { VatCategory } from './tax-mapping';

export const EINVOICE_MANDATE_START = '2027-01-01';

export interface DraftReadiness extends Readiness {
  /** The mandate applies on the invoice date: a failed check for domestic B2B stops sending. */
  mandatory: boolean;
  /** A public customer: the invoice must be an XRechnung with its Leitweg-ID. */
  publicCustomer?: boolean;
}

export interface DraftReadinessOptions {
  eInvoice?: EInvoiceSettings | undefined;
  buyerReference?: string | undefined;
  /** The customer is a public authority: XRechnung, with its Leitweg-ID as the buyer reference. */
  publicCustomer?: PublicCustomer | undefined;
}

export function draftReadiness(draft: InvoiceDraft, options: DraftReadinessOptions): DraftReadiness {
  const settings = options.eInvoice ?? DEFAULT_EINVOICE_SETTINGS;
  const rule = taxRuleOf(draft);
  const category = rule?.category ?? null;
  const address = draft.customer.billingAddress;
  const lineCategory = (rate: number): VatCategory => (rate > 0 ? 'S' : category === 'S' || category === null ? 'Z' : category);
  const readiness = checkEInvoiceReadiness({
    provider: draft.provider,
    issueEInvoices: settings.issue,
    taxCase: draft.taxCase,
    category,
    lineCategories: draft.positions.map((p) => lineCategory(p.taxRatePercent)),
    buyer: {
      name: draft.customer.name,
      street: address?.street,
      zip: address?.zip,
      city: address?.city,
      countryCode: address?.countryCode,
      business: draft.taxCase === 'privateCustomer' ? false : undefined,
      vatId: draft.customer.vatId,
      email: draft.customer.email,
      buyerReference: options.publicCustomer ? options.publicCustomer.leitwegId : options.buyerReference,
      ...(options.publicCustomer ? { publicSector: true, vendorNumberAtCustomer: options.publicCustomer.vendorNumberAtCustomer } : {}),
    },
    seller: { ...settings.seller },
    invoice: {
      paymentTermDays: draft.paymentTermDays,
      service: draft.service,
      positions: draft.positions.map((p) => ({ unitName: p.unitName, unitPriceMinor: p.unitPriceMinor, orderNumber: p.orderNumber, cmrNumber: p.cmrNumber })),
      // sevdesk's e-invoice needs one: the one chosen in the options.
      paymentMethod: settings.sevdeskPaymentMethod?.id ?? null,
    },
  });
  // Public buyers take XRechnungen only, already today (E-Rechnungsverordnung of the Bund
  // since 2020, the Länder's own rules): for them there is no grace period.
  if (options.publicCustomer) return { ...readiness, mandatory: true, publicCustomer: true };
  return { ...readiness, mandatory: draft.voucherDate >= EINVOICE_MANDATE_START };
}

/** The preview's (and the background's) problem for a draft that is not e-invoice ready. */
export function readinessProblem(readiness: DraftReadiness): Problem | null {
  if (!readiness.applies || readiness.ready) return null;
  const count = readiness.items.filter((i) => i.kind === 'missing').length;
  if (!readiness.blocksSending) return { code: 'e-invoice-incomplete', severity: 'warning', params: { count } };
  if (readiness.publicCustomer) return { code: 'xrechnung-not-ready', severity: 'blocking', params: { count } };
  if (readiness.mandatory) return { code: 'e-invoice-not-ready', severity: 'blocking', params: { count } };
  return { code: 'e-invoice-not-ready-soon', severity: 'warning', params: { count } };
}

/** A German business customer: the one the e-invoice mandate is about (fact sheet §1.2). */
export function isDomesticB2b(draft: Pick<InvoiceDraft, 'customer' | 'taxCase'>): boolean {
  return draft.customer.billingAddress?.countryCode.toUpperCase() === 'DE' && (draft.taxCase === 'domestic' || draft.taxCase === 'exemptCrossBorder');
}
