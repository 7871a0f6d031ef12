/**
 * Maps an invoice draft and a TMS customer to sevdesk request bodies (billing-apis.md §2.7,
 * §2.8). Ids go out as the spec types them (integers; the tax rule id as a string), amounts
 * as JSON numbers built from exact decimal strings, days as dd.mm.yyyy.
 */
import { money, toApiNumber } from '../../domain/money';
import { remarkWithTaxNote, taxRuleOf, type InvoiceDraft } from '../../domain/invoice';
import type { Address, Customer } from '../../domain/order';
import { HOME_COUNTRY } from '../../domain/tax';
import { BillingError } from '../errors';
import { berlinMidnightSeconds, sevdeskDate } from './dates';
import { countryIdFor, taxRuleFor, unityFor, type SevdeskLookups } from './lookups';
import { SEVDESK_TAX_RULES, taxText } from './tax-rules';

/** The contact category "Kunde": a fixed id in sevdesk's documentation (2 supplier, 3 customer, …). */
export const CUSTOMER_CATEGORY_ID = '3';

/** sevdesk keeps "Referenz/Bestellnummer" short; a collective invoice lists as many orders as fit. */
const REFERENCE_LIMIT = 255;

/** A reference as the spec types it: `{id: <integer>, objectName}`. */
export function ref(id: string, objectName: string): { id: number | string; objectName: string } {
  // sevdesk ids are far below 2^53; anything longer stays a string rather than losing digits.
  return { id: /^\d{1,15}$/.test(id) ? Number(id) : id, objectName };
}

/**
 * headText and footText take "certain html tags". Text from the TMS page must stay text:
 * it is escaped, and only the line breaks become markup, so the layout survives.
 */
export function htmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replace(/\r?\n/g, '<br>');
}

/** The recipient block as sevdesk prints it; foreign countries in capitals (DIN 5008). */
export function addressText(customer: Customer, language: InvoiceDraft['language']): string {
  const a = customer.billingAddress;
  const lines = [customer.name];
  if (a) {
    if (a.street) lines.push(a.street);
    lines.push([a.zip, a.city].filter(Boolean).join(' '));
    if (a.countryCode !== HOME_COUNTRY) {
      const name = new Intl.DisplayNames([language], { type: 'region' }).of(a.countryCode) ?? a.countryCode;
      lines.push(name.toLocaleUpperCase(language));
    }
  }
  return lines.join('\n');
}

/** The order numbers for "Referenz/Bestellnummer", shortened at a whole number if needed. */
export function orderReference(draft: Pick<InvoiceDraft, 'positions'>): string {
  const numbers = [...new Set(draft.positions.map((p) => p.orderNumber))];
  let text = '';
  for (const [i, n] of numbers.entries()) {
    const next = text ? `${text}, ${n}` : n;
    const rest = numbers.length - i - 1;
    if (next.length + (rest > 0 ? 5 : 0) > REFERENCE_LIMIT) return `${text}, …`;
    text = next;
  }
  return text;
}

/**
 * Why sevdesk would refuse the draft, found before anything is sent (every refused request
 * counts towards a blocked token). The preview shows the same as "service-after-invoice".
 */
export function sevdeskRefusal(draft: InvoiceDraft): BillingError | undefined {
  // "You can not create a regular invoice with the deliveryDate being later than the invoiceDate."
  if (draft.service.end > draft.voucherDate) {
    return new BillingError('validation', `sevdesk does not accept a service date (${draft.service.end}) after the invoice date (${draft.voucherDate})`, {
      fields: [{ field: 'invoice.deliveryDate', key: 'serviceDate' }],
    });
  }
  const rule = taxRuleOf(draft);
  if (!rule) return new BillingError('validation', 'The invoice has no tax case yet', { fields: [{ field: 'invoice.taxRule', key: 'taxType' }] });
  const allowed = SEVDESK_TAX_RULES[rule.sevdeskTaxRule].rates;
  const wrong = draft.positions.findIndex((p) => !allowed.includes(p.taxRatePercent));
  if (wrong >= 0) {
    return new BillingError('validation', `The tax rule for ${draft.taxCase} allows only ${allowed.join(', ')} % VAT per position`, {
      fields: [{ field: `invoicePosSave[${wrong}].taxRate`, key: 'taxRate' }],
    });
  }
  return undefined;
}

/** `eInvoice`: the fields of an e-invoice (e-invoice.ts eInvoiceFields), sent only when planned. */
export function invoicePayload(draft: InvoiceDraft, lookups: SevdeskLookups, eInvoice?: Record<string, unknown>): Record<string, unknown> {
  if (draft.contact === null) throw new Error('An invoice needs a linked contact');
  const period = draft.service.start !== draft.service.end;
  const address = draft.customer.billingAddress;
  const countryId = address ? countryIdFor(lookups, address.countryCode) : undefined;
  const invoice = {
    objectName: 'Invoice',
    mapAll: true,
    contact: ref(draft.contact.id, 'Contact'),
    contactPerson: ref(lookups.contactPersonId, 'SevUser'),
    invoiceDate: sevdeskDate(draft.voucherDate),
    deliveryDate: sevdeskDate(draft.service.start),
    // The spec types deliveryDateUntil as an integer timestamp, unlike deliveryDate.
    ...(period ? { deliveryDateUntil: berlinMidnightSeconds(draft.service.end) } : {}),
    ...(draft.title ? { header: draft.title } : {}),
    ...(draft.introduction ? { headText: htmlText(draft.introduction) } : {}),
    ...(remarkWithTaxNote(draft) ? { footText: htmlText(remarkWithTaxNote(draft)) } : {}),
    ...(draft.paymentTermDays !== null ? { timeToPay: draft.paymentTermDays } : {}),
    discount: 0,
    // Without a billing address in the TMS, sevdesk takes the contact's (takeDefaultAddress).
    ...(address ? { address: addressText(draft.customer, draft.language) } : {}),
    ...(countryId ? { addressCountry: ref(countryId, 'StaticCountry') } : {}),
    status: '100',
    smallSettlement: false,
    taxRule: { id: taxRuleFor(lookups, requireRule(draft).sevdeskTaxRule), objectName: 'TaxRule' },
    taxText: taxText(draft),
    // "Not used anymore" since Update 2.0 (positions carry the rates) but still required.
    taxRate: 0,
    invoiceType: 'RE',
    currency: draft.currency,
    showNet: true,
    customerInternalNote: orderReference(draft),
    ...eInvoice,
  };
  return {
    invoice,
    invoicePosSave: draft.positions.map((p, index) => ({
      objectName: 'InvoicePos',
      mapAll: true,
      positionNumber: index,
      name: p.name,
      ...(p.description ? { text: p.description } : {}),
      quantity: Number(p.quantity),
      // Net: showNet is true, so sevdesk adds the position's VAT on top.
      price: toApiNumber(money(p.unitPriceMinor, draft.currency)),
      taxRate: p.taxRatePercent,
      unity: ref(unityFor(lookups, p.unitName), 'Unity'),
    })),
    invoicePosDelete: null,
    takeDefaultAddress: !address,
  };
}

/** A company customer as a sevdesk organisation (addresses and e-mail are separate objects). */
export function contactPayload(customer: Customer): Record<string, unknown> {
  return {
    name: customer.name,
    category: ref(CUSTOMER_CATEGORY_ID, 'Category'),
    status: 1000,
    ...(customer.vatId ? { vatNumber: customer.vatId } : {}),
    description: 'Angelegt aus dem TMS durch Frachtbeleg',
  };
}

/** The country's StaticCountry id; BillingError('validation') when the account has no such country. */
export function requireCountryId(lookups: SevdeskLookups, code: string): string {
  const id = countryIdFor(lookups, code);
  if (!id) throw new BillingError('validation', `sevdesk has no country ${code}`, { fields: [{ field: 'country', key: 'countryCode' }] });
  return id;
}

/** A billing address of the contact; refused before anything is sent if sevdesk lacks its country. */
export function addressPayload(contactId: string, name: string, address: Address, lookups: SevdeskLookups): Record<string, unknown> {
  const countryId = requireCountryId(lookups, address.countryCode);
  return {
    contact: ref(contactId, 'Contact'),
    ...(address.street ? { street: address.street } : {}),
    ...(address.zip ? { zip: address.zip } : {}),
    city: address.city,
    country: ref(countryId, 'StaticCountry'),
    category: ref(lookups.addressCategoryId, 'Category'),
    name,
  };
}

export function emailPayload(contactId: string, email: string, lookups: SevdeskLookups): Record<string, unknown> {
  return {
    contact: ref(contactId, 'Contact'),
    type: 'EMAIL',
    value: email,
    key: ref(lookups.emailKeyId, 'CommunicationWayKey'),
    main: true,
  };
}

function requireRule(draft: InvoiceDraft) {
  const rule = taxRuleOf(draft);
  if (!rule) throw new BillingError('validation', 'The invoice has no tax case yet', { fields: [{ field: 'invoice.taxRule', key: 'taxType' }] });
  return rule;
}
