/**
 * "Cancel invoice" in sevdesk (fact sheet e-invoicing-and-tax §4.5): `POST /Invoice/{id}/cancelInvoice`
 * without a body answers 201 with the cancellation invoice (SR, negated amounts, "automatically
 * paid"), whose `origin` is the invoice. sevdesk has no "cancelled" status (§4.4), so the SR
 * is what the book keeps; a later look finds it by `invoiceType=SR` and `origin`.
 * A partial correction is not made here: sevdesk's credit note factory makes a draft of the
 * whole invoice that the user would finish in sevdesk (the dialog says so).
 */
import * as v from 'valibot';
import type { CorrectionClient, CreatedCorrection } from '../../book/correction';
import { BillingError } from '../errors';
import type { HttpClient } from '../http';
import { amountMinor } from './invoices';
import { sevdeskDay } from './dates';
import { createSevdeskHttp, type SevdeskOptions } from './provider';
import { AmountSchema, IdSchema, ListSchema, ObjectSchema } from './schemas';

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

export function createSevdeskCorrectionClient(options: Pick<SevdeskOptions, 'apiKey' | 'endpoints' | 'fetch' | 'bucket' | 'backoffMs' | 'errorStreak'>, http: HttpClient = createSevdeskHttp(options)): CorrectionClient {
  const cancellationUrl = (id: string) => `${options.endpoints.app}/fi/detail/type/SR/id/${encodeURIComponent(id)}`;

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

  return {
    // sevdesk cancels whole invoices only.
    invoiceLines: () => Promise.resolve(null),

    async createCorrection(row, request) {
      if (request.kind !== 'cancel') throw new BillingError('validation', 'sevdesk invoices are cancelled as a whole here');
      const { data } = await http.post(`/Invoice/${encodeURIComponent(row.invoiceId)}/cancelInvoice`, { schema: v.unknown() });
      const parsed = v.safeParse(ObjectSchema(v.union([CancellationSchema, v.array(CancellationSchema)])), data);
      const sr = parsed.success ? (Array.isArray(parsed.output.objects) ? parsed.output.objects[0] : parsed.output.objects) : undefined;
      // sevdesk answered success: the SR exists, so the outcome is "unknown" (looked up, never sent again).
      if (!sr) throw new BillingError('bad-response', 'sevdesk answered cancelInvoice in an unexpected shape', { outcome: 'unknown' });
      return toCorrection(sr, row.currency);
    },

    async findCorrection(row) {
      const { data } = await http.get('/Invoice', {
        query: { invoiceType: 'SR', 'origin[id]': row.invoiceId, 'origin[objectName]': 'Invoice', limit: 10 },
        schema: ListSchema(v.unknown()),
      });
      for (const raw of data.objects) {
        const parsed = v.safeParse(CancellationSchema, raw);
        if (parsed.success && (!parsed.output.invoiceType || parsed.output.invoiceType === 'SR')) return toCorrection(parsed.output, row.currency);
      }
      return null;
    },
  };
}
