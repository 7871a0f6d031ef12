/**
 * "Cancel invoice" in sevdesk (fact sheet e-invoicing-and-tax §4.5): `POST /Invoice/{id}/cancelInvoice`
 * without a body answers 201 with the cancellation invoice (SR, negated amounts, "automatically
 * paid"), whose `origin` is the invoice. sevdesk has no "cancelled" status (§4.4), so the SR
 * is what the book keeps; a later look finds it by `invoiceType=SR` and `origin`.
 *
 * "Correct invoice" (the whole invoice or chosen positions): ONE `POST /CreditNote/Factory/saveCreditNote`
 * (official OpenAPI `createcreditNote`) with the chosen positions, `bookingCategory: UNDERACHIEVEMENT`
 * and `refSrcInvoice`. One POST keeps "exactly once" clean (createFromInvoice and then deleting
 * positions would be several writes, each of which can be lost). sevdesk makes credit notes as
 * drafts (status 100, Update 2.0): the user finalises and sends it in sevdesk. `GET /CreditNote`
 * has no refSrcInvoice filter, so a later look lists the invoice's contact's credit notes and
 * matches `refSrcInvoice` itself.
 */
import * as v from 'valibot';
import type { CorrectionClient, CorrectionLine, CorrectionRequest, CreatedCorrection } from '../../book/correction';
import type { IsoDate } from '../../domain/dates';
import type { InvoiceRow } from '../../book/schema';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { correctionIntroduction } from '../lexware/correction-client';
import { amountMinor } from './invoices';
import { sevdeskDate, sevdeskDay } from './dates';
import { scan } from './paging';
import { htmlText, ref } from './payload';
import { createSevdeskHttp, type SevdeskOptions } from './provider';
import { AmountSchema, CodeSchema, FlagSchema, IdSchema, ListSchema, ObjectSchema, RefSchema } from './schemas';

const CancellationSchema = v.looseObject({
  id: IdSchema,
  invoiceNumber: v.optional(v.nullable(v.string())),
  invoiceType: v.optional(v.nullable(v.string())),
  invoiceDate: v.string(),
  currency: v.optional(v.nullable(v.string())),
  sumNet: AmountSchema,
  sumTax: AmountSchema,
  sumGross: AmountSchema,
});
type Cancellation = v.InferOutput<typeof CancellationSchema>;

const Text = v.optional(v.nullable(v.string()));
const OptionalRef = v.optional(v.nullable(RefSchema));

/** What a credit note repeats of its invoice (GET /Invoice/{id}). */
const CorrectedInvoiceSchema = v.looseObject({
  id: IdSchema,
  invoiceNumber: Text,
  contact: RefSchema,
  contactPerson: RefSchema,
  address: Text,
  addressCountry: OptionalRef,
  deliveryDate: Text,
  deliveryDateUntil: Text,
  taxRule: OptionalRef,
  taxType: Text,
  taxText: Text,
  currency: v.string(),
  showNet: v.optional(v.nullable(FlagSchema)),
  smallSettlement: v.optional(v.nullable(FlagSchema)),
  customerInternalNote: Text,
});
type CorrectedInvoice = v.InferOutput<typeof CorrectedInvoiceSchema>;

/** An invoice position (GET /Invoice/{id}/getPositions?embed=unity): amounts as sevdesk answers them. */
const PositionSchema = v.looseObject({
  id: IdSchema,
  positionNumber: v.optional(v.nullable(CodeSchema)),
  name: Text,
  text: Text,
  quantity: AmountSchema,
  price: v.optional(v.nullable(AmountSchema)),
  taxRate: AmountSchema,
  sumNet: AmountSchema,
  unity: v.looseObject({ id: IdSchema, objectName: v.optional(v.string()), name: Text }),
});
type Position = v.InferOutput<typeof PositionSchema>;

const CreditNoteSchema = v.looseObject({
  id: IdSchema,
  creditNoteNumber: Text,
  creditNoteDate: v.string(),
  currency: Text,
  refSrcInvoice: OptionalRef,
  sumNet: AmountSchema,
  sumTax: AmountSchema,
  sumGross: AmountSchema,
});
type CreditNote = v.InferOutput<typeof CreditNoteSchema>;

const SaveCreditNoteAnswerSchema = ObjectSchema(v.looseObject({ creditNote: CreditNoteSchema }));

/** The header names the invoice, as the Lexware introduction does (the print shows no invoice number otherwise). */
export const creditNoteHeader = (invoiceNumber: string): string => `Rechnungskorrektur zu Rechnung ${invoiceNumber}`;

/**
 * The credit note's id in the book. sevdesk numbers invoices and credit notes apart, so a credit
 * note may have an invoice's id: as a plain id its book row (`sevdesk|<id>`) could overwrite that
 * invoice's row, and the payment poll (which lists invoices) would read the invoice's status into it.
 */
export const creditNoteBookId = (id: string): string => `CreditNote-${id}`;

const day = (value: string | null | undefined): IsoDate | null => (value ? sevdeskDay(value) : null);
const number = (value: string | number): number => Number(value);

/**
 * The saveCreditNote body (official OpenAPI `saveCreditNote`, `Model_creditNote`, `Model_creditNotePos`):
 * the credit note repeats the invoice's contact, address, tax rule and texts, its delivery period
 * (sevdesk Update 2.0 ties the credit note's deliveryDateUntil to the invoice's), and the chosen
 * positions at their price as sent (`showNet` as on the invoice). The last five parameters are sent
 * always, as the spec asks.
 */
export function creditNotePayload(invoice: CorrectedInvoice, positions: readonly Position[], invoiceNumber: string, today: IsoDate): Record<string, unknown> {
  const deliveryDate = day(invoice.deliveryDate);
  const deliveryDateUntil = day(invoice.deliveryDateUntil);
  const creditNote = {
    objectName: 'CreditNote',
    mapAll: true,
    creditNoteDate: sevdeskDate(today),
    contact: ref(invoice.contact.id, 'Contact'),
    contactPerson: ref(invoice.contactPerson.id, 'SevUser'),
    status: '100',
    header: creditNoteHeader(invoiceNumber),
    headText: htmlText(correctionIntroduction('de', invoiceNumber, 'correct')),
    ...(invoice.address ? { address: invoice.address } : {}),
    ...(invoice.addressCountry ? { addressCountry: ref(invoice.addressCountry.id, 'StaticCountry') } : {}),
    ...(deliveryDate ? { deliveryDate: sevdeskDate(deliveryDate) } : {}),
    ...(deliveryDateUntil ? { deliveryDateUntil: sevdeskDate(deliveryDateUntil) } : {}),
    ...(invoice.taxRule ? { taxRule: { id: invoice.taxRule.id, objectName: 'TaxRule' } } : { taxType: invoice.taxType ?? 'default' }),
    taxText: invoice.taxText || 'Umsatzsteuer',
    taxRate: 0,
    smallSettlement: invoice.smallSettlement ?? false,
    bookingCategory: 'UNDERACHIEVEMENT',
    refSrcInvoice: ref(invoice.id, 'Invoice'),
    currency: invoice.currency,
    showNet: invoice.showNet ?? true,
    ...(invoice.customerInternalNote ? { customerInternalNote: invoice.customerInternalNote } : {}),
  };
  return {
    creditNote,
    creditNotePosSave: positions.map((p, index) => ({
      objectName: 'CreditNotePos',
      mapAll: true,
      positionNumber: index,
      ...(p.name ? { name: p.name } : {}),
      ...(p.text ? { text: p.text } : {}),
      quantity: number(p.quantity),
      price: number(p.price ?? 0),
      taxRate: number(p.taxRate),
      unity: ref(p.unity.id, 'Unity'),
    })),
    creditNotePosDelete: null,
    discountSave: null,
    discountDelete: null,
    takeDefaultAddress: false,
    forCashRegister: false,
  };
}

export function createSevdeskCorrectionClient(options: Pick<SevdeskOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs' | 'errorStreak'>, http: HttpClient = createSevdeskHttp(options)): CorrectionClient {
  const cancellationUrl = (id: string) => `${options.endpoints.app}/fi/detail/type/SR/id/${encodeURIComponent(id)}`;
  const creditNoteUrl = (id: string) => `${options.endpoints.app}/fi/detail/type/GU/id/${encodeURIComponent(id)}`;

  const readInvoice = async (invoiceId: string): Promise<CorrectedInvoice> => {
    const { data } = await http.get(`/Invoice/${encodeURIComponent(invoiceId)}`, { schema: ListSchema(v.unknown()) });
    const parsed = v.safeParse(CorrectedInvoiceSchema, data.objects[0]);
    if (!parsed.success) throw new BillingError('bad-response', `sevdesk answered invoice ${invoiceId} in an unexpected shape`);
    return parsed.output;
  };

  /** The invoice's positions in their order (positionNumber, then as listed). */
  const readPositions = async (invoiceId: string): Promise<Position[]> => {
    const { data } = await http.get(`/Invoice/${encodeURIComponent(invoiceId)}/getPositions`, { query: { embed: 'unity', limit: 1000 }, schema: ListSchema(PositionSchema) });
    return data.objects.map((p, i) => ({ p, i })).sort((a, b) => number(a.p.positionNumber ?? a.i) - number(b.p.positionNumber ?? b.i) || a.i - b.i).map(({ p }) => p);
  };

  /** A draft credit note: the book keeps it unsettled, and the invoice stays as it is until the user finalises it in sevdesk. */
  const toCreditNote = (cn: CreditNote, fallbackCurrency: string): CreatedCorrection => {
    const currency = cn.currency || fallbackCurrency;
    const [net, tax, gross] = [amountMinor(cn.sumNet, currency), amountMinor(cn.sumTax, currency), amountMinor(cn.sumGross, currency)];
    const date = sevdeskDay(cn.creditNoteDate);
    if (net === null || tax === null || gross === null || date === null) {
      throw new BillingError('bad-response', `sevdesk answered credit note ${cn.id} in an unexpected shape`, { outcome: 'unknown' });
    }
    const [n, g] = [Math.abs(net), Math.abs(gross)];
    return { id: creditNoteBookId(cn.id), number: cn.creditNoteNumber || null, url: creditNoteUrl(cn.id), kind: 'creditNote', date, netMinor: n, taxMinor: g - n, grossMinor: g, full: false, draft: true };
  };

  const makeCreditNote = async (row: InvoiceRow, request: CorrectionRequest, today: IsoDate): Promise<CreatedCorrection> => {
    const invoice = await readInvoice(row.invoiceId);
    const positions = await readPositions(row.invoiceId);
    const chosen = request.lines === undefined ? positions : positions.filter((_, index) => request.lines!.includes(index));
    if (chosen.length === 0 || (request.lines && chosen.length !== new Set(request.lines).size)) {
      throw new BillingError('validation', 'The chosen positions are not on the sevdesk invoice', { fields: [{ field: 'creditNotePosSave', key: 'positions' }] });
    }
    const body = creditNotePayload(invoice, chosen, invoice.invoiceNumber || row.invoiceNumber || row.invoiceId, today);
    const { data } = await http.post('/CreditNote/Factory/saveCreditNote', { body, schema: v.unknown() });
    const parsed = v.safeParse(SaveCreditNoteAnswerSchema, data);
    // sevdesk answered success: the credit note exists, so the outcome is "unknown" (looked up, never sent again).
    if (!parsed.success) throw new BillingError('bad-response', 'sevdesk answered saveCreditNote in an unexpected shape', { outcome: 'unknown' });
    return toCreditNote(parsed.output.objects.creditNote, row.currency);
  };

  /** A credit note of the invoice's contact whose refSrcInvoice is the invoice (GET /CreditNote has no such filter). */
  const findCreditNote = async (row: InvoiceRow): Promise<CreatedCorrection | null> => {
    const invoice = await readInvoice(row.invoiceId);
    const listed = await scan(http, '/CreditNote', { 'contact[id]': invoice.contact.id, 'contact[objectName]': 'Contact' }, v.unknown());
    for (const raw of listed) {
      const parsed = v.safeParse(CreditNoteSchema, raw);
      if (parsed.success && parsed.output.refSrcInvoice?.id === row.invoiceId) return toCreditNote(parsed.output, row.currency);
    }
    return null;
  };

  /** The SR's amounts are negative; the book keeps a correction document's amounts as positive values. */
  const toCorrection = (sr: Cancellation, fallbackCurrency: string): CreatedCorrection => {
    const currency = sr.currency ?? fallbackCurrency;
    const net = amountMinor(sr.sumNet, currency);
    const tax = amountMinor(sr.sumTax, currency);
    const gross = amountMinor(sr.sumGross, currency);
    const day = sevdeskDay(sr.invoiceDate);
    if (net === null || tax === null || gross === null || day === null) {
      throw new BillingError('bad-response', `sevdesk answered cancellation invoice ${sr.id} in an unexpected shape`, { outcome: 'unknown' });
    }
    const [n, t, g] = [Math.abs(net), Math.abs(tax), Math.abs(gross)];
    return { id: sr.id, number: sr.invoiceNumber || null, url: cancellationUrl(sr.id), kind: 'cancellationInvoice', date: day, netMinor: n, taxMinor: g - n === t ? t : g - n, grossMinor: g, full: true };
  };

  const findCancellation = async (row: InvoiceRow): Promise<CreatedCorrection | null> => {
    const { data } = await http.get('/Invoice', {
      query: { invoiceType: 'SR', 'origin[id]': row.invoiceId, 'origin[objectName]': 'Invoice', limit: 10 },
      schema: ListSchema(v.unknown()),
    });
    for (const raw of data.objects) {
      const parsed = v.safeParse(CancellationSchema, raw);
      if (parsed.success && (!parsed.output.invoiceType || parsed.output.invoiceType === 'SR')) return toCorrection(parsed.output, row.currency);
    }
    return null;
  };

  return {
    async invoiceLines(invoiceId): Promise<CorrectionLine[]> {
      const positions = await readPositions(invoiceId);
      return positions.map((p, index) => {
        const netMinor = amountMinor(p.sumNet, 'EUR');
        if (netMinor === null) throw new BillingError('bad-response', `sevdesk answered a position of invoice ${invoiceId} in an unexpected shape`);
        return { index, name: p.name ?? p.text ?? '', quantity: number(p.quantity), unitName: p.unity.name ?? '', netMinor, taxRatePercentage: number(p.taxRate) };
      });
    },

    async createCorrection(row, request, today) {
      if (request.kind === 'correct') return makeCreditNote(row, request, today);
      const { data } = await http.post(`/Invoice/${encodeURIComponent(row.invoiceId)}/cancelInvoice`, { schema: v.unknown() });
      const parsed = v.safeParse(ObjectSchema(v.union([CancellationSchema, v.array(CancellationSchema)])), data);
      const sr = parsed.success ? (Array.isArray(parsed.output.objects) ? parsed.output.objects[0] : parsed.output.objects) : undefined;
      // sevdesk answered success: the SR exists, so the outcome is "unknown" (looked up, never sent again).
      if (!sr) throw new BillingError('bad-response', 'sevdesk answered cancelInvoice in an unexpected shape', { outcome: 'unknown' });
      return toCorrection(sr, row.currency);
    },

    // The intent does not say which was asked for: an SR (cancel) or a credit note (correct).
    async findCorrection(row) {
      return (await findCancellation(row)) ?? (await findCreditNote(row));
    },
  };
}
