/**
 * Invoices and their positions: saveInvoice, reading, the PDF (with its status side
 * effect), and the few status transitions a client may use after creating a draft.
 */
import type { EmuRequest, Router } from '../kit/http';
import { applyEmbed, flag, ref, type Context } from './context';
import { displayName } from './contacts';
import { formatDate, formatInstant, germanDate, midnight, parseInstantInput } from './dates';
import { ZERO, toGermanText, toText } from './decimal';
import { byIdResponse, createdResponse, listResponse, okResponse, readEmbed, readRefFilter } from './envelope';
import { CODE_NOT_FOUND, badRequest, guarded, validationFailed } from './errors';
import { correctionRoutes } from './corrections';
import { invoiceXml } from './e-invoice';
import { saveInvoice } from './invoice-save';
import { isDelinquent, paymentRoutes } from './payments';
import { SEV_CLIENT, SEV_USER, unityById } from './lookups';
import { onePagePdf, type PdfLine } from '../kit/pdf';
import type { InvoicePosRecord, InvoiceRecord } from './store';
import { readBool, readText, requireBody } from './validation';

export const STATUS_LABELS: Record<string, string> = {
  '50': 'Deaktiviert',
  '100': 'Entwurf',
  '200': 'Offen',
  '750': 'Teilbezahlt',
  '1000': 'Bezahlt',
};

// Responses ------------------------------------------------------------------------------------

export function invoiceResponse(inv: InvoiceRecord) {
  const sumNet = toText(inv.sumNet);
  const sumTax = toText(inv.sumTax);
  const sumGross = toText(inv.sumGross);
  // Assumption: without an exchange rate, foreign-currency invoices carry the document's own
  // amounts in both sum* and sum*ForeignCurrency; EUR invoices have no foreign amounts.
  const foreign = inv.currency !== 'EUR';
  return {
    id: inv.id,
    objectName: 'Invoice',
    invoiceNumber: inv.invoiceNumber,
    contact: inv.contactId ? ref(inv.contactId, 'Contact') : null,
    create: formatInstant(inv.create),
    update: formatInstant(inv.update),
    sevClient: SEV_CLIENT,
    invoiceDate: formatDate(inv.invoiceDate),
    header: inv.header,
    headText: inv.headText,
    footText: inv.footText,
    timeToPay: inv.timeToPay,
    discountTime: inv.discountTime,
    discount: inv.discount,
    addressCountry: ref(inv.addressCountryId, 'StaticCountry'),
    payDate: inv.payDate ? formatInstant(inv.payDate) : null,
    createUser: ref(SEV_USER.id, 'SevUser'),
    deliveryDate: inv.deliveryDate ? formatDate(inv.deliveryDate) : null,
    status: inv.status,
    smallSettlement: flag(inv.smallSettlement),
    contactPerson: ref(inv.contactPersonId, 'SevUser'),
    taxRate: inv.taxRate,
    taxRule: inv.taxRuleId ? ref(inv.taxRuleId, 'TaxRule') : null,
    taxText: inv.taxText,
    dunningLevel: null,
    taxType: inv.taxType,
    paymentMethod: inv.paymentMethod,
    costCentre: inv.costCentre,
    sendDate: inv.sendDate ? formatInstant(inv.sendDate) : null,
    origin: inv.origin,
    invoiceType: inv.invoiceType,
    accountIntervall: null,
    accountNextInvoice: null,
    reminderTotal: null,
    reminderDebit: null,
    reminderDeadline: null,
    reminderCharge: null,
    taxSet: inv.taxSetId ? ref(inv.taxSetId, 'TaxSet') : null,
    address: inv.address,
    currency: inv.currency,
    sumNet,
    sumTax,
    sumGross,
    sumDiscounts: '0',
    sumNetForeignCurrency: foreign ? sumNet : '0',
    sumTaxForeignCurrency: foreign ? sumTax : '0',
    sumGrossForeignCurrency: foreign ? sumGross : '0',
    sumDiscountsForeignCurrency: '0',
    sumNetAccounting: sumNet,
    sumTaxAccounting: sumTax,
    sumGrossAccounting: sumGross,
    // The one number the spec types as a number rather than a string.
    paidAmount: Number(toText(inv.paidAmount)),
    customerInternalNote: inv.customerInternalNote,
    showNet: flag(inv.showNet),
    enshrined: inv.enshrined ? formatInstant(inv.enshrined) : null,
    sendType: inv.sendType,
    deliveryDateUntil: inv.deliveryDateUntil ? formatDate(inv.deliveryDateUntil) : null,
    datevConnectOnline: null,
    sendPaymentReceivedNotificationDate: null,
    // §4.2: the flag reads back empty whatever was sent; clients confirm with getXml.
    propertyIsEInvoice: null,
    deliveryAddressCountry: inv.deliveryAddressCountryId ? ref(inv.deliveryAddressCountryId, 'StaticCountry') : null,
  };
}

export function positionResponse(p: InvoicePosRecord) {
  return {
    id: p.id,
    objectName: 'InvoicePos',
    create: formatInstant(p.create),
    update: formatInstant(p.update),
    invoice: ref(p.invoiceId, 'Invoice'),
    part: null,
    quantity: toText(p.quantity),
    price: toText(p.price),
    name: p.name,
    unity: ref(p.unityId, 'Unity'),
    sevClient: SEV_CLIENT,
    positionNumber: String(p.positionNumber),
    text: p.text,
    discount: null,
    taxRate: toText(p.taxRate),
    sumDiscount: '0',
    sumNet: toText(p.sumNet),
    sumTax: toText(p.sumTax),
    sumGross: toText(p.sumGross),
    sumNetAccounting: toText(p.sumNet),
    sumTaxAccounting: toText(p.sumTax),
    sumGrossAccounting: toText(p.sumGross),
    priceNet: toText(p.priceNet),
    priceTax: toText(p.priceTax),
    priceGross: toText(p.priceGross),
  };
}

/** The sandbox inspection view: the invoice as the API shows it, with all its positions. */
export function inspectInvoice(ctx: Context, inv: InvoiceRecord) {
  return { ...invoiceResponse(inv), positions: ctx.store.positionsOf(inv.id).map(positionResponse) };
}

export function requireInvoice(ctx: Context, id: string | undefined): InvoiceRecord {
  const invoice = /^\d+$/.test(id ?? '') ? ctx.store.invoices.get(BigInt(id!).toString()) : undefined;
  if (!invoice) throw badRequest('Invoice was not found', CODE_NOT_FOUND);
  return invoice;
}

// Listing -------------------------------------------------------------------------------------

function instantFilter(req: EmuRequest, name: string): Date | undefined {
  const value = req.query.get(name);
  if (value === null || value === '') return undefined;
  const instant = parseInstantInput(value);
  if (!instant) throw badRequest(`${name} must be a timestamp, '${value}' given`);
  return instant;
}

/** update/create filters: Unix seconds or an ISO instant keep their time; a plain date means its midnight. */
function exactInstantFilter(req: EmuRequest, name: string): Date | undefined {
  const value = req.query.get(name);
  if (value !== null && /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value.trim())) {
    const instant = new Date(value.trim().replace(' ', 'T'));
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  return instantFilter(req, name);
}

function listInvoices(ctx: Context, req: EmuRequest) {
  const q = req.query;
  const status = q.get('status');
  const invoiceNumber = q.get('invoiceNumber');
  const invoiceType = q.get('invoiceType');
  const contactId = readRefFilter(req, 'contact', 'Contact');
  const start = instantFilter(req, 'startDate');
  const end = instantFilter(req, 'endDate');
  // The docs spell the filter "customerIntenalNote"; both spellings are read.
  const note = q.get('customerInternalNote') ?? q.get('customerIntenalNote');
  const updateAfter = exactInstantFilter(req, 'updateAfter');
  const updateBefore = exactInstantFilter(req, 'updateBefore');
  const createAfter = exactInstantFilter(req, 'createAfter');
  const createBefore = exactInstantFilter(req, 'createBefore');
  const originId = readRefFilter(req, 'origin', 'Invoice');
  const delinquent = q.get('delinquent') === 'true';
  const notDelinquent = q.get('notdelinquent') === 'true';
  const partiallyPaid = q.get('partiallyPaid') === 'true';
  // Reminders (MA) are listed only on request ("showMa=all", "showAll=true" or their type).
  const showReminders = q.get('showMa') === 'all' || q.get('showAll') === 'true' || invoiceType === 'MA';
  const now = ctx.now();
  const embed = readEmbed(req);
  const invoices = [...ctx.store.invoices.values()].filter((inv) => {
    const date = midnight(inv.invoiceDate).getTime();
    return (
      (showReminders || inv.invoiceType !== 'MA') &&
      (updateAfter === undefined || inv.update.getTime() > updateAfter.getTime()) &&
      (updateBefore === undefined || inv.update.getTime() < updateBefore.getTime()) &&
      (createAfter === undefined || inv.create.getTime() > createAfter.getTime()) &&
      (createBefore === undefined || inv.create.getTime() < createBefore.getTime()) &&
      (originId === undefined || inv.origin?.id === originId) &&
      (!delinquent || isDelinquent(inv, now)) &&
      (!notDelinquent || !isDelinquent(inv, now)) &&
      (!partiallyPaid || inv.status === '750') &&
      (status === null || inv.status === status) &&
      (invoiceNumber === null || inv.invoiceNumber === invoiceNumber) &&
      (invoiceType === null || inv.invoiceType === invoiceType) &&
      (contactId === undefined || inv.contactId === contactId) &&
      (start === undefined || date >= start.getTime()) &&
      (end === undefined || date <= end.getTime()) &&
      (note === null || inv.customerInternalNote === note)
    );
  });
  return listResponse(
    req,
    invoices.map((inv) => applyEmbed(invoiceResponse(inv), embed, ctx.resolve)),
  );
}

// PDF -----------------------------------------------------------------------------------------

function pdfLines(ctx: Context, inv: InvoiceRecord): PdfLine[] {
  const money = (d: InvoiceRecord['sumNet']) => `${toGermanText(d)} ${inv.currency}`;
  const contact = inv.contactId ? ctx.store.contacts.get(inv.contactId) : undefined;
  const lines: PdfLine[] = [
    { text: inv.header ?? `Rechnung Nr. ${inv.invoiceNumber}`, bold: true, size: 16 },
    { text: '' },
    ...(inv.address ?? (contact ? displayName(contact) : '')).split('\n').map((text) => ({ text })),
    { text: '' },
    { text: `Rechnungsnummer: ${inv.invoiceNumber}    Rechnungsdatum: ${germanDate(inv.invoiceDate)}` },
  ];
  if (inv.deliveryDate) lines.push({ text: `Lieferdatum: ${germanDate(inv.deliveryDate)}` });
  if (inv.customerInternalNote) lines.push({ text: `Referenz: ${inv.customerInternalNote}` });
  lines.push({ text: '' });
  for (const p of ctx.store.positionsOf(inv.id)) {
    const unit = unityById(p.unityId)?.name ?? '';
    lines.push({ text: `${p.positionNumber + 1}. ${p.name ?? ''}`, bold: true });
    lines.push({ text: `   ${toGermanText(p.quantity, 2)} ${unit} x ${toGermanText(p.price)} ${inv.currency}, USt. ${toText(p.taxRate)} %: ${money(p.sumNet)} netto` });
  }
  lines.push({ text: '' });
  lines.push({ text: `Netto: ${money(inv.sumNet)}` });
  lines.push({ text: `Umsatzsteuer: ${money(inv.sumTax)}` });
  lines.push({ text: `Gesamt: ${money(inv.sumGross)}`, bold: true });
  return lines;
}

// Routes --------------------------------------------------------------------------------------

export function invoiceRoutes(r: Router, ctx: Context): void {
  const { store } = ctx;

  r.post(
    '/api/v1/Invoice/Factory/saveInvoice',
    guarded((req) => {
      const { invoice, saved } = saveInvoice(ctx, requireBody(req.body, req.bodyError));
      return createdResponse({ invoice: invoiceResponse(invoice), invoicePos: saved.map(positionResponse), filename: null });
    }),
  );

  r.get(
    '/api/v1/Invoice',
    guarded((req) => listInvoices(ctx, req)),
  );
  r.get(
    '/api/v1/Invoice/:id',
    guarded((req) => byIdResponse(applyEmbed(invoiceResponse(requireInvoice(ctx, req.params.id)), readEmbed(req), ctx.resolve))),
  );
  r.get(
    '/api/v1/Invoice/:id/getPositions',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      const embed = readEmbed(req);
      return listResponse(
        req,
        store.positionsOf(invoice.id).map((p) => applyEmbed(positionResponse(p), embed, ctx.resolve)),
      );
    }),
  );
  r.get(
    '/api/v1/InvoicePos',
    guarded((req) => {
      const invoiceId = readRefFilter(req, 'invoice', 'Invoice');
      const id = req.query.get('id');
      const embed = readEmbed(req);
      const positions = [...store.positions.values()]
        .filter((p) => invoiceId === undefined || p.invoiceId === invoiceId)
        .filter((p) => id === null || p.id === id)
        .sort((a, b) => Number(a.invoiceId) - Number(b.invoiceId) || a.positionNumber - b.positionNumber);
      return listResponse(
        req,
        positions.map((p) => applyEmbed(positionResponse(p), embed, ctx.resolve)),
      );
    }),
  );

  r.get(
    '/api/v1/Invoice/:id/getPdf',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      // The documented pitfall: fetching the PDF without preventSendBy=true counts as sending
      // it, and a draft becomes "open" (200).
      const preventSendBy = req.query.get('preventSendBy') === 'true' || req.query.get('preventSendBy') === '1';
      if (!preventSendBy && invoice.status === '100') {
        const now = ctx.now();
        Object.assign(invoice, { status: '200', sendType: 'VPDF', sendDate: now, update: now });
      }
      // An e-invoice is a ZUGFeRD PDF: the XML getXml returns is embedded in it.
      const attachments = invoice.propertyIsEInvoice ? [{ name: 'factur-x.xml', mimeType: 'text/xml', content: invoiceXml(ctx, invoice) }] : [];
      const pdf = Buffer.from(onePagePdf(pdfLines(ctx, invoice), { title: invoice.invoiceNumber, producer: 'sevdesk sandbox emulator', attachments }), 'latin1');
      return okResponse({
        filename: `${invoice.invoiceNumber}.pdf`,
        mimeType: 'application/pdf',
        base64encoded: true,
        content: pdf.toString('base64'),
      });
    }),
  );

  r.get(
    '/api/v1/Invoice/:id/getXml',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      // Assumption: an invoice saved without the e-invoice flag has no XML (the spec only documents 400 for unknown ids).
      if (!invoice.propertyIsEInvoice) throw badRequest(`Invoice ${invoice.invoiceNumber} is not an e-invoice`);
      return okResponse(invoiceXml(ctx, invoice));
    }),
  );

  paymentRoutes(r, ctx, (id) => requireInvoice(ctx, id));
  correctionRoutes(r, ctx, (id) => requireInvoice(ctx, id));

  r.put(
    '/api/v1/Invoice/:id/sendBy',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      const body = requireBody(req.body, req.bodyError);
      const sendType = readText(body.sendType, 'sendType');
      if (!sendType || !['VPR', 'VP', 'VM', 'VPDF'].includes(sendType)) {
        throw badRequest(`sendType must be one of VPR, VP, VM, VPDF, ${JSON.stringify(body.sendType) ?? 'nothing'} given`);
      }
      const sendDraft = readBool(body.sendDraft, 'sendDraft');
      if (sendDraft === undefined) throw badRequest('sendDraft is required.');
      if (!sendDraft) {
        if (!invoice.contactId) throw badRequest('An invoice without a contact can not leave the draft status');
        const now = ctx.now();
        Object.assign(invoice, { sendType, sendDate: now, update: now, status: invoice.status === '100' ? '200' : invoice.status });
      }
      return okResponse(invoiceResponse(invoice));
    }),
  );
  r.put(
    '/api/v1/Invoice/:id/resetToDraft',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      if (invoice.enshrined) throw validationFailed(`Invoice ${invoice.invoiceNumber} is enshrined and can not be reset`);
      if (invoice.status !== '200') throw validationFailed(`Only open invoices (status 200) can be reset to draft, status is ${invoice.status}`);
      Object.assign(invoice, { status: '100', sendType: null, sendDate: null, update: ctx.now() });
      return okResponse(invoiceResponse(invoice));
    }),
  );
  r.put(
    '/api/v1/Invoice/:id/resetToOpen',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      if (invoice.enshrined) throw validationFailed(`Invoice ${invoice.invoiceNumber} is enshrined and can not be reset`);
      // Partly paid or paid back to open: the bookings are removed (assumption; §4.5 "resetToOpen first").
      if (invoice.status !== '750' && invoice.status !== '1000') {
        throw validationFailed(`Only partly paid or paid invoices (status 750, 1000) can be reset to open, status is ${invoice.status}`);
      }
      Object.assign(invoice, { status: '200', paidAmount: ZERO, payDate: null, update: ctx.now() });
      return okResponse(invoiceResponse(invoice));
    }),
  );
  r.put(
    '/api/v1/Invoice/:id/enshrine',
    guarded((req) => {
      const invoice = requireInvoice(ctx, req.params.id);
      if (Number(invoice.status) < 200) throw validationFailed('Only invoices with status 200 or higher can be enshrined');
      if (!invoice.enshrined) invoice.enshrined = ctx.now();
      return okResponse(null);
    }),
  );
}

