/**
 * The resources as the API returns them (field names and nesting per the Lexware docs).
 * Only the fields a freight-billing client meets are modelled.
 */

export const EMAIL_KINDS = ['business', 'office', 'private', 'other'] as const;
export const PHONE_KINDS = ['business', 'office', 'mobile', 'private', 'fax', 'other'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export type PhoneKind = (typeof PHONE_KINDS)[number];

export interface PostalAddress {
  supplement?: string;
  street?: string;
  zip?: string;
  city?: string;
  countryCode: string;
}

export interface ContactPerson {
  salutation?: string;
  firstName?: string;
  lastName: string;
  primary?: boolean;
  emailAddress?: string;
  phoneNumber?: string;
}

export interface Contact {
  id: string;
  organizationId: string;
  version: number;
  roles: { customer?: { number: number }; vendor?: { number: number } };
  company?: {
    name: string;
    taxNumber?: string;
    vatRegistrationId?: string;
    allowTaxFreeInvoices?: boolean;
    contactPersons?: ContactPerson[];
  };
  person?: { salutation?: string; firstName?: string; lastName: string };
  addresses?: { billing?: PostalAddress[]; shipping?: PostalAddress[] };
  xRechnung?: { buyerReference?: string; vendorNumberAtCustomer?: string };
  emailAddresses?: Partial<Record<EmailKind, string[]>>;
  phoneNumbers?: Partial<Record<PhoneKind, string[]>>;
  note?: string;
  archived: boolean;
}

/** The name Lexware shows and searches: the company name, or "first last" for a person. */
export function contactName(contact: Contact): string {
  if (contact.company) return contact.company.name;
  return [contact.person?.firstName, contact.person?.lastName].filter(Boolean).join(' ');
}

export const TAX_TYPES = [
  'gross',
  'net',
  'vatfree',
  'intraCommunitySupply',
  'constructionService13b',
  'externalService13b',
  'thirdPartyCountryService',
  'thirdPartyCountryDelivery',
  'photovoltaicEquipment',
] as const;
export type TaxType = (typeof TAX_TYPES)[number];

/** Tax types whose line items must carry 0 %: all but the two that charge VAT. */
export const VAT_FREE_TAX_TYPES: ReadonlySet<TaxType> = new Set(TAX_TYPES.filter((t) => t !== 'gross' && t !== 'net'));

/** Vat-free tax types other than `vatfree` "are only usable in combination with a referenced contact". */
export const CONTACT_BOUND_TAX_TYPES: ReadonlySet<TaxType> = new Set([...VAT_FREE_TAX_TYPES].filter((t) => t !== 'vatfree'));

export const SHIPPING_TYPES = ['service', 'serviceperiod', 'delivery', 'deliveryperiod', 'none'] as const;
export type ShippingType = (typeof SHIPPING_TYPES)[number];

export const LINE_ITEM_TYPES = ['custom', 'material', 'service', 'text'] as const;
export type LineItemType = (typeof LINE_ITEM_TYPES)[number];

/** `paidoff`: settled by offsetting, the state a finalized credit note reaches at once. */
export type VoucherStatus = 'draft' | 'open' | 'paid' | 'paidoff' | 'voided';

export type ElectronicDocumentProfile = 'NONE' | 'EN16931' | 'XRechnung';

export interface InvoiceAddress {
  contactId?: string;
  name?: string;
  supplement?: string;
  street?: string;
  city?: string;
  zip?: string;
  countryCode?: string;
  contactPerson?: string;
}

export interface InvoiceLineItem {
  type: LineItemType;
  id?: string;
  name?: string;
  description?: string;
  quantity?: number;
  unitName?: string;
  unitPrice?: { currency: 'EUR'; netAmount: number; grossAmount: number; taxRatePercentage: number };
  discountPercentage?: number;
  lineItemAmount?: number;
}

export interface TaxAmount {
  taxRatePercentage: number;
  taxAmount: number;
  netAmount: number;
}

export interface PaymentConditions {
  paymentTermLabel: string;
  paymentTermLabelTemplate?: string;
  paymentTermDuration?: number;
  paymentDiscountConditions?: { discountPercentage: number; discountRange: number };
}

export interface Invoice {
  id: string;
  organizationId: string;
  createdDate: string;
  updatedDate: string;
  version: number;
  language: 'de' | 'en';
  archived: boolean;
  voucherStatus: VoucherStatus;
  voucherNumber: string | null;
  voucherDate: string;
  dueDate: string | null;
  address: InvoiceAddress;
  xRechnung: { buyerReference: string } | null;
  electronicDocumentProfile: ElectronicDocumentProfile;
  lineItems: InvoiceLineItem[];
  totalPrice: {
    currency: 'EUR';
    totalNetAmount: number;
    totalGrossAmount: number;
    totalTaxAmount: number;
    totalDiscountAbsolute?: number;
    totalDiscountPercentage?: number;
  };
  taxAmounts: TaxAmount[];
  taxConditions: { taxType: TaxType; taxTypeNote?: string; taxSubType?: string };
  paymentConditions: PaymentConditions;
  shippingConditions: { shippingType: ShippingType; shippingDate?: string; shippingEndDate?: string };
  closingInvoice: boolean;
  claimedGrossAmount: number | null;
  downPaymentDeductions: unknown[];
  recurringTemplateId: string | null;
  relatedVouchers: { id: string; voucherNumber: string; voucherType: string }[];
  printLayoutId?: string;
  title: string;
  introduction: string;
  remark: string;
  deliveryTerms?: string;
  files?: { documentFileId: string };
}

/** One entry of `GET /v1/payments/{id}`'s `paymentItems`. */
export interface PaymentItem {
  paymentItemType: 'manualPayment' | 'cashDiscount' | 'partPaymentCreditNote' | 'dunningCosts' | 'moneyTransit' | 'irrecoverableReceivable';
  postingDate: string;
  /** Euro, 2 decimals. */
  amount: number;
  currency: 'EUR';
}
