/**
 * What the invoice book asks of sevdesk after an invoice exists: invoices changed since a
 * moment, with status (incl. 750 partly paid), `paidAmount` and `payDate` (fact sheet
 * e-invoicing-and-tax §4.4), and a reminder (type MA) for an overdue invoice (§4.6). The
 * same HTTP client as the provider: one bucket, the error-streak guard, the same errors.
 */
import * as v from 'valibot';
import type { SevdeskPollClient } from '../../book/poll';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { scan } from './paging';
import { createSevdeskHttp, type SevdeskOptions } from './provider';
import { FlagSchema, IdSchema, CodeSchema, ObjectSchema, ListSchema } from './schemas';

export interface CreatedReminder {
  id: string;
  url: string;
}

export interface SevdeskBookClient extends SevdeskPollClient {
  /** `POST /Invoice/Factory/createInvoiceReminder`: a draft reminder (MA) over the open amount. */
  createReminder(invoiceId: string): Promise<CreatedReminder>;
  /** The reminder made from this invoice (its `origin`), if there is one. */
  findReminder(invoiceId: string): Promise<CreatedReminder | null>;
}

/** A list item as the poll reads it; ids and codes normalised to strings. */
const ChangedInvoiceSchema = v.looseObject({
  id: IdSchema,
  status: CodeSchema,
  paidAmount: v.optional(v.nullable(v.union([v.string(), v.number()]))),
  payDate: v.optional(v.nullable(v.string())),
  update: v.optional(v.nullable(v.string())),
});

const ReminderSchema = v.looseObject({ id: IdSchema, invoiceType: v.optional(v.nullable(v.string())) });

export function createSevdeskBookClient(options: Pick<SevdeskOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs' | 'errorStreak'>, http: HttpClient = createSevdeskHttp(options)): SevdeskBookClient {
  const reminderUrl = (id: string) => `${options.endpoints.app}/fi/detail/type/MA/id/${encodeURIComponent(id)}`;

  return {
    async listChangedInvoices(updateAfter) {
      // Items are checked one by one: an odd one is handed on as it came, and the poll reports it.
      const raw = await scan(http, '/Invoice', { updateAfter }, v.unknown());
      return raw.map((item) => {
        const parsed = v.safeParse(ChangedInvoiceSchema, item);
        if (!parsed.success) return item;
        const { id, status, paidAmount, payDate, update } = parsed.output;
        return { id, status, paidAmount: paidAmount ?? null, payDate: payDate ?? null, ...(update ? { update } : {}) };
      });
    },

    async isPartiallyPaid(id) {
      const { data } = await http.get(`/Invoice/${encodeURIComponent(id)}/getIsPartiallyPaid`, { schema: ObjectSchema(FlagSchema) });
      return data.objects;
    },

    async createReminder(invoiceId) {
      const { data } = await http.post('/Invoice/Factory/createInvoiceReminder', {
        query: { 'invoice[id]': invoiceId, 'invoice[objectName]': 'Invoice' },
        body: { invoice: { id: Number(invoiceId), objectName: 'Invoice' } },
        schema: v.unknown(),
      });
      const parsed = v.safeParse(ObjectSchema(ReminderSchema), data);
      // sevdesk answered success: the reminder exists, so the outcome is "unknown" (looked up, never sent again).
      if (!parsed.success) throw new BillingError('bad-response', 'sevdesk answered createInvoiceReminder in an unexpected shape', { outcome: 'unknown' });
      return { id: parsed.output.objects.id, url: reminderUrl(parsed.output.objects.id) };
    },

    async findReminder(invoiceId) {
      const { data } = await http.get('/Invoice', {
        query: { invoiceType: 'MA', 'origin[id]': invoiceId, 'origin[objectName]': 'Invoice', limit: 10 },
        schema: ListSchema(ReminderSchema),
      });
      const found = data.objects.find((i) => !i.invoiceType || i.invoiceType === 'MA');
      return found ? { id: found.id, url: reminderUrl(found.id) } : null;
    },
  };
}
