/**
 * "Correct invoice" / "Cancel invoice" in Lexware Office (fact sheet e-invoicing-and-tax §3.6):
 * a credit note linked with `POST /v1/credit-notes?precedingSalesVoucherId={invoiceId}&finalize=true`,
 * one per invoice, for the whole invoice or chosen lines. Lexware has no storno through the API:
 * a cancellation is a credit note for the full amount. The printed credit note does not show
 * the invoice number, so the introduction names it ("Rechnungskorrektur zu Rechnung RE-…").
 * Credit notes carry no due date, shipping or payment conditions and no line discounts.
 */
import * as v from 'valibot';
import { minorFromApiNumber } from '../../domain/money';
import type { CorrectionClient, CorrectionLine, CreatedCorrection } from '../../book/correction';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { lexwareDay, toLexwareDateTime } from './datetime';
import { createLexwareHttp, type LexwareOptions } from './provider';
import { ActionResultSchema } from './schemas';

const Text = v.optional(v.nullable(v.string()));

const LineItemSchema = v.looseObject({
  type: v.string(),
  name: Text,
  description: Text,
  quantity: v.optional(v.nullable(v.number())),
  unitName: Text,
  unitPrice: v.optional(
    v.nullable(
      v.looseObject({
        currency: v.optional(v.string()),
        netAmount: v.optional(v.nullable(v.number())),
        grossAmount: v.optional(v.nullable(v.number())),
        taxRatePercentage: v.number(),
      }),
    ),
  ),
  discountPercentage: v.optional(v.nullable(v.number())),
});

/** What a credit note must repeat of its invoice: customer, tax conditions, language, lines. */
const CorrectedInvoiceSchema = v.looseObject({
  id: v.string(),
  voucherNumber: Text,
  voucherStatus: v.string(),
  language: Text,
  address: v.looseObject({
    contactId: Text,
    name: Text,
    supplement: Text,
    street: Text,
    city: Text,
    zip: Text,
    countryCode: Text,
  }),
  taxConditions: v.looseObject({ taxType: v.string(), taxTypeNote: Text }),
  lineItems: v.optional(v.array(LineItemSchema), []),
  relatedVouchers: v.optional(v.array(v.looseObject({ id: v.string(), voucherType: v.optional(v.string()) })), []),
});
type CorrectedInvoice = v.InferOutput<typeof CorrectedInvoiceSchema>;

const CreditNoteSchema = v.looseObject({
  id: v.string(),
  voucherNumber: Text,
  voucherDate: v.string(),
  totalPrice: v.looseObject({ currency: v.optional(v.string(), 'EUR'), totalNetAmount: v.number(), totalTaxAmount: v.number(), totalGrossAmount: v.number() }),
});

/** Title ≤ 25 characters (API sheet §1.4); "Gutschrift" would mean self-billing, so never that. */
const TITLES = {
  de: { correct: 'Rechnungskorrektur', cancel: 'Stornorechnung' },
  en: { correct: 'Invoice correction', cancel: 'Cancellation invoice' },
} as const;

/** The introduction: the printed credit note shows no invoice number, so the text must. */
export function correctionIntroduction(language: 'de' | 'en', invoiceNumber: string, kind: 'correct' | 'cancel'): string {
  if (language === 'en') {
    return kind === 'cancel' ? `Invoice correction to invoice ${invoiceNumber}: the invoice is cancelled in full.` : `Invoice correction to invoice ${invoiceNumber}.`;
  }
  return kind === 'cancel' ? `Rechnungskorrektur zu Rechnung ${invoiceNumber}: Die Rechnung wird vollständig storniert.` : `Rechnungskorrektur zu Rechnung ${invoiceNumber}.`;
}

/** The priced lines of an invoice (text lines carry no amount and are not credited). */
function pricedLines(invoice: CorrectedInvoice): { index: number; item: v.InferOutput<typeof LineItemSchema> }[] {
  return invoice.lineItems.map((item, index) => ({ index, item })).filter(({ item }) => item.type !== 'text' && item.unitPrice);
}

/** A line's price after its discount: credit notes have no line discounts (§3.6). 4 decimals, as Lexware takes them. */
function discounted(amount: number, discountPercentage: number | null | undefined): number {
  if (!discountPercentage) return amount;
  return Math.round(amount * (100 - discountPercentage) * 100) / 10_000;
}

export function createLexwareCorrectionClient(options: Pick<LexwareOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs'>, http: HttpClient = createLexwareHttp(options)): CorrectionClient {
  const creditNoteUrl = (id: string) => `${options.endpoints.app}/permalink/credit-notes/view/${encodeURIComponent(id)}`;
  const readInvoice = async (id: string) => (await http.get(`/invoices/${encodeURIComponent(id)}`, { schema: CorrectedInvoiceSchema })).data;

  const readCreditNote = async (id: string, invoiceGrossMinor: number): Promise<CreatedCorrection> => {
    const { data } = await http.get(`/credit-notes/${encodeURIComponent(id)}`, { schema: CreditNoteSchema });
    const currency = data.totalPrice.currency;
    const net = minorFromApiNumber(data.totalPrice.totalNetAmount, currency);
    const tax = minorFromApiNumber(data.totalPrice.totalTaxAmount, currency);
    const gross = minorFromApiNumber(data.totalPrice.totalGrossAmount, currency);
    if (net === null || tax === null || gross === null || net + tax !== gross) {
      // It exists: whoever reads this must not make another.
      throw new BillingError('bad-response', `Lexware Office answered credit note ${id} with unreadable totals`, { outcome: 'unknown' });
    }
    return { id: data.id, number: data.voucherNumber || null, url: creditNoteUrl(data.id), kind: 'creditNote', date: lexwareDay(data.voucherDate), netMinor: net, taxMinor: tax, grossMinor: gross, full: gross >= invoiceGrossMinor };
  };

  return {
    async invoiceLines(invoiceId) {
      const invoice = await readInvoice(invoiceId);
      return pricedLines(invoice).map(({ index, item }): CorrectionLine => {
        const price = item.unitPrice!;
        const amount = discounted(price.netAmount ?? price.grossAmount ?? 0, item.discountPercentage);
        return {
          index,
          name: item.name ?? '',
          quantity: item.quantity ?? 1,
          unitName: item.unitName ?? '',
          netMinor: Math.round(amount * (item.quantity ?? 1) * 100),
          taxRatePercentage: price.taxRatePercentage,
        };
      });
    },

    async createCorrection(row, request, today) {
      const invoice = await readInvoice(row.invoiceId);
      const priced = pricedLines(invoice);
      const wanted = request.kind === 'cancel' || request.lines === undefined ? priced : priced.filter(({ index }) => request.lines!.includes(index));
      if (wanted.length === 0) throw new BillingError('validation', 'No invoice line chosen to correct');
      const gross = invoice.taxConditions.taxType === 'gross';
      const a = invoice.address;
      const address = a.contactId
        ? { contactId: a.contactId }
        : Object.fromEntries(Object.entries({ name: a.name, supplement: a.supplement, street: a.street, city: a.city, zip: a.zip, countryCode: a.countryCode }).filter(([, value]) => value));
      const language = invoice.language === 'en' ? 'en' : 'de';
      const number = invoice.voucherNumber ?? row.invoiceNumber ?? '';
      const body = {
        voucherDate: toLexwareDateTime(today),
        address,
        lineItems: wanted.map(({ item }) => {
          const price = item.unitPrice!;
          return {
            type: 'custom',
            name: item.name ?? '',
            ...(item.description ? { description: item.description } : {}),
            quantity: item.quantity ?? 1,
            unitName: item.unitName || 'Stück',
            unitPrice: {
              currency: 'EUR',
              ...(gross ? { grossAmount: discounted(price.grossAmount ?? 0, item.discountPercentage) } : { netAmount: discounted(price.netAmount ?? 0, item.discountPercentage) }),
              taxRatePercentage: price.taxRatePercentage,
            },
          };
        }),
        totalPrice: { currency: 'EUR' },
        taxConditions: { taxType: invoice.taxConditions.taxType, ...(invoice.taxConditions.taxTypeNote ? { taxTypeNote: invoice.taxConditions.taxTypeNote } : {}) },
        title: TITLES[language][request.kind],
        introduction: correctionIntroduction(language, number, request.kind),
        language,
      };
      const { data } = await http.post('/credit-notes', { query: { precedingSalesVoucherId: row.invoiceId, finalize: 'true' }, body, schema: ActionResultSchema });
      try {
        return await readCreditNote(data.id, row.grossMinor);
      } catch (error) {
        // Created, but not read back: the look after an unknown outcome finds it.
        throw new BillingError('bad-response', error instanceof Error ? error.message : String(error), { outcome: 'unknown' });
      }
    },

    async findCorrection(row) {
      const invoice = await readInvoice(row.invoiceId);
      const linked = invoice.relatedVouchers.find((r) => r.voucherType === 'creditnote');
      return linked ? readCreditNote(linked.id, row.grossMinor) : null;
    },
  };
}
