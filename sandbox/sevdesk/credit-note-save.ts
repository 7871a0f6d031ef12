/**
 * POST /CreditNote/Factory/saveCreditNote without `creditNote.id`: creates a credit note with
 * its positions in one request (official OpenAPI `createcreditNote`, schemas `saveCreditNote`,
 * `Model_creditNote`, `Model_creditNotePos`; the CreditNote tag's attribute table and booking
 * categories). What the emulator enforces, as sevdesk documents it:
 * - the attributes marked necessary: creditNoteDate, status, contactPerson, currency, taxText,
 *   bookingCategory, and taxRule (Update 2.0) or taxType (1.0); plus a contact;
 * - Update 2.0: only status 100 (draft); `ACCOUNTING_TYPE` and `refSrcVoucher` not supported;
 * - UNDERACHIEVEMENT needs `refSrcInvoice`; no credit note for AR/TR invoices (nor for any
 *   type but RE here, as createFromInvoice) nor for a draft;
 * - deliveryDateUntil as on the invoice: given exactly when the invoice has one, not before it;
 * - positions in `creditNotePosSave` (the schema's property; its `required` list names a
 *   `creditNotePos` that it does not define), at least one, with the tax rule's rates.
 * Everything is validated before anything is stored; numbers are taken only on success.
 */
import type { Context } from './context';
import { requireContact } from './contacts';
import { GERMANY_ID, countryById } from './countries';
import { compareDates, parseDateInput, type CalendarDate } from './dates';
import { ZERO } from './decimal';
import { CODE_NOT_FOUND, badRequest, notFound, validationFailed } from './errors';
import { invoiceSums, positionAmounts } from './invoice-sums';
import { readPositions } from './invoice-save';
import { SEV_USER } from './lookups';
import type { CreditNoteRecord, InvoicePosRecord } from './store';
import { TAX_TYPES, checkTaxRule, requireRevenueRule } from './tax-rules';
import { readBool, readRef, readText, requireRef, type JsonObject } from './validation';

const BOOKING_CATEGORIES = ['PROVISION', 'ROYALTY_ASSIGNED', 'ROYALTY_UNASSIGNED', 'UNDERACHIEVEMENT', 'ACCOUNTING_TYPE'];

function readDay(value: unknown, field: string): CalendarDate | null {
  if (value === undefined || value === null || value === '') return null;
  const day = parseDateInput(value);
  if (!day) throw badRequest(`${field} must be a timestamp or a date like dd.mm.yyyy, ${JSON.stringify(value)} given`);
  return day;
}

/** `input` is the checked `creditNote` object (objectName, mapAll) without an id. */
export function createCreditNoteBySave(ctx: Context, body: JsonObject, input: JsonObject): { creditNote: CreditNoteRecord; positions: InvoicePosRecord[] } {
  const creditNoteDate = readDay(input.creditNoteDate, 'creditNote.creditNoteDate');
  if (!creditNoteDate) throw badRequest('creditNote.creditNoteDate is required.');

  if (input.status === undefined || input.status === null) throw badRequest('creditNote.status is required.');
  const status = String(input.status);
  if (!['100', '200', '300', '500', '750', '1000'].includes(status)) throw badRequest(`creditNote.status must be one of 100, 200, 300, 500, 750, 1000, ${status} given`);
  if (status !== '100' && (ctx.version === '2.0' || status !== '200')) {
    throw badRequest(`Credit notes can only be created with status 100 (draft), ${status} given. Change the status with sendBy, sendViaEmail or bookAmount`);
  }

  const contactId = requireRef(input.contact, 'creditNote.contact', 'Contact');
  requireContact(ctx, contactId);
  const contactPersonId = requireRef(input.contactPerson, 'creditNote.contactPerson', 'SevUser');
  if (contactPersonId !== SEV_USER.id) throw notFound('SevUser', contactPersonId);

  const currency = input.currency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) throw badRequest(`creditNote.currency is required as an ISO-4217 code like EUR, ${JSON.stringify(currency) ?? 'nothing'} given`);
  const taxText = readText(input.taxText, 'creditNote.taxText');
  if (!taxText) throw badRequest('creditNote.taxText is required.');

  const category = input.bookingCategory;
  if (typeof category !== 'string' || !BOOKING_CATEGORIES.includes(category)) {
    throw badRequest(`creditNote.bookingCategory must be one of ${BOOKING_CATEGORIES.join(', ')}, ${JSON.stringify(category) ?? 'nothing'} given`);
  }
  if (ctx.version === '2.0' && category === 'ACCOUNTING_TYPE') throw validationFailed('Creating a credit note with bookingCategory ACCOUNTING_TYPE is not supported in sevdesk-Update 2.0');
  if (ctx.version === '2.0' && input.refSrcVoucher !== undefined && input.refSrcVoucher !== null) throw validationFailed('Creating a credit note for a voucher is not possible in sevdesk-Update 2.0');
  if (category !== 'UNDERACHIEVEMENT') throw badRequest(`bookingCategory ${category} is not supported by the sevdesk sandbox emulator; it creates UNDERACHIEVEMENT credit notes`);

  const invoiceId = readRef(input.refSrcInvoice, 'creditNote.refSrcInvoice', 'Invoice');
  if (!invoiceId) throw badRequest('creditNote.refSrcInvoice is required for bookingCategory UNDERACHIEVEMENT');
  const invoice = ctx.store.invoices.get(invoiceId);
  if (!invoice) throw badRequest('Invoice was not found', CODE_NOT_FOUND);
  if (invoice.invoiceType === 'AR' || invoice.invoiceType === 'TR') throw validationFailed(`A credit note for an invoice of type ${invoice.invoiceType} is not possible`);
  if (invoice.invoiceType !== 'RE') throw badRequest(`Credit notes can only be created from invoices of type RE, not ${invoice.invoiceType}`);
  if (invoice.status === '100') throw badRequest(`Invoice ${invoice.invoiceNumber} is a draft; a credit note needs a sent invoice`);

  const deliveryDate = readDay(input.deliveryDate, 'creditNote.deliveryDate');
  const deliveryDateUntil = readDay(input.deliveryDateUntil, 'creditNote.deliveryDateUntil');
  if (invoice.deliveryDateUntil && !deliveryDateUntil) throw validationFailed(`Invoice ${invoice.invoiceNumber} has a deliveryDateUntil; the credit note needs one too`);
  if (!invoice.deliveryDateUntil && deliveryDateUntil) throw validationFailed(`Invoice ${invoice.invoiceNumber} has no deliveryDateUntil; the credit note must not have one`);
  if (invoice.deliveryDateUntil && deliveryDateUntil && compareDates(deliveryDateUntil, invoice.deliveryDateUntil) < 0) {
    throw validationFailed('The credit note deliveryDateUntil must not be before the deliveryDateUntil of the invoice');
  }

  const addressCountryId = readRef(input.addressCountry, 'creditNote.addressCountry', 'StaticCountry') ?? invoice.addressCountryId ?? GERMANY_ID;
  if (!countryById(addressCountryId)) throw notFound('StaticCountry', addressCountryId);
  const smallSettlement = readBool(input.smallSettlement, 'creditNote.smallSettlement') ?? false;
  const showNet = readBool(input.showNet, 'creditNote.showNet') ?? true;

  let taxRuleId: string | null = null;
  let taxType: string | null = null;
  if (ctx.version === '2.0') {
    taxRuleId = readRef(input.taxRule, 'creditNote.taxRule', 'TaxRule') ?? null;
    if (!taxRuleId) throw badRequest('creditNote.taxRule is required.');
    requireRevenueRule(taxRuleId);
  } else {
    taxType = readText(input.taxType, 'creditNote.taxType') || null;
    if (!taxType) throw badRequest('creditNote.taxType is required.');
    if (!(TAX_TYPES as readonly string[]).includes(taxType) || taxType === 'custom') throw badRequest(`creditNote.taxType must be one of default, eu, noteu, ss, '${taxType}' given`);
  }

  const inputs = readPositions(body.creditNotePosSave, 'creditNotePosSave', 'CreditNotePos');
  if (inputs.length === 0) throw badRequest('The given document must have at least one position');
  if (inputs.some((p) => p.id)) throw badRequest('creditNotePosSave: positions of a new credit note can not have an id');
  for (const field of ['discountSave', 'discountDelete', 'creditNotePosDelete']) {
    const value = body[field];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) throw badRequest(`${field} is not supported when creating a credit note in the sevdesk sandbox emulator`);
  }
  if (taxRuleId) {
    checkTaxRule({
      rule: requireRevenueRule(taxRuleId),
      invoiceType: 'RE',
      currency,
      destinationCountryId: addressCountryId,
      propertyIsEInvoice: false,
      smallSettlement,
      positionRates: inputs.map((p) => p.taxRate),
    });
  }

  const givenNumber = readText(input.creditNoteNumber, 'creditNote.creditNoteNumber');
  const header = readText(input.header, 'creditNote.header');
  const headText = readText(input.headText, 'creditNote.headText') ?? null;
  const footText = readText(input.footText, 'creditNote.footText') ?? null;
  const address = readText(input.address, 'creditNote.address') ?? null;
  const customerInternalNote = readText(input.customerInternalNote, 'creditNote.customerInternalNote') ?? null;

  // Valid: from here on nothing throws, and the store changes.
  const now = ctx.now();
  const number = givenNumber || ctx.store.takeCreditNoteNumber();
  const creditNote: CreditNoteRecord = {
    ...invoice,
    id: ctx.store.newId('creditNote'),
    create: now,
    update: now,
    invoiceNumber: number,
    invoiceType: 'GU',
    status,
    contactId,
    contactPersonId,
    invoiceDate: creditNoteDate,
    deliveryDate,
    deliveryDateUntil,
    header: header || `Gutschrift Nr. ${number}`,
    headText,
    footText,
    timeToPay: null,
    discount: '0',
    discountTime: null,
    address,
    addressName: null,
    addressStreet: null,
    addressZip: null,
    addressCity: null,
    addressCountryId,
    deliveryAddressCountryId: null,
    smallSettlement,
    taxRate: '0',
    taxRuleId,
    taxType,
    taxSetId: null,
    taxText,
    currency,
    showNet,
    customerInternalNote,
    paymentMethod: null,
    costCentre: null,
    origin: null,
    propertyIsEInvoice: false,
    sendType: null,
    sendDate: null,
    enshrined: null,
    sumNet: ZERO,
    sumTax: ZERO,
    sumGross: ZERO,
    paidAmount: ZERO,
    payDate: null,
    bookingCategory: 'UNDERACHIEVEMENT',
    refSrcInvoiceId: invoice.id,
  };
  const positions = inputs.map((p, index): InvoicePosRecord => ({
    id: ctx.store.newId('creditNotePos'),
    create: now,
    update: now,
    invoiceId: creditNote.id,
    positionNumber: p.positionNumber ?? index,
    name: p.name,
    text: p.text,
    quantity: p.quantity,
    price: p.price,
    unityId: p.unityId,
    taxRate: p.taxRate,
    ...positionAmounts(p.price, p.quantity, p.taxRate, showNet),
  }));
  for (const p of positions) ctx.store.creditNotePositions.set(p.id, p);
  Object.assign(creditNote, invoiceSums(positions));
  ctx.store.creditNotes.set(creditNote.id, creditNote);
  return { creditNote, positions };
}
