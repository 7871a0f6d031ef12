/**
 * What the invoice book asks of Lexware Office after an invoice exists: the voucher list of
 * changed vouchers and the payments of one voucher (payment status, fact sheet
 * e-invoicing-and-tax §3.4), and a dunning draft for an overdue invoice (§3.7). The same
 * HTTP client as the provider: one token bucket per key, the same error classification.
 */
import * as v from 'valibot';
import type { IsoDate } from '../../domain/dates';
import type { LexwarePollClient } from '../../book/poll';
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

export interface CreatedReminder {
  id: string;
  url: string;
}

export interface LexwareBookClient extends LexwarePollClient {
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

    async findReminder(invoiceId) {
      const invoice = await readInvoice(invoiceId);
      const dunning = invoice.relatedVouchers.find((r) => r.voucherType === 'dunning');
      return dunning ? { id: dunning.id, url: dunningUrl(dunning.id) } : null;
    },
  };
}
