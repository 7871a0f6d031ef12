/**
 * Validation of `POST /v1/invoices` bodies, per the docs' property tables and text limits.
 * Violations are collected (not short-circuited) and reported in the regular error format with
 * German, bean-validation-style messages, as the real service does. Read-only fields are ignored.
 */
import { DATETIME_PATTERN, berlinDate, parseLexwareDateTime } from './datetime';
import { fractionDigits, parseDecimal, toUnits, type Decimal } from './decimal';
import type { Violation } from './errors';
import type { NumberSources } from './json-numbers';
import {
  CONTACT_BOUND_TAX_TYPES,
  LINE_ITEM_TYPES,
  SHIPPING_TYPES,
  TAX_TYPES,
  VAT_FREE_TAX_TYPES,
  type Contact,
  type LineItemType,
  type ShippingType,
  type TaxType,
} from './model';

export const MAX_LINE_ITEMS = 300;
export const TEXT_LIMITS = { title: 25, introduction: 2000, remark: 2000, deliveryTerms: 255, lineItemName: 255, lineItemDescription: 2000 } as const;
const COUNTRY_CODE = /^[A-Z]{2}(?:_[A-Z0-9]{1,3})?$/;
/** Amounts and quantities: up to 4 decimals; integer digits are capped generously. */
const AMOUNT_DIGITS = { integer: 12, fraction: 4 };
const PERCENT_DIGITS = { integer: 3, fraction: 2 };

export interface LineItemInput {
  type: LineItemType;
  name?: string;
  description?: string;
  /** scale 4 */
  quantity?: bigint;
  unitName?: string;
  /** scale 4; net or gross depending on the tax type */
  price?: bigint;
  taxRate?: number;
  /** scale 2, percent */
  discount?: bigint;
}

export interface InvoiceInput {
  voucherDate: Date;
  address: { contactId?: string; name?: string; supplement?: string; street?: string; city?: string; zip?: string; countryCode?: string };
  lineItems: LineItemInput[];
  /** cents */
  totalDiscountAbsolute?: bigint;
  /** scale 2, percent */
  totalDiscountPercentage?: bigint;
  taxConditions: { taxType: TaxType; taxTypeNote?: string; taxSubType?: string };
  shippingConditions: { shippingType: ShippingType; shippingDate?: Date; shippingEndDate?: Date };
  paymentConditions?: {
    paymentTermLabel: string;
    paymentTermDuration?: number;
    paymentDiscountConditions?: { discountPercentage: bigint; discountRange: number };
  };
  title?: string;
  introduction?: string;
  remark?: string;
  deliveryTerms?: string;
  language: 'de' | 'en';
  printLayoutId?: string;
  xRechnung?: { buyerReference: string };
}

export interface ContactLookup {
  /** The contact as the invoice service sees it: `synced` is false during the clustersync window. */
  findContact(id: string): { contact: Contact; synced: boolean } | undefined;
}

/**
 * Which sales voucher the body is for. Credit notes have no shippingConditions, payment
 * conditions or line discounts (fact sheet §3.6): the emulator ignores them when sent, as it
 * ignores other unknown fields. Dunnings carry shippingConditions optionally.
 */
export type VoucherKind = 'invoice' | 'creditnote' | 'dunning';

export type InvoiceValidation = { ok: true; input: InvoiceInput; contact?: Contact } | { ok: false; details: Violation[] };

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const present = (v: unknown): boolean => v !== undefined && v !== null;

const MSG = {
  notNull: 'darf nicht leer sein',
  invalid: 'ungültiger Wert',
  size: (min: number, max: number) => `Größe muss zwischen ${min} und ${max} sein`,
  digits: (d: { integer: number; fraction: number }) => `numerischer Wert außerhalb des gültigen Bereichs (<${d.integer} Ziffern>.<${d.fraction} Ziffern> erwartet)`,
  pattern: `muss dem Muster "${DATETIME_PATTERN}" entsprechen`,
  oneOf: (values: readonly string[]) => `muss einer der folgenden Werte sein: ${values.join(', ')}`,
};

class Details {
  readonly list: Violation[] = [];

  constructor(private readonly numbers: NumberSources) {}

  add(field: string, violation: string, message: string): void {
    this.list.push({ violation, field, message });
  }
  notNull(field: string): void {
    this.add(field, 'NOTNULL', MSG.notNull);
  }
  invalid(field: string, message: string = MSG.invalid): void {
    this.add(field, 'INVALID', message);
  }
  notAllowed(field: string, message: string): void {
    this.add(field, 'NOTALLOWED', message);
  }

  text(obj: Json, key: string, field: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const value = obj[key];
    if (!present(value) || (opts.required && typeof value === 'string' && value.trim() === '')) {
      if (opts.required) this.notNull(field);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.invalid(field);
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.add(field, 'SIZE', MSG.size(opts.required ? 1 : 0, opts.max));
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(obj: Json, key: string, field: string, values: readonly T[], required: boolean): T | undefined {
    const value = obj[key];
    if (!present(value)) {
      if (required) this.notNull(field);
      return undefined;
    }
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      this.notAllowed(field, MSG.oneOf(values));
      return undefined;
    }
    return value as T;
  }

  /** A decimal read from the number's JSON text (numeric strings are coerced, as Jackson does). */
  decimal(obj: Json, key: string, field: string, digits: { integer: number; fraction: number }, required: boolean): Decimal | undefined {
    const value = obj[key];
    if (!present(value)) {
      if (required) this.notNull(field);
      return undefined;
    }
    const text = typeof value === 'number' ? (this.numbers.get(field) ?? String(value)) : typeof value === 'string' ? value : undefined;
    const parsed = text === undefined ? undefined : parseDecimal(text);
    if (!parsed) {
      this.invalid(field);
      return undefined;
    }
    const fraction = fractionDigits(parsed);
    const integerDigits = (parsed.units < 0n ? -parsed.units : parsed.units).toString().length - parsed.scale;
    if (fraction > digits.fraction || integerDigits > digits.integer) {
      this.add(field, 'DIGITS', MSG.digits(digits));
      return undefined;
    }
    return parsed;
  }

  integer(obj: Json, key: string, field: string, min: number): number | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      this.invalid(field, `muss größer oder gleich ${min} sein`);
      return undefined;
    }
    return value;
  }

  dateTime(obj: Json, key: string, field: string, required: boolean): Date | undefined {
    const value = obj[key];
    if (!present(value)) {
      if (required) this.notNull(field);
      return undefined;
    }
    const parsed = typeof value === 'string' ? parseLexwareDateTime(value) : undefined;
    if (!parsed) this.add(field, 'PATTERN', MSG.pattern);
    return parsed;
  }

  /** A required nested object; undefined (and a violation) when it is missing or no object. */
  object(obj: Json, key: string, field: string, required: boolean): Json | undefined {
    const value = obj[key];
    if (!present(value)) {
      if (required) this.notNull(field);
      return undefined;
    }
    if (!isRecord(value)) {
      this.invalid(field);
      return undefined;
    }
    return value;
  }
}

/** Tax rates the account may use at a date: 16/5 % during the 2020 VAT cut, 19/7 % otherwise. */
function allowedTaxRates(relevantDay: string | undefined): readonly number[] {
  if (relevantDay !== undefined && relevantDay >= '2020-07-01' && relevantDay <= '2020-12-31') return [0, 5, 16];
  return [0, 7, 19];
}

function percentInRange(details: Details, value: Decimal | undefined, field: string): bigint | undefined {
  if (value === undefined) return undefined;
  const units = toUnits(value, 2);
  if (units < 0n || units > 10000n) {
    details.invalid(field, 'muss zwischen 0 und 100 liegen');
    return undefined;
  }
  return units;
}

function validateAddress(details: Details, body: Json, lookup: ContactLookup): { address?: InvoiceInput['address']; contact?: Contact } {
  const raw = details.object(body, 'address', 'address', true);
  if (!raw) return {};
  const address: InvoiceInput['address'] = {};
  let contact: Contact | undefined;
  if (present(raw.contactId)) {
    if (typeof raw.contactId !== 'string') details.invalid('address.contactId');
    else {
      const found = lookup.findContact(raw.contactId);
      // During clustersync the invoice service cannot see the new contact yet: same answer as unknown.
      if (!found || !found.synced) details.add('address.contactId', 'NOTFOUND', `Kontakt mit der ID ${raw.contactId} existiert nicht`);
      else if (!found.contact.roles.customer) details.notAllowed('address.contactId', 'Kontakt muss die Rolle Kunde haben');
      else contact = found.contact;
      address.contactId = raw.contactId;
    }
  }
  const oneTime = !present(raw.contactId);
  address.name = details.text(raw, 'name', 'address.name', { required: oneTime });
  address.supplement = details.text(raw, 'supplement', 'address.supplement');
  address.street = details.text(raw, 'street', 'address.street');
  address.city = details.text(raw, 'city', 'address.city');
  address.zip = details.text(raw, 'zip', 'address.zip');
  const countryCode = details.text(raw, 'countryCode', 'address.countryCode', { required: oneTime });
  if (countryCode !== undefined && !COUNTRY_CODE.test(countryCode)) details.invalid('address.countryCode', 'ungültiger Ländercode');
  else address.countryCode = countryCode;
  return { address, contact };
}

function validateLineItem(details: Details, raw: unknown, f: string, taxType: TaxType | undefined, rates: readonly number[], kind: VoucherKind): LineItemInput | undefined {
  if (!isRecord(raw)) {
    details.invalid(f);
    return undefined;
  }
  const type = details.oneOf(raw, 'type', `${f}.type`, LINE_ITEM_TYPES, true);
  if (type === 'service' || type === 'material') {
    // The demo account has no articles, so every article reference is unknown.
    if (!present(raw.id)) details.notNull(`${f}.id`);
    else details.add(`${f}.id`, 'NOTFOUND', `Artikel mit der ID ${String(raw.id)} existiert nicht`);
  }
  const isText = type === 'text';
  const textOnly = isText && present(raw.description) && !present(raw.name);
  const name = details.text(raw, 'name', `${f}.name`, { required: !textOnly, max: TEXT_LIMITS.lineItemName });
  const description = details.text(raw, 'description', `${f}.description`, { max: TEXT_LIMITS.lineItemDescription });
  if (type === undefined || isText) return type ? { type, name, description } : undefined;

  const quantity = details.decimal(raw, 'quantity', `${f}.quantity`, AMOUNT_DIGITS, true);
  const unitName = details.text(raw, 'unitName', `${f}.unitName`, { required: type === 'custom' });
  const discount =
    kind === 'creditnote' ? undefined : percentInRange(details, details.decimal(raw, 'discountPercentage', `${f}.discountPercentage`, PERCENT_DIGITS, false), `${f}.discountPercentage`);

  const unitPrice = details.object(raw, 'unitPrice', `${f}.unitPrice`, true);
  let price: Decimal | undefined;
  let taxRate: number | undefined;
  if (unitPrice) {
    const currency = details.text(unitPrice, 'currency', `${f}.unitPrice.currency`, { required: true });
    if (currency !== undefined && currency !== 'EUR') details.notAllowed(`${f}.unitPrice.currency`, 'Es wird nur die Währung EUR unterstützt');
    const amountKey = taxType === 'gross' ? 'grossAmount' : 'netAmount';
    price = details.decimal(unitPrice, amountKey, `${f}.unitPrice.${amountKey}`, AMOUNT_DIGITS, true);
    const rate = details.decimal(unitPrice, 'taxRatePercentage', `${f}.unitPrice.taxRatePercentage`, PERCENT_DIGITS, true);
    if (rate !== undefined) {
      const whole = fractionDigits(rate) === 0 ? Number(toUnits(rate, 0)) : NaN;
      if (taxType !== undefined && VAT_FREE_TAX_TYPES.has(taxType) && whole !== 0) {
        details.notAllowed(`${f}.unitPrice.taxRatePercentage`, `muss bei der Steuerart ${taxType} 0 sein`);
      } else if (!rates.includes(whole)) {
        details.notAllowed(`${f}.unitPrice.taxRatePercentage`, `ungültiger Steuersatz, erlaubt sind ${rates.join(', ')}`);
      } else taxRate = whole;
    }
  }
  return {
    type,
    name,
    description,
    unitName,
    quantity: quantity && toUnits(quantity, 4),
    price: price && toUnits(price, 4),
    taxRate,
    discount,
  };
}

function validateShipping(details: Details, body: Json, kind: VoucherKind): InvoiceInput['shippingConditions'] | undefined {
  if (kind === 'creditnote') return { shippingType: 'none' };
  if (kind === 'dunning' && !present(body.shippingConditions)) return { shippingType: 'none' };
  const raw = details.object(body, 'shippingConditions', 'shippingConditions', true);
  if (!raw) return undefined;
  const shippingType = details.oneOf(raw, 'shippingType', 'shippingConditions.shippingType', SHIPPING_TYPES, true);
  if (!shippingType) return undefined;
  if (shippingType === 'none') return { shippingType };
  const shippingDate = details.dateTime(raw, 'shippingDate', 'shippingConditions.shippingDate', true);
  if (!shippingType.endsWith('period')) return shippingDate ? { shippingType, shippingDate } : undefined;
  const shippingEndDate = details.dateTime(raw, 'shippingEndDate', 'shippingConditions.shippingEndDate', true);
  if (shippingDate && shippingEndDate && shippingEndDate.getTime() < shippingDate.getTime()) {
    details.invalid('shippingConditions.shippingEndDate', 'darf nicht vor dem Leistungsdatum liegen');
    return undefined;
  }
  return shippingDate && shippingEndDate ? { shippingType, shippingDate, shippingEndDate } : undefined;
}

/** The date whose tax rates apply: the end of a period, the service date, or the voucher date. */
function relevantDay(voucherDate: Date | undefined, shipping: InvoiceInput['shippingConditions'] | undefined): string | undefined {
  const date = shipping?.shippingEndDate ?? shipping?.shippingDate ?? voucherDate;
  return date && berlinDate(date);
}

function validatePayment(details: Details, body: Json): InvoiceInput['paymentConditions'] {
  const raw = details.object(body, 'paymentConditions', 'paymentConditions', false);
  if (!raw) return undefined;
  const paymentTermLabel = details.text(raw, 'paymentTermLabel', 'paymentConditions.paymentTermLabel', { required: true });
  const paymentTermDuration = details.integer(raw, 'paymentTermDuration', 'paymentConditions.paymentTermDuration', 0);
  let paymentDiscountConditions: NonNullable<InvoiceInput['paymentConditions']>['paymentDiscountConditions'];
  const discountRaw = details.object(raw, 'paymentDiscountConditions', 'paymentConditions.paymentDiscountConditions', false);
  if (discountRaw) {
    const f = 'paymentConditions.paymentDiscountConditions';
    const percentage = percentInRange(details, details.decimal(discountRaw, 'discountPercentage', `${f}.discountPercentage`, PERCENT_DIGITS, true), `${f}.discountPercentage`);
    const range = details.integer(discountRaw, 'discountRange', `${f}.discountRange`, 0);
    if (!present(discountRaw.discountRange)) details.notNull(`${f}.discountRange`);
    if (percentage !== undefined && range !== undefined) paymentDiscountConditions = { discountPercentage: percentage, discountRange: range };
  }
  if (paymentTermLabel === undefined) return undefined;
  return { paymentTermLabel, paymentTermDuration, paymentDiscountConditions };
}

export function validateInvoice(body: Json, numbers: NumberSources, lookup: ContactLookup, kind: VoucherKind = 'invoice'): InvoiceValidation {
  const details = new Details(numbers);

  const voucherDate = details.dateTime(body, 'voucherDate', 'voucherDate', true);
  const { address, contact } = validateAddress(details, body, lookup);

  const taxRaw = details.object(body, 'taxConditions', 'taxConditions', true);
  const taxType = taxRaw ? details.oneOf(taxRaw, 'taxType', 'taxConditions.taxType', TAX_TYPES, true) : undefined;
  if (taxType && CONTACT_BOUND_TAX_TYPES.has(taxType) && address && !present((body.address as Json).contactId)) {
    details.notAllowed('taxConditions.taxType', `Steuerart ${taxType} ist nur mit einem referenzierten Kontakt möglich`);
  }
  const taxTypeNote = taxRaw ? details.text(taxRaw, 'taxTypeNote', 'taxConditions.taxTypeNote') : undefined;
  const taxSubType = taxRaw ? details.oneOf(taxRaw, 'taxSubType', 'taxConditions.taxSubType', ['distanceSales', 'electronicServices'], false) : undefined;

  const shippingConditions = validateShipping(details, body, kind);
  const rates = allowedTaxRates(relevantDay(voucherDate, shippingConditions));

  const lineItems: LineItemInput[] = [];
  const itemsRaw = body.lineItems;
  if (!present(itemsRaw)) details.notNull('lineItems');
  else if (!Array.isArray(itemsRaw)) details.invalid('lineItems');
  else {
    if (itemsRaw.length < 1 || itemsRaw.length > MAX_LINE_ITEMS) details.add('lineItems', 'SIZE', MSG.size(1, MAX_LINE_ITEMS));
    itemsRaw.forEach((item, i) => {
      const parsed = validateLineItem(details, item, `lineItems[${i}]`, taxType, rates, kind);
      if (parsed) lineItems.push(parsed);
    });
  }

  const totalRaw = details.object(body, 'totalPrice', 'totalPrice', true);
  let totalDiscountAbsolute: bigint | undefined;
  let totalDiscountPercentage: bigint | undefined;
  if (totalRaw) {
    const currency = details.text(totalRaw, 'currency', 'totalPrice.currency', { required: true });
    if (currency !== undefined && currency !== 'EUR') details.notAllowed('totalPrice.currency', 'Es wird nur die Währung EUR unterstützt');
    const absolute = details.decimal(totalRaw, 'totalDiscountAbsolute', 'totalPrice.totalDiscountAbsolute', { integer: 12, fraction: 2 }, false);
    if (absolute && absolute.units < 0n) details.invalid('totalPrice.totalDiscountAbsolute', 'muss größer oder gleich 0 sein');
    else if (absolute) totalDiscountAbsolute = toUnits(absolute, 2);
    const percentage = details.decimal(totalRaw, 'totalDiscountPercentage', 'totalPrice.totalDiscountPercentage', PERCENT_DIGITS, false);
    totalDiscountPercentage = percentInRange(details, percentage, 'totalPrice.totalDiscountPercentage');
    if (absolute && percentage) details.notAllowed('totalPrice', 'totalDiscountAbsolute und totalDiscountPercentage schließen sich gegenseitig aus');
  }

  const paymentConditions = kind === 'creditnote' ? undefined : validatePayment(details, body);
  const title = details.text(body, 'title', 'title', { max: TEXT_LIMITS.title });
  const introduction = details.text(body, 'introduction', 'introduction', { max: TEXT_LIMITS.introduction });
  const remark = details.text(body, 'remark', 'remark', { max: TEXT_LIMITS.remark });
  const deliveryTerms = details.text(body, 'deliveryTerms', 'deliveryTerms', { max: TEXT_LIMITS.deliveryTerms });
  const language = details.oneOf(body, 'language', 'language', ['de', 'en'], false) ?? 'de';
  const printLayoutId = details.text(body, 'printLayoutId', 'printLayoutId');

  let xRechnung: InvoiceInput['xRechnung'];
  const xRaw = details.object(body, 'xRechnung', 'xRechnung', false);
  if (xRaw) {
    const buyerReference = details.text(xRaw, 'buyerReference', 'xRechnung.buyerReference');
    // A buyer reference is only meaningful for a contact set up for XRechnung; "" forces a standard invoice.
    if (buyerReference && !(contact?.xRechnung?.buyerReference || contact?.xRechnung?.vendorNumberAtCustomer)) {
      details.notAllowed('xRechnung.buyerReference', 'Der Kontakt ist nicht für XRechnung eingerichtet');
    } else if (buyerReference !== undefined) xRechnung = { buyerReference };
  }

  if (details.list.length > 0 || !voucherDate || !address || !taxType || !shippingConditions || !totalRaw) {
    // Every early return above records a violation, so the list is never empty here.
    return { ok: false, details: details.list };
  }
  return {
    ok: true,
    contact,
    input: {
      voucherDate,
      address,
      lineItems,
      totalDiscountAbsolute,
      totalDiscountPercentage,
      taxConditions: { taxType, ...(taxTypeNote !== undefined ? { taxTypeNote } : {}), ...(taxSubType !== undefined ? { taxSubType } : {}) },
      shippingConditions,
      paymentConditions,
      title,
      introduction,
      remark,
      deliveryTerms,
      language,
      printLayoutId,
      xRechnung,
    },
  };
}
