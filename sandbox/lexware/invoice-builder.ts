/**
 * Turns a validated invoice body into the stored resource with everything Lexware computes:
 * status and number, line and total amounts, tax per rate, the address of a referenced contact,
 * the account's default texts and payment term, and the due date.
 */
import { randomUUID } from 'node:crypto';
import { addDays, berlinDate, berlinMidnight, formatLexwareDateTime } from './datetime';
import { unitsToNumber } from './decimal';
import type { InvoiceInput, LineItemInput } from './invoice-validation';
import { computeTotals, counterpartPrice, type InvoiceTotals, type PriceMode } from './invoice-totals';
import { contactName, type Contact, type ElectronicDocumentProfile, type Invoice, type InvoiceAddress, type InvoiceLineItem, type PaymentConditions } from './model';
import { ORGANIZATION_ID } from './profile';

/** The demo account's defaults, used when a body leaves the texts or the payment term out. */
const DEFAULT_TEXTS = {
  de: {
    title: 'Rechnung',
    introduction: 'Unsere Lieferungen/Leistungen stellen wir Ihnen wie folgt in Rechnung.',
    remark: 'Vielen Dank für die gute Zusammenarbeit.',
  },
  en: {
    title: 'Invoice',
    introduction: 'We hereby invoice you for the following deliveries/services.',
    remark: 'Thank you for the good cooperation.',
  },
} as const;

const DEFAULT_PAYMENT: PaymentConditions = {
  paymentTermLabel: 'Zahlbar innerhalb von 14 Tagen ohne Abzug',
  paymentTermLabelTemplate: 'Zahlbar innerhalb von {paymentRange} Tagen ohne Abzug',
  paymentTermDuration: 14,
};

/** A referenced contact's billing address, overridden field by field by what the body sent. */
function invoiceAddress(input: InvoiceInput['address'], contact: Contact | undefined): InvoiceAddress {
  const override = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (!contact) return override;
  const billing = contact.addresses?.billing?.[0];
  const primaryPerson = contact.company?.contactPersons?.[0];
  return {
    contactId: contact.id,
    name: contactName(contact),
    ...(billing?.supplement ? { supplement: billing.supplement } : {}),
    ...(billing?.street ? { street: billing.street } : {}),
    ...(billing?.city ? { city: billing.city } : {}),
    ...(billing?.zip ? { zip: billing.zip } : {}),
    ...(billing?.countryCode ? { countryCode: billing.countryCode } : {}),
    ...(primaryPerson ? { contactPerson: [primaryPerson.salutation, primaryPerson.firstName, primaryPerson.lastName].filter(Boolean).join(' ') } : {}),
    ...override,
  };
}

function pricedLines(items: LineItemInput[]) {
  return items
    .filter((item) => item.type !== 'text')
    .map((item) => ({ quantity: item.quantity ?? 0n, price: item.price ?? 0n, discount: item.discount ?? 0n, taxRate: item.taxRate ?? 0 }));
}

export function invoiceTotals(input: InvoiceInput): InvoiceTotals {
  const mode: PriceMode = input.taxConditions.taxType === 'gross' ? 'gross' : 'net';
  return computeTotals(pricedLines(input.lineItems), mode, { absolute: input.totalDiscountAbsolute, percentage: input.totalDiscountPercentage });
}

function outputLineItems(input: InvoiceInput, totals: InvoiceTotals): InvoiceLineItem[] {
  const mode: PriceMode = input.taxConditions.taxType === 'gross' ? 'gross' : 'net';
  let priced = 0;
  return input.lineItems.map((item): InvoiceLineItem => {
    if (item.type === 'text') return { type: 'text', ...(item.name !== undefined ? { name: item.name } : {}), ...(item.description !== undefined ? { description: item.description } : {}) };
    const price = item.price ?? 0n;
    const taxRate = item.taxRate ?? 0;
    const other = counterpartPrice(price, taxRate, mode);
    const amount = totals.lineAmounts[priced++] ?? 0n;
    return {
      type: item.type,
      ...(item.name !== undefined ? { name: item.name } : {}),
      ...(item.description !== undefined ? { description: item.description } : {}),
      quantity: unitsToNumber(item.quantity ?? 0n, 4),
      unitName: item.unitName ?? '',
      unitPrice: {
        currency: 'EUR',
        netAmount: unitsToNumber(mode === 'net' ? price : other, 4),
        grossAmount: unitsToNumber(mode === 'net' ? other : price, 4),
        taxRatePercentage: taxRate,
      },
      discountPercentage: unitsToNumber(item.discount ?? 0n, 2),
      lineItemAmount: unitsToNumber(amount, 2),
    };
  });
}

function paymentConditions(input: InvoiceInput): PaymentConditions {
  const given = input.paymentConditions;
  if (!given) return { ...DEFAULT_PAYMENT };
  return {
    paymentTermLabel: given.paymentTermLabel,
    paymentTermLabelTemplate: given.paymentTermLabel,
    ...(given.paymentTermDuration !== undefined ? { paymentTermDuration: given.paymentTermDuration } : {}),
    ...(given.paymentDiscountConditions
      ? {
          paymentDiscountConditions: {
            discountPercentage: unitsToNumber(given.paymentDiscountConditions.discountPercentage, 2),
            discountRange: given.paymentDiscountConditions.discountRange,
          },
        }
      : {}),
  };
}

export interface BuildOptions {
  input: InvoiceInput;
  contact: Contact | undefined;
  totals: InvoiceTotals;
  finalize: boolean;
  voucherNumber: string | null;
  /** Decided by e-invoice.ts: NONE for drafts. */
  profile: ElectronicDocumentProfile;
  now: Date;
}

export function buildInvoice({ input, contact, totals, finalize, voucherNumber, profile, now }: BuildOptions): Invoice {
  const stamp = formatLexwareDateTime(now);
  const payment = paymentConditions(input);
  const texts = DEFAULT_TEXTS[input.language];
  const shipping = input.shippingConditions;
  return {
    id: randomUUID(),
    organizationId: ORGANIZATION_ID,
    createdDate: stamp,
    updatedDate: stamp,
    version: 1,
    language: input.language,
    archived: false,
    voucherStatus: finalize ? 'open' : 'draft',
    voucherNumber,
    voucherDate: formatLexwareDateTime(input.voucherDate),
    dueDate: formatLexwareDateTime(berlinMidnight(addDays(berlinDate(input.voucherDate), payment.paymentTermDuration ?? 0))),
    address: invoiceAddress(input.address, contact),
    // An XRechnung carries the body's buyer reference, else the contact's (the Leitweg-ID).
    xRechnung: profile === 'XRechnung' ? { buyerReference: input.xRechnung?.buyerReference || (contact?.xRechnung?.buyerReference ?? '') } : (input.xRechnung ?? null),
    electronicDocumentProfile: profile,
    lineItems: outputLineItems(input, totals),
    totalPrice: {
      currency: 'EUR',
      totalNetAmount: unitsToNumber(totals.totalNet, 2),
      totalGrossAmount: unitsToNumber(totals.totalGross, 2),
      totalTaxAmount: unitsToNumber(totals.totalTax, 2),
      ...(input.totalDiscountAbsolute !== undefined ? { totalDiscountAbsolute: unitsToNumber(input.totalDiscountAbsolute, 2) } : {}),
      ...(input.totalDiscountPercentage !== undefined ? { totalDiscountPercentage: unitsToNumber(input.totalDiscountPercentage, 2) } : {}),
    },
    taxAmounts: totals.rates.map((r) => ({ taxRatePercentage: r.taxRate, taxAmount: unitsToNumber(r.tax, 2), netAmount: unitsToNumber(r.net, 2) })),
    taxConditions: input.taxConditions,
    paymentConditions: payment,
    shippingConditions: {
      shippingType: shipping.shippingType,
      ...(shipping.shippingDate ? { shippingDate: formatLexwareDateTime(shipping.shippingDate) } : {}),
      ...(shipping.shippingEndDate ? { shippingEndDate: formatLexwareDateTime(shipping.shippingEndDate) } : {}),
    },
    closingInvoice: false,
    claimedGrossAmount: null,
    downPaymentDeductions: [],
    recurringTemplateId: null,
    relatedVouchers: [],
    ...(input.printLayoutId !== undefined ? { printLayoutId: input.printLayoutId } : {}),
    title: input.title ?? texts.title,
    introduction: input.introduction ?? texts.introduction,
    remark: input.remark ?? texts.remark,
    ...(input.deliveryTerms !== undefined ? { deliveryTerms: input.deliveryTerms } : {}),
    ...(finalize ? { files: { documentFileId: randomUUID() } } : {}),
  };
}
