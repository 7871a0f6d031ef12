/**
 * Cancellation, credit notes and reminders (fact sheet §4.5, §4.6):
 * - `POST /Invoice/{id}/cancelInvoice` creates the cancellation invoice (SR, negated amounts,
 *   "automatically paid": 1000) with `origin` pointing at the invoice; 201 with the SR.
 * - `POST /CreditNote/Factory/createFromInvoice` creates a draft credit note (GU-…) with the
 *   invoice's positions, booking category UNDERACHIEVEMENT and `refSrcInvoice`. It takes over the
 *   e-invoice flag but not the payment method: rendering such a credit note without one gives
 *   error 830 (§4.2), so `saveCreditNote` can set it on the draft.
 * - `POST /Invoice/Factory/createInvoiceReminder` creates a reminder (MA, draft) for an open or
 *   partly paid invoice, over its open amount.
 */
import type { EmuRequest, Router } from '../kit/http';
import { onePagePdf } from '../kit/pdf';
import { applyEmbed, ref, type Context } from './context';
import { formatDate, formatInstant, germanDate } from './dates';
import { ZERO, toGermanText, toText, type Decimal } from './decimal';
import { byIdResponse, createdResponse, listResponse, okResponse, readEmbed, readRefFilter } from './envelope';
import { invoiceXml } from './e-invoice';
import { CODE_NOT_FOUND, SevdeskError, badRequest, guarded } from './errors';
import { invoiceResponse } from './invoices';
import { SEV_CLIENT, paymentMethodById } from './lookups';
import { isPayable, openAmount } from './payments';
import type { CreditNoteRecord, InvoicePosRecord, InvoiceRecord } from './store';
import { isObject, readBool, readId, readRef, readText, requireBody, requireObject, type JsonObject } from './validation';
import { createCreditNoteBySave } from './credit-note-save';

const negate = (d: Decimal): Decimal => ({ units: -d.units, scale: d.scale });

/** The cancellation invoice that already exists for an invoice, if any. */
export function cancellationOf(ctx: Context, invoiceId: string): InvoiceRecord | undefined {
  return [...ctx.store.invoices.values()].find((i) => i.invoiceType === 'SR' && i.origin?.id === invoiceId && i.origin.objectName === 'Invoice');
}

function cancelInvoice(ctx: Context, inv: InvoiceRecord): InvoiceRecord {
  if (inv.invoiceType !== 'RE' && inv.invoiceType !== 'AR' && inv.invoiceType !== 'TR' && inv.invoiceType !== 'ER') {
    throw badRequest(`Invoices of type ${inv.invoiceType} can not be cancelled`);
  }
  if (inv.status === '100') throw badRequest(`Invoice ${inv.invoiceNumber} is a draft; drafts are deleted, not cancelled`);
  if (cancellationOf(ctx, inv.id)) throw badRequest(`Invoice ${inv.invoiceNumber} has already been cancelled`);
  const now = ctx.now();
  const sr: InvoiceRecord = {
    ...inv,
    id: ctx.store.newId('invoice'),
    create: now,
    update: now,
    invoiceNumber: ctx.store.takeInvoiceNumber(),
    invoiceType: 'SR',
    status: '1000',
    header: `Stornorechnung zu Rechnung Nr. ${inv.invoiceNumber}`,
    headText: `Hiermit stornieren wir die Rechnung Nr. ${inv.invoiceNumber} vom ${germanDate(inv.invoiceDate)}.`,
    origin: ref(inv.id, 'Invoice'),
    sendType: null,
    sendDate: null,
    enshrined: null,
    sumNet: negate(inv.sumNet),
    sumTax: negate(inv.sumTax),
    sumGross: negate(inv.sumGross),
    paidAmount: negate(inv.sumGross),
    payDate: now,
  };
  ctx.store.invoices.set(sr.id, sr);
  for (const p of ctx.store.positionsOf(inv.id)) {
    const id = ctx.store.newId('position');
    ctx.store.positions.set(id, {
      ...p,
      id,
      create: now,
      update: now,
      invoiceId: sr.id,
      price: negate(p.price),
      sumNet: negate(p.sumNet),
      sumTax: negate(p.sumTax),
      sumGross: negate(p.sumGross),
      priceNet: negate(p.priceNet),
      priceTax: negate(p.priceTax),
      priceGross: negate(p.priceGross),
    });
  }
  // The source invoice has no "cancelled" status code (§4.4): only `update` shows the change.
  inv.update = now;
  return sr;
}

function createReminder(ctx: Context, inv: InvoiceRecord): InvoiceRecord {
  if (!isPayable(inv)) throw badRequest(`A reminder needs an open or partly paid invoice; ${inv.invoiceNumber} has status ${inv.status}`);
  if (cancellationOf(ctx, inv.id)) throw badRequest(`Invoice ${inv.invoiceNumber} has been cancelled`);
  const now = ctx.now();
  const open = openAmount(inv);
  const ma: InvoiceRecord = {
    ...inv,
    id: ctx.store.newId('invoice'),
    create: now,
    update: now,
    invoiceNumber: ctx.store.takeInvoiceNumber(),
    invoiceType: 'MA',
    status: '100',
    header: `Zahlungserinnerung zu Rechnung Nr. ${inv.invoiceNumber}`,
    headText: `Sicher haben Sie übersehen, dass die Rechnung Nr. ${inv.invoiceNumber} vom ${germanDate(inv.invoiceDate)} noch offen ist.`,
    origin: ref(inv.id, 'Invoice'),
    propertyIsEInvoice: false,
    sendType: null,
    sendDate: null,
    enshrined: null,
    sumNet: open,
    sumTax: ZERO,
    sumGross: open,
    paidAmount: ZERO,
    payDate: null,
  };
  ctx.store.invoices.set(ma.id, ma);
  const id = ctx.store.newId('position');
  const position: InvoicePosRecord = {
    id,
    create: now,
    update: now,
    invoiceId: ma.id,
    positionNumber: 0,
    name: `Offener Betrag aus Rechnung ${inv.invoiceNumber}`,
    text: null,
    quantity: { units: 1n, scale: 0 },
    price: open,
    unityId: '8305',
    taxRate: ZERO,
    sumNet: open,
    sumTax: ZERO,
    sumGross: open,
    priceNet: open,
    priceTax: ZERO,
    priceGross: open,
  };
  ctx.store.positions.set(id, position);
  return ma;
}

// Credit notes -------------------------------------------------------------------------------

export function creditNoteResponse(cn: CreditNoteRecord) {
  const inv = invoiceResponse(cn);
  return {
    id: cn.id,
    objectName: 'CreditNote',
    create: inv.create,
    update: inv.update,
    creditNoteNumber: cn.invoiceNumber,
    contact: inv.contact,
    creditNoteDate: formatDate(cn.invoiceDate),
    status: cn.status,
    header: cn.header,
    headText: cn.headText,
    footText: cn.footText,
    addressCountry: inv.addressCountry,
    createUser: inv.createUser,
    sevClient: SEV_CLIENT,
    deliveryDate: inv.deliveryDate,
    smallSettlement: inv.smallSettlement,
    contactPerson: inv.contactPerson,
    taxRate: inv.taxRate,
    taxRule: inv.taxRule,
    taxSet: inv.taxSet,
    taxText: inv.taxText,
    taxType: inv.taxType,
    sendDate: inv.sendDate,
    address: cn.address,
    currency: cn.currency,
    sumNet: inv.sumNet,
    sumTax: inv.sumTax,
    sumGross: inv.sumGross,
    sumDiscounts: '0',
    sumNetForeignCurrency: inv.sumNetForeignCurrency,
    sumTaxForeignCurrency: inv.sumTaxForeignCurrency,
    sumGrossForeignCurrency: inv.sumGrossForeignCurrency,
    sumDiscountsForeignCurrency: '0',
    customerInternalNote: cn.customerInternalNote,
    showNet: inv.showNet,
    sendType: cn.sendType,
    bookingCategory: cn.bookingCategory,
    refSrcInvoice: ref(cn.refSrcInvoiceId, 'Invoice'),
    paymentMethod: cn.paymentMethod,
    deliveryDateUntil: inv.deliveryDateUntil,
  };
}

function positionOfCreditNote(p: InvoicePosRecord) {
  return {
    id: p.id,
    objectName: 'CreditNotePos',
    create: formatInstant(p.create),
    update: formatInstant(p.update),
    creditNote: ref(p.invoiceId, 'CreditNote'),
    quantity: toText(p.quantity),
    price: toText(p.price),
    name: p.name,
    unity: ref(p.unityId, 'Unity'),
    sevClient: SEV_CLIENT,
    positionNumber: String(p.positionNumber),
    text: p.text,
    taxRate: toText(p.taxRate),
    sumNet: toText(p.sumNet),
    sumTax: toText(p.sumTax),
    sumGross: toText(p.sumGross),
    priceNet: toText(p.priceNet),
    priceTax: toText(p.priceTax),
    priceGross: toText(p.priceGross),
  };
}

function createCreditNote(ctx: Context, inv: InvoiceRecord): CreditNoteRecord {
  if (inv.invoiceType !== 'RE') throw badRequest(`Credit notes can only be created from invoices of type RE, not ${inv.invoiceType}`);
  if (inv.status === '100') throw badRequest(`Invoice ${inv.invoiceNumber} is a draft; a credit note needs a sent invoice`);
  const now = ctx.now();
  const cn: CreditNoteRecord = {
    ...inv,
    id: ctx.store.newId('creditNote'),
    create: now,
    update: now,
    invoiceNumber: ctx.store.takeCreditNoteNumber(),
    invoiceType: 'GU',
    status: '100',
    header: `Gutschrift zu Rechnung Nr. ${inv.invoiceNumber}`,
    // §4.2: the payment method is not taken over.
    paymentMethod: null,
    origin: null,
    sendType: null,
    sendDate: null,
    enshrined: null,
    paidAmount: ZERO,
    payDate: null,
    bookingCategory: 'UNDERACHIEVEMENT',
    refSrcInvoiceId: inv.id,
  };
  ctx.store.creditNotes.set(cn.id, cn);
  for (const p of ctx.store.positionsOf(inv.id)) {
    const id = ctx.store.newId('creditNotePos');
    ctx.store.creditNotePositions.set(id, { ...p, id, create: now, update: now, invoiceId: cn.id });
  }
  return cn;
}

function requireCreditNote(ctx: Context, id: string | undefined): CreditNoteRecord {
  const cn = /^\d+$/.test(id ?? '') ? ctx.store.creditNotes.get(BigInt(id!).toString()) : undefined;
  if (!cn) throw badRequest('CreditNote was not found', CODE_NOT_FOUND);
  return cn;
}

/**
 * saveCreditNote: without `creditNote.id` it creates a credit note with its positions
 * (credit-note-save.ts); with one it updates a draft's payment method and texts.
 */
function saveCreditNote(ctx: Context, body: JsonObject): CreditNoteRecord {
  const input = requireObject(body.creditNote, 'creditNote');
  if (input.objectName !== 'CreditNote') throw badRequest(`creditNote.objectName must be 'CreditNote', ${JSON.stringify(input.objectName) ?? 'nothing'} given`);
  if (readBool(input.mapAll, 'creditNote.mapAll') !== true) throw badRequest('creditNote.mapAll must be true');
  if (input.id === undefined || input.id === null) return createCreditNoteBySave(ctx, body, input).creditNote;
  const cn = requireCreditNote(ctx, readId(input.id, 'creditNote.id'));
  if (cn.status !== '100') throw badRequest(`Credit note ${cn.invoiceNumber} has status ${cn.status}; only drafts can be changed`);
  if (input.paymentMethod !== undefined) {
    const id = input.paymentMethod === null ? null : readRef(input.paymentMethod, 'creditNote.paymentMethod', 'PaymentMethod');
    if (id && !paymentMethodById(id)) throw badRequest('PaymentMethod was not found', CODE_NOT_FOUND);
    cn.paymentMethod = id ? ref(id, 'PaymentMethod') : null;
  }
  for (const field of ['header', 'headText', 'footText'] as const) {
    if (input[field] !== undefined) cn[field] = readText(input[field], `creditNote.${field}`) ?? null;
  }
  cn.update = ctx.now();
  return cn;
}

function creditNotePdf(ctx: Context, cn: CreditNoteRecord): string {
  if (cn.propertyIsEInvoice && !cn.paymentMethod) {
    throw new SevdeskError(400, 'Validation error: missing document_paymentMethod', 830);
  }
  const lines = [
    { text: cn.header ?? `Gutschrift ${cn.invoiceNumber}`, bold: true, size: 16 },
    { text: '' },
    ...(cn.address ?? '').split('\n').map((text) => ({ text })),
    { text: '' },
    { text: `Gutschriftnummer: ${cn.invoiceNumber}    Datum: ${germanDate(cn.invoiceDate)}` },
    { text: '' },
    ...ctx.store.creditNotePositionsOf(cn.id).map((p) => ({ text: `${p.positionNumber + 1}. ${p.name ?? ''}: ${toGermanText(p.sumNet)} ${cn.currency} netto` })),
    { text: '' },
    { text: `Gesamt: ${toGermanText(cn.sumGross)} ${cn.currency}`, bold: true },
  ];
  const xml = cn.propertyIsEInvoice ? invoiceXmlOfCreditNote(ctx, cn) : undefined;
  return onePagePdf(lines, {
    title: cn.invoiceNumber,
    producer: 'sevdesk sandbox emulator',
    ...(xml ? { attachments: [{ name: 'factur-x.xml', mimeType: 'text/xml', content: xml }] } : {}),
  });
}

/** The credit note's CII: the invoice builder over the credit note's own positions. */
function invoiceXmlOfCreditNote(ctx: Context, cn: CreditNoteRecord): string {
  const view = { ...ctx, store: Object.assign(Object.create(Object.getPrototypeOf(ctx.store)), ctx.store, { positionsOf: (id: string) => ctx.store.creditNotePositionsOf(id) }) };
  return invoiceXml(view as Context, cn, '381');
}

export function correctionRoutes(r: Router, ctx: Context, requireInvoice: (id: string | undefined) => InvoiceRecord): void {
  r.post(
    '/api/v1/Invoice/:id/cancelInvoice',
    guarded((req) => createdResponse(invoiceResponse(cancelInvoice(ctx, requireInvoice(req.params.id))))),
  );
  r.post(
    '/api/v1/Invoice/Factory/createInvoiceReminder',
    guarded((req) => {
      const fromQuery = req.query.get('invoice[id]');
      const body = isObject(req.body) ? req.body : {};
      const fromBody = isObject(body.invoice) ? readRef(body.invoice, 'invoice', 'Invoice') : undefined;
      const id = fromQuery ?? fromBody;
      if (!id) throw badRequest('invoice[id] is required.');
      if (fromQuery !== null && req.query.get('invoice[objectName]') !== 'Invoice') throw badRequest("invoice[objectName] must be 'Invoice'");
      return createdResponse(invoiceResponse(createReminder(ctx, requireInvoice(id))));
    }),
  );
  r.post(
    '/api/v1/CreditNote/Factory/createFromInvoice',
    guarded((req) => {
      const body = requireBody(req.body, req.bodyError);
      const invoiceId = readRef(requireObject(body.invoice, 'invoice'), 'invoice', 'Invoice');
      const cn = createCreditNote(ctx, requireInvoice(invoiceId));
      return createdResponse({ creditNote: creditNoteResponse(cn), creditNotePos: ctx.store.creditNotePositionsOf(cn.id).map(positionOfCreditNote), discount: [] });
    }),
  );
  r.post(
    '/api/v1/CreditNote/Factory/saveCreditNote',
    guarded((req) => {
      const cn = saveCreditNote(ctx, requireBody(req.body, req.bodyError));
      return createdResponse({ creditNote: creditNoteResponse(cn), creditNotePos: ctx.store.creditNotePositionsOf(cn.id).map(positionOfCreditNote), discount: [] });
    }),
  );
  r.get(
    '/api/v1/CreditNote',
    guarded((req: EmuRequest) => {
      const contactId = readRefFilter(req, 'contact', 'Contact');
      const status = req.query.get('status');
      const embed = readEmbed(req);
      const list = [...ctx.store.creditNotes.values()].filter((cn) => (status === null || cn.status === status) && (contactId === undefined || cn.contactId === contactId));
      return listResponse(req, list.map((cn) => applyEmbed(creditNoteResponse(cn), embed, ctx.resolve)));
    }),
  );
  r.get(
    '/api/v1/CreditNote/:id',
    guarded((req) => byIdResponse(creditNoteResponse(requireCreditNote(ctx, req.params.id)))),
  );
  // The user finalises a draft credit note in sevdesk: marked as sent it leaves the draft
  // status (100 → 200), as `Invoice/{id}/sendBy` does for an invoice (official OpenAPI `creditNoteSendBy`).
  r.put(
    '/api/v1/CreditNote/:id/sendBy',
    guarded((req) => {
      const cn = requireCreditNote(ctx, req.params.id);
      const body = requireBody(req.body, req.bodyError);
      const sendType = readText(body.sendType, 'sendType');
      if (!sendType || !['VPR', 'VP', 'VM', 'VPDF'].includes(sendType)) throw badRequest(`sendType must be one of VPR, VP, VM, VPDF, ${JSON.stringify(body.sendType) ?? 'nothing'} given`);
      const sendDraft = readBool(body.sendDraft, 'sendDraft');
      if (sendDraft === undefined) throw badRequest('sendDraft is required.');
      if (!sendDraft) {
        const now = ctx.now();
        Object.assign(cn, { sendType, sendDate: now, update: now, status: cn.status === '100' ? '200' : cn.status });
      }
      return okResponse(creditNoteResponse(cn));
    }),
  );
  r.get(
    '/api/v1/CreditNote/:id/getPdf',
    guarded((req) => {
      const cn = requireCreditNote(ctx, req.params.id);
      const pdf = Buffer.from(creditNotePdf(ctx, cn), 'latin1');
      return okResponse({ filename: `${cn.invoiceNumber}.pdf`, mimeType: 'application/pdf', base64encoded: true, content: pdf.toString('base64') });
    }),
  );
}

