/**
 * sevdesk e-invoices (fact sheet §4.1, §4.2): whether an invoice goes out with
 * `propertyIsEInvoice`, the fields the flag needs, and what the result says afterwards.
 *
 * The flag makes sevdesk refuse the whole invoice when any datum is missing, so it is sent
 * only when the readiness check finds nothing missing; otherwise the invoice is created as a
 * plain one and the result names what was missing. The flag reads back empty, so `getXml`
 * confirms it.
 */
import * as v from 'valibot';
import type { InvoiceDraft } from '../../domain/invoice';
import { draftReadiness, isDomesticB2b } from '../../domain/draft-readiness';
import type { EInvoiceSettings } from '../../domain/settings';
import type { PublicCustomer } from '../../domain/public-customer';
import type { EInvoiceCheck } from '../provider';
import type { HttpClient } from '../http';
import { ref } from './payload';
import { ObjectSchema } from './schemas';

/** What the background knows about one draft's e-invoice, read fresh for every invoice. */
export interface SevdeskEInvoiceSource {
  forDraft(draft: InvoiceDraft): Promise<{ settings: EInvoiceSettings; buyerReference?: string | undefined; publicCustomer?: PublicCustomer | undefined }>;
  /** The buyer reference last written to each contact, so each change is written once. */
  written: {
    get(contactId: string): Promise<string | null | undefined>;
    set(contactId: string, value: string | null): Promise<void>;
  };
}

export type EInvoicePlan =
  /** E-invoices off, or a private customer: a plain invoice, and nothing to report. */
  | { kind: 'off' }
  /** The customer calls for an e-invoice but data is missing: a plain invoice, saying what. */
  | { kind: 'plain'; missing: NonNullable<EInvoiceCheck['missing']> }
  | { kind: 'e-invoice'; paymentMethodId: string; buyerReference: string };

/** A public customer's buyer reference is its Leitweg-ID (it needs an e-invoice even as a private-law body). */
export function planEInvoice(draft: InvoiceDraft, settings: EInvoiceSettings, buyerReference: string | undefined, publicCustomer?: PublicCustomer): EInvoicePlan {
  if (!settings.issue || draft.taxCase === 'privateCustomer') return { kind: 'off' };
  const readiness = draftReadiness(draft, { eInvoice: settings, buyerReference, publicCustomer });
  if (publicCustomer) buyerReference = publicCustomer.leitwegId;
  const missing = readiness.items.filter((i) => i.kind === 'missing').map((i) => ({ code: i.code, ...(i.params ? { params: i.params } : {}) }));
  const paymentMethodId = settings.sevdeskPaymentMethod?.id;
  if (missing.length > 0 || !paymentMethodId || !buyerReference) return { kind: 'plain', missing };
  return { kind: 'e-invoice', paymentMethodId, buyerReference };
}

/**
 * The invoice fields the flag needs beyond the plain invoice. The spec lists street, zip and
 * city, which Model_Invoice lacks; working integrations send them as `address*` (§4.1).
 */
export function eInvoiceFields(draft: InvoiceDraft, paymentMethodId: string): Record<string, unknown> {
  const address = draft.customer.billingAddress;
  return {
    propertyIsEInvoice: true,
    paymentMethod: ref(paymentMethodId, 'PaymentMethod'),
    addressName: draft.customer.name,
    ...(address?.street ? { addressStreet: address.street } : {}),
    ...(address?.zip ? { addressZip: address.zip } : {}),
    ...(address ? { addressCity: address.city } : {}),
  };
}

/**
 * Writes the customer's buyer reference to the sevdesk contact when it changed since the
 * last write (and clears one this extension wrote before, when the user removed it).
 */
export async function syncBuyerReference(http: HttpClient, written: SevdeskEInvoiceSource['written'], contactId: string, wanted: string | undefined): Promise<void> {
  const last = await written.get(contactId);
  const value = wanted ?? null;
  if (last === value || (last === undefined && value === null)) return;
  // Setting a field to a value may be repeated safely.
  await http.put(`/Contact/${encodeURIComponent(contactId)}`, { body: { buyerReference: value }, schema: v.unknown(), idempotent: true });
  await written.set(contactId, value);
}

const XmlSchema = ObjectSchema(v.string());

/** The XML of an e-invoice, or null when sevdesk has none for it. */
export async function fetchXml(http: HttpClient, invoiceId: string): Promise<string | null> {
  const { data } = await http.get(`/Invoice/${encodeURIComponent(invoiceId)}/getXml`, { schema: XmlSchema });
  return data.objects.trimStart().startsWith('<') ? data.objects : null;
}

/** What the result says: ZUGFeRD when the XML came back, else why there is no e-invoice. */
export async function confirmEInvoice(http: HttpClient, draft: InvoiceDraft, plan: EInvoicePlan, invoiceId: string): Promise<EInvoiceCheck | undefined> {
  if (plan.kind === 'off') return undefined;
  const none = (missing: NonNullable<EInvoiceCheck['missing']>): EInvoiceCheck => ({ profile: 'NONE', missingForDomesticB2b: isDomesticB2b(draft), missing });
  if (plan.kind === 'plain') return none(plan.missing);
  try {
    if (await fetchXml(http, invoiceId)) return { profile: 'ZUGFeRD', missingForDomesticB2b: false };
  } catch {
    // The invoice exists; a failed read only means the e-invoice is not confirmed.
  }
  return none([{ code: 'xml-not-returned' }]);
}
