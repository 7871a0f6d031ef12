/**
 * An invoice job: one invoice on its way from the preview into the billing system and back
 * onto the orders. Its state is written to storage before every network step, so a
 * stopped service worker resumes where it was:
 *
 *   planned → contact-resolved → creating → invoice-created → done
 *                                   │              └─ write-back pending (retried) ─┘
 *                                   └─ (unknown outcome) → checking → invoice-created | creating (retry) | needs-attention
 */
import * as v from 'valibot';
import { InvoiceDraftSchema } from '../domain/invoice';
import { ProviderIdSchema } from '../domain/ids';
import { computeTotals } from '../domain/totals';
import { PROVIDER_RULES } from '../domain/provider-rules';

export const JOB_STATES = ['planned', 'contact-resolved', 'creating', 'checking', 'invoice-created', 'done', 'needs-attention', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(['planned', 'contact-resolved', 'creating', 'checking', 'invoice-created']);

export const JobErrorSchema = v.object({
  code: v.string(),
  message: v.string(),
  status: v.optional(v.number()),
  outcome: v.optional(v.picklist(['not-performed', 'unknown'])),
  fields: v.optional(v.array(v.object({ field: v.string(), key: v.string() }))),
});
export type JobError = v.InferOutput<typeof JobErrorSchema>;

export const CreatedInvoiceSchema = v.object({
  id: v.string(),
  number: v.nullable(v.string()),
  url: v.string(),
  status: v.picklist(['draft', 'open']),
  grossMinor: v.optional(v.number()),
  /** The e-invoice the billing system made of it, read back (billing/provider.ts EInvoiceCheck). */
  eInvoice: v.optional(
    v.object({
      profile: v.nullable(v.pipe(v.string(), v.maxLength(40))),
      missingForDomesticB2b: v.boolean(),
      missing: v.optional(
        v.pipe(
          v.array(v.object({ code: v.pipe(v.string(), v.maxLength(60)), params: v.optional(v.record(v.string(), v.union([v.pipe(v.string(), v.maxLength(200)), v.number()]))) })),
          v.maxLength(40),
        ),
      ),
    }),
  ),
});

export const WriteBackStateSchema = v.object({
  orderId: v.string(),
  orderNumber: v.string(),
  state: v.picklist(['pending', 'done', 'failed']),
  attempts: v.number(),
  nextAttemptAt: v.optional(v.string()),
  error: v.optional(v.object({ reason: v.string(), detail: v.optional(v.string()) })),
});
export type WriteBackState = v.InferOutput<typeof WriteBackStateSchema>;

export const JobSchema = v.object({
  id: v.string(),
  fingerprint: v.string(),
  /** The Save click that asked for the job: the same request sent again gets the same job. */
  requestId: v.optional(v.string()),
  createdAt: v.string(),
  updatedAt: v.string(),
  state: v.picklist(JOB_STATES),
  /** The tab that started the job, to tell it about progress. */
  tabId: v.optional(v.number()),
  draft: InvoiceDraftSchema,
  /** When a freshly created contact may be used (Lexware needs a moment). */
  contactReadyAt: v.optional(v.string()),
  /** The creation attempt in flight: its start bounds the search for its result. */
  attempt: v.optional(v.object({ number: v.number(), startedAt: v.string() })),
  /** Reconciliation after an unknown outcome. */
  checks: v.optional(v.number()),
  invoice: v.optional(CreatedInvoiceSchema),
  /** Several invoices matched an uncertain attempt: the user decides. */
  candidates: v.optional(v.array(CreatedInvoiceSchema)),
  /** Twins of the created invoice from the same attempt (a network layer re-sent it). */
  duplicates: v.optional(v.array(CreatedInvoiceSchema)),
  writeBack: v.array(WriteBackStateSchema),
  error: v.optional(JobErrorSchema),
  history: v.array(v.object({ at: v.string(), state: v.picklist(JOB_STATES), note: v.optional(v.string()) })),
});
export type Job = v.InferOutput<typeof JobSchema>;
/** A job without its draft: what an update checks (the draft was checked when the job was stored). */
export const JobStateSchema = v.omit(JobSchema, ['draft']);

/** What the panel and popup see of a job: no draft texts, no customer data beyond the name. */
export const JobViewSchema = v.object({
  id: v.string(),
  state: v.picklist(JOB_STATES),
  provider: ProviderIdSchema,
  customerName: v.string(),
  orderNumbers: v.array(v.string()),
  grossMinor: v.optional(v.number()),
  currency: v.string(),
  invoice: v.optional(CreatedInvoiceSchema),
  candidates: v.optional(v.array(CreatedInvoiceSchema)),
  duplicates: v.optional(v.array(CreatedInvoiceSchema)),
  writeBack: v.array(WriteBackStateSchema),
  error: v.optional(JobErrorSchema),
  updatedAt: v.string(),
});
export type JobView = v.InferOutput<typeof JobViewSchema>;

/** The invoice's gross total, rounded as its billing system rounds. */
export function grossOf(job: Job): number {
  return computeTotals(job.draft.positions, job.draft.currency, PROVIDER_RULES[job.draft.provider].rounding).gross.minor;
}

/** The one view of a job that leaves the background, with its gross total. */
export function jobView(job: Job): JobView {
  const grossMinor = grossOf(job);
  return {
    id: job.id,
    state: job.state,
    provider: job.draft.provider,
    customerName: job.draft.customer.name,
    orderNumbers: job.draft.positions.map((p) => p.orderNumber),
    grossMinor,
    currency: job.draft.currency,
    ...(job.invoice ? { invoice: job.invoice } : {}),
    ...(job.candidates ? { candidates: job.candidates } : {}),
    ...(job.duplicates?.length ? { duplicates: job.duplicates } : {}),
    writeBack: job.writeBack,
    ...(job.error ? { error: job.error } : {}),
    updatedAt: job.updatedAt,
  };
}
