/**
 * What the invoice book asks of Lexware Office after an invoice exists: the voucher list of
 * changed vouchers and the payments of one voucher (payment status, fact sheet
 * e-invoicing-and-tax §3.4), and a dunning draft for an overdue invoice (§3.7). The same
 * HTTP client as the provider: one token bucket per key, the same error classification.
 */
import * as v from 'valibot';
import type { IsoDate } from '../../domain/dates';
import type { LexwarePollClient } from '../../book/poll';
import type { ExternalInvoice, ExternalSource } from '../../book/external';
import { mapLexwareStatus } from '../../book/status';
import { minorFromApiNumber } from '../../domain/money';
import { lexwareDay } from './datetime';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { toLexwareDateTime } from './datetime';
import { createLexwareHttp, type LexwareOptions } from './provider';
import { ActionResultSchema, PageSchema } from './schemas';

/** Lexware's search window: 10,000 entries, 250 per page (API sheet §1.4). */
const PAGE_SIZE = 250;
const MAX_PAGES = 40;

/** The parts of an invoice a dunning must repeat: contact (or one-time address), tax type, language. */
const DunnedInvoiceSchema = v.looseObject({
  id: v.string(),
  voucherNumber: v.optional(v.nullable(v.string())),
  voucherStatus: v.string(),
  language: v.optional(v.nullable(v.string())),
  address: v.looseObject({
    contactId: v.optional(v.nullable(v.string())),
    name: v.optional(v.nullable(v.string())),
    supplement: v.optional(v.nullable(v.string())),
    street: v.optional(v.nullable(v.string())),
    city: v.optional(v.nullable(v.string())),
    zip: v.optional(v.nullable(v.string())),
    countryCode: v.optional(v.nullable(v.string())),
  }),
  taxConditions: v.looseObject({ taxType: v.string() }),
  relatedVouchers: v.optional(v.array(v.looseObject({ id: v.string(), voucherType: v.optional(v.string()) })), []),
});

/** An invoice read for "Find invoices made in Lexware Office": its amounts, customer and texts. */
const ExternalInvoiceSchema = v.looseObject({
  id: v.string(),
  voucherNumber: v.optional(v.nullable(v.string())),
  voucherStatus: v.string(),
  voucherDate: v.string(),
  dueDate: v.optional(v.nullable(v.string())),
  address: v.optional(v.looseObject({ contactId: v.optional(v.nullable(v.string())), name: v.optional(v.nullable(v.string())) }), {}),
  title: v.optional(v.nullable(v.string())),
  introduction: v.optional(v.nullable(v.string())),
  remark: v.optional(v.nullable(v.string())),
  lineItems: v.optional(v.array(v.looseObject({ name: v.optional(v.nullable(v.string())), description: v.optional(v.nullable(v.string())) })), []),
  totalPrice: v.looseObject({ currency: v.optional(v.string(), 'EUR'), totalNetAmount: v.number(), totalTaxAmount: v.number(), totalGrossAmount: v.number() }),
  electronicDocumentProfile: v.optional(v.nullable(v.string())),
});

/** Invoices read in full per search at most (one request each, at 2 per second). */
export const MAX_EXTERNAL_INVOICES = 200;

export interface CreatedReminder {
  id: string;
  url: string;
}

export interface LexwareBookClient extends LexwarePollClient, ExternalSource {
  /** `POST /v1/dunnings?precedingSalesVoucherId=…`: always a draft, sent by the user from Lexware. */
  createReminder(invoiceId: string, today: IsoDate): Promise<CreatedReminder>;
  /**
   * A dunning of the invoice, if Lexware lists it among the invoice's related vouchers. null
   * means "none listed", which is not proof that none exists: dunnings are not in the
   * voucher list, and whether `relatedVouchers` names them is not documented.
   */
  findReminder(invoiceId: string): Promise<CreatedReminder | null>;
}

export function createLexwareBookClient(options: Pick<LexwareOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs'>, http: HttpClient = createLexwareHttp(options)): LexwareBookClient {
  const dunningUrl = (id: string) => `${options.endpoints.app}/permalink/dunnings/edit/${encodeURIComponent(id)}`;
  const readInvoice = async (id: string) => (await http.get(`/invoices/${encodeURIComponent(id)}`, { schema: DunnedInvoiceSchema })).data;

  return {
    async listChangedVouchers(updatedDateFrom) {
      const items: unknown[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const { data } = await http.get('/voucherlist', {
          query: { voucherType: 'invoice,creditnote', voucherStatus: 'any', updatedDateFrom, page, size: PAGE_SIZE, sort: 'updatedDate,ASC' },
          // Items are checked one by one by the poll: one odd item must not hide the others.
          schema: PageSchema(v.unknown()),
        });
        items.push(...data.content);
        if (data.last ?? page + 1 >= data.totalPages) break;
      }
      return items;
    },

    async payments(id) {
      try {
        return (await http.get(`/payments/${encodeURIComponent(id)}`, { schema: v.unknown() })).data;
      } catch (error) {
        // Drafts and credit notes linked to an invoice have no payments (406); a deleted draft is gone (404).
        // That concerns this voucher only; anything else (network, key, limit) ends the poll.
        if (error instanceof BillingError && (error.status === 406 || error.status === 404)) return null;
        throw error;
      }
    },

    async createReminder(invoiceId, today) {
      const invoice = await readInvoice(invoiceId);
      const a = invoice.address;
      const address = a.contactId
        ? { contactId: a.contactId }
        : Object.fromEntries(Object.entries({ name: a.name, supplement: a.supplement, street: a.street, city: a.city, zip: a.zip, countryCode: a.countryCode }).filter(([, value]) => value));
      const german = invoice.language !== 'en';
      const number = invoice.voucherNumber ?? '';
      const body = {
        voucherDate: toLexwareDateTime(today),
        address,
        // A text line only: no dunning fee; the user adds one in Lexware if wanted.
        lineItems: [
          {
            type: 'text',
            name: german ? `Zahlungserinnerung zu Rechnung ${number}`.trim() : `Payment reminder for invoice ${number}`.trim(),
            description: german ? 'Bitte überweisen Sie den offenen Betrag.' : 'Please transfer the open amount.',
          },
        ],
        totalPrice: { currency: 'EUR' },
        taxConditions: { taxType: invoice.taxConditions.taxType },
      };
      const { data } = await http.post('/dunnings', { query: { precedingSalesVoucherId: invoiceId }, body, schema: ActionResultSchema });
      return { id: data.id, url: dunningUrl(data.id) };
    },

    async listInvoices(from, to) {
      const ids: string[] = [];
      let truncated = false;
      for (let page = 0; page < MAX_PAGES; page++) {
        const { data } = await http.get('/voucherlist', {
          query: { voucherType: 'invoice', voucherStatus: 'open,paid,paidoff,voided,transferred,sepadebit', voucherDateFrom: from, voucherDateTo: to, page, size: PAGE_SIZE, sort: 'voucherDate,ASC' },
          schema: PageSchema(v.looseObject({ id: v.string() })),
        });
        ids.push(...data.content.map((i) => i.id));
        if (data.last ?? page + 1 >= data.totalPages) break;
      }
      if (ids.length > MAX_EXTERNAL_INVOICES) truncated = true;
      const invoices: ExternalInvoice[] = [];
      for (const id of ids.slice(0, MAX_EXTERNAL_INVOICES)) {
        const { data } = await http.get(`/invoices/${encodeURIComponent(id)}`, { schema: ExternalInvoiceSchema });
        const external = toExternal(data, options.endpoints.app);
        if (external) invoices.push(external);
      }
      return { invoices, truncated };
    },

    async findReminder(invoiceId) {
      const invoice = await readInvoice(invoiceId);
      const dunning = invoice.relatedVouchers.find((r) => r.voucherType === 'dunning');
      return dunning ? { id: dunning.id, url: dunningUrl(dunning.id) } : null;
    },
  };
}

function toExternal(invoice: v.InferOutput<typeof ExternalInvoiceSchema>, app: string): ExternalInvoice | null {
  const currency = invoice.totalPrice.currency;
  const net = minorFromApiNumber(invoice.totalPrice.totalNetAmount, currency);
  const tax = minorFromApiNumber(invoice.totalPrice.totalTaxAmount, currency);
  const gross = minorFromApiNumber(invoice.totalPrice.totalGrossAmount, currency);
  if (net === null || tax === null || gross === null || net + tax !== gross) return null;
  const status = mapLexwareStatus({ voucherStatus: invoice.voucherStatus, grossMinor: gross, currency });
  const name = invoice.address.name ?? '';
  const texts = [invoice.title, invoice.introduction, invoice.remark, ...invoice.lineItems.flatMap((l) => [l.name, l.description])].filter((t): t is string => typeof t === 'string' && t !== '');
  return {
    record: {
      provider: 'lexware',
      invoiceId: invoice.id,
      invoiceNumber: invoice.voucherNumber || null,
      documentType: 'invoice',
      invoiceDate: lexwareDay(invoice.voucherDate),
      dueDate: invoice.dueDate ? lexwareDay(invoice.dueDate) : null,
      customerKey: invoice.address.contactId ? `lexware|${invoice.address.contactId}` : `lexware|name:${name}`,
      customerName: name,
      customerNumber: null,
      customerVatId: null,
      currency,
      netMinor: net,
      taxMinor: tax,
      grossMinor: gross,
      taxCase: null,
      eInvoiceProfile: invoice.electronicDocumentProfile && invoice.electronicDocumentProfile !== 'NONE' ? invoice.electronicDocumentProfile : null,
      deepLink: `${app}/permalink/invoices/view/${encodeURIComponent(invoice.id)}`,
      // Without the payments read, an open invoice counts as open; the next poll that sees it change corrects it.
      ...(status.ok ? { payment: status.state } : {}),
    },
    texts,
  };
}
