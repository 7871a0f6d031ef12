/**
 * What the invoice book asks of sevdesk after an invoice exists: invoices changed since a
 * moment, with status (incl. 750 partly paid), `paidAmount` and `payDate` (fact sheet
 * e-invoicing-and-tax §4.4), and a reminder (type MA) for an overdue invoice (§4.6). The
 * same HTTP client as the provider: one bucket, the error-streak guard, the same errors.
 */
import * as v from 'valibot';
import type { SevdeskPollClient } from '../../book/poll';
import type { ExternalInvoice, ExternalSource } from '../../book/external';
import { mapSevdeskStatus } from '../../book/status';
import type { IsoDate } from '../../domain/dates';
import { amountMinor } from './invoices';
import { berlinMidnightSeconds, sevdeskDay } from './dates';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { scan } from './paging';
import { createSevdeskHttp, type SevdeskOptions } from './provider';
import { AmountSchema, FlagSchema, IdSchema, CodeSchema, ObjectSchema, ListSchema } from './schemas';

export interface CreatedReminder {
  id: string;
  url: string;
}

export interface SevdeskBookClient extends SevdeskPollClient, ExternalSource {
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

const text = () => v.optional(v.nullable(v.string()));

/** An invoice read for "Find invoices made in sevdesk" (with its contact embedded). */
const ExternalInvoiceSchema = v.looseObject({
  id: IdSchema,
  invoiceNumber: text(),
  invoiceType: text(),
  status: CodeSchema,
  invoiceDate: v.string(),
  timeToPay: v.optional(v.nullable(CodeSchema)),
  header: text(),
  headText: text(),
  footText: text(),
  customerInternalNote: text(),
  currency: v.optional(v.nullable(v.string())),
  sumNet: AmountSchema,
  sumTax: AmountSchema,
  sumGross: AmountSchema,
  paidAmount: v.optional(v.nullable(v.union([v.string(), v.number()]))),
  payDate: text(),
  contact: v.optional(v.nullable(v.looseObject({ id: IdSchema, name: text(), customerNumber: v.optional(v.nullable(CodeSchema)), vatNumber: text() }))),
});
const PositionSchema = v.looseObject({ name: text(), text: text() });

/** Invoices read in full per search at most (their positions need one request each). */
export const MAX_EXTERNAL_INVOICES = 200;

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

    async creditNote(id) {
      // GET /CreditNote has no updateAfter (official OpenAPI `getCreditNotes`): each unsettled one is read by id.
      const { data } = await http.get(`/CreditNote/${encodeURIComponent(id)}`, { schema: ListSchema(v.unknown()) });
      const item = data.objects[0];
      if (item === undefined) return null;
      const parsed = v.safeParse(ChangedInvoiceSchema, item);
      if (!parsed.success) return item;
      const { status, paidAmount, payDate, update } = parsed.output;
      return { id, status, paidAmount: paidAmount ?? null, payDate: payDate ?? null, ...(update ? { update } : {}) };
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

    async listInvoices(from, to) {
      const listed = await scan(http, '/Invoice', { invoiceType: 'RE', startDate: berlinMidnightSeconds(from), endDate: berlinMidnightSeconds(to), embed: 'contact' }, v.unknown());
      const invoices: ExternalInvoice[] = [];
      let read = 0;
      let truncated = false;
      for (const raw of listed) {
        const parsed = v.safeParse(ExternalInvoiceSchema, raw);
        // Drafts are not invoices yet; an unreadable entry is left out rather than guessed.
        if (!parsed.success || parsed.output.status === '100' || (parsed.output.invoiceType && parsed.output.invoiceType !== 'RE')) continue;
        if (read === MAX_EXTERNAL_INVOICES) {
          truncated = true;
          break;
        }
        read++;
        const { data } = await http.get(`/Invoice/${encodeURIComponent(parsed.output.id)}/getPositions`, { schema: ListSchema(PositionSchema) });
        const external = toExternal(parsed.output, data.objects, options.endpoints.app);
        if (external) invoices.push(external);
      }
      return { invoices, truncated };
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

function toExternal(invoice: v.InferOutput<typeof ExternalInvoiceSchema>, positions: readonly v.InferOutput<typeof PositionSchema>[], app: string): ExternalInvoice | null {
  const currency = invoice.currency ?? 'EUR';
  const net = amountMinor(invoice.sumNet, currency);
  const tax = amountMinor(invoice.sumTax, currency);
  const gross = amountMinor(invoice.sumGross, currency);
  const day = sevdeskDay(invoice.invoiceDate);
  if (net === null || tax === null || gross === null || net + tax !== gross || day === null) return null;
  const days = Number(invoice.timeToPay ?? NaN);
  const status = mapSevdeskStatus({ status: invoice.status, grossMinor: gross, currency, paidAmount: invoice.paidAmount ?? null, payDate: invoice.payDate ?? null, hasCancellationInvoice: false });
  const contact = invoice.contact;
  const texts = [invoice.header, invoice.headText, invoice.footText, invoice.customerInternalNote, ...positions.flatMap((p) => [p.name, p.text])].filter(
    (t): t is string => typeof t === 'string' && t !== '',
  );
  return {
    record: {
      provider: 'sevdesk',
      invoiceId: invoice.id,
      invoiceNumber: invoice.invoiceNumber || null,
      documentType: 'invoice',
      invoiceDate: day,
      dueDate: Number.isInteger(days) && days >= 0 ? addDays(day, days) : null,
      customerKey: contact ? `sevdesk|${contact.id}` : 'sevdesk|unknown',
      customerName: contact?.name ?? '',
      customerNumber: contact?.customerNumber ?? null,
      customerVatId: contact?.vatNumber ?? null,
      currency,
      netMinor: net,
      taxMinor: tax,
      grossMinor: gross,
      taxCase: null,
      eInvoiceProfile: null,
      deepLink: `${app}/fi/detail/type/RE/id/${encodeURIComponent(invoice.id)}`,
      ...(status.ok ? { payment: status.state } : {}),
    },
    texts,
  };
}

/** A calendar day plus whole days (UTC arithmetic on dates: no clock, no daylight saving). */
function addDays(day: IsoDate, days: number): IsoDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
