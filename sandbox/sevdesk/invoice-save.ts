/**
 * POST /Invoice/Factory/saveInvoice: creates a draft invoice with its positions, or updates
 * a draft when `invoice.id` is given. Everything is validated before anything is stored, and
 * invoice numbers are only taken by requests that succeed.
 */
import type { Context, Reference } from './context';
import { requireContact } from './contacts';
import { GERMANY_ID, countryById } from './countries';
import { compareDates, parseDateInput, type CalendarDate } from './dates';
import { ZERO, compare, toText } from './decimal';
import { CODE_NOT_FOUND, badRequest, notFound, validationFailed } from './errors';
import { invoiceSums, positionAmounts } from './invoice-sums';
import { assertEInvoiceReady } from './e-invoice';
import { SEV_USER, paymentMethodById, unityById } from './lookups';
import type { InvoicePosRecord, InvoiceRecord } from './store';
import { TAX_TYPES, checkTaxRule, requireRevenueRule } from './tax-rules';
import {
  isObject,
  readBool,
  readDecimal,
  readId,
  readInteger,
  readRef,
  readText,
  requireDecimal,
  requireObject,
  requireRef,
  type JsonObject,
} from './validation';

export interface SaveResult {
  invoice: InvoiceRecord;
  /** The positions this request created or changed, as sevdesk answers them. */
  saved: InvoicePosRecord[];
}

/** Types this emulator creates; recurring invoices, cancellations and reminders it refuses. */
const CREATABLE_TYPES = new Set(['RE', 'AR', 'TR', 'ER']);
const KNOWN_TYPES = new Set(['RE', 'WKR', 'SR', 'MA', 'TR', 'AR', 'ER']);
const STATUSES = new Set(['50', '100', '200', '750', '1000']);

export type PositionInput = Pick<InvoicePosRecord, 'name' | 'text' | 'quantity' | 'price' | 'unityId' | 'taxRate'> & Partial<Pick<InvoicePosRecord, 'id' | 'positionNumber'>>;

export function saveInvoice(ctx: Context, body: JsonObject): SaveResult {
  const input = requireObject(body.invoice, 'invoice');
  if (input.objectName !== 'Invoice') {
    throw badRequest(`invoice.objectName must be 'Invoice', ${JSON.stringify(input.objectName) ?? 'nothing'} given`);
  }
  if (readBool(input.mapAll, 'invoice.mapAll') !== true) throw badRequest('invoice.mapAll must be true');

  const existing = input.id === undefined || input.id === null ? undefined : loadDraft(ctx, input.id);
  const draft = readInvoiceFields(ctx, input, existing);
  if (readBool(body.takeDefaultAddress, 'takeDefaultAddress') === true) applyDefaultAddress(ctx, draft);

  const positionInputs = readPositions(body.invoicePosSave);
  const deletedIds = readDeletedPositions(body.invoicePosDelete);
  refuseDiscounts(body);

  const current = existing ? ctx.store.positionsOf(existing.id) : [];
  for (const id of [...deletedIds, ...positionInputs.flatMap((p) => (p.id ? [p.id] : []))]) {
    if (!current.some((p) => p.id === id)) throw notFound('InvoicePos', id);
  }
  const kept = current.filter((p) => !deletedIds.includes(p.id) && !positionInputs.some((i) => i.id === p.id));
  if (kept.length + positionInputs.length === 0) throw badRequest('The given document must have at least one position');

  checkDates(draft);
  const rates = [...kept.map((p) => p.taxRate), ...positionInputs.map((p) => p.taxRate)];
  if (ctx.version === '2.0') {
    checkTaxRule({
      rule: requireRevenueRule(draft.taxRuleId ?? ''),
      invoiceType: draft.invoiceType,
      currency: draft.currency,
      destinationCountryId: draft.deliveryAddressCountryId ?? draft.addressCountryId,
      propertyIsEInvoice: draft.propertyIsEInvoice,
      smallSettlement: draft.smallSettlement,
      positionRates: rates,
    });
  }
  if (draft.paymentMethod && !paymentMethodById(draft.paymentMethod.id)) throw badRequest('PaymentMethod was not found', CODE_NOT_FOUND);
  assertEInvoiceReady(ctx, draft);

  // Valid: from here on nothing throws, and the store changes.
  const now = ctx.now();
  const invoice: InvoiceRecord = existing ? { ...draft, update: now } : { ...draft, id: ctx.store.newId('invoice'), create: now, update: now };
  if (!invoice.invoiceNumber) invoice.invoiceNumber = ctx.store.takeInvoiceNumber();
  invoice.header ??= `Rechnung Nr. ${invoice.invoiceNumber}`;

  for (const id of deletedIds) ctx.store.positions.delete(id);
  // Existing positions follow a changed showNet, so their amounts are recomputed too.
  for (const p of kept) ctx.store.positions.set(p.id, { ...p, ...positionAmounts(p.price, p.quantity, p.taxRate, invoice.showNet) });
  const nextNumber = kept.reduce((max, p) => Math.max(max, p.positionNumber + 1), 0);
  const saved = positionInputs.map((p, index) => {
    const previous = p.id ? ctx.store.positions.get(p.id) : undefined;
    const record: InvoicePosRecord = {
      id: previous?.id ?? ctx.store.newId('position'),
      create: previous?.create ?? now,
      update: now,
      invoiceId: invoice.id,
      positionNumber: p.positionNumber ?? previous?.positionNumber ?? nextNumber + index,
      name: p.name,
      text: p.text,
      quantity: p.quantity,
      price: p.price,
      unityId: p.unityId,
      taxRate: p.taxRate,
      ...positionAmounts(p.price, p.quantity, p.taxRate, invoice.showNet),
    };
    ctx.store.positions.set(record.id, record);
    return record;
  });
  Object.assign(invoice, invoiceSums(ctx.store.positionsOf(invoice.id)));
  ctx.store.invoices.set(invoice.id, invoice);
  return { invoice, saved };
}

function loadDraft(ctx: Context, rawId: unknown): InvoiceRecord {
  const id = readId(rawId, 'invoice.id');
  const invoice = ctx.store.invoices.get(id);
  if (!invoice) throw badRequest('Invoice was not found', CODE_NOT_FOUND);
  if (invoice.enshrined) throw validationFailed(`Invoice ${invoice.invoiceNumber} is enshrined and can not be changed`);
  if (invoice.status !== '100') {
    throw badRequest(`Invoice ${invoice.invoiceNumber} has status ${invoice.status}; only drafts (status 100) can be changed. Use resetToDraft first`);
  }
  return invoice;
}

type Draft = InvoiceRecord;

/** Reads the invoice fields over the existing invoice (update) or the defaults (create). */
function readInvoiceFields(ctx: Context, input: JsonObject, existing: InvoiceRecord | undefined): Draft {
  const creating = existing === undefined;
  const has = (field: string) => input[field] !== undefined;
  const text = (field: string, fallback: string | null) => (has(field) ? (readText(input[field], `invoice.${field}`) ?? null) : fallback);
  const integer = (field: string, fallback: string | null) => {
    if (!has(field)) return fallback;
    const n = readInteger(input[field], `invoice.${field}`);
    return n === undefined ? null : String(n);
  };

  const status = readStatus(ctx, input.status, existing?.status);
  const invoiceType = readInvoiceType(input.invoiceType, existing?.invoiceType);
  const currency = readCurrency(input.currency, existing?.currency);
  const invoiceDate = readDate(input.invoiceDate, 'invoiceDate') ?? existing?.invoiceDate;
  if (!invoiceDate) throw badRequest('invoiceDate is required.');
  const deliveryDate = has('deliveryDate') ? readDate(input.deliveryDate, 'deliveryDate') : (existing?.deliveryDate ?? null);
  const deliveryDateUntil = has('deliveryDateUntil')
    ? readDate(input.deliveryDateUntil, 'deliveryDateUntil')
    : (existing?.deliveryDateUntil ?? null);

  const contactId = has('contact') ? (readRef(input.contact, 'invoice.contact', 'Contact') ?? null) : (existing?.contactId ?? null);
  if (contactId) requireContact(ctx, contactId);

  const contactPersonId = has('contactPerson') || creating ? requireRef(input.contactPerson, 'invoice.contactPerson', 'SevUser') : existing.contactPersonId;
  if (contactPersonId !== SEV_USER.id) throw notFound('SevUser', contactPersonId);

  const addressCountryId = readCountry(input.addressCountry, 'invoice.addressCountry') ?? existing?.addressCountryId ?? contactCountry(ctx, contactId);
  const deliveryAddressCountryId = has('deliveryAddressCountry')
    ? (readCountry(input.deliveryAddressCountry, 'invoice.deliveryAddressCountry') ?? null)
    : (existing?.deliveryAddressCountryId ?? null);

  const tax = readTax(ctx, input, existing);
  const taxRate = has('taxRate') ? readDecimal(input.taxRate, 'invoice.taxRate') : undefined;

  return {
    id: existing?.id ?? '',
    create: existing?.create ?? new Date(0),
    update: existing?.update ?? new Date(0),
    invoiceNumber: text('invoiceNumber', existing?.invoiceNumber ?? null) || existing?.invoiceNumber || '',
    invoiceType,
    status,
    contactId,
    contactPersonId,
    invoiceDate,
    deliveryDate,
    deliveryDateUntil,
    header: text('header', existing?.header ?? null),
    headText: text('headText', existing?.headText ?? null),
    footText: text('footText', existing?.footText ?? null),
    timeToPay: integer('timeToPay', existing?.timeToPay ?? null),
    discount: integer('discount', existing?.discount ?? '0') ?? '0',
    discountTime: integer('discountTime', existing?.discountTime ?? null),
    address: text('address', existing?.address ?? null),
    addressName: text('addressName', existing?.addressName ?? null),
    addressStreet: text('addressStreet', existing?.addressStreet ?? null),
    addressZip: text('addressZip', existing?.addressZip ?? null),
    addressCity: text('addressCity', existing?.addressCity ?? null),
    addressCountryId,
    deliveryAddressCountryId,
    smallSettlement: readBool(input.smallSettlement, 'invoice.smallSettlement') ?? existing?.smallSettlement ?? false,
    taxRate: taxRate ? toText(taxRate) : (existing?.taxRate ?? '0'),
    ...tax,
    taxText: text('taxText', existing?.taxText ?? null),
    currency,
    showNet: readBool(input.showNet, 'invoice.showNet') ?? existing?.showNet ?? true,
    customerInternalNote: text('customerInternalNote', existing?.customerInternalNote ?? null),
    paymentMethod: has('paymentMethod') ? readReference(input.paymentMethod, 'invoice.paymentMethod', 'PaymentMethod') : (existing?.paymentMethod ?? null),
    costCentre: has('costCentre') ? readReference(input.costCentre, 'invoice.costCentre', 'CostCentre') : (existing?.costCentre ?? null),
    origin: has('origin') ? readReference(input.origin, 'invoice.origin') : (existing?.origin ?? null),
    propertyIsEInvoice: readBool(input.propertyIsEInvoice, 'invoice.propertyIsEInvoice') ?? existing?.propertyIsEInvoice ?? false,
    sendType: existing?.sendType ?? null,
    sendDate: existing?.sendDate ?? null,
    enshrined: null,
    sumNet: existing?.sumNet ?? ZERO,
    sumTax: existing?.sumTax ?? ZERO,
    sumGross: existing?.sumGross ?? ZERO,
    paidAmount: existing?.paidAmount ?? ZERO,
    payDate: existing?.payDate ?? null,
  };
}

function readStatus(ctx: Context, value: unknown, previous: string | undefined): string {
  if (value === undefined || value === null) {
    if (previous) return previous;
    throw badRequest('status is required.');
  }
  const status = String(readInteger(value, 'invoice.status'));
  if (!STATUSES.has(status)) throw badRequest(`invoice.status must be one of 50, 100, 200, 750, 1000, ${status} given`);
  if (ctx.version === '2.0' && status !== '100') {
    throw badRequest(
      `Invoices can only be saved with status 100 (draft) in sevdesk-Update 2.0, ${status} given. ` +
        'Change the status with sendBy, sendViaEmail or bookAmount',
    );
  }
  if (ctx.version === '1.0' && status !== '100' && status !== '200') {
    throw badRequest(`Invoices can only be created with status 100 (draft) or 200 (open), ${status} given`);
  }
  return status;
}

function readInvoiceType(value: unknown, previous: string | undefined): string {
  if (value === undefined || value === null) {
    if (previous) return previous;
    throw badRequest('invoiceType is required.');
  }
  const type = String(value);
  if (!KNOWN_TYPES.has(type)) throw badRequest(`invoiceType must be one of RE, WKR, SR, MA, TR, AR, ER, '${type}' given`);
  if (!CREATABLE_TYPES.has(type)) {
    throw badRequest(`invoiceType ${type} is not supported by the sevdesk sandbox emulator; it creates RE, AR, TR and ER invoices`);
  }
  return type;
}

function readCurrency(value: unknown, previous: string | undefined): string {
  if (value === undefined || value === null || value === '') {
    if (previous) return previous;
    throw badRequest('Currency is required.');
  }
  if (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value)) {
    throw badRequest(`Currency must be an ISO-4217 code like EUR, ${JSON.stringify(value)} given`);
  }
  return value;
}

function readDate(value: unknown, field: string): CalendarDate | null {
  if (value === undefined || value === null || value === '') return null;
  const date = parseDateInput(value);
  if (!date) throw badRequest(`invoice.${field} must be a timestamp or a date like dd.mm.yyyy, ${JSON.stringify(value)} given`);
  return date;
}

function readCountry(value: unknown, field: string): string | undefined {
  const id = readRef(value, field, 'StaticCountry');
  if (id !== undefined && !countryById(id)) throw notFound('StaticCountry', id);
  return id;
}

function readReference(value: unknown, field: string, objectName?: string): Reference | null {
  if (value === undefined || value === null) return null;
  if (objectName) return { id: readRef(value, field, objectName)!, objectName };
  if (!isObject(value) || typeof value.objectName !== 'string') {
    throw badRequest(`${field} expected array with 'id' and 'objectName'`);
  }
  return { id: readId(value.id, `${field}.id`), objectName: value.objectName };
}

/** Without an addressCountry the contact's first address decides, else Germany. */
function contactCountry(ctx: Context, contactId: string | null): string {
  return (contactId && ctx.store.addressesOf(contactId)[0]?.countryId) || GERMANY_ID;
}

function readTax(ctx: Context, input: JsonObject, existing: InvoiceRecord | undefined): Pick<Draft, 'taxRuleId' | 'taxType' | 'taxSetId'> {
  const taxRuleId = readRef(input.taxRule, 'invoice.taxRule', 'TaxRule');
  const taxType = readText(input.taxType, 'invoice.taxType') || undefined;
  const taxSetId = readRef(input.taxSet, 'invoice.taxSet', 'TaxSet');

  if (ctx.version === '1.0') {
    const type = taxType ?? existing?.taxType;
    if (!type) throw badRequest('taxType is required.');
    if (!(TAX_TYPES as readonly string[]).includes(type)) throw badRequest(`taxType must be one of ${TAX_TYPES.join(', ')}, '${type}' given`);
    const setId = taxSetId ?? existing?.taxSetId ?? null;
    if (type === 'custom' && !setId) throw badRequest("taxSet is required for taxType 'custom'");
    return { taxRuleId: null, taxType: type, taxSetId: type === 'custom' ? setId : null };
  }

  if (taxType === 'custom' || taxSetId !== undefined) {
    throw validationFailed("taxType 'custom' and taxSet are not supported in sevdesk-Update 2.0; send a taxRule instead");
  }
  const ruleId = taxRuleId ?? existing?.taxRuleId;
  if (!ruleId) {
    if (taxType) throw validationFailed(`taxType '${taxType}' is not accepted without a taxRule in sevdesk-Update 2.0; send taxRule {id, objectName: 'TaxRule'}`);
    throw badRequest('taxRule is required.');
  }
  requireRevenueRule(ruleId);
  return { taxRuleId: ruleId, taxType: null, taxSetId: null };
}

function applyDefaultAddress(ctx: Context, draft: Draft): void {
  if (!draft.contactId) throw badRequest('takeDefaultAddress needs invoice.contact');
  const contact = requireContact(ctx, draft.contactId);
  const address = ctx.store.addressesOf(contact.id)[0];
  if (!address) return;
  const country = countryById(address.countryId);
  const name = address.name ?? contact.name ?? [contact.surename, contact.familyname].filter(Boolean).join(' ');
  const lines = [name, address.street, [address.zip, address.city].filter(Boolean).join(' ')];
  if (address.countryId !== GERMANY_ID && country) lines.push(country.name);
  draft.address = lines.filter(Boolean).join('\n');
  draft.addressCountryId = address.countryId;
}

/** Positions of saveInvoice (`invoicePosSave`), or of saveCreditNote (`creditNotePosSave`, `CreditNotePos`). */
export function readPositions(value: unknown, list = 'invoicePosSave', objectName = 'InvoicePos'): PositionInput[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest(`${list} expected array of positions`);
  return value.map((raw, index) => {
    const field = `${list}[${index}]`;
    const p = requireObject(raw, field);
    if (p.objectName !== objectName) throw badRequest(`${field}.objectName must be '${objectName}', ${JSON.stringify(p.objectName) ?? 'nothing'} given`);
    if (readBool(p.mapAll, `${field}.mapAll`) !== true) throw badRequest(`${field}.mapAll must be true`);
    const unityId = requireRef(p.unity, `${field}.unity`, 'Unity');
    if (!unityById(unityId)) throw notFound('Unity', unityId);
    const quantity = requireDecimal(p.quantity, `${field}.quantity`);
    const taxRate = requireDecimal(p.taxRate, `${field}.taxRate`);
    if (compare(taxRate, ZERO) < 0) throw badRequest(`${field}.taxRate must not be negative`);
    const discount = readDecimal(p.discount, `${field}.discount`);
    if (discount && discount.units !== 0n) {
      throw badRequest(`${field}.discount: position discounts are not supported by the sevdesk sandbox emulator`);
    }
    const partId = readRef(p.part, `${field}.part`, 'Part');
    if (partId !== undefined) throw notFound('Part', partId);
    const positionNumber = readInteger(p.positionNumber, `${field}.positionNumber`);
    return {
      ...(p.id !== undefined && p.id !== null ? { id: readId(p.id, `${field}.id`) } : {}),
      ...(positionNumber !== undefined ? { positionNumber } : {}),
      name: readText(p.name, `${field}.name`) ?? null,
      text: readText(p.text, `${field}.text`) ?? null,
      quantity,
      price: readDecimal(p.price, `${field}.price`) ?? ZERO,
      unityId,
      taxRate,
    };
  });
}

function readDeletedPositions(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item, index) => requireRef(item, `invoicePosDelete[${index}]`, 'InvoicePos'));
}

function refuseDiscounts(body: JsonObject): void {
  for (const field of ['discountSave', 'discountDelete']) {
    const value = body[field];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    throw badRequest(`${field}: invoice discounts are not supported by the sevdesk sandbox emulator`);
  }
}

function checkDates(draft: Draft): void {
  if (draft.invoiceType === 'RE' && draft.deliveryDate && compareDates(draft.deliveryDate, draft.invoiceDate) > 0) {
    throw badRequest(
      'You can not create a regular invoice with the deliveryDate being later than the invoiceDate. ' +
        'To do that you will need to create a so called Abschlagsrechnung by setting the invoiceType parameter to AR.',
    );
  }
  if (draft.deliveryDate && draft.deliveryDateUntil && compareDates(draft.deliveryDateUntil, draft.deliveryDate) < 0) {
    throw badRequest('invoice.deliveryDateUntil must not be before invoice.deliveryDate');
  }
}
