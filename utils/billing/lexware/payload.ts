/**
 * Maps an invoice draft and a TMS customer to Lexware Office request bodies
 * (billing-apis.md §1.7). Amounts go out as JSON numbers built from exact decimal strings.
 */
import { money, toApiNumber } from '../../domain/money';
import { remarkWithTaxNote, taxRuleOf, type InvoiceDraft } from '../../domain/invoice';
import type { Customer } from '../../domain/order';
import { HOME_COUNTRY } from '../../domain/tax';
import { BillingError } from '../errors';
import { toLexwareDateTime } from './datetime';

/**
 * The tax conditions from the draft's settings-table row: EU freight is
 * `externalService13b` ("Fremdleistungen innerhalb der EU", § 13b), never `net` with 0 %.
 * Tax-free types carry the legal note as `taxTypeNote`, which Lexware prints with the totals
 * (in place of its own default text); a taxable invoice's note, if the table has one, goes
 * after the remark.
 */
function taxTexts(draft: InvoiceDraft): { taxConditions: Record<string, unknown>; remark: string } {
  const rule = taxRuleOf(draft);
  if (!rule) throw new BillingError('validation', 'The invoice has no tax case yet', { fields: [{ field: 'taxConditions.taxType', key: 'taxType' }] });
  const taxFree = rule.lexwareTaxType !== 'net' && rule.lexwareTaxType !== 'gross';
  if (taxFree && draft.taxNote) return { taxConditions: { taxType: rule.lexwareTaxType, taxTypeNote: draft.taxNote }, remark: draft.remark };
  return { taxConditions: { taxType: rule.lexwareTaxType }, remark: remarkWithTaxNote(draft) };
}

const PAYMENT_TERM_LABEL: Record<InvoiceDraft['language'], (days: number) => string> = {
  de: (days) => (days === 0 ? 'Zahlbar sofort ohne Abzug' : `Zahlbar innerhalb von ${days} Tagen ohne Abzug`),
  en: (days) => (days === 0 ? 'Payable immediately without deduction' : `Payable within ${days} days without deduction`),
};

/**
 * `xRechnung.buyerReference`: the public customer's Leitweg-ID, sent only when the contact
 * carries the XRechnung details (else Lexware answers 406, fact sheet §1.7 / §3.2).
 */
export function invoicePayload(draft: InvoiceDraft, extras: { buyerReference?: string | undefined } = {}): Record<string, unknown> {
  if (draft.contact === null) throw new Error('An invoice needs a linked contact');
  const single = draft.service.start === draft.service.end;
  const tax = taxTexts(draft);
  return {
    voucherDate: toLexwareDateTime(draft.voucherDate),
    address: { contactId: draft.contact.id },
    lineItems: draft.positions.map((p) => ({
      type: 'custom',
      name: p.name,
      ...(p.description ? { description: p.description } : {}),
      quantity: Number(p.quantity),
      unitName: p.unitName,
      unitPrice: {
        currency: draft.currency,
        netAmount: toApiNumber(money(p.unitPriceMinor, draft.currency)),
        taxRatePercentage: p.taxRatePercent,
      },
      discountPercentage: 0,
    })),
    totalPrice: { currency: draft.currency },
    taxConditions: tax.taxConditions,
    ...(draft.paymentTermDays !== null
      ? { paymentConditions: { paymentTermLabel: PAYMENT_TERM_LABEL[draft.language](draft.paymentTermDays), paymentTermDuration: draft.paymentTermDays } }
      : {}),
    shippingConditions: single
      ? { shippingType: 'service', shippingDate: toLexwareDateTime(draft.service.start) }
      : { shippingType: 'serviceperiod', shippingDate: toLexwareDateTime(draft.service.start), shippingEndDate: toLexwareDateTime(draft.service.end) },
    ...(draft.title ? { title: draft.title } : {}),
    ...(draft.introduction ? { introduction: draft.introduction } : {}),
    ...(tax.remark ? { remark: tax.remark } : {}),
    language: draft.language,
    ...(extras.buyerReference ? { xRechnung: { buyerReference: extras.buyerReference } } : {}),
  };
}

/** A company customer with its billing address, VAT ID and e-mail, as Lexware takes it. */
export function contactPayload(customer: Customer): Record<string, unknown> {
  const address = customer.billingAddress;
  return {
    version: 0,
    roles: { customer: {} },
    company: {
      name: customer.name,
      ...(customer.vatId ? { vatRegistrationId: customer.vatId } : {}),
      // Reverse-charge and third-country invoices are tax-free: allow them for foreign businesses.
      allowTaxFreeInvoices: address !== undefined && address.countryCode.toUpperCase() !== HOME_COUNTRY,
    },
    ...(address
      ? {
          addresses: {
            billing: [
              {
                ...(address.street ? { street: address.street } : {}),
                ...(address.zip ? { zip: address.zip } : {}),
                city: address.city,
                countryCode: address.countryCode,
              },
            ],
          },
        }
      : {}),
    ...(customer.email ? { emailAddresses: { business: [customer.email] } } : {}),
    note: 'Angelegt aus dem TMS durch Frachtbeleg',
  };
}
